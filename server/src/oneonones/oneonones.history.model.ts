import mongoose, { Schema } from 'mongoose';
import type { AgendaItem } from '../contract/index.js';
import type { ActionItemRecord, NotesRecord, TalkingPointRecord } from './oneonones.model.js';

/** A held 1:1 as archived in `one_on_one_meetings` (`_id` `<pair _id>:<occurrence>`). */
export interface MeetingRecord {
  _id: string;
  tenantId: string;
  managerId: string;
  reportId: string;
  occurrence: number;
  heldAt: Date;
  heldBy: string;
  notes: NotesRecord;
  talkingPoints: TalkingPointRecord[];
  actionItems: ActionItemRecord[];
  agendaItems?: AgendaItem[] | null;
}

const historyEntrySchema = new Schema(
  {
    occurrence: { type: Number, required: true },
    heldAt: { type: Date, required: true },
    heldBy: { type: String, required: true },
    notesExcerpt: { type: String, default: '' },
    talkingPoints: { type: Number, default: 0 },
    actionItems: { type: Number, default: 0 },
    actionItemsDone: { type: Number, default: 0 },
    /** Distinct lower-cased words of the notes, talking points, action items and agenda items, space-separated (what `q` searches). */
    words: { type: String, default: '' },
  },
  { _id: false, strict: 'throw' },
);

const outcomeSchema = new Schema(
  {
    doneAt: { type: Date, default: null },
    /** The held 1:1 whose archive first shows it done. */
    occurrence: { type: Number, required: true },
  },
  { _id: false, strict: 'throw' },
);

const historySchema = new Schema(
  {
    /** The pair's `_id`: one compact index per pair, read with one lookup. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    /** Held 1:1s by occurrence number (`$set` per key, so concurrent and repeated writes are harmless). */
    meetings: { type: Map, of: historyEntrySchema, default: () => new Map() },
    /** Action items done in a held 1:1, by item id. */
    outcomes: { type: Map, of: outcomeSchema, default: () => new Map() },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** One held 1:1 in a pair's history index. */
export interface HistoryEntryRecord {
  occurrence: number;
  heldAt: Date;
  heldBy: string;
  notesExcerpt: string;
  talkingPoints: number;
  actionItems: number;
  actionItemsDone: number;
  words: string;
}

/** Where and when an action item was done. */
export interface OutcomeRecord {
  doneAt: Date | null;
  occurrence: number;
}

/** A pair's history index as read with `.lean()` (maps become plain objects). */
export interface HistoryIndexRecord {
  _id: string;
  tenantId: string;
  meetings: Record<string, HistoryEntryRecord>;
  outcomes: Record<string, OutcomeRecord>;
}

/** Per-pair index of held 1:1s (list rows, search words, action-item outcomes), rebuilt from the archive when it lags. */
export const OneOnOneHistoryModel = mongoose.model('OneOnOneHistory', historySchema, 'one_on_one_histories');

const privateNotesSchema = new Schema(
  {
    /** `<pair _id>:<occurrence>:<authorId>`: read only by `_id` with the caller's own id. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    authorId: { type: String, required: true },
    occurrence: { type: Number, required: true },
    text: { type: String, default: '', maxlength: 20_000 },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** One author's private notes of one 1:1. */
export interface PrivateNotesRecord {
  _id: string;
  tenantId: string;
  authorId: string;
  occurrence: number;
  text: string;
  version: number;
  updatedAt: Date;
}

/** Private notes, one document per 1:1 and author, apart from the pair document so they never travel with it. */
export const OneOnOnePrivateNotesModel = mongoose.model('OneOnOnePrivateNotes', privateNotesSchema, 'one_on_one_private_notes');

/** The `_id` of an author's private notes of one 1:1. */
export function privateNotesKey(pairKey: string, occurrence: number, authorId: string): string {
  return `${pairKey}:${occurrence}:${authorId}`;
}
