/**
 * The measured side of `npm run bench`, run as its own process so the load generator does not share
 * its event loop: starts the demo stack, seeds benchmark tenants, counts the database commands of
 * each measured request, then prints one `BENCH_READY <json>` line and serves until SIGTERM.
 */
import { CommandCounter } from '../support/command-counter.js';
import { tokenOf } from '../support/factories.js';
import { startStack, type TestStack } from '../support/stack.js';
import { startInstance, type ServerInstance } from '../reliability/support/instances.js';
import { seedBenchTenant, type BenchTenant } from './seed.js';
import type { BenchEndpoint, BenchReady, EndpointRequest } from './types.js';

const SIZES = (process.env.BENCH_SIZES ?? '100,10000').split(',').map(Number);
/** Server processes on the one database (BENCH_INSTANCES, default 1): the second and later are extra processes. */
const INSTANCES = Math.max(1, Number(process.env.BENCH_INSTANCES ?? 1));
/** Writers the check-in load rotates over, so concurrent writes do not all hit one key result. */
const WRITERS = 200;

async function endpointsOf(stack: TestStack, tenant: BenchTenant): Promise<BenchEndpoint[]> {
  const managerToken = await tokenOf(stack, tenant.tenantId, tenant.manager, []);
  const report = tenant.reports[0]!;
  const reportToken = await tokenOf(stack, tenant.tenantId, report, []);
  const writers = tenant.people.filter((person) => person.managerId !== null && tenant.keyResultsOf.has(person.id)).slice(0, WRITERS);
  const writeRequests: EndpointRequest[] = [];
  for (const [index, writer] of writers.entries()) {
    writeRequests.push({
      method: 'PUT',
      path: `/api/key-results/${tenant.keyResultsOf.get(writer.id)![0]}/check-ins/${tenant.thisWeek}`,
      token: await tokenOf(stack, tenant.tenantId, writer, []),
      body: JSON.stringify({ value: 40 + (index % 10), confidence: 7, note: 'Bench check-in' }),
    });
  }
  const get = (path: string, token: string): EndpointRequest[] => [{ method: 'GET', path, token }];
  return [
    { name: 'health', requests: [{ method: 'GET', path: '/api/health' }] },
    {
      name: 'team view',
      requests: get(`/api/objectives?teamOf=${tenant.manager.id}&scope=direct&periodId=${tenant.periodId}`, managerToken),
    },
    { name: '1:1 agenda', requests: get(`/api/one-on-ones/${tenant.manager.id}/${report.id}`, managerToken) },
    { name: 'weekly-mail draft', requests: get(`/api/weekly/${tenant.thisWeek}`, reportToken) },
    { name: 'check-in write', requests: writeRequests },
    { name: 'alignment graph (a page of 200)', requests: get(`/api/alignment?periodId=${tenant.periodId}&limit=200`, managerToken) },
    { name: 'team check-in', requests: get(`/api/teams/${tenant.manager.id}/check-ins/${tenant.lastSeededWeek}`, managerToken) },
    ...(tenant.bigTeamManager
      ? [
          {
            name: 'team check-in (1,500 reports)',
            requests: get(
              `/api/teams/${tenant.bigTeamManager.id}/check-ins/${tenant.lastSeededWeek}`,
              await tokenOf(stack, tenant.tenantId, tenant.bigTeamManager, []),
            ),
          },
        ]
      : []),
  ];
}

async function send(baseUrl: string, request: EndpointRequest): Promise<number> {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: {
      ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
      ...(request.body ? { 'content-type': 'application/json' } : {}),
    },
    body: request.body,
  });
  await response.arrayBuffer();
  return response.status;
}

const stack = await startStack({ env: { LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000000' } });
const others: ServerInstance[] = [];
for (let count = 1; count < INSTANCES; count += 1) others.push(await startInstance(stack.server.config, stack.server.database.uri));
const stop = async () => {
  await Promise.all(others.map((other) => other.stop()));
  await stack.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());

const counter = new CommandCounter();
const ready: BenchReady = { baseUrl: stack.baseUrl, baseUrls: [stack.baseUrl, ...others.map((other) => other.url)], tenants: [] };
for (const size of SIZES) {
  const tenant = await seedBenchTenant(size);
  const endpoints = await endpointsOf(stack, tenant);
  const commands: Record<string, { total: number; byTarget: Record<string, number>; status: number }> = {};
  for (const endpoint of endpoints) {
    const request = endpoint.requests[0]!;
    await send(stack.baseUrl, request);
    let status = 0;
    const tallies = [];
    for (let round = 0; round < 5; round += 1) {
      tallies.push(
        await counter.measure(async () => {
          status = await send(stack.baseUrl, request);
        }),
      );
    }
    // The median of five: a periodic cache check now and then is not what a request costs.
    const tally = tallies.sort((a, b) => a.total - b.total)[2]!;
    commands[endpoint.name] = { ...tally, status };
  }
  ready.tenants.push({
    size,
    counts: tenant.counts,
    seedMs: tenant.seedMs,
    managerReports: tenant.reports.length,
    endpoints,
    commands,
  });
}
process.stdout.write(`BENCH_READY ${JSON.stringify(ready)}\n`);
