import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredTeam } from '../../../server/dev/graph/server.js';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { TenantSettings } from '../../../server/src/contract/index.js';
import { createGraphClientFactory } from '../../../server/src/graph/graph-client.js';
import { createGraphTokenProvider } from '../../../server/src/graph/token-provider.js';
import { Leases } from '../../../server/src/jobs/leases.js';
import { SettingsModel } from '../../../server/src/settings/settings.model.js';
import { teamsAppId } from '../../../server/src/teams/app-id.js';
import { isoWeekIn, weeklyDeadline } from '../../../server/src/weekly/weekly.deadline.js';
import { winsDigestFor, type WinsDigest } from '../../../server/src/wins/wins.digest.js';
import { WinDigestModel, winDigestKey, type WinDigestRecord } from '../../../server/src/wins/wins.digest.model.js';
import { OkrsRepo } from '../../../server/src/okrs/okrs.repo.js';
import { apiCaller } from '../../support/api-client.js';
import { startStack, type TestStack } from '../../support/stack.js';

const XSS = '<img src=x onerror=alert(1)>';
const BERLIN = 'Europe/Berlin';

let stack: TestStack;
const call = apiCaller(() => stack);
const byUpn = (upn: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${upn}@northstar.demo`)!;
const reportsOf = (manager: GraphUser): GraphUser[] => stack.people.filter((p) => p.managerId === manager.id && p.accountEnabled);
const digestOf = (teamId: string, isoWeek: string) =>
  WinDigestModel.findOne({ _id: winDigestKey(stack.tenantId, teamId, isoWeek) }).lean<WinDigestRecord>();
const run = (at: Date) => stack.server.context.winsDigest.run(stack.tenantId, at);
/** `HH:MM` on the digest day (Friday) of the week, in the zone. */
const friday = (isoWeek: string, time: string, zone = BERLIN): Date => weeklyDeadline(isoWeek, 'friday', time, zone);

/** A Teams team in the Graph stand-in whose one channel's tab is bound to the manager's org unit. */
async function bindTeam(manager: GraphUser, name: string): Promise<{ team: StoredTeam; channelId: string }> {
  const members = [manager, ...reportsOf(manager)];
  const team = stack.graph.channels.createTeam(stack.tenantId, {
    displayName: name,
    channels: [{ displayName: 'General' }],
    memberIds: members.map((m) => m.id),
  });
  const channelId = team.channels[0]!.id;
  const bound = await call('PUT', `/channel-tabs/${encodeURIComponent(channelId)}`, manager, {
    groupId: team.id,
    teamId: manager.id,
    channelName: 'General',
  });
  expect(bound.status, bound.text).toBe(200);
  return { team, channelId };
}

async function postWin(as: GraphUser, teamId: string, text: string): Promise<string> {
  const reply = await call<{ id: string }>('POST', `/teams/${teamId}/wins`, as, { text });
  expect(reply.status, reply.text).toBe(201);
  return reply.body.id;
}

/** Graph clients of the app (its own token), as a second server instance would make them. */
function appGraph() {
  const { config } = stack.server;
  return createGraphClientFactory({
    baseUrl: config.GRAPH_BASE_URL,
    caFile: config.GRAPH_CA_FILE,
    tokenProvider: createGraphTokenProvider({
      authorityHost: config.ENTRA_AUTHORITY_HOST,
      clientId: config.ENTRA_CLIENT_ID,
      clientSecret: config.ENTRA_CLIENT_SECRET ?? '',
    }),
  });
}

/** A digest runner of its own (another server instance): own leases holder, own Graph clients, same database. */
function runner(holder: string): WinsDigest {
  const { config } = stack.server;
  return winsDigestFor({
    directory: stack.server.context.directory,
    graphFor: appGraph(),
    appId: teamsAppId(config.ENTRA_CLIENT_ID, config.APP_ID),
    leases: new Leases(holder),
    logger: pino({ level: 'silent' }),
    okrsRepo: new OkrsRepo(),
  });
}

async function putSettings(as: GraphUser, changes: Record<string, unknown>) {
  const current = await call<TenantSettings>('GET', '/settings', as);
  return call<TenantSettings & { code?: string }>('PUT', '/settings', as, { version: current.body.version, ...changes });
}

let admin: GraphUser;
let week: string;

beforeAll(async () => {
  stack = await startStack({ env: { WINS_DIGEST_INTERVAL_MINUTES: '0', MONTHLY_REPORT_INTERVAL_MINUTES: '0' } });
  admin = stack.people.find((p) => p.appRoles.includes('Admin'))!;
  week = isoWeekIn(new Date(), BERLIN);
});
afterAll(async () => {
  await stack?.stop();
});

describe('the Friday wins digest', () => {
  let priya: GraphUser;
  let channelId: string;
  let teamGroup: string;

  it('sends nothing before Friday 15:00 in the tenant time zone', async () => {
    priya = byUpn('priya.raman');
    const bound = await bindTeam(priya, 'Platform');
    channelId = bound.channelId;
    teamGroup = bound.team.id;
    const [hannah, marcus] = [byUpn('hannah.weber'), byUpn('marcus.lee')];
    const xssWin = await postWin(hannah, priya.id, `Shipped the cache ${XSS}`);
    await postWin(marcus, priya.id, 'Cut the build time in half');
    await postWin(priya, priya.id, 'Hired our new SRE');
    expect((await call('PUT', `/wins/${xssWin}/reactions/celebrate`, marcus)).status).toBeLessThan(300);

    const early = await run(friday(week, '14:59'));
    expect(early).toMatchObject({ due: false, channel: 0, activity: 0, failed: 0 });
    const thursday = await run(new Date(friday(week, '15:01').getTime() - 86_400_000));
    expect(thursday.due).toBe(false);
    expect(stack.graph.channels.messages(stack.tenantId, { teamId: teamGroup })).toHaveLength(0);
    expect(await digestOf(priya.id, week)).toBeNull();
  });

  it('after it posts the week’s wins once to the bound channel, every user text escaped', async () => {
    const summary = await run(friday(week, '15:01'));
    expect(summary.due).toBe(true);
    expect(summary.channel).toBeGreaterThanOrEqual(1);

    const posted = stack.graph.channels.messages(stack.tenantId, { teamId: teamGroup, channelId });
    expect(posted).toHaveLength(1);
    const message = posted[0]!;
    expect(message.body.contentType).toBe('html');
    expect(message.throttlePriority).toBe('low');
    expect(message.message).toMatchObject({ messageType: 'message', channelIdentity: { teamId: teamGroup, channelId } });
    const html = message.body.content;
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('<b>3</b> wins this week');
    expect(html).toMatch(/Hannah Weber.*Marcus Lee.*Priya Raman/);
    // The win with a reaction leads the list.
    expect(html.indexOf('Shipped the cache')).toBeLessThan(html.indexOf('Cut the build time'));
    expect(html).toContain('https://teams.microsoft.com/l/entity/');
    expect(html).toContain(encodeURIComponent(`northstar-team:${priya.id}`));

    const record = await digestOf(priya.id, week);
    expect(record).toMatchObject({ outcome: 'channel', attempt: 1, winCount: 3, reason: null });
    expect(record!.deliveries).toEqual([{ channelId, groupId: teamGroup, via: 'channel', messageId: message.id, reason: null }]);
    expect(record!.finishedAt).not.toBeNull();
  });

  it('sends nothing more in a later round, nor when two instances race on the same database', async () => {
    await run(friday(week, '15:16'));
    await run(friday(week, '23:59'));
    expect(stack.graph.channels.messages(stack.tenantId, { teamId: teamGroup })).toHaveLength(1);

    const jonas = byUpn('jonas.becker');
    const { team } = await bindTeam(jonas, 'Payments');
    await postWin(byUpn('chloe.dubois'), jonas.id, 'Closed the PCI audit with no findings');
    const [a, b] = [runner('instance-a'), runner('instance-b')];
    const at = friday(week, '15:30');
    const summaries = await Promise.all([a.run(stack.tenantId, at), b.run(stack.tenantId, at), a.run(stack.tenantId, at)]);
    expect(stack.graph.channels.messages(stack.tenantId, { teamId: team.id })).toHaveLength(1);
    expect(summaries.reduce((sum, s) => sum + s.channel, 0)).toBeGreaterThanOrEqual(1);
    const record = await digestOf(jonas.id, week);
    expect(record!.outcome).toBe('channel');
    expect(['instance-a', 'instance-b']).toContain(record!.holder);
    await run(friday(week, '16:00'));
    expect(stack.graph.channels.messages(stack.tenantId, { teamId: team.id })).toHaveLength(1);
    expect(stack.graph.channels.messages(stack.tenantId, { teamId: teamGroup })).toHaveLength(1);
  });

  it('falls back to the team’s activity feed when the channel answers 403', async () => {
    const aisha = byUpn('aisha.bello');
    const { team, channelId: refused } = await bindTeam(aisha, 'Quality');
    stack.graph.channels.setPermissions(stack.tenantId, team.id, { channelPosting: false });
    await postWin(byUpn('lucas.meyer'), aisha.id, `Automated the smoke tests ${XSS}`);
    const before = stack.graph.activityNotifications.length;

    await run(friday(week, '15:05'));
    expect(stack.graph.channels.messages(stack.tenantId, { teamId: team.id })).toHaveLength(0);
    const feed = stack.graph.channels.teamActivity.filter((record) => record.teamId === team.id);
    expect(feed).toHaveLength(1);
    expect(feed[0]!.recipientIds.sort()).toEqual(team.memberIds.sort());
    const body = feed[0]!.body as {
      activityType: string;
      recipient: Record<string, string>;
      topic: { source: string; webUrl: string };
      templateParameters: Array<{ name: string; value: string }>;
    };
    expect(body.activityType).toBe('winsDigest');
    expect(body.recipient).toEqual({ '@odata.type': 'microsoft.graph.teamMembersNotificationRecipient', teamId: team.id });
    expect(body.topic.webUrl).toContain(encodeURIComponent(`northstar-team:${aisha.id}`));
    expect(body.templateParameters).toContainEqual({ name: 'count', value: '1' });
    // Recorded per member like the personal-feed notifications.
    expect(stack.graph.activityNotifications.length - before).toBe(team.memberIds.length);

    const record = await digestOf(aisha.id, week);
    expect(record).toMatchObject({ outcome: 'activity', winCount: 1 });
    expect(record!.deliveries).toEqual([
      { channelId: refused, groupId: team.id, via: 'activity', messageId: null, reason: expect.stringContaining('403') },
    ]);
    await run(friday(week, '18:00'));
    expect(stack.graph.channels.teamActivity.filter((r) => r.teamId === team.id)).toHaveLength(1);
  });

  it('records a digest nothing could deliver as failed and retries it in a later round, once', async () => {
    const daniel = byUpn('daniel.cohen');
    const { team, channelId: channel } = await bindTeam(daniel, 'Enterprise sales');
    stack.graph.channels.setPermissions(stack.tenantId, team.id, { channelPosting: false, activity: false });
    await postWin(byUpn('olivia.brown'), daniel.id, 'Signed Contoso for three years');

    await run(friday(week, '15:10'));
    const failed = await digestOf(daniel.id, week);
    expect(failed).toMatchObject({ outcome: 'failed', attempt: 1 });
    expect(failed!.reason).toContain('403');

    stack.graph.channels.setPermissions(stack.tenantId, team.id, { channelPosting: true, activity: true });
    await Promise.all([runner('instance-c').run(stack.tenantId, friday(week, '15:25')), run(friday(week, '15:25'))]);
    expect(stack.graph.channels.messages(stack.tenantId, { teamId: team.id, channelId: channel })).toHaveLength(1);
    expect(await digestOf(daniel.id, week)).toMatchObject({ outcome: 'channel', attempt: 2, reason: null });
    await run(friday(week, '17:00'));
    expect(stack.graph.channels.messages(stack.tenantId, { teamId: team.id })).toHaveLength(1);
  });

  it('sends nothing for a week without wins (and records nothing, so a later win still gets its digest)', async () => {
    const camila = byUpn('camila.torres');
    const { team } = await bindTeam(camila, 'Mid-market sales');
    const summary = await run(friday(week, '15:40'));
    expect(summary.empty).toBeGreaterThanOrEqual(1);
    expect(stack.graph.channels.messages(stack.tenantId, { teamId: team.id })).toHaveLength(0);
    expect(stack.graph.channels.teamActivity.filter((r) => r.teamId === team.id)).toHaveLength(0);
    expect(await digestOf(camila.id, week)).toBeNull();
  });
});

describe('digest settings', () => {
  it('have defaults (Friday 15:00, on) and reject a bad weekday or time with 400, storing nothing', async () => {
    const settings = await call<TenantSettings>('GET', '/settings', admin);
    expect(settings.body.winsDigest).toEqual({ enabled: true, weekday: 'friday', time: '15:00' });
    for (const winsDigest of [
      { enabled: true, weekday: 'funday', time: '15:00' },
      { enabled: true, weekday: 'friday', time: '25:00' },
      { enabled: true, weekday: 'friday', time: '3pm' },
      { enabled: 'yes', weekday: 'friday', time: '15:00' },
      { weekday: 'friday', time: '15:00' },
      { enabled: true, weekday: 'friday', time: '15:00', extra: 1 },
    ]) {
      const reply = await putSettings(admin, { winsDigest });
      expect(reply.status, JSON.stringify(winsDigest)).toBe(400);
      expect(reply.body.code).toBe('validation_failed');
    }
    expect((await SettingsModel.findOne({ tenantId: stack.tenantId }).lean())?.winsDigest).toBeUndefined();
    const someone = reportsOf(byUpn('priya.raman'))[0]!;
    expect((await putSettings(someone, { winsDigest: { enabled: false, weekday: 'friday', time: '15:00' } })).status).toBe(403);
    expect((await call('PUT', '/settings', null, { version: 0, winsDigest: { enabled: false } })).status).toBe(401);
  });

  it('follow the tenant time zone and the configured time (Pacific/Auckland, Friday 15:00 there)', async () => {
    const saved = await putSettings(admin, {
      timeZone: 'Pacific/Auckland',
      winsDigest: { enabled: true, weekday: 'friday', time: '15:00' },
    });
    expect(saved.status, saved.text).toBe(200);
    expect((await SettingsModel.findOne({ tenantId: stack.tenantId }).lean())?.winsDigest).toMatchObject({
      weekday: 'friday',
      time: '15:00',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the settings cache of the digest
    const camila = byUpn('camila.torres');
    const team = stack.graph.channels.messages(stack.tenantId).length;
    const aucklandWeek = isoWeekIn(new Date(), 'Pacific/Auckland');
    await postWin(byUpn('noah.schmidt'), camila.id, 'Renewed Fabrikam early');

    // 14:59 in Auckland is Friday 01:59 UTC: too early there.
    expect((await run(friday(aucklandWeek, '14:59', 'Pacific/Auckland'))).due).toBe(false);
    // 15:01 in Auckland is still Friday night before in Berlin terms (02:01 UTC): due, because the tenant's zone is Auckland.
    const at = friday(aucklandWeek, '15:01', 'Pacific/Auckland');
    expect(at.getTime()).toBeLessThan(friday(aucklandWeek, '15:00', BERLIN).getTime());
    const summary = await run(at);
    expect(summary).toMatchObject({ due: true, isoWeek: aucklandWeek });
    expect(await digestOf(camila.id, aucklandWeek)).toMatchObject({ outcome: 'channel', winCount: 1 });
    expect(stack.graph.channels.messages(stack.tenantId).length).toBeGreaterThan(team);

    const off = await putSettings(admin, { winsDigest: { enabled: false, weekday: 'monday', time: '08:30' } });
    expect(off.status).toBe(200);
    expect(off.body.winsDigest).toEqual({ enabled: false, weekday: 'monday', time: '08:30' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await run(friday(aucklandWeek, '23:00', 'Pacific/Auckland'))).due).toBe(false);
    await putSettings(admin, { timeZone: BERLIN, winsDigest: { enabled: true, weekday: 'friday', time: '15:00' } });
  });
});

describe('the Graph stand-in for channel messages and team activity', () => {
  const status = async (request: Promise<unknown>): Promise<number> =>
    request.then(
      () => 200,
      (error: { statusCode?: number }) => error.statusCode ?? 0,
    );

  it('answers Graph errors for bad ids, unknown teams and channels, bad bodies and methods', async () => {
    const graph = appGraph()(stack.tenantId);
    const team = stack.graph.channels.createTeam(stack.tenantId, { channels: [{ displayName: 'General' }], memberIds: [] });
    const channel = encodeURIComponent(team.channels[0]!.id);
    const post = (path: string, body: unknown) => status(graph.api(path).post(body));
    const message = { body: { contentType: 'html', content: '<p>Hi</p>' } };
    expect(await post(`/teams/not-a-guid/channels/${channel}/messages`, message)).toBe(400);
    expect(await post(`/teams/${crypto.randomUUID()}/channels/${channel}/messages`, message)).toBe(404);
    expect(await post(`/teams/${team.id}/channels/${encodeURIComponent('19:missing@thread.tacv2')}/messages`, message)).toBe(404);
    expect(await post(`/teams/${team.id}/channels/${channel}/messages`, { body: { contentType: 'html', content: ' ' } })).toBe(400);
    expect(await post(`/teams/${team.id}/channels/${channel}/messages`, { body: { contentType: 'markdown', content: 'x' } })).toBe(400);
    expect(await status(graph.api(`/teams/${team.id}/channels/${channel}/messages`).get())).toBe(405);
    expect(await post(`/teams/${team.id}/sendActivityNotification`, { activityType: 'winsDigest' })).toBe(400);
    expect(
      await post(`/teams/${team.id}/sendActivityNotification`, {
        topic: { source: 'text', value: 'Northstar', webUrl: 'https://teams.microsoft.com/l/entity/x' },
        activityType: 'winsDigest',
        previewText: { content: 'x' },
        recipient: { '@odata.type': 'microsoft.graph.teamMembersNotificationRecipient', teamId: crypto.randomUUID() },
      }),
    ).toBe(400);
    expect(stack.graph.channels.messages(stack.tenantId, { teamId: team.id })).toHaveLength(0);

    const created = (await graph.api(`/teams/${team.id}/channels/${channel}/messages`).post(message)) as Record<string, unknown>;
    expect(created).toMatchObject({ messageType: 'message', body: message.body, channelIdentity: { teamId: team.id } });
    expect(String(created['@odata.context'])).toContain(`teams('${team.id}')/channels(`);
    expect(stack.graph.requestLog.at(-1)).toMatchObject({ method: 'POST', status: 201 });
  });

  it("keeps one tenant's teams from another", async () => {
    const team = stack.graph.channels.createTeam('5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a', { channels: [{ displayName: 'General' }] });
    expect(stack.graph.channels.team(stack.tenantId, team.id)).toBeUndefined();
    const posted = await status(
      appGraph()(stack.tenantId)
        .api(`/teams/${team.id}/channels/${encodeURIComponent(team.channels[0]!.id)}/messages`)
        .post({ body: { contentType: 'html', content: 'x' } }),
    );
    expect(posted).toBe(404);
  });
});
