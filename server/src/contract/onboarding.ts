import { z } from 'zod';
import { GuidSchema } from './common.js';
import { PersonRefSchema } from './me.js';
import {
  CoachReportSchema,
  CreateObjectiveSchema,
  IsoDateSchema,
  KeyResultKindSchema,
  IndicatorSchema,
  ImpactTagSchema,
  ObjectiveLevelSchema,
  ObjectiveStateSchema,
  ObjectIdSchema,
  UpdateObjectiveSchema,
  VisibilitySchema,
} from './okrs.js';
import { PeriodIdSchema } from './settings.js';

/** Where a new hire stands in the coursework. Overdue is not a state but a flag (`overdue`) on any state except `passed`. */
export const OnboardingStateSchema = z.enum(['not_started', 'in_progress', 'submitted', 'changes_requested', 'passed']);
export type OnboardingState = z.infer<typeof OnboardingStateSchema>;

/** What the cohort overview counts and filters by: the states plus `overdue` (past the due date and not passed). */
export const CohortStatusSchema = z.enum(['not_started', 'in_progress', 'submitted', 'changes_requested', 'passed', 'overdue']);
export type CohortStatus = z.infer<typeof CohortStatusSchema>;

/**
 * What the caller may do with an enrolment: the new hire `answer`s lessons, `edit`s their coursework OKRs and
 * `submit`s; HR `comment`s and `review`s (pass or request changes); the hire's managers only see the status.
 */
export const OnboardingActionSchema = z.enum(['read', 'readStatus', 'answer', 'edit', 'submit', 'comment', 'review']);
export type OnboardingAction = z.infer<typeof OnboardingActionSchema>;

/** A lesson id (lower-case words joined by hyphens). */
export const LessonIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lesson id')
  .max(60);

/** One lesson of the course; the correct answer is never sent (answers are checked by the server). */
export const LessonSchema = z.object({
  id: LessonIdSchema,
  title: z.string(),
  /** One sentence: what the lesson teaches. */
  summary: z.string(),
  /** Paragraphs of plain text, in order. */
  body: z.array(z.string()),
  /** The check question: pick one choice. */
  question: z.object({
    prompt: z.string(),
    choices: z.array(z.object({ id: z.string(), text: z.string() })),
  }),
});
export type Lesson = z.infer<typeof LessonSchema>;

/** `GET /api/onboarding/lessons`: the course, in order. */
export const CourseSchema = z.object({ lessons: z.array(LessonSchema) });
export type Course = z.infer<typeof CourseSchema>;

/** A new hire's progress on one lesson. */
export const LessonProgressSchema = z.object({
  lessonId: LessonIdSchema,
  /** Answers given so far (right or wrong). */
  attempts: z.number().int(),
  /** When the check question was first answered correctly; null until then. */
  passedAt: z.string().nullable(),
});
export type LessonProgress = z.infer<typeof LessonProgressSchema>;

/** `POST /api/onboarding/me/lessons/:lessonId/answer`. */
export const AnswerLessonSchema = z.object({ choiceId: z.string().min(1).max(40) }).strict();
export type AnswerLesson = z.infer<typeof AnswerLessonSchema>;

/** The verdict on an answer; a wrong answer may be tried again. */
export const AnswerResultSchema = z.object({
  lessonId: LessonIdSchema,
  correct: z.boolean(),
  /** Why the right answer is right (sent for right and wrong answers alike). */
  explanation: z.string(),
  lesson: LessonProgressSchema,
  lessonsPassed: z.number().int(),
  lessonsTotal: z.number().int(),
  state: OnboardingStateSchema,
});
export type AnswerResult = z.infer<typeof AnswerResultSchema>;

/** What an HR comment is about: one objective or one key result of the coursework. */
export const CommentTargetSchema = z.object({ kind: z.enum(['objective', 'keyResult']), id: ObjectIdSchema }).strict();
export type CommentTarget = z.infer<typeof CommentTargetSchema>;

/** An HR reviewer's comment on one objective or key result, made during review round `round`. */
export const ReviewCommentSchema = z.object({
  id: z.string(),
  /** The submission it belongs to (1 = first submission). */
  round: z.number().int(),
  target: CommentTargetSchema,
  text: z.string(),
  author: PersonRefSchema,
  at: z.string(),
});
export type ReviewComment = z.infer<typeof ReviewCommentSchema>;

/** A key result of the coursework with the comments on it. */
export const CourseworkKeyResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  owner: PersonRefSchema,
  kind: KeyResultKindSchema,
  start: z.number(),
  target: z.number(),
  unit: z.string(),
  dueDate: z.string().nullable(),
  indicator: IndicatorSchema,
  weight: z.number().nullable(),
  version: z.number().int(),
  comments: z.array(ReviewCommentSchema),
});
export type CourseworkKeyResult = z.infer<typeof CourseworkKeyResultSchema>;

/** An objective the coursework aligns to, named so reviewers need not read it separately. */
export const AlignedObjectiveSchema = z.object({ id: z.string(), title: z.string(), level: ObjectiveLevelSchema });

