/**
 * Latency and database commands of the OKR team view and alignment graph at 100 and 10,000 people.
 * Run: npx tsx test/load/okrs-latency.ts [requests=200] [view name filter, e.g. "direct|period"]
 */
import { generateOrg } from '../../server/dev/org/generate.js';
import type { GraphUser } from '../../server/dev/org/types.js';
import { CommandCounter } from '../support/command-counter.js';
import { insertOkrs, insertPeople, onboardTenant, tokenOf } from '../support/factories.js';
import { startStack, type TestStack } from '../support/stack.js';

const PERIOD = '2031-Q1';
const REQUESTS = Number(process.argv[2] ?? 200);
const VIEW_FILTER = new RegExp(process.argv[3] ?? '.');

function managerWithAboutEightReports(people: GraphUser[]): GraphUser {
  const reports = new Map<string, number>();
  for (const person of people) if (person.managerId) reports.set(person.managerId, (reports.get(person.managerId) ?? 0) + 1);
  const [id] = [...reports.entries()].sort((a, b) => Math.abs(a[1] - 8) - Math.abs(b[1] - 8))[0]!;
  return people.find((person) => person.id === id)!;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function run(stack: TestStack, size: number): Promise<void> {
  const tenantId = `5b000000-0000-4000-8000-${String(size).padStart(12, '0')}`;
  const people = generateOrg({ size, tenantId });
  const started = Date.now();
  await onboardTenant(tenantId);
  await insertPeople(tenantId, people);
  const okrs = await insertOkrs(tenantId, people, { periodId: PERIOD });
  const manager = managerWithAboutEightReports(people);
  const directs = people.filter((person) => person.managerId === manager.id).length;
  const token = await tokenOf(stack, tenantId, manager, []);
  console.log(
    `\n${size} people, ${okrs.objectives} objectives, ${okrs.keyResults} key results (prepared in ${Date.now() - started} ms); manager with ${directs} direct reports`,
  );

  const views: Array<[string, string]> = [
    ['team view (direct)', `/objectives?teamOf=${manager.id}&scope=direct&periodId=${PERIOD}`],
    ['team view (subtree)', `/objectives?teamOf=${manager.id}&scope=subtree&periodId=${PERIOD}`],
    ['alignment graph (period)', `/alignment?periodId=${PERIOD}`],
    ['alignment graph (team)', `/alignment?periodId=${PERIOD}&teamOf=${manager.id}`],
  ];
  const counter = new CommandCounter();
  for (const [name, path] of views.filter(([name]) => VIEW_FILTER.test(name))) {
    const get = async () => {
      const response = await fetch(`${stack.baseUrl}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) throw new Error(`${name}: HTTP ${response.status}`);
      return response.arrayBuffer();
    };
    const bytes = (await get()).byteLength;
    const tally = await counter.measure(get);
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      const t0 = performance.now();
      await get();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(26)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms  ` +
        `commands ${tally.total} ${JSON.stringify(tally.byTarget)}  response ${Math.round(bytes / 1024)} KiB`,
    );
  }
}

const stack = await startStack();
try {
  await run(stack, 100);
  await run(stack, 10_000);
} finally {
  await stack.stop();
}
