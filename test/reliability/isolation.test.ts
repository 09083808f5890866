import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, type TestStack } from '../support/stack.js';
import { namesAResource, victimPath, victimSampling } from './support/fill.js';
import { operationsOf, sampleBody, sampleQuery, type Operation } from './support/openapi.js';
import { brokenTokens, buildWorld, call, type Reply, type World } from './support/world.js';

const REPORT_DIR = fileURLToPath(new URL('../../.cache/reliability', import.meta.url));
let stack: TestStack;
let world: World;

beforeAll(async () => {
  stack = await startStack();
  world = await buildWorld(stack);
});
afterAll(async () => {
  await stack?.stop();
});

interface Cell {
  operation: Operation;
  attack: string;
  status: number;
  problem: string | null;
}

const REFUSED = new Set([401, 403, 404]);

/** The victims' private state as their owners see it, to prove no attacker changed it. */
async function victimState(): Promise<Record<string, unknown>> {
  const pair = `/api/one-on-ones/${world.manager.id}/${world.report.id}`;
  const get = async (url: string, token: string) => {
    const reply = await call<Record<string, unknown>>(stack, 'GET', url, token);
    return { status: reply.status, body: reply.body };
  };
  const agenda = await get(pair, world.tokens.manager);
  const agendaBody = agenda.body as {
    notes?: unknown;
    talkingPoints?: unknown;
    actionItems?: unknown;
    cadence?: unknown;
    occurrence?: unknown;
  };
  return {
    objective: await get(`/api/objectives/${world.ids.objective}`, world.tokens.report),
    checkIns: await get(`/api/key-results/${world.ids.keyResult}/check-ins`, world.tokens.report),
    weekly: await get(`/api/weekly/${world.isoWeek}`, world.tokens.report),
    agenda: {
      status: agenda.status,
      notes: agendaBody.notes,
      talkingPoints: agendaBody.talkingPoints,
      actionItems: agendaBody.actionItems,
      cadence: agendaBody.cadence,
      occurrence: agendaBody.occurrence,
    },
    privateNotes: await get(`${pair}/private-notes`, world.tokens.manager),
    settings: await get('/api/settings', world.tokens.admin),
    wins: await get(`/api/teams/${world.manager.id}/wins`, world.tokens.manager),
    metrics: await get(`/api/teams/${world.manager.id}/metrics`, world.tokens.manager),
    metricHistory: await get(`/api/teams/${world.manager.id}/metrics/${world.ids.metric}/history`, world.tokens.manager),
    coursework: world.ids.enrolee ? await get(`/api/onboarding/enrolments/${world.ids.enrolee}`, world.tokens.hr) : null,
  };
}

function judge(reply: Reply, operation: Operation, attack: string): string | null {
  const leaks = world.canaries.filter((canary) => reply.text.includes(canary));
  if (reply.status >= 500) return `server error ${reply.status}`;
  if (leaks.length > 0) return `leaks private data (${leaks.join(', ')})`;
  const tokenCase = attack !== 'other tenant' && attack !== 'no rights';
  if (tokenCase || namesAResource(operation)) return REFUSED.has(reply.status) ? null : `answered ${reply.status}, expected 401/403/404`;
  if (attack === 'other tenant' && reply.status < 300) {
    const markers = ['@northstar.demo', stack.tenantId, ...stack.people.map((person) => person.id)];
    const sent = new Set([world.report.id, world.manager.id, world.ids.enrolee]);
    const leaked = markers.filter((marker) => !sent.has(marker) && reply.text.includes(marker));
    if (leaked.length > 0) return `shows the other tenant's data (${leaked.slice(0, 3).join(', ')})`;
  }
  if (attack === 'no rights' && reply.status < 300 && operation.method !== 'GET') {
    const victims = [world.report.id, world.manager.id, world.ids.enrolee].filter((id): id is string => Boolean(id));
    if (victims.some((id) => reply.text.includes(id))) return `a write aimed at another person succeeded (${reply.status})`;
  }
  return null;
}

