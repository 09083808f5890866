/**
 * Memory an instance needs per tenant for its in-memory read models: seeds tenants of 10,000 and 100,000 people
 * (people, one objective each plus team objectives, three key results each), then loads, one part at a time, the
 * OKR read model, the org directory's manager index and every person into the directory's people cache, and reports
 * the heap each needs after a full GC (and the resident size growth of the whole load).
 * Run: node --expose-gc --import tsx test/load/read-model-memory.ts [sizes=10000,100000] [--json]
 */
import { deterministicGuid, generateOrg } from '../../server/dev/org/generate.js';
import { OkrReadModel } from '../../server/src/okrs/okrs.readmodel.js';
import { localDate, periodIdOf } from '../../server/src/okrs/periods.js';
import { OrgDirectory } from '../../server/src/org/org.directory.js';
import { insertOkrs, insertPeople, onboardTenant } from '../support/factories.js';
import { startStack } from '../support/stack.js';

const args = process.argv.slice(2);
const JSON_OUTPUT = args.includes('--json');
const SIZES = (args.find((arg) => !arg.startsWith('--')) ?? '10000,100000').split(',').map(Number);
/**
 * People read into the directory's cache per call: few enough to be read by `_id` (server/src/org/people.reader.ts). Larger
 * chunks are one `$in` query, which the embedded database answers with a scan per chunk (100,000 people took longer than
 * 15 minutes in chunks of 1,000); the memory they take is the same.
 */
const PEOPLE_CHUNK = 50;

/** Heap (MB, after GC) each in-memory part needs for one tenant. */
export interface ReadModelMemory {
  size: number;
  objectives: number;
  keyResults: number;
  seedSeconds: number;
  okrsMb: number;
  orgIndexMb: number;
  peopleCacheMb: number;
  totalMb: number;
  rssGrowthMb: number;
  loadSeconds: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('Run with node --expose-gc --import tsx test/load/read-model-memory.ts');
  process.exit(2);
}

function heapAfterGc(): number {
  for (let round = 0; round < 3; round += 1) gc!();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
const log = (line: string): void => {
  if (!JSON_OUTPUT) console.log(line);
};

const stack = await startStack({ env: { LOG_LEVEL: 'silent' } });
const figures: ReadModelMemory[] = [];
// Held until the end so that nothing measured is collected before the next part is measured.
const kept: unknown[] = [];
try {
  for (const size of SIZES) {
    const tenantId = deterministicGuid('read-model-memory', String(size));
    const people = generateOrg({ size, tenantId });
    const seedStarted = performance.now();
    await onboardTenant(tenantId, `Memory ${size}`);
    await insertPeople(tenantId, people);
    const counts = await insertOkrs(tenantId, people, { periodId: periodIdOf(localDate(new Date(), 'UTC'), 1), keyResultsPerObjective: 3 });
    const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
    log(`${size} people seeded in ${seedSeconds} s (${counts.objectives} objectives, ${counts.keyResults} key results)`);

    const loadStarted = performance.now();
    const rssBefore = process.memoryUsage().rss;
    const base = heapAfterGc();
    const okrs = new OkrReadModel();
    kept.push(okrs, await okrs.tenant(tenantId));
    const afterOkrs = heapAfterGc();
    const directory = new OrgDirectory();
    kept.push(directory, await directory.subtree(tenantId, people.find((person) => person.managerId === null)!.id));
    const afterIndex = heapAfterGc();
    const ids = people.map((person) => person.id);
    for (let start = 0; start < ids.length; start += PEOPLE_CHUNK)
      await directory.cachedPeople(tenantId, ids.slice(start, start + PEOPLE_CHUNK));
    const afterPeople = heapAfterGc();
    const figure: ReadModelMemory = {
      size,
      objectives: counts.objectives,
      keyResults: counts.keyResults,
      seedSeconds,
      okrsMb: mb(afterOkrs - base),
      orgIndexMb: mb(afterIndex - afterOkrs),
      peopleCacheMb: mb(afterPeople - afterIndex),
      totalMb: mb(afterPeople - base),
      rssGrowthMb: mb(process.memoryUsage().rss - rssBefore),
      loadSeconds: Math.round((performance.now() - loadStarted) / 100) / 10,
    };
    figures.push(figure);
    log(
      `${size} people: OKR read model ${figure.okrsMb} MB, org index ${figure.orgIndexMb} MB, every person cached ${figure.peopleCacheMb} MB; ` +
        `heap ${figure.totalMb} MB in all, resident +${figure.rssGrowthMb} MB (loaded in ${figure.loadSeconds} s)`,
    );
  }
} finally {
  await stack.stop();
}
if (JSON_OUTPUT) process.stdout.write(`READ_MODEL_MEMORY ${JSON.stringify(figures)}\n`);
else {
  console.log('\n| people | objectives | key results | OKR read model | org index | people cache (all) | heap in all | resident growth |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const f of figures)
    console.log(
      `| ${f.size} | ${f.objectives} | ${f.keyResults} | ${f.okrsMb} MB | ${f.orgIndexMb} MB | ${f.peopleCacheMb} MB | ${f.totalMb} MB | +${f.rssGrowthMb} MB |`,
    );
}
process.exit(0);
