/**
 * Health metrics (KPIs) of a team: what keeps the ship running, kept apart from OKRs (they never roll up into OKR progress).
 * A team is one manager's org unit; its id is the manager's object id.
 * - `GET    /api/teams/:teamId/metrics` → {@link TeamMetricsSchema} (this week's value, band and a 13-week trend of each live metric)
 * - `POST   /api/teams/:teamId/metrics` ({@link CreateMetricSchema}) → 201 {@link MetricSchema} (leads of the team)
 * - `PATCH  /api/teams/:teamId/metrics/:metricId` ({@link UpdateMetricSchema}; 409 when the version is stale)
 * - `POST   /api/teams/:teamId/metrics/:metricId/archive` ({@link ArchiveMetricSchema}) → {@link MetricSchema}
 * - `PUT    /api/teams/:teamId/metrics/:metricId/values/:isoWeek` ({@link PutMetricValueSchema}; the metric's owner or a lead)
 * - `GET    /api/teams/:teamId/metrics/:metricId/history` ({@link MetricHistoryQuerySchema}) → {@link MetricHistorySchema}
 * - `POST   /api/teams/:teamId/metrics/import` ({@link MetricImportRequestSchema}) → {@link MetricImportResultSchema}
 */
import { z } from 'zod';
import { GuidSchema } from './common.js';
import { PersonRefSchema } from './me.js';
import { IsoWeekSchema, ObjectIdSchema } from './okrs.js';

/** Largest magnitude a metric value or threshold may have. */
export const MAX_METRIC_MAGNITUDE = 1e12;
/** Most live metrics one team keeps. */
export const MAX_TEAM_METRICS = 50;
/** Weeks of the trend the list shows (a quarter). */
export const METRIC_TREND_WEEKS = 13;
/** Most rows one CSV import holds. */
export const METRIC_IMPORT_ROW_CAP = 2000;
/** Longest CSV text one import accepts (characters). */
export const METRIC_IMPORT_MAX_CHARS = 200_000;

/** Which way a metric improves. */
export const MetricDirectionSchema = z.enum(['higher_is_better', 'lower_is_better']);
export type MetricDirection = z.infer<typeof MetricDirectionSchema>;

/** Where a value falls against the metric's thresholds. */
export const MetricBandSchema = z.enum(['green', 'yellow', 'red']);
export type MetricBand = z.infer<typeof MetricBandSchema>;

/** A metric value or threshold: a finite JSON number no larger than {@link MAX_METRIC_MAGNITUDE} in magnitude. */
export const MetricNumberSchema = z
  .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number') })
  .refine((value) => Number.isFinite(value), 'must be a finite number')
  .refine((value) => Math.abs(value) <= MAX_METRIC_MAGNITUDE, `must be between -${MAX_METRIC_MAGNITUDE} and ${MAX_METRIC_MAGNITUDE}`);

/** The band limits: with higher-is-better `green > yellow` (at or above green is green); with lower-is-better `green < yellow`. */
export const MetricThresholdsSchema = z.object({ green: MetricNumberSchema, yellow: MetricNumberSchema }).strict();
export type MetricThresholds = z.infer<typeof MetricThresholdsSchema>;

/** The message for thresholds in the wrong order for the direction, or null when they fit. */
export function thresholdOrderProblem(direction: MetricDirection, thresholds: MetricThresholds): string | null {
  if (direction === 'higher_is_better' && !(thresholds.green > thresholds.yellow)) {
    return 'with higher_is_better the green threshold must be above the yellow one';
  }
  if (direction === 'lower_is_better' && !(thresholds.green < thresholds.yellow)) {
    return 'with lower_is_better the green threshold must be below the yellow one';
  }
  return null;
}

/** The band of a value: green at or beyond the green threshold, yellow at or beyond the yellow one, else red. */
export function metricBandOf(direction: MetricDirection, thresholds: MetricThresholds, value: number | null): MetricBand | null {
  if (value === null) return null;
  if (direction === 'higher_is_better') return value >= thresholds.green ? 'green' : value >= thresholds.yellow ? 'yellow' : 'red';
  return value <= thresholds.green ? 'green' : value <= thresholds.yellow ? 'yellow' : 'red';
}