/** An objective of the coursework: a real person-level objective of the new hire (draft until passed). */
export const CourseworkObjectiveSchema = z.object({
  id: z.string(),
  periodId: PeriodIdSchema,
  title: z.string(),
  why: z.string(),
  alignedTo: z.array(AlignedObjectiveSchema),
  impactTags: z.array(ImpactTagSchema),
  state: ObjectiveStateSchema,
  visibility: VisibilitySchema,
  version: z.number().int(),
  keyResults: z.array(CourseworkKeyResultSchema),
  comments: z.array(ReviewCommentSchema),
});
export type CourseworkObjective = z.infer<typeof CourseworkObjectiveSchema>;

/** What happened to an enrolment: one entry per transition, oldest first. */
export const OnboardingHistoryEntrySchema = z.object({
  action: z.enum(['enrolled', 'started', 'submitted', 'changes_requested', 'passed']),
  from: OnboardingStateSchema.nullable(),
  to: OnboardingStateSchema,
  /** Who did it; null for the automatic enrolment by hire date. */
  by: PersonRefSchema.nullable(),
  at: z.string(),
  note: z.string(),
});
export type OnboardingHistoryEntry = z.infer<typeof OnboardingHistoryEntrySchema>;

/** The enrolled person, with what the cohort overview filters by. */
export const OnboardingPersonSchema = PersonRefSchema.extend({
  department: z.string(),
  jobTitle: z.string(),
  /** `YYYY-MM-DD`, from Graph's employeeHireDate; null when Graph has none. */
  hireDate: z.string().nullable(),
});

/**
 * `GET /api/onboarding/me` and `GET /api/onboarding/enrolments/:personId`: the whole coursework, seen by the new hire
 * and by HR (never by managers or anyone else). `coach` holds the OKR coach's findings over all coursework objectives;
 * for coursework, an objective aligned to nothing is an error (rule `objective-not-aligned`).
 */
