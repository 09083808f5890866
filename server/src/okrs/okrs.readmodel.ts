import mongoose, { Schema } from 'mongoose';
import { KeyResultModel, ObjectiveModel, type KeyResultRecord, type ObjectiveRecord } from './okrs.model.js';
import { objectiveProgress } from './okrs.progress.js';

const changeSchema = new Schema(
  {
    /** `${tenantId}:${sequence}`, the sequence claimed from the tenant's head ({@link OkrChangeHeadModel}). */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    seq: { type: Number, required: true },
    objectives: { type: [String], default: [] },
    keyResults: { type: [String], default: [] },
    /** True when the change is too broad to list (imports): readers reload the tenant. */
    all: { type: Boolean, default: false },
    /** Keys (`collection:_id`) of other documents that readers cache beside the OKRs ({@link OkrReadModel.cached}). */
    docs: { type: [String], default: [] },
    at: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, _id: false },
);
/** Insert-only log of OKR writes; read only by `_id`, so its size never slows a query. */
export const OkrChangeModel = mongoose.model('OkrChange', changeSchema, 'okr_changes');

const headSchema = new Schema(
  {
    /** The tenant id. */
    _id: { type: String, required: true },
    /** The newest sequence claimed (`$inc`): once the writers under way are done, every change-log entry is at or below it. */
    seq: { type: Number, required: true },
  },
  { strict: 'throw', versionKey: false, _id: false },
);
/** One small row per tenant: the counter that hands out change-log sequences. */
export const OkrChangeHeadModel = mongoose.model('OkrChangeHead', headSchema, 'okr_change_heads');

/** What one write changed. */
export interface OkrChange {
  objectives?: readonly string[];
  keyResults?: readonly string[];
  all?: boolean;
  /** Keys of cached documents the write changed (see {@link docKey}). */
  docs?: readonly string[];
}

/**
 * Taken before a write whose resulting rows go to {@link OkrReadModel.record}: the rows are applied as they are only if
 * nothing put the same documents into the model since (otherwise they are read again, as they may be older).
 */
export interface WriteTicket {
  readonly model: TenantOkrs | undefined;
  readonly generation: number;
}

/** Rows a logged write returned from the database, with the ticket taken before it. */
export interface WrittenRows {
  ticket: WriteTicket;
  keyResults: readonly KeyResultRecord[];
}

interface ChangeEntry {
  _id: string;
  objectives: string[];
  keyResults: string[];
  all: boolean;
  docs?: string[];
}

/** The key under which a document is cached and logged: its collection and `_id`. */
export const docKey = (collection: string, id: string): string => `${collection}:${id}`;

/** Cached documents kept per tenant; beyond this the least recently stored are dropped. */
const MAX_CACHED_DOCS = 50_000;

/** Key results whose latest incremental put a tenant's model remembers; beyond this it forgets them all at once. */
const MAX_TRACKED_PUTS = 10_000;

/** The OKRs of one tenant, indexed for the read endpoints. */
export class TenantOkrs {
  readonly objectives = new Map<string, ObjectiveRecord>();
  readonly keyResults = new Map<string, KeyResultRecord>();
  /** Objective id → its key-result ids. */
  readonly keyResultsOf = new Map<string, Set<string>>();
  /** Owner id → objective ids. */
  readonly byOwner = new Map<string, Set<string>>();
  /** Period id → objective ids. */
  readonly byPeriod = new Map<string, Set<string>>();
  /** `periodId|levelRank` → objective ids. */
  private readonly byPeriodLevel = new Map<string, Set<string>>();
  /** `periodId|levelRank` → the same ids in `_id` order, made on first read after a change of that set. */
  private readonly sortedByPeriodLevel = new Map<string, string[]>();
  /** Objective id → its progress ({@link progressOf}), dropped when one of its key results is put. */
  private readonly progress = new Map<string, number>();
  /** Objective id → ids of the objectives aligned to it. */
  readonly alignedFrom = new Map<string, Set<string>>();
  /** Other documents read through {@link OkrReadModel.cached}, by {@link docKey} (null: known to be absent). */
  readonly docs = new Map<string, unknown>();
  /** Bumped whenever a cached document is dropped, so that a read that raced with a change is not stored. */
  docGeneration = 0;

