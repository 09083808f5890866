import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CALENDAR_PAIRS } from '../../../server/dev/seed/calendar.seed.js';
import { deterministicGuid } from '../../../server/dev/org/generate.js';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { OneOnOneAgenda, OneOnOneList, RenderedWeeklyMail, WeeklyReport } from '../../../server/src/contract/index.js';
import { isoWeekOf, isoWeekStart, localDate } from '../../../server/src/okrs/periods.js';
import { apiCaller, type ApiCall, type Reply } from '../../support/api-client.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * DAY_MS;
const ZONE = 'Europe/Berlin';

let stack: TestStack;
const caller = apiCaller(() => stack);
const call = <T = OneOnOneAgenda>(...args: Parameters<ApiCall>): Promise<Reply<T>> => caller<T>(...args);
const byUpn = (upn: string): GraphUser => stack.people.find((person) => person.userPrincipalName === upn)!;
const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Asks until `check` passes (calendars are read in the background when the first read is slow) or fails after `ms`. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 8000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
const agendaOf = (manager: GraphUser, report: GraphUser, as: GraphUser | string = manager) =>
  call('GET', `/one-on-ones/${manager.id}/${report.id}`, as);
const fromCalendar = (reply: Reply<OneOnOneAgenda>): boolean => reply.status === 200 && reply.body.nextDateSource === 'calendar';

/** Pairs of the demo org nobody else's calendar touches: one per manager, managers other than the seeded ones. */
let freePairs: Array<{ manager: GraphUser; report: GraphUser }>;
const takePair = (): { manager: GraphUser; report: GraphUser } => freePairs.shift()!;

/** A fresh tenant whose two people live in the Graph stand-in too. */
async function isolatedTenant(label: string): Promise<{ tenantId: string; manager: GraphUser; report: GraphUser; token: string }> {
  const tenantId = deterministicGuid('calendar-tests', label);
  const person = (name: string, managerId: string | null): GraphUser => ({
    id: deterministicGuid(tenantId, name),
    displayName: `${name} Test`,
    givenName: name,
    surname: 'Test',
    mail: `${name.toLowerCase()}@${label}.test`,
    userPrincipalName: `${name.toLowerCase()}@${label}.test`,
    jobTitle: '',
    department: '',
    employeeHireDate: '2020-01-01T00:00:00Z',
    accountEnabled: true,
    managerId,
    appRoles: [],
  });
  const manager = person('Maria', null);
  const report = person('Paul', manager.id);
  await onboardTenant(tenantId, label);
  await insertPeople(tenantId, [manager, report]);
  stack.graph.setOrg(tenantId, [manager, report]);
  return { tenantId, manager, report, token: await tokenOf(stack, tenantId, manager, []) };
}

beforeAll(async () => {
  stack = await startStack();
  const seededManagers = new Set(Object.values(DEMO_CALENDAR_PAIRS).map((pair) => byUpn(pair.managerUpn).id));
  seededManagers.add(byUpn('julia.santos@northstar.demo').id);
  const seen = new Set<string>();
  freePairs = [];
  for (const person of stack.people) {
    if (!person.managerId || seededManagers.has(person.managerId) || seen.has(person.managerId) || !person.accountEnabled) continue;
    if (stack.people.some((other) => other.managerId === person.id)) continue;
    seen.add(person.managerId);
    freePairs.push({ manager: stack.people.find((other) => other.id === person.managerId)!, report: person });
  }
});
afterAll(async () => {
  await stack?.stop();
});

