import type { Types } from 'mongoose';
import type { CheckInRecord } from '../okrs/okrs.model.js';
import { docKey, type TenantOkrs } from '../okrs/okrs.readmodel.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import { WeeklyReportModel, weeklyReportKey, type WeeklyReportRecord } from '../weekly/weekly.model.js';
import { TeamCheckInClaimModel, TeamCheckInModel, teamCheckInKey, type TeamCheckInRecord } from './teamcheckin.model.js';

const CHECKINS = TeamCheckInModel.collection.collectionName;
const WEEKLY_REPORTS = WeeklyReportModel.collection.collectionName;

/** A claim older than this whose version never reached its document was left by a writer that died. */
const ABANDONED_CLAIM_MS = 30_000;

const isDuplicate = (error: unknown): boolean => (error as { code?: number }).code === 11000;

/**
 * Storage behind the team check-in. Every read names documents by `_id` and is answered from the tenant's
 * read model after the first time (invalidated through the change log), so a warm agenda sends no database
 * command whatever the team's size.
 */
export class TeamCheckInRepo {
  constructor(private readonly okrsRepo: OkrsRepo) {}

  /** The tenant's OKRs in memory (read-only: never change what it returns). */
  okrs(tenantId: string): Promise<TenantOkrs> {
    return this.okrsRepo.readModel.tenant(tenantId);
  }

  /** The check-ins of key results in a week (cached). */
  checkIns(tenantId: string, keyResultIds: readonly Types.ObjectId[], isoWeek: string): Promise<CheckInRecord[]> {
    return this.okrsRepo.cachedCheckIns(tenantId, keyResultIds, [isoWeek]);
  }

  /** The week's weekly mails of the authors that exist (any status), from memory after the first read of each. */
  async weeklyMails(tenantId: string, authorIds: readonly string[], isoWeek: string): Promise<WeeklyReportRecord[]> {
    const readModel = this.okrsRepo.readModel;
    const rows = await Promise.all(
      authorIds.map((authorId) => {
        const _id = weeklyReportKey(tenantId, authorId, isoWeek);
        return readModel.cached(tenantId, docKey(WEEKLY_REPORTS, _id), () => WeeklyReportModel.findOne({ _id }).lean<WeeklyReportRecord>());
      }),
    );
    return rows.filter((row): row is WeeklyReportRecord => row !== null);
  }

  /** The team's check-in state of the week for reading, from memory until a logged write changes it. */
  cachedState(tenantId: string, teamId: string, isoWeek: string): Promise<TeamCheckInRecord | null> {
    const _id = teamCheckInKey(tenantId, teamId, isoWeek);
    return this.okrsRepo.readModel.cached(tenantId, docKey(CHECKINS, _id), () => this.state(_id));
  }

  /** The stored state by `_id` (for read-modify-write). */
  state(_id: string): Promise<TeamCheckInRecord | null> {
    return TeamCheckInModel.findOne({ _id }).lean<TeamCheckInRecord>();
  }

  /** Writes the state at `fromVersion + 1` if this writer claims that version first; false when someone else wrote meanwhile. */
  async save(doc: Omit<TeamCheckInRecord, 'version'>, fromVersion: number, by: string): Promise<boolean> {
    const version = await this.claim(doc._id, fromVersion, by);
    if (version === null) return false;
    const { _id, ...fields } = doc;
    if (fromVersion === 0) {
      try {
        await TeamCheckInModel.create({ _id, ...fields, version });
      } catch (error) {
        if (isDuplicate(error)) return false;
        throw error;
      }
    } else {
      await TeamCheckInModel.updateOne({ _id }, { $set: { discussed: fields.discussed, version } }, { runValidators: true });
    }
    await this.okrsRepo.readModel.record(doc.tenantId, { docs: [docKey(CHECKINS, _id)] });
    return true;
  }

  /** Claims `fromVersion + 1` for one writer; skips a claim abandoned by a writer that died before writing. */
  private async claim(_id: string, fromVersion: number, by: string): Promise<number | null> {
    const version = fromVersion + 1;
    try {
      await TeamCheckInClaimModel.create({ _id: `${_id}#${version}`, by, at: new Date() });
      return version;
    } catch (error) {
      if (!isDuplicate(error)) throw error;
    }
    const [claim, stored] = await Promise.all([
      TeamCheckInClaimModel.findOne({ _id: `${_id}#${version}` }).lean<{ at: Date }>(),
      TeamCheckInModel.findOne({ _id }, { version: 1 }).lean<{ version: number }>(),
    ]);
    const abandoned =
      (stored?.version ?? 0) === fromVersion && claim !== null && Date.now() - new Date(claim.at).getTime() > ABANDONED_CLAIM_MS;
    return abandoned ? this.claim(_id, version, by) : null;
  }
}
