import type { Principal } from '../auth/principal.js';
import type { MetricAction, TeamMetricsAction } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import { leadsTeam, seesTeam, type TeamRelation } from '../org/team-scope.js';

/** A metric as the rules see it. */
export interface MetricSubject {
  ownerId: string;
  archived: boolean;
}

/** What the caller may do with the team's metrics: everyone who sees the team reads; leads create; leads and metric owners import values. */
export function teamMetricsActions(principal: Principal, relation: TeamRelation, metrics: readonly MetricSubject[]): TeamMetricsAction[] {
  if (!seesTeam(relation)) return [];
  const actions: TeamMetricsAction[] = ['read'];
  if (leadsTeam(relation)) actions.push('create', 'import');
  else if (metrics.some((metric) => !metric.archived && metric.ownerId === principal.userId)) actions.push('import');
  return actions;
}

/** What the caller may do with one metric: leads edit and archive it; its owner and leads enter values while it is live. */
export function metricActions(principal: Principal, relation: TeamRelation, metric: MetricSubject): MetricAction[] {
  if (!seesTeam(relation)) return [];
  const actions: MetricAction[] = ['read'];
  if (metric.archived) return actions;
  const lead = leadsTeam(relation);
  if (lead) actions.push('update', 'archive');
  if (lead || metric.ownerId === principal.userId) actions.push('enterValue');
  return actions;
}

const FORBIDDEN: Record<Exclude<TeamMetricsAction, 'read'>, string> = {
  create: 'Only the team’s manager, someone above them or an admin adds metrics.',
  import: 'Only the team’s leads and metric owners import values.',
};

/** Throws 404 for a team the caller does not see, 403 for a team action they may not take. */
export function authorizeTeamMetrics(
  principal: Principal,
  action: TeamMetricsAction,
  relation: TeamRelation,
  metrics: readonly MetricSubject[],
): void {
  if (!seesTeam(relation)) throw new AppError('not_found', 'No such team.');
  if (!teamMetricsActions(principal, relation, metrics).includes(action)) {
    throw new AppError('forbidden', FORBIDDEN[action as Exclude<TeamMetricsAction, 'read'>]);
  }
}

/** Throws 404 for a team the caller does not see, 403 for a metric action they may not take. */
export function authorizeMetric(principal: Principal, action: MetricAction, relation: TeamRelation, metric: MetricSubject): void {
  if (!seesTeam(relation)) throw new AppError('not_found', 'No such team.');
  if (metricActions(principal, relation, metric).includes(action)) return;
  if (metric.archived && action !== 'read') throw new AppError('forbidden', 'The metric is archived; it takes no edits or values.');
  throw new AppError(
    'forbidden',
    action === 'enterValue'
      ? 'Only the metric’s owner or the team’s leads enter its values.'
      : 'Only the team’s manager, someone above them or an admin edits metrics.',
  );
}
