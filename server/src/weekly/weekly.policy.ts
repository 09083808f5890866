import type { Principal } from '../auth/principal.js';
import type { WeeklyAction, WeeklyStatus } from '../contract/index.js';
import { AppError } from '../http/errors.js';

/** How the caller relates to a report's author: the author, someone in the author's manager chain, or nobody (HR included). */
export type WeeklyRelation = 'author' | 'manager' | null;

/** The caller's relation to an author, given the author's manager chain (nearest first). */
export function relationTo(principal: Principal, authorId: string, authorChain: readonly string[]): WeeklyRelation {
  if (principal.appOnly) return null;
  if (principal.userId === authorId) return 'author';
  return authorChain.includes(principal.userId) ? 'manager' : null;
}

/** What the caller may do with a report in a given state. */
export function weeklyActions(relation: WeeklyRelation, status: WeeklyStatus, saved: boolean): WeeklyAction[] {
  if (relation === 'author') {
    if (status === 'reviewed') return ['read', 'render'];
    return saved ? ['read', 'update', 'render', 'send'] : ['read', 'update', 'render'];
  }
  if (relation === 'manager') return status === 'sent' ? ['read', 'render', 'review'] : ['read', 'render'];
  return [];
}

/** Throws unless the caller may take the action; anyone unrelated gets 404 so reports do not reveal themselves. */
export function authorizeWeekly(relation: WeeklyRelation, action: WeeklyAction, status: WeeklyStatus, saved: boolean): void {
  if (relation === null) throw new AppError('not_found', 'No such weekly report.');
  if (relation === 'manager' && (action === 'update' || action === 'send')) throw new AppError('not_found', 'No such weekly report.');
  if (relation === 'author' && action === 'review') throw new AppError('forbidden', 'Authors do not review their own reports.');
  if (!weeklyActions(relation, status, saved).includes(action)) {
    if (!saved) throw new AppError('conflict', 'Save the report before this step.');
    throw new AppError('conflict', `The report is ${status}; it cannot be changed that way now.`);
  }
}
