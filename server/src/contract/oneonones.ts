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
 * - `GET    /api/one-on-ones/:managerId/:reportId/history` ({@link OneOnOneHistoryQuerySchema}) → {@link OneOnOneHistorySchema}
 * - `GET    /api/one-on-ones/:managerId/:reportId/history/:occurrence` → {@link PastOneOnOneSchema}
 * - `GET    /api/one-on-ones/:managerId/:reportId/private-notes` ({@link PrivateNotesQuerySchema}) → {@link PrivateNotesSchema}
 * - `PUT    /api/one-on-ones/:managerId/:reportId/private-notes` ({@link UpdatePrivateNotesSchema}; only the author ever reads them; 409 when stale)
 * - `GET    /api/one-on-ones/by-meeting?chatId=…` ({@link MeetingOneOnOneQuerySchema}) → {@link MeetingOneOnOneSchema} (the pair of a Teams meeting;
 *   404 unless the caller is in the meeting)
 */
import { z } from 'zod';
import { CalendarOccurrenceSchema, NextDateSourceSchema, TimeOffPeriodSchema } from './calendar.js';
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

/** One of the pair is out of office in the coming two weeks (an Outlook event shown as out of office, or automatic replies). */
export const OutOfOfficeAgendaItemSchema = z.object({
  ...AgendaItemBase,
  kind: z.literal('out_of_office'),
  person: PersonRefSchema,
  ...TimeOffPeriodSchema.shape,
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
  OutOfOfficeAgendaItemSchema,
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
  /** The 1:1 it was added in. */
  firstOccurrence: z.number().int().min(1),
  /** How many times it was carried over to a next 1:1 so far. */
  carriedCount: z.number().int().min(0),
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
  /** The series' cadence when Outlook has one the pair meets in, else the one set here. */
  cadence: OneOnOneCadenceSchema,
  /** `YYYY-MM-DD`: the next occurrence in Outlook, else the set date, else the last held 1:1 plus the cadence, else today (never met). */
  nextDate: z.string(),
  /** True when someone set `nextDate` explicitly. */
  nextDateSet: z.boolean(),
  /** Where `nextDate` came from: the pair's recurring series in the manager's Outlook calendar (it wins), the set date, or the cadence. */
  nextDateSource: NextDateSourceSchema,
  /** The next occurrence of the pair's recurring 1:1 in Outlook (with moved and cancelled facts); null without a series. */
  calendar: CalendarOccurrenceSchema.nullable(),
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

/** `GET …/history`: held 1:1s newest first, `limit` at a time below `before` (an occurrence), optionally only those matching `q`. */
export const OneOnOneHistoryQuerySchema = z
  .object({
    /** Words that must all appear in the shared notes, talking points, action items or agenda items of a 1:1. */
    q: z.string().trim().max(200).optional(),
    /** Only 1:1s numbered below this one (the `nextBefore` of the previous page). */
    before: z.coerce.number().int().min(2).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();
export type OneOnOneHistoryQuery = z.infer<typeof OneOnOneHistoryQuerySchema>;

/** `/api/one-on-ones/:managerId/:reportId/history/:occurrence`. */
export const PastOneOnOneParamsSchema = z
  .object({ managerId: GuidSchema, reportId: GuidSchema, occurrence: z.coerce.number().int().min(1).max(1_000_000) })
  .strict();

/** Where a search matched in a held 1:1. */
export const HistoryMatchSchema = z.object({
  field: z.enum(['notes', 'talking_point', 'action_item', 'agenda_item']),
  /** The matching text, shortened around the first match. */
  text: z.string(),
});

/** One held 1:1 in the history list. */
export const OneOnOneHistoryEntrySchema = z.object({
  occurrence: z.number().int().min(1),
  heldAt: z.string(),
  heldBy: PersonRefSchema,
  /** The first few hundred characters of the shared notes. */
  notesExcerpt: z.string(),
  talkingPoints: z.number().int(),
  actionItems: z.number().int(),
  /** Action items that were done when it was held. */
  actionItemsDone: z.number().int(),
  /** Where `q` matched (empty without `q`). */
  matches: z.array(HistoryMatchSchema),
});
export type OneOnOneHistoryEntry = z.infer<typeof OneOnOneHistoryEntrySchema>;

/** `GET …/history`: a page of the pair's held 1:1s, newest first. */
export const OneOnOneHistorySchema = z.object({
  manager: PersonRefSchema,
  report: PersonRefSchema,
  role: OneOnOneSideSchema,
  /** How many 1:1s the pair has held. */
  held: z.number().int().min(0),
  entries: z.array(OneOnOneHistoryEntrySchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});
export type OneOnOneHistory = z.infer<typeof OneOnOneHistorySchema>;

/** What became of an action item after the 1:1 it is shown in. */
export const ActionItemOutcomeSchema = z.object({
  /** `removed`: deleted later without being done. */
  status: z.enum(['done', 'open', 'removed']),
  doneAt: z.string().nullable(),
  /** The 1:1 in which it was done (the upcoming one when done since the last was held). */
  doneInOccurrence: z.number().int().nullable(),
  /** Times carried over to a next 1:1 (until done, or until now while open). */
  carriedCount: z.number().int().min(0),
});
export type ActionItemOutcome = z.infer<typeof ActionItemOutcomeSchema>;

/** An action item as it was when a 1:1 was held (done and carried count as of then), with its outcome. */
export const PastActionItemSchema = ActionItemSchema.pick({
  id: true,
  title: true,
  owner: true,
  dueDate: true,
  done: true,
  doneAt: true,
  firstOccurrence: true,
  carriedCount: true,
}).extend({ outcome: ActionItemOutcomeSchema });
export type PastActionItem = z.infer<typeof PastActionItemSchema>;

/** A talking point as it was when a 1:1 was held. */
export const PastTalkingPointSchema = z.object({
  id: z.string(),
  text: z.string(),
  author: PersonRefSchema,
  authorSide: OneOnOneSideSchema,
  resolved: z.boolean(),
  carriedOver: z.boolean(),
});
export type PastTalkingPoint = z.infer<typeof PastTalkingPointSchema>;

/** The caller's own private notes of one 1:1: nobody else ever reads them (not the other side, HR or an admin). */
export const PrivateNotesSchema = z.object({
  occurrence: z.number().int().min(1),
  text: z.string(),
  /** Send it back with the next save (409 when it changed in between); 0 before the first save. */
  version: z.number().int().min(0),
  updatedAt: z.string().nullable(),
});
export type PrivateNotes = z.infer<typeof PrivateNotesSchema>;

/** `GET …/private-notes`: the caller's notes of one 1:1 (the upcoming one without `occurrence`). */
export const PrivateNotesQuerySchema = z.object({ occurrence: z.coerce.number().int().min(1).max(1_000_000).optional() }).strict();
export type PrivateNotesQuery = z.infer<typeof PrivateNotesQuerySchema>;

/** `PUT …/private-notes`: the caller's whole private notes of the upcoming or a held 1:1, guarded by the version last read. */
export const UpdatePrivateNotesSchema = z
  .object({ occurrence: z.number().int().min(1).max(1_000_000), version: z.number().int().min(0), text: z.string().max(20_000) })
  .strict();
export type UpdatePrivateNotes = z.infer<typeof UpdatePrivateNotesSchema>;

/** `GET …/history/:occurrence`: one held 1:1 as it was, with what became of its action items. */
export const PastOneOnOneSchema = z.object({
  manager: PersonRefSchema,
  report: PersonRefSchema,
  role: OneOnOneSideSchema,
  occurrence: z.number().int().min(1),
  heldAt: z.string(),
  heldBy: PersonRefSchema,
  /** The agenda items built from data when it was held; null for 1:1s held before agendas were kept. */
  agendaItems: z.array(AgendaItemSchema).nullable(),
  notes: OneOnOneNotesSchema.omit({ version: true }),
  talkingPoints: z.array(PastTalkingPointSchema),
  actionItems: z.array(PastActionItemSchema),
  /** The caller's own private notes of this 1:1 (never the other side's). */
  privateNotes: PrivateNotesSchema,
  /** Neighbouring held 1:1s, for paging through them. */
  previousOccurrence: z.number().int().nullable(),
  nextOccurrence: z.number().int().nullable(),
});
export type PastOneOnOne = z.infer<typeof PastOneOnOneSchema>;

/** A Teams chat thread id as teams-js reports it in a meeting (`19:meeting_…@thread.v2`) or a group chat (`19:…@thread.v2`). */
export const ChatIdSchema = z
  .string()
  .max(200)
  .regex(/^19:[A-Za-z0-9_=-]+@thread\.v2$/, 'must be a Teams chat id (19:…@thread.v2)');

/** `GET /api/one-on-ones/by-meeting?chatId=…`: the meeting chat the tab runs in. */
export const MeetingOneOnOneQuerySchema = z.object({ chatId: ChatIdSchema }).strict();
export type MeetingOneOnOneQuery = z.infer<typeof MeetingOneOnOneQuerySchema>;

/** A current manager–direct report pair in a meeting, one of them the caller. */
export const MeetingPairSchema = z.object({
  manager: PersonRefSchema,
  report: PersonRefSchema,
  /** The caller's side of the pair. */
  role: OneOnOneSideSchema,
});
export type MeetingPair = z.infer<typeof MeetingPairSchema>;

/**
 * `GET /api/one-on-ones/by-meeting`: whose 1:1 the meeting is. Attendees are the chat's members from the caller's
 * organization; the pair is the caller and the one attendee who is the caller's direct manager or direct report.
 * `no_pair`: no such attendee; `several_pairs`: more than one (e.g. a team meeting), listed in `candidates` to pick from.
 */
export const MeetingOneOnOneSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('one_on_one'),
    chatId: z.string(),
    /** People of the caller's organization in the meeting chat. */
    attendees: z.number().int().min(1),
    pair: MeetingPairSchema,
  }),
  z.object({
    kind: z.literal('not_one_on_one'),
    chatId: z.string(),
    attendees: z.number().int().min(1),
    reason: z.enum(['no_pair', 'several_pairs']),
    /** With `several_pairs`: each pair of the caller among the attendees. */
    candidates: z.array(MeetingPairSchema),
  }),
]);
export type MeetingOneOnOne = z.infer<typeof MeetingOneOnOneSchema>;