it('refuses every operation to broken tokens, other tenants and users without rights, and never shows data', async () => {
  const started = Date.now();
  const operations = operationsOf(world.document).filter((operation) => operation.authenticated);
  const unauthenticated = operationsOf(world.document).length - operations.length;
  expect(operations.length).toBeGreaterThan(20);
  const attacks: Record<string, string | null> = {
    ...(await brokenTokens(stack, world.admin)),
    'other tenant': world.tokens.otherAdmin,
    'no rights': world.tokens.employee,
  };
  const before = await victimState();
  // The owners see every canary, so a leak check on them is not vacuous.
  const visible = JSON.stringify(before);
  expect(world.canaries.filter((canary) => !visible.includes(canary) && !canary.startsWith('canary-comment'))).toEqual([]);

  const cells: Cell[] = [];
  const failures: string[] = [];
  const openToEmployees: string[] = [];
  for (const operation of operations) {
    const url = victimPath(operation, world) + sampleQuery(operation, world.document, victimSampling(world));
    const bodies = operation.body
      ? [
          sampleBody(operation.body, world.document, victimSampling(world)),
          sampleBody(operation.body, world.document, { ...victimSampling(world), allOptionals: true }),
        ]
      : [undefined];
    for (const [attack, token] of Object.entries(attacks)) {
      // A minimal body may miss a rule the schema cannot state ("set one of a or b"); then the full one is sent.
      let reply = await call<{ code?: string }>(stack, operation.method, url, token, bodies[0]);
      if (reply.status === 400 && bodies.length > 1) reply = await call<{ code?: string }>(stack, operation.method, url, token, bodies[1]);
      const cell: Cell = { operation, attack, status: reply.status, problem: null };
      cell.problem = judge(reply, operation, attack);
      cells.push(cell);
      if (cell.problem)
        failures.push(`${operation.method} ${url} [${operation.id}] as ${attack}: ${cell.problem}: ${reply.text.slice(0, 200)}`);
      if (attack === 'no rights' && reply.status < 300) openToEmployees.push(`${operation.method} ${operation.path} → ${reply.status}`);
    }
  }
  const after = await victimState();

  const columns = Object.keys(attacks);
  const table = [
    `| operation | ${columns.join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...operations.map(
      (operation) =>
        `| ${operation.method} ${operation.path} | ${columns
          .map((attack) => {
            const cell = cells.find((candidate) => candidate.operation === operation && candidate.attack === attack)!;
            return cell.problem ? `**${cell.status}!**` : String(cell.status);
          })
          .join(' | ')} |`,
    ),
  ];
  const report = [
    `isolation matrix: ${operations.length} authenticated operations × ${columns.length} cases = ${cells.length} requests (${unauthenticated} public operations skipped), ${failures.length} failures, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ...table,
    `open to a plain employee (2xx, checked for other people's data): ${openToEmployees.join('; ') || 'none'}`,
    ...failures.map((failure) => `FAIL ${failure}`),
  ].join('\n');
  await mkdir(REPORT_DIR, { recursive: true });
  await writeFile(path.join(REPORT_DIR, 'isolation-matrix.md'), `${report}\n`);
  console.log(report);
  expect(failures).toEqual([]);
  expect(after).toEqual(before);
});

it('documents only patterns a client can match (no JavaScript regex flags leaking into the OpenAPI document)', () => {
  const patterns = new Set<string>();
  JSON.stringify(world.document, (key, value: unknown) => {
    if (key === 'pattern' && typeof value === 'string') patterns.add(value);
    return value;
  });
  expect(patterns.size).toBeGreaterThan(3);
  for (const pattern of patterns) {
    expect(() => new RegExp(pattern, 'u')).not.toThrow();
    expect(pattern).not.toMatch(/\$\/[a-z]+$/);
  }
});
