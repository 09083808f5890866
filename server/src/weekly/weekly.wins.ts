import type { WeeklyWin } from '../contract/index.js';
import { shiftIsoWeek } from '../okrs/periods.js';
import type { WinRecord } from '../wins/wins.model.js';

/** Where the weekly mail reads the author's wins (the wins service; none in setups without wins). */
export interface WinsSource {
  winsByAuthor(tenantId: string, authorId: string, isoWeeks: readonly string[]): Promise<WinRecord[]>;
}

/** A source without wins. */
export const NO_WINS: WinsSource = { winsByAuthor: async () => [] };

/** How many weeks back the mail looks for the author's previous mail (and so for wins not yet mailed). */
export const WINS_LOOKBACK_WEEKS = 4;

/** The weeks from `fromWeek` through `toWeek`, oldest first. */
export function weeksBetween(fromWeek: string, toWeek: string): string[] {
  const weeks: string[] = [];
  for (let week = fromWeek; week <= toWeek && weeks.length <= WINS_LOOKBACK_WEEKS; week = shiftIsoWeek(week, 1)) weeks.push(week);
  return weeks;
}

/** A win as the weekly mail lists it. */
export function presentWeeklyWin(win: WinRecord): WeeklyWin {
  return {
    id: win.id,
    isoWeek: win.isoWeek,
    text: win.text,
    link: win.link ? { kind: win.link.kind, id: win.link.id, title: win.link.title ?? null } : null,
    reactionCount: win.reactions.length,
    createdAt: new Date(win.createdAt).toISOString(),
  };
}
