import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import type {
  GenerateTeamReport,
  LastingItem,
  MetricStatus,
  ReportMetric,
  ReportObjective,
  ReportWin,
  TeamReport,
  TeamReportContent,
  TeamReportList,
} from '../contract/index.js';
import type { GraphMailer, MailRecipient } from '../graph/send-mail.js';
import { AppError } from '../http/errors.js';
import type { CheckInRecord, KeyResultRecord, ObjectiveRecord } from '../okrs/okrs.model.js';
import { objectiveProgress } from '../okrs/okrs.progress.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import { isoWeekOf, localDate, periodIdOf, periodOf, shiftIsoWeek } from '../okrs/periods.js';
import type { OrgDirectory } from '../org/org.directory.js';
import { requireTeam } from '../org/team-scope.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { TeamReportRecord } from './reports.model.js';
import { authorizeReport, reportActions } from './reports.policy.js';
import { presentList, presentReport } from './reports.presenter.js';
import type { ReportsRepo } from './reports.repo.js';
import { reportHtml, reportSubject } from './reports.render.js';
import { lastingRuns, lastDayOfMonth, risksOf, shiftMonth, weeksOfMonth, type LastingRun, type Mention } from './reports.rules.js';

/** Health metrics over some weeks (the metrics feature's `MetricsService.monthValues`). */
export interface MonthMetricsSource {
  monthValues(
    tenantId: string,
    teamId: string,
    weeks: string[],
  ): Promise<Array<MetricStatus & { values: Array<{ isoWeek: string; value: number | null; band: MetricStatus['band'] }> }>>;
}

/** A team's wins of a week (the wins feature's `WinsService.winsOfWeek`). */
export interface WeekWinsSource {
  winsOfWeek(
    tenantId: string,
    teamId: string,
    isoWeek: string,
  ): Promise<
    Array<{
      id: string;
      authorId: string;
      isoWeek: string;
      text: string;
      link: { title?: string | null } | null;
      reactions: unknown[];
      createdAt: Date;
    }>
  >;
}

/** What the report service needs. */
export interface ReportsDependencies {
  repo: ReportsRepo;
  okrsRepo: OkrsRepo;
  settings: SettingsService;
  directory: OrgDirectory;
  metrics: MonthMetricsSource;
  wins: WeekWinsSource;
  mailer: GraphMailer;
  /** The Teams deep link opening the team's rituals in the personal app. */
  linkOf: (teamId: string) => string;
}

/** How many months back the list offers. */
const LISTED_MONTHS = 12;
/** Wins shown in the report (the most reacted to). */
const TOP_WINS = 5;
/** Company objectives shown at most. */
const MAX_COMPANY_OBJECTIVES = 20;

/** Outcome of one delivery attempt. */
export type DeliveryResult = 'sent' | 'failed' | 'already' | 'no_recipients';

/** The monthly team report: previews, stored snapshots and their one-time delivery by mail. */
export class ReportsService {
  constructor(private readonly deps: ReportsDependencies) {}

  /** `GET /api/teams/:teamId/reports`: the last twelve months (this one first), which of them are stored and mailed. */
  async list(principal: Principal, teamId: string, now = new Date()): Promise<TeamReportList> {
    const relation = await requireTeam(this.deps.directory, principal, teamId);
    authorizeReport(relation, 'read');
    const current = await this.currentMonth(principal.tenantId, now);
    const months = Array.from({ length: LISTED_MONTHS }, (_, index) => shiftMonth(current, -index));
    const [stored, manager] = await Promise.all([
      this.deps.repo.many(principal.tenantId, teamId, months),
      this.deps.directory.person(principal.tenantId, teamId),
    ]);
    return presentList(teamId, teamNameOf(manager?.displayName ?? ''), months, stored, reportActions(relation));
  }

  /** `GET /api/teams/:teamId/reports/:month`: the stored snapshot, or a preview computed now for a month without one. */
  async get(principal: Principal, teamId: string, month: string, now = new Date()): Promise<TeamReport> {
    const relation = await requireTeam(this.deps.directory, principal, teamId);
    authorizeReport(relation, 'read');
    await this.checkMonth(principal.tenantId, month, now);
    const stored = await this.deps.repo.get(principal.tenantId, teamId, month);
    const content = stored ? stored.content : await this.compute(principal.tenantId, teamId, month, now);
    return presentReport(teamId, content, stored, this.deps.linkOf(teamId), reportActions(relation));
  }

