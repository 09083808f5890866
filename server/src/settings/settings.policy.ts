import type { Principal } from '../auth/principal.js';
import { isAdminPrincipal } from '../auth/roles.js';
import { AppError } from '../http/errors.js';

/** What one may do with tenant settings. */
export type SettingsAction = 'read' | 'update';

/** True when the principal is a tenant admin (the `Admin` app role or the configured admin group). */
export function isAdmin(principal: Principal): boolean {
  return isAdminPrincipal(principal);
}

/** Everyone in the tenant reads settings (mission, cadence, limits); only admins change them. */
export function authorizeSettings(principal: Principal, action: SettingsAction): void {
  if (action === 'update' && !isAdmin(principal)) throw new AppError('forbidden', 'Only admins change the tenant settings.');
}

/** The settings actions the principal may take. */
export function allowedSettingsActions(principal: Principal): SettingsAction[] {
  return isAdmin(principal) ? ['read', 'update'] : ['read'];
}
