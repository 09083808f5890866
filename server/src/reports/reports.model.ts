import mongoose, { Schema } from 'mongoose';
import type { ReportDelivery, TeamReportContent } from '../contract/index.js';

const teamReportSchema = new Schema(
  {
    /** `<tenantId>:<teamId>:<month>` ({@link teamReportKey}): read, claimed and written by `_id` only. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    teamId: { type: String, required: true },
    month: { type: String, required: true },
    /** The snapshot ({@link TeamReportContent}) as generated. */
    content: { type: Schema.Types.Mixed, required: true },
    generatedAt: { type: Date, required: true },
    /** `schedule` or the lead who generated it. */
    generatedBy: { type: String, required: true },
    delivery: {
      /** `not_sent` → `sending` (claimed by one instance, before calling Graph) → `sent` or `failed`. */
      status: { type: String, enum: ['not_sent', 'sending', 'sent', 'failed'], required: true },
      /** The instance (lease holder) or request that claimed the sending. */
      claimedBy: { type: String, default: null },
      claimedAt: { type: Date, default: null },
      sender: { type: String, default: null },
      recipients: { type: [{ _id: false, name: String, address: String }], default: [] },
      sentAt: { type: Date, default: null },
      sentBy: { type: String, default: null },
      messageId: { type: String, default: null },
      error: { type: String, default: null },
      /** How many delivery claims were made (the next claim's attempt number). */
      attempts: { type: Number, default: 0 },
    },
    /** Bumped by every regeneration. */
    version: { type: Number, required: true, default: 1 },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** A stored monthly report. */
export interface TeamReportRecord {
  _id: string;
  tenantId: string;
  teamId: string;
  month: string;
  content: TeamReportContent;
  generatedAt: Date;
  generatedBy: string;
  delivery: Omit<ReportDelivery, 'sentAt'> & { sentAt: Date | null; claimedBy: string | null; claimedAt: Date | null; attempts?: number };
  version: number;
}

export const TeamReportModel = mongoose.model('TeamReport', teamReportSchema, 'team_reports');

/** The `_id` of a team's report of a month. */
export const teamReportKey = (tenantId: string, teamId: string, month: string): string => `${tenantId}:${teamId}:${month}`;

const claimSchema = new Schema(
  {
    /** `<report _id>:<attempt>`: inserting it is the claim; the unique `_id` lets exactly one claimant through per attempt. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    reportId: { type: String, required: true },
    attempt: { type: Number, required: true },
    claimedBy: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, _id: false },
);

/** Insert-only claims of report deliveries (one per attempt; a failed attempt lets the next number be claimed). */
export const TeamReportClaimModel = mongoose.model('TeamReportClaim', claimSchema, 'team_report_claims');
