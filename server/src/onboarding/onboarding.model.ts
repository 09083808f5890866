import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const STATES = ['not_started', 'in_progress', 'submitted', 'changes_requested', 'passed'];

const lessonProgressSchema = new Schema(
  { attempts: { type: Number, required: true, default: 0 }, passedAt: { type: Date, default: null } },
  { _id: false, strict: 'throw' },
);

const historySchema = new Schema(
  {
    seq: { type: Number, required: true },
    action: { type: String, enum: ['enrolled', 'started', 'submitted', 'changes_requested', 'passed'], required: true },
    from: { type: String, enum: [...STATES, null], default: null },
    to: { type: String, enum: STATES, required: true },
    /** Entra object id of whoever did it; null for the automatic enrolment. */
    by: { type: String, default: null },
    at: { type: Date, required: true },
    note: { type: String, default: '' },
  },
  { _id: false, strict: 'throw' },
);

const commentSchema = new Schema(
  {
    id: { type: String, required: true },
    round: { type: Number, required: true },
    targetKind: { type: String, enum: ['objective', 'keyResult'], required: true },
    targetId: { type: String, required: true },
    text: { type: String, required: true, maxlength: 2000 },
    authorId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false, strict: 'throw' },
);

const enrolmentSchema = new Schema(
  {
    /** `${tenantId}:${personId}`: read and written by `_id` only. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    personId: { type: String, required: true },
    /** `YYYY-MM-DD` or null. */
    hireDate: { type: String, default: null },
    dueDate: { type: String, required: true },
    periodId: { type: String, required: true },
    source: { type: String, enum: ['auto', 'hr'], required: true },
    enrolledBy: { type: String, default: null },
    enrolledAt: { type: Date, required: true },
    state: { type: String, enum: STATES, required: true },
    /** Bumped by every transition; each transition first claims `version + 1` in the transitions log. */
    version: { type: Number, required: true, default: 0 },
    lessons: { type: Map, of: lessonProgressSchema, default: {} },
    /** Ids of the coursework objectives, in creation order. */
    objectiveIds: { type: [String], default: [] },
    round: { type: Number, required: true, default: 0 },
    /** Versions of the coursework objectives and key results at the last submission (id → version). */
    submittedVersions: { type: Schema.Types.Mixed, default: null },
    submittedAt: { type: Date, default: null },
    reviewedAt: { type: Date, default: null },
    passedAt: { type: Date, default: null },
    history: { type: [historySchema], default: [] },
    comments: { type: [commentSchema], default: [] },
  },
  { timestamps: true, strict: 'throw', versionKey: false, _id: false, minimize: false },
);

export type EnrolmentRecord = Omit<InferSchemaType<typeof enrolmentSchema>, 'lessons' | 'submittedVersions'> & {
  _id: string;
  lessons: Record<string, { attempts: number; passedAt: Date | null }>;
  submittedVersions: Record<string, number> | null;
  createdAt: Date;
  updatedAt: Date;
};
export type HistoryRecord = InferSchemaType<typeof historySchema>;
export type CommentRecord = InferSchemaType<typeof commentSchema>;

/** One enrolment per person and tenant. */
export const EnrolmentModel = mongoose.model('OnboardingEnrolment', enrolmentSchema, 'onboarding_enrolments');

const transitionSchema = new Schema(
  {
    /** `${tenantId}:${personId}:${seq}`; the unique `_id` makes claiming a transition atomic. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    personId: { type: String, required: true },
    seq: { type: Number, required: true },
    action: { type: String, required: true },
    from: { type: String, default: null },
    to: { type: String, required: true },
    by: { type: String, default: null },
    at: { type: Date, required: true },
    note: { type: String, default: '' },
  },
  { strict: 'throw', versionKey: false, _id: false },
);
/** Insert-only audit log of transitions; inserting `seq` claims it, so two concurrent transitions cannot both win. */
export const TransitionModel = mongoose.model('OnboardingTransition', transitionSchema, 'onboarding_transitions');

const rosterSchema = new Schema(
  {
    /** The tenant id. */
    _id: { type: String, required: true },
    personIds: { type: [String], default: [] },
  },
  { strict: 'throw', versionKey: false, _id: false },
);
/** Who is enrolled in a tenant, so that cohort reads fetch enrolments by `_id` instead of scanning. */
export const RosterModel = mongoose.model('OnboardingRoster', rosterSchema, 'onboarding_rosters');

/** The `_id` of an enrolment. */
export function enrolmentKey(tenantId: string, personId: string): string {
  return `${tenantId}:${personId}`;
}
