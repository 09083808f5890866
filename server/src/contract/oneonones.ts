/**
 * 1:1s of a manager and a direct report. Every mutation answers the whole agenda after it.
 * - `GET    /api/one-on-ones` → {@link OneOnOneListSchema}
 * - `GET    /api/one-on-ones/:managerId/:reportId` → {@link OneOnOneAgendaSchema} (404 for anyone but the pair)
 * - `PUT    /api/one-on-ones/:managerId/:reportId/schedule` ({@link ScheduleOneOnOneSchema})
 * - `POST   /api/one-on-ones/:managerId/:reportId/talking-points` ({@link CreateTalkingPointSchema}) → 201
 * - `PATCH  /api/one-on-ones/:managerId/:reportId/talking-points/:itemId` ({@link UpdateTalkingPointSchema})
 * - `DELETE /api/one-on-ones/:managerId/:reportId/talking-points/:itemId`
 * - `PUT    /api/one-on-ones/:managerId/:reportId/notes` ({@link UpdateOneOnOneNotesSchema}; 409 when the version is stale)
 * - `POST   /api/one-on-ones/:managerId/:reportId/action-items` ({@link CreateActionItemSchema}) → 201
 * - `PATCH  /api/one-on-ones/:managerId/:reportId/action-items/:itemId` ({@link UpdateActionItemSchema}; `done` completes/reopens)
 * - `DELETE /api/one-on-ones/:managerId/:reportId/action-items/:itemId`
 * - `POST   /api/one-on-ones/:managerId/:reportId/held` ({@link MarkOneOnOneHeldSchema}; starts the next 1:1, carrying over
 *   open action items and unresolved talking points; 409 when that occurrence was already held)
 */
import { z } from 'zod';
import { GuidSchema } from './common.js';
import { PersonRefSchema } from './me.js';
import { ConfidenceColorSchema, IsoDateSchema, IsoWeekSchema, ObjectIdSchema } from './okrs.js';

/** Most open talking points of one 1:1. */
export const MAX_TALKING_POINTS = 50;
/** Most action items of one 1:1 (open ones carry over). */
export const MAX_ACTION_ITEMS = 100;

/** How often a pair meets; the next date follows from the last held 1:1 unless one was set. */
export const OneOnOneCadenceSchema = z.enum(['weekly', 'biweekly', 'monthly']);
export type OneOnOneCadence = z.infer<typeof OneOnOneCadenceSchema>;

/** Which side of the pair the caller (or an author) is on. */
export const OneOnOneSideSchema = z.enum(['manager', 'report']);
export type OneOnOneSide = z.infer<typeof OneOnOneSideSchema>;

/** What the caller may do with a 1:1; the UI hides everything else. */
export const OneOnOneActionSchema = z.enum(['read', 'addTalkingPoint', 'updateNotes', 'addActionItem', 'schedule', 'markHeld']);
export type OneOnOneAction = z.infer<typeof OneOnOneActionSchema>;

/** What the caller may do with one talking point (text edits and deletion are the author's). */
export const TalkingPointActionSchema = z.enum(['update', 'delete', 'resolve']);
export type TalkingPointAction = z.infer<typeof TalkingPointActionSchema>;

/** What the caller may do with one action item. */
export const ActionItemActionSchema = z.enum(['update', 'complete', 'reopen', 'delete']);
export type ActionItemAction = z.infer<typeof ActionItemActionSchema>;

/** `/api/one-on-ones/:managerId/:reportId…`: a pair is named by the manager's and the direct report's object ids. */
export const OneOnOneParamsSchema = z.object({ managerId: GuidSchema, reportId: GuidSchema }).strict();
/** `/api/one-on-ones/:managerId/:reportId/talking-points/:itemId`. */
export const TalkingPointParamsSchema = z.object({ managerId: GuidSchema, reportId: GuidSchema, itemId: ObjectIdSchema }).strict();
/** `/api/one-on-ones/:managerId/:reportId/action-items/:itemId`. */
export const ActionItemParamsSchema = TalkingPointParamsSchema;

/** `PUT /api/one-on-ones/:managerId/:reportId/schedule`: set the next date (null: follow the cadence) and/or the cadence. */
export const ScheduleOneOnOneSchema = z
  .object({
    nextDate: IsoDateSchema.nullable().optional(),
    cadence: OneOnOneCadenceSchema.optional(),
  })
  .strict()
  .refine((value) => value.nextDate !== undefined || value.cadence !== undefined, { message: 'set nextDate or cadence' });
export type ScheduleOneOnOne = z.infer<typeof ScheduleOneOnOneSchema>;

/** `POST /api/one-on-ones/:managerId/:reportId/talking-points`. */
export const CreateTalkingPointSchema = z.object({ text: z.string().trim().min(1).max(500) }).strict();
export type CreateTalkingPoint = z.infer<typeof CreateTalkingPointSchema>;

/** `PATCH …/talking-points/:itemId`: `text` by its author only; `resolved` by either side. */
export const UpdateTalkingPointSchema = z
  .object({ text: z.string().trim().min(1).max(500).optional(), resolved: z.boolean().optional() })
  .strict()
  .refine((value) => value.text !== undefined || value.resolved !== undefined, { message: 'set text or resolved' });
