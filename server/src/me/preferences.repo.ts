import { personKey } from '../org/people.model.js';
import { PreferencesModel, type PreferencesRecord } from './preferences.model.js';

/** Per-person preferences, read by `_id` or a tenant at a time. */
export class PreferencesRepo {
  /** The person's stored time zone, or null when their client never reported one. */
  async timeZoneOf(tenantId: string, userId: string): Promise<string | null> {
    const row = await PreferencesModel.findOne({ _id: personKey(tenantId, userId) }, { timeZone: 1 }).lean<
      Pick<PreferencesRecord, 'timeZone'>
    >();
    return row?.timeZone ?? null;
  }

  /** Every stored time zone of a tenant, by user id. */
  async timeZones(tenantId: string): Promise<Map<string, string>> {
    const rows = await PreferencesModel.find({ tenantId }, { userId: 1, timeZone: 1, _id: 0 }).lean<
      Array<Pick<PreferencesRecord, 'userId' | 'timeZone'>>
    >();
    return new Map(rows.map((row) => [row.userId, row.timeZone]));
  }

  /** Stores the person's time zone; writes only when it changed. */
  async setTimeZone(tenantId: string, userId: string, timeZone: string): Promise<void> {
    const current = await this.timeZoneOf(tenantId, userId);
    if (current === timeZone) return;
    await PreferencesModel.updateOne(
      { _id: personKey(tenantId, userId) },
      { $set: { timeZone }, $setOnInsert: { tenantId, userId } },
      { upsert: true, runValidators: true },
    );
  }
}
