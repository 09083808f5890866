import type { TeamCheckInAction } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import { leadsTeam, seesTeam, type TeamRelation } from '../org/team-scope.js';

/** What the caller may do with the team's check-in: members read, leads (manager, above, admins) also facilitate. */
export function teamCheckInActions(relation: TeamRelation): TeamCheckInAction[] {
  if (!seesTeam(relation)) return [];
  return leadsTeam(relation) ? ['read', 'facilitate'] : ['read'];
}

/** Throws 404 when the caller does not see the team, 403 when they see it but may not take the action. */
export function authorizeTeamCheckIn(relation: TeamRelation, action: TeamCheckInAction): TeamCheckInAction[] {
  const actions = teamCheckInActions(relation);
  if (actions.length === 0) throw new AppError('not_found', 'No such team.');
  if (!actions.includes(action))
    throw new AppError('forbidden', "Only the team's manager, someone above them or an admin runs its check-in.");
  return actions;
}
