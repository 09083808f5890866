/**
 * The Monday team check-in of a team (one manager's org unit; its id is the manager's object id).
 * - `GET /api/teams/:teamId/check-ins/current` ({@link TeamCheckInQuerySchema}) → {@link TeamCheckInAgendaSchema} (this week in the
 *   tenant's time zone)
 * - `GET /api/teams/:teamId/check-ins/:isoWeek` ({@link TeamCheckInQuerySchema}) → {@link TeamCheckInAgendaSchema}
 * - `PUT /api/teams/:teamId/check-ins/:isoWeek/discussed` ({@link MarkDiscussedSchema}; the team's leads; 409 when the version is
 *   stale; 400 for an item key the agenda does not have) → {@link TeamCheckInAgendaSchema}
 * Members of the team read; its manager, anyone above them and admins facilitate; everyone else gets 404.
 * Every text comes back as plain text (the client escapes it).
 */
import { z } from 'zod';
import { GuidSchema } from './common.js';
import { PersonRefSchema } from './me.js';
import { MetricStatusSchema } from './metrics.js';
import { IsoWeekSchema } from './okrs.js';

/** Red priorities and risks per page unless `limit` says otherwise. */
export const TEAM_CHECKIN_PAGE = 50;
/** Most red priorities and risks one page holds. */
export const TEAM_CHECKIN_MAX_PAGE = 200;
/** The key of the individual contributors' group (direct reports without reports of their own). */
export const INDIVIDUALS_GROUP_KEY = 'group:individuals';

/** What the caller may do with the team's check-in: `facilitate` marks items discussed. */
export const TeamCheckInActionSchema = z.enum(['read', 'facilitate']);
export type TeamCheckInAction = z.infer<typeof TeamCheckInActionSchema>;

/** `/api/teams/:teamId/check-ins/current`. */
export const TeamCheckInTeamParamsSchema = z.object({ teamId: GuidSchema }).strict();
/** `/api/teams/:teamId/check-ins/:isoWeek…`. */
export const TeamCheckInParamsSchema = z.object({ teamId: GuidSchema, isoWeek: IsoWeekSchema }).strict();

/** Paging of the red priorities and risks: `cursor` is the `nextCursor` of the previous page. */
export const TeamCheckInQuerySchema = z
  .object({
    cursor: z
      .string()
      .regex(/^\d{1,6}$/, 'must be the nextCursor of a previous page')
      .optional(),
    limit: z.coerce.number().int().min(1).max(TEAM_CHECKIN_MAX_PAGE).default(TEAM_CHECKIN_PAGE),
  })
  .strict();
export type TeamCheckInQuery = z.infer<typeof TeamCheckInQuerySchema>;

/** `PUT …/discussed`: mark one agenda item (by its `key`) discussed or not, from the agenda `version` the facilitator saw. */
export const MarkDiscussedSchema = z
  .object({
    itemKey: z.string().min(1).max(300),
    discussed: z.boolean(),
    version: z.number().int().min(0).describe('The agenda version the change started from (409 when someone marked since)'),
  })
  .strict();
export type MarkDiscussed = z.infer<typeof MarkDiscussedSchema>;

/** Who marked an item discussed, and when; null while not discussed. */
export const DiscussedMarkSchema = z.object({ by: PersonRefSchema, at: z.string() }).nullable();
export type DiscussedMark = z.infer<typeof DiscussedMarkSchema>;

/** Why a key result is at risk. */
export const AtRiskReasonSchema = z.enum(['low_confidence', 'falling']);
export type AtRiskReason = z.infer<typeof AtRiskReasonSchema>;

/** Confidence (0–10, averaged over key results that have one) now and a week earlier; change = now − last week when both are known. */
const confidenceFields = {
  confidence: z.number().nullable(),
  confidenceLastWeek: z.number().nullable(),
  confidenceChange: z.number().nullable(),
};

/** A key result with low (red) or falling confidence. */
export const AtRiskKeyResultSchema = z.object({
  keyResultId: z.string(),
  objectiveId: z.string(),
  objectiveTitle: z.string(),
  title: z.string(),
  owner: PersonRefSchema,
  /** 0–1. */
  progress: z.number(),
  ...confidenceFields,
  reasons: z.array(AtRiskReasonSchema),
});
export type AtRiskKeyResult = z.infer<typeof AtRiskKeyResultSchema>;

/** An objective in the check-in: progress 0–1 and its key results' confidence. */
export const CheckInObjectiveSchema = z.object({
  id: z.string(),
  title: z.string(),
  level: z.enum(['company', 'team', 'person']),
  owner: PersonRefSchema,
  progress: z.number(),
  keyResults: z.number().int(),
  ...confidenceFields,
});
export type CheckInObjective = z.infer<typeof CheckInObjectiveSchema>;

