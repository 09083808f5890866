import type { CalendarOccurrence, OneOnOneCadence, TimeOffPeriod } from '../contract/index.js';
import { localDate } from '../okrs/periods.js';
import type { AutomaticReplies, CalendarEvent, SeriesRecurrence } from './calendar.graph.js';

const MINUTE_MS = 60_000;
const WEEK_MS = 7 * 86_400_000;

/** The mail addresses (mail and UPN, lower-cased) by which a person can appear in an event. */
export interface PersonAddresses {
  id: string;
  addresses: readonly string[];
}

/**
 * The pair's recurring 1:1 series in a calendar view: the occurrences and exceptions (cancelled ones
 * included) of every series whose participants — the organizer and the attendees, rooms and other
 * resources left out — are exactly the manager and the report. Grouped by series master id.
 */
export function pairSeries(
  events: readonly CalendarEvent[],
  manager: PersonAddresses,
  report: PersonAddresses,
): Map<string, CalendarEvent[]> {
  const managerAddresses = new Set(manager.addresses.map((value) => value.toLowerCase()));
  const reportAddresses = new Set(report.addresses.map((value) => value.toLowerCase()));
  const groups = new Map<string, CalendarEvent[]>();
  for (const event of events) {
    if (!event.seriesMasterId || event.type === 'seriesMaster') continue;
    const participants = new Set([...(event.organizer ? [event.organizer] : []), ...event.attendees]);
    let hasManager = false;
    let hasReport = false;
    let other = false;
    for (const participant of participants) {
      if (managerAddresses.has(participant)) hasManager = true;
      else if (reportAddresses.has(participant)) hasReport = true;
      else other = true;
    }
    if (!hasManager || !hasReport || other) continue;
    const group = groups.get(event.seriesMasterId) ?? [];
    group.push(event);
    groups.set(event.seriesMasterId, group);
  }
  return groups;
}

/** The usual start of an instance: its original start when moved, else its start. */
const usualStart = (event: CalendarEvent): number => event.originalStartMs ?? event.startMs;

/**
 * The next occurrence of one series that is not cancelled and not over at `nowMs`, with the usual dates of the
 * occurrences cancelled before it: those the calendar still shows as cancelled (an attendee's copy) and, for a
 * weekly pattern, those missing from it (the organizer's calendar drops a cancelled occurrence).
 */
export function nextOccurrence(
  group: readonly CalendarEvent[],
  recurrence: SeriesRecurrence | null,
  nowMs: number,
  timeZone: string,
): CalendarOccurrence | null {
  const upcoming = group.filter((event) => !event.isCancelled && event.endMs > nowMs).sort((a, b) => a.startMs - b.startMs);
  const next = upcoming[0];
  if (!next) return null;
  const before = usualStart(next);
  const cancelled = new Set<number>();
  for (const event of group) {
    if (event.isCancelled && event.endMs > nowMs && usualStart(event) < Math.max(before, next.startMs)) cancelled.add(usualStart(event));
  }
  if (recurrence?.patternType === 'weekly' && recurrence.interval >= 1) {
    const step = recurrence.interval * WEEK_MS;
    const known = group.map(usualStart);
    const anchor = Math.min(...known);
    const near = (value: number): boolean => known.some((candidate) => Math.abs(candidate - value) < MINUTE_MS);
    // The first time of the pattern at or after now, also when the earliest instance seen lies after a dropped one.
    const first = anchor + Math.ceil((nowMs - anchor) / step) * step;
    for (let expected = first; expected < before && cancelled.size < 52; expected += step) {
      if (!near(expected)) cancelled.add(expected);
    }
  }
  const rescheduled =
    next.type === 'exception' && (next.originalStartMs === null || Math.abs(next.originalStartMs - next.startMs) >= MINUTE_MS);
  return {
    start: new Date(next.startMs).toISOString(),
    end: new Date(next.endMs).toISOString(),
    subject: next.subject,
    rescheduled,
    originalStart: rescheduled && next.originalStartMs !== null ? new Date(next.originalStartMs).toISOString() : null,
    cancelledDates: [...new Set([...cancelled].sort((a, b) => a - b).map((ms) => localDate(new Date(ms), timeZone)))],
    webLink: next.webLink,
  };
}

/** The cadence a recurrence pattern amounts to, or null when it is none of weekly, every other week, monthly. */
export function cadenceOf(recurrence: SeriesRecurrence | null): OneOnOneCadence | null {
  if (!recurrence) return null;
  if (recurrence.patternType === 'weekly') {
    return recurrence.interval === 1 ? 'weekly' : recurrence.interval === 2 ? 'biweekly' : recurrence.interval === 4 ? 'monthly' : null;
  }
  if ((recurrence.patternType === 'absoluteMonthly' || recurrence.patternType === 'relativeMonthly') && recurrence.interval === 1) {
    return 'monthly';
  }
  return null;
}

/** The day an instant falls on: for all-day events the UTC date (Graph was asked for UTC), else the tenant's. */
function dayOf(ms: number, allDay: boolean, timeZone: string): string {
  return allDay ? new Date(ms).toISOString().slice(0, 10) : localDate(new Date(ms), timeZone);
}

/**
 * Out-of-office periods overlapping `[fromMs, toMs)`: events shown as out of office (not cancelled) and
 * automatic replies that are always on or scheduled to end after `nowMs`. Days are in the tenant's time
 * zone; automatic replies within an out-of-office event's days are listed once, as the event.
 */
export function timeOffPeriods(
  events: readonly CalendarEvent[],
  replies: AutomaticReplies | null,
  window: { nowMs: number; fromMs: number; toMs: number },
  timeZone: string,
): TimeOffPeriod[] {
  const periods: TimeOffPeriod[] = [];
  const seen = new Set<string>();
  const add = (period: TimeOffPeriod): void => {
    const key = `${period.start}:${period.end ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    periods.push(period);
  };
  const sorted = [...events].sort((a, b) => a.startMs - b.startMs);
  for (const event of sorted) {
    if (event.showAs !== 'oof' || event.isCancelled || event.type === 'seriesMaster') continue;
    if (event.startMs >= window.toMs || event.endMs <= window.fromMs) continue;
    add({
      source: 'calendar',
      start: dayOf(event.startMs, event.isAllDay, timeZone),
      end: dayOf(Math.max(event.startMs, event.endMs - 1), event.isAllDay, timeZone),
      subject: event.subject,
    });
  }
  const covered = (start: string, end: string): boolean =>
    periods.some((period) => period.start <= start && period.end !== null && period.end >= end);
  if (replies?.status === 'alwaysEnabled') {
    add({ source: 'automatic_replies', start: localDate(new Date(window.nowMs), timeZone), end: null, subject: '' });
  } else if (replies?.status === 'scheduled' && replies.startMs !== null && replies.endMs !== null) {
    const start = localDate(new Date(replies.startMs), timeZone);
    const end = localDate(new Date(Math.max(replies.startMs, replies.endMs - 1)), timeZone);
    if (replies.endMs > window.nowMs && replies.startMs < window.toMs && replies.endMs > window.fromMs && !covered(start, end)) {
      add({ source: 'automatic_replies', start, end, subject: '' });
    }
  }
  return periods.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}
