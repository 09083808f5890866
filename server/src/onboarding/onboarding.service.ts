import { stringify } from 'csv-stringify/sync';
import { Types } from 'mongoose';
import type { Principal } from '../auth/principal.js';
import type { Config } from '../config.js';
import { coachObjectives, hasErrors, type Finding } from '../coach/index.js';
import {
  COHORT_CSV_COLUMNS,
  type AddReviewComment,
  type AnswerLesson,
  type AnswerResult,
  type CoachReport,
  type Cohort,
  type CohortQuery,
  type CohortStatus,
  type Course,
  type CreateCourseworkObjective,
  type CreateKeyResult,
  type EnrolPerson,
  type Enrolment,
  type EnrolmentStatus,
  type OnboardingState,
  type OnboardingTeam,
  type OnboardingTeamQuery,
  type OverdueReminder,
  type ReviewCoursework,
  type ReviewQueue,
  type SubmitCoursework,
  type UpdateCourseworkObjective,
  type UpdateKeyResult,
} from '../contract/index.js';
import { AppError } from '../http/errors.js';
import type { KeyResultRecord, ObjectiveRecord } from '../okrs/okrs.model.js';
import { PeopleLookup } from '../okrs/okrs.people.js';
import { toCoachKeyResult, toCoachObjective } from '../okrs/okrs.presenter.js';
import { oid, OkrsRepo } from '../okrs/okrs.repo.js';
import { OkrsService } from '../okrs/okrs.service.js';
import { localDate, periodIdOf, periodOf } from '../okrs/periods.js';
import type { OrgDirectory } from '../org/org.directory.js';
import type { PersonRecord } from '../org/people.model.js';
import { SettingsService } from '../settings/settings.service.js';
import { SettingsRepo, type StoredSettings } from '../settings/settings.repo.js';
import { LESSON_IDS, lessonById, publicLessons } from './onboarding.lessons.js';
import type { EnrolmentRecord, HistoryRecord } from './onboarding.model.js';
import { authorizeHr, authorizeOnboarding, onboardingActions, relationTo, type OnboardingRelation } from './onboarding.policy.js';
import {
  isOverdue,
  isoDay,
  lessonsPassed,
  presentEnrolment,
  presentLessons,
  presentStatus,
  presentTeamNewHire,
} from './onboarding.presenter.js';
import { OnboardingRepo } from './onboarding.repo.js';

const DAY_MS = 86_400_000;
/** How often HR reads sweep the directory for new hires to enrol (per tenant and instance). */
const SWEEP_INTERVAL_MS = 60_000;

/** Options of {@link OnboardingService}. */
export interface OnboardingOptions {
  /** People hired at most this many days ago are enrolled automatically. */
  enrolWindowDays: number;
  /** Days after the hire date (or the enrolment, for older hires enrolled by hand) the coursework is due. */
  dueDays: number;
}

const addDays = (day: string, days: number): string => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * Onboarding OKR coursework: enrolment (by hire date or by HR), the course's lessons, the new hire's first-quarter OKRs
 * written as real draft objectives through the OKR service, HR review with comments, and the cohort overview.
 */
export class OnboardingService {
  private readonly swept = new Map<string, number>();

  constructor(
    private readonly repo: OnboardingRepo,
    private readonly okrs: OkrsService,
    private readonly okrsRepo: OkrsRepo,
    private readonly settings: SettingsService,
    private readonly directory: OrgDirectory,
    private readonly options: OnboardingOptions,
    private readonly clock: () => Date = () => new Date(),
    private readonly people: PeopleLookup = new PeopleLookup(),
  ) {}

  /** `GET /api/onboarding/lessons`. */
  course(): Course {
    return { lessons: publicLessons() };
  }

  private today(settings: StoredSettings): string {
    return localDate(this.clock(), settings.timeZone);
  }

  // ---- enrolment ----------------------------------------------------------------------------------------------

  private withinWindow(hireDate: string | null, today: string): boolean {
    if (!hireDate) return false;
    const days = daysBetween(hireDate, today);
    return days >= 0 && days <= this.options.enrolWindowDays;
  }

