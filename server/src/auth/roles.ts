import type { Role } from '../contract/index.js';
import type { Principal } from './principal.js';

/** What role mapping reads from a principal. */
export type RoleSource = Pick<Principal, 'appRoles' | 'groups' | 'roleGroups'>;

/**
 * Northstar roles of a principal: `hr`/`admin` from the Entra app role of that name or from
 * membership of the group the tenant configured for it; `manager` when the caller has reports.
 */
export function rolesOf(principal: RoleSource, hasReports = false): Role[] {
  const roles: Role[] = ['employee'];
  if (hasReports) roles.push('manager');
  if (holds(principal, 'hr', principal.roleGroups.hrGroupId)) roles.push('hr');
  if (holds(principal, 'admin', principal.roleGroups.adminGroupId)) roles.push('admin');
  return roles;
}

/** True when the principal is an admin of their tenant (app role or configured group). */
export function isAdminPrincipal(principal: RoleSource): boolean {
  return rolesOf(principal).includes('admin');
}

function holds(principal: RoleSource, appRole: string, groupId: string | null): boolean {
  if (principal.appRoles.some((role) => role.toLowerCase() === appRole)) return true;
  if (!groupId) return false;
  const wanted = groupId.toLowerCase();
  return principal.groups.some((group) => group.toLowerCase() === wanted);
}