  /** Counts the key results put after the load; {@link keyResultPutAt} holds the count at each one's latest put. */
  putGeneration = 0;
  private readonly keyResultPutAt = new Map<string, number>();
  /** Puts up to this generation are forgotten (see {@link MAX_TRACKED_PUTS}). */
  private forgottenPuts = 0;

  /** Sequences this instance logged and applied itself, above {@link seq}: a probe skips them. */
  readonly ownSeqs = new Set<number>();
  /** Sequences at or below {@link seq} claimed by a writer whose entry was not there yet, with when they were first missed (ms). */
  readonly pending = new Map<number, number>();

  constructor(
    /** The change-log sequence up to which every entry is reflected here, or waiting in {@link pending}. */
    public seq: number,
    /** When the change log was last probed (ms). */
    public checkedAt: number,
  ) {}

  /** Stores or replaces an objective; null removes it. */
  putObjective(id: string, row: ObjectiveRecord | null): void {
    const old = this.objectives.get(id);
    if (old) {
      remove(this.byOwner, old.ownerId, id);
      remove(this.byPeriod, old.periodId, id);
      const key = periodLevelKey(old.periodId, old.levelRank);
      remove(this.byPeriodLevel, key, id);
      this.sortedByPeriodLevel.delete(key);
      for (const target of old.alignedTo ?? []) remove(this.alignedFrom, target.toHexString(), id);
      this.objectives.delete(id);
    }
    if (!row) return;
    this.objectives.set(id, row);
    add(this.byOwner, row.ownerId, id);
    add(this.byPeriod, row.periodId, id);
    const key = periodLevelKey(row.periodId, row.levelRank);
    add(this.byPeriodLevel, key, id);
    this.sortedByPeriodLevel.delete(key);
    for (const target of row.alignedTo ?? []) add(this.alignedFrom, target.toHexString(), id);
  }

  /** An objective's progress from its key results, kept until one of them changes. */
  progressOf(objectiveId: string): number {
    let progress = this.progress.get(objectiveId);
    if (progress === undefined) {
      const keyResults: KeyResultRecord[] = [];
      for (const id of this.keyResultsOf.get(objectiveId) ?? []) {
        const row = this.keyResults.get(id);
        if (row) keyResults.push(row);
      }
      progress = objectiveProgress(keyResults);
      this.progress.set(objectiveId, progress);
    }
    return progress;
  }

  /** Ids of a period's objectives of one level rank, in `_id` order (do not change the array). */
  sortedIdsOf(periodId: string, levelRank: number): readonly string[] {
    const key = periodLevelKey(periodId, levelRank);
    let sorted = this.sortedByPeriodLevel.get(key);
    if (!sorted) {
      sorted = [...(this.byPeriodLevel.get(key) ?? [])].sort();
      this.sortedByPeriodLevel.set(key, sorted);
    }
    return sorted;
  }

  /** Drops cached documents that a change named. */
  dropDocs(keys: Iterable<string>): void {
    for (const key of keys) this.docs.delete(key);
    this.docGeneration += 1;
  }

  /** Stores or replaces a key result after the load, remembering when (for {@link keyResultPutSince}). */
  replaceKeyResult(id: string, row: KeyResultRecord | null): void {
    this.putKeyResult(id, row);
    this.putGeneration += 1;
    if (this.keyResultPutAt.size >= MAX_TRACKED_PUTS) {
      this.keyResultPutAt.clear();
      this.forgottenPuts = this.putGeneration - 1;
    }
    this.keyResultPutAt.set(id, this.putGeneration);
  }

  /** Whether the key result may have been put after the given generation. */
  keyResultPutSince(id: string, generation: number): boolean {
    return generation < this.forgottenPuts || (this.keyResultPutAt.get(id) ?? 0) > generation;
  }

