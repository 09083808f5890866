import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { PreferencesModel } from '../../../server/src/me/preferences.model.js';
import { isoWeekOf, isoWeekStart } from '../../../server/src/okrs/periods.js';
import { authorDeadline } from '../../../server/src/weekly/weekly.deadline.js';
import { WeeklyReportModel, weeklyReportKey } from '../../../server/src/weekly/weekly.model.js';
import { startStack, type TestStack } from '../../support/stack.js';

/** Demo tenant rules (see the OKR seeder): Monday, manager 09:00, members 12:00, review 15:00, Europe/Berlin. */
const TENANT_ZONE = 'Europe/Berlin';
const DAY_MS = 86_400_000;
/** Three weeks ahead: no seeded or test-made mail exists for it. */
const WEEK = isoWeekOf(new Date(isoWeekStart(isoWeekOf(new Date())).getTime() + 21 * DAY_MS));
const monday = (time: string, zone = TENANT_ZONE): Date =>
  DateTime.fromISO(`${DateTime.fromJSDate(isoWeekStart(WEEK), { zone: 'utc' }).toISODate()}T${time}`, { zone }).toJSDate();

let stack: TestStack;
let managers: GraphUser[];
let members: GraphUser[];

interface Notification {
  userId: string;
  body: { activityType: string; topic: { source: string; webUrl: string }; templateParameters: Array<{ name: string; value: string }> };
}

const notifications = (type?: string): Notification[] =>
  (stack.graph.activityNotifications as unknown as Notification[]).filter((n) => type === undefined || n.body.activityType === type);
const recipients = (type: string): string[] =>
  notifications(type)
    .map((n) => n.userId)
    .sort();
const ids = (people: GraphUser[]): string[] => people.map((p) => p.id).sort();
const run = (at: Date) => stack.server.context.weeklyReminders.run(stack.tenantId, at);

async function put(path: string, as: GraphUser | null, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as) headers.authorization = `Bearer ${await stack.tokenFor(as.userPrincipalName)}`;
  const response = await fetch(`${stack.baseUrl}/api${path}`, { method: 'PUT', headers, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  stack = await startStack();
  const enabled = stack.people.filter((p) => p.accountEnabled);
  const hasReports = new Set(enabled.map((p) => p.managerId));
  managers = enabled.filter((p) => hasReports.has(p.id));
  members = enabled.filter((p) => !hasReports.has(p.id) && p.managerId !== null);
});

afterAll(async () => {
  await stack?.stop();
});

