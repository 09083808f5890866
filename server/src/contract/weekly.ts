import { z } from 'zod';
import { TimeOffPeriodSchema } from './calendar.js';
import { GuidSchema } from './common.js';
import { ConfidenceColorSchema, IsoWeekSchema, ObjectIdSchema } from './okrs.js';

/** Most priorities of a week (P1–P4). */
export const MAX_WEEKLY_PRIORITIES = 4;

/** Life cycle of a weekly report. */
export const WeeklyStatusSchema = z.enum(['draft', 'sent', 'reviewed']);
export type WeeklyStatus = z.infer<typeof WeeklyStatusSchema>;

/** What the caller may do with a weekly report; the UI hides everything else. */
export const WeeklyActionSchema = z.enum(['read', 'update', 'render', 'send', 'review']);
export type WeeklyAction = z.infer<typeof WeeklyActionSchema>;

/** `/api/weekly/:isoWeek…`. */
export const WeeklyParamsSchema = z.object({ isoWeek: IsoWeekSchema }).strict();
/** `/api/weekly/:authorId/:isoWeek/review`. */
export const WeeklyReviewParamsSchema = z.object({ authorId: GuidSchema, isoWeek: IsoWeekSchema }).strict();

/** One key result's check-in as the author enters it in the mail. */
export const WeeklyCheckInInputSchema = z
  .object({
    keyResultId: ObjectIdSchema,
    value: z.number().finite(),
    confidence: z.number().int().min(0).max(10),
    note: z.string().trim().max(1000).default(''),
  })
  .strict();

/** A priority of this week; its rank is its position (P1 first). */
export const WeeklyPriorityInputSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    /** One of the author's key results this priority moves, or null. */
    keyResultId: ObjectIdSchema.nullable().default(null),
  })
  .strict();

/** Last week's priority with how it went. */
export const LastWeekPrioritySchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    keyResultId: ObjectIdSchema.nullable().default(null),
    /** Green done, yellow partly, red not done; null until the author marks it. */
    status: ConfidenceColorSchema.nullable().default(null),
  })
  .strict();

/** `PUT /api/weekly/:isoWeek`: the whole draft, guarded by the version last read. */
export const SaveWeeklyReportSchema = z
  .object({
    version: z.number().int().min(0),
    checkIns: z.array(WeeklyCheckInInputSchema).max(25).default([]),
    lastWeekPriorities: z.array(LastWeekPrioritySchema).max(MAX_WEEKLY_PRIORITIES).default([]),
    priorities: z.array(WeeklyPriorityInputSchema).max(MAX_WEEKLY_PRIORITIES).default([]),
    risks: z.string().trim().max(2000).default(''),
    /** Planned time off (dates or free text). */
    timeOff: z.string().trim().max(500).default(''),
    /** Whether the mail shows the author's wins since their previous mail (on unless switched off). */
    includeWins: z.boolean().default(true),
  })
  .strict();
export type SaveWeeklyReport = z.infer<typeof SaveWeeklyReportSchema>;

/** `POST /api/weekly/:authorId/:isoWeek/review`. */
export const ReviewWeeklyReportSchema = z.object({ comment: z.string().trim().max(2000).default('') }).strict();
export type ReviewWeeklyReport = z.infer<typeof ReviewWeeklyReportSchema>;

/** A key result row of group 1, read from the key result and its stored check-ins. */
export const WeeklyKeyResultSchema = z.object({
  keyResultId: z.string(),
  objectiveId: z.string(),
  objectiveTitle: z.string(),
  title: z.string(),
  unit: z.string(),
  start: z.number(),
  target: z.number(),
  /** This week's value (the stored check-in, else the key result's current value). */
  value: z.number(),
  /** 0–1. */
  progress: z.number(),
  /** This week's confidence (0–10): the stored check-in, else last week's as a suggestion; null when none. */
  confidence: z.number().int().nullable(),
  lastWeekConfidence: z.number().int().nullable(),
  /** `confidence − lastWeekConfidence`, null when either is missing. */
  confidenceChange: z.number().int().nullable(),
  note: z.string(),
  /** True when a check-in for this week is stored. */
  checkedIn: z.boolean(),
});

