import { Types, type AnyBulkWriteOperation } from 'mongoose';
import {
  CheckInModel,
  checkInKey,
  KeyResultModel,
  LEVEL_RANK,
  ObjectiveModel,
  RevisionModel,
  type CheckInRecord,
  type KeyResultRecord,
  type ObjectiveRecord,
} from './okrs.model.js';
import { docKey, OkrReadModel, type TenantOkrs } from './okrs.readmodel.js';
import { op } from '../db/operators.js';

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

/**
 * Stored check-ins of some key results in some weeks: one lookup by `_id` per pair, the only
 * filter the embedded database answers from an index (any other filter scans every check-in).
 */
export async function findCheckIns(
  tenantId: string,
  keyResultIds: ReadonlyArray<Types.ObjectId | string>,
  isoWeeks: readonly string[],
): Promise<CheckInRecord[]> {
  const keys = keyResultIds.flatMap((keyResultId) => isoWeeks.map((isoWeek) => checkInKey(tenantId, keyResultId, isoWeek)));
  const rows = await Promise.all(keys.map((_id) => CheckInModel.findOne({ _id }).lean<CheckInRecord>()));
  return rows.filter((row): row is CheckInRecord => row !== null);
}

const CHECK_INS = CheckInModel.collection.collectionName;

/** Parses an id that the contract already validated. */
export const oid = (id: string): Types.ObjectId => new Types.ObjectId(id);

