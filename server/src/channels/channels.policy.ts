import type { ChannelTabAction } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import { leadsTeam, seesTeam, type TeamRelation } from '../org/team-scope.js';

/** What the caller may do with a channel tab bound to a team they relate to this way. */
export function channelTabActions(relation: TeamRelation): ChannelTabAction[] {
  if (!seesTeam(relation)) return [];
  return leadsTeam(relation) ? ['read', 'configure'] : ['read'];
}

/** Throws 404 when the caller does not see the team, 403 when they see it but may not take the action. */
export function authorizeChannelTab(relation: TeamRelation, action: ChannelTabAction): void {
  const actions = channelTabActions(relation);
  if (actions.length === 0) throw new AppError('not_found', 'No such team.');
  if (!actions.includes(action))
    throw new AppError('forbidden', "Only the team's manager, someone above them or an admin configures its channel tab.");
}
