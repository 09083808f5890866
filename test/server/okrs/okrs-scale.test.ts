import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectiveModel } from '../../../server/src/okrs/okrs.model.js';
import { generateOrg } from '../../../server/dev/org/generate.js';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { CommandCounter, type CommandTally } from '../../support/command-counter.js';
import { insertOkrs, insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

const PERIOD = '2031-Q1';
const SMALL = '5a000000-0000-4000-8000-000000000100';
const LARGE = '5a000000-0000-4000-8000-000000010000';

interface Tenant {
  id: string;
  people: GraphUser[];
  manager: GraphUser;
  vp: GraphUser;
  token: string;
  vpToken: string;
}

let stack: TestStack;
const tenants: Record<'small' | 'large', Tenant> = {} as never;
const counter = new CommandCounter();

/** A manager whose direct reports number closest to eight. */
function managerWithAboutEightReports(people: GraphUser[]): GraphUser {
  const reports = new Map<string, number>();
  for (const person of people) if (person.managerId) reports.set(person.managerId, (reports.get(person.managerId) ?? 0) + 1);
  const [id] = [...reports.entries()].sort((a, b) => Math.abs(a[1] - 8) - Math.abs(b[1] - 8))[0]!;
  return people.find((person) => person.id === id)!;
}

async function prepare(id: string, size: number): Promise<Tenant> {
  const people = generateOrg({ size, tenantId: id });
  await onboardTenant(id);
  await insertPeople(id, people);
  await insertOkrs(id, people, { periodId: PERIOD });
  const manager = managerWithAboutEightReports(people);
  const top = people.find((person) => person.managerId === null)!;
  const vp = people.find((person) => person.managerId === top.id)!;
  return { id, people, manager, vp, token: await tokenOf(stack, id, manager, []), vpToken: await tokenOf(stack, id, vp, []) };
}

async function measure(path: string, token: string): Promise<CommandTally> {
  const get = async () => {
    const response = await fetch(`${stack.baseUrl}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, path).toBe(200);
    await response.arrayBuffer();
  };
  await get();
  return counter.measure(get);
}

/**
 * The tally without the time-based cache refreshes, which depend on timing, not on size: the org version
 * checks (`find org_states`, at most one each for the org index and the name cache), the tenant onboarding
 * check (`find tenants`) and the OKR change-log probe (`find okr_change_heads`, and no entry read when nothing changed).
 */
function work(tally: CommandTally): Record<string, number> {
  const {
    ['find org_states']: versionChecks = 0,
    ['find tenants']: tenantChecks = 0,
    ['find okr_change_heads']: changeProbes = 0,
    ...rest
  } = tally.byTarget;
  expect(versionChecks).toBeLessThanOrEqual(2);
  expect(tenantChecks).toBeLessThanOrEqual(1);
  expect(changeProbes).toBeLessThanOrEqual(1);
  return rest;
}

beforeAll(async () => {
  stack = await startStack();
  tenants.small = await prepare(SMALL, 100);
  tenants.large = await prepare(LARGE, 10_000);
}, 600_000);
afterAll(async () => {
  await stack?.stop();
});

describe('database commands per request do not grow with the organization', () => {
  const views: Array<[string, (tenant: Tenant) => [string, string]]> = [
    ['team view, direct reports', (t) => [`/objectives?teamOf=${t.manager.id}&scope=direct&periodId=${PERIOD}`, t.token]],
    ['team view, subtree', (t) => [`/objectives?teamOf=${t.manager.id}&scope=subtree&periodId=${PERIOD}`, t.token]],
    [
      'team view of a VP, subtree (first page)',
      (t) => [`/objectives?teamOf=${t.vp.id}&scope=subtree&periodId=${PERIOD}&limit=100`, t.vpToken],
    ],
    ['alignment graph of the period', (t) => [`/alignment?periodId=${PERIOD}`, t.token]],
    ['alignment graph of a team', (t) => [`/alignment?periodId=${PERIOD}&teamOf=${t.manager.id}`, t.token]],
    ['company OKRs', (t) => [`/company?periodId=${PERIOD}`, t.token]],
  ];
  for (const [name, request] of views) {
    it(`${name}: the same commands at 100 and at 10,000 people`, async () => {
      const small = await measure(...request(tenants.small));
      const large = await measure(...request(tenants.large));
      console.log(`${name}: ${small.total} commands at 100 people, ${large.total} at 10,000`, large.byTarget);
      expect(work(large)).toEqual(work(small));
      expect(large.total).toBeLessThanOrEqual(9);
    }, 120_000);
  }

  it('pages the period graph for the big tenant: every company and team objective once, each page within a bound', async () => {
    const seen = new Set<string>();
    const pageMs: number[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const started = performance.now();
      const response = await fetch(`${stack.baseUrl}/api/alignment?periodId=${PERIOD}&limit=200${cursor ? `&cursor=${cursor}` : ''}`, {
        headers: { authorization: `Bearer ${tenants.large.token}` },
      });
      pageMs.push(performance.now() - started);
      expect(response.status).toBe(200);
      const graph = (await response.json()) as {
        nodes: Array<{ id: string; level: string; external: boolean }>;
        nextCursor: string | null;
      };
      const own = graph.nodes.filter((node) => !node.external);
      expect(own.length).toBeLessThanOrEqual(200);
      for (const node of own) {
        expect(seen.has(node.id), `${node.id} on two pages`).toBe(false);
        seen.add(node.id);
      }
      cursor = graph.nextCursor;
      pages += 1;
    }
    const expected = await ObjectiveModel.countDocuments({
      tenantId: tenants.large.id,
      periodId: PERIOD,
      level: { $in: ['company', 'team'] },
    });
    console.log(`alignment: ${seen.size} objectives in ${pages} pages, slowest page ${Math.round(Math.max(...pageMs))} ms`);
    expect(seen.size).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 200));
    expect(Math.max(...pageMs)).toBeLessThan(1_000);
  });

  it('answers 400 for a cursor that is not one', async () => {
    for (const cursor of ['abc', '3-0123456789abcdef01234567', '0-xyz']) {
      const response = await fetch(`${stack.baseUrl}/api/alignment?periodId=${PERIOD}&cursor=${cursor}`, {
        headers: { authorization: `Bearer ${tenants.large.token}` },
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/cursor/);
    }
  });
});
