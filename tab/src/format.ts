/** Locale-aware formatting and ISO-week arithmetic for the tab's pages. */

/** Formatters for one locale (Teams reports e.g. `en-us`; Intl wants a BCP 47 tag). */
export interface Formatters {
  locale: string;
  number(value: number, maximumFractionDigits?: number): string;
  percent(share: number): string;
  date(isoDate: string): string;
  dateTime(iso: string): string;
}

function supportedLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

/** Creates formatters for a user's locale. */
export function formattersFor(requested: string): Formatters {
  const locale = supportedLocale(requested);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const numbers = new Map<number, Intl.NumberFormat>();
  return {
    locale,
    number(value, maximumFractionDigits = 2) {
      let format = numbers.get(maximumFractionDigits);
      if (!format) numbers.set(maximumFractionDigits, (format = new Intl.NumberFormat(locale, { maximumFractionDigits })));
      return format.format(value);
    },
    percent: (share) => percent.format(share),
    date: (isoDate) => date.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`)),
    dateTime: (iso) => dateTime.format(new Date(iso)),
  };
}

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export function dateIn(timeZone: string, at: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

/** The ISO week (`2026-W05`) of a calendar date. */
export function isoWeekOfDate(isoDate: string): string {
  const day = new Date(`${isoDate}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - weekday + 3);
  const year = day.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((day.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (`YYYY-MM-DD`) of an ISO week. */
export function mondayOf(isoWeek: string): string {
  const [yearText, weekText] = isoWeek.split('-W');
  const jan4 = new Date(Date.UTC(Number(yearText), 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000 + (Number(weekText) - 1) * 7 * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

/** The ISO week `offset` weeks after (negative: before) a week. */
export function shiftWeek(isoWeek: string, offset: number): string {
  const monday = new Date(`${mondayOf(isoWeek)}T00:00:00Z`);
  monday.setUTCDate(monday.getUTCDate() + offset * 7);
  return isoWeekOfDate(monday.toISOString().slice(0, 10));
}

/** Whole weeks from `earlier` to `later` (ISO weeks). */
export function weeksBetween(earlier: string, later: string): number {
  return Math.round((Date.parse(mondayOf(later)) - Date.parse(mondayOf(earlier))) / (7 * 86_400_000));
}

/** Confidence colour: 7–10 green, 4–6 yellow, 0–3 red. */
export function confidenceColor(confidence: number): 'green' | 'yellow' | 'red' {
  return confidence >= 7 ? 'green' : confidence >= 4 ? 'yellow' : 'red';
}