const NameSchema = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
const UnitSchema = z.string().trim().max(20, 'must be at most 20 characters');
const DescriptionSchema = z.string().trim().max(1000, 'must be at most 1000 characters');

/** What the caller may do with the team's metrics as a whole. */
export const TeamMetricsActionSchema = z.enum(['read', 'create', 'import']);
export type TeamMetricsAction = z.infer<typeof TeamMetricsActionSchema>;

/** What the caller may do with one metric: leads edit and archive, the owner and leads enter values. */
export const MetricActionSchema = z.enum(['read', 'update', 'archive', 'enterValue']);
export type MetricAction = z.infer<typeof MetricActionSchema>;

/** `/api/teams/:teamId/metrics`. */
export const TeamMetricsParamsSchema = z.object({ teamId: GuidSchema }).strict();
/** `/api/teams/:teamId/metrics/:metricId…`. */
export const MetricParamsSchema = z.object({ teamId: GuidSchema, metricId: ObjectIdSchema }).strict();
/** `/api/teams/:teamId/metrics/:metricId/values/:isoWeek`. */
export const MetricValueParamsSchema = z.object({ teamId: GuidSchema, metricId: ObjectIdSchema, isoWeek: IsoWeekSchema }).strict();

/**
 * `POST /api/teams/:teamId/metrics`: `ownerId` enters the weekly values (default: the team's manager). The order of the
 * thresholds is checked by the service after access (so outsiders learn nothing from a 400).
 */
export const CreateMetricSchema = z
  .object({
    name: NameSchema,
    unit: UnitSchema.default(''),
    direction: MetricDirectionSchema,
    thresholds: MetricThresholdsSchema,
    description: DescriptionSchema.default(''),
    ownerId: GuidSchema.optional(),
  })
  .strict()
  .describe('The thresholds must fit the direction (higher is better: green above yellow; lower is better: green below yellow), else 400');
export type CreateMetric = z.infer<typeof CreateMetricSchema>;

/** `PATCH /api/teams/:teamId/metrics/:metricId`: the fields to change and the version they were read at. */
export const UpdateMetricSchema = z
  .object({
    version: z.number().int().min(0).describe('The metric version the edit started from (409 when someone changed it since)'),
    name: NameSchema.optional(),
    unit: UnitSchema.optional(),
    direction: MetricDirectionSchema.optional(),
    thresholds: MetricThresholdsSchema.optional(),
    description: DescriptionSchema.optional(),
    ownerId: GuidSchema.optional(),
  })
  .strict()
  .describe('Thresholds and direction after the edit must fit each other; the service answers 400 when they do not');
export type UpdateMetric = z.infer<typeof UpdateMetricSchema>;

/** `POST /api/teams/:teamId/metrics/:metricId/archive`. */
export const ArchiveMetricSchema = z.object({ version: z.number().int().min(0) }).strict();
export type ArchiveMetric = z.infer<typeof ArchiveMetricSchema>;

/** `PUT …/values/:isoWeek`: `version` is the value's version the edit started from (0: none yet); omitted, the last write wins. */
export const PutMetricValueSchema = z.object({ value: MetricNumberSchema, version: z.number().int().min(0).optional() }).strict();
export type PutMetricValue = z.infer<typeof PutMetricValueSchema>;

/** One week of a metric. */
export const MetricPointSchema = z.object({ isoWeek: IsoWeekSchema, value: z.number().nullable(), band: MetricBandSchema.nullable() });
export type MetricPoint = z.infer<typeof MetricPointSchema>;

/** One metric as the tab shows it. */
export const MetricSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  name: z.string(),
  unit: z.string(),
  direction: MetricDirectionSchema,
  thresholds: MetricThresholdsSchema,
  description: z.string(),
  owner: PersonRefSchema.describe('Who enters the weekly values'),
  archived: z.boolean(),
  version: z.number().int(),
  /** The week shown as "this week" (tenant time zone). */
  isoWeek: IsoWeekSchema,
  value: z.number().nullable(),
  /** Version of this week's value (0 before the first entry); send it back with the next entry. */
  valueVersion: z.number().int(),
  band: MetricBandSchema.nullable(),
  previousValue: z.number().nullable(),
  /** The last {@link METRIC_TREND_WEEKS} weeks, oldest first, ending with this week. */
  trend: z.array(MetricPointSchema),
  allowedActions: z.array(MetricActionSchema),
});
export type Metric = z.infer<typeof MetricSchema>;

