import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphError } from '@microsoft/microsoft-graph-client';
import { startGraphStandIn, type SentMessageSpec } from '../../../server/dev/graph/server.js';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { isoWeekOf, isoWeekStart, shiftIsoWeek } from '../../../server/src/okrs/periods.js';
import { teamsAppId } from '../../../server/src/teams/app-id.js';
import { WeeklyReportModel, weeklyReportKey } from '../../../server/src/weekly/weekly.model.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { apiCaller } from '../../support/api-client.js';
import { startStack, type TestStack } from '../../support/stack.js';
import { standInClient, trustingDispatcher } from '../graph/graph-client.js';

/*
 * A weekly mail sent through Smart Alerts' "Send anyway" never reaches the send handler again: the
 * service finds it afterwards in the author's Sent Items (Graph stand-in), by the add-in's custom property.
 */

interface WeeklyBody {
  version: number;
  status: string;
  sentAt: string | null;
  onTime: boolean | null;
}
interface QueueBody {
  items: Array<{ author: { id: string }; status: string; report: WeeklyBody | null }>;
}

const OTHER_TENANT = '3b2a1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
const DAY_MS = 86_400_000;
const WEEK = isoWeekOf(new Date());
const LAST_WEEK = shiftIsoWeek(WEEK, -1);
const WEEK_START = isoWeekStart(WEEK).getTime();
const emptySave = { version: 0, checkIns: [], priorities: [], lastWeekPriorities: [], risks: '', timeOff: '' };

let stack: TestStack;
let team: GraphUser[];
const call = apiCaller(() => stack);
const reportsOf = (id: string): GraphUser[] => stack.people.filter((p) => p.managerId === id);
const sentItemsPath = (person: GraphUser): string => `/v1.0/users/${person.id}/mailFolders/sentitems/messages`;

/** A sent mail as Exchange keeps it: the add-in's tag in its custom properties. */
function taggedMail(author: GraphUser, isoWeek: string, sentDateTime: Date, reportAuthor: GraphUser = author): SentMessageSpec {
  const manager = managerOf(author);
  const tag = { reportId: `${reportAuthor.id}:${isoWeek}`, isoWeek, priorities: 0, apiOrigin: stack.baseUrl };
  return {
    subject: `Weekly OKR mail · ${isoWeek}`,
    body: '<p>No priorities this week.</p>',
    to: [{ name: manager.displayName, address: manager.mail ?? manager.userPrincipalName }],
    customProperties: { [teamsAppId(stack.clientId)]: { northstarWeekly: JSON.stringify(tag) } },
    sentDateTime,
  };
}

/** Saves the author's draft and records a prompted send attempt, as the pane and the send handler do. */
async function attemptSend(author: GraphUser): Promise<void> {
  expect((await call('PUT', `/weekly/${WEEK}`, author, emptySave)).status).toBe(200);
  const attempt = await call<WeeklyBody>('POST', `/weekly/${WEEK}/send-attempt`, author);
  expect(attempt.status, JSON.stringify(attempt.body)).toBe(200);
  expect(attempt.body).toMatchObject({ status: 'draft', version: 1 });
}

const own = async (author: GraphUser): Promise<WeeklyBody> => (await call<WeeklyBody>('GET', `/weekly/${WEEK}`, author)).body;
const managerOf = (person: GraphUser): GraphUser => stack.people.find((p) => p.id === person.managerId)!;
const queueStatus = async (author: GraphUser): Promise<string | undefined> =>
  (await call<QueueBody>('GET', `/weekly/review/${WEEK}`, managerOf(author))).body.items.find((item) => item.author.id === author.id)
    ?.status;

