import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { SendMailRecord } from '../../../server/dev/graph/server.js';
import { ChannelTabModel, channelTabKey } from '../../../server/src/channels/channels.model.js';
import type { TeamReport, TeamReportList } from '../../../server/src/contract/index.js';
import { createGraphClientFactory } from '../../../server/src/graph/graph-client.js';
import { createGraphTokenProvider } from '../../../server/src/graph/token-provider.js';
import { Leases } from '../../../server/src/jobs/leases.js';
import { Scheduler } from '../../../server/src/jobs/scheduler.js';
import { OrgDirectory } from '../../../server/src/org/org.directory.js';
import { OkrsRepo } from '../../../server/src/okrs/okrs.repo.js';
import { monthlyReportsFor, type MonthlyReports } from '../../../server/src/reports/reports.job.js';
import { reportsServiceFor } from '../../../server/src/reports/reports.routes.js';
import type { ReportsService } from '../../../server/src/reports/reports.service.js';
import { SettingsRepo } from '../../../server/src/settings/settings.repo.js';
import { SettingsService } from '../../../server/src/settings/settings.service.js';
import { TeamReportModel, teamReportKey, type TeamReportRecord } from '../../../server/src/reports/reports.model.js';
import { firstWorkingDay, lastingRuns, weeksOfMonth } from '../../../server/src/reports/reports.rules.js';
import { teamsAppId } from '../../../server/src/teams/app-id.js';
import { WinIndexModel, WinModel, teamWeekKey, winKey } from '../../../server/src/wins/wins.model.js';
import { WeeklyReportModel, weeklyReportKey } from '../../../server/src/weekly/weekly.model.js';
import { apiCaller } from '../../support/api-client.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

const OTHER_TENANT = '5d4c3b2a-1908-4776-8554-433221100fed';
const XSS = '<img src=x onerror=alert(1)>';
/** October 2026: weeks W40–W44 (Thursday 1 October to Thursday 29 October). */
const MONTH = '2026-10';

let stack: TestStack;
const call = apiCaller(() => stack);
const person = (upn: string): GraphUser => stack.people.find((p) => p.userPrincipalName.startsWith(`${upn}@`))!;
let liam: GraphUser;
let ava: GraphUser;
let priya: GraphUser;
let jonas: GraphUser;
let member: GraphUser;
let outsider: GraphUser;

type Priority = { title: string; keyResultId: null; status: 'green' | 'yellow' | 'red' | null };
async function mail(
  author: GraphUser,
  isoWeek: string,
  fields: { red?: string[]; yellow?: string[]; risks?: string; status?: 'draft' | 'sent' },
) {
  const lastWeekPriorities: Priority[] = [
    ...(fields.red ?? []).map((title) => ({ title, keyResultId: null, status: 'red' as const })),
    ...(fields.yellow ?? []).map((title) => ({ title, keyResultId: null, status: 'yellow' as const })),
  ];
  const _id = weeklyReportKey(stack.tenantId, author.id, isoWeek);
  await WeeklyReportModel.collection.replaceOne(
    { _id: _id as never },
    {
      tenantId: stack.tenantId,
      authorId: author.id,
      isoWeek,
      status: fields.status ?? 'sent',
      priorities: [],
      lastWeekPriorities,
      risks: fields.risks ?? '',
      timeOff: '',
      sentAt: new Date(),
      onTime: true,
      reviewedAt: null,
      reviewedBy: null,
      reviewComment: null,
      sendAttemptedAt: null,
      version: 1,
      createdAt: new Date(),
      updatedAt: new Date(),
    },
    { upsert: true },
  );
}

async function win(team: GraphUser, author: GraphUser, isoWeek: string, text: string, reactions: number) {
  const id = Math.random().toString(16).slice(2, 14).padEnd(24, '0');
  await WinModel.collection.insertOne({
    _id: winKey(stack.tenantId, id) as never,
    id,
    tenantId: stack.tenantId,
    teamId: team.id,
    authorId: author.id,
    isoWeek,
    text,
    link: null,
    reactions: stack.people.slice(0, reactions).map((p) => ({ kind: 'clap', by: p.id })),
    createdAt: new Date('2026-10-09T10:00:00Z'),
    editedAt: null,
  });
  await WinIndexModel.collection.updateOne(
    { _id: teamWeekKey(stack.tenantId, team.id, isoWeek) as never },
    { $set: { tenantId: stack.tenantId, isoWeek }, $addToSet: { winIds: id } },
    { upsert: true },
  );
}

