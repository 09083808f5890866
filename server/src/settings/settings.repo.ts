import { DEFAULT_TENANT_SETTINGS, type TenantSettingsFieldsSchema } from '../contract/index.js';
import type { z } from 'zod';
import type { RoleGroups } from '../auth/principal.js';
import { RevisionModel } from '../okrs/okrs.model.js';
import { SettingsModel } from './settings.model.js';

/** Settings fields plus their version, as stored. */
export type StoredSettings = z.infer<typeof TenantSettingsFieldsSchema> & { version: number };

const FIELDS = {
  _id: 0,
  mission: 1,
  northStar: 1,
  fiscalYearStartMonth: 1,
  checkInDay: 1,
  deadlines: 1,
  timeZone: 1,
  limits: 1,
  hrGroupId: 1,
  adminGroupId: 1,
  winsDigest: 1,
  version: 1,
} as const;

/** Reads and writes tenant settings; a missing document reads as the defaults at version 0. */
export class SettingsRepo {
  /** The tenant's settings (defaults when none were saved). */
  async get(tenantId: string): Promise<StoredSettings> {
    const row = await SettingsModel.findOne({ tenantId }, FIELDS).lean<StoredSettings>();
    return row
      ? { hrGroupId: null, adminGroupId: null, ...row, winsDigest: row.winsDigest ?? { ...DEFAULT_TENANT_SETTINGS.winsDigest } }
      : { ...structuredClone(DEFAULT_TENANT_SETTINGS), version: 0 };
  }

  /** The groups whose members the tenant treats as HR and as admins (nulls when none are configured). */
  async roleGroups(tenantId: string): Promise<RoleGroups> {
    const row = await SettingsModel.findOne({ tenantId }, { _id: 0, hrGroupId: 1, adminGroupId: 1 }).lean<Partial<RoleGroups>>();
    return { hrGroupId: row?.hrGroupId ?? null, adminGroupId: row?.adminGroupId ?? null };
  }

  /**
   * Writes the merged settings if the stored version is still `expectedVersion` (version 0 also
   * matches "never saved"); returns false on a lost race. The version is first claimed in the
   * revisions collection, because FerretDB does not apply conditional updates atomically.
   */
  async save(
    tenantId: string,
    next: z.infer<typeof TenantSettingsFieldsSchema>,
    expectedVersion: number,
    authorId: string,
  ): Promise<boolean> {
    const claimed = await RevisionModel.create({
      tenantId,
      kind: 'settings',
      docId: tenantId,
      version: expectedVersion + 1,
      authorId,
    }).then(
      () => true,
      (error: unknown) => {
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      },
    );
    if (!claimed) return false;
    if (expectedVersion === 0) {
      const result = await SettingsModel.updateOne(
        { tenantId, version: 0 },
        { $set: { ...next }, $inc: { version: 1 } },
        { upsert: true, runValidators: true },
      ).catch((error: unknown) => {
        if ((error as { code?: number }).code === 11000) return null;
        throw error;
      });
      return result !== null && (result.modifiedCount === 1 || result.upsertedCount === 1);
    }
    const result = await SettingsModel.updateOne(
      { tenantId, version: expectedVersion },
      { $set: { ...next }, $inc: { version: 1 } },
      { runValidators: true },
    );
    return result.modifiedCount === 1;
  }
}
