import mongoose, { Types, type AnyBulkWriteOperation } from 'mongoose';
import {
  CheckInModel,
  KeyResultModel,
  LEVEL_RANK,
  ObjectiveModel,
  RevisionModel,
  type CheckInRecord,
  type KeyResultRecord,
  type ObjectiveRecord,
} from './okrs.model.js';

/** Filter of an objective list; every field narrows. */
export interface ObjectiveFilter {
  periodId?: string;
  ownerIds?: readonly string[];
  level?: 'company' | 'team' | 'person';
  levels?: ReadonlyArray<'company' | 'team' | 'person'>;
  state?: 'draft' | 'active' | 'closed';
  /** Private objectives are included only for these owners. */
  privateVisibleFor: readonly string[] | 'all';
}

/** New objective fields. */
export type NewObjective = Omit<
  ObjectiveRecord,
  '_id' | 'createdAt' | 'updatedAt' | 'levelRank' | 'keyResultCount' | 'version' | 'alignedTo'
> & {
  alignedTo: Types.ObjectId[];
};
/** New key result fields. */
export type NewKeyResult = Omit<
  KeyResultRecord,
  '_id' | 'createdAt' | 'updatedAt' | 'version' | 'lastCheckInWeek' | 'lastCheckInAt' | 'lastConfidence' | 'initiatives'
> & {
  initiatives: Array<{ _id?: Types.ObjectId; title: string; done: boolean }>;
};

/** Marks an operator object as ours (the connection sanitizes filters, so operators must be trusted explicitly). */
const op = <T extends object>(value: T): T => mongoose.trusted(value) as T;

/** Parses an id that the contract already validated. */
export const oid = (id: string): Types.ObjectId => new Types.ObjectId(id);

/** Storage of objectives, key results and check-ins: `.lean()` rows, `tenantId` first in every filter. */
export class OkrsRepo {
  /** One objective of the tenant, or null. */
  async objective(tenantId: string, id: string): Promise<ObjectiveRecord | null> {
    return ObjectiveModel.findOne({ tenantId, _id: oid(id) }).lean<ObjectiveRecord>();
  }

  /** Objectives by ids (one query). */
  async objectivesByIds(tenantId: string, ids: readonly Types.ObjectId[], limit: number): Promise<ObjectiveRecord[]> {
    if (ids.length === 0) return [];
    return ObjectiveModel.find({ tenantId, _id: op({ $in: [...ids] }) })
      .limit(limit)
      .batchSize(limit)
      .lean<ObjectiveRecord[]>();
  }

  /** A page of objectives sorted by level then id; `after` is the last id of the previous page. */
  async objectives(
    tenantId: string,
    filter: ObjectiveFilter,
    page: { after?: string; limit: number; byLevel?: boolean },
  ): Promise<ObjectiveRecord[]> {
    const query: Record<string, unknown> = { tenantId };
    if (filter.periodId) query.periodId = filter.periodId;
    if (filter.ownerIds) query.ownerId = op({ $in: [...filter.ownerIds] });
    if (filter.level) query.level = filter.level;
    else if (filter.levels) query.levelRank = op({ $in: filter.levels.map((level) => LEVEL_RANK[level]) });
    if (filter.state) query.state = filter.state;
    if (filter.privateVisibleFor !== 'all') {
      query.$or = [{ visibility: 'public' }, { ownerId: op({ $in: [...filter.privateVisibleFor] }) }];
    }
    if (page.after) query._id = op({ $gt: oid(page.after) });
    return ObjectiveModel.find(query)
      .sort(page.byLevel ? { levelRank: 1, _id: 1 } : { _id: 1 })
      .limit(page.limit)
      .batchSize(page.limit)
      .lean<ObjectiveRecord[]>();
  }

  /** Objectives of an owner in a period that are not closed. */
  async countOpenObjectives(tenantId: string, periodId: string, ownerId: string): Promise<number> {
    return ObjectiveModel.countDocuments({
      tenantId,
      periodId,
      ownerId,
      state: op({ $in: ['draft', 'active'] as Array<'draft' | 'active'> }),
    });
  }

  /** Inserts an objective. */
  async insertObjective(tenantId: string, fields: NewObjective, keyResultCount: number): Promise<ObjectiveRecord> {
    const created = await ObjectiveModel.create({ ...fields, tenantId, levelRank: LEVEL_RANK[fields.level], keyResultCount, version: 0 });
    return created.toObject() as unknown as ObjectiveRecord;
  }

