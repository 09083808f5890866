import type { Period } from '../contract/index.js';

const DAY_MS = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** One formatter per time zone: building an `Intl.DateTimeFormat` costs far more than formatting with it. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's calendar date in a time zone, as `YYYY-MM-DD`. */
export function localDate(now: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(now);
}

/**
 * The fiscal quarter holding a calendar date. A fiscal year is named after the calendar year it
 * ends in (with a January start, the calendar year itself).
 */
export function periodIdOf(date: string, fiscalYearStartMonth: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const startYear = month >= fiscalYearStartMonth ? year : year - 1;
  const fiscalYear = fiscalYearStartMonth === 1 ? startYear : startYear + 1;
  const quarter = Math.floor(((month - fiscalYearStartMonth + 12) % 12) / 3) + 1;
  return `${fiscalYear}-Q${quarter}`;
}

/** First and last day of a period id. */
export function periodOf(id: string, fiscalYearStartMonth: number): Period {
  const fiscalYear = Number(id.slice(0, 4));
  const quarter = Number(id.slice(6, 7));
  const startYear = fiscalYearStartMonth === 1 ? fiscalYear : fiscalYear - 1;
  const monthIndex = fiscalYearStartMonth - 1 + (quarter - 1) * 3;
  return { id, start: isoDay(Date.UTC(startYear, monthIndex, 1)), end: isoDay(Date.UTC(startYear, monthIndex + 3, 0)) };
}

/** The period `offset` quarters after (or before, when negative) the given one. */
export function shiftPeriod(id: string, offset: number): string {
  const index = Number(id.slice(0, 4)) * 4 + Number(id.slice(6, 7)) - 1 + offset;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/** ISO 8601 week of a date (`2026-W05`); weeks start on Monday, week 1 holds the first Thursday. */
export function isoWeekOf(date: Date): string {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = day + (3 - weekday) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday (UTC midnight) of an ISO week. */
export function isoWeekStart(isoWeek: string): Date {
  const year = Number(isoWeek.slice(0, 4));
  const week = Number(isoWeek.slice(6));
  const jan4 = Date.UTC(year, 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(mondayOfWeek1 + (week - 1) * 7 * DAY_MS);
}

/** The ISO week `weeks` weeks after (negative: before) the given one. */
export function shiftIsoWeek(isoWeek: string, weeks: number): string {
  return isoWeekOf(new Date(isoWeekStart(isoWeek).getTime() + weeks * 7 * DAY_MS));
}

/** True when the string names a week that exists (week 53 only in long years). */
export function isValidIsoWeek(isoWeek: string): boolean {
  return isoWeekOf(isoWeekStart(isoWeek)) === isoWeek;
}

/** Hours the furthest-ahead time zone (UTC+14) is ahead of UTC. */
const FURTHEST_AHEAD_HOURS = 14;

/** The latest ISO week that has begun somewhere on Earth: check-ins for later weeks are in the future for everyone. */
export function latestStartedIsoWeek(now: Date): string {
  return isoWeekOf(new Date(now.getTime() + FURTHEST_AHEAD_HOURS * 3_600_000));
}
