import type { Client, GraphError } from '@microsoft/microsoft-graph-client';
import type { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGraphStandIn, type GraphStandIn } from '../../../server/dev/graph/server.js';
import { deterministicGuid } from '../../../server/dev/org/generate.js';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { standInClient, trustingDispatcher } from '../graph/graph-client.js';

const TENANT = '0c0c0c0c-3333-4333-8333-cccccccccccc';
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

type Event = Record<string, unknown> & {
  id: string;
  type: string;
  isCancelled: boolean;
  start: { dateTime: string; timeZone: string };
  seriesMasterId: string | null;
};
interface Page {
  value: Event[];
  '@odata.nextLink'?: string;
}

let standIn: GraphStandIn;
let dispatcher: Agent;
let client: Client;

const person = (name: string, managerId: string | null): GraphUser => ({
  id: deterministicGuid(TENANT, name),
  displayName: name,
  givenName: name,
  surname: 'Test',
  mail: `${name.toLowerCase()}@calendar.test`,
  userPrincipalName: `${name.toLowerCase()}@calendar.test`,
  jobTitle: '',
  department: '',
  employeeHireDate: '2020-01-01T00:00:00Z',
  accountEnabled: true,
  managerId,
  appRoles: [],
});
const manager = person('Mia', null);
const report = person('Ravi', manager.id);

/** Monday 09:00 UTC, four weeks before this week. */
const firstStart = (() => {
  const now = new Date();
  const monday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - ((now.getUTCDay() + 6) % 7) * DAY_MS;
  return monday - 4 * WEEK_MS + 9 * 3_600_000;
})();
const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const window = (weeks: number) =>
  `startDateTime=${new Date(firstStart - DAY_MS).toISOString()}&endDateTime=${new Date(firstStart + weeks * WEEK_MS).toISOString()}`;

async function drain(first: string, prefer?: string): Promise<{ items: Event[]; pages: number }> {
  const items: Event[] = [];
  let pages = 0;
  let link: string | undefined = first;
  while (link) {
    let request = client.api(link);
    if (prefer) request = request.header('Prefer', prefer);
    const page = (await request.get()) as Page;
    pages += 1;
    items.push(...page.value);
    link = page['@odata.nextLink'];
    if (link) expect(link.startsWith('https://')).toBe(true);
  }
  return { items, pages };
}

beforeAll(async () => {
  standIn = await startGraphStandIn();
  dispatcher = trustingDispatcher(standIn);
  client = standInClient(standIn, TENANT, dispatcher);
  standIn.setOrg(TENANT, [manager, report]);
});
afterAll(async () => {
  await dispatcher?.close();
  await standIn?.close();
});
beforeEach(() => {
  standIn.calendar.clearCalendars();
  standIn.clearRecords();
});