export type UpdateTalkingPoint = z.infer<typeof UpdateTalkingPointSchema>;

/** `PUT /api/one-on-ones/:managerId/:reportId/notes`: the whole shared notes, guarded by the notes version last read (409 when stale). */
export const UpdateOneOnOneNotesSchema = z.object({ version: z.number().int().min(0), text: z.string().max(20_000) }).strict();
export type UpdateOneOnOneNotes = z.infer<typeof UpdateOneOnOneNotesSchema>;

/** `POST /api/one-on-ones/:managerId/:reportId/action-items`: the owner is one of the pair. */
export const CreateActionItemSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    ownerId: GuidSchema,
    dueDate: IsoDateSchema.nullable().default(null),
  })
  .strict();
export type CreateActionItem = z.infer<typeof CreateActionItemSchema>;

/** `PATCH …/action-items/:itemId`: `done: true` completes, `done: false` reopens. */
export const UpdateActionItemSchema = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    ownerId: GuidSchema.optional(),
    dueDate: IsoDateSchema.nullable().optional(),
    done: z.boolean().optional(),
  })
  .strict()
  .refine((value) => Object.values(value).some((field) => field !== undefined), { message: 'change at least one field' });
export type UpdateActionItem = z.infer<typeof UpdateActionItemSchema>;

/** `POST /api/one-on-ones/:managerId/:reportId/held`: closes the current 1:1 (the occurrence last read; 409 when already held). */
export const MarkOneOnOneHeldSchema = z.object({ occurrence: z.number().int().min(1) }).strict();
export type MarkOneOnOneHeld = z.infer<typeof MarkOneOnOneHeldSchema>;

/**
 * Why a key result is on the agenda: its latest confidence is red (0–3) or yellow (4–6), it is `dropping`
 * (2+ points below the week before its latest check-in, or below its confidence when the previous 1:1 was held), or `stale`
 * (no check-in for 2+ weeks; never checked in counts from the period's start).
 */
export const AgendaKeyResultFlagSchema = z.enum(['red', 'yellow', 'dropping', 'stale']);
export type AgendaKeyResultFlag = z.infer<typeof AgendaKeyResultFlagSchema>;

const AgendaItemBase = {
  /** Stable within a 1:1 (e.g. `kr:<id>`, `risk:<isoWeek>`), for keys and deep links. */
  id: z.string(),
};

/** A key result of the report that is red, yellow, dropped 2+ confidence points since the previous 1:1, or has no check-in for 2+ weeks. */
export const KeyResultAgendaItemSchema = z.object({
  ...AgendaItemBase,
  kind: z.literal('key_result'),
  keyResultId: z.string(),
  objectiveId: z.string(),
  objectiveTitle: z.string(),
  title: z.string(),
  flags: z.array(AgendaKeyResultFlagSchema).min(1),
  /** Latest confidence (0–10) and its colour; null without any check-in. */
  confidence: z.number().int().nullable(),
  confidenceColor: ConfidenceColorSchema.nullable(),
  /** Confidence of the week before the latest check-in (else when the previous 1:1 was held). */
  previousConfidence: z.number().int().nullable(),
  lastCheckInWeek: IsoWeekSchema.nullable(),
  /** Whole weeks since the last check-in (or since the period started when never checked in). */
  weeksSinceCheckIn: z.number().int().nullable(),
  /** 0–1. */
  progress: z.number(),
});

/** One of last week's priorities the report marked red in their latest weekly mail. */
export const RedPriorityAgendaItemSchema = z.object({
  ...AgendaItemBase,
  kind: z.literal('red_priority'),
  title: z.string(),
  keyResultId: z.string().nullable(),
  /** Week of the weekly mail it came from. */
  isoWeek: IsoWeekSchema,
});

/** Risks and blockers from the latest weekly mail. */
export const RiskAgendaItemSchema = z.object({
  ...AgendaItemBase,
  kind: z.literal('risk'),
  text: z.string(),
  isoWeek: IsoWeekSchema,
});

/** Planned time off from the latest weekly mail. */
export const TimeOffAgendaItemSchema = z.object({
  ...AgendaItemBase,
  kind: z.literal('time_off'),
  text: z.string(),
  isoWeek: IsoWeekSchema,
});

/** An open action item carried over from an earlier 1:1 (details in `actionItems`). */
export const CarriedActionAgendaItemSchema = z.object({
  ...AgendaItemBase,
  kind: z.literal('action_item'),
  actionItemId: z.string(),
  title: z.string(),
  owner: PersonRefSchema,
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
});

/** Onboarding coursework status of a new hire. */
export const OneOnOneOnboardingStatusSchema = z.enum(['not_started', 'in_progress', 'submitted', 'changes_requested', 'passed', 'overdue']);
export type OneOnOneOnboardingStatus = z.infer<typeof OneOnOneOnboardingStatusSchema>;