/** `GET /api/teams/:teamId/metrics`. */
export const TeamMetricsSchema = z.object({
  teamId: z.string(),
  isoWeek: IsoWeekSchema,
  metrics: z.array(MetricSchema),
  allowedActions: z.array(TeamMetricsActionSchema),
});
export type TeamMetrics = z.infer<typeof TeamMetricsSchema>;

/** A metric's state in one week, for the check-in agenda and the monthly report (`MetricsService.teamStatus`). */
export const MetricStatusSchema = z.object({
  metricId: z.string(),
  teamId: z.string(),
  name: z.string(),
  unit: z.string(),
  direction: MetricDirectionSchema,
  thresholds: MetricThresholdsSchema,
  ownerId: z.string(),
  isoWeek: IsoWeekSchema,
  value: z.number().nullable(),
  band: MetricBandSchema.nullable(),
  previousValue: z.number().nullable(),
});
export type MetricStatus = z.infer<typeof MetricStatusSchema>;

/** `GET …/history?weeks=`: how many weeks back from this week (default a quarter). */
export const MetricHistoryQuerySchema = z.object({ weeks: z.coerce.number().int().min(1).max(104).optional() }).strict();
export type MetricHistoryQuery = z.infer<typeof MetricHistoryQuerySchema>;

/** One field an edit changed, as text (null: not set). */
export const MetricFieldChangeSchema = z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() });

/** One edit of a metric: who, when, what (old → new). */
export const MetricChangeSchema = z.object({
  at: z.string(),
  by: PersonRefSchema,
  kind: z.enum(['created', 'updated', 'archived', 'value']),
  /** The week of a value change; null for definition changes. */
  isoWeek: IsoWeekSchema.nullable(),
  /** True when the change came from a CSV import. */
  imported: z.boolean(),
  changes: z.array(MetricFieldChangeSchema),
});
export type MetricChange = z.infer<typeof MetricChangeSchema>;

/** A stored weekly value with who entered it last. */
export const MetricWeekValueSchema = MetricPointSchema.extend({
  value: z.number(),
  enteredBy: PersonRefSchema,
  enteredAt: z.string(),
  version: z.number().int(),
});
export type MetricWeekValue = z.infer<typeof MetricWeekValueSchema>;

/** `GET …/metrics/:metricId/history`: the values per week (newest first) and the change log (newest first). */
export const MetricHistorySchema = z.object({
  metric: MetricSchema,
  values: z.array(MetricWeekValueSchema),
  changes: z.array(MetricChangeSchema),
});
export type MetricHistory = z.infer<typeof MetricHistorySchema>;

/**
 * `POST /api/teams/:teamId/metrics/import`: CSV with a header row naming the columns `metric` (name or id),
 * `week` (`2026-W05`, or a `YYYY-MM-DD` date in that week; `isoWeek` and `date` are accepted as names) and `value`.
 * `dryRun` reports what would happen without writing. Rows that fail never write; importing the same file again changes nothing.
 */
export const MetricImportRequestSchema = z
  .object({
    csv: z.string().min(1, 'must not be empty').max(METRIC_IMPORT_MAX_CHARS, `must be at most ${METRIC_IMPORT_MAX_CHARS} characters`),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type MetricImportRequest = z.infer<typeof MetricImportRequestSchema>;

/** What happened to one CSV row. */
export const MetricImportRowSchema = z.object({
  /** Line in the CSV text (the header is line 1). */
  line: z.number().int(),
  metricId: z.string().nullable(),
  metric: z.string(),
  isoWeek: IsoWeekSchema.nullable(),
  value: z.number().nullable(),
  status: z.enum(['imported', 'skipped', 'error']),
  /** Why a row was skipped or failed (also set for an imported row that replaced another value). */
  reason: z.string().nullable(),
});
export type MetricImportRow = z.infer<typeof MetricImportRowSchema>;

/** The import report. */
export const MetricImportResultSchema = z.object({
  dryRun: z.boolean(),
  imported: z.number().int(),
  skipped: z.number().int(),
  errors: z.number().int(),
  rows: z.array(MetricImportRowSchema),
});
export type MetricImportResult = z.infer<typeof MetricImportResultSchema>;
