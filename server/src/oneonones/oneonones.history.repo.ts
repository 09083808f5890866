import { OneOnOneMeetingModel } from './oneonones.model.js';
import {
  OneOnOneHistoryModel,
  OneOnOnePrivateNotesModel,
  type HistoryEntryRecord,
  type HistoryIndexRecord,
  type MeetingRecord,
  type OutcomeRecord,
  type PrivateNotesRecord,
} from './oneonones.history.model.js';
import { claimVersion, isDuplicate } from './oneonones.claims.js';

/** What one held 1:1 adds to its pair's history index. */
export interface HistoryIndexUpdate {
  entry: HistoryEntryRecord;
  /** Action items done in it, by id. */
  outcomes: Record<string, OutcomeRecord>;
}

/** Storage of held 1:1s, the per-pair history index and private notes; every read names documents by `_id`. */
export class OneOnOneHistoryRepo {
  /** One archived 1:1, or null. */
  async meeting(pairKey: string, occurrence: number): Promise<MeetingRecord | null> {
    return OneOnOneMeetingModel.findOne({ _id: `${pairKey}:${occurrence}` }).lean<MeetingRecord>();
  }

  /** Archived 1:1s by occurrence, one `_id` lookup each in parallel; missing ones are left out. */
  async meetings(pairKey: string, occurrences: readonly number[]): Promise<MeetingRecord[]> {
    const rows = await Promise.all(occurrences.map((occurrence) => this.meeting(pairKey, occurrence)));
    return rows.filter((row): row is MeetingRecord => row !== null);
  }

  /** The pair's history index, or null before it was first written. */
  async index(pairKey: string): Promise<HistoryIndexRecord | null> {
    const row = await OneOnOneHistoryModel.findOne({ _id: pairKey }).lean<HistoryIndexRecord>();
    return row ? { ...row, meetings: row.meetings ?? {}, outcomes: row.outcomes ?? {} } : null;
  }

  /**
   * Adds held 1:1s to the pair's index (a `$set` per occurrence and item: idempotent). Two first writers may race on
   * creating the index, and the loser updates the one the winner created. Writers of one pair are serialised by the
   * pair's version claims, as the embedded database applies an update as a read and a write.
   */
  async record(tenantId: string, pairKey: string, updates: readonly HistoryIndexUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const set: Record<string, unknown> = {};
    for (const { entry, outcomes } of updates) {
      set[`meetings.${entry.occurrence}`] = entry;
      for (const [id, outcome] of Object.entries(outcomes)) set[`outcomes.${id}`] = outcome;
    }
    const write = () => OneOnOneHistoryModel.updateOne({ _id: pairKey }, { $set: set, $setOnInsert: { tenantId } }, { upsert: true });
    try {
      await write();
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      await write();
    }
  }

  /** One author's private notes of one 1:1 by `_id`, or null before their first save. */
  async privateNotes(key: string): Promise<PrivateNotesRecord | null> {
    return OneOnOnePrivateNotesModel.findOne({ _id: key }).lean<PrivateNotesRecord>();
  }

  /** Writes private notes at `fromVersion + 1` if this writer claims that version first; false when someone saved meanwhile. */
  async savePrivateNotes(notes: Omit<PrivateNotesRecord, 'version'>, fromVersion: number): Promise<boolean> {
    const version = await claimVersion(
      notes._id,
      fromVersion,
      notes.authorId,
      async () => (await OneOnOnePrivateNotesModel.findOne({ _id: notes._id }, { version: 1 }).lean<{ version: number }>())?.version,
    );
    if (version === null) return false;
    const { _id, ...fields } = notes;
    if (fromVersion === 0) {
      try {
        await OneOnOnePrivateNotesModel.create({ _id, ...fields, version });
      } catch (error) {
        if (isDuplicate(error)) return false;
        throw error;
      }
      return true;
    }
    await OneOnOnePrivateNotesModel.updateOne({ _id }, { $set: { ...fields, version } }, { runValidators: true });
    return true;
  }
}