describe('PUT /api/me/preferences', () => {
  it('answers 401 without a token and 400 for a zone that does not exist or an unknown field', async () => {
    expect((await put('/me/preferences', null, { timeZone: 'Asia/Tokyo' })).status).toBe(401);
    const someone = members[0]!;
    const bad = await put('/me/preferences', someone, { timeZone: 'Mars/Olympus_Mons' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect((await put('/me/preferences', someone, { timeZone: 'Asia/Tokyo', tenantId: 'x' })).status).toBe(400);
    expect(await PreferencesModel.findOne({ _id: `${stack.tenantId}:${someone.id}` }).lean()).toBeNull();
  });

  it("stores the caller's own time zone, and only theirs", async () => {
    const someone = members[1]!;
    const saved = await put('/me/preferences', someone, { timeZone: 'America/New_York' });
    expect(saved).toEqual({ status: 200, body: { timeZone: 'America/New_York' } });
    const rows = await PreferencesModel.find({ tenantId: stack.tenantId }).lean();
    expect(rows.map((row) => [row.userId, row.timeZone])).toEqual([[someone.id, 'America/New_York']]);
    await PreferencesModel.deleteMany({ tenantId: stack.tenantId });
  });
});

describe('weekly-mail reminders in the Teams activity feed', () => {
  beforeEach(() => {
    stack.graph.clearRecords();
  });

  it('reads nothing and sends nothing when no deadline is near', async () => {
    const summary = await run(DateTime.fromJSDate(monday('12:00')).plus({ days: 2 }).toJSDate());
    expect(summary).toMatchObject({ idle: true, due: 0, overdue: 0, review: 0 });
    expect(notifications()).toEqual([]);
  });

  it("reminds a person in another time zone before their own deadline, not the tenant's", async () => {
    const traveller = members[2]!;
    await put('/me/preferences', traveller, { timeZone: 'Asia/Tokyo' });
    // 12:00 in Tokyo is early morning in Berlin, before anyone in Berlin is due.
    const summary = await run(monday('10:30', 'Asia/Tokyo'));
    expect(summary).toMatchObject({ idle: false, due: 1, overdue: 0 });
    expect(recipients('weeklyMailDue')).toEqual([traveller.id]);
    const [sent] = notifications('weeklyMailDue');
    expect(sent!.body.topic.source).toBe('text');
    expect(sent!.body.topic.webUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/entity\/[0-9a-f-]{36}\/home\?context=/);
    expect(sent!.body.templateParameters).toContainEqual({ name: 'week', value: WEEK });
    expect(stack.graph.requestLog.every((entry) => entry.throttlePriority === 'low')).toBe(true);
    expect(
      authorDeadline(
        WEEK,
        { checkInDay: 'monday', deadlines: { manager: '09:00', members: '12:00', review: '15:00' } },
        false,
        'Asia/Tokyo',
      ),
    ).toEqual(monday('12:00', 'Asia/Tokyo'));
  });

  it('reminds every manager shortly before 09:00 and members not yet, once per week', async () => {
    const summary = await run(monday('07:30'));
    // The traveller's noon in Tokyo has passed: they alone are overdue already.
    expect(summary).toMatchObject({ due: managers.length, overdue: 1, failed: 0 });
    expect(recipients('weeklyMailOverdue')).toEqual([members[2]!.id]);
    expect(recipients('weeklyMailDue')).toEqual(ids(managers));
    stack.graph.clearRecords();
    expect(await run(monday('08:45'))).toMatchObject({ due: 0 });
    expect(notifications()).toEqual([]);
  });

  it('reminds members before noon, and after the deadline only those who have not sent', async () => {
    const [sender, draftOnly] = [members[3]!, members[4]!];
    await WeeklyReportModel.create([sentReport(sender, 'sent'), { ...sentReport(draftOnly, 'draft'), sentAt: null, onTime: null }]);
    const traveller = members[2]!;
    // Members are due before noon, managers (09:00) are overdue; the sender and the already reminded traveller are left alone.
    expect(await run(monday('10:15'))).toMatchObject({ due: members.length - 2, overdue: managers.length });
    expect(recipients('weeklyMailOverdue')).toEqual(ids(managers));
    expect(recipients('weeklyMailDue')).not.toContain(sender.id);
    expect(recipients('weeklyMailDue')).toContain(draftOnly.id);

    stack.graph.clearRecords();
    const late = await run(monday('13:00'));
    expect(recipients('weeklyMailOverdue')).toEqual(ids(members.filter((m) => m !== sender && m !== traveller)));
    expect(late).toMatchObject({ due: 0, overdue: members.length - 2 });
  });

  it('tells a manager at review time how many sent mails wait, and only managers with some', async () => {
    const sender = members[3]!;
    const summary = await run(monday('15:10'));
    expect(summary).toMatchObject({ review: 1, due: 0, overdue: 0 });
    const [review] = notifications('weeklyReviewDue');
    expect(review!.userId).toBe(sender.managerId);
    expect(review!.body.templateParameters).toContainEqual({ name: 'count', value: '1' });
  });

  it('lets the week go a day after the deadline', async () => {
    expect(await run(new Date(monday('15:10').getTime() + DAY_MS))).toMatchObject({ idle: true, due: 0, overdue: 0, review: 0 });
    expect(notifications()).toEqual([]);
  });
});

function sentReport(author: GraphUser, status: 'sent' | 'draft') {
  return {
    _id: weeklyReportKey(stack.tenantId, author.id, WEEK),
    tenantId: stack.tenantId,
    authorId: author.id,
    isoWeek: WEEK,
    version: 1,
    status,
    priorities: [],
    lastWeekPriorities: [],
    risks: '',
    timeOff: '',
    sentAt: monday('09:30'),
    onTime: true,
    reviewedAt: null,
    reviewedBy: null,
    reviewComment: null,
  };
}
