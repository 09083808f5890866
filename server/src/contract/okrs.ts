import { z } from 'zod';
import { FindingSchema } from '../coach/schema.js';
import { GuidSchema } from './common.js';
import { PersonRefSchema } from './me.js';
import { PeriodIdSchema, PeriodSchema } from './settings.js';

/** A Northstar document id (MongoDB ObjectId, 24 hex digits). */
export const ObjectIdSchema = z.string().regex(/^[0-9a-fA-F]{24}$/, 'must be an id (24 hex digits)');

/** An ISO week, e.g. `2026-W05`. */
export const IsoWeekSchema = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'must look like 2026-W05');
export type IsoWeek = z.infer<typeof IsoWeekSchema>;

/** A calendar date, `YYYY-MM-DD`. */
export const IsoDateSchema = z.iso.date();

export const ObjectiveLevelSchema = z.enum(['company', 'team', 'person']);
export type ObjectiveLevel = z.infer<typeof ObjectiveLevelSchema>;
export const ObjectiveStateSchema = z.enum(['draft', 'active', 'closed']);
export type ObjectiveState = z.infer<typeof ObjectiveStateSchema>;
export const VisibilitySchema = z.enum(['public', 'private']);
export const ImpactTagSchema = z.enum(['customer', 'business']);
export const KeyResultKindSchema = z.enum(['increase_to', 'decrease_to', 'stay_above', 'stay_below', 'milestone']);
export type KeyResultKind = z.infer<typeof KeyResultKindSchema>;
export const IndicatorSchema = z.enum(['leading', 'lagging']);
/** Confidence colour: 7–10 green, 4–6 yellow, 0–3 red. */
export const ConfidenceColorSchema = z.enum(['green', 'yellow', 'red']);
export type ConfidenceColor = z.infer<typeof ConfidenceColorSchema>;

/** What the caller may do with an objective or key result; the UI hides everything else. */
export const OkrActionSchema = z.enum(['read', 'update', 'close', 'checkIn', 'manageKeyResults', 'delete']);
export type OkrAction = z.infer<typeof OkrActionSchema>;

const Title = z.string().trim().min(1).max(200);
const Finite = z.number().finite().min(-1e12).max(1e12);

/** A small task (one or two weeks) supporting a key result. */
export const InitiativeInputSchema = z
  .object({
    id: ObjectIdSchema.optional(),
    title: Title,
    done: z.boolean().default(false),
  })
  .strict();

export const InitiativeSchema = z.object({ id: z.string(), title: z.string(), done: z.boolean() });

/** Fields of a key result a client may set. */
const KeyResultFields = {
  title: Title,
  /** Defaults to the objective's owner. */
  ownerId: GuidSchema,
  kind: KeyResultKindSchema,
  start: Finite,
  target: Finite,
  unit: z.string().trim().max(40),
  dueDate: IsoDateSchema.nullable(),
  indicator: IndicatorSchema,
  /** Relative weight in the objective's progress; equal weights when omitted. */
  weight: z.number().min(0).max(100).nullable(),
  initiatives: z.array(InitiativeInputSchema).max(20),
};

/** `POST /api/objectives/:id/key-results` (and key results inside a new objective). */
export const CreateKeyResultSchema = z
  .object({
    ...KeyResultFields,
    ownerId: KeyResultFields.ownerId.optional(),
    start: KeyResultFields.start.default(0),
    unit: KeyResultFields.unit.default(''),
    dueDate: KeyResultFields.dueDate.default(null),
    indicator: KeyResultFields.indicator.default('lagging'),
    weight: KeyResultFields.weight.default(null),
    initiatives: KeyResultFields.initiatives.default([]),
    /** Current value; defaults to start. Later changes come from check-ins. */
    current: Finite.optional(),
  })
  .strict();
export type CreateKeyResult = z.infer<typeof CreateKeyResultSchema>;

/** `PATCH /api/key-results/:id`: changed fields plus the version last read. */
export const UpdateKeyResultSchema = z
  .object({ ...KeyResultFields, version: z.number().int().min(0) })
  .partial()
  .required({ version: true })
  .strict();
export type UpdateKeyResult = z.infer<typeof UpdateKeyResultSchema>;

/** `POST /api/objectives`. */
export const CreateObjectiveSchema = z
  .object({
    periodId: PeriodIdSchema,
    level: ObjectiveLevelSchema,
    /** Defaults to the caller. */
    ownerId: GuidSchema.optional(),
    title: Title,
    why: z.string().trim().max(2000).default(''),
    alignedTo: z.array(ObjectIdSchema).max(10).default([]),
    impactTags: z.array(ImpactTagSchema).max(2).default([]),
    state: z.enum(['draft', 'active']).default('draft'),
    visibility: VisibilitySchema.default('public'),
    keyResults: z.array(CreateKeyResultSchema).max(5).default([]),
  })
  .strict();
export type CreateObjective = z.infer<typeof CreateObjectiveSchema>;