export const EnrolmentSchema = z.object({
  person: OnboardingPersonSchema,
  state: OnboardingStateSchema,
  overdue: z.boolean(),
  /** `YYYY-MM-DD`; overdue after this day unless passed. */
  dueDate: z.string(),
  /** The first quarter the coursework OKRs are written for. */
  periodId: PeriodIdSchema,
  source: z.enum(['auto', 'hr']),
  enrolledAt: z.string(),
  lessons: z.array(LessonProgressSchema),
  lessonsPassed: z.number().int(),
  lessonsTotal: z.number().int(),
  objectives: z.array(CourseworkObjectiveSchema),
  coach: CoachReportSchema,
  /** Every comment of every round, oldest first (also attached to their objective or key result). */
  comments: z.array(ReviewCommentSchema),
  /** Number of submissions so far. */
  round: z.number().int(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  passedAt: z.string().nullable(),
  history: z.array(OnboardingHistoryEntrySchema),
  /** Changes with every transition; `submit` and `review` send the version last read (409 when stale). */
  version: z.number().int(),
  allowedActions: z.array(OnboardingActionSchema),
});
export type Enrolment = z.infer<typeof EnrolmentSchema>;

/** `GET /api/onboarding/enrolments/:personId/status`: what a new hire's managers (and HR) see. */
export const EnrolmentStatusSchema = z.object({
  person: OnboardingPersonSchema,
  state: OnboardingStateSchema,
  overdue: z.boolean(),
  dueDate: z.string(),
  periodId: PeriodIdSchema,
  lessonsPassed: z.number().int(),
  lessonsTotal: z.number().int(),
  objectives: z.number().int(),
  round: z.number().int(),
  enrolledAt: z.string(),
  submittedAt: z.string().nullable(),
  passedAt: z.string().nullable(),
  allowedActions: z.array(OnboardingActionSchema),
});
export type EnrolmentStatus = z.infer<typeof EnrolmentStatusSchema>;

/** Query of the cohort overview and its CSV export. */
export const CohortQuerySchema = z
  .object({
    status: CohortStatusSchema.optional(),
    /** Exact department name (case-insensitive). */
    department: z.string().trim().min(1).max(100).optional(),
    /** `YYYY-MM`: people hired in that month. */
    hireMonth: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must look like 2026-11')
      .optional(),
  })
  .strict();
export type CohortQuery = z.infer<typeof CohortQuerySchema>;

/** People per cohort status (`overdue` counts across states). */
export const CohortCountsSchema = z.object({
  not_started: z.number().int(),
  in_progress: z.number().int(),
  submitted: z.number().int(),
  changes_requested: z.number().int(),
  passed: z.number().int(),
  overdue: z.number().int(),
});
export type CohortCounts = z.infer<typeof CohortCountsSchema>;

/** `GET /api/onboarding/cohort`: every enrolment matching the filters, with counts per status (of the filtered set). */
export const CohortSchema = z.object({
  counts: CohortCountsSchema,
  /** Departments of all enrolled people, for the filter. */
  departments: z.array(z.string()),
  items: z.array(EnrolmentStatusSchema),
});
export type Cohort = z.infer<typeof CohortSchema>;

/** `GET /api/onboarding/queue`: submissions waiting for HR, oldest first. */
export const ReviewQueueSchema = z.object({ items: z.array(EnrolmentStatusSchema) });
export type ReviewQueue = z.infer<typeof ReviewQueueSchema>;

/** Query of the manager's view: `direct` (default) lists the caller's direct reports, `subtree` everyone below them. */
export const OnboardingTeamQuerySchema = z.object({ scope: z.enum(['direct', 'subtree']).default('direct') }).strict();
export type OnboardingTeamQuery = z.infer<typeof OnboardingTeamQuerySchema>;

/** One enrolled new hire in a manager's view: the status only, never the coursework, HR's comments or review notes. */
export const TeamNewHireSchema = EnrolmentStatusSchema.extend({
  /** True when the new hire reports to the caller directly. */
  direct: z.boolean(),
  /** The new hire's own manager (the caller for direct reports); null when the directory has none. */
  manager: PersonRefSchema.nullable(),
  /** When HR last asked for changes; null when it never did. */
  changesRequestedAt: z.string().nullable(),
});
export type TeamNewHire = z.infer<typeof TeamNewHireSchema>;

/** `GET /api/onboarding/team`: the caller's enrolled new hires, overdue first, then by due date. */
export const OnboardingTeamSchema = z.object({
  scope: z.enum(['direct', 'subtree']),
  counts: CohortCountsSchema,
  items: z.array(TeamNewHireSchema),
});
export type OnboardingTeam = z.infer<typeof OnboardingTeamSchema>;

/** Columns of the cohort CSV, in order. */
export const COHORT_CSV_COLUMNS = [
  'name',
  'upn',
  'department',
  'job_title',
  'hire_date',
  'due_date',
  'state',
  'overdue',
  'lessons_passed',
  'lessons_total',
  'objectives',
  'round',
  'submitted_at',
  'passed_at',
] as const;

/** `POST /api/onboarding/enrolments`: HR enrols someone by hand. */
export const EnrolPersonSchema = z
  .object({
    personId: GuidSchema,
    /** Defaults to the configured number of days after the hire date (or after today when the hire is older than the window). */
    dueDate: IsoDateSchema.optional(),
    /** The quarter to write OKRs for; defaults to the quarter of the hire date or today, whichever is later. */
    periodId: PeriodIdSchema.optional(),
  })
  .strict();
export type EnrolPerson = z.infer<typeof EnrolPersonSchema>;

/** `POST /api/onboarding/me/objectives`: a coursework objective; always person level, owned by the caller, in the coursework period, draft. */
export const CreateCourseworkObjectiveSchema = CreateObjectiveSchema.omit({
  periodId: true,
  level: true,
  ownerId: true,
  state: true,
}).strict();
export type CreateCourseworkObjective = z.infer<typeof CreateCourseworkObjectiveSchema>;

/** `PATCH /api/onboarding/me/objectives/:id`: changed fields plus the objective's version (state and owner are not the new hire's to change). */
export const UpdateCourseworkObjectiveSchema = UpdateObjectiveSchema.omit({ state: true, ownerId: true }).strict();
export type UpdateCourseworkObjective = z.infer<typeof UpdateCourseworkObjectiveSchema>;

/** `POST /api/onboarding/me/submit`: the enrolment version last read. */
export const SubmitCourseworkSchema = z.object({ version: z.number().int().min(0) }).strict();
export type SubmitCoursework = z.infer<typeof SubmitCourseworkSchema>;

/** `POST /api/onboarding/enrolments/:personId/comments`: an HR comment on a submitted objective or key result. */
export const AddReviewCommentSchema = z.object({ target: CommentTargetSchema, text: z.string().trim().min(1).max(2000) }).strict();
export type AddReviewComment = z.infer<typeof AddReviewCommentSchema>;

/** `POST /api/onboarding/enrolments/:personId/review`: HR passes the submission or asks for changes. */
export const ReviewCourseworkSchema = z
  .object({
    decision: z.enum(['pass', 'request_changes']),
    version: z.number().int().min(0),
    /** A summary for the new hire (recorded in the history). */
    note: z.string().trim().max(2000).default(''),
  })
  .strict();
export type ReviewCoursework = z.infer<typeof ReviewCourseworkSchema>;

export const OnboardingPersonParamsSchema = z.object({ personId: GuidSchema }).strict();
export const LessonParamsSchema = z.object({ lessonId: LessonIdSchema }).strict();

/** One person to remind, from `OnboardingService.overdueReminders` (for the scheduler; not served by a route). */
export const OverdueReminderSchema = z.object({
  personId: z.string(),
  name: z.string(),
  upn: z.string(),
  managerId: z.string().nullable(),
  state: OnboardingStateSchema,
  dueDate: z.string(),
  daysOverdue: z.number().int(),
  /** Whose move it is: the new hire's (not started, in progress, changes requested) or HR's (submitted). */
  waitingOn: z.enum(['new_hire', 'hr']),
});
export type OverdueReminder = z.infer<typeof OverdueReminderSchema>;
