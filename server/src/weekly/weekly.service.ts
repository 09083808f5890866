import type { Principal } from '../auth/principal.js';
import type {
  RenderedWeeklyMail,
  ReviewWeeklyReport,
  SaveWeeklyReport,
  TimeOffPeriod,
  WeeklyPerson,
  WeeklyQueueStatus,
  WeeklyReport,
  WeeklyReviewQueue,
  WeeklyWin,
} from '../contract/index.js';
import { NO_CALENDAR, type CalendarSource } from '../calendar/calendar.service.js';
import { AppError } from '../http/errors.js';
import type { KeyResultRecord, ObjectiveRecord, CheckInRecord } from '../okrs/okrs.model.js';
import { keyResultProgress } from '../okrs/okrs.progress.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import type { OkrsService } from '../okrs/okrs.service.js';
import { isoWeekStart, isValidIsoWeek, latestStartedIsoWeek, periodIdOf, shiftIsoWeek } from '../okrs/periods.js';
import type { OrgDirectory } from '../org/org.directory.js';
import type { SettingsService } from '../settings/settings.service.js';
import { PreferencesRepo } from '../me/preferences.repo.js';
import { authorDeadline } from './weekly.deadline.js';
import type { WinRecord } from '../wins/wins.model.js';
import type { WeeklyReportRecord } from './weekly.model.js';
import { authorizeWeekly, relationTo, weeklyActions, type WeeklyRelation } from './weekly.policy.js';
import { weeklyHtml, weeklySubject, weeklyText } from './weekly.render.js';
import type { WeeklyReportFields, WeeklyRepo } from './weekly.repo.js';
import { NO_SENT_ITEMS, type SentItemsSource } from './weekly.sentitems.js';
import { NO_WINS, presentWeeklyWin, weeksBetween, WINS_LOOKBACK_WEEKS, type WinsSource } from './weekly.wins.js';

const DAY_MS = 86_400_000;

/** The ISO week before the given one. */
export function previousIsoWeek(isoWeek: string): string {
  return shiftIsoWeek(isoWeek, -1);
}

/** Everything a week's reports are presented from, loaded once for several authors. */
interface WeekData {
  keyResultsOf: Map<string, Array<{ keyResult: KeyResultRecord; objective: ObjectiveRecord }>>;
  checkIns: Map<string, CheckInRecord>;
  people: Map<string, WeeklyPerson>;
  /** Out-of-office periods of each author from Outlook, this and next week. */
  timeOff: Map<string, TimeOffPeriod[]>;
}

const checkInKey = (keyResultId: string, isoWeek: string): string => `${keyResultId}:${isoWeek}`;
const iso = (date: Date | null | undefined): string | null => (date ? new Date(date).toISOString() : null);

/** The weekly OKR mail: drafts pre-filled from the OKR data, saving (check-ins through the OKR service), rendering, sending and review. */
export class WeeklyService {
  constructor(
    private readonly repo: WeeklyRepo,
    private readonly okrsRepo: OkrsRepo,
    private readonly okrs: OkrsService,
    private readonly settings: SettingsService,
    private readonly directory: OrgDirectory,
    private readonly calendar: CalendarSource = NO_CALENDAR,
    private readonly clock: () => Date = () => new Date(),
    private readonly preferences = new PreferencesRepo(),
    private readonly sentItems: SentItemsSource = NO_SENT_ITEMS,
    private readonly wins: WinsSource = NO_WINS,
  ) {}

  private requireWeek(isoWeek: string): void {
    if (!isValidIsoWeek(isoWeek)) throw new AppError('validation_failed', `isoWeek: ${isoWeek} does not exist.`);
  }

