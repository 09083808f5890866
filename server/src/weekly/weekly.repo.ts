import type { Types } from 'mongoose';
import { RevisionModel, type CheckInRecord } from '../okrs/okrs.model.js';
import { findCheckIns } from '../okrs/okrs.repo.js';
import { docKey, OkrReadModel } from '../okrs/okrs.readmodel.js';
import { WeeklyReportModel, weeklyReportKey, type WeeklyReportRecord } from './weekly.model.js';

const WEEKLY_REPORTS = WeeklyReportModel.collection.collectionName;

/** Fields a save or state change writes. */
export type WeeklyReportFields = Omit<
  WeeklyReportRecord,
  '_id' | 'tenantId' | 'authorId' | 'isoWeek' | 'version' | 'createdAt' | 'updatedAt' | 'sendAttemptedAt'
>;

/** Storage of weekly reports: read and written by their natural `_id` only. */
export class WeeklyRepo {
  /** `readModel` logs report writes for the readers that cache reports (pass the server's shared one). */
  constructor(private readonly readModel: OkrReadModel = new OkrReadModel()) {}

  /** One report, or null. */
  async report(tenantId: string, authorId: string, isoWeek: string): Promise<WeeklyReportRecord | null> {
    return WeeklyReportModel.findOne({ _id: weeklyReportKey(tenantId, authorId, isoWeek) }).lean<WeeklyReportRecord>();
  }

  /** One report for reading only, from memory until a logged write changes it (never for read-modify-write). */
  async cachedReport(tenantId: string, authorId: string, isoWeek: string): Promise<WeeklyReportRecord | null> {
    const _id = weeklyReportKey(tenantId, authorId, isoWeek);
    return this.readModel.cached(tenantId, docKey(WEEKLY_REPORTS, _id), () =>
      WeeklyReportModel.findOne({ _id }).lean<WeeklyReportRecord>(),
    );
  }

  /** Reports of several authors for one week (one `_id` lookup each). */
  async reports(tenantId: string, authorIds: readonly string[], isoWeek: string): Promise<Map<string, WeeklyReportRecord>> {
    const rows = await Promise.all(authorIds.map((authorId) => this.report(tenantId, authorId, isoWeek)));
    return new Map(rows.filter((row): row is WeeklyReportRecord => row !== null).map((row) => [row.authorId, row]));
  }

  /**
   * Claims version `fromVersion + 1` of a report: the unique (document, version) row of `revisions`
   * can be inserted once, so of concurrent writers holding the same version exactly one gets true.
   */
  async claimVersion(tenantId: string, authorId: string, isoWeek: string, fromVersion: number): Promise<boolean> {
    try {
      await RevisionModel.create({
        tenantId,
        kind: 'weeklyReport',
        docId: weeklyReportKey(tenantId, authorId, isoWeek),
        version: fromVersion + 1,
        authorId,
      });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  /** Writes the report at `version` (after {@link claimVersion} gave it to this writer): inserts the first, updates by `_id` after. */
  async write(
    tenantId: string,
    authorId: string,
    isoWeek: string,
    version: number,
    fields: WeeklyReportFields,
  ): Promise<WeeklyReportRecord> {
    const _id = weeklyReportKey(tenantId, authorId, isoWeek);
    const written =
      version === 1
        ? ((
            await WeeklyReportModel.create({ _id, tenantId, authorId, isoWeek, version, ...fields })
          ).toObject() as unknown as WeeklyReportRecord)
        : (await WeeklyReportModel.findOneAndUpdate(
            { _id },
            { $set: { ...fields, version } },
            { returnDocument: 'after', runValidators: true },
          ).lean<WeeklyReportRecord>())!;
    // Readers that cache weekly reports (the draft, the 1:1 agenda, the team check-in) read this one again.
    await this.readModel.record(tenantId, { docs: [docKey(WEEKLY_REPORTS, _id)] });
    return written;
  }

  /** Notes that the author tried to send a stored draft (no version: a pane holding the report keeps saving). */
  async markSendAttempt(tenantId: string, authorId: string, isoWeek: string, at: Date): Promise<void> {
    const _id = weeklyReportKey(tenantId, authorId, isoWeek);
    const result = await WeeklyReportModel.updateOne({ _id, status: 'draft' }, { $set: { sendAttemptedAt: at } });
    // The cached draft must show the attempt, or its read would never look in Sent Items.
    if (result.modifiedCount > 0) await this.readModel.record(tenantId, { docs: [docKey(WEEKLY_REPORTS, _id)] });
  }

  /** Stored check-ins of the key results in the given weeks (one lookup by `_id` each). */
  async checkIns(tenantId: string, keyResultIds: readonly Types.ObjectId[], isoWeeks: readonly string[]): Promise<CheckInRecord[]> {
    return findCheckIns(tenantId, keyResultIds, isoWeeks);
  }
}
