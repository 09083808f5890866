import type { Principal } from '../auth/principal.js';
import type { ActionItem, OneOnOneNotes, OneOnOneSide, PersonRef, TalkingPoint } from '../contract/index.js';
import type { ActionItemRecord, NotesRecord, OneOnOneRecord, TalkingPointRecord } from './oneonones.model.js';
import { actionItemActions, talkingPointActions } from './oneonones.policy.js';
import type { PairPerson } from './oneonones.repo.js';

const iso = (date: Date | string | null | undefined): string | null => (date ? new Date(date).toISOString() : null);
const time = (date: Date | string): number => new Date(date).getTime();

/** A person reference from the pair's people, or one naming only the id when they are gone from the directory. */
export function personRefOf(people: ReadonlyMap<string, PairPerson>, id: string): PersonRef {
  const person = people.get(id);
  return person ? { id, name: person.displayName ?? '', upn: person.upn || person.mail || '' } : { id, name: '', upn: '' };
}

/** Talking points: the report's first, then the manager's, each oldest first. */
export function presentTalkingPoints(
  principal: Principal,
  doc: Pick<OneOnOneRecord, 'reportId' | 'occurrence'>,
  points: readonly TalkingPointRecord[],
  ref: (id: string) => PersonRef,
): TalkingPoint[] {
  const sideOf = (point: TalkingPointRecord): OneOnOneSide => (point.authorId === doc.reportId ? 'report' : 'manager');
  return [...points]
    .sort((a, b) => Number(sideOf(a) === 'manager') - Number(sideOf(b) === 'manager') || time(a.createdAt) - time(b.createdAt))
    .map((point) => ({
      id: point._id,
      text: point.text,
      author: ref(point.authorId),
      authorSide: sideOf(point),
      resolved: point.resolved,
      carriedOver: point.occurrence < doc.occurrence,
      createdAt: iso(point.createdAt)!,
      updatedAt: iso(point.updatedAt)!,
      allowedActions: talkingPointActions(principal, point),
    }));
}

/** The fields an action item shows in the upcoming 1:1 and in a held one (`occurrence`: the 1:1 it is seen in). */
export function actionItemFields(item: ActionItemRecord, occurrence: number, ref: (id: string) => PersonRef) {
  return {
    id: item._id,
    title: item.title,
    owner: ref(item.ownerId),
    dueDate: item.dueDate ?? null,
    done: item.done,
    doneAt: iso(item.doneAt),
    firstOccurrence: item.occurrence,
    carriedCount: Math.max(0, occurrence - item.occurrence),
  };
}

/** Action items: open ones first (carried over first), then done ones; each oldest first. */
export function presentActionItems(
  principal: Principal,
  doc: Pick<OneOnOneRecord, 'occurrence'>,
  items: readonly ActionItemRecord[],
  ref: (id: string) => PersonRef,
): ActionItem[] {
  const group = (item: ActionItemRecord): number => (item.done ? 2 : item.occurrence < doc.occurrence ? 0 : 1);
  return [...items]
    .sort((a, b) => group(a) - group(b) || time(a.createdAt) - time(b.createdAt))
    .map((item) => ({
      ...actionItemFields(item, doc.occurrence, ref),
      carriedOver: item.occurrence < doc.occurrence,
      createdBy: item.createdBy,
      createdAt: iso(item.createdAt)!,
      allowedActions: actionItemActions(principal, item),
    }));
}

/** The shared notes. */
export function presentNotes(notes: NotesRecord | undefined, ref: (id: string) => PersonRef): OneOnOneNotes {
  return {
    text: notes?.text ?? '',
    version: notes?.version ?? 0,
    updatedAt: iso(notes?.updatedAt),
    updatedBy: notes?.updatedBy ? ref(notes.updatedBy) : null,
  };
}
