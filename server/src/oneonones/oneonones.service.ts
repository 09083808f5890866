import { Types } from 'mongoose';
import type { Principal } from '../auth/principal.js';
import type {
  CreateActionItem,
  CreateTalkingPoint,
  MarkOneOnOneHeld,
  OneOnOneAction,
  OneOnOneAgenda,
  OneOnOneCadence,
  OneOnOneList,
  OneOnOneOnboardingStatus,
  OneOnOneSide,
  OneOnOneSummary,
  PersonRef,
  ScheduleOneOnOne,
  UpdateActionItem,
  UpdateOneOnOneNotes,
  UpdateTalkingPoint,
} from '../contract/index.js';
import { MAX_ACTION_ITEMS, MAX_TALKING_POINTS } from '../contract/index.js';
import { NO_CALENDAR, type CalendarSource, type PairMeeting } from '../calendar/calendar.service.js';
import { AppError } from '../http/errors.js';
import type { KeyResultRecord, ObjectiveRecord } from '../okrs/okrs.model.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import { isoWeekOf, localDate, periodIdOf, periodOf, shiftIsoWeek } from '../okrs/periods.js';
import type { OrgDirectory } from '../org/org.directory.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { StoredSettings } from '../settings/settings.repo.js';
import { buildAgendaItems, latestMail, NEW_HIRE_DAYS } from './oneonones.agenda.js';
import { oneOnOneKey, type ConfidenceSnapshot, type OneOnOneRecord } from './oneonones.model.js';
import { authorizeActionItem, authorizeOneOnOne, authorizeTalkingPoint, oneOnOneActions, type PairSubject } from './oneonones.policy.js';
import { personRefOf, presentActionItems, presentNotes, presentTalkingPoints } from './oneonones.presenter.js';
import type { OneOnOnesRepo, PairPerson } from './oneonones.repo.js';

const DAY_MS = 86_400_000;
const CADENCE_DAYS: Record<OneOnOneCadence, number> = { weekly: 7, biweekly: 14, monthly: 28 };
/** How often a write is retried after losing a race with another write to the same pair. */
const WRITE_ATTEMPTS = 5;

/** Onboarding coursework status of a person, as the onboarding feature knows it. */
export interface OnboardingStatusSource {
  /** The person's coursework status, or null when they are not enrolled. */
  statusOf(tenantId: string, personId: string): Promise<{ status: OneOnOneOnboardingStatus; dueDate: string | null } | null>;
}

/** Used until the onboarding feature is wired: nobody is enrolled. */
export const NO_ONBOARDING_STATUS: OnboardingStatusSource = { statusOf: () => Promise.resolve(null) };

/** Adds days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The next 1:1 date: the one set, else the last held plus the cadence, else today. */
export function nextDateOf(doc: OneOnOneRecord | null, today: string, timeZone: string): { nextDate: string; nextDateSet: boolean } {
  if (doc?.nextDate) return { nextDate: doc.nextDate, nextDateSet: true };
  if (doc?.lastHeldAt)
    return { nextDate: addDays(localDate(new Date(doc.lastHeldAt), timeZone), CADENCE_DAYS[doc.cadence]), nextDateSet: false };
  return { nextDate: today, nextDateSet: false };
}

/** Days ahead the agenda shows the pair's time off. */
const TIME_OFF_DAYS = 14;

/** The schedule facts of a pair: the next occurrence of its Outlook series wins over the set date and the cadence. */
export function scheduleOf(
  doc: OneOnOneRecord | null,
  today: string,
  timeZone: string,
  meeting: PairMeeting | null,
): Pick<OneOnOneAgenda, 'cadence' | 'nextDate' | 'nextDateSet' | 'nextDateSource' | 'calendar'> {
  const fallback = nextDateOf(doc, today, timeZone);
  if (meeting) {
    return {
      cadence: meeting.cadence ?? doc?.cadence ?? 'weekly',
      nextDate: localDate(new Date(meeting.occurrence.start), timeZone),
      nextDateSet: fallback.nextDateSet,
      nextDateSource: 'calendar',
      calendar: meeting.occurrence,
    };
  }
  return { cadence: doc?.cadence ?? 'weekly', ...fallback, nextDateSource: fallback.nextDateSet ? 'set' : 'cadence', calendar: null };
}