  /** `POST …/generate`: leads store a fresh snapshot; with `send` it is also mailed, once (409 when it was mailed). */
  async generate(principal: Principal, teamId: string, month: string, input: GenerateTeamReport, now = new Date()): Promise<TeamReport> {
    const relation = await requireTeam(this.deps.directory, principal, teamId);
    authorizeReport(relation, input.send ? 'send' : 'generate');
    const current = await this.checkMonth(principal.tenantId, month, now);
    if (input.send && month === current)
      throw new AppError('validation_failed', `The report of ${month} can be mailed once the month is over.`);
    const existing = await this.deps.repo.get(principal.tenantId, teamId, month);
    if (input.send && existing && (existing.delivery.status === 'sent' || existing.delivery.status === 'sending')) {
      throw new AppError('conflict', `The report of ${month} was already mailed.`);
    }
    const content = await this.compute(principal.tenantId, teamId, month, now);
    await this.deps.repo.save({ tenantId: principal.tenantId, teamId, month, content, generatedAt: now, generatedBy: principal.userId });
    if (input.send) {
      const result = await this.deliver(principal.tenantId, teamId, month, `request:${randomUUID()}`, principal.userId);
      if (result === 'already') throw new AppError('conflict', `The report of ${month} was already mailed.`);
    }
    const stored = await this.deps.repo.get(principal.tenantId, teamId, month);
    return presentReport(teamId, stored!.content, stored, this.deps.linkOf(teamId), reportActions(relation));
  }

  /** Stores the team's snapshot of the month unless one exists (no access decisions; for the schedule). */
  async ensureStored(tenantId: string, teamId: string, month: string, now = new Date()): Promise<TeamReportRecord | null> {
    const existing = await this.deps.repo.get(tenantId, teamId, month);
    if (existing) return existing;
    if ((await this.deps.directory.directReports(tenantId, teamId)).length === 0) return null;
    const content = await this.compute(tenantId, teamId, month, now);
    await this.deps.repo.insertIfAbsent({ tenantId, teamId, month, content, generatedAt: now, generatedBy: 'schedule' });
    return this.deps.repo.get(tenantId, teamId, month);
  }

  /**
   * Mails a stored report to the team's manager and the manager's manager, from the manager's mailbox. The delivery is
   * claimed in the database first, so however many instances or requests race, at most one mail leaves.
   */
  async deliver(tenantId: string, teamId: string, month: string, claimant: string, sentBy: string): Promise<DeliveryResult> {
    if (!(await this.deps.repo.claimDelivery(tenantId, teamId, month, claimant))) return 'already';
    const stored = (await this.deps.repo.get(tenantId, teamId, month))!;
    const manager = await this.deps.directory.person(tenantId, teamId);
    const above = manager?.managerId ? await this.deps.directory.person(tenantId, manager.managerId) : null;
    const recipients: MailRecipient[] = [];
    for (const person of [manager, above]) {
      const address = person?.mail || person?.upn;
      if (person && address && !recipients.some((recipient) => recipient.address.toLowerCase() === address.toLowerCase()))
        recipients.push({ name: person.displayName ?? '', address });
    }
    const sender = manager?.mail || manager?.upn || teamId;
    if (!manager || recipients.length === 0) {
      await this.deps.repo.finishDelivery(tenantId, teamId, month, claimant, {
        status: 'failed',
        sender,
        recipients,
        error: 'The team’s manager has no mailbox.',
      });
      return 'no_recipients';
    }
    try {
      const { requestId } = await this.deps.mailer.send(tenantId, teamId, {
        subject: reportSubject(stored.content),
        html: reportHtml(stored.content, this.deps.linkOf(teamId)),
        to: recipients,
        clientRequestId: randomUUID(),
      });
      await this.deps.repo.finishDelivery(tenantId, teamId, month, claimant, {
        status: 'sent',
        sender,
        recipients,
        sentAt: new Date(),
        sentBy,
        messageId: requestId,
      });
      return 'sent';
    } catch (error) {
      await this.deps.repo.finishDelivery(tenantId, teamId, month, claimant, {
        status: 'failed',
        sender,
        recipients,
        error: (error as Error).message,
      });
      return 'failed';
    }
  }

  /** The tenant's current month in its time zone. */
  async currentMonth(tenantId: string, now: Date): Promise<string> {
    const { timeZone } = await this.deps.settings.stored(tenantId);
    return localDate(now, timeZone).slice(0, 7);
  }

