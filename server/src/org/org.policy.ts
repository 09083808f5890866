import type { Principal } from '../auth/principal.js';
import { AppError } from '../http/errors.js';
import { rolesFromAppRoles } from '../me/me.service.js';

/** What can be done with the org directory itself. */
export type OrgAction = 'readSyncStatus' | 'runSync';

/** Org sync status and runs are for admins. */
export function authorizeOrg(principal: Principal, action: OrgAction): void {
  const roles = rolesFromAppRoles(principal.appRoles, false);
  if (action === 'readSyncStatus' || action === 'runSync') {
    if (!roles.includes('admin')) throw new AppError('forbidden', 'Only admins see and run the org sync.');
  }
}
