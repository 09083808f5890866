import type { TeamReportAction } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import { leadsTeam, seesTeam, type TeamRelation } from '../org/team-scope.js';

/** What the caller may do with the team's monthly reports: everyone who sees the team reads, its leads generate and send. */
export function reportActions(relation: TeamRelation): TeamReportAction[] {
  if (!seesTeam(relation)) return [];
  return leadsTeam(relation) ? ['read', 'generate', 'send'] : ['read'];
}

/** Throws 404 for a team the caller does not see, 403 for an action a member may not take. */
export function authorizeReport(relation: TeamRelation, action: TeamReportAction): void {
  const actions = reportActions(relation);
  if (actions.length === 0) throw new AppError('not_found', 'No such team.');
  if (!actions.includes(action)) throw new AppError('forbidden', 'Only the team’s leads generate and send its monthly report.');
}