const mailsFrom = (sender: GraphUser, month: string): SendMailRecord[] => {
  const label = new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return stack.graph.mail.sentMails(stack.tenantId).filter((m) => m.senderId === sender.id && m.body.message.subject.includes(label));
};
const addresses = (record: SendMailRecord) => record.body.message.toRecipients.map((r) => r.emailAddress.address.toLowerCase()).sort();

/** App-only Graph clients as another server instance makes them. */
function graphClients() {
  const config = stack.server.config;
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

/** Another instance's report service, with its own read models. */
function serviceOn(): ReportsService {
  const okrsRepo = new OkrsRepo();
  const settings = new SettingsService(new SettingsRepo());
  const directory = new OrgDirectory();
  return reportsServiceFor({
    okrsRepo,
    settings,
    directory,
    metrics: { monthValues: async () => [] },
    wins: { winsOfWeek: async () => [] },
    graphFor: graphClients(),
    appId: teamsAppId(stack.server.config.ENTRA_CLIENT_ID, stack.server.config.APP_ID),
  });
}

/** A second server instance's monthly job: its own directory, Graph client and lease holder, on the same database. */
function secondRunner(holder: string): MonthlyReports {
  const config = stack.server.config;
  return monthlyReportsFor({
    directory: new OrgDirectory(),
    graphFor: graphClients(),
    appId: teamsAppId(config.ENTRA_CLIENT_ID, config.APP_ID),
    logger: pino({ level: 'silent' }),
    holder,
    okrsRepo: new OkrsRepo(),
  });
}

beforeAll(async () => {
  stack = await startStack();
  liam = person('liam.novak');
  ava = person('ava.chen');
  priya = person('priya.raman');
  jonas = person('jonas.becker');
  member = stack.people.find((p) => p.managerId === priya.id && p.accountEnabled)!;
  outsider = person('owen.fischer');
  // Weekly mails of Liam's direct reports around October (W38–W44), seeded before anything reads them.
  await mail(priya, '2026-W38', { red: ['Vendor contract'] });
  await mail(priya, '2026-W39', { red: ['Vendor contract'] });
  await mail(priya, '2026-W40', { red: ['Vendor contract', 'Migrate  the Billing DB', 'Fix flaky CI'], yellow: ['Docs'] });
  await mail(priya, '2026-W41', { red: ['migrate the billing db  ', 'Hire SRE'], yellow: ['Docs'] });
  await mail(priya, '2026-W42', {
    red: ['MIGRATE THE BILLING DB', 'Hire SRE', 'Fix flaky CI'],
    yellow: ['Docs'],
    risks: `- ${XSS}\n- Budget freeze`,
  });
  await mail(priya, '2026-W43', { red: ['Fix flaky CI'], risks: `* ${XSS}` });
  await mail(priya, '2026-W44', { risks: `${XSS}\nBudget   freeze` });
  await mail(jonas, '2026-W40', { red: ['Ship v2'] });
  await mail(jonas, '2026-W41', { red: ['Ship v2'] });
  await mail(jonas, '2026-W42', { red: ['Ship v2'], status: 'draft' });
  await win(liam, member, '2026-W41', `Launched ${XSS}`, 60);
  await win(liam, priya, '2026-W42', 'Quiet week', 1);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('rules', () => {
  it('assigns ISO weeks to the month holding their Thursday and finds the first working day', () => {
    expect(weeksOfMonth('2026-10')).toEqual(['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44']);
    expect(weeksOfMonth('2026-11')).toEqual(['2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    expect(weeksOfMonth('2026-12').at(-1)).toBe('2026-W53'); // Thursday 31 December
    expect(weeksOfMonth('2027-01')[0]).toBe('2027-W01');
    expect(firstWorkingDay('2026-11')).toBe('2026-11-02');
    expect(firstWorkingDay('2026-08')).toBe('2026-08-03');
    expect(firstWorkingDay('2026-12')).toBe('2026-12-01');
  });

  it('keeps runs of three consecutive weeks touching the month, comparing normalised text', () => {
    const runs = lastingRuns(
      [
        { personId: 'a', isoWeek: '2026-W52', text: 'Year end' },
        { personId: 'a', isoWeek: '2026-W53', text: 'year  END' },
        { personId: 'a', isoWeek: '2027-W01', text: 'Year end ' },
        { personId: 'b', isoWeek: '2026-W53', text: 'Year end' },
      ],
      ['2026-W53', '2027-W01'],
    );
    expect(runs).toEqual([{ personId: 'a', text: 'Year end', weeks: ['2026-W52', '2026-W53', '2027-W01'] }]);
  });
});

describe('team report API', () => {
  const base = () => `/teams/${liam.id}/reports`;

  it('answers 401 without a token on every endpoint', async () => {
    expect((await call('GET', base(), null)).status).toBe(401);
    expect((await call('GET', `${base()}/${MONTH}`, null)).status).toBe(401);
    expect((await call('POST', `${base()}/${MONTH}/generate`, null, {})).status).toBe(401);
  });

  it('answers 400 for a bad month, a future month, a bad team id or an unknown field, and stores nothing', async () => {
    for (const month of ['2026-13', '2026-00', '26-10', '2026-1', '1999-12']) {
      expect((await call('GET', `${base()}/${month}`, liam)).status).toBe(400);
      expect((await call('POST', `${base()}/${month}/generate`, liam, {})).status).toBe(400);
    }
    const future = await call('GET', `${base()}/2099-01`, liam);
    expect(future.status).toBe(400);
    expect(future.type).toContain('application/problem+json');
    expect((await call('POST', `${base()}/2099-01/generate`, liam, {})).status).toBe(400);
    expect((await call('GET', '/teams/not-a-guid/reports', liam)).status).toBe(400);
    expect((await call('POST', `${base()}/${MONTH}/generate`, liam, { send: 'yes' })).status).toBe(400);
    expect((await call('POST', `${base()}/${MONTH}/generate`, liam, { extra: 1 })).status).toBe(400);
    expect(await TeamReportModel.findOne({ _id: teamReportKey(stack.tenantId, liam.id, '2099-01') }).lean()).toBeNull();
    expect(await TeamReportModel.findOne({ _id: teamReportKey(stack.tenantId, liam.id, MONTH) }).lean()).toBeNull();
  });

  it('answers 404 to outsiders, people without reports as teams, and other tenants; 403 to members generating', async () => {
    for (const path of [base(), `${base()}/${MONTH}`]) expect((await call('GET', path, outsider)).status).toBe(404);
    expect((await call('POST', `${base()}/${MONTH}/generate`, outsider, {})).status).toBe(404);
    expect((await call('GET', `/teams/${member.id}/reports`, liam)).status).toBe(404);
    expect((await call('GET', `/teams/00000000-0000-4000-8000-000000000000/reports`, liam)).status).toBe(404);

    const asMember = await call('POST', `${base()}/${MONTH}/generate`, member, {});
    expect(asMember.status).toBe(403);
    expect((await call('POST', `${base()}/${MONTH}/generate`, member, { send: true })).status).toBe(403);
    expect((await call<TeamReport>('GET', `${base()}/${MONTH}`, member)).body.allowedActions).toEqual(['read']);

    await onboardTenant(OTHER_TENANT, 'Other tenant');
    await insertPeople(OTHER_TENANT, [
      { ...liam, managerId: null },
      { ...priya, managerId: null },
    ]);
    const foreignLiam = await tokenOf(stack, OTHER_TENANT, liam, []);
    expect((await call('GET', base(), foreignLiam)).status).toBe(404);
    expect((await call('GET', `${base()}/${MONTH}`, foreignLiam)).status).toBe(404);
    expect((await call('POST', `${base()}/${MONTH}/generate`, foreignLiam, { send: true })).status).toBe(404);
    expect(await TeamReportModel.findOne({ _id: teamReportKey(OTHER_TENANT, liam.id, MONTH) }).lean()).toBeNull();
    expect(await TeamReportModel.findOne({ _id: teamReportKey(stack.tenantId, liam.id, MONTH) }).lean()).toBeNull();
  });

  it('previews a month, then generates, mails once to the manager and their manager, and answers 409 after', async () => {
    const preview = await call<TeamReport>('GET', `${base()}/${MONTH}`, liam);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ preview: true, month: MONTH, teamId: liam.id, delivery: { status: 'not_sent' } });
    expect(preview.body.weeks).toEqual(weeksOfMonth(MONTH));
    expect(preview.body.allowedActions).toEqual(['read', 'generate', 'send']);
    expect(preview.body.team).toMatchObject({ managerId: liam.id, name: "Liam Novak's team" });
    expect(preview.body.team.people).toBeGreaterThan(3);

    // Lasted more than two weeks: ≥ 3 consecutive sent mails of the same person with the same normalised text.
    const red = preview.body.lasting.redPriorities.map((item) => [item.personId, item.text.toLowerCase(), item.weeks]);
    expect(red).toContainEqual([priya.id, 'migrate the billing db', ['2026-W40', '2026-W41', '2026-W42']]);
    expect(red).toContainEqual([priya.id, 'vendor contract', ['2026-W38', '2026-W39', '2026-W40']]);
    const texts = preview.body.lasting.redPriorities.map((item) => item.text.toLowerCase());
    expect(texts).not.toContain('hire sre'); // two weeks only
    expect(texts).not.toContain('fix flaky ci'); // not consecutive
    expect(texts).not.toContain('docs'); // yellow
    expect(texts).not.toContain('ship v2'); // the third mail is a draft
    const risks = preview.body.lasting.risks.map((item) => [item.personId, item.text, item.weeks.length]);
    expect(risks).toContainEqual([priya.id, XSS, 3]);
    expect(risks).not.toContainEqual(expect.arrayContaining(['Budget freeze']));
    const indexes = await Promise.all(
      weeksOfMonth(MONTH).map((week) =>
        WinIndexModel.findOne({ _id: teamWeekKey(stack.tenantId, liam.id, week) }).lean<{ winIds: string[] }>(),
      ),
    );
    expect(preview.body.wins.count).toBe(indexes.reduce((sum, index) => sum + (index?.winIds.length ?? 0), 0));
    expect(preview.body.wins.top[0]).toMatchObject({ text: `Launched ${XSS}`, reactions: 60, authorId: member.id });
    const reactions = preview.body.wins.top.map((w) => w.reactions);
    expect(reactions).toEqual([...reactions].sort((a, b) => b - a));

    const listed = await call<TeamReportList>('GET', base(), member);
    expect(listed.status).toBe(200);
    expect(listed.body.months).toHaveLength(12);
    expect(listed.body.months.find((m) => m.month === MONTH)).toEqual({
      month: MONTH,
      stored: false,
      generatedAt: null,
      deliveryStatus: 'not_sent',
    });

    const generated = await call<TeamReport>('POST', `${base()}/${MONTH}/generate`, liam, {});
    expect(generated.status).toBe(200);
    expect(generated.body).toMatchObject({ preview: false, delivery: { status: 'not_sent' } });
    const stored = await TeamReportModel.findOne({ _id: teamReportKey(stack.tenantId, liam.id, MONTH) }).lean<TeamReportRecord>();
    expect(stored).toMatchObject({
      tenantId: stack.tenantId,
      teamId: liam.id,
      month: MONTH,
      generatedBy: liam.id,
      delivery: { status: 'not_sent' },
    });
    expect(stored!.content.lasting.risks[0]?.text).toBe(XSS);
    expect(mailsFrom(liam, MONTH)).toHaveLength(0);

    const again = await call<TeamReport>('POST', `${base()}/${MONTH}/generate`, ava, {});
    expect(again.status).toBe(200);
    expect((await TeamReportModel.findOne({ _id: teamReportKey(stack.tenantId, liam.id, MONTH) }).lean<TeamReportRecord>())!.version).toBe(
      2,
    );

    const sent = await call<TeamReport>('POST', `${base()}/${MONTH}/generate`, liam, { send: true });
    expect(sent.status).toBe(200);
    expect(sent.body.delivery).toMatchObject({ status: 'sent', sentBy: liam.id, sender: liam.mail });
    expect(sent.body.delivery.messageId).toBeTruthy();
    const mails = mailsFrom(liam, MONTH);
    expect(mails).toHaveLength(1);
    expect(addresses(mails[0]!)).toEqual([liam.mail, ava.mail].map((a) => a.toLowerCase()).sort());
    expect(mails[0]!.requestId).toBe(sent.body.delivery.messageId);
    const html = mails[0]!.body.message.body.content;
    expect(mails[0]!.body.message.body.contentType).toBe('HTML');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(XSS);
    expect(html).toContain(encodeURIComponent(`team-rituals/${liam.id}/report`));
    expect(html).toContain('<table');
    expect(stack.graph.mail.sentItems(stack.tenantId, liam.id).some((m) => m.subject === mails[0]!.body.message.subject)).toBe(true);

    const twice = await call('POST', `${base()}/${MONTH}/generate`, ava, { send: true });
    expect(twice.status).toBe(409);
    expect(mailsFrom(liam, MONTH)).toHaveLength(1);
    const read = await call<TeamReport>('GET', `${base()}/${MONTH}`, member);
    expect(read.body).toMatchObject({ preview: false, delivery: { status: 'sent' } });
    expect((await call<TeamReportList>('GET', base(), liam)).body.months.find((m) => m.month === MONTH)).toMatchObject({
      stored: true,
      deliveryStatus: 'sent',
    });
  });

  it('does not mail the current month, and records a refused mail as failed so it can be retried', async () => {
    const current = (await call<TeamReportList>('GET', base(), liam)).body.months[0]!.month;
    expect((await call('POST', `${base()}/${current}/generate`, liam, { send: true })).status).toBe(400);
    stack.graph.mail.refuseSendMail(stack.tenantId, 1, 403);
    const refused = await call<TeamReport>('POST', `/teams/${priya.id}/reports/2026-07/generate`, priya, { send: true });
    expect(refused.status).toBe(200);
    expect(refused.body.delivery.status).toBe('failed');
    expect(mailsFrom(priya, '2026-07')).toHaveLength(0);
    const retried = await call<TeamReport>('POST', `/teams/${priya.id}/reports/2026-07/generate`, priya, { send: true });
    expect(retried.body.delivery.status).toBe('sent');
    expect(addresses(mailsFrom(priya, '2026-07')[0]!)).toEqual([priya.mail, liam.mail].map((a) => a.toLowerCase()).sort());
  });
});

describe('monthly report job', () => {
  const job = () => stack.server.context.monthlyReports;
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    // Jonas's team uses a channel tab; Liam's team (demo seeds) has metrics.
    await ChannelTabModel.collection.replaceOne(
      { _id: channelTabKey(stack.tenantId, '19:reports-test@thread.tacv2') as never },
      {
        tenantId: stack.tenantId,
        channelId: '19:reports-test@thread.tacv2',
        groupId: '0f0e0d0c-0b0a-4908-8706-050403020100',
        teamId: jonas.id,
        channelName: 'Apps team',
        boundBy: jonas.id,
        boundAt: new Date(),
        version: 1,
      },
      { upsert: true },
    );
  });

  it('waits for the first working day from 08:00 (1 November 2026 is a Sunday), then mails each team once', async () => {
    expect(await job().run(stack.tenantId, at('2026-11-01T09:00:00Z'))).toMatchObject({ due: false, sent: 0 });
    expect(await job().run(stack.tenantId, at('2026-11-02T06:30:00Z'))).toMatchObject({ due: false, sent: 0 }); // 07:30 Berlin
    expect(mailsFrom(jonas, MONTH)).toHaveLength(0);
    const first = await job().run(stack.tenantId, at('2026-11-02T08:00:00Z'));
    expect(first).toMatchObject({ due: true, month: MONTH, failed: 0 });
    expect(first.sent).toBeGreaterThanOrEqual(1);
    expect(mailsFrom(jonas, MONTH)).toHaveLength(1);
    expect(addresses(mailsFrom(jonas, MONTH)[0]!)).toEqual([jonas.mail, liam.mail].map((a) => a.toLowerCase()).sort());
    expect(mailsFrom(liam, MONTH)).toHaveLength(1); // mailed through the API before: not again
    const stored = await TeamReportModel.findOne({ _id: teamReportKey(stack.tenantId, jonas.id, MONTH) }).lean<TeamReportRecord>();
    expect(stored).toMatchObject({ generatedBy: 'schedule', delivery: { status: 'sent', sentBy: 'schedule' } });

    const second = await job().run(stack.tenantId, at('2026-11-02T09:00:00Z'));
    expect(second).toMatchObject({ due: true, sent: 0 });
    expect(second.already).toBeGreaterThanOrEqual(2);
    expect(mailsFrom(jonas, MONTH)).toHaveLength(1);
    expect(await job().run(stack.tenantId, at('2026-11-20T09:00:00Z'))).toMatchObject({ due: false });
  });

  it('sends one mail per team when two instances race on one database', async () => {
    const other = secondRunner('second-instance');
    // Without leases: both runners compute, store and try to send at the same moment; the claim lets one through.
    const now = at('2026-10-01T08:00:00Z'); // Thursday 1 October, 10:00 Berlin → September's report
    const [a, b] = await Promise.all([job().run(stack.tenantId, now), other.run(stack.tenantId, now)]);
    expect(a.sent + b.sent).toBeGreaterThanOrEqual(2);
    expect(a.failed + b.failed).toBe(0);
    expect(mailsFrom(jonas, '2026-09')).toHaveLength(1);
    expect(mailsFrom(liam, '2026-09')).toHaveLength(1);

    // Through the scheduler: two instances with different lease holders tick the same job at once.
    const logger = pino({ level: 'silent' });
    const runners = [job(), secondRunner('third-instance')];
    const schedulers = [new Scheduler(new Leases('holder-a'), logger), new Scheduler(new Leases('holder-b'), logger)];
    const august = at('2026-09-01T08:00:00Z'); // Tuesday 1 September → August's report
    await Promise.all(
      schedulers.map((scheduler, index) =>
        scheduler.tick({
          name: 'monthly-team-reports-race',
          intervalMs: 60_000,
          run: async (tenantId) => void (await runners[index]!.run(tenantId, august)),
        }),
      ),
    );
    expect(mailsFrom(jonas, '2026-08')).toHaveLength(1);
    expect(mailsFrom(liam, '2026-08')).toHaveLength(1);
    expect(stack.graph.mail.sentMails(OTHER_TENANT)).toHaveLength(0);
  });

  it('lets exactly one of many concurrent deliveries of a stored report through (the claim, not the status read, decides)', async () => {
    const services = [serviceOn(), serviceOn(), serviceOn()];
    expect(await services[0]!.ensureStored(stack.tenantId, jonas.id, '2026-06')).toMatchObject({ delivery: { status: 'not_sent' } });
    const results = await Promise.all(
      services.map((service, index) => service.deliver(stack.tenantId, jonas.id, '2026-06', `racer-${index}`, 'schedule')),
    );
    expect(results.sort()).toEqual(['already', 'already', 'sent']);
    expect(mailsFrom(jonas, '2026-06')).toHaveLength(1);
    const stored = await TeamReportModel.findOne({ _id: teamReportKey(stack.tenantId, jonas.id, '2026-06') }).lean<TeamReportRecord>();
    expect(stored!.delivery).toMatchObject({ status: 'sent', claimedBy: expect.stringMatching(/^racer-/) });
  });
});