/** What a write to a pair may return: work to do once the write is stored. */
type Change = (doc: OneOnOneRecord, side: OneOnOneSide) => void | (() => Promise<void>);

/** 1:1s of manager–report pairs: the list, the agenda built from OKR and weekly-mail data, and the pair's own talking points, notes and action items. */
export class OneOnOnesService {
  constructor(
    private readonly repo: OneOnOnesRepo,
    private readonly okrsRepo: OkrsRepo,
    private readonly settings: SettingsService,
    private readonly directory: OrgDirectory,
    private readonly onboarding: OnboardingStatusSource = NO_ONBOARDING_STATUS,
    private readonly calendar: CalendarSource = NO_CALENDAR,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private today(settings: StoredSettings, now: Date): string {
    return localDate(now, settings.timeZone);
  }

  /** The pair's next 1:1 from the manager's Outlook calendar (null without a series, or when it cannot be read in time). */
  private meetingOf(tenantId: string, timeZone: string, people: ReadonlyMap<string, PairPerson>, managerId: string, reportId: string) {
    const addresses = (id: string) => ({
      id,
      addresses: [people.get(id)?.mail, people.get(id)?.upn].filter((value): value is string => Boolean(value)),
    });
    return this.calendar.pairMeeting(tenantId, timeZone, addresses(managerId), addresses(reportId));
  }

  /** Out-of-office items of the pair (report first) for the coming two weeks. */
  private async outOfOfficeItems(tenantId: string, timeZone: string, now: Date, ids: readonly string[], ref: (id: string) => PersonRef) {
    const from = now.getTime();
    const periods = await Promise.all(ids.map((id) => this.calendar.timeOff(tenantId, timeZone, id, from, from + TIME_OFF_DAYS * DAY_MS)));
    return ids.flatMap((id, index) =>
      periods[index]!.map((period) => ({
        id: `out-of-office:${id}:${period.source}:${period.start}`,
        kind: 'out_of_office' as const,
        person: ref(id),
        ...period,
      })),
    );
  }

  /** The pair as the caller named it, authorized (404 for anyone but the manager and the direct report). */
  private async pairFor(
    principal: Principal,
    managerId: string,
    reportId: string,
    action: OneOnOneAction,
  ): Promise<{ subject: PairSubject; side: OneOnOneSide; key: string }> {
    const chain = await this.directory.managerChain(principal.tenantId, reportId);
    const subject = { managerId, reportId, currentManagerId: chain[0] ?? null };
    const side = authorizeOneOnOne(principal, action, subject);
    return { subject, side, key: oneOnOneKey(principal.tenantId, managerId, reportId) };
  }

  private blank(tenantId: string, subject: PairSubject, key: string): OneOnOneRecord {
    return {
      _id: key,
      tenantId,
      managerId: subject.managerId,
      reportId: subject.reportId,
      cadence: 'weekly',
      nextDate: null,
      occurrence: 1,
      lastHeldAt: null,
      notes: { text: '', version: 0, updatedAt: null, updatedBy: null },
      talkingPoints: [],
      actionItems: [],
      confidenceAtLastHeld: [],
      version: 0,
    };
  }

  /** `GET /api/one-on-ones`: the caller's direct reports (next 1:1 first) and the caller's 1:1 with their own manager. */
  async list(principal: Principal): Promise<OneOnOneList> {
    if (principal.appOnly) return { asManager: [], asReport: null };
    const { tenantId, userId } = principal;
    const [reports, chain] = await Promise.all([
      this.directory.directReports(tenantId, userId),
      this.directory.managerChain(tenantId, userId),
    ]);
    const managerId = chain[0] ?? null;
    const subjects: PairSubject[] = reports.map((reportId) => ({ managerId: userId, reportId, currentManagerId: userId }));
    if (managerId) subjects.push({ managerId, reportId: userId, currentManagerId: managerId });
    const [settings, docs, people] = await Promise.all([
      this.settings.stored(tenantId),
      this.repo.pairs(subjects.map((s) => oneOnOneKey(tenantId, s.managerId, s.reportId))),
      this.repo.people(tenantId, [userId, ...reports, ...(managerId ? [managerId] : [])]),
    ]);
    const today = this.today(settings, this.clock());
    const ref = (id: string): PersonRef => personRefOf(people, id);
    const meetings = await Promise.all(
      subjects.map((subject) => this.meetingOf(tenantId, settings.timeZone, people, subject.managerId, subject.reportId)),
    );
    const summaries = subjects.map((subject, index): OneOnOneSummary => {
      const doc = docs.get(oneOnOneKey(tenantId, subject.managerId, subject.reportId)) ?? null;
      const role: OneOnOneSide = subject.managerId === userId ? 'manager' : 'report';
      return {
        manager: ref(subject.managerId),
        report: ref(subject.reportId),
        role,
        counterpart: ref(role === 'manager' ? subject.reportId : subject.managerId),
        ...scheduleOf(doc, today, settings.timeZone, meetings[index]!),
        occurrence: doc?.occurrence ?? 1,
        lastHeldAt: doc?.lastHeldAt ? new Date(doc.lastHeldAt).toISOString() : null,
        openActionItems: (doc?.actionItems ?? []).filter((item) => !item.done).length,
        openTalkingPoints: (doc?.talkingPoints ?? []).filter((point) => !point.resolved).length,
        allowedActions: oneOnOneActions(principal, subject),
      };
    });
    const asReport = managerId ? summaries.pop()! : null;
    const active = summaries.filter((summary) => people.get(summary.report.id)?.enabled !== false);
    active.sort((a, b) =>
      a.nextDate < b.nextDate ? -1 : a.nextDate > b.nextDate ? 1 : a.counterpart.name.localeCompare(b.counterpart.name),
    );
    return { asManager: active, asReport };
  }

  /** `GET /api/one-on-ones/:managerId/:reportId`: the agenda of the pair's upcoming 1:1 (creates nothing). */
  async agenda(principal: Principal, managerId: string, reportId: string): Promise<OneOnOneAgenda> {
    const { subject, side, key } = await this.pairFor(principal, managerId, reportId, 'read');
    return this.build(principal, subject, side, this.repo.cachedPair(principal.tenantId, key));
  }

  /** Builds the agenda around the pair's document (given, or still being read). */
  /**
   * For each key result, its check-in of the week before its latest one (one lookup by `_id` each), so
   * "dropping" compares with last week; the confidence kept when the last 1:1 was held stays the fallback.
   */
  private async weekBeforeLastCheckIn(tenantId: string, keyResults: readonly KeyResultRecord[]): Promise<ConfidenceSnapshot[]> {
    const checkedIn = keyResults.filter((kr) => kr.lastCheckInWeek);
    const rows = await Promise.all(
      checkedIn.map((kr) => this.okrsRepo.cachedCheckIns(tenantId, [kr._id], [shiftIsoWeek(kr.lastCheckInWeek!, -1)])),
    );
    return rows.flat().map((row) => ({ keyResultId: row.keyResultId.toHexString(), confidence: row.confidence, isoWeek: row.isoWeek }));
  }

  private async build(
    principal: Principal,
    subject: PairSubject,
    side: OneOnOneSide,
    docOrRead: OneOnOneRecord | null | Promise<OneOnOneRecord | null>,
  ): Promise<OneOnOneAgenda> {
    const { tenantId } = principal;
    const { managerId, reportId } = subject;
    const now = this.clock();
    const settings = await this.settings.stored(tenantId);
    const today = this.today(settings, now);
    const thisWeek = isoWeekOf(new Date(`${today}T00:00:00Z`));
    const period = periodOf(periodIdOf(today, settings.fiscalYearStartMonth), settings.fiscalYearStartMonth);

    const [stored, people, reports, okrs, onboarding] = await Promise.all([
      docOrRead,
      this.directory.cachedPeople(tenantId, [managerId, reportId]),
      this.repo.weeklyReports(tenantId, reportId, [thisWeek, shiftIsoWeek(thisWeek, -1)]),
      this.okrsOf(tenantId, reportId, period.id),
      this.onboarding.statusOf(tenantId, reportId),
    ]);
    const doc = stored ?? this.blank(tenantId, subject, oneOnOneKey(tenantId, managerId, reportId));
    const { active, keyResults } = okrs;

    const ref = (id: string): PersonRef => personRefOf(people, id);
    const [meeting, outOfOffice] = await Promise.all([
      this.meetingOf(tenantId, settings.timeZone, people, managerId, reportId),
      this.outOfOfficeItems(tenantId, settings.timeZone, now, [reportId, managerId], ref),
    ]);
    const hireDate = people.get(reportId)?.hireDate ?? null;
    const newHire = hireDate !== null && now.getTime() - new Date(hireDate).getTime() < NEW_HIRE_DAYS * DAY_MS;
    const mail = latestMail(reports);
    const items = buildAgendaItems({
      now,
      today,
      periodStart: period.start,
      objectives: active.map((objective) => ({
        objective,
        keyResults: keyResults.filter((kr) => kr.objectiveId.equals(objective._id)),
      })),
      confidenceAtLastHeld: [...(doc.confidenceAtLastHeld ?? []), ...(await this.weekBeforeLastCheckIn(tenantId, keyResults))],
      weeklyReports: reports,
      outOfOffice,
      carriedActionItems: doc.actionItems.filter((item) => !item.done && item.occurrence < doc.occurrence),
      personRef: ref,
      onboarding:
        newHire || onboarding
          ? {
              hireDate: hireDate ? new Date(hireDate).toISOString().slice(0, 10) : null,
              status: onboarding?.status ?? null,
              dueDate: onboarding?.dueDate ?? null,
            }
          : null,
    });
    return {
      manager: ref(managerId),
      report: ref(reportId),
      role: side,
      ...scheduleOf(stored, today, settings.timeZone, meeting),
      occurrence: doc.occurrence,
      lastHeldAt: doc.lastHeldAt ? new Date(doc.lastHeldAt).toISOString() : null,
      isoWeek: thisWeek,
      weeklyMail: mail
        ? {
            isoWeek: mail.isoWeek,
            status: mail.status as 'sent' | 'reviewed',
            sentAt: mail.sentAt ? new Date(mail.sentAt).toISOString() : null,
          }
        : null,
      items,
      talkingPoints: presentTalkingPoints(principal, doc, doc.talkingPoints, ref),
      notes: presentNotes(doc.notes, ref),
      actionItems: presentActionItems(principal, doc, doc.actionItems, ref),
      allowedActions: oneOnOneActions(principal, subject),
    };
  }

  /** The report's active objectives of the period and the key results the report owns in them (from the OKR read model). */
  private async okrsOf(
    tenantId: string,
    reportId: string,
    periodId: string,
  ): Promise<{ active: ObjectiveRecord[]; keyResults: KeyResultRecord[] }> {
    const objectives = await this.okrsRepo.objectivesOfOwners(tenantId, [periodId], [reportId]);
    const active = objectives.filter((objective) => objective.state === 'active');
    const keyResults = await this.okrsRepo.keyResultsOf(
      tenantId,
      active.map((objective) => objective._id),
    );
    return { active, keyResults: keyResults.filter((kr) => kr.ownerId === reportId) };
  }

  /** Reads, changes and writes the pair's document, retrying when another write won the race; answers the agenda after. */
  private async mutate(
    principal: Principal,
    managerId: string,
    reportId: string,
    action: OneOnOneAction,
    change: Change,
  ): Promise<OneOnOneAgenda> {
    const { subject, side, key } = await this.pairFor(principal, managerId, reportId, action);
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const stored = await this.repo.pair(key);
      const doc = stored ? structuredClone(stored) : this.blank(principal.tenantId, subject, key);
      const after = change(doc, side);
      if (await this.repo.save(doc, stored?.version ?? 0, principal.userId)) {
        if (after) await after();
        return this.build(principal, subject, side, { ...doc, version: (stored?.version ?? 0) + 1 });
      }
    }
    throw new AppError('conflict', 'The 1:1 was changed by someone else at the same time; reload and try again.');
  }