beforeAll(async () => {
  stack = await startStack();
  const candidates = stack.people.filter(
    (p) => p.managerId !== null && reportsOf(p.id).length === 0 && p.accountEnabled && p.appRoles.length === 0,
  );
  // Only people the demo seed gave no mail this week: every test starts from an untouched draft.
  const untouched = await Promise.all(candidates.map(async (person) => (await own(person)).version === 0));
  team = candidates.filter((_, index) => untouched[index]).slice(0, 8);
  expect(team).toHaveLength(8);
  // The latest deadline of the week anywhere (Sunday 23:59 at UTC−12): a mail sent now is on time.
  const admin = stack.people.find((p) => p.appRoles.includes('Admin'))!;
  const settings = await call<{ version: number }>('GET', '/settings', admin);
  const saved = await call('PUT', '/settings', admin, {
    version: settings.body.version,
    checkInDay: 'sunday',
    deadlines: { manager: '23:59', members: '23:59', review: '23:59' },
    timeZone: 'Etc/GMT+12',
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
});

describe('POST /api/weekly/:isoWeek/send-attempt', () => {
  it('answers 401 without a token and 400 for a week that does not exist', async () => {
    expect((await call('POST', `/weekly/${WEEK}/send-attempt`, null)).status).toBe(401);
    expect((await call('POST', '/weekly/2026-W60/send-attempt', team[0]!)).status).toBe(400);
    expect((await call('POST', '/weekly/not-a-week/send-attempt', team[0]!)).status).toBe(400);
  });

  it('answers 409 for a report never saved, and marks only the caller’s own stored draft, without a new version', async () => {
    const [author, colleague] = [team[0]!, team[1]!];
    expect((await call('POST', `/weekly/${WEEK}/send-attempt`, author)).status).toBe(409);
    expect(await WeeklyReportModel.countDocuments({ _id: weeklyReportKey(stack.tenantId, author.id, WEEK) })).toBe(0);

    await attemptSend(author);
    const stored = await WeeklyReportModel.findOne({ _id: weeklyReportKey(stack.tenantId, author.id, WEEK) }).lean();
    expect(stored).toMatchObject({ status: 'draft', version: 1 });
    expect(stored!.sendAttemptedAt).toBeInstanceOf(Date);
    // The pane keeps saving at the version it holds.
    expect((await call('PUT', `/weekly/${WEEK}`, author, { ...emptySave, version: 1, risks: 'Flu' })).status).toBe(200);
    const afterSave = await WeeklyReportModel.findOne({ _id: weeklyReportKey(stack.tenantId, author.id, WEEK) }).lean();
    expect(afterSave).toMatchObject({ version: 2, risks: 'Flu', sendAttemptedAt: stored!.sendAttemptedAt });

    // Someone else's attempt (the manager, a colleague, the same person in another tenant) marks only their own week.
    expect((await call('POST', `/weekly/${WEEK}/send-attempt`, managerOf(author))).status).toBe(409);
    expect((await call('PUT', `/weekly/${WEEK}`, colleague, emptySave)).status).toBe(200);
    expect((await call('POST', `/weekly/${WEEK}/send-attempt`, colleague)).status).toBe(200);
    await onboardTenant(OTHER_TENANT, 'Other tenant');
    await insertPeople(OTHER_TENANT, [{ ...author, managerId: null }]);
    const foreign = await tokenOf(stack, OTHER_TENANT, author);
    expect((await call('POST', `/weekly/${WEEK}/send-attempt`, foreign)).status).toBe(409);
    expect(await WeeklyReportModel.countDocuments({ _id: weeklyReportKey(OTHER_TENANT, author.id, WEEK) })).toBe(0);
    expect(await WeeklyReportModel.findOne({ _id: weeklyReportKey(stack.tenantId, author.id, WEEK) }).lean()).toMatchObject({ version: 2 });
  });
});

describe('a weekly mail recognised in the author’s Sent Items', () => {
  it('records a tagged mail as sent on time at its sentDateTime, once, for the author and the manager', async () => {
    const author = team[2]!;
    await attemptSend(author);
    expect(await own(author)).toMatchObject({ status: 'draft', sentAt: null });
    const sentAt = new Date(Math.min(Date.now(), WEEK_START + 6 * DAY_MS) - 60_000);
    sentAt.setUTCMilliseconds(0);
    stack.graph.mail.deliverSent(stack.tenantId, author.userPrincipalName, taggedMail(author, WEEK, sentAt));
    await new Promise((resolve) => setTimeout(resolve, 5_100)); // past the short "not found" cache of the read above

    expect(await queueStatus(author)).toBe('on_time');
    const report = await own(author);
    expect(report).toMatchObject({ status: 'sent', onTime: true, version: 2 });
    expect(Date.parse(report.sentAt!)).toBe(sentAt.getTime());

    const readsBefore = stack.graph.requestCount(sentItemsPath(author));
    for (let i = 0; i < 3; i += 1) expect(await own(author)).toMatchObject({ status: 'sent', version: 2 });
    expect(await queueStatus(author)).toBe('on_time');
    expect(stack.graph.requestCount(sentItemsPath(author))).toBe(readsBefore);
    const stored = await WeeklyReportModel.findOne({ _id: weeklyReportKey(stack.tenantId, author.id, WEEK) }).lean();
    expect(stored).toMatchObject({ status: 'sent', version: 2, onTime: true });
    expect(stored!.sentAt!.getTime()).toBe(sentAt.getTime());
  });

  it('records a mail sent after the deadline as late', async () => {
    const author = team[3]!;
    await attemptSend(author);
    // Sunday 23:59 at UTC−12 is Monday 11:59 UTC after the week; a day later is late.
    const sentAt = new Date(WEEK_START + 8 * DAY_MS + 12 * 3_600_000);
    stack.graph.mail.deliverSent(stack.tenantId, author.id, taggedMail(author, WEEK, sentAt));
    expect(await own(author)).toMatchObject({ status: 'sent', onTime: false, sentAt: sentAt.toISOString() });
    expect(await queueStatus(author)).toBe('late');
  });

  it('ignores a mail of another week, one tagged for someone else, and someone else’s mail', async () => {
    const [author, colleague] = [team[4]!, team[5]!];
    await attemptSend(author);
    const now = new Date(Math.min(Date.now(), WEEK_START + 6 * DAY_MS));
    stack.graph.mail.deliverSent(stack.tenantId, author.id, taggedMail(author, LAST_WEEK, now));
    stack.graph.mail.deliverSent(stack.tenantId, author.id, taggedMail(author, WEEK, now, colleague));
    stack.graph.mail.deliverSent(stack.tenantId, author.id, { ...taggedMail(author, WEEK, now), customProperties: {} });
    stack.graph.mail.deliverSent(stack.tenantId, colleague.id, taggedMail(colleague, WEEK, now, author));
    expect(await own(author)).toMatchObject({ status: 'draft', sentAt: null });
    expect(await queueStatus(author)).toBe('missing');
    expect(stack.graph.requestCount(sentItemsPath(author))).toBeGreaterThan(0);
    expect(stack.graph.requestCount(sentItemsPath(colleague))).toBe(0);
  });

  it('does not read the mailbox of a draft whose send was never attempted', async () => {
    const author = team[6]!;
    expect((await call('PUT', `/weekly/${WEEK}`, author, emptySave)).status).toBe(200);
    stack.graph.mail.deliverSent(stack.tenantId, author.id, taggedMail(author, WEEK, new Date()));
    expect(await own(author)).toMatchObject({ status: 'draft' });
    expect(await queueStatus(author)).toBe('missing');
    expect(stack.graph.requestCount(sentItemsPath(author))).toBe(0);
  });

  it('still answers, as a draft, when Graph fails or throttles', async () => {
    const author = team[7]!;
    await attemptSend(author);
    stack.graph.mail.deliverSent(
      stack.tenantId,
      author.id,
      taggedMail(author, WEEK, new Date(Math.min(Date.now(), WEEK_START + 6 * DAY_MS))),
    );
    for (const status of [500, 429] as const) {
      stack.graph.mail.failNextReads(stack.tenantId, 5, status);
      const started = Date.now();
      const reply = await call<WeeklyBody>('GET', `/weekly/${WEEK}`, author);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ status: 'draft', sentAt: null });
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(stack.graph.requestLog.some((entry) => entry.path === sentItemsPath(author) && entry.status === status)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 5_100));
    }
    stack.graph.mail.failNextReads(stack.tenantId, 0, 500);
    expect(await own(author)).toMatchObject({ status: 'sent', onTime: true });
  });
});