export const WeeklyPrioritySchema = z.object({
  rank: z.number().int().min(1).max(MAX_WEEKLY_PRIORITIES),
  title: z.string(),
  keyResultId: z.string().nullable(),
});

/** One of the author's Friday wins, as the weekly mail lists it. */
export const WeeklyWinSchema = z.object({
  id: z.string(),
  /** The week the win was posted in (tenant time zone). */
  isoWeek: IsoWeekSchema,
  text: z.string(),
  /** The key result or objective the win moved, with its title when posted. */
  link: z.object({ kind: z.enum(['objective', 'keyResult']), id: z.string(), title: z.string().nullable() }).nullable(),
  reactionCount: z.number().int().min(0),
  createdAt: z.string(),
});
export type WeeklyWin = z.infer<typeof WeeklyWinSchema>;

export const WeeklyPersonSchema = z.object({ id: z.string(), displayName: z.string(), email: z.string() });
export type WeeklyPerson = z.infer<typeof WeeklyPersonSchema>;

/** A weekly OKR report: group 1 (key results) and group 2 (priorities, risks, time off). */
export const WeeklyReportSchema = z.object({
  id: z.string(),
  author: WeeklyPersonSchema,
  isoWeek: IsoWeekSchema,
  status: WeeklyStatusSchema,
  /** Optimistic-concurrency version (0 until first saved); send it back on save. */
  version: z.number().int().min(0),
  keyResults: z.array(WeeklyKeyResultSchema),
  lastWeekPriorities: z.array(
    z.object({ title: z.string(), keyResultId: z.string().nullable(), status: ConfidenceColorSchema.nullable() }),
  ),
  priorities: z.array(WeeklyPrioritySchema),
  risks: z.string(),
  timeOff: z.string(),
  /** Out-of-office periods from the author's Outlook calendar and automatic replies in this and the next week; the mail lists them with the risks. */
  calendarTimeOff: z.array(TimeOffPeriodSchema),
  /** Whether the mail shows the "Wins" section (saved with the draft; on by default). */
  includeWins: z.boolean(),
  /** The author's wins posted since their previous mail (newest first), read with the author's own report; empty in the review queue. */
  wins: z.array(WeeklyWinSchema),
  sentAt: z.string().nullable(),
  /** Whether it was sent before the tenant's deadline; null until sent. */
  onTime: z.boolean().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewComment: z.string().nullable(),
  allowedActions: z.array(WeeklyActionSchema),
});
export type WeeklyReport = z.infer<typeof WeeklyReportSchema>;

/** `GET /api/weekly/:isoWeek/render`: the mail, ready for the Outlook add-in. */
export const RenderedWeeklyMailSchema = z.object({
  subject: z.string(),
  /** Email-safe HTML: tables and inline styles only; every user-entered string escaped. */
  html: z.string(),
  text: z.string(),
  to: z.array(WeeklyPersonSchema),
  /** The author's direct teammates (optional recipients). */
  cc: z.array(WeeklyPersonSchema),
  allowedActions: z.array(WeeklyActionSchema),
});
export type RenderedWeeklyMail = z.infer<typeof RenderedWeeklyMailSchema>;

/** Status of a report in the manager's review queue. */
export const WeeklyQueueStatusSchema = z.enum(['on_time', 'late', 'missing', 'reviewed']);
export type WeeklyQueueStatus = z.infer<typeof WeeklyQueueStatusSchema>;

export const WeeklyQueueItemSchema = z.object({
  author: WeeklyPersonSchema,
  /** True for the manager's own reference mail (always first). */
  own: z.boolean(),
  status: WeeklyQueueStatusSchema,
  report: WeeklyReportSchema.nullable(),
});

/** `GET /api/weekly/review/:isoWeek`: the manager's own mail, then their direct reports'. */
export const WeeklyReviewQueueSchema = z.object({
  isoWeek: IsoWeekSchema,
  items: z.array(WeeklyQueueItemSchema),
  allowedActions: z.array(WeeklyActionSchema),
});
export type WeeklyReviewQueue = z.infer<typeof WeeklyReviewQueueSchema>;