  /** `PUT …/schedule`: sets (or clears) the next date and/or the cadence. */
  async schedule(principal: Principal, managerId: string, reportId: string, input: ScheduleOneOnOne): Promise<OneOnOneAgenda> {
    const settings = await this.settings.stored(principal.tenantId);
    const today = this.today(settings, this.clock());
    if (input.nextDate && input.nextDate < today) {
      throw new AppError('validation_failed', `nextDate: ${input.nextDate} is in the past.`, {
        errors: [{ path: 'nextDate', message: 'must be today or later' }],
      });
    }
    return this.mutate(principal, managerId, reportId, 'schedule', (doc) => {
      if (input.nextDate !== undefined) doc.nextDate = input.nextDate;
      if (input.cadence) doc.cadence = input.cadence;
    });
  }

  /** `POST …/talking-points`: either side adds one to the upcoming 1:1. */
  async addTalkingPoint(principal: Principal, managerId: string, reportId: string, input: CreateTalkingPoint): Promise<OneOnOneAgenda> {
    const now = this.clock();
    return this.mutate(principal, managerId, reportId, 'addTalkingPoint', (doc) => {
      if (doc.talkingPoints.length >= MAX_TALKING_POINTS) {
        throw new AppError('validation_failed', `A 1:1 holds at most ${MAX_TALKING_POINTS} talking points; resolve or delete some first.`);
      }
      doc.talkingPoints.push({
        _id: new Types.ObjectId().toHexString(),
        text: input.text,
        authorId: principal.userId,
        resolved: false,
        occurrence: doc.occurrence,
        createdAt: now,
        updatedAt: now,
      });
    });
  }

