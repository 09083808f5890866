import type { TimeOffPeriod } from '../contract/index.js';

const DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/** A `YYYY-MM-DD` day as e.g. `Mon 14 Dec`. */
function day(date: string): string {
  return DAY.format(new Date(`${date}T00:00:00Z`)).replace(',', '');
}

/** One time-off period as a line of the weekly mail, e.g. `Out of office Mon 14 Dec – Fri 18 Dec (Outlook: Holiday)`. */
export function describeTimeOff(period: TimeOffPeriod): string {
  if (period.end === null) return `Automatic replies on since ${day(period.start)}, no end date set`;
  const span = period.end === period.start ? day(period.start) : `${day(period.start)} – ${day(period.end)}`;
  if (period.source === 'automatic_replies') return `Automatic replies ${span}`;
  return `Out of office ${span}${period.subject ? ` (Outlook: ${period.subject})` : ' (Outlook calendar)'}`;
}