  /**
   * Claims the next version of a document for one writer: the unique (document, version) row can be
   * inserted once, so of concurrent writers holding the same version exactly one gets true.
   */
  async claimVersion(
    tenantId: string,
    kind: 'objective' | 'keyResult' | 'settings',
    docId: string,
    fromVersion: number,
    authorId: string,
  ): Promise<boolean> {
    try {
      await RevisionModel.create({ tenantId, kind, docId, version: fromVersion + 1, authorId });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  /** Applies `set` if the objective is still at `version`; returns the new row, or null when the version is stale or the row is gone. */
  async updateObjective(tenantId: string, id: string, version: number, set: Partial<ObjectiveRecord>): Promise<ObjectiveRecord | null> {
    const next = { ...set, ...(set.level ? { levelRank: LEVEL_RANK[set.level] } : {}) };
    return ObjectiveModel.findOneAndUpdate(
      { tenantId, _id: oid(id), version },
      { $set: next, $inc: { version: 1 } },
      { returnDocument: 'after', runValidators: true },
    ).lean<ObjectiveRecord>();
  }

  /** Removes a just-created objective again (when its key results could not be stored). */
  async deleteObjectiveIfUnchanged(tenantId: string, id: Types.ObjectId): Promise<void> {
    await ObjectiveModel.deleteOne({ tenantId, _id: id, version: 0 });
  }

  /** Takes one key-result slot of an objective if it has fewer than `max`; false when full. */
  async reserveKeyResultSlot(tenantId: string, objectiveId: Types.ObjectId, max: number): Promise<boolean> {
    const result = await ObjectiveModel.updateOne(
      { tenantId, _id: objectiveId, keyResultCount: op({ $lt: max }) },
      { $inc: { keyResultCount: 1 } },
    );
    return result.modifiedCount === 1;
  }

  /** Gives a key-result slot back. */
  async releaseKeyResultSlot(tenantId: string, objectiveId: Types.ObjectId): Promise<void> {
    await ObjectiveModel.updateOne({ tenantId, _id: objectiveId, keyResultCount: op({ $gt: 0 }) }, { $inc: { keyResultCount: -1 } });
  }

  /** Key results of the objectives (one query), in creation order. */
  async keyResultsOf(tenantId: string, objectiveIds: readonly Types.ObjectId[]): Promise<KeyResultRecord[]> {
    if (objectiveIds.length === 0) return [];
    return KeyResultModel.find({ tenantId, objectiveId: op({ $in: [...objectiveIds] }) })
      .sort({ _id: 1 })
      .batchSize(10_000)
      .lean<KeyResultRecord[]>();
  }

  /** One key result of the tenant, or null. */
  async keyResult(tenantId: string, id: string): Promise<KeyResultRecord | null> {
    return KeyResultModel.findOne({ tenantId, _id: oid(id) }).lean<KeyResultRecord>();
  }

  /** Inserts key results. */
  async insertKeyResults(tenantId: string, rows: NewKeyResult[]): Promise<KeyResultRecord[]> {
    if (rows.length === 0) return [];
    const created = await KeyResultModel.insertMany(rows.map((row) => ({ ...row, tenantId, version: 0 })));
    return created.map((doc) => doc.toObject() as unknown as KeyResultRecord);
  }

  /** Applies `set` if the key result is still at `version`; null when stale or gone. */
  async updateKeyResult(tenantId: string, id: string, version: number, set: Partial<KeyResultRecord>): Promise<KeyResultRecord | null> {
    return KeyResultModel.findOneAndUpdate(
      { tenantId, _id: oid(id), version },
      { $set: set, $inc: { version: 1 } },
      { returnDocument: 'after', runValidators: true },
    ).lean<KeyResultRecord>();
  }

  /** Deletes a key result at `version` and its check-ins; false when stale or gone. */
  async deleteKeyResult(tenantId: string, id: string, version: number): Promise<boolean> {
    const result = await KeyResultModel.deleteOne({ tenantId, _id: oid(id), version });
    if (result.deletedCount !== 1) return false;
    await CheckInModel.deleteMany({ tenantId, keyResultId: oid(id) });
    return true;
  }

  /** Moves the key results of an objective to a new period (after the objective moved). */
  async setKeyResultsPeriod(tenantId: string, objectiveId: Types.ObjectId, periodId: string): Promise<void> {
    await KeyResultModel.updateMany({ tenantId, objectiveId }, { $set: { periodId } });
  }

  /** Writes the week's check-in, replacing one of the same week (idempotent upsert on the natural key). */
  async upsertCheckIn(row: Omit<CheckInRecord, '_id' | 'createdAt' | 'updatedAt'>): Promise<CheckInRecord> {
    const { tenantId, keyResultId, isoWeek, ...fields } = row;
    const stored = await CheckInModel.findOneAndUpdate(
      { tenantId, keyResultId, isoWeek },
      { $set: fields, $setOnInsert: { tenantId, keyResultId, isoWeek } },
      { upsert: true, returnDocument: 'after', runValidators: true },
    ).lean<CheckInRecord>();
    return stored!;
  }

  /** Makes a check-in the key result's current value unless a later week was already checked in; returns the row after. */
  async applyCheckIn(
    tenantId: string,
    keyResultId: Types.ObjectId,
    checkIn: { isoWeek: string; value: number; confidence: number; at: Date },
  ): Promise<KeyResultRecord | null> {
    const updated = await KeyResultModel.findOneAndUpdate(
      { tenantId, _id: keyResultId, $or: [{ lastCheckInWeek: null }, { lastCheckInWeek: op({ $lte: checkIn.isoWeek }) }] },
      { $set: { current: checkIn.value, lastCheckInWeek: checkIn.isoWeek, lastCheckInAt: checkIn.at, lastConfidence: checkIn.confidence } },
      { returnDocument: 'after' },
    ).lean<KeyResultRecord>();
    return updated ?? this.keyResult(tenantId, keyResultId.toHexString());
  }

  /** The newest check-ins of a key result (at most `limit` weeks). */
  async checkIns(tenantId: string, keyResultId: Types.ObjectId, limit: number): Promise<CheckInRecord[]> {
    return CheckInModel.find({ tenantId, keyResultId }).sort({ isoWeek: -1 }).limit(limit).batchSize(limit).lean<CheckInRecord[]>();
  }

  /**
   * For each objective id, how many objectives of the tenant align to it (one aggregation).
   * FerretDB 1.24 drops the connection when `$unwind` meets documents without `_id`, so no `$project` precedes it.
   */
  async alignedFromCounts(tenantId: string, ids: readonly Types.ObjectId[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (ids.length === 0) return counts;
    const rows = await ObjectiveModel.collection
      .aggregate<{ _id: Types.ObjectId; n: number }>(
        [
          { $match: { tenantId, alignedTo: { $in: [...ids] } } },
          { $unwind: '$alignedTo' },
          { $match: { alignedTo: { $in: [...ids] } } },
          { $group: { _id: '$alignedTo', n: { $sum: 1 } } },
        ],
        { batchSize: Math.max(ids.length, 1) },
      )
      .toArray();
    for (const row of rows) counts.set(row._id.toHexString(), row.n);
    return counts;
  }

  /** `alignedTo` of the given objectives (one query), for walking the alignment graph. */
  async alignmentsOf(
    tenantId: string,
    ids: readonly Types.ObjectId[],
  ): Promise<Array<{ _id: Types.ObjectId; alignedTo: Types.ObjectId[] }>> {
    if (ids.length === 0) return [];
    return ObjectiveModel.find({ tenantId, _id: op({ $in: [...ids] }) }, { alignedTo: 1 })
      .batchSize(ids.length)
      .lean<Array<{ _id: Types.ObjectId; alignedTo: Types.ObjectId[] }>>();
  }

  /** Every objective of these owners in these periods (one query; bounded by owners × the per-owner limit). */
  async objectivesOfOwners(tenantId: string, periodIds: readonly string[], ownerIds: readonly string[]): Promise<ObjectiveRecord[]> {
    if (periodIds.length === 0 || ownerIds.length === 0) return [];
    return ObjectiveModel.find({ tenantId, periodId: op({ $in: [...periodIds] }), ownerId: op({ $in: [...ownerIds] }) })
      .batchSize(10_000)
      .lean<ObjectiveRecord[]>();
  }

  /** Runs upserts of objectives in one bulk write. */
  async bulkObjectives(operations: AnyBulkWriteOperation[]): Promise<{ upserted: number; modified: number }> {
    if (operations.length === 0) return { upserted: 0, modified: 0 };
    const result = await ObjectiveModel.bulkWrite(operations as never, { ordered: true });
    return { upserted: result.upsertedCount, modified: result.modifiedCount };
  }

  /** Runs upserts of key results in one bulk write. */
  async bulkKeyResults(operations: AnyBulkWriteOperation[]): Promise<{ upserted: number; modified: number }> {
    if (operations.length === 0) return { upserted: 0, modified: 0 };
    const result = await KeyResultModel.bulkWrite(operations as never, { ordered: true });
    return { upserted: result.upsertedCount, modified: result.modifiedCount };
  }
}