/** The index of the first id above `after` in ids sorted ascending. */
function firstAbove(ids: readonly string[], after: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ids[middle]! <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Orders rows keyed by their ids' hex strings, which sort like the ObjectIds. */
const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Rows in `_id` order, each id converted once rather than per comparison. */
function sortedById<T extends { _id: Types.ObjectId }>(rows: readonly T[]): T[] {
  return rows
    .map((row) => ({ key: row._id.toHexString(), row }))
    .sort(byKey)
    .map(({ row }) => row);
}

/** A copy of a row for callers, so that nobody can change the read model by accident. */
const copy = <T extends object>(row: T): T => ({ ...row });

/**
 * Storage of objectives, key results and check-ins. Writes go to MongoDB (`tenantId` in every filter) and are
 * logged to the read model; list and graph reads are answered by the tenant's {@link OkrReadModel}; single rows
 * are read by `_id` alone (the one filter the embedded database answers without a scan) and checked for the tenant.
 */
export class OkrsRepo {
  constructor(readonly readModel: OkrReadModel = new OkrReadModel()) {}

  private model(tenantId: string): Promise<TenantOkrs> {
    return this.readModel.tenant(tenantId);
  }

  /** One objective of the tenant, or null (always read from the database). */
  async objective(tenantId: string, id: string): Promise<ObjectiveRecord | null> {
    const row = await ObjectiveModel.findOne({ _id: oid(id) }).lean<ObjectiveRecord>();
    return row && row.tenantId === tenantId ? row : null;
  }

  /**
   * One objective of the tenant from the read model, which trails other instances' writes by up to a probe interval
   * (the database when the model does not hold it): for checks that tolerate that, like who may check in.
   */
  async recentObjective(tenantId: string, id: string): Promise<ObjectiveRecord | null> {
    const row = (await this.model(tenantId)).objectives.get(id);
    return row ? copy(row) : this.objective(tenantId, id);
  }

  /** Objectives by ids. */
  async objectivesByIds(tenantId: string, ids: readonly Types.ObjectId[], limit: number): Promise<ObjectiveRecord[]> {
    if (ids.length === 0) return [];
    const model = await this.model(tenantId);
    const rows: ObjectiveRecord[] = [];
    for (const id of new Set(ids.map((value) => value.toHexString()))) {
      const row = model.objectives.get(id);
      if (row) rows.push(copy(row));
    }
    return sortedById(rows).slice(0, limit);
  }

  /**
   * A page of objectives sorted by id, or with `byLevel` by level rank then id; `after` is the last id of the previous
   * page (and, by level, `afterLevelRank` its rank).
   */
  async objectives(
    tenantId: string,
    filter: ObjectiveFilter,
    page: { after?: string; limit: number; byLevel?: boolean; afterLevelRank?: number },
  ): Promise<ObjectiveRecord[]> {
    const model = await this.model(tenantId);
    const levels = filter.level ? [filter.level] : filter.levels;
    if (filter.periodId && !filter.ownerIds && levels && (page.byLevel || levels.length === 1)) {
      return this.objectivesByLevel(model, filter, [...new Set(levels.map((level) => LEVEL_RANK[level]))], page);
    }
    let candidates: Iterable<string>;
    if (filter.ownerIds) {
      const ids: string[] = [];
      for (const ownerId of new Set(filter.ownerIds)) ids.push(...(model.byOwner.get(ownerId) ?? []));
      candidates = ids;
    } else if (filter.periodId) candidates = model.byPeriod.get(filter.periodId) ?? [];
    else candidates = model.objectives.keys();
    const levelRanks = filter.levels ? new Set<number>(filter.levels.map((level) => LEVEL_RANK[level])) : null;
    const privateOwners = filter.privateVisibleFor === 'all' ? null : new Set(filter.privateVisibleFor);
    const after = page.after ? oid(page.after).toHexString() : null;
    const rows: Array<{ key: string; row: ObjectiveRecord }> = [];
    for (const id of candidates) {
      const row = model.objectives.get(id);
      if (!row) continue;
      if (filter.periodId && row.periodId !== filter.periodId) continue;
      if (filter.level) {
        if (row.level !== filter.level) continue;
      } else if (levelRanks && !levelRanks.has(row.levelRank)) continue;
      if (filter.state && row.state !== filter.state) continue;
      if (privateOwners && row.visibility !== 'public' && !privateOwners.has(row.ownerId)) continue;
      if (after) {
        if (page.byLevel && page.afterLevelRank !== undefined) {
          if (row.levelRank < page.afterLevelRank || (row.levelRank === page.afterLevelRank && !(id > after))) continue;
        } else if (!(id > after)) continue;
      }
      rows.push({ key: id, row });
    }
    rows.sort(page.byLevel ? (a, b) => a.row.levelRank - b.row.levelRank || byKey(a, b) : byKey);
    return rows.slice(0, page.limit).map(({ row }) => copy(row));
  }

  /** {@link objectives} of some levels of a period, walking each level's ids in `_id` order from the cursor (no sort per read). */
  private objectivesByLevel(
    model: TenantOkrs,
    filter: ObjectiveFilter,
    levelRanks: number[],
    page: { after?: string; limit: number; afterLevelRank?: number },
  ): ObjectiveRecord[] {
    const privateOwners = filter.privateVisibleFor === 'all' ? null : new Set(filter.privateVisibleFor);
    const after = page.after ? oid(page.after).toHexString() : null;
    const rows: ObjectiveRecord[] = [];
    for (const levelRank of levelRanks.sort((a, b) => a - b)) {
      if (after && page.afterLevelRank !== undefined && levelRank < page.afterLevelRank) continue;
      const ids = model.sortedIdsOf(filter.periodId!, levelRank);
      const resumeAfter = after && (page.afterLevelRank === undefined || page.afterLevelRank === levelRank) ? after : null;
      for (let index = resumeAfter ? firstAbove(ids, resumeAfter) : 0; index < ids.length; index += 1) {
        const row = model.objectives.get(ids[index]!);
        if (!row) continue;
        if (filter.state && row.state !== filter.state) continue;
        if (privateOwners && row.visibility !== 'public' && !privateOwners.has(row.ownerId)) continue;
        rows.push(copy(row));
        if (rows.length >= page.limit) return rows;
      }
    }
    return rows;
  }

  /** Objectives of an owner in a period that are not closed. */
  async countOpenObjectives(tenantId: string, periodId: string, ownerId: string): Promise<number> {
    const model = await this.model(tenantId);
    let count = 0;
    for (const id of model.byOwner.get(ownerId) ?? []) {
      const row = model.objectives.get(id);
      if (row && row.periodId === periodId && (row.state === 'draft' || row.state === 'active')) count += 1;
    }
    return count;
  }

  /** Inserts an objective. */
  async insertObjective(tenantId: string, fields: NewObjective, keyResultCount: number): Promise<ObjectiveRecord> {
    const created = await ObjectiveModel.create({ ...fields, tenantId, levelRank: LEVEL_RANK[fields.level], keyResultCount, version: 0 });
    await this.readModel.record(tenantId, { objectives: [created._id.toHexString()] });
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
    const updated = await ObjectiveModel.findOneAndUpdate(
      { tenantId, _id: oid(id), version },
      { $set: next, $inc: { version: 1 } },
      { returnDocument: 'after', runValidators: true },
    ).lean<ObjectiveRecord>();
    if (updated) await this.readModel.record(tenantId, { objectives: [id] });
    return updated;
  }

  /** Removes a just-created objective again (when its key results could not be stored). */
  async deleteObjectiveIfUnchanged(tenantId: string, id: Types.ObjectId): Promise<void> {
    const result = await ObjectiveModel.deleteOne({ tenantId, _id: id, version: 0 });
    if (result.deletedCount > 0) await this.readModel.record(tenantId, { objectives: [id.toHexString()] });
  }

  /** Removes a just-created objective and its key results again (when what it was made for did not happen). */
  async deleteObjectiveWithKeyResults(tenantId: string, id: Types.ObjectId): Promise<void> {
    const keyResults = await KeyResultModel.find({ tenantId, objectiveId: id }).select({ _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>();
    await KeyResultModel.deleteMany({ tenantId, objectiveId: id });
    await ObjectiveModel.deleteOne({ tenantId, _id: id });
    await this.readModel.record(tenantId, { objectives: [id.toHexString()], keyResults: keyResults.map((row) => row._id.toHexString()) });
  }

  /** Takes one key-result slot of an objective if it has fewer than `max`; false when full. */
  async reserveKeyResultSlot(tenantId: string, objectiveId: Types.ObjectId, max: number): Promise<boolean> {
    const result = await ObjectiveModel.updateOne(
      { tenantId, _id: objectiveId, keyResultCount: op({ $lt: max }) },
      { $inc: { keyResultCount: 1 } },
    );
    if (result.modifiedCount !== 1) return false;
    await this.readModel.record(tenantId, { objectives: [objectiveId.toHexString()] });
    return true;
  }

  /** Gives a key-result slot back. */
  async releaseKeyResultSlot(tenantId: string, objectiveId: Types.ObjectId): Promise<void> {
    const result = await ObjectiveModel.updateOne(
      { tenantId, _id: objectiveId, keyResultCount: op({ $gt: 0 }) },
      { $inc: { keyResultCount: -1 } },
    );
    if (result.modifiedCount > 0) await this.readModel.record(tenantId, { objectives: [objectiveId.toHexString()] });
  }

  /** Each objective's progress from its key results in memory (no copies: for views that show only the figure). */
  async progressOf(tenantId: string, objectiveIds: readonly string[]): Promise<Map<string, number>> {
    const model = await this.model(tenantId);
    return new Map(objectiveIds.map((id) => [id, model.progressOf(id)]));
  }

  /** Key results of the objectives, in creation order. */
  async keyResultsOf(tenantId: string, objectiveIds: readonly Types.ObjectId[]): Promise<KeyResultRecord[]> {
    if (objectiveIds.length === 0) return [];
    const model = await this.model(tenantId);
    const rows: KeyResultRecord[] = [];
    for (const objectiveId of new Set(objectiveIds.map((id) => id.toHexString()))) {
      for (const id of model.keyResultsOf.get(objectiveId) ?? []) {
        const row = model.keyResults.get(id);
        if (row) rows.push(copy(row));
      }
    }
    return sortedById(rows);
  }

  /** One key result of the tenant, or null (always read from the database). */
  async keyResult(tenantId: string, id: string): Promise<KeyResultRecord | null> {
    const row = await KeyResultModel.findOne({ _id: oid(id) }).lean<KeyResultRecord>();
    return row && row.tenantId === tenantId ? row : null;
  }

  /** Inserts key results. */
  async insertKeyResults(tenantId: string, rows: NewKeyResult[]): Promise<KeyResultRecord[]> {
    if (rows.length === 0) return [];
    const created = await KeyResultModel.insertMany(rows.map((row) => ({ ...row, tenantId, version: 0 })));
    await this.readModel.record(tenantId, { keyResults: created.map((doc) => doc._id.toHexString()) });
    return created.map((doc) => doc.toObject() as unknown as KeyResultRecord);
  }

  /** Applies `set` if the key result is still at `version`; null when stale or gone. */
  async updateKeyResult(tenantId: string, id: string, version: number, set: Partial<KeyResultRecord>): Promise<KeyResultRecord | null> {
    const updated = await KeyResultModel.findOneAndUpdate(
      { tenantId, _id: oid(id), version },
      { $set: set, $inc: { version: 1 } },
      { returnDocument: 'after', runValidators: true },
    ).lean<KeyResultRecord>();
    if (updated) await this.readModel.record(tenantId, { keyResults: [id] });
    return updated;
  }

  /** Deletes a key result at `version` and its check-ins; false when stale or gone. */
  async deleteKeyResult(tenantId: string, id: string, version: number): Promise<boolean> {
    const result = await KeyResultModel.deleteOne({ tenantId, _id: oid(id), version });
    if (result.deletedCount !== 1) return false;
    await this.readModel.record(tenantId, { keyResults: [id] });
    await CheckInModel.deleteMany({ tenantId, keyResultId: oid(id) });
    return true;
  }

  /** Moves the key results of an objective to a new period (after the objective moved). */
  async setKeyResultsPeriod(tenantId: string, objectiveId: Types.ObjectId, periodId: string): Promise<void> {
    await KeyResultModel.updateMany({ tenantId, objectiveId }, { $set: { periodId } });
    await this.readModel.record(tenantId, { all: true });
  }

  /** Writes the week's check-in, replacing one of the same week (idempotent upsert by its `_id`). */
  async upsertCheckIn(row: Omit<CheckInRecord, '_id' | 'createdAt' | 'updatedAt'>): Promise<CheckInRecord> {
    const { tenantId, keyResultId, isoWeek, ...fields } = row;
    const stored = await CheckInModel.findOneAndUpdate(
      { _id: checkInKey(tenantId, keyResultId, isoWeek) },
      { $set: fields, $setOnInsert: { tenantId, keyResultId, isoWeek } },
      { upsert: true, returnDocument: 'after', runValidators: true },
    ).lean<CheckInRecord>();
    return stored!;
  }

  /**
   * Makes a check-in the key result's current value unless a later week was already checked in; returns the row after.
   * `current` is the key result as the caller read it from the database for this request.
   * Call it after every {@link upsertCheckIn}: it also logs the stored check-in for readers that cache it ({@link cachedCheckIns}).
   */
  async applyCheckIn(
    tenantId: string,
    current: KeyResultRecord,
    checkIn: { isoWeek: string; value: number; confidence: number; at: Date },
  ): Promise<KeyResultRecord | null> {
    const stored = docKey(CHECK_INS, checkInKey(tenantId, current._id, checkIn.isoWeek));
    if (current.lastCheckInWeek !== null && current.lastCheckInWeek !== undefined && current.lastCheckInWeek > checkIn.isoWeek) {
      await this.readModel.record(tenantId, { docs: [stored] });
      return current;
    }
    const ticket = this.readModel.writeTicket(tenantId);
    // By `_id` alone: the embedded database looks up only a plain `_id` filter through its index.
    const updated = await KeyResultModel.findOneAndUpdate(
      { _id: current._id },
      { $set: { current: checkIn.value, lastCheckInWeek: checkIn.isoWeek, lastCheckInAt: checkIn.at, lastConfidence: checkIn.confidence } },
      { returnDocument: 'after' },
    ).lean<KeyResultRecord>();
    await this.readModel.record(
      tenantId,
      { keyResults: [current._id.toHexString()], docs: [stored] },
      updated ? { ticket, keyResults: [updated] } : undefined,
    );
    return updated;
  }

  /**
   * Stored check-ins of some key results in some weeks, from memory after their first read (a lookup by `_id`
   * each then); a check-in written through {@link applyCheckIn} is read again.
   */
  async cachedCheckIns(tenantId: string, keyResultIds: readonly Types.ObjectId[], isoWeeks: readonly string[]): Promise<CheckInRecord[]> {
    const keys = keyResultIds.flatMap((keyResultId) => isoWeeks.map((isoWeek) => checkInKey(tenantId, keyResultId, isoWeek)));
    const rows = await Promise.all(
      keys.map((_id) => this.readModel.cached(tenantId, docKey(CHECK_INS, _id), () => CheckInModel.findOne({ _id }).lean<CheckInRecord>())),
    );
    return rows.filter((row): row is CheckInRecord => row !== null);
  }

  /** The check-ins of a key result in the given weeks, newest first (one lookup by `_id` each). */
  async checkIns(tenantId: string, keyResultId: Types.ObjectId, isoWeeks: readonly string[]): Promise<CheckInRecord[]> {
    const rows = await findCheckIns(tenantId, [keyResultId], isoWeeks);
    return rows.sort((a, b) => (a.isoWeek < b.isoWeek ? 1 : a.isoWeek > b.isoWeek ? -1 : 0));
  }

  /** For each objective id, how many objectives of the tenant align to it. */
  async alignedFromCounts(tenantId: string, ids: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (ids.length === 0) return counts;
    const model = await this.model(tenantId);
    for (const id of ids) {
      const count = model.alignedFrom.get(id)?.size ?? 0;
      if (count > 0) counts.set(id, count);
    }
    return counts;
  }

  /** `alignedTo` of the given objectives, for walking the alignment graph. */
  async alignmentsOf(
    tenantId: string,
    ids: readonly Types.ObjectId[],
  ): Promise<Array<{ _id: Types.ObjectId; alignedTo: Types.ObjectId[] }>> {
    if (ids.length === 0) return [];
    const model = await this.model(tenantId);
    return ids.flatMap((id) => {
      const row = model.objectives.get(id.toHexString());
      return row ? [{ _id: row._id, alignedTo: [...(row.alignedTo ?? [])] }] : [];
    });
  }

  /** Every objective of these owners in these periods. */
  async objectivesOfOwners(tenantId: string, periodIds: readonly string[], ownerIds: readonly string[]): Promise<ObjectiveRecord[]> {
    if (periodIds.length === 0 || ownerIds.length === 0) return [];
    const model = await this.model(tenantId);
    const periods = new Set(periodIds);
    const rows: ObjectiveRecord[] = [];
    for (const ownerId of new Set(ownerIds)) {
      for (const id of model.byOwner.get(ownerId) ?? []) {
        const row = model.objectives.get(id);
        if (row && periods.has(row.periodId)) rows.push(copy(row));
      }
    }
    return sortedById(rows);
  }

  /** Runs upserts of objectives in one bulk write. */
  async bulkObjectives(tenantId: string, operations: AnyBulkWriteOperation[]): Promise<{ upserted: number; modified: number }> {
    if (operations.length === 0) return { upserted: 0, modified: 0 };
    const result = await ObjectiveModel.bulkWrite(operations as never, { ordered: true }).finally(() =>
      this.readModel.record(tenantId, { all: true }),
    );
    return { upserted: result.upsertedCount, modified: result.modifiedCount };
  }

  /** Runs upserts of key results in one bulk write. */
  async bulkKeyResults(tenantId: string, operations: AnyBulkWriteOperation[]): Promise<{ upserted: number; modified: number }> {
    if (operations.length === 0) return { upserted: 0, modified: 0 };
    const result = await KeyResultModel.bulkWrite(operations as never, { ordered: true }).finally(() =>
      this.readModel.record(tenantId, { all: true }),
    );
    return { upserted: result.upsertedCount, modified: result.modifiedCount };
  }
}
