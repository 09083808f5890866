import { isoWeekOf, isoWeekStart } from '../../src/okrs/periods.js';
import type { GraphStandIn } from '../graph/server.js';
import type { GraphUser } from '../org/types.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * DAY_MS;

/** Demo pairs whose recurring 1:1 lives in the Graph stand-in's calendars (manager and report UPNs). */
export const DEMO_CALENDAR_PAIRS = {
  /** Weekly on Thursday; the next occurrence is moved to Friday. */
  rescheduled: { managerUpn: 'julia.santos@northstar.demo', reportUpn: 'anna.berg@northstar.demo' },
  /** Weekly on Tuesday; the next occurrence is cancelled. */
  cancelled: { managerUpn: 'julia.santos@northstar.demo', reportUpn: 'omar.farouk@northstar.demo' },
  /** Every other Monday, nothing changed. */
  plain: { managerUpn: 'jonas.becker@northstar.demo', reportUpn: 'chloe.dubois@northstar.demo' },
} as const;

/** The demo person out of office next week (an all-day event shown as out of office, and automatic replies). */
export const DEMO_OUT_OF_OFFICE_UPN = 'theo.laurent@northstar.demo';

/** The first occurrence after `after` of a series starting at `first` every `stepMs`. */
function nextAfter(first: number, stepMs: number, after: number): number {
  return first + Math.max(0, Math.ceil((after - first) / stepMs)) * stepMs;
}

const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Puts the demo's Outlook data into the Graph stand-in (kept in memory, so on every start): three pairs
 * with a recurring 1:1 series (one with its next occurrence moved, one with it cancelled) and the demo
 * report out of office Monday to Wednesday next week.
 */
export function seedDemoCalendars(graph: GraphStandIn, tenantId: string, people: readonly GraphUser[], today: Date): void {
  const byUpn = new Map(people.map((person) => [person.userPrincipalName, person]));
  const monday = isoWeekStart(isoWeekOf(today)).getTime();
  const now = today.getTime();
  const series = (
    pair: { managerUpn: string; reportUpn: string },
    weekday: number,
    hour: number,
    intervalWeeks: number,
    change: 'reschedule' | 'cancel' | null,
  ): void => {
    const manager = byUpn.get(pair.managerUpn);
    const report = byUpn.get(pair.reportUpn);
    if (!manager || !report) return;
    const first = monday - 4 * WEEK_MS + weekday * DAY_MS + hour * HOUR_MS;
    const next = nextAfter(first, intervalWeeks * WEEK_MS, now + HOUR_MS);
    graph.calendar.addSeries(tenantId, {
      organizerId: manager.id,
      attendeeIds: [report.id],
      subject: `${manager.givenName} / ${report.givenName} 1:1`,
      start: new Date(first).toISOString(),
      durationMinutes: 30,
      intervalWeeks,
      cancelled: change === 'cancel' ? [dateOf(next)] : [],
      rescheduled: change === 'reschedule' ? [{ original: dateOf(next), start: new Date(next + DAY_MS + 2 * HOUR_MS).toISOString() }] : [],
    });
  };
  series(DEMO_CALENDAR_PAIRS.rescheduled, 3, 9, 1, 'reschedule');
  series(DEMO_CALENDAR_PAIRS.cancelled, 1, 14, 1, 'cancel');
  series(DEMO_CALENDAR_PAIRS.plain, 0, 15, 2, null);

  const away = byUpn.get(DEMO_OUT_OF_OFFICE_UPN);
  if (!away) return;
  const nextMonday = monday + WEEK_MS;
  graph.calendar.addEvent(tenantId, {
    userId: away.id,
    subject: 'Holiday',
    start: dateOf(nextMonday),
    end: dateOf(nextMonday + 3 * DAY_MS),
    isAllDay: true,
    showAs: 'oof',
  });
  graph.calendar.setAutomaticReplies(tenantId, away.id, {
    status: 'scheduled',
    scheduledStart: new Date(nextMonday + 7 * HOUR_MS).toISOString(),
    scheduledEnd: new Date(nextMonday + 2 * DAY_MS + 17 * HOUR_MS).toISOString(),
    internalReplyMessage: 'I am on holiday until Thursday.',
  });
}