  /** Stores or replaces a key result; null removes it. */
  putKeyResult(id: string, row: KeyResultRecord | null): void {
    const old = this.keyResults.get(id);
    if (old) {
      const objectiveId = old.objectiveId.toHexString();
      remove(this.keyResultsOf, objectiveId, id);
      this.progress.delete(objectiveId);
      this.keyResults.delete(id);
    }
    if (!row) return;
    this.keyResults.set(id, row);
    const objectiveId = row.objectiveId.toHexString();
    add(this.keyResultsOf, objectiveId, id);
    this.progress.delete(objectiveId);
  }
}

const periodLevelKey = (periodId: string, levelRank: number): string => `${periodId}|${levelRank}`;

function add(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (set) set.add(id);
  else index.set(key, new Set([id]));
}

function remove(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}

/** Options of {@link OkrReadModel}. */
export interface OkrReadModelOptions {
  /** How long a tenant's model is trusted before the change log is probed again (ms). */
  probeIntervalMs?: number;
  /** More changed documents than this since the last probe reload the whole tenant. */
  maxIncrementalChanges?: number;
  /**
   * How long a claimed sequence may stay without its entry before readers give up waiting (ms): its writer died between
   * claiming and logging, so what it changed is unknown and the tenant is reloaded.
   */
  lostEntryAfterMs?: number;
}

interface QueuedChange {
  change: OkrChange;
  rows: WrittenRows | undefined;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Takes the oldest queued changes that fit one entry: at most `maxDocuments` objectives and key results (at least one change). */
function takeBatch(queue: QueuedChange[], maxDocuments: number): QueuedChange[] {
  let documents = 0;
  let count = 0;
  while (count < queue.length) {
    const { change } = queue[count]!;
    const size = (change.objectives?.length ?? 0) + (change.keyResults?.length ?? 0);
    if (count > 0 && documents + size > maxDocuments) break;
    documents += size;
    count += 1;
  }
  return queue.splice(0, count);
}

/** One change naming everything the given changes name. */
function mergeChanges(changes: readonly OkrChange[]): OkrChange {
  if (changes.length === 1) return changes[0]!;
  const union = (pick: (change: OkrChange) => readonly string[] | undefined) => [
    ...new Set(changes.flatMap((change) => pick(change) ?? [])),
  ];
  return {
    objectives: union((change) => change.objectives),
    keyResults: union((change) => change.keyResults),
    all: changes.some((change) => change.all),
    docs: union((change) => change.docs),
  };
}

/** The returned key-result rows of a batch, each only if no other change of the batch names the same key result. */
function writtenRows(batch: readonly QueuedChange[]): Map<string, { row: KeyResultRecord; ticket: WriteTicket }> {
  const namedBy = new Map<string, number>();
  for (const { change } of batch) for (const id of new Set(change.keyResults)) namedBy.set(id, (namedBy.get(id) ?? 0) + 1);
  const rows = new Map<string, { row: KeyResultRecord; ticket: WriteTicket }>();
  for (const { change, rows: written } of batch) {
    for (const row of written?.keyResults ?? []) {
      const id = row._id.toHexString();
      if (namedBy.get(id) === 1 && change.keyResults?.includes(id)) rows.set(id, { row, ticket: written!.ticket });
    }
  }
  return rows;
}

/** Objectives and key results one shared change-log entry names at most (a single bigger change gets an entry of its own). */
const MAX_BATCHED_DOCUMENTS = 20;

/**
 * Documents per reply when a tenant is loaded. FerretDB sends a batch as large as asked (MongoDB caps a reply at 16 MB),
 * and the embedded launcher refuses messages over 48 MB: 100,000 key results (a 100,000-person tenant has 350,000) broke
 * the connection. 20,000 objectives or key results are about 10 MB.
 */
const LOAD_BATCH = 20_000;

/** More unseen entries than this in one probe reload the tenant instead of reading them one by one. */
const MAX_PROBED_ENTRIES = 500;

/**
 * Serves OKR reads from a per-tenant in-memory copy of objectives and key results, loaded with one
 * query each. Writers claim a sequence from the tenant's counter (one `$inc`; a collision, possible on a FerretDB
 * that applies it as a read and a write, is caught by the entry's unique `_id`) and append an entry under it to an insert-only change log (`tenantId:sequence`), then apply
 * their own change here at once; readers read the counter at most once per interval, fetch the entries
 * they have not seen by `_id` and reload only the listed documents by `_id`, so keeping fresh costs cheap
 * lookups, never collection scans. An entry claimed but not written yet is waited for at the next probes;
 * one missing for longer than `lostEntryAfterMs` reloads the tenant.
 */
export class OkrReadModel {
  private readonly tenants = new Map<string, TenantOkrs>();
  private readonly loading = new Map<string, Promise<TenantOkrs>>();
  private readonly catchingUp = new Map<string, Promise<void>>();
  /** Changes waiting for the change-log entry they will share, per tenant whose log is being written. */
  private readonly logQueues = new Map<string, QueuedChange[]>();
  private readonly probeIntervalMs: number;
  private readonly maxIncrementalChanges: number;
  private readonly lostEntryAfterMs: number;