  /**
   * Active key results owned by the authors in the period holding the week, their check-ins of this and last week, and names.
   * `fromMemory` reads the check-ins through the read model (for answers only, never for deciding a write).
   */
  private async weekData(
    tenantId: string,
    authorIds: readonly string[],
    isoWeek: string,
    waitForCalendar = true,
    fromMemory = false,
  ): Promise<WeekData> {
    const settings = await this.settings.stored(tenantId);
    const thursday = new Date(isoWeekStart(isoWeek).getTime() + 3 * DAY_MS).toISOString().slice(0, 10);
    const periodId = periodIdOf(thursday, settings.fiscalYearStartMonth);
    const objectives = (await this.okrsRepo.objectivesOfOwners(tenantId, [periodId], authorIds)).filter((o) => o.state === 'active');
    const objectiveById = new Map(objectives.map((o) => [o._id.toHexString(), o]));
    const keyResults = await this.okrsRepo.keyResultsOf(
      tenantId,
      objectives.map((o) => o._id),
    );
    const keyResultsOf = new Map<string, Array<{ keyResult: KeyResultRecord; objective: ObjectiveRecord }>>();
    for (const keyResult of keyResults) {
      const objective = objectiveById.get(keyResult.objectiveId.toHexString());
      if (!objective || keyResult.ownerId !== objective.ownerId) continue;
      const list = keyResultsOf.get(keyResult.ownerId) ?? [];
      list.push({ keyResult, objective });
      keyResultsOf.set(keyResult.ownerId, list);
    }
    const weeks = [isoWeek, previousIsoWeek(isoWeek)];
    const keyResultIds = keyResults.map((kr) => kr._id);
    const rows = fromMemory
      ? await this.okrsRepo.cachedCheckIns(tenantId, keyResultIds, weeks)
      : await this.repo.checkIns(tenantId, keyResultIds, weeks);
    const checkIns = new Map(rows.map((row) => [checkInKey(row.keyResultId.toHexString(), row.isoWeek), row]));
    const weekStart = isoWeekStart(isoWeek).getTime();
    const [people, timeOff] = await Promise.all([
      this.peopleOf(tenantId, authorIds),
      Promise.all(
        authorIds.map((id) => this.calendar.timeOff(tenantId, settings.timeZone, id, weekStart, weekStart + 14 * DAY_MS, waitForCalendar)),
      ),
    ]);
    return { keyResultsOf, checkIns, people, timeOff: new Map(authorIds.map((id, index) => [id, timeOff[index]!])) };
  }

  private async peopleOf(tenantId: string, ids: readonly string[]): Promise<Map<string, WeeklyPerson>> {
    const rows = await this.directory.cachedPeople(tenantId, [...new Set(ids)]);
    return new Map(
      [...rows.values()].map((row) => [row.id, { id: row.id, displayName: row.displayName ?? '', email: row.mail || row.upn || '' }]),
    );
  }

  private present(
    authorId: string,
    isoWeek: string,
    stored: WeeklyReportRecord | null,
    lastWeek: WeeklyReportRecord | null,
    data: WeekData,
    relation: WeeklyRelation,
    wins: WeeklyWin[] = [],
  ): WeeklyReport {
    const lastIsoWeek = previousIsoWeek(isoWeek);
    const status = stored?.status ?? 'draft';
    const keyResults = (data.keyResultsOf.get(authorId) ?? []).map(({ keyResult, objective }) => {
      const id = keyResult._id.toHexString();
      const current = data.checkIns.get(checkInKey(id, isoWeek));
      const previous = data.checkIns.get(checkInKey(id, lastIsoWeek));
      const value = current?.value ?? keyResult.current;
      return {
        keyResultId: id,
        objectiveId: objective._id.toHexString(),
        objectiveTitle: objective.title,
        title: keyResult.title,
        unit: keyResult.unit ?? '',
        start: keyResult.start,
        target: keyResult.target,
        value,
        progress: keyResultProgress({ ...keyResult, current: value }),
        confidence: current?.confidence ?? previous?.confidence ?? null,
        lastWeekConfidence: previous?.confidence ?? null,
        confidenceChange: current && previous ? current.confidence - previous.confidence : null,
        note: current?.note ?? '',
        checkedIn: current !== undefined,
      };
    });
    const lastWeekPriorities = stored
      ? stored.lastWeekPriorities.map((p) => ({ title: p.title, keyResultId: p.keyResultId ?? null, status: p.status ?? null }))
      : (lastWeek?.priorities ?? []).map((p) => ({ title: p.title, keyResultId: p.keyResultId ?? null, status: null }));
    return {
      id: `${authorId}:${isoWeek}`,
      author: data.people.get(authorId) ?? { id: authorId, displayName: '', email: '' },
      isoWeek,
      status,
      version: stored?.version ?? 0,
      keyResults,
      lastWeekPriorities,
      priorities: (stored?.priorities ?? []).map((p, index) => ({ rank: index + 1, title: p.title, keyResultId: p.keyResultId ?? null })),
      risks: stored?.risks ?? '',
      timeOff: stored?.timeOff ?? '',
      calendarTimeOff: data.timeOff.get(authorId) ?? [],
      includeWins: stored?.includeWins ?? true,
      wins,
      sentAt: iso(stored?.sentAt),
      onTime: stored?.onTime ?? null,
      reviewedAt: iso(stored?.reviewedAt),
      reviewedBy: stored?.reviewedBy ?? null,
      reviewComment: stored?.reviewComment ?? null,
      allowedActions: weeklyActions(relation, status, stored !== null),
    };
  }