describe('the Graph stand-in’s Sent Items', () => {
  it('serves messages newest first with $filter on sentDateTime, $select, the custom-properties $expand and @odata.nextLink', async () => {
    const graph = await startGraphStandIn();
    const dispatcher = trustingDispatcher(graph);
    try {
      const tenantId = stack.tenantId;
      const [sender] = team;
      graph.setOrg(tenantId, [sender!]);
      const addInId = teamsAppId(stack.clientId);
      const property = `String {00020329-0000-0000-C000-000000000046} Name cecp-${addInId}`;
      for (let day = 0; day < 5; day += 1) {
        graph.mail.deliverSent(tenantId, sender!.userPrincipalName, {
          subject: `Mail ${day}`,
          to: [{ name: 'Someone', address: 'someone@example.com' }],
          customProperties: day === 4 ? { [addInId]: { northstarWeekly: '{"isoWeek":"x"}' } } : {},
          sentDateTime: new Date(WEEK_START + day * DAY_MS),
        });
      }
      const client = standInClient(graph, tenantId, dispatcher);
      const query = new URLSearchParams({
        $filter: `sentDateTime ge ${new Date(WEEK_START + DAY_MS).toISOString()}`,
        $select: 'id,subject,sentDateTime,from,toRecipients',
        $expand: `singleValueExtendedProperties($filter=id eq '${property}')`,
        $top: '3',
      });
      type Page = { value: Array<Record<string, unknown>>; '@odata.nextLink'?: string };
      const first = (await client.api(`/users/${sender!.id}/mailFolders/sentitems/messages?${query.toString()}`).get()) as Page;
      expect(first.value.map((m) => m.subject)).toEqual(['Mail 4', 'Mail 3', 'Mail 2']);
      expect(first.value[0]).toMatchObject({
        from: { emailAddress: { address: sender!.mail } },
        toRecipients: [{ emailAddress: { name: 'Someone', address: 'someone@example.com' } }],
        singleValueExtendedProperties: [{ id: property, value: JSON.stringify({ northstarWeekly: '{"isoWeek":"x"}' }) }],
      });
      expect(first.value[1]).not.toHaveProperty('singleValueExtendedProperties');
      expect(first.value[0]).not.toHaveProperty('body');
      const second = (await client.api(first['@odata.nextLink']!).get()) as Page;
      expect(second.value.map((m) => m.subject)).toEqual(['Mail 1']);
      expect(second['@odata.nextLink']).toBeUndefined();

      const named = (await client.api(`/users/${sender!.userPrincipalName}/mailFolders('SentItems')/messages`).get()) as Page;
      expect(named.value).toHaveLength(5);
      const failing = client.api(`/users/${sender!.id}/mailFolders/sentitems/messages?$filter=subject eq 'x'`).get();
      await expect(failing).rejects.toMatchObject({ statusCode: 400 } satisfies Partial<GraphError>);
      expect(graph.requestCount(`/v1.0/users/${sender!.id}/mailFolders/sentitems/messages`)).toBe(3);
    } finally {
      await graph.close();
      await dispatcher.close();
    }
  });
});
