import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const prioritySchema = new Schema(
  {
    title: { type: String, required: true, maxlength: 200 },
    keyResultId: { type: String, default: null },
    /** Only on last week's priorities: green / yellow / red, or null while unmarked. */
    status: { type: String, enum: ['green', 'yellow', 'red', null], default: null },
  },
  { _id: false, strict: 'throw' },
);

const weeklyReportSchema = new Schema(
  {
    /** `<tenantId>:<authorId>:<isoWeek>`: reads and updates by `_id` are the ones the embedded database does without a scan. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    authorId: { type: String, required: true },
    isoWeek: { type: String, required: true },
    status: { type: String, enum: ['draft', 'sent', 'reviewed'], required: true },
    /** Priorities P1–P4 in rank order. */
    priorities: { type: [prioritySchema], default: [] },
    lastWeekPriorities: { type: [prioritySchema], default: [] },
    risks: { type: String, default: '', maxlength: 2000 },
    timeOff: { type: String, default: '', maxlength: 500 },
    /** Whether the mail shows the author's wins (absent in reports saved before wins existed: shown). */
    includeWins: { type: Boolean, default: true },
    sentAt: { type: Date, default: null },
    /** Sent before the tenant's deadline of the week (decided when sent). */
    onTime: { type: Boolean, default: null },
    reviewedAt: { type: Date, default: null },
    reviewedBy: { type: String, default: null },
    reviewComment: { type: String, default: null, maxlength: 2000 },
    /** When the send handler last saw the author try to send this mail; set outside the versioned writes. */
    sendAttemptedAt: { type: Date, default: null },
    /** Optimistic-concurrency counter, owned per value through the `revisions` collection. */
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, strict: 'throw', versionKey: false },
);

/** A stored priority (rank = position). */
export interface StoredPriority {
  title: string;
  keyResultId: string | null;
  status: 'green' | 'yellow' | 'red' | null;
}

export type WeeklyReportRecord = Omit<
  InferSchemaType<typeof weeklyReportSchema>,
  'priorities' | 'lastWeekPriorities' | '_id' | 'includeWins'
> & {
  _id: string;
  priorities: StoredPriority[];
  lastWeekPriorities: StoredPriority[];
  /** Absent in reports saved before wins existed (the section is shown). */
  includeWins?: boolean;
};

export const WeeklyReportModel = mongoose.model('WeeklyReport', weeklyReportSchema, 'weekly_reports');

/** The natural `_id` of a report. */
export function weeklyReportKey(tenantId: string, authorId: string, isoWeek: string): string {
  return `${tenantId}:${authorId}:${isoWeek}`;
}
