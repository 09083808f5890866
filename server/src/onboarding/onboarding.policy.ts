import type { Principal } from '../auth/principal.js';
import { rolesOf } from '../auth/roles.js';
import type { OnboardingAction, OnboardingState } from '../contract/index.js';
import { AppError } from '../http/errors.js';

/** How the caller relates to an enrolled new hire. */
export interface OnboardingRelation {
  /** The caller is the new hire. */
  self: boolean;
  /** The caller holds the HR role (app role or the tenant's HR group). */
  hr: boolean;
  /** The caller is in the new hire's manager chain. */
  manager: boolean;
}

/** True when the principal is HR in their tenant (never for app-only tokens). */
export function isHr(principal: Principal): boolean {
  return !principal.appOnly && rolesOf(principal).includes('hr');
}

/** The caller's relation to a new hire, given the hire's manager chain (nearest first). */
export function relationTo(principal: Principal, personId: string, managerChain: readonly string[]): OnboardingRelation {
  if (principal.appOnly) return { self: false, hr: false, manager: false };
  return { self: principal.userId === personId, hr: isHr(principal), manager: managerChain.includes(principal.userId) };
}

const EDITABLE: ReadonlySet<OnboardingState> = new Set(['not_started', 'in_progress', 'changes_requested']);
const SUBMITTABLE: ReadonlySet<OnboardingState> = new Set(['in_progress', 'changes_requested']);

/**
 * What the caller may do: the new hire reads everything, answers lessons, edits and submits while it is theirs to work
 * on; HR reads the coursework and comments and reviews submissions (never their own); managers see the status only.
 */
export function onboardingActions(relation: OnboardingRelation, state: OnboardingState): OnboardingAction[] {
  const actions = new Set<OnboardingAction>();
  if (relation.self || relation.hr || relation.manager) actions.add('readStatus');
  if (relation.self || relation.hr) actions.add('read');
  if (relation.self) {
    actions.add('answer');
    if (EDITABLE.has(state)) actions.add('edit');
    if (SUBMITTABLE.has(state)) actions.add('submit');
  }
  if (relation.hr && !relation.self && state === 'submitted') {
    actions.add('comment');
    actions.add('review');
  }
  return [...actions];
}

/**
 * Throws unless the caller may take the action: 404 for anyone who may not see the coursework (managers see only the
 * status), 403 for a new hire reviewing their own work, 409 when the state does not allow the action now.
 */
export function authorizeOnboarding(relation: OnboardingRelation, action: OnboardingAction, state: OnboardingState): void {
  const notFound = () => new AppError('not_found', 'No such enrolment.');
  if (action === 'readStatus') {
    if (!(relation.self || relation.hr || relation.manager)) throw notFound();
    return;
  }
  if (!(relation.self || relation.hr)) throw notFound();
  if (action === 'read') return;
  if (action === 'answer' || action === 'edit' || action === 'submit') {
    if (!relation.self) throw new AppError('forbidden', 'Only the new hire works on their coursework.');
  } else if (!relation.hr) {
    throw new AppError('forbidden', 'Only HR reviews onboarding coursework.');
  } else if (relation.self) {
    throw new AppError('forbidden', 'Nobody reviews their own coursework.');
  }
  if (onboardingActions(relation, state).includes(action)) return;
  if (action === 'edit') {
    throw new AppError(
      'conflict',
      state === 'passed'
        ? 'The coursework has passed; your OKRs are active now, change them in My OKRs.'
        : 'The coursework is submitted; wait for the review.',
    );
  }
  if (action === 'submit') {
    throw new AppError(
      'conflict',
      state === 'not_started' ? 'Write your OKRs before submitting.' : `The coursework is ${state.replace('_', ' ')}.`,
    );
  }
  throw new AppError('conflict', `Only submitted coursework is reviewed; this one is ${state.replace('_', ' ')}.`);
}

/** Throws 403 unless the caller is HR (for the queue, the cohort and enrolling by hand). */
export function authorizeHr(principal: Principal): void {
  if (!isHr(principal)) throw new AppError('forbidden', 'Only HR sees the onboarding cohort.');
}
