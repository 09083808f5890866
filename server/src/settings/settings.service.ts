import type { Principal } from '../auth/principal.js';
import type { PeriodList, TenantSettings, UpdateTenantSettings } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import { localDate, periodIdOf, periodOf, shiftPeriod } from '../okrs/periods.js';
import { allowedSettingsActions, authorizeSettings } from './settings.policy.js';
import type { SettingsRepo, StoredSettings } from './settings.repo.js';

/** How long `stored()` answers from memory before reading the settings again (a change on another instance shows after at most this). */
const STORED_CACHE_MS = 1_000;

/** Reads and changes a tenant's settings; derives its periods. */
export class SettingsService {
  private readonly cache = new Map<string, { at: number; value: Promise<StoredSettings> }>();

  constructor(private readonly repo: SettingsRepo) {}

  /** The stored settings of the caller's tenant, without access decisions (for other services); read again at most once a second. */
  async stored(tenantId: string): Promise<StoredSettings> {
    const cached = this.cache.get(tenantId);
    if (cached && Date.now() - cached.at < STORED_CACHE_MS) return structuredClone(await cached.value);
    const value = this.repo.get(tenantId);
    this.cache.set(tenantId, { at: Date.now(), value });
    value.catch(() => this.cache.delete(tenantId));
    return structuredClone(await value);
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
    const saved = await this.repo.save(principal.tenantId, next, version, principal.userId);
    this.cache.delete(principal.tenantId);
    if (!saved) {
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
