import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';

/** Sort rank of each level, so company objectives come first. */
export const LEVEL_RANK = { company: 0, team: 1, person: 2 } as const;

const proposalLinkSchema = new Schema(
  {
    /** The adopted proposal's id. */
    id: { type: String, required: true },
    /** Who proposed it. */
    authorId: { type: String, required: true },
  },
  { _id: false, strict: 'throw' },
);

const objectiveSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    periodId: { type: String, required: true },
    level: { type: String, enum: ['company', 'team', 'person'], required: true },
    /** {@link LEVEL_RANK} of `level`; keeps company objectives first in period-wide reads. */
    levelRank: { type: Number, required: true },
    ownerId: { type: String, required: true },
    title: { type: String, required: true, maxlength: 200 },
    why: { type: String, default: '', maxlength: 2000 },
    alignedTo: { type: [Schema.Types.ObjectId], default: [] },
    impactTags: { type: [String], enum: ['customer', 'business'], default: [] },
    state: { type: String, enum: ['draft', 'active', 'closed'], required: true },
    visibility: { type: String, enum: ['public', 'private'], required: true },
    retrospective: { type: String, default: null, maxlength: 4000 },
    /** Number of key results; incremented conditionally to hold the tenant's limit under concurrency. */
    keyResultCount: { type: Number, required: true, default: 0 },
    /** Optimistic-concurrency counter; every update is conditional on it. */
    version: { type: Number, required: true, default: 0 },
    createdBy: { type: String, required: true },
    /** The proposal this objective was adopted from; absent otherwise. */
    proposal: { type: proposalLinkSchema, required: false },
  },
  { timestamps: true, strict: 'throw', versionKey: false },
);
/** Natural key: an owner has one objective of a title per period (imports upsert on it). */
objectiveSchema.index({ tenantId: 1, periodId: 1, ownerId: 1, title: 1 }, { unique: true });
objectiveSchema.index({ tenantId: 1, ownerId: 1, _id: 1 });
objectiveSchema.index({ tenantId: 1, periodId: 1, levelRank: 1, _id: 1 });
objectiveSchema.index({ tenantId: 1, alignedTo: 1 });

const initiativeSchema = new Schema(
  { title: { type: String, required: true, maxlength: 200 }, done: { type: Boolean, default: false } },
  { strict: 'throw' },
);

const keyResultSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    objectiveId: { type: Schema.Types.ObjectId, required: true },
    /** Copied from the objective, for period-wide reads. */
    periodId: { type: String, required: true },
    ownerId: { type: String, required: true },
    title: { type: String, required: true, maxlength: 200 },
    kind: { type: String, enum: ['increase_to', 'decrease_to', 'stay_above', 'stay_below', 'milestone'], required: true },
    start: { type: Number, required: true },
    target: { type: Number, required: true },
    current: { type: Number, required: true },
    unit: { type: String, default: '', maxlength: 40 },
    dueDate: { type: String, default: null },
    indicator: { type: String, enum: ['leading', 'lagging'], required: true },
    weight: { type: Number, default: null },
    initiatives: { type: [initiativeSchema], default: [] },
    /** ISO week of the newest check-in; `current` follows only check-ins at or after it. */
    lastCheckInWeek: { type: String, default: null },
    lastCheckInAt: { type: Date, default: null },
    lastConfidence: { type: Number, default: null },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, strict: 'throw', versionKey: false },
);
/** Natural key: one key result of a title per objective. */
keyResultSchema.index({ tenantId: 1, objectiveId: 1, title: 1 }, { unique: true });
keyResultSchema.index({ tenantId: 1, ownerId: 1 });

const checkInSchema = new Schema(
  {
    /** `<tenantId>:<key result id>:<isoWeek>` ({@link checkInKey}): a week's check-in is read and written by `_id`. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    keyResultId: { type: Schema.Types.ObjectId, required: true },
    isoWeek: { type: String, required: true },
    objectiveId: { type: Schema.Types.ObjectId, required: true },
    value: { type: Number, required: true },
    confidence: { type: Number, required: true, min: 0, max: 10 },
    note: { type: String, default: '', maxlength: 1000 },
    authorId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { timestamps: true, strict: 'throw', versionKey: false },
);
/** Natural key: one check-in per key result per ISO week; a second one replaces the first. */
checkInSchema.index({ tenantId: 1, keyResultId: 1, isoWeek: 1 }, { unique: true });

export type ObjectiveRecord = InferSchemaType<typeof objectiveSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
export type KeyResultRecord = Omit<InferSchemaType<typeof keyResultSchema>, 'initiatives'> & {
  _id: Types.ObjectId;
  initiatives: Array<{ _id: Types.ObjectId; title: string; done: boolean }>;
};
export type CheckInRecord = InferSchemaType<typeof checkInSchema>;

/** The `_id` of the check-in of a key result in an ISO week. */
export function checkInKey(tenantId: string, keyResultId: string | Types.ObjectId, isoWeek: string): string {
  return `${tenantId}:${String(keyResultId)}:${isoWeek}`;
}

export const ObjectiveModel = mongoose.model('Objective', objectiveSchema, 'objectives');
export const KeyResultModel = mongoose.model('KeyResult', keyResultSchema, 'key_results');
export const CheckInModel = mongoose.model('CheckIn', checkInSchema, 'check_ins');

const revisionSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    /** Which kind of document changed: `objective`, `keyResult` or `settings`. */
    kind: { type: String, required: true },
    docId: { type: String, required: true },
    /** The version the change produced. */
    version: { type: Number, required: true },
    authorId: { type: String, required: true },
  },
  { timestamps: true, strict: 'throw', versionKey: false },
);
/**
 * One row per (document, version): whoever inserts it first owns that version. Conditional updates
 * alone are not enough, because FerretDB 1.24 does not apply a conditional update atomically.
 */
revisionSchema.index({ tenantId: 1, kind: 1, docId: 1, version: 1 }, { unique: true });

export type RevisionRecord = InferSchemaType<typeof revisionSchema>;

export const RevisionModel = mongoose.model('Revision', revisionSchema, 'revisions');
