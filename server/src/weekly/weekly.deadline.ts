import { DateTime } from 'luxon';
import type { CheckInDeadlines, Weekday } from '../contract/index.js';
import { isoWeekOf, isoWeekStart, localDate } from '../okrs/periods.js';

const WEEKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The instant a weekly mail is due: `time` (HH:MM) on the check-in day of the ISO week, in the given time zone. */
export function weeklyDeadline(isoWeek: string, checkInDay: Weekday, time: string, timeZone: string): Date {
  const day = DateTime.fromJSDate(isoWeekStart(isoWeek), { zone: 'utc' })
    .plus({ days: WEEKDAYS.indexOf(checkInDay) })
    .toISODate()!;
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromISO(day, { zone: timeZone }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** What a deadline is computed from: the tenant's check-in day and times. */
export interface DeadlineRules {
  checkInDay: Weekday;
  deadlines: CheckInDeadlines;
}

/** When a person's weekly mail is due: managers by the manager time, members by the members time, in the author's time zone. */
export function authorDeadline(isoWeek: string, rules: DeadlineRules, isManager: boolean, timeZone: string): Date {
  return weeklyDeadline(isoWeek, rules.checkInDay, isManager ? rules.deadlines.manager : rules.deadlines.members, timeZone);
}

/** When a manager reviews the week's mails: the review time on the check-in day, in the manager's time zone. */
export function reviewTime(isoWeek: string, rules: DeadlineRules, timeZone: string): Date {
  return weeklyDeadline(isoWeek, rules.checkInDay, rules.deadlines.review, timeZone);
}

/** The ISO week of a moment as a clock in `timeZone` shows it. */
export function isoWeekIn(now: Date, timeZone: string): string {
  return isoWeekOf(new Date(`${localDate(now, timeZone)}T00:00:00Z`));
}