describe('1:1 dates from the Outlook calendar', () => {
  it('takes the next date from the pair’s recurring series; a rescheduled occurrence is used at its new time', async () => {
    const manager = byUpn(DEMO_CALENDAR_PAIRS.rescheduled.managerUpn);
    const report = byUpn(DEMO_CALENDAR_PAIRS.rescheduled.reportUpn);
    const agenda = await eventually(() => agendaOf(manager, report), fromCalendar);
    expect(agenda.status, JSON.stringify(agenda.body)).toBe(200);
    const { calendar } = agenda.body;
    expect(calendar).toMatchObject({ rescheduled: true, subject: 'Julia / Anna 1:1', cancelledDates: [] });
    // The demo moved the next Thursday occurrence to Friday, two hours later.
    expect(Date.parse(calendar!.start) - Date.parse(calendar!.originalStart!)).toBe(DAY_MS + 2 * HOUR_MS);
    expect(new Date(calendar!.originalStart!).getUTCDay()).toBe(4);
    expect(Date.parse(calendar!.start)).toBeGreaterThan(Date.now());
    expect(agenda.body.nextDate).toBe(localDate(new Date(calendar!.start), ZONE));
    expect(agenda.body.cadence).toBe('weekly');

    const reads = stack.graph.requestLog.filter((entry) => entry.path === `/v1.0/users/${manager.id}/calendarView`);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]!.query).toMatch(/startDateTime=.*endDateTime=/);
    expect(reads.every((entry) => entry.status === 200)).toBe(true);

    const asReport = await agendaOf(manager, report, report);
    expect(asReport.body).toMatchObject({ nextDateSource: 'calendar', nextDate: agenda.body.nextDate, calendar });

    const list = await call<OneOnOneList>('GET', '/one-on-ones', manager);
    const anna = list.body.asManager.find((summary) => summary.report.id === report.id)!;
    expect(anna).toMatchObject({ nextDateSource: 'calendar', nextDate: agenda.body.nextDate, calendar: { rescheduled: true } });
    const theo = list.body.asManager.find((summary) => summary.report.upn === 'theo.laurent@northstar.demo')!;
    expect(theo.nextDateSource).not.toBe('calendar');
    expect(theo.calendar).toBeNull();
  });

  it('skips a cancelled occurrence: dropped from the organizer’s calendar (a gap in the pattern) or marked cancelled in an attendee’s', async () => {
    const manager = byUpn(DEMO_CALENDAR_PAIRS.cancelled.managerUpn);
    const report = byUpn(DEMO_CALENDAR_PAIRS.cancelled.reportUpn);
    const agenda = await eventually(() => agendaOf(manager, report), fromCalendar);
    const { calendar } = agenda.body;
    expect(calendar, JSON.stringify(agenda.body)).not.toBeNull();
    expect(agenda.body.cadence).toBe('weekly');
    expect(calendar!.rescheduled).toBe(false);
    expect(calendar!.cancelledDates).toHaveLength(1);
    // Weekly on Tuesday: the cancelled one is a week before the next.
    expect(Date.parse(`${calendar!.cancelledDates[0]}T00:00:00Z`)).toBe(
      Date.parse(`${dateOf(Date.parse(calendar!.start))}T00:00:00Z`) - WEEK_MS,
    );
    const plain = await eventually(
      () => agendaOf(byUpn(DEMO_CALENDAR_PAIRS.plain.managerUpn), byUpn(DEMO_CALENDAR_PAIRS.plain.reportUpn)),
      fromCalendar,
    );
    expect(plain.body).toMatchObject({ cadence: 'biweekly', calendar: { rescheduled: false, cancelledDates: [] } });

    // The report organizes this one, so the manager's copy of the cancelled occurrence stays, marked cancelled.
    const pair = takePair();
    const start = Math.floor((Date.now() - 2 * WEEK_MS + 3 * HOUR_MS) / 60_000) * 60_000;
    const cancelled = dateOf(start + 2 * WEEK_MS);
    stack.graph.calendar.addSeries(stack.tenantId, {
      organizerId: pair.report.id,
      attendeeIds: [pair.manager.id],
      subject: 'Catch-up',
      start: new Date(start).toISOString(),
      durationMinutes: 30,
      cancelled: [cancelled],
    });
    // A weekly meeting with a third person is not the pair's 1:1, even when it comes sooner.
    const third = stack.people.find((person) => person.id !== pair.manager.id && person.id !== pair.report.id)!;
    stack.graph.calendar.addSeries(stack.tenantId, {
      organizerId: pair.manager.id,
      attendeeIds: [pair.report.id, third.id],
      subject: 'Team sync',
      start: new Date(start - DAY_MS).toISOString(),
      durationMinutes: 30,
    });
    const other = await eventually(() => agendaOf(pair.manager, pair.report), fromCalendar);
    expect(other.body.calendar).toMatchObject({ subject: 'Catch-up', cancelledDates: [localDate(new Date(start + 2 * WEEK_MS), ZONE)] });
    expect(other.body.calendar!.start).toBe(new Date(start + 3 * WEEK_MS).toISOString());
  });

  it('without a series the schedule set in the tab or the cadence gives the date; a set date is overruled by a series', async () => {
    const pair = takePair();
    const path = `/one-on-ones/${pair.manager.id}/${pair.report.id}`;
    const before = await agendaOf(pair.manager, pair.report);
    expect(before.body).toMatchObject({ nextDateSource: 'cadence', calendar: null });
    const date = localDate(new Date(Date.now() + 10 * DAY_MS), ZONE);
    const set = await call('PUT', `${path}/schedule`, pair.manager, { nextDate: date, cadence: 'monthly' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ nextDate: date, nextDateSet: true, nextDateSource: 'set', cadence: 'monthly' });
  });
});