describe('Graph stand-in: calendars and mailbox settings', () => {
  it('expands a weekly series into occurrences in both calendars; a cancelled one leaves the organizer’s and stays cancelled in the attendee’s; a moved one is an exception', async () => {
    const cancelled = dateOf(firstStart + 2 * WEEK_MS);
    const moved = dateOf(firstStart + 3 * WEEK_MS);
    const movedTo = new Date(firstStart + 3 * WEEK_MS + DAY_MS + 3_600_000).toISOString();
    standIn.calendar.addSeries(TENANT, {
      organizerId: manager.id,
      attendeeIds: [report.id],
      subject: 'Mia / Ravi 1:1',
      start: new Date(firstStart).toISOString(),
      durationMinutes: 30,
      cancelled: [cancelled],
      rescheduled: [{ original: moved, start: movedTo }],
    });

    const organizer = await drain(`/users/${manager.id}/calendarView?${window(6)}`);
    expect(organizer.items.map((event) => event.type)).toEqual(['occurrence', 'occurrence', 'exception', 'occurrence', 'occurrence']);
    expect(organizer.pages).toBe(1);
    const [first] = organizer.items;
    expect(first).toMatchObject({
      subject: 'Mia / Ravi 1:1',
      isCancelled: false,
      isAllDay: false,
      showAs: 'busy',
      isOrganizer: true,
      start: { dateTime: `${new Date(firstStart).toISOString().slice(0, 19)}.0000000`, timeZone: 'UTC' },
      end: { timeZone: 'UTC' },
      organizer: { emailAddress: { name: 'Mia', address: 'mia@calendar.test' } },
      attendees: [{ type: 'required', emailAddress: { name: 'Ravi', address: 'ravi@calendar.test' } }],
      recurrence: null,
    });
    expect(first!['@odata.etag']).toMatch(/^W\/"/);
    expect(first!.seriesMasterId).toMatch(/^AAMkAG/);
    const exception = organizer.items[2]!;
    expect(exception.start.dateTime).toBe(`${movedTo.slice(0, 19)}.0000000`);
    expect(exception.originalStart).toBe(new Date(firstStart + 3 * WEEK_MS).toISOString().replace('.000Z', 'Z'));

    const attendee = await drain(`/users/${report.userPrincipalName}/calendarView?${window(6)}`);
    expect(attendee.items).toHaveLength(6);
    const cancelledCopy = attendee.items.find((event) => event.isCancelled)!;
    expect(cancelledCopy).toMatchObject({ type: 'exception', subject: 'Canceled: Mia / Ravi 1:1', isOrganizer: false });
    expect(cancelledCopy.start.dateTime.slice(0, 10)).toBe(cancelled);
    expect(attendee.items[0]!.seriesMasterId).not.toBe(first!.seriesMasterId);

    const master = (await client.api(`/users/${manager.id}/events/${first!.seriesMasterId}`).select('recurrence,type').get()) as Event;
    expect(master).toMatchObject({
      type: 'seriesMaster',
      recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] }, range: { type: 'noEnd' } },
    });
    expect(Object.keys(master)).not.toContain('subject');
  });

  it('pages with @odata.nextLink ($top and Prefer: odata.maxpagesize), honours $select and Prefer: outlook.timezone', async () => {
    standIn.calendar.addSeries(TENANT, {
      organizerId: manager.id,
      attendeeIds: [report.id],
      subject: 'Weekly',
      start: new Date(firstStart).toISOString(),
      durationMinutes: 30,
      occurrences: 5,
    });
    const byTop = await drain(`/users/${manager.id}/calendarView?${window(10)}&$top=2&$select=subject,start,type`);
    expect(byTop.pages).toBe(3);
    expect(byTop.items).toHaveLength(5);
    expect(new Set(byTop.items.map((event) => event.id)).size).toBe(5);
    expect(Object.keys(byTop.items[0]!).sort()).toEqual(['@odata.etag', 'id', 'start', 'subject', 'type']);
    const byPrefer = await drain(`/users/${manager.id}/calendarView?${window(10)}`, 'odata.maxpagesize=4');
    expect(byPrefer.pages).toBe(2);

    const response = await fetch(`${standIn.baseUrl}/users/${manager.id}/calendarView?${window(1)}`, {
      headers: {
        authorization: `Bearer ${await tokenFor()}`,
        Prefer: 'outlook.timezone="Pacific Standard Time"',
      },
      dispatcher,
    } as RequestInit);
    expect(response.status).toBe(200);
    expect(response.headers.get('preference-applied')).toBe('outlook.timezone="Pacific Standard Time"');
    const page = (await response.json()) as Page;
    const pacific = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Los_Angeles',
      hourCycle: 'h23',
      hour: '2-digit',
    }).format(new Date(firstStart));
    expect(page.value[0]!.start).toEqual({
      dateTime: expect.stringContaining(`T${pacific}:00:00.0000000`),
      timeZone: 'Pacific Standard Time',
    });
    expect(
      standIn.requestLog.some((entry) => entry.path === `/v1.0/users/${manager.id}/calendarView` && entry.query.includes('$top=2')),
    ).toBe(true);
  });

  it('answers one-off events (out of office), mailboxSettings with automatic replies, and Graph errors for bad requests', async () => {
    standIn.calendar.addEvent(TENANT, {
      userId: report.id,
      subject: 'Holiday',
      start: dateOf(firstStart + WEEK_MS),
      end: dateOf(firstStart + WEEK_MS + 2 * DAY_MS),
      isAllDay: true,
      showAs: 'oof',
    });
    const view = await drain(`/users/${report.id}/calendarView?${window(3)}`);
    expect(view.items).toEqual([
      expect.objectContaining({ type: 'singleInstance', showAs: 'oof', isAllDay: true, subject: 'Holiday', seriesMasterId: null }),
    ]);

    expect(await client.api(`/users/${report.id}/mailboxSettings`).get()).toMatchObject({
      timeZone: 'UTC',
      automaticRepliesSetting: { status: 'disabled', externalAudience: 'all' },
    });
    standIn.calendar.setAutomaticReplies(
      TENANT,
      report.id,
      {
        status: 'scheduled',
        scheduledStart: '2030-05-06T00:00:00Z',
        scheduledEnd: '2030-05-09T00:00:00Z',
        internalReplyMessage: 'Back Thursday',
      },
      'W. Europe Standard Time',
    );
    const settings = (await client.api(`/users/${report.id}/mailboxSettings`).select('automaticRepliesSetting').get()) as Record<
      string,
      unknown
    >;
    expect(settings).toEqual({
      '@odata.context': expect.stringContaining('/mailboxSettings'),
      automaticRepliesSetting: {
        status: 'scheduled',
        externalAudience: 'all',
        internalReplyMessage: 'Back Thursday',
        externalReplyMessage: '',
        scheduledStartDateTime: { dateTime: '2030-05-06T00:00:00.0000000', timeZone: 'UTC' },
        scheduledEndDateTime: { dateTime: '2030-05-09T00:00:00.0000000', timeZone: 'UTC' },
      },
    });

    const failure = async (path: string): Promise<GraphError> => {
      try {
        await client.api(path).get();
      } catch (error) {
        return error as GraphError;
      }
      throw new Error(`${path} answered 200`);
    };
    expect(await failure(`/users/${report.id}/calendarView`)).toMatchObject({ statusCode: 400, code: 'ErrorInvalidParameter' });
    expect(await failure(`/users/${report.id}/calendarView?${window(1)}&$filter=showAs eq 'oof'`)).toMatchObject({ statusCode: 400 });
    expect(await failure(`/users/${deterministicGuid(TENANT, 'nobody')}/calendarView?${window(1)}`)).toMatchObject({ statusCode: 404 });
    expect(await failure(`/users/${report.id}/events/AAMkAGnothing`)).toMatchObject({ statusCode: 404, code: 'ErrorItemNotFound' });

    standIn.calendar.failCalendar(TENANT, { count: 1, status: 500 });
    expect(await failure(`/users/${report.id}/mailboxSettings`)).toMatchObject({ statusCode: 500 });
    expect(await client.api(`/users/${report.id}/mailboxSettings`).get()).toMatchObject({
      automaticRepliesSetting: { status: 'scheduled' },
    });
  });
});

/** An unsigned token with the test tenant (the stand-in runs without a verifier here). */
async function tokenFor(): Promise<string> {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none' })}.${encode({ tid: TENANT })}.`;
}