  /** `PATCH …/talking-points/:itemId`: the author edits the text; either side resolves or reopens it. */
  async updateTalkingPoint(
    principal: Principal,
    managerId: string,
    reportId: string,
    itemId: string,
    input: UpdateTalkingPoint,
  ): Promise<OneOnOneAgenda> {
    const now = this.clock();
    return this.mutate(principal, managerId, reportId, 'read', (doc) => {
      const point = doc.talkingPoints.find((candidate) => candidate._id === itemId);
      if (!point) throw new AppError('not_found', 'No such talking point.');
      if (input.text !== undefined && input.text !== point.text) {
        authorizeTalkingPoint(principal, 'update', point);
        point.text = input.text;
      }
      if (input.resolved !== undefined) {
        authorizeTalkingPoint(principal, 'resolve', point);
        point.resolved = input.resolved;
      }
      point.updatedAt = now;
    });
  }

  /** `DELETE …/talking-points/:itemId`: its author removes it. */
  async deleteTalkingPoint(principal: Principal, managerId: string, reportId: string, itemId: string): Promise<OneOnOneAgenda> {
    return this.mutate(principal, managerId, reportId, 'read', (doc) => {
      const point = doc.talkingPoints.find((candidate) => candidate._id === itemId);
      if (!point) throw new AppError('not_found', 'No such talking point.');
      authorizeTalkingPoint(principal, 'delete', point);
      doc.talkingPoints = doc.talkingPoints.filter((candidate) => candidate._id !== itemId);
    });
  }

