import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { ChannelTab } from '../../../server/src/contract/index.js';
import { ChannelTabModel, channelTabKey, type ChannelTabRecord } from '../../../server/src/channels/channels.model.js';
import { ChannelTabsRepo } from '../../../server/src/channels/channels.repo.js';
import { apiCaller, type ApiCall, type Reply } from '../../support/api-client.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

const OTHER_TENANT = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const GROUP_ID = '00000000-0000-4000-8000-0000000000a1';
const SEEDED_CHANNEL = '19:general@thread.tacv2';

let stack: TestStack;
const caller = apiCaller(() => stack);
const call = <T = ChannelTab>(...args: Parameters<ApiCall>): Promise<Reply<T>> => caller<T>(...args);
const byUpn = (upn: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${upn}@northstar.demo`)!;
const path = (channelId: string): string => `/channel-tabs/${encodeURIComponent(channelId)}`;
const stored = (tenantId: string, channelId: string) =>
  ChannelTabModel.findOne({ _id: channelTabKey(tenantId, channelId) }).lean<ChannelTabRecord>();

let liam: GraphUser;
let ava: GraphUser;
let priya: GraphUser;
let marcus: GraphUser;
let julia: GraphUser;
let admin: GraphUser;
const otherLead: GraphUser = {
  id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
  displayName: 'Other Lead',
  givenName: 'Other',
  surname: 'Lead',
  mail: 'lead@other.test',
  userPrincipalName: 'lead@other.test',
  jobTitle: 'Manager',
  department: 'Ops',
  employeeHireDate: '2020-01-01T00:00:00Z',
  accountEnabled: true,
  managerId: null,
  appRoles: ['Admin'],
};
const otherReport: GraphUser = {
  ...otherLead,
  id: '8b7c6d5e-4f3a-4b2c-9d1e-8f7a6b5c4d3e',
  displayName: 'Other Report',
  mail: 'r@other.test',
  userPrincipalName: 'r@other.test',
  managerId: otherLead.id,
  appRoles: [],
};
let otherToken: string;

beforeAll(async () => {
  stack = await startStack();
  liam = byUpn('liam.novak');
  ava = byUpn('ava.chen');
  priya = byUpn('priya.raman');
  marcus = byUpn('marcus.lee');
  julia = byUpn('julia.santos');
  admin = stack.people.find((p) => p.appRoles.includes('Admin'))!;
  await onboardTenant(OTHER_TENANT, 'Other tenant');
  await insertPeople(OTHER_TENANT, [otherLead, otherReport]);
  otherToken = await tokenOf(stack, OTHER_TENANT, otherLead);
});
afterAll(async () => {
  await stack?.stop();
});

describe('channel tab binding', () => {
  it('answers 401 without a token', async () => {
    expect((await call('GET', path(SEEDED_CHANNEL), null)).status).toBe(401);
    expect((await call('PUT', path(SEEDED_CHANNEL), null, { groupId: GROUP_ID, teamId: GROUP_ID, channelName: 'x' })).status).toBe(401);
  });

  it('shows the seeded binding of the dev host channel to Liam Novak’s team, read-only for a member', async () => {
    const reply = await call('GET', path(SEEDED_CHANNEL), marcus);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({
      channelId: SEEDED_CHANNEL,
      groupId: GROUP_ID,
      teamId: liam.id,
      teamName: `${liam.displayName}'s team`,
      manager: { id: liam.id, name: liam.displayName },
      allowedActions: ['read'],
    });
    expect((await call('GET', path(SEEDED_CHANNEL), liam)).body.allowedActions).toEqual(['read', 'configure']);
  });

  it('binds a channel for a lead and stores it; rebinding bumps the version; the channel id arrives decoded', async () => {
    const channelId = '19:bind-test@thread.tacv2';
    const first = await call('PUT', path(channelId), liam, { groupId: GROUP_ID, teamId: liam.id, channelName: ' Rituals ' });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ channelId, teamId: liam.id, channelName: 'Rituals', boundBy: { id: liam.id }, version: 1 });
    expect(await stored(stack.tenantId, channelId)).toMatchObject({
      tenantId: stack.tenantId,
      channelId,
      groupId: GROUP_ID,
      teamId: liam.id,
      channelName: 'Rituals',
      boundBy: liam.id,
      version: 1,
    });
    // Someone above the team's manager moves it to a sub-team.
    const moved = await call('PUT', path(channelId), ava, { groupId: GROUP_ID, teamId: priya.id, channelName: 'Platform' });
    expect(moved.status, moved.text).toBe(200);
    expect(await stored(stack.tenantId, channelId)).toMatchObject({
      teamId: priya.id,
      boundBy: ava.id,
      version: 2,
      channelName: 'Platform',
    });
    expect((await call('GET', path(channelId), byUpn('hannah.weber'))).body).toMatchObject({ teamId: priya.id, allowedActions: ['read'] });
    // The repository the digest uses finds it by team.
    const ofTeam = await new ChannelTabsRepo().bindingsOfTeam(stack.tenantId, priya.id);
    expect(ofTeam.map((row) => row.channelId)).toContain(channelId);
  });

  it('answers 403 to a member who sees the team but does not lead it, and to a lead moving another team’s channel', async () => {
    const channelId = '19:forbidden@thread.tacv2';
    const reply = await call('PUT', path(channelId), marcus, { groupId: GROUP_ID, teamId: liam.id, channelName: 'Nope' });
    expect(reply.status).toBe(403);
    expect(reply.type).toContain('application/problem+json');
    expect(await stored(stack.tenantId, channelId)).toBeNull();
    expect((await call('PUT', path(channelId), liam, { groupId: GROUP_ID, teamId: liam.id, channelName: 'Eng' })).status).toBe(200);
    const taken = await call('PUT', path(channelId), priya, { groupId: GROUP_ID, teamId: priya.id, channelName: 'Mine' });
    expect(taken.status).toBe(403);
    expect(await stored(stack.tenantId, channelId)).toMatchObject({ teamId: liam.id, version: 1 });
    expect((await call('PUT', path(channelId), admin, { groupId: GROUP_ID, teamId: priya.id, channelName: 'Admin moved it' })).status).toBe(
      200,
    );
  });

  it('answers 404 across teams and tenants', async () => {
    // An outsider of the team (same tenant) neither reads its binding nor binds to it.
    expect((await call('GET', path(SEEDED_CHANNEL), julia)).status).toBe(404);
    const outsider = await call('PUT', path('19:outsider@thread.tacv2'), julia, { groupId: GROUP_ID, teamId: liam.id, channelName: 'x' });
    expect(outsider.status).toBe(404);
    // A person without reports is no team.
    expect((await call('PUT', path('19:ic@thread.tacv2'), marcus, { groupId: GROUP_ID, teamId: marcus.id, channelName: 'x' })).status).toBe(
      404,
    );
    // An unbound channel.
    expect((await call('GET', path('19:never-bound@thread.tacv2'), liam)).status).toBe(404);
    // Another tenant: the demo channel's binding is not theirs, and the demo team is unknown to them.
    expect((await call('GET', path(SEEDED_CHANNEL), otherToken)).status).toBe(404);
    expect((await call('PUT', path(SEEDED_CHANNEL), otherToken, { groupId: GROUP_ID, teamId: liam.id, channelName: 'x' })).status).toBe(
      404,
    );
    // Their own binding of the same channel id is theirs alone.
    const own = await call('PUT', path(SEEDED_CHANNEL), otherToken, { groupId: GROUP_ID, teamId: otherLead.id, channelName: 'Ops' });
    expect(own.status, own.text).toBe(200);
    expect((await call('GET', path(SEEDED_CHANNEL), liam)).body.teamId).toBe(liam.id);
    expect(await stored(OTHER_TENANT, SEEDED_CHANNEL)).toMatchObject({ teamId: otherLead.id, tenantId: OTHER_TENANT });
  });

  it('answers 400 for a malformed channel id or body, storing nothing', async () => {
    expect((await call('GET', '/channel-tabs/not-a-channel', liam)).status).toBe(400);
    const channelId = '19:invalid-body@thread.tacv2';
    const bodies: unknown[] = [
      {},
      { groupId: 'nope', teamId: liam.id, channelName: 'x' },
      { groupId: GROUP_ID, teamId: 'liam', channelName: 'x' },
      { groupId: GROUP_ID, teamId: liam.id, channelName: '   ' },
      { groupId: GROUP_ID, teamId: liam.id, channelName: 'x'.repeat(201) },
      { groupId: GROUP_ID, teamId: liam.id, channelName: 'x', extra: true },
    ];
    for (const body of bodies) {
      const reply = await call('PUT', path(channelId), liam, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.type).toContain('application/problem+json');
    }
    expect(
      (await call('PUT', path('19:<script>@thread.tacv2'), liam, { groupId: GROUP_ID, teamId: liam.id, channelName: 'x' })).status,
    ).toBe(400);
    expect(await stored(stack.tenantId, channelId)).toBeNull();
  });
});