  constructor(options: OkrReadModelOptions = {}) {
    this.probeIntervalMs = options.probeIntervalMs ?? 1_000;
    this.maxIncrementalChanges = options.maxIncrementalChanges ?? 50;
    this.lostEntryAfterMs = options.lostEntryAfterMs ?? 10_000;
  }

  /** The tenant's model, loaded on first use and caught up with the change log at most once per probe interval. */
  async tenant(tenantId: string): Promise<TenantOkrs> {
    const cached = this.tenants.get(tenantId);
    if (!cached) return this.load(tenantId);
    if (Date.now() - cached.checkedAt >= this.probeIntervalMs) await this.catchUp(tenantId);
    return this.tenants.get(tenantId) ?? this.load(tenantId);
  }

  /**
   * Logs a write (after it reached the database) and applies it to this instance's model at once. The entry's unique
   * `_id` is what reserves a sequence: a database that applies `$inc` as a read and a write (FerretDB without the
   * embedded launcher's write serialisation) can hand two writers the same number, and the one whose insert fails
   * reads the other's entry like any other instance's and claims again. Changes recorded while an entry of the tenant
   * is being written share the next entry (group commit): under load a write costs a fraction of a claim and an insert.
   * `rows`, the key results as the write returned them, spare reading them again.
   */
  record(tenantId: string, change: OkrChange, rows?: WrittenRows): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queued = { change, rows, resolve, reject };
      const queue = this.logQueues.get(tenantId);
      if (queue) {
        queue.push(queued);
        return;
      }
      this.logQueues.set(tenantId, [queued]);
      void this.drainLog(tenantId);
    });
  }

  /** Writes the tenant's queued changes, a batch per entry, until none is left (the queue exists while it runs). */
  private async drainLog(tenantId: string): Promise<void> {
    const queue = this.logQueues.get(tenantId)!;
    while (queue.length > 0) {
      const batch = takeBatch(queue, MAX_BATCHED_DOCUMENTS);
      const change = mergeChanges(batch.map((queued) => queued.change));
      let failure: { error: unknown } | null = null;
      try {
        await this.writeEntry(tenantId, change);
      } catch (error) {
        failure = { error };
      }
      // The writes reached the database whether or not their entry did: this instance shows them either way.
      try {
        await this.applyOwn(tenantId, change, writtenRows(batch));
      } catch (error) {
        failure ??= { error };
      }
      for (const queued of batch) {
        if (failure) queued.reject(failure.error);
        else queued.resolve();
      }
    }
    this.logQueues.delete(tenantId);
  }

  /** Claims a sequence and writes the change-log entry under it, claiming again after a collision. */
  private async writeEntry(tenantId: string, change: OkrChange): Promise<void> {
    for (let collisions = 0; ; collisions += 1) {
      // A log written before the counter existed (or a counter set back by a lost update) holds entries above it:
      // after repeated collisions, move the counter past the newest entry.
      if (collisions >= 2) await this.moveCounterPastLog(tenantId);
      const seq = await this.claimSequence(tenantId);
      this.tenants.get(tenantId)?.ownSeqs.add(seq);
      try {
        await OkrChangeModel.collection.insertOne({
          _id: `${tenantId}:${seq}` as never,
          tenantId,
          seq,
          objectives: [...(change.objectives ?? [])],
          keyResults: [...(change.keyResults ?? [])],
          all: change.all ?? false,
          docs: [...(change.docs ?? [])],
          at: new Date(),
        });
        return;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        const model = this.tenants.get(tenantId);
        model?.ownSeqs.delete(seq);
        model?.pending.set(seq, Date.now());
      }
    }
  }

  private async moveCounterPastLog(tenantId: string): Promise<void> {
    const newest = await OkrChangeModel.findOne({ tenantId }).sort({ seq: -1 }).select({ seq: 1 }).lean<{ seq: number }>();
    await OkrChangeHeadModel.updateOne({ _id: tenantId }, { $max: { seq: newest?.seq ?? 0 } });
  }

  /** The tenant's next change-log sequence; two first writers may race on creating the counter, and the loser retries. */
  private async claimSequence(tenantId: string): Promise<number> {
    const claim = () =>
      OkrChangeHeadModel.findOneAndUpdate({ _id: tenantId }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean<{
        seq: number;
      }>();
    try {
      return (await claim())!.seq;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      return (await claim())!.seq;
    }
  }

  /**
   * Applies a change this instance wrote to its loaded model, after any probe under way (whose reads may predate the write):
   * the returned rows that are still the newest as they are, the rest read again.
   */
  private async applyOwn(
    tenantId: string,
    change: OkrChange,
    rows: ReadonlyMap<string, { row: KeyResultRecord; ticket: WriteTicket }>,
  ): Promise<void> {
    await this.catchingUp.get(tenantId);
    const model = this.tenants.get(tenantId);
    if (!model) return;
    if (change.all) {
      this.tenants.delete(tenantId);
      await this.load(tenantId);
      return;
    }
    if (change.docs?.length) model.dropDocs(change.docs);
    const keyResultIds = new Set(change.keyResults);
    for (const [id, { row, ticket }] of rows) {
      if (ticket.model !== model || model.keyResultPutSince(id, ticket.generation) || row.tenantId !== tenantId) continue;
      model.replaceKeyResult(id, row);
      keyResultIds.delete(id);
    }
    await this.reloadDocuments(tenantId, model, new Set(change.objectives), keyResultIds);
  }

  /** A ticket to take before a write whose returned rows will be passed to {@link record}. */
  writeTicket(tenantId: string): WriteTicket {
    const model = this.tenants.get(tenantId);
    return { model, generation: model?.putGeneration ?? 0 };
  }

  /**
   * A document of the tenant that changes only through writers that log it (`record({ docs: [key] })`):
   * answered from memory after its first read, until the change log (probed as for the OKRs, at most
   * once per interval) names it. `load` reads it by `_id`; null is cached as "absent" too.
   */
  async cached<T>(tenantId: string, key: string, load: () => Promise<T | null>): Promise<T | null> {
    const model = await this.tenant(tenantId);
    if (model.docs.has(key)) return model.docs.get(key) as T | null;
    const generation = model.docGeneration;
    const value = await load();
    if (this.tenants.get(tenantId) === model && model.docGeneration === generation) {
      if (model.docs.size >= MAX_CACHED_DOCS) model.docs.delete(model.docs.keys().next().value!);
      model.docs.set(key, value);
    }
    return value;
  }

  /** Forgets every loaded tenant (the next read loads again). */
  clear(): void {
    this.tenants.clear();
  }

  /** Probes the change log, joining a probe under way. */
  private async catchUp(tenantId: string): Promise<void> {
    const running = this.catchingUp.get(tenantId);
    if (running) return running;
    const model = this.tenants.get(tenantId);
    if (!model) return;
    const probing = this.probe(tenantId, model).finally(() => this.catchingUp.delete(tenantId));
    this.catchingUp.set(tenantId, probing);
    return probing;
  }

  private async probe(tenantId: string, model: TenantOkrs): Promise<void> {
    const checkedAt = Date.now();
    const head = (await OkrChangeHeadModel.findOne({ _id: tenantId }).lean<{ seq: number }>())?.seq ?? 0;
    const unseenSet = new Set(model.pending.keys());
    for (let seq = model.seq + 1; seq <= head; seq += 1) if (!model.ownSeqs.has(seq)) unseenSet.add(seq);
    const unseen = [...unseenSet];
    let reloadAll = unseen.length > MAX_PROBED_ENTRIES;
    const objectiveIds = new Set<string>();
    const keyResultIds = new Set<string>();
    const docKeys = new Set<string>();
    if (!reloadAll) {
      const entries = await Promise.all(unseen.map((seq) => OkrChangeModel.findOne({ _id: `${tenantId}:${seq}` }).lean<ChangeEntry>()));
      unseen.forEach((seq, index) => {
        const entry = entries[index];
        if (!entry) {
          const missedSince = model.pending.get(seq) ?? checkedAt;
          model.pending.set(seq, missedSince);
          if (checkedAt - missedSince >= this.lostEntryAfterMs) reloadAll = true;
          return;
        }
        model.pending.delete(seq);
        if (entry.all) reloadAll = true;
        for (const id of entry.objectives) objectiveIds.add(id);
        for (const id of entry.keyResults) keyResultIds.add(id);
        for (const key of entry.docs ?? []) docKeys.add(key);
      });
      if (objectiveIds.size + keyResultIds.size > this.maxIncrementalChanges) reloadAll = true;
    }
    if (reloadAll) {
      this.tenants.delete(tenantId);
      await this.load(tenantId);
      return;
    }
    if (docKeys.size > 0) model.dropDocs(docKeys);
    await this.reloadDocuments(tenantId, model, objectiveIds, keyResultIds);
    model.seq = Math.max(model.seq, head);
    for (const seq of model.ownSeqs) if (seq <= model.seq) model.ownSeqs.delete(seq);
    model.checkedAt = checkedAt;
  }

  /** Reads the listed objectives and key results by `_id` into the model (absent or another tenant's: removed). */
  private async reloadDocuments(tenantId: string, model: TenantOkrs, objectiveIds: Set<string>, keyResultIds: Set<string>): Promise<void> {
    const [objectives, keyResults] = await Promise.all([
      Promise.all([...objectiveIds].map((id) => ObjectiveModel.findOne({ _id: id }).lean<ObjectiveRecord>())),
      Promise.all([...keyResultIds].map((id) => KeyResultModel.findOne({ _id: id }).lean<KeyResultRecord>())),
    ]);
    [...objectiveIds].forEach((id, index) => {
      const row = objectives[index];
      model.putObjective(id, row && row.tenantId === tenantId ? row : null);
    });
    [...keyResultIds].forEach((id, index) => {
      const row = keyResults[index];
      model.replaceKeyResult(id, row && row.tenantId === tenantId ? row : null);
    });
  }

  private load(tenantId: string): Promise<TenantOkrs> {
    let loading = this.loading.get(tenantId);
    if (!loading) {
      loading = this.loadNow(tenantId).finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, loading);
    }
    return loading;
  }

  private async loadNow(tenantId: string): Promise<TenantOkrs> {
    const checkedAt = Date.now();
    // Every write that claimed a sequence up to the head reached the database before claiming it, so the
    // documents read below reflect it, logged yet or not.
    const head = await OkrChangeHeadModel.findOne({ _id: tenantId }).lean<{ seq: number }>();
    const seq = head?.seq ?? 0;
    const [objectives, keyResults] = await Promise.all([
      ObjectiveModel.find({ tenantId }).batchSize(LOAD_BATCH).lean<ObjectiveRecord[]>(),
      KeyResultModel.find({ tenantId }).batchSize(LOAD_BATCH).lean<KeyResultRecord[]>(),
    ]);
    const model = new TenantOkrs(seq, checkedAt);
    for (const row of objectives) model.putObjective(row._id.toHexString(), row);
    for (const row of keyResults) model.putKeyResult(row._id.toHexString(), row);
    this.tenants.set(tenantId, model);
    return model;
  }
}