  /** 400 for a month after the current one; returns the current month. */
  private async checkMonth(tenantId: string, month: string, now: Date): Promise<string> {
    const current = await this.currentMonth(tenantId, now);
    if (month > current)
      throw new AppError('validation_failed', `params.month: ${month} has not begun yet.`, {
        errors: [{ path: 'params.month', message: `${month} is in the future` }],
      });
    return current;
  }

  /** Computes the report of a team's month from OKRs, metrics, wins and weekly mails (no access decisions). */
  async compute(tenantId: string, teamId: string, month: string, now = new Date()): Promise<TeamReportContent> {
    const weeks = weeksOfMonth(month);
    const [manager, people, settings] = await Promise.all([
      this.deps.directory.person(tenantId, teamId),
      this.deps.directory.subtree(tenantId, teamId),
      this.deps.settings.stored(tenantId),
    ]);
    const periodId = periodIdOf(lastDayOfMonth(month), settings.fiscalYearStartMonth);
    const [objectives, metrics, wins, lasting] = await Promise.all([
      this.objectives(tenantId, teamId, periodId, settings.fiscalYearStartMonth, weeks),
      this.metrics(tenantId, teamId, weeks),
      this.wins(tenantId, teamId, weeks),
      this.lasting(tenantId, teamId, weeks),
    ]);
    const managerName = manager?.displayName ?? '';
    return {
      team: { managerId: teamId, managerName, name: teamNameOf(managerName), people: people.length },
      month,
      weeks,
      generatedAt: now.toISOString(),
      okrs: { periodId, objectives },
      metrics,
      wins,
      lasting,
    };
  }

  private async objectives(
    tenantId: string,
    teamId: string,
    periodId: string,
    fiscalStart: number,
    weeks: string[],
  ): Promise<ReportObjective[]> {
    const live = (row: ObjectiveRecord) => row.state !== 'draft' && row.visibility === 'public';
    const [company, own] = await Promise.all([
      this.deps.okrsRepo.objectives(tenantId, { periodId, level: 'company', privateVisibleFor: [] }, { limit: 200 }),
      this.deps.okrsRepo.objectivesOfOwners(tenantId, [periodId], [teamId]),
    ]);
    const chosen = [...company.filter(live).slice(0, MAX_COMPANY_OBJECTIVES), ...own.filter((row) => live(row) && row.level === 'team')];
    if (chosen.length === 0) return [];
    const keyResults = await this.deps.okrsRepo.keyResultsOf(
      tenantId,
      chosen.map((row) => row._id),
    );
    const firstWeek = weeks[0]!;
    const lastWeek = weeks[weeks.length - 1]!;
    const periodStartWeek = isoWeekOf(new Date(`${periodOf(periodId, fiscalStart).start}T00:00:00Z`));
    const fetchWeeks: string[] = [];
    for (let week = periodStartWeek < firstWeek ? periodStartWeek : firstWeek; week <= lastWeek; week = shiftIsoWeek(week, 1))
      fetchWeeks.push(week);
    const checkIns = await this.deps.okrsRepo.cachedCheckIns(
      tenantId,
      keyResults.map((kr) => kr._id),
      fetchWeeks,
    );
    const byKeyResult = new Map<string, CheckInRecord[]>();
    for (const checkIn of checkIns) {
      const key = String(checkIn.keyResultId);
      byKeyResult.set(key, [...(byKeyResult.get(key) ?? []), checkIn]);
    }
    const owners = await this.deps.directory.cachedPeople(tenantId, [...new Set(chosen.map((row) => row.ownerId))]);
    return chosen.map((objective) => {
      const krs = keyResults.filter((kr) => String(kr.objectiveId) === String(objective._id));
      const latestBy = (kr: KeyResultRecord, week: string) =>
        (byKeyResult.get(String(kr._id)) ?? []).filter((row) => row.isoWeek <= week).sort((a, b) => (a.isoWeek < b.isoWeek ? 1 : -1))[0];
      const startValue = (kr: KeyResultRecord) => latestBy(kr, shiftIsoWeek(firstWeek, -1))?.value ?? kr.start;
      const endValue = (kr: KeyResultRecord) =>
        !kr.lastCheckInWeek || kr.lastCheckInWeek <= lastWeek ? kr.current : (latestBy(kr, lastWeek)?.value ?? kr.start);
      const measured = (value: (kr: KeyResultRecord) => number) => krs.map((kr) => ({ ...kr, current: value(kr) }));
      const confidence = weeks.map((isoWeek) => {
        const values = krs.flatMap((kr) =>
          (byKeyResult.get(String(kr._id)) ?? []).filter((row) => row.isoWeek === isoWeek).map((row) => row.confidence),
        );
        return { isoWeek, value: values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 };
      });
      const atRisk = krs.filter((kr) => {
        const last = (byKeyResult.get(String(kr._id)) ?? [])
          .filter((row) => weeks.includes(row.isoWeek))
          .sort((a, b) => (a.isoWeek < b.isoWeek ? 1 : -1))[0];
        return last !== undefined && last.confidence <= 3;
      }).length;
      return {
        id: String(objective._id),
        title: objective.title,
        level: objective.level === 'company' ? ('company' as const) : ('team' as const),
        ownerId: objective.ownerId,
        ownerName: owners.get(objective.ownerId)?.displayName ?? '',
        progressStart: objectiveProgress(measured(startValue)),
        progressEnd: objectiveProgress(measured(endValue)),
        confidence,
        atRiskKeyResults: atRisk,
      };
    });
  }

