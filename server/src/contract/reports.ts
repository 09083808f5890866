import { z } from 'zod';
import { GuidSchema } from './common.js';
import { IsoWeekSchema } from './okrs.js';

/** A calendar month, `YYYY-MM` (months 01–12). */
export const ReportMonthSchema = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'must look like 2026-11 (years 2000–2099, months 01–12)');
export type ReportMonth = z.infer<typeof ReportMonthSchema>;

/** What a caller may do with a team's monthly report. */
export const TeamReportActionSchema = z.enum(['read', 'generate', 'send']);
export type TeamReportAction = z.infer<typeof TeamReportActionSchema>;

export const TeamReportsParamsSchema = z.object({ teamId: GuidSchema });
export const TeamReportParamsSchema = z.object({ teamId: GuidSchema, month: ReportMonthSchema });

/** `POST /api/teams/:teamId/reports/:month/generate`: store a fresh snapshot; `send: true` also mails it unless it was mailed. */
export const GenerateTeamReportSchema = z.strictObject({ send: z.boolean().optional() });
export type GenerateTeamReport = z.infer<typeof GenerateTeamReportSchema>;

const BandSchema = z.enum(['green', 'yellow', 'red']).nullable();

/** One objective's month: progress (0–1) at the start and end of the month, mean confidence (0–10) per week. */
export const ReportObjectiveSchema = z.object({
  id: z.string(),
  title: z.string(),
  level: z.enum(['company', 'team']),
  ownerId: z.string(),
  ownerName: z.string(),
  progressStart: z.number(),
  progressEnd: z.number(),
  /** Mean confidence of the objective's key-result check-ins of each week; null for a week without check-ins. */
  confidence: z.array(z.object({ isoWeek: IsoWeekSchema, value: z.number().nullable() })),
  atRiskKeyResults: z.number().int().describe('Key results whose last check-in of the month had confidence 0–3'),
});
export type ReportObjective = z.infer<typeof ReportObjectiveSchema>;

/** A health metric over the month's weeks. */
export const ReportMetricSchema = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  direction: z.enum(['higher_is_better', 'lower_is_better']),
  values: z.array(z.object({ isoWeek: IsoWeekSchema, value: z.number().nullable(), band: BandSchema })),
  /** Band of the month's last week with a value. */
  band: BandSchema,
});
export type ReportMetric = z.infer<typeof ReportMetricSchema>;

export const ReportWinSchema = z.object({
  id: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  text: z.string(),
  isoWeek: IsoWeekSchema,
  reactions: z.number().int(),
  linkTitle: z.string().nullable(),
});
export type ReportWin = z.infer<typeof ReportWinSchema>;

/**
 * A red priority or a risk that lasted more than two weeks: the same text of one person (compared after
 * trimming, collapsing whitespace and lower-casing) in the sent weekly mails of at least three consecutive
 * ISO weeks, at least one of them a week of the month. A red priority is a `lastWeekPriorities` entry marked
 * red; each non-empty line of a mail's risks (list markers removed) is one risk. People: the manager's direct reports.
 */
export const LastingItemSchema = z.object({
  personId: z.string(),
  personName: z.string(),
  text: z.string().describe('As written in the latest mail of the run'),
  weeks: z.array(IsoWeekSchema).describe('The consecutive weeks, oldest first'),
});
export type LastingItem = z.infer<typeof LastingItemSchema>;

export const ReportRecipientSchema = z.object({ name: z.string(), address: z.string() });

/** Whether and how the report was mailed. */
export const ReportDeliverySchema = z.object({
  status: z.enum(['not_sent', 'sending', 'sent', 'failed']),
  /** Mailbox the mail was sent from (the team's manager). */
  sender: z.string().nullable(),
  recipients: z.array(ReportRecipientSchema),
  sentAt: z.iso.datetime().nullable(),
  /** `schedule` or the id of the lead who sent it. */
  sentBy: z.string().nullable(),
  /** Graph's `request-id` of the accepted `sendMail` (sendMail answers 202 without a message id). */
  messageId: z.string().nullable(),
  error: z.string().nullable(),
});
export type ReportDelivery = z.infer<typeof ReportDeliverySchema>;

/** The report content, as stored in a snapshot or computed for a preview. */
export const TeamReportContentSchema = z.object({
  team: z.object({
    managerId: z.string(),
    managerName: z.string(),
    name: z.string(),
    people: z.number().int().describe('Everyone in the manager’s org unit, the manager excluded'),
  }),
  month: ReportMonthSchema,
  /** The ISO weeks whose Thursday falls in the month. */
  weeks: z.array(IsoWeekSchema),
  generatedAt: z.iso.datetime(),
  okrs: z.object({ periodId: z.string(), objectives: z.array(ReportObjectiveSchema) }),
  metrics: z.array(ReportMetricSchema),
  wins: z.object({ count: z.number().int(), top: z.array(ReportWinSchema) }),
  lasting: z.object({ redPriorities: z.array(LastingItemSchema), risks: z.array(LastingItemSchema) }),
});
export type TeamReportContent = z.infer<typeof TeamReportContentSchema>;

/** A team's monthly report. */
export const TeamReportSchema = TeamReportContentSchema.extend({
  teamId: z.string(),
  /** True when computed on the fly (nothing stored for the month yet). */
  preview: z.boolean(),
  delivery: ReportDeliverySchema,
  /** Link to the report in the Teams app. */
  link: z.string(),
  allowedActions: z.array(TeamReportActionSchema),
});
export type TeamReport = z.infer<typeof TeamReportSchema>;

/** The months a team's report can be read for, newest first. */
export const TeamReportListSchema = z.object({
  teamId: z.string(),
  teamName: z.string(),
  months: z.array(
    z.object({
      month: ReportMonthSchema,
      stored: z.boolean(),
      generatedAt: z.iso.datetime().nullable(),
      deliveryStatus: ReportDeliverySchema.shape.status,
    }),
  ),
  allowedActions: z.array(TeamReportActionSchema),
});
export type TeamReportList = z.infer<typeof TeamReportListSchema>;
