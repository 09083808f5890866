import type { Principal } from '../auth/principal.js';
import { AppError } from '../http/errors.js';
import { isAdminPrincipal } from '../auth/roles.js';

/** What can be done with the org directory itself. */
export type OrgAction = 'readSyncStatus' | 'runSync';

/** Org sync status and runs are for admins. */
export function authorizeOrg(principal: Principal, action: OrgAction): void {
  if (action === 'readSyncStatus' || action === 'runSync') {
    if (!isAdminPrincipal(principal)) throw new AppError('forbidden', 'Only admins see and run the org sync.');
  }
}