  private async metrics(tenantId: string, teamId: string, weeks: string[]): Promise<ReportMetric[]> {
    const rows = await this.deps.metrics.monthValues(tenantId, teamId, weeks);
    return rows.map((row) => {
      const values = weeks.map((isoWeek) => {
        const found = row.values.find((value) => value.isoWeek === isoWeek);
        return { isoWeek, value: found?.value ?? null, band: found?.band ?? null };
      });
      const last = [...values].reverse().find((value) => value.value !== null);
      return { id: row.metricId, name: row.name, unit: row.unit, direction: row.direction, values, band: last?.band ?? null };
    });
  }

  private async wins(tenantId: string, teamId: string, weeks: string[]): Promise<TeamReportContent['wins']> {
    const all = (await Promise.all(weeks.map((week) => this.deps.wins.winsOfWeek(tenantId, teamId, week)))).flat();
    const top = [...all]
      .sort((a, b) => b.reactions.length - a.reactions.length || new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
      .slice(0, TOP_WINS);
    const authors = await this.deps.directory.cachedPeople(tenantId, [...new Set(top.map((win) => win.authorId))]);
    const shaped: ReportWin[] = top.map((win) => ({
      id: win.id,
      authorId: win.authorId,
      authorName: authors.get(win.authorId)?.displayName ?? '',
      text: win.text,
      isoWeek: win.isoWeek,
      reactions: win.reactions.length,
      linkTitle: win.link?.title ?? null,
    }));
    return { count: all.length, top: shaped };
  }

  /** Red priorities and risks of the manager's direct reports that lasted more than two weeks (see {@link lastingRuns}). */
  private async lasting(tenantId: string, teamId: string, weeks: string[]): Promise<TeamReportContent['lasting']> {
    const reports = await this.deps.directory.directReports(tenantId, teamId);
    const lookback: string[] = [];
    for (let week = shiftIsoWeek(weeks[0]!, -2); week <= weeks[weeks.length - 1]!; week = shiftIsoWeek(week, 1)) lookback.push(week);
    const mails = (await Promise.all(reports.map((personId) => this.deps.repo.weeklyMails(tenantId, personId, lookback)))).flat();
    const red: Mention[] = [];
    const risks: Mention[] = [];
    for (const mail of mails) {
      for (const priority of mail.lastWeekPriorities) {
        if (priority.status === 'red') red.push({ personId: mail.authorId, isoWeek: mail.isoWeek, text: priority.title });
      }
      for (const risk of risksOf(mail.risks ?? '')) risks.push({ personId: mail.authorId, isoWeek: mail.isoWeek, text: risk });
    }
    const redRuns = lastingRuns(red, weeks);
    const riskRuns = lastingRuns(risks, weeks);
    const names = await this.deps.directory.cachedPeople(tenantId, [...new Set([...redRuns, ...riskRuns].map((run) => run.personId))]);
    const shape = (run: LastingRun): LastingItem => ({
      personId: run.personId,
      personName: names.get(run.personId)?.displayName ?? '',
      text: run.text,
      weeks: run.weeks,
    });
    return { redPriorities: redRuns.map(shape), risks: riskRuns.map(shape) };
  }
}

/** The display name of a manager's team. */
export function teamNameOf(managerName: string): string {
  return managerName ? `${managerName}'s team` : 'Team';
}
