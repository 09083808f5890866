import type { AtRiskKeyResult, CheckInObjective, DiscussedMark, PersonRef, RedItem } from '../contract/index.js';
import type { KeyResultRecord, ObjectiveRecord } from '../okrs/okrs.model.js';
import type { PersonRecord } from '../org/people.model.js';
import type { DiscussedMarkRecord } from './teamcheckin.model.js';

/** Confidence of a key result now and a week earlier (null: unknown), and why it is at risk. */
export interface KeyResultView {
  keyResult: KeyResultRecord;
  objective: ObjectiveRecord;
  progress: number;
  now: number | null;
  previous: number | null;
  reasons: Array<'low_confidence' | 'falling'>;
}

/** An objective with its key results' views and its progress. */
export interface ObjectiveView {
  objective: ObjectiveRecord;
  keyResults: KeyResultView[];
  progress: number;
}

/** A red priority or risk before presenting. */
export interface RedEntry {
  key: string;
  kind: 'red_priority' | 'risk';
  personId: string;
  text: string;
  keyResult: { id: string; title: string } | null;
  sentAt: Date | null;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;

/** Mean confidence now and last week and the mean change of the key results known both weeks (one decimal). */
export function confidenceOf(views: readonly KeyResultView[]): {
  confidence: number | null;
  confidenceLastWeek: number | null;
  confidenceChange: number | null;
} {
  const now = mean(views.flatMap((view) => (view.now === null ? [] : [view.now])));
  const before = mean(views.flatMap((view) => (view.previous === null ? [] : [view.previous])));
  const change = mean(views.flatMap((view) => (view.now === null || view.previous === null ? [] : [view.now - view.previous])));
  return {
    confidence: now === null ? null : round1(now),
    confidenceLastWeek: before === null ? null : round1(before),
    confidenceChange: change === null ? null : round1(change),
  };
}

/** Turns person ids into references, naming only the id for someone gone from the directory. */
export function refsOf(people: ReadonlyMap<string, PersonRecord>): (id: string) => PersonRef {
  return (id) => {
    const person = people.get(id);
    return person ? { id, name: person.displayName ?? '', upn: person.upn || person.mail || '' } : { id, name: '', upn: '' };
  };
}

/** Turns the stored marks into each item's `discussed`. */
export function marksOf(marks: readonly DiscussedMarkRecord[], ref: (id: string) => PersonRef): (key: string) => DiscussedMark {
  const byKey = new Map(marks.map((mark) => [mark.key, mark]));
  return (key) => {
    const mark = byKey.get(key);
    return mark ? { by: ref(mark.by), at: new Date(mark.at).toISOString() } : null;
  };
}

/** An objective line of the agenda. */
export function presentObjective(view: ObjectiveView, ref: (id: string) => PersonRef): CheckInObjective {
  return {
    id: view.objective._id.toHexString(),
    title: view.objective.title,
    level: view.objective.level,
    owner: ref(view.objective.ownerId),
    progress: Math.round(view.progress * 1000) / 1000,
    keyResults: view.keyResults.length,
    ...confidenceOf(view.keyResults),
  };
}

/** An at-risk key result line. */
export function presentAtRisk(view: KeyResultView, ref: (id: string) => PersonRef): AtRiskKeyResult {
  return {
    keyResultId: view.keyResult._id.toHexString(),
    objectiveId: view.objective._id.toHexString(),
    objectiveTitle: view.objective.title,
    title: view.keyResult.title,
    owner: ref(view.keyResult.ownerId),
    progress: Math.round(view.progress * 1000) / 1000,
    ...confidenceOf([view]),
    reasons: view.reasons,
  };
}

/** A red priority or risk line (its text as written: plain text, never HTML). */
export function presentRedItem(entry: RedEntry, ref: (id: string) => PersonRef, mark: (key: string) => DiscussedMark): RedItem {
  return {
    key: entry.key,
    kind: entry.kind,
    person: ref(entry.personId),
    text: entry.text,
    keyResult: entry.keyResult,
    sentAt: entry.sentAt ? new Date(entry.sentAt).toISOString() : null,
    discussed: mark(entry.key),
  };
}

/** Most severe first (red priorities, then risks), newest mail first, then by key. */
export function compareRedEntries(a: RedEntry, b: RedEntry): number {
  if (a.kind !== b.kind) return a.kind === 'red_priority' ? -1 : 1;
  const at = a.sentAt ? new Date(a.sentAt).getTime() : 0;
  const bt = b.sentAt ? new Date(b.sentAt).getTime() : 0;
  if (at !== bt) return bt - at;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