  /** Creates an enrolment; null when the person was already enrolled. */
  private async create(
    tenantId: string,
    person: PersonRecord,
    source: 'auto' | 'hr',
    by: string | null,
    overrides: { dueDate?: string; periodId?: string } = {},
  ): Promise<EnrolmentRecord | null> {
    const settings = await this.settings.stored(tenantId);
    const now = this.clock();
    const today = this.today(settings);
    const hireDate = person.hireDate ? isoDay(new Date(person.hireDate)) : null;
    const base = hireDate && this.withinWindow(hireDate, today) ? hireDate : today;
    const start = hireDate && hireDate > today ? hireDate : today;
    const entry: HistoryRecord = {
      seq: 1,
      action: 'enrolled',
      from: null,
      to: 'not_started',
      by,
      at: now,
      note: source === 'auto' ? 'Enrolled automatically by hire date.' : 'Enrolled by HR.',
    };
    return this.repo.insert(
      {
        tenantId,
        personId: person.id,
        hireDate,
        dueDate: overrides.dueDate ?? addDays(base, this.options.dueDays),
        periodId: overrides.periodId ?? periodIdOf(start, settings.fiscalYearStartMonth),
        source,
        enrolledBy: by,
        enrolledAt: now,
      },
      entry,
    );
  }

  /** Enrols every enabled person hired within the window who is not enrolled yet (idempotent); returns how many were enrolled. */
  async enrolRecentHires(tenantId: string): Promise<number> {
    const now = this.clock();
    const from = new Date(now.getTime() - (this.options.enrolWindowDays + 1) * DAY_MS);
    const [hires, enrolled, settings] = await Promise.all([
      this.repo.hiredBetween(tenantId, from, new Date(now.getTime() + DAY_MS)),
      this.repo.enrolledIds(tenantId),
      this.settings.stored(tenantId),
    ]);
    const today = this.today(settings);
    const due = hires.filter(
      (person) => !enrolled.has(person.id) && person.hireDate && this.withinWindow(isoDay(new Date(person.hireDate)), today),
    );
    const created = await Promise.all(due.map((person) => this.create(tenantId, person, 'auto', null)));
    this.swept.set(tenantId, Date.now());
    return created.filter(Boolean).length;
  }

  private async sweepSoon(tenantId: string): Promise<void> {
    const last = this.swept.get(tenantId);
    if (last === undefined || Date.now() - last >= SWEEP_INTERVAL_MS) await this.enrolRecentHires(tenantId);
  }

  /** The caller's own enrolment; enrols them on first access when their hire date is within the window. */
  private async mine(principal: Principal): Promise<EnrolmentRecord> {
    if (principal.appOnly) throw new AppError('not_found', 'You are not enrolled in the onboarding coursework.');
    const existing = await this.repo.get(principal.tenantId, principal.userId);
    if (existing) return existing;
    const person = (await this.repo.people(principal.tenantId, [principal.userId])).get(principal.userId);
    const settings = await this.settings.stored(principal.tenantId);
    const hireDate = person?.hireDate ? isoDay(new Date(person.hireDate)) : null;
    if (!person || !person.enabled || !this.withinWindow(hireDate, this.today(settings))) {
      throw new AppError('not_found', 'You are not enrolled in the onboarding coursework.');
    }
    await this.create(principal.tenantId, person, 'auto', null);
    const created = await this.repo.get(principal.tenantId, principal.userId);
    if (!created) throw new AppError('internal', 'The enrolment could not be read back.');
    return created;
  }

  private async load(principal: Principal, personId: string): Promise<{ record: EnrolmentRecord; relation: OnboardingRelation }> {
    const record = await this.repo.get(principal.tenantId, personId);
    if (!record) throw new AppError('not_found', 'No such enrolment.');
    const chain = await this.directory.managerChain(principal.tenantId, personId);
    return { record, relation: relationTo(principal, personId, chain) };
  }

  private selfRelation(principal: Principal, record: EnrolmentRecord): OnboardingRelation {
    return relationTo(principal, record.personId, []);
  }