  /**
   * The caller's report of the week. `fromMemory` (answers only: the draft and the rendered mail) reads the reports and
   * check-ins through the read model, so a warm read sends no database command; writers read them from the database.
   */
  private async ownReport(
    principal: Principal,
    isoWeek: string,
    { lookInSentItems = false, waitForCalendar = true, fromMemory = false } = {},
  ): Promise<{ stored: WeeklyReportRecord | null; report: WeeklyReport }> {
    const { tenantId, userId } = principal;
    authorizeWeekly(relationTo(principal, userId, []), 'read', 'draft', false);
    const earlierWeeks = Array.from({ length: WINS_LOOKBACK_WEEKS - 1 }, (_, index) => shiftIsoWeek(isoWeek, -2 - index));
    const reportOf = (week: string): Promise<WeeklyReportRecord | null> =>
      fromMemory ? this.repo.cachedReport(tenantId, userId, week) : this.repo.report(tenantId, userId, week);
    const [stored, lastWeek, data, earlier, wins] = await Promise.all([
      reportOf(isoWeek).then((row) => (lookInSentItems ? this.recognizeSent(tenantId, row) : row)),
      reportOf(previousIsoWeek(isoWeek)),
      this.weekData(tenantId, [userId], isoWeek, waitForCalendar, fromMemory),
      Promise.all(earlierWeeks.map(reportOf)),
      this.wins.winsByAuthor(tenantId, userId, weeksBetween(shiftIsoWeek(isoWeek, -WINS_LOOKBACK_WEEKS), isoWeek)),
    ]);
    const mailed = WeeklyService.winsToMail(wins, stored, [lastWeek, ...earlier]);
    return { stored, report: this.present(userId, isoWeek, stored, lastWeek, data, 'author', mailed) };
  }

  /**
   * The wins a mail lists: those posted since the author's previous sent mail (the latest of the earlier weeks', at most
   * {@link WINS_LOOKBACK_WEEKS} back) and, once this mail is sent, before it was sent. Newest first.
   */
  private static winsToMail(
    wins: readonly WinRecord[],
    stored: WeeklyReportRecord | null,
    earlier: ReadonlyArray<WeeklyReportRecord | null>,
  ): WeeklyWin[] {
    const previous = earlier.find((row) => row !== null && row.status !== 'draft' && row.sentAt);
    const since = previous?.sentAt ? new Date(previous.sentAt).getTime() : Number.NEGATIVE_INFINITY;
    const until = stored && stored.status !== 'draft' && stored.sentAt ? new Date(stored.sentAt).getTime() : Number.POSITIVE_INFINITY;
    return wins
      .filter((win) => {
        const at = new Date(win.createdAt).getTime();
        return at > since && at <= until;
      })
      .map(presentWeeklyWin);
  }