  /** `PUT …/notes`: replaces the shared notes if nobody saved since the version the caller read (409 otherwise). */
  async updateNotes(principal: Principal, managerId: string, reportId: string, input: UpdateOneOnOneNotes): Promise<OneOnOneAgenda> {
    const now = this.clock();
    return this.mutate(principal, managerId, reportId, 'updateNotes', (doc) => {
      if (doc.notes.version !== input.version) {
        throw new AppError(
          'conflict',
          `The notes are at version ${doc.notes.version}, not ${input.version}; someone else saved meanwhile.`,
        );
      }
      doc.notes = { text: input.text, version: doc.notes.version + 1, updatedAt: now, updatedBy: principal.userId };
    });
  }

  private requireOwnerInPair(ownerId: string, managerId: string, reportId: string): void {
    if (ownerId !== managerId && ownerId !== reportId) {
      throw new AppError('validation_failed', 'ownerId: the owner of an action item is the manager or the report of this 1:1.', {
        errors: [{ path: 'ownerId', message: 'must be one of the pair' }],
      });
    }
  }

  /** `POST …/action-items`: either side adds one, owned by one of the pair. */
  async addActionItem(principal: Principal, managerId: string, reportId: string, input: CreateActionItem): Promise<OneOnOneAgenda> {
    this.requireOwnerInPair(input.ownerId, managerId, reportId);
    const now = this.clock();
    return this.mutate(principal, managerId, reportId, 'addActionItem', (doc) => {
      if (doc.actionItems.length >= MAX_ACTION_ITEMS) {
        throw new AppError('validation_failed', `A 1:1 holds at most ${MAX_ACTION_ITEMS} action items; complete some first.`);
      }
      doc.actionItems.push({
        _id: new Types.ObjectId().toHexString(),
        title: input.title,
        ownerId: input.ownerId,
        dueDate: input.dueDate,
        done: false,
        doneAt: null,
        occurrence: doc.occurrence,
        createdBy: principal.userId,
        createdAt: now,
      });
    });
  }

