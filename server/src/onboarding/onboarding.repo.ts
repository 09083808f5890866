import mongoose from 'mongoose';
import { CheckInModel, KeyResultModel, ObjectiveModel } from '../okrs/okrs.model.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import { oid } from '../okrs/okrs.repo.js';
import { docKey } from '../okrs/okrs.readmodel.js';
import { PersonModel, type PersonRecord } from '../org/people.model.js';
import { findPeople } from '../org/people.reader.js';
import {
  EnrolmentModel,
  RosterModel,
  TransitionModel,
  enrolmentKey,
  type CommentRecord,
  type EnrolmentRecord,
  type HistoryRecord,
} from './onboarding.model.js';

const isDuplicate = (error: unknown): boolean => (error as { code?: number }).code === 11000;
const enrolmentDoc = (tenantId: string, personId: string): string =>
  docKey(EnrolmentModel.collection.collectionName, enrolmentKey(tenantId, personId));
/** Up to this many enrolments are read one `_id` lookup each; `$in` over `_id` is answered by a scan in the embedded database. */
const MAX_LOOKUPS_BY_ID = 50;

/** Fields of a new enrolment. */
export type NewEnrolment = Pick<
  EnrolmentRecord,
  'tenantId' | 'personId' | 'hireDate' | 'dueDate' | 'periodId' | 'source' | 'enrolledBy' | 'enrolledAt'
>;

/**
 * Storage of onboarding enrolments. Every read and write goes by `_id` (`tenantId:personId`), the one filter the
 * embedded database answers without a scan; the tenant's roster lists who is enrolled for cohort reads.
 */
export class OnboardingRepo {
  constructor(private readonly okrs: OkrsRepo) {}

  /** One enrolment, or null. */
  async get(tenantId: string, personId: string): Promise<EnrolmentRecord | null> {
    return EnrolmentModel.findOne({ _id: enrolmentKey(tenantId, personId) }).lean<EnrolmentRecord>();
  }

  /** Every enrolment of the tenant. */
  async all(tenantId: string): Promise<EnrolmentRecord[]> {
    const roster = await RosterModel.findOne({ _id: tenantId }).lean<{ personIds: string[] }>();
    const keys = (roster?.personIds ?? []).map((id) => enrolmentKey(tenantId, id));
    if (keys.length === 0) return [];
    return EnrolmentModel.find({ _id: mongoose.trusted({ $in: keys }) })
      .batchSize(keys.length)
      .lean<EnrolmentRecord[]>();
  }

  /** The enrolments of these people (those enrolled): a lookup by `_id` each for a handful, one `_id` query for many. */
  async ofPeople(tenantId: string, personIds: readonly string[]): Promise<EnrolmentRecord[]> {
    const keys = [...new Set(personIds)].map((id) => enrolmentKey(tenantId, id));
    if (keys.length === 0) return [];
    if (keys.length > MAX_LOOKUPS_BY_ID) {
      return EnrolmentModel.find({ _id: mongoose.trusted({ $in: keys }) })
        .batchSize(keys.length)
        .lean<EnrolmentRecord[]>();
    }
    const rows = await Promise.all(keys.map((key) => EnrolmentModel.findOne({ _id: key }).lean<EnrolmentRecord>()));
    return rows.filter((row): row is EnrolmentRecord => row !== null);
  }

  /** State and due date of a person's enrolment (null when not enrolled), from memory until an enrolment or transition is stored. */
  async cachedState(tenantId: string, personId: string): Promise<Pick<EnrolmentRecord, 'state' | 'dueDate'> | null> {
    return this.okrs.readModel.cached(tenantId, enrolmentDoc(tenantId, personId), () =>
      EnrolmentModel.findOne({ _id: enrolmentKey(tenantId, personId) }, { _id: 0, state: 1, dueDate: 1 }).lean<
        Pick<EnrolmentRecord, 'state' | 'dueDate'>
      >(),
    );
  }

  /** Ids of the tenant's enrolled people. */
  async enrolledIds(tenantId: string): Promise<Set<string>> {
    const roster = await RosterModel.findOne({ _id: tenantId }).lean<{ personIds: string[] }>();
    return new Set(roster?.personIds ?? []);
  }

  /**
   * Creates an enrolment with its first history entry; returns null when the person is already enrolled
   * (the unique `_id` makes this idempotent under concurrency).
   */
  async insert(fields: NewEnrolment, entry: HistoryRecord): Promise<EnrolmentRecord | null> {
    const { tenantId, personId } = fields;
    try {
      await EnrolmentModel.create({
        _id: enrolmentKey(tenantId, personId),
        ...fields,
        state: 'not_started',
        version: entry.seq,
        lessons: {},
        objectiveIds: [],
        round: 0,
        submittedVersions: null,
        history: [entry],
        comments: [],
      });
    } catch (error) {
      if (isDuplicate(error)) return null;
      throw error;
    }
    await this.logTransition(tenantId, personId, entry).catch((error: unknown) => {
      if (!isDuplicate(error)) throw error;
    });
    await this.addToRoster(tenantId, personId);
    await this.okrs.readModel.record(tenantId, { docs: [enrolmentDoc(tenantId, personId)] });
    return this.get(tenantId, personId);
  }

