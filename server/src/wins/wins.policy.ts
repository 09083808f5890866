import type { Principal } from '../auth/principal.js';
import type { WinAction, WinsWallAction } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import { leadsTeam, seesTeam, type TeamRelation } from '../org/team-scope.js';

/** A win as access decisions see it, with the caller's relation to its team. */
export interface WinSubject {
  authorId: string;
  relation: TeamRelation;
}

/** What the caller may do on a team's wall: everyone who sees the team posts. */
export function wallActions(principal: Principal, relation: TeamRelation): WinsWallAction[] {
  return !principal.appOnly && seesTeam(relation) ? ['post'] : [];
}

/** What the caller may do with a win: everyone who sees the team reacts; its author edits; its author or a lead of the team deletes. */
export function winActions(principal: Principal, win: WinSubject): WinAction[] {
  if (principal.appOnly || !seesTeam(win.relation)) return [];
  const author = win.authorId === principal.userId;
  const actions: WinAction[] = [];
  if (author) actions.push('update');
  if (author || leadsTeam(win.relation)) actions.push('delete');
  actions.push('react');
  return actions;
}

/** Throws 404 unless the caller may post on the wall (outsiders never learn the team exists). */
export function authorizeWall(principal: Principal, action: WinsWallAction, relation: TeamRelation): void {
  if (!wallActions(principal, relation).includes(action)) throw new AppError('not_found', 'No such team.');
}

/** Throws 404 when the caller may not see the win's team, 403 when they see it but may not take the action. */
export function authorizeWin(principal: Principal, action: WinAction, win: WinSubject): void {
  if (principal.appOnly || !seesTeam(win.relation)) throw new AppError('not_found', 'No such win.');
  if (winActions(principal, win).includes(action)) return;
  throw new AppError(
    'forbidden',
    action === 'update' ? 'Only the author of a win edits it.' : 'Only the author of a win or a lead of the team deletes it.',
  );
}