  /** `PATCH …/action-items/:itemId`: creator or owner edit; either side completes (`done: true`) or reopens (`done: false`). */
  async updateActionItem(
    principal: Principal,
    managerId: string,
    reportId: string,
    itemId: string,
    input: UpdateActionItem,
  ): Promise<OneOnOneAgenda> {
    if (input.ownerId !== undefined) this.requireOwnerInPair(input.ownerId, managerId, reportId);
    const now = this.clock();
    return this.mutate(principal, managerId, reportId, 'read', (doc) => {
      const item = doc.actionItems.find((candidate) => candidate._id === itemId);
      if (!item) throw new AppError('not_found', 'No such action item.');
      const edits = { title: input.title, ownerId: input.ownerId, dueDate: input.dueDate };
      if (Object.entries(edits).some(([field, value]) => value !== undefined && value !== item[field as keyof typeof edits])) {
        authorizeActionItem(principal, 'update', item);
        if (input.title !== undefined) item.title = input.title;
        if (input.ownerId !== undefined) item.ownerId = input.ownerId;
        if (input.dueDate !== undefined) item.dueDate = input.dueDate;
      }
      if (input.done !== undefined && input.done !== item.done) {
        authorizeActionItem(principal, input.done ? 'complete' : 'reopen', item);
        item.done = input.done;
        item.doneAt = input.done ? now : null;
      }
    });
  }

  /** `DELETE …/action-items/:itemId`: its creator removes it. */
  async deleteActionItem(principal: Principal, managerId: string, reportId: string, itemId: string): Promise<OneOnOneAgenda> {
    return this.mutate(principal, managerId, reportId, 'read', (doc) => {
      const item = doc.actionItems.find((candidate) => candidate._id === itemId);
      if (!item) throw new AppError('not_found', 'No such action item.');
      authorizeActionItem(principal, 'delete', item);
      doc.actionItems = doc.actionItems.filter((candidate) => candidate._id !== itemId);
    });
  }

  /**
   * `POST …/held`: closes the current 1:1 (archived as it was) and starts the next: open action items and
   * unresolved talking points carry over, notes start empty, the next date follows the cadence, and the
   * report's key-result confidences are kept so the next agenda shows what dropped since.
   */
  async markHeld(principal: Principal, managerId: string, reportId: string, input: MarkOneOnOneHeld): Promise<OneOnOneAgenda> {
    const now = this.clock();
    const settings = await this.settings.stored(principal.tenantId);
    const today = this.today(settings, now);
    const { keyResults } = await this.okrsOf(principal.tenantId, reportId, periodIdOf(today, settings.fiscalYearStartMonth));
    const confidences: ConfidenceSnapshot[] = keyResults.flatMap((kr) =>
      kr.lastConfidence === null || kr.lastConfidence === undefined
        ? []
        : [{ keyResultId: kr._id.toHexString(), confidence: kr.lastConfidence, isoWeek: kr.lastCheckInWeek ?? null }],
    );
    const asItWas = await this.agenda(principal, managerId, reportId);
    return this.mutate(principal, managerId, reportId, 'markHeld', (doc) => {
      if (input.occurrence !== doc.occurrence) {
        throw new AppError(
          'conflict',
          `1:1 number ${input.occurrence} is not the upcoming one (number ${doc.occurrence}); it was already held.`,
        );
      }
      const archive = {
        tenantId: doc.tenantId,
        managerId: doc.managerId,
        reportId: doc.reportId,
        occurrence: doc.occurrence,
        notes: doc.notes,
        talkingPoints: doc.talkingPoints,
        actionItems: doc.actionItems,
        agendaItems: asItWas.occurrence === doc.occurrence ? asItWas.items : null,
        heldAt: now,
        heldBy: principal.userId,
      };
      doc.occurrence += 1;
      doc.lastHeldAt = now;
      doc.nextDate = null;
      doc.notes = { text: '', version: doc.notes.version + 1, updatedAt: null, updatedBy: null };
      doc.talkingPoints = doc.talkingPoints.filter((point) => !point.resolved);
      doc.actionItems = doc.actionItems.filter((item) => !item.done);
      doc.confidenceAtLastHeld = confidences;
      return () => this.repo.archive(doc._id, archive);
    });
  }
}

/** The ISO week `offset` weeks after (before, when negative) the given one. */
