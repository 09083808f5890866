import type { ConfidenceColor, SaveWeeklyReport, WeeklyReport } from '@northstar/server/contract';

/** At most this many priorities a week (P1–P4). */
export const MAX_PRIORITIES = 4;

/** One key result row as the author edits it. */
export interface CheckInDraft {
  keyResultId: string;
  value: number;
  /** Null until the author (or last week's check-in) gives one; rows without one are not saved. */
  confidence: number | null;
  note: string;
}

/** What the task pane edits: everything `PUT /api/weekly/:isoWeek` takes. */
export interface WeeklyDraft {
  checkIns: CheckInDraft[];
  lastWeekPriorities: Array<{ title: string; keyResultId: string | null; status: ConfidenceColor | null }>;
  priorities: Array<{ title: string; keyResultId: string | null }>;
  risks: string;
  timeOff: string;
  /** Whether the mail shows the author's wins section. */
  includeWins: boolean;
}

/** The editable part of a report. */
export function draftOf(report: WeeklyReport): WeeklyDraft {
  return {
    checkIns: report.keyResults.map((kr) => ({ keyResultId: kr.keyResultId, value: kr.value, confidence: kr.confidence, note: kr.note })),
    lastWeekPriorities: report.lastWeekPriorities.map((p) => ({ ...p })),
    priorities: report.priorities.map((p) => ({ title: p.title, keyResultId: p.keyResultId })),
    risks: report.risks,
    timeOff: report.timeOff,
    includeWins: report.includeWins,
  };
}

/** The save request for a draft: blank priorities and rows without confidence are left out. */
export function saveRequestOf(draft: WeeklyDraft, version: number): SaveWeeklyReport {
  return {
    version,
    checkIns: draft.checkIns.flatMap((row) =>
      row.confidence === null || !Number.isFinite(row.value)
        ? []
        : [{ keyResultId: row.keyResultId, value: row.value, confidence: row.confidence, note: row.note.trim() }],
    ),
    lastWeekPriorities: draft.lastWeekPriorities.filter((p) => p.title.trim() !== '').slice(0, MAX_PRIORITIES),
    priorities: draft.priorities
      .filter((p) => p.title.trim() !== '')
      .slice(0, MAX_PRIORITIES)
      .map((p) => ({ title: p.title.trim(), keyResultId: p.keyResultId })),
    risks: draft.risks.trim(),
    timeOff: draft.timeOff.trim(),
    includeWins: draft.includeWins,
  };
}

/** Moves item `index` of a list by `offset` places (clamped); returns a new list. */
export function move<T>(list: readonly T[], index: number, offset: number): T[] {
  const target = Math.max(0, Math.min(list.length - 1, index + offset));
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item as T);
  return copy;
}

/** Confidence colour (7–10 green, 4–6 yellow, 0–3 red). */
export function colorOf(confidence: number): ConfidenceColor {
  return confidence >= 7 ? 'green' : confidence >= 4 ? 'yellow' : 'red';
}

/** A hint about this week's mail, in the OKR coach's voice. */
export interface WeeklyHint {
  severity: 'warning' | 'tip';
  message: string;
}

/** Hints about the mail itself: missing priorities, priorities not tied to a key result, falling confidence, rows without confidence. */
export function weeklyHints(report: WeeklyReport, draft: WeeklyDraft): WeeklyHint[] {
  const hints: WeeklyHint[] = [];
  const priorities = draft.priorities.filter((p) => p.title.trim() !== '');
  if (priorities.length === 0)
    hints.push({ severity: 'warning', message: "Add this week's priorities (P1–P4): your manager looks at them first." });
  else if (report.keyResults.length > 0 && priorities.every((p) => p.keyResultId === null))
    hints.push({ severity: 'tip', message: 'Link at least one priority to the key result it moves, so the work shows its outcome.' });
  for (const row of draft.checkIns) {
    const kr = report.keyResults.find((candidate) => candidate.keyResultId === row.keyResultId);
    if (!kr) continue;
    if (row.confidence === null) hints.push({ severity: 'warning', message: `Give a confidence (0–10) for “${kr.title}”.` });
    else if (kr.lastWeekConfidence !== null && kr.lastWeekConfidence - row.confidence >= 2 && row.note.trim() === '')
      hints.push({
        severity: 'tip',
        message: `Confidence in “${kr.title}” dropped ${kr.lastWeekConfidence - row.confidence} points: say why in the note.`,
      });
  }
  if (draft.lastWeekPriorities.some((p) => p.status === null))
    hints.push({ severity: 'tip', message: "Mark each of last week's priorities green, yellow or red." });
  return hints;
}
