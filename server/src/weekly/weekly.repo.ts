import type { Types } from 'mongoose';
import { RevisionModel, type CheckInRecord } from '../okrs/okrs.model.js';
import { findCheckIns } from '../okrs/okrs.repo.js';
import { WeeklyReportModel, weeklyReportKey, type WeeklyReportRecord } from './weekly.model.js';

/** Fields a save or state change writes. */
export type WeeklyReportFields = Omit<
  WeeklyReportRecord,
  '_id' | 'tenantId' | 'authorId' | 'isoWeek' | 'version' | 'createdAt' | 'updatedAt'
>;

/** Storage of weekly reports: read and written by their natural `_id` only. */
export class WeeklyRepo {
  /** One report, or null. */
  async report(tenantId: string, authorId: string, isoWeek: string): Promise<WeeklyReportRecord | null> {
    return WeeklyReportModel.findOne({ _id: weeklyReportKey(tenantId, authorId, isoWeek) }).lean<WeeklyReportRecord>();
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
    if (version === 1) {
      const created = await WeeklyReportModel.create({ _id, tenantId, authorId, isoWeek, version, ...fields });
      return created.toObject() as unknown as WeeklyReportRecord;
    }
    const updated = await WeeklyReportModel.findOneAndUpdate(
      { _id },
      { $set: { ...fields, version } },
      { returnDocument: 'after', runValidators: true },
    ).lean<WeeklyReportRecord>();
    return updated!;
  }

  /** Stored check-ins of the key results in the given weeks (one lookup by `_id` each). */
  async checkIns(tenantId: string, keyResultIds: readonly Types.ObjectId[], isoWeeks: readonly string[]): Promise<CheckInRecord[]> {
    return findCheckIns(tenantId, keyResultIds, isoWeeks);
  }
}
