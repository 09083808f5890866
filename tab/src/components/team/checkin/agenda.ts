import type { DiscussedMark, RedItem, TeamCheckInAgenda } from '@northstar/server/contract';

/** Which way confidence moved since last week, and how to say it. */
export interface ConfidenceTrend {
  direction: 'up' | 'down' | 'flat' | 'unknown';
  /** An arrow for the eye (hidden from screen readers). */
  arrow: string;
  /** The change in words, e.g. "up 1.5 since last week". */
  words: string;
}

/** Changes smaller than this (on the 0–10 scale) count as unchanged. */
const FLAT_BELOW = 0.05;

/** The trend of a confidence change (now − last week, 0–10 scale); `format` renders the number. */
export function confidenceTrend(change: number | null | undefined, format: (value: number) => string): ConfidenceTrend {
  if (change === null || change === undefined || !Number.isFinite(change))
    return { direction: 'unknown', arrow: '', words: 'no change known since last week' };
  if (Math.abs(change) < FLAT_BELOW) return { direction: 'flat', arrow: '→', words: 'unchanged since last week' };
  return change > 0
    ? { direction: 'up', arrow: '↑', words: `up ${format(change)} since last week` }
    : { direction: 'down', arrow: '↓', words: `down ${format(-change)} since last week` };
}

/** Every key the agenda lists that can be marked discussed, in agenda order (the loaded red items only). */
export function agendaKeys(agenda: TeamCheckInAgenda, moreRedItems: readonly RedItem[] = []): string[] {
  return [
    agenda.company.key,
    ...agenda.groups.map((group) => group.key),
    agenda.metrics.key,
    ...agenda.metrics.items.map((metric) => metric.key),
    ...agenda.redItems.items.map((item) => item.key),
    ...moreRedItems.map((item) => item.key),
  ];
}

/**
 * "n of m discussed": n from the server's count, m every item of the agenda: the company OKRs, each group, the
 * metrics section and each metric out of band, and every red item (all pages counted).
 */
export function agendaProgress(agenda: TeamCheckInAgenda): { discussed: number; total: number } {
  const total = 2 + agenda.groups.length + agenda.metrics.items.length + agenda.redItems.total;
  return { discussed: Math.min(agenda.discussedCount, total), total };
}

/** Appends a page of red items, leaving out any already shown (pages may shift while people send mails). */
export function appendRedItems(shown: readonly RedItem[], page: readonly RedItem[]): RedItem[] {
  const seen = new Set(shown.map((item) => item.key));
  return [...shown, ...page.filter((item) => !seen.has(item.key))];
}

/** The red items with one item's mark replaced (a mark made on a later page the server's answer does not carry). */
export function withMark(items: readonly RedItem[], key: string, mark: DiscussedMark): RedItem[] {
  return items.map((item) => (item.key === key ? { ...item, discussed: mark } : item));
}

/** The week label of an ISO week: "Week 49, 2026". */
export function weekLabel(isoWeek: string): string {
  const [year, week] = isoWeek.split('-W');
  return `Week ${Number(week)}, ${year}`;
}
