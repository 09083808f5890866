import type { Principal } from '../auth/principal.js';
import type { ActionItemAction, OneOnOneAction, OneOnOneSide, TalkingPointAction } from '../contract/index.js';
import { AppError } from '../http/errors.js';

/** A pair as the caller named it, with the report's actual manager from the directory. */
export interface PairSubject {
  managerId: string;
  reportId: string;
  /** The report's current direct manager (null when none or unknown). */
  currentManagerId: string | null;
}

/** Everything either side of a pair may do with their 1:1. */
const PAIR_ACTIONS: readonly OneOnOneAction[] = ['read', 'addTalkingPoint', 'updateNotes', 'addActionItem', 'schedule', 'markHeld'];

/** The caller's side of the pair, or null when the caller is not one of a current manager–report pair (HR and admins included). */
export function sideOf(principal: Principal, pair: PairSubject): OneOnOneSide | null {
  if (principal.appOnly || pair.currentManagerId !== pair.managerId || pair.managerId === pair.reportId) return null;
  if (principal.userId === pair.managerId) return 'manager';
  if (principal.userId === pair.reportId) return 'report';
  return null;
}

/** What the caller may do with the pair's 1:1. */
export function oneOnOneActions(principal: Principal, pair: PairSubject): OneOnOneAction[] {
  return sideOf(principal, pair) ? [...PAIR_ACTIONS] : [];
}

/** Throws 404 unless the caller is one of the pair (a 1:1 does not reveal itself to anyone else); returns the caller's side. */
export function authorizeOneOnOne(principal: Principal, action: OneOnOneAction, pair: PairSubject): OneOnOneSide {
  const side = sideOf(principal, pair);
  if (!side || !oneOnOneActions(principal, pair).includes(action)) throw new AppError('not_found', 'No such 1:1.');
  return side;
}

/** What the caller (one of the pair) may do with a talking point: its author edits and deletes, either side resolves. */
export function talkingPointActions(principal: Principal, point: { authorId: string }): TalkingPointAction[] {
  return point.authorId === principal.userId ? ['update', 'delete', 'resolve'] : ['resolve'];
}

/** Throws 403 unless the caller may take the action on the talking point. */
export function authorizeTalkingPoint(principal: Principal, action: TalkingPointAction, point: { authorId: string }): void {
  if (!talkingPointActions(principal, point).includes(action)) {
    throw new AppError('forbidden', 'Only the author of a talking point edits or deletes it.');
  }
}

/** What the caller (one of the pair) may do with an action item: either side completes or reopens; creator and owner edit; the creator deletes. */
export function actionItemActions(principal: Principal, item: { createdBy: string; ownerId: string; done: boolean }): ActionItemAction[] {
  const actions: ActionItemAction[] = [];
  if (item.createdBy === principal.userId || item.ownerId === principal.userId) actions.push('update');
  actions.push(item.done ? 'reopen' : 'complete');
  if (item.createdBy === principal.userId) actions.push('delete');
  return actions;
}

/** Throws 403 (or 409 for completing a done item or reopening an open one) unless the caller may take the action. */
export function authorizeActionItem(
  principal: Principal,
  action: ActionItemAction,
  item: { createdBy: string; ownerId: string; done: boolean },
): void {
  if (actionItemActions(principal, item).includes(action)) return;
  if (action === 'complete' || action === 'reopen') {
    throw new AppError('conflict', action === 'complete' ? 'The action item is already done.' : 'The action item is open.');
  }
  throw new AppError(
    'forbidden',
    action === 'delete' ? 'Only whoever created an action item deletes it.' : 'Only its creator or owner edits an action item.',
  );
}

/** Private notes are read and written by their author alone: 404 for anyone else, the other side, HR and admins included. */
export function authorizePrivateNotes(principal: Principal, notes: { authorId: string }): void {
  if (principal.appOnly || notes.authorId !== principal.userId) throw new AppError('not_found', 'No such private notes.');
}

/** Throws 404 unless the caller attends the meeting (`attendeeIds` lower-cased; null when the meeting is unknown): a meeting reveals nothing to anyone outside it. */
export function authorizeMeetingAttendee(principal: Principal, attendeeIds: ReadonlySet<string> | null): void {
  if (principal.appOnly || !attendeeIds?.has(principal.userId.toLowerCase())) {
    throw new AppError('not_found', 'No such meeting, or you are not one of its attendees.');
  }
}