  /** Writes the next version of a report or answers 409 when someone else owns it. */
  private async writeNext(principal: Principal, authorId: string, isoWeek: string, version: number, fields: WeeklyReportFields) {
    if (!(await this.repo.claimVersion(principal.tenantId, authorId, isoWeek, version))) {
      throw new AppError('conflict', 'The weekly report was changed meanwhile; reload and try again.');
    }
    return this.repo.write(principal.tenantId, authorId, isoWeek, version + 1, fields);
  }

  private static fieldsOf(stored: WeeklyReportRecord): WeeklyReportFields {
    const { _id, tenantId, authorId, isoWeek, version, createdAt, updatedAt, sendAttemptedAt, ...fields } = stored as WeeklyReportRecord & {
      createdAt?: Date;
      updatedAt?: Date;
    };
    return fields;
  }

  /** `GET /api/weekly/:isoWeek`: the caller's report of the week, pre-filled; creates nothing. */
  async get(principal: Principal, isoWeek: string): Promise<WeeklyReport> {
    this.requireWeek(isoWeek);
    // The task pane's first paint waits on this read: time off not yet cached arrives with the next read (the rendered mail waits for it).
    return (await this.ownReport(principal, isoWeek, { lookInSentItems: true, waitForCalendar: false, fromMemory: true })).report;
  }

  /** The author's deadline of the week: the tenant's, for managers or members, in the author's time zone. */
  private async deadlineOf(tenantId: string, authorId: string, isoWeek: string): Promise<Date> {
    const settings = await this.settings.stored(tenantId);
    const isManager = (await this.directory.directReports(tenantId, authorId)).length > 0;
    const timeZone = (await this.preferences.timeZoneOf(tenantId, authorId)) ?? settings.timeZone;
    return authorDeadline(isoWeek, settings, isManager, timeZone);
  }

  /**
   * A draft whose send was attempted may have gone out through Smart Alerts' "Send anyway", which does
   * not call the send handler again: the author's Sent Items tell, and the draft is recorded sent at the
   * message's `sentDateTime` (on time or late like {@link markSent}). Anything else is returned as stored.
   */
  private async recognizeSent(tenantId: string, stored: WeeklyReportRecord | null): Promise<WeeklyReportRecord | null> {
    if (!stored || stored.status !== 'draft' || !stored.sendAttemptedAt) return stored;
    const { authorId, isoWeek } = stored;
    const since = isoWeekStart(isoWeek).getTime() - DAY_MS;
    const sentAt = await this.sentItems.sentAt(tenantId, authorId, `${authorId}:${isoWeek}`, isoWeek, since);
    if (!sentAt) return stored;
    const deadline = await this.deadlineOf(tenantId, authorId, isoWeek);
    if (!(await this.repo.claimVersion(tenantId, authorId, isoWeek, stored.version))) {
      return (await this.repo.report(tenantId, authorId, isoWeek)) ?? stored;
    }
    return this.repo.write(tenantId, authorId, isoWeek, stored.version + 1, {
      ...WeeklyService.fieldsOf(stored),
      status: 'sent',
      sentAt,
      onTime: sentAt.getTime() <= deadline.getTime(),
    });
  }

  /** `POST /api/weekly/:isoWeek/send-attempt`: the send handler saw the author try to send the mail (it may still go out or not). */
  async recordSendAttempt(principal: Principal, isoWeek: string): Promise<WeeklyReport> {
    this.requireWeek(isoWeek);
    const { stored, report } = await this.ownReport(principal, isoWeek);
    if (report.status !== 'draft') return report;
    authorizeWeekly('author', 'send', report.status, stored !== null);
    await this.repo.markSendAttempt(principal.tenantId, principal.userId, isoWeek, this.clock());
    return report;
  }

