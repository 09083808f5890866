import type {
  ActionItemOutcome,
  OneOnOneHistoryEntry,
  OneOnOneSide,
  PastActionItem,
  PastTalkingPoint,
  PersonRef,
  PrivateNotes,
} from '../contract/index.js';
import type { HistoryEntryRecord, HistoryIndexRecord, MeetingRecord, PrivateNotesRecord } from './oneonones.history.model.js';
import type { ActionItemRecord, OneOnOneRecord } from './oneonones.model.js';
import { actionItemFields } from './oneonones.presenter.js';

const iso = (date: Date | string | null | undefined): string | null => (date ? new Date(date).toISOString() : null);
const time = (date: Date | string): number => new Date(date).getTime();

/** A row of the history list. */
export function presentHistoryEntry(
  entry: HistoryEntryRecord,
  ref: (id: string) => PersonRef,
  matches: OneOnOneHistoryEntry['matches'],
): OneOnOneHistoryEntry {
  return {
    occurrence: entry.occurrence,
    heldAt: iso(entry.heldAt)!,
    heldBy: ref(entry.heldBy),
    notesExcerpt: entry.notesExcerpt,
    talkingPoints: entry.talkingPoints,
    actionItems: entry.actionItems,
    actionItemsDone: entry.actionItemsDone,
    matches,
  };
}

/**
 * What became of an action item shown in held 1:1 number `occurrence`: done then or in a later 1:1
 * (from the history index), done or still open in the upcoming one (from the pair document), or removed.
 */
export function outcomeOf(
  item: ActionItemRecord,
  occurrence: number,
  index: Pick<HistoryIndexRecord, 'outcomes'>,
  pair: Pick<OneOnOneRecord, 'occurrence' | 'actionItems'> | null,
): ActionItemOutcome {
  const since = (at: number): number => Math.max(0, at - item.occurrence);
  if (item.done) return { status: 'done', doneAt: iso(item.doneAt), doneInOccurrence: occurrence, carriedCount: since(occurrence) };
  const later = index.outcomes[item._id];
  if (later)
    return { status: 'done', doneAt: iso(later.doneAt), doneInOccurrence: later.occurrence, carriedCount: since(later.occurrence) };
  const current = pair?.actionItems.find((candidate) => candidate._id === item._id);
  if (current && pair) {
    return current.done
      ? { status: 'done', doneAt: iso(current.doneAt), doneInOccurrence: pair.occurrence, carriedCount: since(pair.occurrence) }
      : { status: 'open', doneAt: null, doneInOccurrence: null, carriedCount: since(pair.occurrence) };
  }
  return { status: 'removed', doneAt: null, doneInOccurrence: null, carriedCount: since(occurrence) };
}

/** The action items of a held 1:1 as they were (open first, each oldest first), each with its outcome. */
export function presentPastActionItems(
  meeting: MeetingRecord,
  index: Pick<HistoryIndexRecord, 'outcomes'>,
  pair: Pick<OneOnOneRecord, 'occurrence' | 'actionItems'> | null,
  ref: (id: string) => PersonRef,
): PastActionItem[] {
  return [...meeting.actionItems]
    .sort((a, b) => Number(a.done) - Number(b.done) || time(a.createdAt) - time(b.createdAt))
    .map((item) => ({
      ...actionItemFields(item, meeting.occurrence, ref),
      outcome: outcomeOf(item, meeting.occurrence, index, pair),
    }));
}

/** The talking points of a held 1:1: the report's first, then the manager's, each oldest first. */
export function presentPastTalkingPoints(meeting: MeetingRecord, ref: (id: string) => PersonRef): PastTalkingPoint[] {
  const sideOf = (authorId: string): OneOnOneSide => (authorId === meeting.reportId ? 'report' : 'manager');
  return [...meeting.talkingPoints]
    .sort(
      (a, b) =>
        Number(sideOf(a.authorId) === 'manager') - Number(sideOf(b.authorId) === 'manager') || time(a.createdAt) - time(b.createdAt),
    )
    .map((point) => ({
      id: point._id,
      text: point.text,
      author: ref(point.authorId),
      authorSide: sideOf(point.authorId),
      resolved: point.resolved,
      carriedOver: point.occurrence < meeting.occurrence,
    }));
}

/** The caller's private notes of a 1:1 (empty at version 0 before the first save). */
export function presentPrivateNotes(occurrence: number, notes: PrivateNotesRecord | null): PrivateNotes {
  return { occurrence, text: notes?.text ?? '', version: notes?.version ?? 0, updatedAt: iso(notes?.updatedAt) };
}