/** First on the agenda: the company OKRs of the week's period. */
export const CompanySectionSchema = z.object({
  /** Always `company`. */
  key: z.string(),
  periodId: z.string(),
  objectives: z.array(CheckInObjectiveSchema),
  atRiskKeyResults: z.array(AtRiskKeyResultSchema),
  discussed: DiscussedMarkSchema,
});
export type CompanySection = z.infer<typeof CompanySectionSchema>;

/** One group of the team: a direct report's sub-team, or all direct reports without reports (`individuals`). */
export const CheckInGroupSchema = z.object({
  /** `group:<lead id>` or {@link INDIVIDUALS_GROUP_KEY}. */
  key: z.string(),
  kind: z.enum(['sub_team', 'individuals']),
  /** "<lead>'s team" or "Individual contributors". */
  name: z.string(),
  /** The sub-team's manager; null for the individual contributors. */
  lead: PersonRefSchema.nullable(),
  /** People in the group (a sub-team counts its lead). */
  people: z.number().int(),
  /** Active objectives of the group's people in the period. */
  objectives: z.number().int(),
  /** Mean progress (0–1) of those objectives; null without any. */
  progress: z.number().nullable(),
  ...confidenceFields,
  atRiskKeyResults: z.number().int(),
  weeklyMails: z.object({ sent: z.number().int(), expected: z.number().int() }),
  /** Team-level objectives of the sub-team's lead. */
  teamObjectives: z.array(CheckInObjectiveSchema),
  discussed: DiscussedMarkSchema,
});
export type CheckInGroup = z.infer<typeof CheckInGroupSchema>;

/** A health metric outside its green band (or without a value) this week. */
export const CheckInMetricSchema = MetricStatusSchema.extend({ key: z.string(), discussed: DiscussedMarkSchema });
export type CheckInMetric = z.infer<typeof CheckInMetricSchema>;

/** Then: health metrics out of band (yellow, red), then those without a value this week. */
export const MetricsSectionSchema = z.object({
  /** Always `metrics`. */
  key: z.string(),
  /** False when the metrics could not be read (the rest of the agenda still answers). */
  available: z.boolean(),
  items: z.array(CheckInMetricSchema),
  /** Live metrics in their green band (not listed). */
  inBand: z.number().int(),
  discussed: DiscussedMarkSchema,
});
export type MetricsSection = z.infer<typeof MetricsSectionSchema>;

/** A red priority (last week's priority marked red) or the risks of a weekly mail of the week. */
export const RedItemSchema = z.object({
  /** `red:<person id>:<index>` or `risk:<person id>`. */
  key: z.string(),
  kind: z.enum(['red_priority', 'risk']),
  person: PersonRefSchema,
  /** The priority's title or the risks as written (plain text). */
  text: z.string(),
  keyResult: z.object({ id: z.string(), title: z.string() }).nullable(),
  sentAt: z.string().nullable(),
  discussed: DiscussedMarkSchema,
});
export type RedItem = z.infer<typeof RedItemSchema>;

/** Last: red priorities (first) and risks from the week's weekly mails of everyone in the team, newest first, paged. */
export const RedItemsSectionSchema = z.object({
  total: z.number().int(),
  redPriorities: z.number().int(),
  risks: z.number().int(),
  items: z.array(RedItemSchema),
  /** Pass as `?cursor=` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type RedItemsSection = z.infer<typeof RedItemsSectionSchema>;

/** `GET /api/teams/:teamId/check-ins/:isoWeek`: the agenda in the order it is run. */
export const TeamCheckInAgendaSchema = z.object({
  teamId: z.string(),
  teamName: z.string(),
  manager: PersonRefSchema,
  isoWeek: IsoWeekSchema,
  previousIsoWeek: IsoWeekSchema,
  /** This week in the tenant's time zone. */
  currentIsoWeek: IsoWeekSchema,
  /** Everyone below the manager. */
  people: z.number().int(),
  company: CompanySectionSchema,
  groups: z.array(CheckInGroupSchema),
  metrics: MetricsSectionSchema,
  redItems: RedItemsSectionSchema,
  /** How many of the agenda's items are marked discussed. */
  discussedCount: z.number().int(),
  /** Version of the discussed marks (0 before the first); send it back with the next mark. */
  version: z.number().int(),
  allowedActions: z.array(TeamCheckInActionSchema),
});
export type TeamCheckInAgenda = z.infer<typeof TeamCheckInAgendaSchema>;