  /** `POST /api/onboarding/enrolments`: HR enrols someone by hand. */
  async enrol(principal: Principal, input: EnrolPerson): Promise<Enrolment> {
    authorizeHr(principal);
    const person = (await this.repo.people(principal.tenantId, [input.personId])).get(input.personId);
    if (!person || person.removedReason === 'deleted') throw new AppError('not_found', 'No such person.');
    if (!person.enabled) {
      throw new AppError(
        'conflict',
        `${person.displayName || 'This person'}'s account is disabled in the directory; only active people are enrolled.`,
      );
    }
    const created = await this.create(principal.tenantId, person, 'hr', principal.userId, {
      ...(input.dueDate ? { dueDate: input.dueDate } : {}),
      ...(input.periodId ? { periodId: input.periodId } : {}),
    });
    if (!created) throw new AppError('duplicate', `${person.displayName || 'This person'} is already enrolled.`);
    return this.view(principal, created, this.selfRelation(principal, created));
  }

  // ---- views --------------------------------------------------------------------------------------------------

  private async coursework(
    tenantId: string,
    record: Pick<EnrolmentRecord, 'objectiveIds'>,
  ): Promise<{ objectives: ObjectiveRecord[]; keyResults: KeyResultRecord[] }> {
    const ids = (record.objectiveIds ?? []).map(oid);
    const objectives = await this.okrsRepo.objectivesByIds(tenantId, ids, ids.length);
    const keyResults = await this.okrsRepo.keyResultsOf(
      tenantId,
      objectives.map((objective) => objective._id),
    );
    return { objectives, keyResults };
  }

  /** The coach over all coursework objectives; for coursework, aligning to nothing is an error. */
  private coach(objectives: readonly ObjectiveRecord[], keyResults: readonly KeyResultRecord[], settings: StoredSettings): CoachReport {
    const inputs = objectives.map((objective) => {
      const id = objective._id.toHexString();
      return toCoachObjective(
        { ...objective, id, alignedTo: (objective.alignedTo ?? []).map((target) => target.toHexString()) },
        keyResults.filter((kr) => kr.objectiveId.toHexString() === id).map((kr) => toCoachKeyResult({ ...kr, id: kr._id.toHexString() })),
        periodOf(objective.periodId, settings.fiscalYearStartMonth),
      );
    });
    const findings: Finding[] = coachObjectives(inputs, { limits: settings.limits, now: this.clock() }).map((finding) =>
      finding.rule === 'objective-not-aligned'
        ? {
            ...finding,
            severity: 'error',
            message: 'Coursework objectives must align to an objective of your team or of the company. ' + finding.message,
          }
        : finding,
    );
    return { findings, hasErrors: hasErrors(findings) };
  }

  private async view(principal: Principal, record: EnrolmentRecord, relation: OnboardingRelation): Promise<Enrolment> {
    const tenantId = principal.tenantId;
    const [settings, { objectives, keyResults }, persons] = await Promise.all([
      this.settings.stored(tenantId),
      this.coursework(tenantId, record),
      this.repo.people(tenantId, [record.personId]),
    ]);
    const alignedIds = objectives.flatMap((objective) => objective.alignedTo ?? []);
    const [aligned, people] = await Promise.all([
      this.okrsRepo.objectivesByIds(tenantId, alignedIds, alignedIds.length),
      this.people.namesOf(tenantId, [
        ...keyResults.map((kr) => kr.ownerId),
        ...(record.comments ?? []).map((comment) => comment.authorId),
        ...(record.history ?? []).flatMap((entry) => (entry.by ? [entry.by] : [])),
      ]),
    ]);
    const person = persons.get(record.personId);
    return presentEnrolment(record, {
      person,
      objectives,
      keyResults,
      aligned: new Map(aligned.map((row) => [row._id.toHexString(), row])),
      people,
      coach: this.coach(objectives, keyResults, settings),
      today: this.today(settings),
      allowedActions: onboardingActions(relation, record.state as OnboardingState),
    });
  }

  /** `GET /api/onboarding/me`: the caller's coursework (enrolling them on first access when recently hired). */
  async me(principal: Principal): Promise<Enrolment> {
    const record = await this.mine(principal);
    return this.view(principal, record, this.selfRelation(principal, record));
  }

  /** `GET /api/onboarding/enrolments/:personId`: the new hire and HR only. */
  async enrolment(principal: Principal, personId: string): Promise<Enrolment> {
    const { record, relation } = await this.load(principal, personId);
    authorizeOnboarding(relation, 'read', record.state as OnboardingState);
    return this.view(principal, record, relation);
  }

