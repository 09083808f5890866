import { DateTime } from 'luxon';
import type { Weekday } from '../contract/index.js';
import { isoWeekStart } from '../okrs/periods.js';

const WEEKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The instant a weekly mail is due: `time` (HH:MM) on the check-in day of the ISO week, in the tenant's time zone. */
export function weeklyDeadline(isoWeek: string, checkInDay: Weekday, time: string, timeZone: string): Date {
  const day = DateTime.fromJSDate(isoWeekStart(isoWeek), { zone: 'utc' })
    .plus({ days: WEEKDAYS.indexOf(checkInDay) })
    .toISODate()!;
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromISO(day, { zone: timeZone }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}
