import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { Win, WinsWall } from '../../../server/src/contract/index.js';
import { apiCaller, type ApiCall, type Reply } from '../../support/api-client.js';
import { CommandCounter } from '../../support/command-counter.js';
import { buildPerson, insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

const TEAM_SIZE = 1_500;
const WINS = 25;
const SMALL = 'a1b2c3d4-0000-4000-8000-000000001500';
const LARGE = 'a1b2c3d4-0000-4000-8000-000000010000';

let stack: TestStack;
const caller = apiCaller(() => stack);
const call = <T = WinsWall>(...args: Parameters<ApiCall>): Promise<Reply<T>> => caller<T>(...args);

const personOf = (tenant: string, n: number, managerId: string | null): GraphUser => buildPerson(tenant, n, managerId, 'scale.test');

/** A manager with 1,500 direct reports, plus `others` people in a team of their own elsewhere in the tenant. */
function orgOf(tenant: string, others: number): { lead: GraphUser; people: GraphUser[] } {
  const top = personOf(tenant, 0, null);
  const lead = personOf(tenant, 1, top.id);
  const reports = Array.from({ length: TEAM_SIZE }, (_, i) => personOf(tenant, 2 + i, lead.id));
  const otherLead = personOf(tenant, 2 + TEAM_SIZE, top.id);
  const rest = Array.from({ length: others }, (_, i) => personOf(tenant, 3 + TEAM_SIZE + i, otherLead.id));
  return { lead, people: [top, lead, ...reports, otherLead, ...rest] };
}

/** Reads that depend on the clock, not on the request (change-log probe and settings, each at most once a second). */
const TIMED = /^find (okr_changes|okr_change_heads|tenant_settings|org_states)$/;
/** Commands of a tally other than the timed probes. */
const work = (tally: { total: number; byTarget: Record<string, number> }): number =>
  tally.total - Object.entries(tally.byTarget).reduce((sum, [target, count]) => sum + (TIMED.test(target) ? count : 0), 0);

const orgs: Record<string, { lead: GraphUser; people: GraphUser[] }> = {};

beforeAll(async () => {
  stack = await startStack();
  orgs[SMALL] = orgOf(SMALL, 0);
  orgs[LARGE] = orgOf(LARGE, 8_500);
  for (const tenant of [SMALL, LARGE]) {
    await onboardTenant(tenant, `Scale ${tenant}`);
    await insertPeople(tenant, orgs[tenant]!.people);
    const { lead, people } = orgs[tenant]!;
    const reports = people.filter((person) => person.managerId === lead.id);
    for (let i = 0; i < WINS; i += 1) {
      const author = reports[(i * 59) % reports.length]!;
      const reply = await call<Win>('POST', `/teams/${lead.id}/wins`, await tokenOf(stack, tenant, author, []), { text: `Win ${i}` });
      expect(reply.status, reply.text).toBe(201);
      if (i % 5 === 0) {
        const fan = reports[(i * 31 + 7) % reports.length]!;
        await call<Win>('PUT', `/wins/${reply.body.id}/reactions/heart`, await tokenOf(stack, tenant, fan, []));
      }
    }
  }
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

describe('the wins wall of a team of 1,500', () => {
  it('costs the same database commands in a tenant of 1,500 and of 10,000 people, and none beyond the timed probes once read', async () => {
    const counter = new CommandCounter();
    const tallies: Record<string, { cold: number; warm: number; byTarget: Record<string, number> }> = {};
    for (const tenant of [SMALL, LARGE]) {
      const { lead, people } = orgs[tenant]!;
      const viewer = await tokenOf(
        stack,
        tenant,
        people.find((person) => person.managerId === lead.id)!,
        [],
      );
      // Warm the org index and the people cache with one unrelated read, so only the wall itself is measured.
      expect((await call('GET', `/teams/${lead.id}/wins?week=2020-W01`, viewer)).status).toBe(200);
      let wall: Reply<WinsWall> | undefined;
      const cold = await counter.measure(async () => {
        wall = await call('GET', `/teams/${lead.id}/wins`, viewer);
      });
      expect(wall!.status).toBe(200);
      expect(wall!.body.wins).toHaveLength(WINS);
      expect(wall!.body.wins.filter((win) => win.reactions.some((r) => r.kind === 'heart' && r.count === 1))).toHaveLength(5);
      const started = performance.now();
      const warm = await counter.measure(() => call('GET', `/teams/${lead.id}/wins`, viewer));
      const elapsed = performance.now() - started;
      tallies[tenant] = { cold: work(cold), warm: work(warm), byTarget: cold.byTarget };
      expect(elapsed).toBeLessThan(1_000);
      expect(warm.total - work(warm)).toBeLessThanOrEqual(3);
    }
    console.info(`wins wall commands: ${JSON.stringify(tallies)}`);
    // Cold: the week's index and each win by `_id`, whatever the tenant's size; warm: nothing but the timed probes.
    expect(tallies[SMALL]!.cold).toBe(WINS + 1);
    expect(tallies[LARGE]!.cold).toBe(WINS + 1);
    expect(tallies[SMALL]!.warm).toBe(0);
    expect(tallies[LARGE]!.warm).toBe(0);
  });
});