/** `PATCH /api/objectives/:id`: changed fields plus the version last read. */
export const UpdateObjectiveSchema = z
  .object({
    version: z.number().int().min(0),
    title: Title,
    why: z.string().trim().max(2000),
    ownerId: GuidSchema,
    alignedTo: z.array(ObjectIdSchema).max(10),
    impactTags: z.array(ImpactTagSchema).max(2),
    state: z.enum(['draft', 'active']),
    visibility: VisibilitySchema,
  })
  .partial()
  .required({ version: true })
  .strict();
export type UpdateObjective = z.infer<typeof UpdateObjectiveSchema>;

/** `POST /api/objectives/:id/close`. */
export const CloseObjectiveSchema = z
  .object({
    version: z.number().int().min(0),
    /** What was achieved, what was learned, what carries over. */
    retrospective: z.string().trim().min(1).max(4000),
  })
  .strict();
export type CloseObjective = z.infer<typeof CloseObjectiveSchema>;

/** `PUT /api/key-results/:id/check-ins/:isoWeek`: this week's value; a second one replaces the first. */
export const CheckInInputSchema = z
  .object({
    value: Finite,
    confidence: z.number().int().min(0).max(10),
    note: z.string().trim().max(1000).default(''),
  })
  .strict();
export type CheckInInput = z.infer<typeof CheckInInputSchema>;

export const CheckInSchema = z.object({
  keyResultId: z.string(),
  isoWeek: IsoWeekSchema,
  value: z.number(),
  confidence: z.number().int(),
  confidenceColor: ConfidenceColorSchema,
  note: z.string(),
  authorId: z.string(),
  at: z.string().describe('When it was saved (ISO date-time)'),
});
export type CheckIn = z.infer<typeof CheckInSchema>;

export const CheckInListSchema = z.object({ items: z.array(CheckInSchema) });

export const KeyResultSchema = z.object({
  id: z.string(),
  objectiveId: z.string(),
  title: z.string(),
  owner: PersonRefSchema,
  kind: KeyResultKindSchema,
  start: z.number(),
  target: z.number(),
  current: z.number(),
  unit: z.string(),
  dueDate: z.string().nullable(),
  indicator: IndicatorSchema,
  weight: z.number().nullable(),
  initiatives: z.array(InitiativeSchema),
  /** 0–1. */
  progress: z.number(),
  lastCheckIn: z
    .object({ isoWeek: IsoWeekSchema, confidence: z.number().int(), confidenceColor: ConfidenceColorSchema, at: z.string() })
    .nullable(),
  version: z.number().int(),
  allowedActions: z.array(OkrActionSchema),
});
export type KeyResult = z.infer<typeof KeyResultSchema>;

/** `PUT /api/key-results/:id/check-ins/:isoWeek`: the stored check-in and the key result after it. */
export const CheckInResultSchema = z.object({ checkIn: CheckInSchema, keyResult: KeyResultSchema });
export type CheckInResult = z.infer<typeof CheckInResultSchema>;

