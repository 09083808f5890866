import type {
  CoachReport,
  CourseworkObjective,
  Enrolment,
  EnrolmentStatus,
  LessonProgress,
  OnboardingAction,
  OnboardingHistoryEntry,
  OnboardingState,
  ReviewComment,
  TeamNewHire,
} from '../contract/index.js';
import type { KeyResultRecord, ObjectiveRecord } from '../okrs/okrs.model.js';
import { refOf, type PersonName } from '../okrs/okrs.people.js';
import type { PersonRecord } from '../org/people.model.js';
import { LESSON_IDS } from './onboarding.lessons.js';
import type { CommentRecord, EnrolmentRecord } from './onboarding.model.js';

/** `YYYY-MM-DD` of a date (UTC). */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** The person block of enrolment responses. */
export function presentPerson(personId: string, person: PersonRecord | undefined): Enrolment['person'] {
  return {
    id: personId,
    name: person?.displayName ?? '',
    upn: person?.upn ?? '',
    department: person?.department ?? '',
    jobTitle: person?.jobTitle ?? '',
    hireDate: person?.hireDate ? isoDay(new Date(person.hireDate)) : null,
  };
}

/** Progress of every lesson, in course order. */
export function presentLessons(record: Pick<EnrolmentRecord, 'lessons'>): LessonProgress[] {
  return LESSON_IDS.map((lessonId) => {
    const progress = record.lessons?.[lessonId];
    return { lessonId, attempts: progress?.attempts ?? 0, passedAt: progress?.passedAt ? new Date(progress.passedAt).toISOString() : null };
  });
}

/** Lessons whose check question was answered correctly. */
export function lessonsPassed(record: Pick<EnrolmentRecord, 'lessons'>): number {
  return LESSON_IDS.filter((id) => Boolean(record.lessons?.[id]?.passedAt)).length;
}

/** True when the due date has passed (by the tenant's calendar day) and the coursework has not. */
export function isOverdue(state: OnboardingState, dueDate: string, today: string): boolean {
  return state !== 'passed' && today > dueDate;
}

function presentComment(comment: CommentRecord, people: Map<string, PersonName>): ReviewComment {
  return {
    id: comment.id,
    round: comment.round,
    target: { kind: comment.targetKind as 'objective' | 'keyResult', id: comment.targetId },
    text: comment.text,
    author: refOf(people, comment.authorId),
    at: new Date(comment.at).toISOString(),
  };
}

/** Everything the whole-enrolment view needs besides the record. */
export interface EnrolmentView {
  person: PersonRecord | undefined;
  objectives: readonly ObjectiveRecord[];
  keyResults: readonly KeyResultRecord[];
  /** Titles and levels of the objectives the coursework aligns to. */
  aligned: Map<string, ObjectiveRecord>;
  people: Map<string, PersonName>;
  coach: CoachReport;
  today: string;
  allowedActions: OnboardingAction[];
}

/** The whole coursework: lessons, objectives with comments, coach findings, history. */
export function presentEnrolment(record: EnrolmentRecord, view: EnrolmentView): Enrolment {
  const comments = (record.comments ?? []).map((comment) => presentComment(comment, view.people));
  const commentsOn = (kind: 'objective' | 'keyResult', id: string) =>
    comments.filter((comment) => comment.target.kind === kind && comment.target.id === id);
  const objectives: CourseworkObjective[] = view.objectives.map((objective) => {
    const id = objective._id.toHexString();
    return {
      id,
      periodId: objective.periodId,
      title: objective.title,
      why: objective.why ?? '',
      alignedTo: (objective.alignedTo ?? []).map((target) => {
        const row = view.aligned.get(target.toHexString());
        return { id: target.toHexString(), title: row?.title ?? '', level: row?.level ?? 'team' };
      }),
      impactTags: (objective.impactTags ?? []) as CourseworkObjective['impactTags'],
      state: objective.state,
      visibility: objective.visibility,
      version: objective.version,
      keyResults: view.keyResults
        .filter((kr) => kr.objectiveId.toHexString() === id)
        .map((kr) => ({
          id: kr._id.toHexString(),
          title: kr.title,
          owner: refOf(view.people, kr.ownerId),
          kind: kr.kind,
          start: kr.start,
          target: kr.target,
          unit: kr.unit ?? '',
          dueDate: kr.dueDate ?? null,
          indicator: kr.indicator,
          weight: kr.weight ?? null,
          version: kr.version,
          comments: commentsOn('keyResult', kr._id.toHexString()),
        })),
      comments: commentsOn('objective', id),
    };
  });
  const history: OnboardingHistoryEntry[] = (record.history ?? []).map((entry) => ({
    action: entry.action,
    from: (entry.from ?? null) as OnboardingState | null,
    to: entry.to as OnboardingState,
    by: entry.by ? refOf(view.people, entry.by) : null,
    at: new Date(entry.at).toISOString(),
    note: entry.note ?? '',
  }));
  return {
    person: presentPerson(record.personId, view.person),
    state: record.state as OnboardingState,
    overdue: isOverdue(record.state as OnboardingState, record.dueDate, view.today),
    dueDate: record.dueDate,
    periodId: record.periodId,
    source: record.source,
    enrolledAt: new Date(record.enrolledAt).toISOString(),
    lessons: presentLessons(record),
    lessonsPassed: lessonsPassed(record),
    lessonsTotal: LESSON_IDS.length,
    objectives,
    coach: view.coach,
    comments,
    round: record.round,
    submittedAt: record.submittedAt ? new Date(record.submittedAt).toISOString() : null,
    reviewedAt: record.reviewedAt ? new Date(record.reviewedAt).toISOString() : null,
    passedAt: record.passedAt ? new Date(record.passedAt).toISOString() : null,
    history,
    version: record.version,
    allowedActions: view.allowedActions,
  };
}

/** The status view (managers, the cohort, the queue). */
export function presentStatus(
  record: EnrolmentRecord,
  person: PersonRecord | undefined,
  today: string,
  allowedActions: OnboardingAction[],
): EnrolmentStatus {
  return {
    person: presentPerson(record.personId, person),
    state: record.state as OnboardingState,
    overdue: isOverdue(record.state as OnboardingState, record.dueDate, today),
    dueDate: record.dueDate,
    periodId: record.periodId,
    lessonsPassed: lessonsPassed(record),
    lessonsTotal: LESSON_IDS.length,
    objectives: (record.objectiveIds ?? []).length,
    round: record.round,
    enrolledAt: new Date(record.enrolledAt).toISOString(),
    submittedAt: record.submittedAt ? new Date(record.submittedAt).toISOString() : null,
    passedAt: record.passedAt ? new Date(record.passedAt).toISOString() : null,
    allowedActions,
  };
}

/** A new hire in their manager's view: the status plus whom they report to and when HR last asked for changes. */
export function presentTeamNewHire(
  record: EnrolmentRecord,
  person: PersonRecord | undefined,
  view: { manager: PersonName | undefined; managerId: string | null; direct: boolean; today: string; allowedActions: OnboardingAction[] },
): TeamNewHire {
  const changes = (record.history ?? []).filter((entry) => entry.action === 'changes_requested').at(-1);
  return {
    ...presentStatus(record, person, view.today, view.allowedActions),
    direct: view.direct,
    manager: view.managerId ? { id: view.managerId, name: view.manager?.name ?? '', upn: view.manager?.upn ?? '' } : null,
    changesRequestedAt: changes ? new Date(changes.at).toISOString() : null,
  };
}
