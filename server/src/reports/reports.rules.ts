import { isoWeekOf, shiftIsoWeek } from '../okrs/periods.js';

const DAY_MS = 86_400_000;

/** The ISO weeks of a month (`YYYY-MM`): those whose Thursday falls in it (so every week belongs to exactly one month). */
export function weeksOfMonth(month: string): string[] {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7)) - 1;
  const first = Date.UTC(year, index, 1);
  const firstThursday = first + ((4 - new Date(first).getUTCDay() + 7) % 7) * DAY_MS;
  const weeks: string[] = [];
  for (let day = firstThursday; new Date(day).getUTCMonth() === index; day += 7 * DAY_MS) weeks.push(isoWeekOf(new Date(day)));
  return weeks;
}

/** The month before (negative offset) or after a `YYYY-MM` month. */
export function shiftMonth(month: string, offset: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + offset;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Last calendar day of a month, `YYYY-MM-DD`. */
export function lastDayOfMonth(month: string): string {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
}

/** The first Monday–Friday of a month, `YYYY-MM-DD`. */
export function firstWorkingDay(month: string): string {
  const first = new Date(`${month}-01T00:00:00Z`);
  const weekday = first.getUTCDay();
  const skip = weekday === 6 ? 2 : weekday === 0 ? 1 : 0;
  return new Date(first.getTime() + skip * DAY_MS).toISOString().slice(0, 10);
}

/** Text compared for "the same" priority or risk: trimmed, whitespace collapsed, lower-cased (Unicode NFKC). */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The risks of a mail's free-text risks field: one per non-empty line, list markers (`-`, `*`, `•`, `1.`) removed. */
export function risksOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim())
    .filter((line) => line !== '');
}

/** One mention of an item in one week's mail. */
export interface Mention {
  personId: string;
  isoWeek: string;
  text: string;
}

/** A run of consecutive weeks in which one person mentioned the same item. */
export interface LastingRun {
  personId: string;
  text: string;
  weeks: string[];
}

/** How many consecutive weekly mails make an item one that "lasted more than two weeks". */
export const LASTING_WEEKS = 3;

/**
 * Items that lasted more than two weeks: for each person and normalised text, the maximal runs of consecutive ISO
 * weeks with a mention, kept when a run spans at least {@link LASTING_WEEKS} weeks and touches one of `monthWeeks`.
 * The text shown is the latest mention's.
 */
export function lastingRuns(mentions: readonly Mention[], monthWeeks: readonly string[]): LastingRun[] {
  const inMonth = new Set(monthWeeks);
  const groups = new Map<string, Map<string, string>>();
  for (const mention of mentions) {
    const key = `${mention.personId}\u0000${normaliseText(mention.text)}`;
    if (normaliseText(mention.text) === '') continue;
    const weeks = groups.get(key) ?? new Map<string, string>();
    weeks.set(mention.isoWeek, mention.text.trim());
    groups.set(key, weeks);
  }
  const runs: LastingRun[] = [];
  for (const [key, weeks] of groups) {
    const personId = key.slice(0, key.indexOf('\u0000'));
    const sorted = [...weeks.keys()].sort();
    let run: string[] = [];
    const flush = () => {
      if (run.length >= LASTING_WEEKS && run.some((week) => inMonth.has(week)))
        runs.push({ personId, text: weeks.get(run[run.length - 1]!)!, weeks: run });
    };
    for (const week of sorted) {
      if (run.length > 0 && shiftIsoWeek(run[run.length - 1]!, 1) !== week) {
        flush();
        run = [];
      }
      run.push(week);
    }
    flush();
  }
  return runs.sort((a, b) => b.weeks.length - a.weeks.length || a.personId.localeCompare(b.personId) || a.text.localeCompare(b.text));
}
