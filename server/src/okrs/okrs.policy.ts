import type { Principal } from '../auth/principal.js';
import type { ObjectiveLevel, OkrAction } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import { isAdmin } from '../settings/settings.policy.js';

/** The parts of an objective access decisions depend on. */
export interface ObjectiveResource {
  level: ObjectiveLevel;
  ownerId: string;
  visibility: 'public' | 'private';
  state: 'draft' | 'active' | 'closed';
}

/** The parts of a key result access decisions depend on, with its objective. */
export interface KeyResultResource {
  objective: ObjectiveResource;
  ownerId: string;
}

/** Org facts about the objective's owner, looked up by the service through the org directory. */
export interface PolicyContext {
  /** Managers above the objective's owner, nearest first. */
  ownerChain: readonly string[];
}

/** Objective-level actions (`create` is checked against the proposed objective). */
export type ObjectiveAction = 'create' | 'read' | 'update' | 'close' | 'manageKeyResults';
/** Key-result-level actions. */
export type KeyResultAction = 'read' | 'update' | 'delete' | 'checkIn';

function ownsOrManages(principal: Principal, ownerId: string, context: PolicyContext): boolean {
  return principal.userId === ownerId || context.ownerChain.includes(principal.userId);
}

/** Private OKRs are visible to their owner and the owner's manager chain (and admins for company level); public ones to the whole tenant. */
export function canRead(principal: Principal, objective: ObjectiveResource, context: PolicyContext): boolean {
  if (principal.appOnly) return false;
  if (objective.visibility === 'public') return true;
  if (objective.level === 'company' && isAdmin(principal)) return true;
  return ownsOrManages(principal, objective.ownerId, context);
}

/** Company OKRs are edited by admins; team and person OKRs by their owner and the owner's manager chain. */
export function canEdit(principal: Principal, objective: Pick<ObjectiveResource, 'level' | 'ownerId'>, context: PolicyContext): boolean {
  if (principal.appOnly) return false;
  if (objective.level === 'company') return isAdmin(principal);
  return ownsOrManages(principal, objective.ownerId, context);
}

/**
 * Decides an objective action; throws `not_found` when the caller may not even see it (no leaking of
 * private OKRs), `forbidden` when they see it but may not act, `conflict` for changes to a closed objective.
 */
export function authorizeObjective(
  principal: Principal,
  action: ObjectiveAction,
  objective: ObjectiveResource,
  context: PolicyContext,
): void {
  if (action === 'create') {
    if (!canEdit(principal, objective, context)) {
      throw new AppError(
        'forbidden',
        objective.level === 'company'
          ? 'Only admins create company objectives.'
          : 'You may create objectives only for yourself and the people you manage.',
      );
    }
    return;
  }
  if (!canRead(principal, objective, context)) throw new AppError('not_found', 'No such objective.');
  if (action === 'read') return;
  if (!canEdit(principal, objective, context)) throw new AppError('forbidden', 'You may not change this objective.');
  if (objective.state === 'closed') throw new AppError('conflict', 'The objective is closed.');
}

/** Decides a key result action: editors of the objective may do everything; the key result's own owner may also check in. */
export function authorizeKeyResult(
  principal: Principal,
  action: KeyResultAction,
  keyResult: KeyResultResource,
  context: PolicyContext,
): void {
  if (!canRead(principal, keyResult.objective, context)) throw new AppError('not_found', 'No such key result.');
  if (action === 'read') return;
  const editor = canEdit(principal, keyResult.objective, context);
  const allowed = editor || (action === 'checkIn' && principal.userId === keyResult.ownerId && !principal.appOnly);
  if (!allowed) throw new AppError('forbidden', 'You may not change this key result.');
  if (keyResult.objective.state === 'closed') throw new AppError('conflict', 'The objective is closed.');
}

/** What the caller may do with an objective, for the UI. */
export function objectiveActions(principal: Principal, objective: ObjectiveResource, context: PolicyContext): OkrAction[] {
  if (!canRead(principal, objective, context)) return [];
  if (!canEdit(principal, objective, context) || objective.state === 'closed') return ['read'];
  return ['read', 'update', 'close', 'manageKeyResults', 'checkIn'];
}

/** What the caller may do with a key result, for the UI. */
export function keyResultActions(principal: Principal, keyResult: KeyResultResource, context: PolicyContext): OkrAction[] {
  if (!canRead(principal, keyResult.objective, context)) return [];
  if (keyResult.objective.state === 'closed') return ['read'];
  if (canEdit(principal, keyResult.objective, context)) return ['read', 'update', 'delete', 'checkIn'];
  if (principal.userId === keyResult.ownerId && !principal.appOnly) return ['read', 'checkIn'];
  return ['read'];
}
