/**
 * Org sync figures: full sync of 10,000 and 100,000 people from the Graph stand-in (Graph requests,
 * wall time, peak memory), then an incremental sync after 1% of the people changed.
 * Run: npx tsx test/load/org-sync.ts [sizes=10000,100000] [--json]
 */
import { deterministicGuid, generateOrg } from '../../server/dev/org/generate.js';
import type { OrgChange } from '../../server/dev/graph/server.js';
import { startStack, type TestStack } from '../support/stack.js';

const args = process.argv.slice(2);
const JSON_OUTPUT = args.includes('--json');
const SIZES = (args.find((arg) => !arg.startsWith('--')) ?? '10000,100000').split(',').map(Number);

/** Figures of one org size: the full sync, an incremental one after 1% changed, and one with no changes. */
export interface OrgSyncFigures {
  size: number;
  full: { graphRequests: number; floor: number; seconds: number; peakMemoryMb: number; written: number };
  incremental: { changes: number; graphRequests: number; seconds: number; updated: number; peakMemoryMb: number };
  unchanged: { graphRequests: number; ms: number };
}
const log = (line: string): void => {
  if (!JSON_OUTPUT) console.log(line);
};

/** Samples the process's resident memory while `work` runs; returns the peak growth over the start. */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; peakGrowthMb: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakGrowthMb: Math.round((peak - start) / 1024 / 1024) };
  } finally {
    clearInterval(timer);
  }
}

function graphRequests(stack: TestStack, tenantId: string): number {
  return stack.graph.requestLog.filter((entry) => entry.tenantId?.toLowerCase() === tenantId && entry.path === '/v1.0/users/delta').length;
}

async function run(stack: TestStack, size: number): Promise<OrgSyncFigures> {
  const tenantId = deterministicGuid('org-sync-bench', String(size));
  const users = generateOrg({ size, tenantId });
  stack.graph.setOrg(tenantId, users);
  await stack.server.context.tenants.ensure(tenantId, `Bench ${size}`);
  const sync = stack.server.context.orgSync;

  const full = await withPeakMemory(() => sync.sync(tenantId));
  const fullRequests = graphRequests(stack, tenantId);
  log(
    `${size} people, full sync: ${full.result.status}, ${fullRequests} Graph requests (floor ${Math.ceil(size / 200)}), ` +
      `${(full.result.durationMs / 1000).toFixed(1)} s, peak memory +${full.peakGrowthMb} MB, ${full.result.upserted} people written`,
  );

  const changed = Math.round(size / 100);
  const changes: OrgChange[] = [];
  for (let index = 0; index < changed; index += 1) {
    const user = users[1 + ((index * 7919) % (size - 1))]!;
    changes.push(
      index % 3 === 0
        ? { op: 'setManager', id: user.id, managerId: users[0]!.id }
        : { op: 'update', id: user.id, fields: { jobTitle: `Changed title ${index}` } },
    );
  }
  stack.graph.applyChanges(tenantId, changes);
  const before = graphRequests(stack, tenantId);
  const incremental = await withPeakMemory(() => sync.sync(tenantId));
  const incrementalRequests = graphRequests(stack, tenantId) - before;
  log(
    `${size} people, incremental after ${changed} changes (1%): ${incremental.result.status}, ${incrementalRequests} Graph requests, ` +
      `${(incremental.result.durationMs / 1000).toFixed(1)} s, ${incremental.result.changed} people updated, peak memory +${incremental.peakGrowthMb} MB`,
  );

  const again = await sync.sync(tenantId);
  log(`${size} people, incremental with no changes: ${again.requests} Graph request, ${again.durationMs} ms`);
  return {
    size,
    full: {
      graphRequests: fullRequests,
      floor: Math.ceil(size / 200),
      seconds: Math.round(full.result.durationMs / 100) / 10,
      peakMemoryMb: full.peakGrowthMb,
      written: full.result.upserted,
    },
    incremental: {
      changes: changed,
      graphRequests: incrementalRequests,
      seconds: Math.round(incremental.result.durationMs / 100) / 10,
      updated: incremental.result.changed,
      peakMemoryMb: incremental.peakGrowthMb,
    },
    unchanged: { graphRequests: again.requests, ms: again.durationMs },
  };
}

const stack = await startStack();
try {
  const figures: OrgSyncFigures[] = [];
  for (const size of SIZES) figures.push(await run(stack, size));
  if (JSON_OUTPUT) console.log(`ORG_SYNC ${JSON.stringify(figures)}`);
} finally {
  await stack.stop();
}
