import mongoose, { Schema } from 'mongoose';

const talkingPointSchema = new Schema(
  {
    /** 24 hex digits, made by the server. */
    _id: { type: String, required: true },
    text: { type: String, required: true, maxlength: 500 },
    authorId: { type: String, required: true },
    resolved: { type: Boolean, default: false },
    /** The 1:1 it was added for; lower than the pair's current occurrence once carried over. */
    occurrence: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { strict: 'throw' },
);

const actionItemSchema = new Schema(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true, maxlength: 300 },
    ownerId: { type: String, required: true },
    dueDate: { type: String, default: null },
    done: { type: Boolean, default: false },
    doneAt: { type: Date, default: null },
    occurrence: { type: Number, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw' },
);

const notesSchema = new Schema(
  {
    text: { type: String, default: '', maxlength: 20_000 },
    /** Bumped by every notes save; a save names the version it started from. */
    version: { type: Number, default: 0 },
    updatedAt: { type: Date, default: null },
    updatedBy: { type: String, default: null },
  },
  { _id: false, strict: 'throw' },
);

const confidenceSchema = new Schema(
  {
    keyResultId: { type: String, required: true },
    confidence: { type: Number, required: true },
    /** Week of the check-in the confidence came from. */
    isoWeek: { type: String, default: null },
  },
  { _id: false, strict: 'throw' },
);

const oneOnOneSchema = new Schema(
  {
    /** `<tenantId>:<managerId>:<reportId>`: the pair's only document, read and written by `_id`. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    managerId: { type: String, required: true },
    reportId: { type: String, required: true },
    cadence: { type: String, enum: ['weekly', 'biweekly', 'monthly'], default: 'weekly' },
    /** `YYYY-MM-DD` set by either side; null follows the cadence. */
    nextDate: { type: String, default: null },
    /** Number of the upcoming 1:1, from 1. */
    occurrence: { type: Number, required: true, default: 1 },
    lastHeldAt: { type: Date, default: null },
    notes: { type: notesSchema, default: () => ({}) },
    talkingPoints: { type: [talkingPointSchema], default: [] },
    actionItems: { type: [actionItemSchema], default: [] },
    /** The report's key-result confidences when the last 1:1 was held (what "dropping" compares against). */
    confidenceAtLastHeld: { type: [confidenceSchema], default: [] },
    /** Bumped by every write; each version is claimed once in `one_on_one_claims`. */
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, strict: 'throw', versionKey: false, _id: false },
);

/** A stored talking point. */
export interface TalkingPointRecord {
  _id: string;
  text: string;
  authorId: string;
  resolved: boolean;
  occurrence: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A stored action item. */
export interface ActionItemRecord {
  _id: string;
  title: string;
  ownerId: string;
  dueDate: string | null;
  done: boolean;
  doneAt: Date | null;
  occurrence: number;
  createdBy: string;
  createdAt: Date;
}

/** The shared notes of the current 1:1. */
export interface NotesRecord {
  text: string;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** A key result's confidence as it was when a 1:1 was held. */
export interface ConfidenceSnapshot {
  keyResultId: string;
  confidence: number;
  isoWeek: string | null;
}

/** The pair's document: schedule, current notes, talking points and action items. */
export interface OneOnOneRecord {
  _id: string;
  tenantId: string;
  managerId: string;
  reportId: string;
  cadence: 'weekly' | 'biweekly' | 'monthly';
  nextDate: string | null;
  occurrence: number;
  lastHeldAt: Date | null;
  notes: NotesRecord;
  talkingPoints: TalkingPointRecord[];
  actionItems: ActionItemRecord[];
  confidenceAtLastHeld: ConfidenceSnapshot[];
  version: number;
}

export const OneOnOneModel = mongoose.model('OneOnOne', oneOnOneSchema, 'one_on_ones');

const meetingSchema = new Schema(
  {
    /** `<pair _id>:<occurrence>`. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    managerId: { type: String, required: true },
    reportId: { type: String, required: true },
    occurrence: { type: Number, required: true },
    heldAt: { type: Date, required: true },
    heldBy: { type: String, required: true },
    notes: { type: notesSchema, default: () => ({}) },
    talkingPoints: { type: [talkingPointSchema], default: [] },
    actionItems: { type: [actionItemSchema], default: [] },
    /** The agenda items built from data when it was held (contract `AgendaItem`s); absent on 1:1s held before they were kept. */
    agendaItems: { type: [Schema.Types.Mixed], default: undefined },
  },
  { timestamps: true, strict: 'throw', versionKey: false, _id: false },
);
/** Held 1:1s as they were when marked held (notes, resolved points, completed items); insert-only. */
export const OneOnOneMeetingModel = mongoose.model('OneOnOneMeeting', meetingSchema, 'one_on_one_meetings');

const claimSchema = new Schema(
  {
    /** `<pair _id>#<version>`: the unique `_id` lets exactly one writer own each version. */
    _id: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, _id: false },
);
/** Insert-only claims of pair versions (FerretDB does not apply conditional updates atomically). */
export const OneOnOneClaimModel = mongoose.model('OneOnOneClaim', claimSchema, 'one_on_one_claims');

/** The `_id` of a pair's document. */
export function oneOnOneKey(tenantId: string, managerId: string, reportId: string): string {
  return `${tenantId}:${managerId}:${reportId}`;
}