export const ObjectiveSchema = z.object({
  id: z.string(),
  periodId: PeriodIdSchema,
  level: ObjectiveLevelSchema,
  owner: PersonRefSchema,
  title: z.string(),
  why: z.string(),
  alignedTo: z.array(z.string()),
  impactTags: z.array(ImpactTagSchema),
  state: ObjectiveStateSchema,
  visibility: VisibilitySchema,
  retrospective: z.string().nullable(),
  /** The proposal the objective was adopted from, with its author; null when it was not proposed. */
  proposal: z.object({ id: z.string(), author: PersonRefSchema }).nullable(),
  /** Mean of the key results' progress (weighted when weights are set), 0–1. */
  progress: z.number(),
  keyResults: z.array(KeyResultSchema),
  version: z.number().int(),
  allowedActions: z.array(OkrActionSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Objective = z.infer<typeof ObjectiveSchema>;

/** `GET /api/objectives`: one page; pass `nextCursor` as `cursor` for the next. */
export const ObjectivePageSchema = z.object({
  items: z.array(ObjectiveSchema),
  nextCursor: z.string().nullable(),
});
export type ObjectivePage = z.infer<typeof ObjectivePageSchema>;

/** Query of `GET /api/objectives`: by owner, by a manager's team, by period. */
export const ListObjectivesQuerySchema = z
  .object({
    periodId: PeriodIdSchema.optional(),
    ownerId: GuidSchema.optional(),
    /** A manager; lists their team's objectives (their own included). */
    teamOf: GuidSchema.optional(),
    scope: z.enum(['direct', 'subtree']).default('direct'),
    level: ObjectiveLevelSchema.optional(),
    state: ObjectiveStateSchema.optional(),
    cursor: ObjectIdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
export type ListObjectivesQuery = z.infer<typeof ListObjectivesQuerySchema>;

/** `GET /api/company`: mission, north star and the company objectives of a period. */
export const CompanyOkrsSchema = z.object({
  mission: z.string(),
  northStar: z.string(),
  period: PeriodSchema,
  objectives: z.array(ObjectiveSchema),
});
export type CompanyOkrs = z.infer<typeof CompanyOkrsSchema>;

export const PeriodQuerySchema = z.object({ periodId: PeriodIdSchema.optional() }).strict();

/** Query of `GET /api/alignment`. */
export const AlignmentQuerySchema = z
  .object({
    periodId: PeriodIdSchema.optional(),
    /** Limit to a manager's team (their own objectives included); without it, company and team levels. */
    teamOf: GuidSchema.optional(),
    scope: z.enum(['direct', 'subtree']).default('subtree'),
    /** `nextCursor` of the previous page. */
    cursor: z
      .string()
      .regex(/^[0-2]-[0-9a-f]{24}$/, 'must be the nextCursor of a previous page')
      .optional(),
    /** Objectives of the scope on this page (company first, then teams, then people). */
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict();
export type AlignmentQuery = z.infer<typeof AlignmentQuerySchema>;
/** What a client sends (defaults left out). */
export type AlignmentQueryInput = Omit<z.input<typeof AlignmentQuerySchema>, 'limit'> & { limit?: number };

export const AlignmentNodeSchema = z.object({
  id: z.string(),
  title: z.string(),
  level: ObjectiveLevelSchema,
  ownerId: z.string(),
  ownerName: z.string(),
  state: ObjectiveStateSchema,
  progress: z.number(),
  /** How many objectives of the period align to this one (including ones outside the graph). */
  alignedFromCount: z.number().int(),
  /** True for objectives outside the requested scope that nodes in it align to. */
  external: z.boolean(),
});

/**
 * `GET /api/alignment`: one page of the constellation of a period with its gaps: the page's objectives, the ones outside
 * it they align to (`external`), and the edges between them. Pass `nextCursor` as `cursor` for the next page.
 */
export const AlignmentGraphSchema = z.object({
  period: PeriodSchema,
  nodes: z.array(AlignmentNodeSchema),
  /** `from` aligns to `to`. */
  edges: z.array(z.object({ from: z.string(), to: z.string() })),
  gaps: z.object({
    /** Company objectives nothing aligns to. */
    companyWithoutSupport: z.array(z.string()),
    /** Team and person objectives aligned to nothing. */
    alignedToNothing: z.array(z.string()),
  }),
  /** Null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AlignmentGraph = z.infer<typeof AlignmentGraphSchema>;

export const CoachReportSchema = z.object({ findings: z.array(FindingSchema), hasErrors: z.boolean() });
export type CoachReport = z.infer<typeof CoachReportSchema>;

/** `POST /api/coach`: a draft objective to check before it is saved. */
export const CoachDraftSchema = CreateObjectiveSchema.extend({
  periodId: PeriodIdSchema.optional(),
  level: ObjectiveLevelSchema.default('person'),
}).strict();
export type CoachDraft = z.infer<typeof CoachDraftSchema>;

/** Query of `GET /api/okrs/export`. */
export const ExportQuerySchema = z
  .object({
    periodId: PeriodIdSchema.optional(),
    ownerId: GuidSchema.optional(),
    teamOf: GuidSchema.optional(),
    scope: z.enum(['direct', 'subtree']).default('direct'),
  })
  .strict();
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

/** Columns of the CSV format, in order; one row per key result. */
export const CSV_COLUMNS = [
  'period',
  'objective_level',
  'objective_owner',
  'objective_title',
  'objective_why',
  'objective_state',
  'objective_visibility',
  'impact_tags',
  'kr_title',
  'kr_owner',
  'kr_kind',
  'kr_start',
  'kr_target',
  'kr_current',
  'kr_unit',
  'kr_due_date',
  'kr_indicator',
  'kr_weight',
] as const;

/** `POST /api/okrs/import`: CSV text (the export's format), optionally moved to another owner or period. */
export const ImportRequestSchema = z
  .object({
    csv: z.string().min(1).max(500_000),
    /** Puts every row into this period instead of the file's. */
    periodId: PeriodIdSchema.optional(),
    /** Makes this person the owner of every objective and key result instead of the file's owners. */
    ownerId: GuidSchema.optional(),
    /** Only validate. */
    dryRun: z.boolean().default(false),
  })
  .strict();
export type ImportRequest = z.infer<typeof ImportRequestSchema>;

/** Result of an import. Rows with errors make the whole import fail (400) and nothing is written. */
export const ImportResultSchema = z.object({
  rows: z.number().int(),
  objectives: z.object({ created: z.number().int(), updated: z.number().int() }),
  keyResults: z.object({ created: z.number().int(), updated: z.number().int() }),
  dryRun: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const IdParamsSchema = z.object({ id: ObjectIdSchema }).strict();
export const CheckInParamsSchema = z.object({ id: ObjectIdSchema, isoWeek: IsoWeekSchema }).strict();
export const VersionQuerySchema = z.object({ version: z.coerce.number().int().min(0) }).strict();
