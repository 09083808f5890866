import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** Kinds of weekly-mail reminders: before the author's deadline, after it, and the manager's review. */
export const REMINDER_KINDS = ['due', 'overdue', 'review'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

const reminderRoundSchema = new Schema(
  {
    /** `<tenantId>:<isoWeek>:<kind>`: one document per tenant, week and kind, read and updated by `_id`. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    isoWeek: { type: String, required: true },
    kind: { type: String, enum: REMINDER_KINDS, required: true },
    /** People already reminded: each reminder goes out once. */
    sentTo: { type: [String], default: [] },
  },
  { timestamps: true, strict: 'throw', versionKey: false },
);

/** Who has been sent one kind of reminder for one week. */
export type ReminderRoundRecord = InferSchemaType<typeof reminderRoundSchema>;

/** The `_id` of a reminder round. */
export function reminderRoundKey(tenantId: string, isoWeek: string, kind: ReminderKind): string {
  return `${tenantId}:${isoWeek}:${kind}`;
}

export const ReminderRoundModel = mongoose.model('WeeklyReminderRound', reminderRoundSchema, 'weekly_reminder_rounds');
