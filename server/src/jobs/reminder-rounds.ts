import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { op } from '../db/operators.js';

/** Kinds of reminders: the weekly mail before the author's deadline, after it, the manager's review, and overdue onboarding coursework. */
export const REMINDER_KINDS = ['due', 'overdue', 'review', 'onboarding'] as const;
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

/** Who has been sent one kind of reminder in one week; each reminder goes out once per person and week. */
export type ReminderRoundRecord = InferSchemaType<typeof reminderRoundSchema>;

/** The `_id` of a reminder round. */
export function reminderRoundKey(tenantId: string, isoWeek: string, kind: ReminderKind): string {
  return `${tenantId}:${isoWeek}:${kind}`;
}

export const ReminderRoundModel = mongoose.model('ReminderRound', reminderRoundSchema, 'reminder_rounds');

/** `<isoWeek>:<kind>:<personId>` of every reminder of these kinds already sent in the given weeks (one read by `_id` per week and kind). */
export async function remindersSent(
  tenantId: string,
  weeks: readonly string[],
  kinds: readonly ReminderKind[] = REMINDER_KINDS,
): Promise<Set<string>> {
  const keys = weeks.flatMap((isoWeek) => kinds.map((kind) => reminderRoundKey(tenantId, isoWeek, kind)));
  const rounds = await Promise.all(
    keys.map((_id) =>
      ReminderRoundModel.findOne({ _id }, { isoWeek: 1, kind: 1, sentTo: 1 }).lean<{ isoWeek: string; kind: string; sentTo: string[] }>(),
    ),
  );
  const sent = new Set<string>();
  for (const round of rounds) for (const personId of round?.sentTo ?? []) sent.add(`${round!.isoWeek}:${round!.kind}:${personId}`);
  return sent;
}

/** Adds people just reminded to their rounds (one write per week and kind). */
export async function recordReminders(
  tenantId: string,
  sent: ReadonlyArray<{ isoWeek: string; kind: ReminderKind; personId: string }>,
): Promise<void> {
  const byRound = new Map<string, { isoWeek: string; kind: ReminderKind; people: string[] }>();
  for (const item of sent) {
    const key = reminderRoundKey(tenantId, item.isoWeek, item.kind);
    const round = byRound.get(key) ?? { isoWeek: item.isoWeek, kind: item.kind, people: [] };
    round.people.push(item.personId);
    byRound.set(key, round);
  }
  for (const [_id, round] of byRound) {
    await ReminderRoundModel.updateOne(
      { _id },
      { $addToSet: { sentTo: op({ $each: round.people }) }, $setOnInsert: { tenantId, isoWeek: round.isoWeek, kind: round.kind } },
      { upsert: true },
    );
  }
}