  /** `PUT /api/weekly/:isoWeek`: stores priorities and risks, and the week's check-ins through the OKR service (unchanged ones skipped). */
  async save(principal: Principal, isoWeek: string, input: SaveWeeklyReport): Promise<WeeklyReport> {
    this.requireWeek(isoWeek);
    const { stored, report } = await this.ownReport(principal, isoWeek);
    authorizeWeekly('author', 'update', report.status, stored !== null);
    if (report.version !== input.version)
      throw new AppError('conflict', `The weekly report is at version ${report.version}, not ${input.version}.`);
    const own = new Map(report.keyResults.map((kr) => [kr.keyResultId, kr]));
    const seen = new Set<string>();
    input.checkIns.forEach((checkIn, index) => {
      if (!own.has(checkIn.keyResultId) || seen.has(checkIn.keyResultId)) {
        throw new AppError('validation_failed', `checkIns.${index}.keyResultId: not one of your active key results (or repeated).`, {
          errors: [{ path: `checkIns.${index}.keyResultId`, message: 'not one of your active key results, or repeated' }],
        });
      }
      seen.add(checkIn.keyResultId);
    });
    input.priorities.forEach((priority, index) => {
      if (priority.keyResultId && !own.has(priority.keyResultId)) {
        throw new AppError('validation_failed', `priorities.${index}.keyResultId: not one of your active key results.`, {
          errors: [{ path: `priorities.${index}.keyResultId`, message: 'not one of your active key results' }],
        });
      }
    });
    if (input.checkIns.length > 0 && isoWeek > latestStartedIsoWeek(this.clock())) {
      throw new AppError('validation_failed', 'isoWeek: check-ins cannot be made for a future week.');
    }
    const base: WeeklyReportFields = stored
      ? WeeklyService.fieldsOf(stored)
      : {
          status: 'draft',
          priorities: [],
          lastWeekPriorities: [],
          risks: '',
          timeOff: '',
          includeWins: true,
          sentAt: null,
          onTime: null,
          reviewedAt: null,
          reviewedBy: null,
          reviewComment: null,
        };
    await this.writeNext(principal, principal.userId, isoWeek, input.version, {
      ...base,
      priorities: input.priorities.map((p) => ({ title: p.title, keyResultId: p.keyResultId, status: null })),
      lastWeekPriorities: input.lastWeekPriorities.map((p) => ({ title: p.title, keyResultId: p.keyResultId, status: p.status })),
      risks: input.risks,
      timeOff: input.timeOff,
      includeWins: input.includeWins,
    });
    for (const checkIn of input.checkIns) {
      const current = own.get(checkIn.keyResultId)!;
      const unchanged =
        current.checkedIn && current.value === checkIn.value && current.confidence === checkIn.confidence && current.note === checkIn.note;
      if (unchanged) continue;
      await this.okrs.checkIn(principal, checkIn.keyResultId, isoWeek, {
        value: checkIn.value,
        confidence: checkIn.confidence,
        note: checkIn.note,
      });
    }
    return this.get(principal, isoWeek);
  }

  /** `GET /api/weekly/:isoWeek/render`: subject, email-safe HTML, plain text and recipients of the caller's mail. */
  async render(principal: Principal, isoWeek: string): Promise<RenderedWeeklyMail> {
    this.requireWeek(isoWeek);
    const { report } = await this.ownReport(principal, isoWeek, { fromMemory: true });
    const managerId = (await this.directory.managerChain(principal.tenantId, principal.userId))[0];
    const teammates = managerId
      ? (await this.directory.directReports(principal.tenantId, managerId)).filter((id) => id !== principal.userId)
      : [];
    const people = await this.peopleOf(principal.tenantId, [...(managerId ? [managerId] : []), ...teammates]);
    const recipients = (ids: readonly string[]): WeeklyPerson[] => ids.flatMap((id) => (people.get(id) ? [people.get(id)!] : []));
    return {
      subject: weeklySubject(report),
      html: weeklyHtml(report),
      text: weeklyText(report),
      to: recipients(managerId ? [managerId] : []),
      cc: recipients(teammates).sort((a, b) => a.displayName.localeCompare(b.displayName)),
      allowedActions: report.allowedActions,
    };
  }

