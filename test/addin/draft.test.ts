import { describe, expect, it } from 'vitest';
import type { WeeklyReport } from '../../server/src/contract/index.js';
import { currentIsoWeek } from '../../addin/src/api/weekly-client.js';
import { colorOf, draftOf, move, saveRequestOf, weeklyHints } from '../../addin/src/taskpane/draft.js';

const keyResult = (id: string, confidence: number | null, lastWeekConfidence: number | null) => ({
  keyResultId: id,
  objectiveId: 'o'.repeat(24),
  objectiveTitle: 'Customers love the product',
  title: `KR ${id.slice(0, 2)}`,
  unit: '%',
  start: 0,
  target: 100,
  value: 40,
  progress: 0.4,
  confidence,
  lastWeekConfidence,
  confidenceChange: null,
  note: '',
  checkedIn: false,
});

const report = (overrides: Partial<WeeklyReport> = {}): WeeklyReport => ({
  id: 'u:2026-W12',
  author: { id: 'u', displayName: 'Ava', email: 'ava@northstar.demo' },
  isoWeek: '2026-W12',
  status: 'draft',
  version: 0,
  keyResults: [keyResult('a'.repeat(24), 8, 8), keyResult('b'.repeat(24), null, null)],
  lastWeekPriorities: [{ title: 'Ship it', keyResultId: null, status: null }],
  priorities: [],
  risks: '',
  timeOff: '',
  calendarTimeOff: [],
  includeWins: true,
  wins: [],
  sentAt: null,
  onTime: null,
  reviewedAt: null,
  reviewedBy: null,
  reviewComment: null,
  allowedActions: ['read', 'update', 'render', 'send'],
  ...overrides,
});

describe('the task pane draft', () => {
  it('saves rows with a confidence, trimmed priorities (blank ones left out, at most four) and trimmed text', () => {
    const draft = draftOf(report());
    draft.priorities = [
      { title: '  Win Contoso ', keyResultId: 'a'.repeat(24) },
      { title: '   ', keyResultId: null },
      { title: 'B', keyResultId: null },
      { title: 'C', keyResultId: null },
      { title: 'D', keyResultId: null },
      { title: 'E', keyResultId: null },
    ];
    draft.risks = ' Vacation ';
    expect(saveRequestOf(draft, 3)).toEqual({
      version: 3,
      checkIns: [{ keyResultId: 'a'.repeat(24), value: 40, confidence: 8, note: '' }],
      lastWeekPriorities: [{ title: 'Ship it', keyResultId: null, status: null }],
      priorities: [
        { title: 'Win Contoso', keyResultId: 'a'.repeat(24) },
        { title: 'B', keyResultId: null },
        { title: 'C', keyResultId: null },
        { title: 'D', keyResultId: null },
      ],
      risks: 'Vacation',
      timeOff: '',
      includeWins: true,
    });
  });

  it('carries the wins switch from the report into the save request', () => {
    const draft = draftOf(report({ includeWins: false }));
    expect(draft.includeWins).toBe(false);
    expect(saveRequestOf(draft, 1).includeWins).toBe(false);
    expect(saveRequestOf({ ...draft, includeWins: true }, 1).includeWins).toBe(true);
  });

  it('ranks priorities by moving them, clamped at the ends', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 0, 5)).toEqual(['b', 'c', 'a']);
  });

  it('colours confidence 7–10 green, 4–6 yellow, 0–3 red', () => {
    expect([0, 3, 4, 6, 7, 10].map(colorOf)).toEqual(['red', 'red', 'yellow', 'yellow', 'green', 'green']);
  });

  it('hints at missing priorities and confidence, unlinked priorities, unexplained drops and unmarked last week', () => {
    const base = report();
    const draft = draftOf(base);
    expect(weeklyHints(base, draft).map((hint) => hint.message)).toEqual([
      "Add this week's priorities (P1–P4): your manager looks at them first.",
      'Give a confidence (0–10) for “KR bb”.',
      "Mark each of last week's priorities green, yellow or red.",
    ]);
    draft.priorities = [{ title: 'Win Contoso', keyResultId: null }];
    draft.checkIns[0]!.confidence = 5;
    draft.checkIns[1]!.confidence = 6;
    draft.lastWeekPriorities[0]!.status = 'green';
    expect(weeklyHints(base, draft).map((hint) => hint.message)).toEqual([
      'Link at least one priority to the key result it moves, so the work shows its outcome.',
      'Confidence in “KR aa” dropped 3 points: say why in the note.',
    ]);
    draft.checkIns[0]!.note = 'Lost a key account';
    draft.priorities[0]!.keyResultId = 'a'.repeat(24);
    expect(weeklyHints(base, draft)).toEqual([]);
  });

  it('names the ISO week of the local calendar date', () => {
    expect(currentIsoWeek(new Date(2026, 0, 1))).toBe('2026-W01');
    expect(currentIsoWeek(new Date(2027, 0, 3))).toBe('2026-W53');
    expect(currentIsoWeek(new Date(2026, 10, 22, 23, 30))).toBe('2026-W47');
  });
});
