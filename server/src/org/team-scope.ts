import type { Principal } from '../auth/principal.js';
import { isAdminPrincipal } from '../auth/roles.js';
import { AppError } from '../http/errors.js';
import type { OrgDirectory } from './org.directory.js';

/**
 * How the caller relates to a team: the org unit of one manager (the team's id is the manager's
 * person id). Team rituals (check-in, health metrics, wins, the monthly report) share this rule.
 */
export interface TeamRelation {
  /** The caller is the team's manager. */
  lead: boolean;
  /** The caller is above the team's manager in the manager chain. */
  above: boolean;
  /** The caller is somewhere below the team's manager. */
  member: boolean;
  /** The caller is an admin of the tenant. */
  admin: boolean;
}

/** True when the relation lets the caller see the team's rituals at all. */
export function seesTeam(relation: TeamRelation): boolean {
  return relation.lead || relation.above || relation.member || relation.admin;
}

/** True when the caller runs the team's rituals (its manager, someone above, or an admin). */
export function leadsTeam(relation: TeamRelation): boolean {
  return relation.lead || relation.above || relation.admin;
}

/**
 * The caller's relation to the team of `managerId`, or null when there is no such team in the caller's
 * tenant (unknown person, or a person without direct reports). Costs in-memory directory lookups only.
 */
export async function teamRelation(directory: OrgDirectory, principal: Principal, managerId: string): Promise<TeamRelation | null> {
  const reports = await directory.directReports(principal.tenantId, managerId);
  if (reports.length === 0) return null;
  if (principal.appOnly) return { lead: false, above: false, member: false, admin: false };
  const [managersOfTeam, managersOfCaller] = await Promise.all([
    directory.managerChain(principal.tenantId, managerId),
    directory.managerChain(principal.tenantId, principal.userId),
  ]);
  return {
    lead: principal.userId === managerId,
    above: managersOfTeam.includes(principal.userId),
    member: managersOfCaller.includes(managerId),
    admin: isAdminPrincipal(principal),
  };
}

/** The caller's relation to a team they may see; 404 (never 403) for a team they may not see or that does not exist. */
export async function requireTeam(directory: OrgDirectory, principal: Principal, managerId: string): Promise<TeamRelation> {
  const relation = await teamRelation(directory, principal, managerId);
  if (!relation || !seesTeam(relation)) throw new AppError('not_found', 'No such team.');
  return relation;
}