/** The report is a new hire: their onboarding coursework status (null while it is not known). */
export const OnboardingAgendaItemSchema = z.object({
  ...AgendaItemBase,
  kind: z.literal('onboarding'),
  hireDate: z.string().nullable(),
  status: OneOnOneOnboardingStatusSchema.nullable(),
  dueDate: z.string().nullable(),
});

/** An active objective of the report aligned to nothing. */
export const UnalignedObjectiveAgendaItemSchema = z.object({
  ...AgendaItemBase,
  kind: z.literal('unaligned_objective'),
  objectiveId: z.string(),
  title: z.string(),
});

/** An agenda item built from data, in the order PRODUCT.md lists them. */
export const AgendaItemSchema = z.discriminatedUnion('kind', [
  KeyResultAgendaItemSchema,
  RedPriorityAgendaItemSchema,
  RiskAgendaItemSchema,
  TimeOffAgendaItemSchema,
  CarriedActionAgendaItemSchema,
  OnboardingAgendaItemSchema,
  UnalignedObjectiveAgendaItemSchema,
]);
export type AgendaItem = z.infer<typeof AgendaItemSchema>;
export type AgendaItemKind = AgendaItem['kind'];

/** A talking point either side added; unresolved ones carry over to the next 1:1. */
export const TalkingPointSchema = z.object({
  id: z.string(),
  text: z.string(),
  author: PersonRefSchema,
  authorSide: OneOnOneSideSchema,
  resolved: z.boolean(),
  /** True when it was added before the previous 1:1 was held. */
  carriedOver: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  allowedActions: z.array(TalkingPointActionSchema),
});
export type TalkingPoint = z.infer<typeof TalkingPointSchema>;

/** An action item of the pair; open ones carry over until completed. */
export const ActionItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  owner: PersonRefSchema,
  dueDate: z.string().nullable(),
  done: z.boolean(),
  doneAt: z.string().nullable(),
  carriedOver: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  allowedActions: z.array(ActionItemActionSchema),
});
export type ActionItem = z.infer<typeof ActionItemSchema>;

/** The pair's shared notes of the current 1:1. */
export const OneOnOneNotesSchema = z.object({
  text: z.string(),
  /** Send it back with the next change (409 when someone saved in between). */
  version: z.number().int().min(0),
  updatedAt: z.string().nullable(),
  updatedBy: PersonRefSchema.nullable(),
});
export type OneOnOneNotes = z.infer<typeof OneOnOneNotesSchema>;

/** Where the weekly-mail items came from. */
export const AgendaWeeklyMailSchema = z.object({
  isoWeek: IsoWeekSchema,
  status: z.enum(['sent', 'reviewed']),
  sentAt: z.string().nullable(),
});

/** Schedule facts shared by the list and the agenda. */
const ScheduleFields = {
  manager: PersonRefSchema,
  report: PersonRefSchema,
  /** The caller's side of the pair. */
  role: OneOnOneSideSchema,
  cadence: OneOnOneCadenceSchema,
  /** `YYYY-MM-DD`: the set date, else the last held 1:1 plus the cadence, else today (never met). */
  nextDate: z.string(),
  /** True when someone set `nextDate` explicitly. */
  nextDateSet: z.boolean(),
  /** Number of the current (upcoming) 1:1, from 1. */
  occurrence: z.number().int().min(1),
  lastHeldAt: z.string().nullable(),
};

/** `GET /api/one-on-ones/:managerId/:reportId`: the agenda of the pair's upcoming 1:1. */
export const OneOnOneAgendaSchema = z.object({
  ...ScheduleFields,
  /** Current ISO week in the tenant's time zone. */
  isoWeek: IsoWeekSchema,
  /** The latest weekly mail of the report the items were read from, or null. */
  weeklyMail: AgendaWeeklyMailSchema.nullable(),
  items: z.array(AgendaItemSchema),
  /** The report's talking points first, then the manager's, each oldest first. */
  talkingPoints: z.array(TalkingPointSchema),
  notes: OneOnOneNotesSchema,
  /** Open items first (carried over first), then done ones; each oldest first. */
  actionItems: z.array(ActionItemSchema),
  allowedActions: z.array(OneOnOneActionSchema),
});
export type OneOnOneAgenda = z.infer<typeof OneOnOneAgendaSchema>;

/** One 1:1 of the caller in the list. */
export const OneOnOneSummarySchema = z.object({
  ...ScheduleFields,
  /** The other person of the pair. */
  counterpart: PersonRefSchema,
  openActionItems: z.number().int(),
  openTalkingPoints: z.number().int(),
  allowedActions: z.array(OneOnOneActionSchema),
});
export type OneOnOneSummary = z.infer<typeof OneOnOneSummarySchema>;

/** `GET /api/one-on-ones`: the caller's 1:1s with direct reports (next one first), and with their own manager. */
export const OneOnOneListSchema = z.object({
  asManager: z.array(OneOnOneSummarySchema),
  asReport: OneOnOneSummarySchema.nullable(),
});
export type OneOnOneList = z.infer<typeof OneOnOneListSchema>;
