import type { PersonRecord } from '../org/people.model.js';
import { findPeople } from '../org/people.reader.js';
import { docKey, OkrReadModel } from '../okrs/okrs.readmodel.js';
import { WeeklyReportModel, weeklyReportKey, type WeeklyReportRecord } from '../weekly/weekly.model.js';
import type { AgendaItem } from '../contract/index.js';
import { historyIndexUpdateOf } from './oneonones.history.js';
import { OneOnOneHistoryRepo } from './oneonones.history.repo.js';
import { OneOnOneMeetingModel, OneOnOneModel, type OneOnOneRecord } from './oneonones.model.js';
import { claimVersion, isDuplicate } from './oneonones.claims.js';

/** The person fields 1:1s show. */
export type PairPerson = Pick<PersonRecord, 'id' | 'displayName' | 'upn' | 'mail' | 'hireDate' | 'enabled'>;

/** What a held 1:1 archives. */
export type MeetingArchive = Pick<
  OneOnOneRecord,
  'tenantId' | 'managerId' | 'reportId' | 'occurrence' | 'notes' | 'talkingPoints' | 'actionItems'
> & {
  heldAt: Date;
  heldBy: string;
  /** The agenda items built from data when it was held. */
  agendaItems?: AgendaItem[] | null;
};

const PAIRS = OneOnOneModel.collection.collectionName;
const WEEKLY_REPORTS = WeeklyReportModel.collection.collectionName;

/** Storage of 1:1s: every read and write names one document by `_id`, so its cost does not grow with the tenant. */
export class OneOnOnesRepo {
  private readonly history = new OneOnOneHistoryRepo();

  /** `readModel` logs pair writes for the readers that cache pairs (pass the server's shared one). */
  constructor(private readonly readModel: OkrReadModel = new OkrReadModel()) {}

  /** The pair document for reading only, from memory until a logged write changes it (never for read-modify-write). */
  async cachedPair(tenantId: string, key: string): Promise<OneOnOneRecord | null> {
    return this.readModel.cached(tenantId, docKey(PAIRS, key), () => this.pair(key));
  }

  /** One pair document, or null before the pair's first write. */
  async pair(key: string): Promise<OneOnOneRecord | null> {
    return OneOnOneModel.findOne({ _id: key }).lean<OneOnOneRecord>();
  }

  /** Several pair documents, one `_id` lookup each (in parallel: the embedded database answers `_id: {$in}` with a scan). */
  async pairs(keys: readonly string[]): Promise<Map<string, OneOnOneRecord>> {
    const rows = await Promise.all(keys.map((key) => this.pair(key)));
    return new Map(rows.filter((row): row is OneOnOneRecord => row !== null).map((row) => [row._id, row]));
  }

  /**
   * Writes the pair at `fromVersion + 1` if this writer is the one to claim that version (unique
   * `_id` insert); false when someone else wrote meanwhile. A claim left by a writer that died
   * before writing is skipped once it is old.
   */
  async save(doc: OneOnOneRecord, fromVersion: number, by: string): Promise<boolean> {
    const version = await claimVersion(
      doc._id,
      fromVersion,
      by,
      async () => (await OneOnOneModel.findOne({ _id: doc._id }, { version: 1 }).lean<{ version: number }>())?.version,
    );
    if (version === null) return false;
    const { _id, createdAt, updatedAt, ...fields } = doc as OneOnOneRecord & { createdAt?: Date; updatedAt?: Date };
    if (fromVersion === 0) {
      try {
        await OneOnOneModel.create({ _id, ...fields, version });
      } catch (error) {
        if (isDuplicate(error)) return false;
        throw error;
      }
    } else {
      await OneOnOneModel.updateOne({ _id }, { $set: { ...fields, version } }, { runValidators: true });
    }
    await this.readModel.record(doc.tenantId, { docs: [docKey(PAIRS, _id)] });
    return true;
  }

  /** Archives a held 1:1 and adds it to the pair's history index (idempotent: a repeated archive of the same occurrence keeps the first). */
  async archive(pairKey: string, meeting: MeetingArchive): Promise<void> {
    const _id = `${pairKey}:${meeting.occurrence}`;
    try {
      await OneOnOneMeetingModel.create({ _id, ...meeting });
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      return;
    }
    await this.history.record(meeting.tenantId, pairKey, [historyIndexUpdateOf({ _id, ...meeting })]);
  }

  /** People of a tenant by object id (for names and hire dates). */
  async people(tenantId: string, ids: readonly string[]): Promise<Map<string, PairPerson>> {
    return new Map((await findPeople(tenantId, ids)).map((row) => [row.id, row]));
  }

  /** The author's weekly reports of the given weeks, from memory until a logged write changes one (a lookup by `_id` each first). */
  async weeklyReports(tenantId: string, authorId: string, isoWeeks: readonly string[]): Promise<WeeklyReportRecord[]> {
    const rows = await Promise.all(
      isoWeeks.map((week) => {
        const _id = weeklyReportKey(tenantId, authorId, week);
        return this.readModel.cached(tenantId, docKey(WEEKLY_REPORTS, _id), () =>
          WeeklyReportModel.findOne({ _id }).lean<WeeklyReportRecord>(),
        );
      }),
    );
    return rows.filter((row): row is WeeklyReportRecord => row !== null);
  }
}
