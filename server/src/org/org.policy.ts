import type { Principal } from '../auth/principal.js';
import { AppError } from '../http/errors.js';
import { isAdminPrincipal, rolesOf } from '../auth/roles.js';

/** What can be done with the org directory itself. */
export type OrgAction = 'readSyncStatus' | 'runSync' | 'searchPeople';

/** Org sync status and runs are for admins; searching the directory is for every signed-in user (not app-only tokens). */
export function authorizeOrg(principal: Principal, action: OrgAction): void {
  if (action === 'readSyncStatus' || action === 'runSync') {
    if (!isAdminPrincipal(principal)) throw new AppError('forbidden', 'Only admins see and run the org sync.');
  }
  if (action === 'searchPeople' && principal.appOnly) {
    throw new AppError('forbidden', 'An app-only token has no directory to search.');
  }
}

/** True when the caller's directory searches include disabled accounts (HR and admins, who may have to act on them). */
export function seesDisabledPeople(principal: Principal): boolean {
  if (principal.appOnly) return false;
  const roles = rolesOf(principal);
  return roles.includes('hr') || roles.includes('admin');
}
