import { docKey, OkrReadModel } from '../okrs/okrs.readmodel.js';
import type { WinReactionKind } from '../contract/index.js';
import { authorWeekKey, teamWeekKey, WinIndexModel, WinModel, winKey, type WinIndexRecord, type WinRecord } from './wins.model.js';

const WINS = WinModel.collection.collectionName;
const INDEXES = WinIndexModel.collection.collectionName;

/** The fields a new win is stored with. */
export type NewWin = Omit<WinRecord, '_id' | 'reactions' | 'editedAt'>;

const isDuplicate = (error: unknown): boolean => (error as { code?: number }).code === 11000;

/**
 * Storage of wins: one document per win (`<tenant>:<id>`) and one index document per (team, week) and
 * (author, week) listing win ids. Every read and write names documents by `_id`; reads are answered from
 * the tenant's memory cache until a logged write changes the document, so a wall costs no queries once read.
 */
export class WinsRepo {
  /** `readModel` logs win writes for every instance's cache (pass the server's shared one). */
  constructor(private readonly readModel: OkrReadModel = new OkrReadModel()) {}

  /** One win for reading, from memory until a logged write changes it; null when the tenant has no such win. */
  async cachedWin(tenantId: string, winId: string): Promise<WinRecord | null> {
    const _id = winKey(tenantId, winId);
    return this.readModel.cached(tenantId, docKey(WINS, _id), () => this.win(tenantId, winId));
  }

  /** One win read from the database. */
  async win(tenantId: string, winId: string): Promise<WinRecord | null> {
    return WinModel.findOne({ _id: winKey(tenantId, winId) }).lean<WinRecord>();
  }

  /** The wins of a team in a week (any order), from the cached index and cached wins. */
  async teamWeek(tenantId: string, teamId: string, isoWeek: string): Promise<WinRecord[]> {
    return this.indexed(tenantId, teamWeekKey(tenantId, teamId, isoWeek));
  }

  /** The wins an author posted in a week (any team), from the cached index and cached wins. */
  async authorWeek(tenantId: string, authorId: string, isoWeek: string): Promise<WinRecord[]> {
    return this.indexed(tenantId, authorWeekKey(tenantId, authorId, isoWeek));
  }

  private async indexed(tenantId: string, _id: string): Promise<WinRecord[]> {
    const index = await this.readModel.cached(tenantId, docKey(INDEXES, _id), () => WinIndexModel.findOne({ _id }).lean<WinIndexRecord>());
    if (!index) return [];
    // One lookup by `_id` each (in parallel: the embedded database answers `_id: {$in}` with a scan).
    const rows = await Promise.all(index.winIds.map((id) => this.cachedWin(tenantId, id)));
    return rows.filter((row): row is WinRecord => row !== null);
  }

  /** Stores a new win (with reactions already given, for imports), then lists it in its team's and author's index of the week. */
  async insert(fields: NewWin, reactions: WinRecord['reactions'] = []): Promise<WinRecord> {
    const doc: WinRecord = { _id: winKey(fields.tenantId, fields.id), ...fields, reactions, editedAt: null };
    await WinModel.create(doc);
    const indexes = this.indexKeys(doc);
    await Promise.all(indexes.map((_id) => this.addToIndex(_id, doc)));
    await this.readModel.record(doc.tenantId, { docs: [docKey(WINS, doc._id), ...indexes.map((key) => docKey(INDEXES, key))] });
    return doc;
  }

  /** Sets text and/or link; answers the stored win after the change. */
  async update(tenantId: string, winId: string, set: Partial<Pick<WinRecord, 'text' | 'link' | 'editedAt'>>): Promise<WinRecord | null> {
    const _id = winKey(tenantId, winId);
    await WinModel.updateOne({ _id }, { $set: set }, { runValidators: true });
    await this.readModel.record(tenantId, { docs: [docKey(WINS, _id)] });
    return this.win(tenantId, winId);
  }

  /** Removes a win: first from its indexes (a wall never lists a win that is gone), then the document. */
  async remove(win: WinRecord): Promise<void> {
    const indexes = this.indexKeys(win);
    await Promise.all(indexes.map((_id) => WinIndexModel.updateOne({ _id }, { $pull: { winIds: win.id } })));
    await WinModel.deleteOne({ _id: win._id });
    await this.readModel.record(win.tenantId, { docs: [docKey(WINS, win._id), ...indexes.map((key) => docKey(INDEXES, key))] });
  }

  /** Adds (`$addToSet`) or removes (`$pull`) one person's reaction of a kind; repeating either changes nothing. */
  async react(tenantId: string, winId: string, kind: WinReactionKind, by: string, on: boolean): Promise<WinRecord | null> {
    const _id = winKey(tenantId, winId);
    const reaction = { kind, by };
    await WinModel.updateOne({ _id }, on ? { $addToSet: { reactions: reaction } } : { $pull: { reactions: reaction } });
    await this.readModel.record(tenantId, { docs: [docKey(WINS, _id)] });
    return this.win(tenantId, winId);
  }

  private indexKeys(win: Pick<WinRecord, 'tenantId' | 'teamId' | 'authorId' | 'isoWeek'>): string[] {
    return [teamWeekKey(win.tenantId, win.teamId, win.isoWeek), authorWeekKey(win.tenantId, win.authorId, win.isoWeek)];
  }

  /** `$addToSet` into an index, creating it; two first writers may race on the upsert, and the loser retries without it. */
  private async addToIndex(_id: string, win: WinRecord): Promise<void> {
    const update = { $addToSet: { winIds: win.id }, $setOnInsert: { tenantId: win.tenantId, isoWeek: win.isoWeek } };
    try {
      await WinIndexModel.updateOne({ _id }, update, { upsert: true });
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      await WinIndexModel.updateOne({ _id }, { $addToSet: { winIds: win.id } });
    }
  }
}