describe('time off from Outlook', () => {
  const nextMonday = (): number => isoWeekStart(isoWeekOf(new Date())).getTime() + WEEK_MS;

  it('puts the demo report’s out-of-office days next week on the agenda once (event and automatic replies agree)', async () => {
    const manager = byUpn('julia.santos@northstar.demo');
    const report = byUpn('theo.laurent@northstar.demo');
    const agenda = await eventually(
      () => agendaOf(manager, report),
      (reply) => reply.body.items.some((item) => item.kind === 'out_of_office'),
    );
    const items = agenda.body.items.filter((item) => item.kind === 'out_of_office');
    expect(items).toEqual([
      {
        id: `out-of-office:${report.id}:calendar:${dateOf(nextMonday())}`,
        kind: 'out_of_office',
        person: { id: report.id, name: 'Theo Laurent', upn: report.userPrincipalName },
        source: 'calendar',
        start: dateOf(nextMonday()),
        end: dateOf(nextMonday() + 2 * DAY_MS),
        subject: 'Holiday',
      },
    ]);
    const kinds = agenda.body.items.map((item) => item.kind);
    expect(kinds.indexOf('out_of_office')).toBeGreaterThan(kinds.indexOf('time_off'));
    expect((await agendaOf(manager, report, report)).body.items).toEqual(agenda.body.items);
  });

  it('shows automatic replies that are always on, and a manager’s own time off, for the pair', async () => {
    const pair = takePair();
    stack.graph.calendar.setAutomaticReplies(stack.tenantId, pair.report.id, { status: 'alwaysEnabled', internalReplyMessage: 'On leave' });
    stack.graph.calendar.addEvent(stack.tenantId, {
      userId: pair.manager.id,
      subject: 'Dentist',
      start: new Date(nextMonday() + 13 * HOUR_MS).toISOString(),
      end: new Date(nextMonday() + 15 * HOUR_MS).toISOString(),
      showAs: 'oof',
    });
    stack.graph.calendar.addEvent(stack.tenantId, {
      userId: pair.manager.id,
      subject: 'Busy, not away',
      start: new Date(nextMonday() + 16 * HOUR_MS).toISOString(),
      end: new Date(nextMonday() + 17 * HOUR_MS).toISOString(),
      showAs: 'busy',
    });
    const agenda = await eventually(
      () => agendaOf(pair.manager, pair.report),
      (reply) => reply.body.items.filter((item) => item.kind === 'out_of_office').length >= 2,
    );
    const away = agenda.body.items.filter((item) => item.kind === 'out_of_office');
    expect(away).toEqual([
      expect.objectContaining({ person: expect.objectContaining({ id: pair.report.id }), source: 'automatic_replies', end: null }),
      expect.objectContaining({
        person: expect.objectContaining({ id: pair.manager.id }),
        source: 'calendar',
        subject: 'Dentist',
        start: dateOf(nextMonday()),
        end: dateOf(nextMonday()),
      }),
    ]);
  });

  it('lists the author’s out-of-office days in the weekly mail draft and in its risks section (time off)', async () => {
    const report = byUpn('theo.laurent@northstar.demo');
    const week = isoWeekOf(new Date());
    const draft = await eventually(
      () => call<WeeklyReport>('GET', `/weekly/${week}`, report),
      (reply) => reply.status === 200 && reply.body.calendarTimeOff.length > 0,
    );
    expect(draft.body.calendarTimeOff).toEqual([
      { source: 'calendar', start: dateOf(nextMonday()), end: dateOf(nextMonday() + 2 * DAY_MS), subject: 'Holiday' },
    ]);
    const rendered = await call<RenderedWeeklyMail>('GET', `/weekly/${week}/render`, report);
    expect(rendered.status).toBe(200);
    const day = (ms: number): string =>
      new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(ms).replace(',', '');
    const line = `Out of office ${day(nextMonday())} – ${day(nextMonday() + 2 * DAY_MS)} (Outlook: Holiday)`;
    const risks = rendered.body.html.indexOf('Risks and blockers');
    expect(risks).toBeGreaterThan(0);
    expect(rendered.body.html.indexOf(line)).toBeGreaterThan(risks);
    const text = rendered.body.text;
    expect(text.slice(text.indexOf('RISKS AND BLOCKERS'))).toContain(line);
  });
});