  private async addToRoster(tenantId: string, personId: string): Promise<void> {
    try {
      await RosterModel.updateOne({ _id: tenantId }, { $addToSet: { personIds: personId } }, { upsert: true });
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      await RosterModel.updateOne({ _id: tenantId }, { $addToSet: { personIds: personId } });
    }
  }

  private async logTransition(tenantId: string, personId: string, entry: HistoryRecord): Promise<void> {
    await TransitionModel.create({ _id: `${tenantId}:${personId}:${entry.seq}`, tenantId, personId, ...entry });
  }

  /** Claims transition `entry.seq` (the enrolment's version + 1); false when someone else already made it. */
  async claimTransition(tenantId: string, personId: string, entry: HistoryRecord): Promise<boolean> {
    try {
      await this.logTransition(tenantId, personId, entry);
      return true;
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
  }

  /** Gives a claimed transition back (when the work after claiming it failed). */
  async releaseTransition(tenantId: string, personId: string, seq: number): Promise<void> {
    await TransitionModel.deleteOne({ _id: `${tenantId}:${personId}:${seq}` });
  }

  /** Applies a claimed transition: the new state and fields, the version and the history entry. */
  async applyTransition(
    tenantId: string,
    personId: string,
    entry: HistoryRecord,
    set: Partial<EnrolmentRecord>,
  ): Promise<EnrolmentRecord | null> {
    const updated = await EnrolmentModel.findOneAndUpdate(
      { _id: enrolmentKey(tenantId, personId) },
      { $set: { ...set, state: entry.to, version: entry.seq }, $push: { history: entry } },
      { returnDocument: 'after', runValidators: true },
    ).lean<EnrolmentRecord>();
    await this.okrs.readModel.record(tenantId, { docs: [enrolmentDoc(tenantId, personId)] });
    return updated;
  }

  /** Stores the progress of one lesson. */
  async setLesson(
    tenantId: string,
    personId: string,
    lessonId: string,
    progress: { attempts: number; passedAt: Date | null },
  ): Promise<void> {
    await EnrolmentModel.updateOne({ _id: enrolmentKey(tenantId, personId) }, { $set: { [`lessons.${lessonId}`]: progress } });
  }

  /** Adds a coursework objective. */
  async addObjective(tenantId: string, personId: string, objectiveId: string): Promise<void> {
    await EnrolmentModel.updateOne({ _id: enrolmentKey(tenantId, personId) }, { $addToSet: { objectiveIds: objectiveId } });
  }

  /** Removes a coursework objective from the enrolment. */
  async removeObjective(tenantId: string, personId: string, objectiveId: string): Promise<void> {
    await EnrolmentModel.updateOne({ _id: enrolmentKey(tenantId, personId) }, { $pull: { objectiveIds: objectiveId } });
  }

  /** Appends a review comment. */
  async addComment(tenantId: string, personId: string, comment: CommentRecord): Promise<void> {
    await EnrolmentModel.updateOne({ _id: enrolmentKey(tenantId, personId) }, { $push: { comments: comment } });
  }

  /** Deletes a draft coursework objective with its key results (and their check-ins when `checkedIn`), and tells the OKR read model. */
  async deleteDraftObjective(tenantId: string, objectiveId: string, keyResultIds: readonly string[], checkedIn: boolean): Promise<void> {
    await ObjectiveModel.deleteOne({ _id: oid(objectiveId) });
    for (const id of keyResultIds) await KeyResultModel.deleteOne({ _id: oid(id) });
    if (checkedIn) await CheckInModel.deleteMany({ tenantId, objectiveId: oid(objectiveId) });
    await this.okrs.readModel.record(tenantId, { objectives: [objectiveId], keyResults: [...keyResultIds] });
  }

  /** People by id, for names, departments and hire dates. */
  async people(tenantId: string, ids: Iterable<string>): Promise<Map<string, PersonRecord>> {
    return new Map((await findPeople(tenantId, ids)).map((row) => [row.id, row]));
  }

  /** Enabled people of the tenant hired within [from, to] (one scan of the tenant's people). */
  async hiredBetween(tenantId: string, from: Date, to: Date): Promise<PersonRecord[]> {
    return PersonModel.find({ tenantId, enabled: true, hireDate: mongoose.trusted({ $gte: from, $lte: to }) }, { _id: 0 }).lean<
      PersonRecord[]
    >();
  }
}
