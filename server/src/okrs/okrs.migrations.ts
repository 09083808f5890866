import type { Migration } from '../db/migrations.js';
import { CheckInModel, checkInKey, type CheckInRecord } from './okrs.model.js';

type StoredCheckIn = Omit<CheckInRecord, '_id'> & { _id: unknown };

/** Check-ins stored before their `_id` became `<tenantId>:<key result id>:<isoWeek>` get that `_id`. */
export const checkInIdsMigration: Migration = {
  name: '2026-11-check-in-ids',
  async run() {
    const rows = await CheckInModel.collection.find<StoredCheckIn>({}).toArray();
    let changed = 0;
    for (const row of rows) {
      const key = checkInKey(row.tenantId, row.keyResultId, row.isoWeek);
      if (row._id === key) continue;
      await CheckInModel.collection.deleteOne({ _id: row._id as never });
      await CheckInModel.collection.updateOne({ _id: key as never }, { $setOnInsert: { ...row, _id: key } }, { upsert: true });
      changed += 1;
    }
    return changed;
  },
};
