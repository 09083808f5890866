import type { Principal } from '../auth/principal.js';
import type { PeriodList, TenantSettings, UpdateTenantSettings } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import { localDate, periodIdOf, periodOf, shiftPeriod } from '../okrs/periods.js';
import { allowedSettingsActions, authorizeSettings } from './settings.policy.js';
import type { SettingsRepo, StoredSettings } from './settings.repo.js';

/** Reads and changes a tenant's settings; derives its periods. */
export class SettingsService {
  constructor(private readonly repo: SettingsRepo) {}

  /** The stored settings of the caller's tenant, without access decisions (for other services). */
  async stored(tenantId: string): Promise<StoredSettings> {
    return this.repo.get(tenantId);
  }

  /** `GET /api/settings`. */
  async get(principal: Principal): Promise<TenantSettings> {
    authorizeSettings(principal, 'read');
    return { ...(await this.repo.get(principal.tenantId)), allowedActions: allowedSettingsActions(principal) };
  }

  /** `PUT /api/settings`: admins only; a stale version answers 409. */
  async update(principal: Principal, input: UpdateTenantSettings): Promise<TenantSettings> {
    authorizeSettings(principal, 'update');
    const { version, ...changes } = input;
    const current = await this.repo.get(principal.tenantId);
    if (current.version !== version) throw new AppError('conflict', `The settings are at version ${current.version}, not ${version}.`);
    const { version: _stored, ...fields } = current;
    const next = { ...fields, ...changes };
    if (!(await this.repo.save(principal.tenantId, next, version, principal.userId))) {
      throw new AppError('conflict', 'The settings were changed by someone else; reload and try again.');
    }
    return { ...next, version: version + 1, allowedActions: allowedSettingsActions(principal) };
  }

  /** `GET /api/periods`: the current quarter, the two before and the two after. */
  async periods(principal: Principal, now = new Date()): Promise<PeriodList> {
    const settings = await this.repo.get(principal.tenantId);
    const current = periodIdOf(localDate(now, settings.timeZone), settings.fiscalYearStartMonth);
    return {
      current,
      periods: [-2, -1, 0, 1, 2].map((offset) => periodOf(shiftPeriod(current, offset), settings.fiscalYearStartMonth)),
    };
  }
}