describe('when Graph fails', () => {
  it('answers the agenda without the calendar when Graph is down, and stops asking for a while', async () => {
    const { tenantId, manager, report, token } = await isolatedTenant('graph-down');
    stack.graph.calendar.addSeries(tenantId, {
      organizerId: manager.id,
      attendeeIds: [report.id],
      subject: '1:1',
      start: new Date(Date.now() + DAY_MS).toISOString(),
      durationMinutes: 30,
    });
    stack.graph.calendar.failCalendar(tenantId, { count: 1000, status: 503 });
    const path = `/one-on-ones/${manager.id}/${report.id}`;
    const started = Date.now();
    const first = await call('GET', path, token);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(first.body).toMatchObject({ nextDateSource: 'cadence', calendar: null });
    expect(first.body.items.filter((item) => item.kind === 'out_of_office')).toEqual([]);
    const asked = stack.graph.requestCount(`/v1.0/users/${manager.id}/calendarView`, { tenantId });
    expect(asked).toBeGreaterThan(0);

    const again = Date.now();
    const second = await call('GET', path, token);
    expect(second.status).toBe(200);
    expect(Date.now() - again).toBeLessThan(1000);
    expect(stack.graph.requestCount(`/v1.0/users/${manager.id}/calendarView`, { tenantId })).toBe(asked);
    const list = await call<OneOnOneList>('GET', '/one-on-ones', token);
    expect(list.status).toBe(200);
    expect(list.body.asManager[0]).toMatchObject({ nextDateSource: 'cadence' });
  });

  it('does not wait for a slow Graph: answers without the calendar, then from the cache once the read finished', async () => {
    const { tenantId, manager, report, token } = await isolatedTenant('graph-slow');
    stack.graph.calendar.addSeries(tenantId, {
      organizerId: manager.id,
      attendeeIds: [report.id],
      subject: '1:1',
      start: new Date(Date.now() + DAY_MS).toISOString(),
      durationMinutes: 30,
    });
    stack.graph.calendar.delayCalendar(tenantId, 2500);
    const path = `/one-on-ones/${manager.id}/${report.id}`;
    const started = Date.now();
    const first = await call('GET', path, token);
    expect(first.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(first.body.nextDateSource).toBe('cadence');
    stack.graph.calendar.delayCalendar(tenantId, 0);
    const later = await eventually(() => call('GET', path, token), fromCalendar, 10_000);
    expect(later.body).toMatchObject({ nextDateSource: 'calendar', calendar: { subject: '1:1', rescheduled: false } });
  });
});