  /** `POST /api/weekly/:isoWeek/sent`: records when it was sent and whether before the deadline in the author's time zone (idempotent). */
  async markSent(principal: Principal, isoWeek: string): Promise<WeeklyReport> {
    this.requireWeek(isoWeek);
    const { stored, report } = await this.ownReport(principal, isoWeek);
    authorizeWeekly('author', 'send', report.status, stored !== null);
    if (!stored || stored.status !== 'draft') return report;
    const deadline = await this.deadlineOf(principal.tenantId, principal.userId, isoWeek);
    const now = this.clock();
    await this.writeNext(principal, principal.userId, isoWeek, stored.version, {
      ...WeeklyService.fieldsOf(stored),
      status: 'sent',
      sentAt: now,
      onTime: now.getTime() <= deadline.getTime(),
    });
    return this.get(principal, isoWeek);
  }

  /** `POST /api/weekly/:authorId/:isoWeek/review`: someone in the author's manager chain marks a sent report reviewed. */
  async review(principal: Principal, authorId: string, isoWeek: string, input: ReviewWeeklyReport): Promise<WeeklyReport> {
    this.requireWeek(isoWeek);
    const { tenantId } = principal;
    const relation = relationTo(principal, authorId, await this.directory.managerChain(tenantId, authorId));
    authorizeWeekly(relation, 'read', 'draft', false);
    const stored = await this.repo.report(tenantId, authorId, isoWeek);
    if (!stored) throw new AppError('not_found', 'No such weekly report.');
    authorizeWeekly(relation, 'review', stored.status, true);
    const updated = await this.writeNext(principal, authorId, isoWeek, stored.version, {
      ...WeeklyService.fieldsOf(stored),
      status: 'reviewed',
      reviewedAt: this.clock(),
      reviewedBy: principal.userId,
      reviewComment: input.comment || null,
    });
    const [lastWeek, data] = await Promise.all([
      this.repo.report(tenantId, authorId, previousIsoWeek(isoWeek)),
      this.weekData(tenantId, [authorId], isoWeek),
    ]);
    return this.present(authorId, isoWeek, updated, lastWeek, data, relation);
  }

  /** `GET /api/weekly/review/:isoWeek`: the caller's own mail first, then each direct report's with on time / late / missing / reviewed. */
  async reviewQueue(principal: Principal, isoWeek: string): Promise<WeeklyReviewQueue> {
    this.requireWeek(isoWeek);
    const { tenantId, userId } = principal;
    authorizeWeekly(relationTo(principal, userId, []), 'read', 'draft', false);
    const reports = await this.directory.directReports(tenantId, userId);
    const authors = [userId, ...reports];
    const [stored, lastWeek, data] = await Promise.all([
      this.repo.reports(tenantId, authors, isoWeek).then(async (rows) => {
        const recognized = await Promise.all([...rows.values()].map((row) => this.recognizeSent(tenantId, row)));
        return new Map(recognized.map((row) => [row!.authorId, row!]));
      }),
      this.repo.reports(tenantId, authors, previousIsoWeek(isoWeek)),
      this.weekData(tenantId, authors, isoWeek),
    ]);
    const statusOf = (row: WeeklyReportRecord | undefined): WeeklyQueueStatus =>
      !row || row.status === 'draft' ? 'missing' : row.status === 'reviewed' ? 'reviewed' : row.onTime ? 'on_time' : 'late';
    const items = authors.map((authorId, index) => {
      const row = stored.get(authorId);
      const report = this.present(authorId, isoWeek, row ?? null, lastWeek.get(authorId) ?? null, data, index === 0 ? 'author' : 'manager');
      return { author: report.author, own: index === 0, status: statusOf(row), report: row ? report : null };
    });
    const [own, ...others] = items;
    others.sort((a, b) => a.author.displayName.localeCompare(b.author.displayName));
    return { isoWeek, items: [own!, ...others], allowedActions: ['read'] };
  }
}