  /** A person's coursework status for another feature that already decided who may see it (the 1:1 agenda); null when not enrolled. */
  async statusOf(tenantId: string, personId: string): Promise<{ status: CohortStatus; dueDate: string | null } | null> {
    const record = await this.repo.cachedState(tenantId, personId);
    if (!record) return null;
    const state = record.state as OnboardingState;
    const today = this.today(await this.settings.stored(tenantId));
    return { status: isOverdue(state, record.dueDate, today) ? 'overdue' : state, dueDate: record.dueDate };
  }

  /** `GET /api/onboarding/enrolments/:personId/status`: the new hire, their managers and HR. */
  async status(principal: Principal, personId: string): Promise<EnrolmentStatus> {
    const { record, relation } = await this.load(principal, personId);
    authorizeOnboarding(relation, 'readStatus', record.state as OnboardingState);
    const [settings, persons] = await Promise.all([
      this.settings.stored(principal.tenantId),
      this.repo.people(principal.tenantId, [personId]),
    ]);
    const person = persons.get(personId);
    return presentStatus(record, person, this.today(settings), onboardingActions(relation, record.state as OnboardingState));
  }

  /**
   * `GET /api/onboarding/team`: the caller's enrolled new hires (direct reports, or everyone below them), status only,
   * by the rule of the status view: whoever is in a new hire's manager chain sees their status.
   */
  async team(principal: Principal, query: OnboardingTeamQuery): Promise<OnboardingTeam> {
    const counts: OnboardingTeam['counts'] = { not_started: 0, in_progress: 0, submitted: 0, changes_requested: 0, passed: 0, overdue: 0 };
    if (principal.appOnly) return { scope: query.scope, counts, items: [] };
    const tenantId = principal.tenantId;
    const direct = new Set(await this.directory.directReports(tenantId, principal.userId));
    const below = query.scope === 'subtree' ? await this.directory.subtree(tenantId, principal.userId) : [...direct];
    if (below.length === 0) return { scope: query.scope, counts, items: [] };
    await this.sweepSoon(tenantId);
    const enrolled = await this.repo.enrolledIds(tenantId);
    const hires = below.filter((id) => enrolled.has(id) && id !== principal.userId);
    const [records, persons, settings] = await Promise.all([
      this.repo.ofPeople(tenantId, hires),
      this.repo.people(tenantId, hires),
      this.settings.stored(tenantId),
    ]);
    const managerIds = hires.flatMap((id) => {
      const managerId = persons.get(id)?.managerId;
      return managerId ? [managerId] : [];
    });
    const managers = await this.people.namesOf(tenantId, managerIds);
    const today = this.today(settings);
    const items = records.map((record) => {
      const state = record.state as OnboardingState;
      // Everyone listed is below the caller, so the caller is in their manager chain.
      const relation = relationTo(principal, record.personId, [principal.userId]);
      authorizeOnboarding(relation, 'readStatus', state);
      const person = persons.get(record.personId);
      const managerId = person?.managerId ?? null;
      return presentTeamNewHire(record, person, {
        managerId,
        manager: managerId ? managers.get(managerId) : undefined,
        direct: direct.has(record.personId),
        today,
        allowedActions: onboardingActions(relation, state),
      });
    });
    for (const item of items) {
      counts[item.state] += 1;
      if (item.overdue) counts.overdue += 1;
    }
    items.sort(
      (a, b) => Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate) || a.person.name.localeCompare(b.person.name),
    );
    return { scope: query.scope, counts, items };
  }

  // ---- transitions --------------------------------------------------------------------------------------------

  /** Claims the next transition (409 when someone else made one first) and applies it. */
  private async transition(
    record: EnrolmentRecord,
    action: HistoryRecord['action'],
    to: OnboardingState,
    by: string,
    note: string,
    set: Partial<EnrolmentRecord> = {},
    between?: () => Promise<void>,
  ): Promise<EnrolmentRecord> {
    const entry: HistoryRecord = { seq: record.version + 1, action, from: record.state, to, by, at: this.clock(), note };
    if (!(await this.repo.claimTransition(record.tenantId, record.personId, entry))) {
      throw new AppError('conflict', 'The coursework was changed by someone else; reload and try again.');
    }
    if (between) {
      try {
        await between();
      } catch (error) {
        await this.repo.releaseTransition(record.tenantId, record.personId, entry.seq);
        throw error;
      }
    }
    const updated = await this.repo.applyTransition(record.tenantId, record.personId, entry, set);
    if (!updated) throw new AppError('not_found', 'No such enrolment.');
    return updated;
  }

  /** Moves a not-started enrolment to in progress on the new hire's first step; a concurrent start is fine. */
  private async start(principal: Principal, record: EnrolmentRecord): Promise<void> {
    if (record.state !== 'not_started') return;
    try {
      await this.transition(record, 'started', 'in_progress', principal.userId, '');
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    }
  }

  /** `POST /api/onboarding/me/lessons/:lessonId/answer`: checks the answer and saves the lesson's progress. */
  async answer(principal: Principal, lessonId: string, input: AnswerLesson): Promise<AnswerResult> {
    const lesson = lessonById(lessonId);
    if (!lesson) throw new AppError('not_found', 'No such lesson.');
    const record = await this.mine(principal);
    authorizeOnboarding(this.selfRelation(principal, record), 'answer', record.state as OnboardingState);
    if (!lesson.question.choices.some((choice) => choice.id === input.choiceId)) {
      throw new AppError('validation_failed', `choiceId: no choice ${input.choiceId} in this question.`, {
        errors: [{ path: 'choiceId', message: 'not a choice of this question' }],
      });
    }
    const correct = input.choiceId === lesson.correctChoiceId;
    const previous = record.lessons?.[lessonId];
    const progress = {
      attempts: (previous?.attempts ?? 0) + 1,
      passedAt: previous?.passedAt ? new Date(previous.passedAt) : correct ? this.clock() : null,
    };
    await this.repo.setLesson(principal.tenantId, principal.userId, lessonId, progress);
    await this.start(principal, record);
    const after = { lessons: { ...record.lessons, [lessonId]: progress } };
    return {
      lessonId,
      correct,
      explanation: lesson.explanation,
      lesson: presentLessons(after).find((entry) => entry.lessonId === lessonId)!,
      lessonsPassed: lessonsPassed(after),
      lessonsTotal: LESSON_IDS.length,
      state: record.state === 'not_started' ? 'in_progress' : (record.state as OnboardingState),
    };
  }

  /** The caller's enrolment, checked editable; moves it to in progress on the first edit. */
  private async editable(principal: Principal): Promise<EnrolmentRecord> {
    const record = await this.mine(principal);
    authorizeOnboarding(this.selfRelation(principal, record), 'edit', record.state as OnboardingState);
    return record;
  }

  private requireObjective(record: EnrolmentRecord, objectiveId: string): void {
    if (!(record.objectiveIds ?? []).includes(objectiveId)) throw new AppError('not_found', 'No such objective in your coursework.');
  }

  private async requireKeyResult(principal: Principal, record: EnrolmentRecord, keyResultId: string): Promise<KeyResultRecord> {
    const keyResult = await this.okrsRepo.keyResult(principal.tenantId, keyResultId);
    if (!keyResult || !(record.objectiveIds ?? []).includes(keyResult.objectiveId.toHexString())) {
      throw new AppError('not_found', 'No such key result in your coursework.');
    }
    return keyResult;
  }

  private async afterEdit(principal: Principal, record: EnrolmentRecord): Promise<Enrolment> {
    await this.start(principal, record);
    const fresh = (await this.repo.get(principal.tenantId, principal.userId)) ?? record;
    return this.view(principal, fresh, this.selfRelation(principal, fresh));
  }

  /** `POST /api/onboarding/me/objectives`: a draft person-level objective of the caller in the coursework period. */
  async createObjective(principal: Principal, input: CreateCourseworkObjective): Promise<Enrolment> {
    const record = await this.editable(principal);
    const created = await this.okrs.create(principal, { ...input, periodId: record.periodId, level: 'person', state: 'draft' });
    await this.repo.addObjective(principal.tenantId, principal.userId, created.id);
    return this.afterEdit(principal, record);
  }

  /** `PATCH /api/onboarding/me/objectives/:id`. */
  async updateObjective(principal: Principal, id: string, input: UpdateCourseworkObjective): Promise<Enrolment> {
    const record = await this.editable(principal);
    this.requireObjective(record, id);
    await this.okrs.update(principal, id, input);
    return this.afterEdit(principal, record);
  }

  /** `DELETE /api/onboarding/me/objectives/:id?version=`: removes a draft coursework objective with its key results. */
  async deleteObjective(principal: Principal, id: string, version: number): Promise<Enrolment> {
    const record = await this.editable(principal);
    this.requireObjective(record, id);
    const objective = await this.okrsRepo.objective(principal.tenantId, id);
    if (objective) {
      if (objective.version !== version)
        throw new AppError('conflict', `The objective is at version ${objective.version}, not ${version}.`);
      if (objective.state !== 'draft') throw new AppError('conflict', 'Only draft objectives are removed from the coursework.');
      const keyResults = await this.okrsRepo.keyResultsOf(principal.tenantId, [objective._id]);
      await this.repo.deleteDraftObjective(
        principal.tenantId,
        id,
        keyResults.map((kr) => kr._id.toHexString()),
        keyResults.some((kr) => kr.lastCheckInWeek),
      );
    }
    await this.repo.removeObjective(principal.tenantId, principal.userId, id);
    return this.afterEdit(principal, record);
  }

  /** `POST /api/onboarding/me/objectives/:id/key-results`. */
  async addKeyResult(principal: Principal, objectiveId: string, input: CreateKeyResult): Promise<Enrolment> {
    const record = await this.editable(principal);
    this.requireObjective(record, objectiveId);
    await this.okrs.addKeyResult(principal, objectiveId, input);
    return this.afterEdit(principal, record);
  }

  /** `PATCH /api/onboarding/me/key-results/:id`. */
  async updateKeyResult(principal: Principal, id: string, input: UpdateKeyResult): Promise<Enrolment> {
    const record = await this.editable(principal);
    await this.requireKeyResult(principal, record, id);
    await this.okrs.updateKeyResult(principal, id, input);
    return this.afterEdit(principal, record);
  }

  /** `DELETE /api/onboarding/me/key-results/:id?version=`. */
  async deleteKeyResult(principal: Principal, id: string, version: number): Promise<Enrolment> {
    const record = await this.editable(principal);
    await this.requireKeyResult(principal, record, id);
    await this.okrs.deleteKeyResult(principal, id, version);
    return this.afterEdit(principal, record);
  }

  /** `POST /api/onboarding/me/submit`: refused with the coach's findings (422) while the coach reports errors. */
  async submit(principal: Principal, input: SubmitCoursework): Promise<Enrolment> {
    const record = await this.mine(principal);
    const relation = this.selfRelation(principal, record);
    authorizeOnboarding(relation, 'submit', record.state as OnboardingState);
    if (record.version !== input.version)
      throw new AppError('conflict', `The coursework is at version ${record.version}, not ${input.version}.`);
    const passed = lessonsPassed(record);
    if (passed < LESSON_IDS.length) throw new AppError('conflict', `Finish the lessons first: ${passed} of ${LESSON_IDS.length} passed.`);
    const settings = await this.settings.stored(principal.tenantId);
    const { objectives, keyResults } = await this.coursework(principal.tenantId, record);
    if (objectives.length === 0) throw new AppError('conflict', 'Write at least one objective before submitting.');
    const report = this.coach(objectives, keyResults, settings);
    if (report.hasErrors) {
      throw new AppError('coach_errors', 'Fix the errors the OKR coach found, then submit again.', {
        findings: report.findings,
      });
    }
    const versions: Record<string, number> = {};
    for (const row of [...objectives, ...keyResults]) versions[row._id.toHexString()] = row.version;
    const updated = await this.transition(record, 'submitted', 'submitted', principal.userId, '', {
      round: record.round + 1,
      submittedAt: this.clock(),
      submittedVersions: versions,
    });
    return this.view(principal, updated, relation);
  }

  /** `POST /api/onboarding/enrolments/:personId/comments`: HR comments on one objective or key result of a submission. */
  async comment(principal: Principal, personId: string, input: AddReviewComment): Promise<Enrolment> {
    const { record, relation } = await this.load(principal, personId);
    authorizeOnboarding(relation, 'comment', record.state as OnboardingState);
    const ids = record.objectiveIds ?? [];
    const known =
      input.target.kind === 'objective'
        ? ids.includes(input.target.id)
        : ids.includes((await this.okrsRepo.keyResult(principal.tenantId, input.target.id))?.objectiveId.toHexString() ?? '');
    if (!known) {
      throw new AppError('validation_failed', `target: no ${input.target.kind} ${input.target.id} in this coursework.`, {
        errors: [{ path: 'target.id', message: 'not part of this coursework' }],
      });
    }
    await this.repo.addComment(principal.tenantId, personId, {
      id: new Types.ObjectId().toHexString(),
      round: record.round,
      targetKind: input.target.kind,
      targetId: input.target.id,
      text: input.text,
      authorId: principal.userId,
      at: this.clock(),
    });
    const fresh = (await this.repo.get(principal.tenantId, personId)) ?? record;
    return this.view(principal, fresh, relation);
  }

  /** `POST /api/onboarding/enrolments/:personId/review`: pass (the OKRs become active) or request changes. */
  async review(principal: Principal, personId: string, input: ReviewCoursework): Promise<Enrolment> {
    const { record, relation } = await this.load(principal, personId);
    authorizeOnboarding(relation, 'review', record.state as OnboardingState);
    if (record.version !== input.version)
      throw new AppError('conflict', `The coursework is at version ${record.version}, not ${input.version}.`);
    const now = this.clock();
    if (input.decision === 'request_changes') {
      const updated = await this.transition(record, 'changes_requested', 'changes_requested', principal.userId, input.note, {
        reviewedAt: now,
      });
      return this.view(principal, updated, relation);
    }
    const objectives = await Promise.all((record.objectiveIds ?? []).map((id) => this.okrsRepo.objective(principal.tenantId, id)));
    const present = objectives.filter((row): row is ObjectiveRecord => row !== null);
    const keyResults = await this.okrsRepo.keyResultsOf(
      principal.tenantId,
      present.map((row) => row._id),
    );
    const submitted = record.submittedVersions ?? {};
    const current = [...present, ...keyResults];
    const unchanged =
      present.length === objectives.length &&
      present.every((row) => row.state === 'draft') &&
      current.length === Object.keys(submitted).length &&
      current.every((row) => submitted[row._id.toHexString()] === row.version);
    if (!unchanged) {
      throw new AppError(
        'conflict',
        'The OKRs changed after they were submitted; request changes so that the new hire submits them again.',
      );
    }
    const activate = async () => {
      for (const objective of present) {
        const id = objective._id.toHexString();
        const claimed = await this.okrsRepo.claimVersion(principal.tenantId, 'objective', id, objective.version, principal.userId);
        const updated = claimed && (await this.okrsRepo.updateObjective(principal.tenantId, id, objective.version, { state: 'active' }));
        if (!updated) throw new AppError('conflict', 'An objective was changed while passing; reload and try again.');
      }
    };
    const updated = await this.transition(
      record,
      'passed',
      'passed',
      principal.userId,
      input.note,
      { reviewedAt: now, passedAt: now },
      activate,
    );
    return this.view(principal, updated, relation);
  }

  // ---- HR overviews -------------------------------------------------------------------------------------------

  private async statuses(principal: Principal): Promise<{ rows: EnrolmentStatus[]; records: EnrolmentRecord[] }> {
    authorizeHr(principal);
    await this.sweepSoon(principal.tenantId);
    const [records, settings] = await Promise.all([this.repo.all(principal.tenantId), this.settings.stored(principal.tenantId)]);
    const people = await this.repo.people(
      principal.tenantId,
      records.map((record) => record.personId),
    );
    const today = this.today(settings);
    const rows = records.map((record) =>
      presentStatus(
        record,
        people.get(record.personId),
        today,
        onboardingActions(relationTo(principal, record.personId, []), record.state as OnboardingState),
      ),
    );
    return { rows, records };
  }

  /** `GET /api/onboarding/queue`: submissions waiting for HR, oldest first. */
  async queue(principal: Principal): Promise<ReviewQueue> {
    const { rows } = await this.statuses(principal);
    const items = rows
      .filter((row) => row.state === 'submitted')
      .sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '') || a.person.name.localeCompare(b.person.name));
    return { items };
  }

  /** `GET /api/onboarding/cohort`: the cohort by status, filtered by department and hire month. */
  async cohort(principal: Principal, query: CohortQuery): Promise<Cohort> {
    const { rows } = await this.statuses(principal);
    const departments = [...new Set(rows.map((row) => row.person.department).filter(Boolean))].sort();
    const department = query.department?.toLowerCase();
    const scoped = rows.filter(
      (row) =>
        (!department || row.person.department.toLowerCase() === department) &&
        (!query.hireMonth || (row.person.hireDate ?? '').startsWith(query.hireMonth)),
    );
    const counts: Cohort['counts'] = { not_started: 0, in_progress: 0, submitted: 0, changes_requested: 0, passed: 0, overdue: 0 };
    for (const row of scoped) {
      counts[row.state] += 1;
      if (row.overdue) counts.overdue += 1;
    }
    const matches = (row: EnrolmentStatus, status: CohortStatus | undefined) =>
      !status || (status === 'overdue' ? row.overdue : row.state === status);
    const items = scoped
      .filter((row) => matches(row, query.status))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.person.name.localeCompare(b.person.name));
    return { counts, departments, items };
  }

  /** `GET /api/onboarding/cohort/export`: the filtered cohort as CSV. */
  async cohortCsv(principal: Principal, query: CohortQuery): Promise<string> {
    const { items } = await this.cohort(principal, query);
    const rows = items.map((row) => [
      row.person.name,
      row.person.upn,
      row.person.department,
      row.person.jobTitle,
      row.person.hireDate ?? '',
      row.dueDate,
      row.state,
      row.overdue ? 'yes' : 'no',
      String(row.lessonsPassed),
      String(row.lessonsTotal),
      String(row.objectives),
      String(row.round),
      row.submittedAt ?? '',
      row.passedAt ?? '',
    ]);
    return stringify([[...COHORT_CSV_COLUMNS], ...rows], { escape_formulas: true });
  }

  /** Who to remind about overdue coursework (for the scheduler): the new hire when it is their move, HR when it waits for review. */
  async overdueReminders(tenantId: string, now: Date = this.clock()): Promise<OverdueReminder[]> {
    const [records, settings] = await Promise.all([this.repo.all(tenantId), this.settings.stored(tenantId)]);
    const today = localDate(now, settings.timeZone);
    const overdue = records.filter((record) => isOverdue(record.state as OnboardingState, record.dueDate, today));
    const people = await this.repo.people(
      tenantId,
      overdue.map((record) => record.personId),
    );
    return overdue
      .map((record) => {
        const person = people.get(record.personId);
        return {
          personId: record.personId,
          name: person?.displayName ?? '',
          upn: person?.upn ?? '',
          managerId: person?.managerId ?? null,
          state: record.state as OnboardingState,
          dueDate: record.dueDate,
          daysOverdue: daysBetween(record.dueDate, today),
          waitingOn: record.state === 'submitted' ? ('hr' as const) : ('new_hire' as const),
        };
      })
      .sort((a, b) => b.daysOverdue - a.daysOverdue || a.name.localeCompare(b.name));
  }
}

/**
 * An onboarding service with its own repositories, for work outside the HTTP app (the scheduler's overdue reminders
 * and enrolment after an org sync): `onboardingServiceFor(directory, config).overdueReminders(tenantId, new Date())`.
 */
export function onboardingServiceFor(
  directory: OrgDirectory,
  config: Pick<Config, 'ONBOARDING_ENROL_WINDOW_DAYS' | 'ONBOARDING_DUE_DAYS'>,
): OnboardingService {
  const okrsRepo = new OkrsRepo();
  const settings = new SettingsService(new SettingsRepo());
  return new OnboardingService(
    new OnboardingRepo(okrsRepo),
    new OkrsService(okrsRepo, settings, directory),
    okrsRepo,
    settings,
    directory,
    {
      enrolWindowDays: config.ONBOARDING_ENROL_WINDOW_DAYS,
      dueDays: config.ONBOARDING_DUE_DAYS,
    },
  );
}
