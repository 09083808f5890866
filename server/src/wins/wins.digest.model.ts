import mongoose, { Schema } from 'mongoose';

/** How a digest reached a team: a message in its channel(s), the members' activity feed, or not at all (yet). */
export const DIGEST_OUTCOMES = ['sending', 'channel', 'activity', 'failed'] as const;
export type DigestOutcome = (typeof DIGEST_OUTCOMES)[number];

const deliverySchema = new Schema(
  {
    channelId: { type: String, required: true },
    groupId: { type: String, required: true },
    /** `channel` (posted), `activity` (channel refused, the team's feed notified) or `failed`. */
    via: { type: String, enum: ['channel', 'activity', 'failed'], required: true },
    /** The chatMessage id Graph answered for a channel post. */
    messageId: { type: String, default: null },
    /** Graph's status and error for the channel post that was refused or failed, if any. */
    reason: { type: String, default: null, maxlength: 1_000 },
  },
  { _id: false, strict: 'throw' },
);

const winDigestSchema = new Schema(
  {
    /** `<tenantId>:<teamId>:<isoWeek>` ({@link winDigestKey}): inserted once to claim the week's digest before anything is sent. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    teamId: { type: String, required: true },
    isoWeek: { type: String, required: true },
    /** `sending` while an instance holds the claim; a `failed` digest is claimed again by a later round, any other never. */
    outcome: { type: String, enum: DIGEST_OUTCOMES, required: true },
    /** Claims so far (1 for the first); each retry claims `attempt + 1` in `revisions` before sending. */
    attempt: { type: Number, required: true, min: 1 },
    /** The lease holder (instance) that claimed the current attempt. */
    holder: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    /** When the outcome was recorded; null while sending. */
    finishedAt: { type: Date, default: null },
    /** Wins the digest counted. */
    winCount: { type: Number, required: true, default: 0 },
    deliveries: { type: [deliverySchema], default: [] },
    /** Why nothing was delivered (for `failed`). */
    reason: { type: String, default: null, maxlength: 2_000 },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** One delivery of a digest to one bound channel. */
export interface DigestDelivery {
  channelId: string;
  groupId: string;
  via: 'channel' | 'activity' | 'failed';
  messageId: string | null;
  reason: string | null;
}

/** The record of one team's digest of one week: claimed once, then its outcome. */
export interface WinDigestRecord {
  _id: string;
  tenantId: string;
  teamId: string;
  isoWeek: string;
  outcome: DigestOutcome;
  attempt: number;
  holder: string;
  claimedAt: Date;
  finishedAt: Date | null;
  winCount: number;
  deliveries: DigestDelivery[];
  reason: string | null;
}

export const WinDigestModel = mongoose.model('WinDigest', winDigestSchema, 'win_digests');

/** The `_id` of a team's digest of a week. */
export const winDigestKey = (tenantId: string, teamId: string, isoWeek: string): string => `${tenantId}:${teamId}:${isoWeek}`;
