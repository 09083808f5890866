import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Principal } from '../auth/principal.js';
import {
  INDIVIDUALS_GROUP_KEY,
  TEAM_CHECKIN_PAGE,
  type CheckInGroup,
  type CheckInMetric,
  type MarkDiscussed,
  type MetricStatus,
  type TeamCheckInAgenda,
  type TeamCheckInQuery,
} from '../contract/index.js';
import { AppError } from '../http/errors.js';
import type { ObjectiveRecord } from '../okrs/okrs.model.js';
import { confidenceColor, keyResultProgress, objectiveProgress } from '../okrs/okrs.progress.js';
import type { TenantOkrs } from '../okrs/okrs.readmodel.js';
import { isoWeekOf, isoWeekStart, isValidIsoWeek, localDate, periodIdOf, shiftIsoWeek } from '../okrs/periods.js';
import type { OrgDirectory } from '../org/org.directory.js';
import { requireTeam } from '../org/team-scope.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { WeeklyReportRecord } from '../weekly/weekly.model.js';
import { teamCheckInKey, type TeamCheckInRecord } from './teamcheckin.model.js';
import { authorizeTeamCheckIn } from './teamcheckin.policy.js';
import {
  compareRedEntries,
  confidenceOf,
  marksOf,
  presentAtRisk,
  presentObjective,
  presentRedItem,
  refsOf,
  type KeyResultView,
  type ObjectiveView,
  type RedEntry,
} from './teamcheckin.presenter.js';
import type { TeamCheckInRepo } from './teamcheckin.repo.js';

/** The team's health metrics of a week (`MetricsService` serves it from memory). */
export interface TeamMetricsSource {
  teamStatus(tenantId: string, teamId: string, isoWeek: string): Promise<MetricStatus[]>;
}

/** Most at-risk company key results listed. */
const MAX_AT_RISK = 50;
const COMPANY_KEY = 'company';
const METRICS_KEY = 'metrics';
const BAND_RANK = { red: 0, yellow: 1 } as const;

const isSent = (mail: WeeklyReportRecord): boolean => mail.status === 'sent' || mail.status === 'reviewed';

/** How often a reused agenda checks that the team's shape and the tenant's day are unchanged (the directory checks for org changes this often). */
const AGENDA_CHECK_MS = 5_000;
/** A reused agenda is built again at least this often (names and titles changed by an org sync). */
const AGENDA_REBUILD_MS = 60_000;
/** Most built agendas kept (per instance). */
const MAX_REUSED_AGENDAS = 2_000;

/** The agenda as every caller who may read it sees it (their allowed actions are added per request). */
type AgendaBody = Omit<TeamCheckInAgenda, 'allowedActions'>;

/** A built agenda and what it was built from: reused while the tenant's read model is the same object at the same sequence and generation. */
interface BuiltAgenda {
  model: TenantOkrs;
  seq: number;
  generation: number;
  /** Fingerprint of the team's people and the tenant's day ({@link TeamCheckInService.shapeOf}). */
  shape: string;
  checkAt: number;
  rebuildAt: number;
  body: Promise<AgendaBody>;
}

/** One group before presenting. */
interface GroupData {
  key: string;
  leadId: string | null;
  people: string[];
}

/** Everything the agenda shows, for all items (the page of red items is cut when presenting). */
interface Collected {
  tenantId: string;
  teamId: string;
  isoWeek: string;
  currentIsoWeek: string;
  periodId: string;
  people: number;
  company: ObjectiveView[];
  groups: Array<GroupData & { objectives: ObjectiveView[]; mailsSent: number }>;
  metrics: MetricStatus[] | null;
  red: RedEntry[];
  keys: Set<string>;
  state: TeamCheckInRecord | null;
}

/**
 * The Monday team check-in: company OKRs, then each group (sub-teams and the individual contributors), then
 * health metrics out of band, then red priorities and risks of the week's weekly mails; leads mark items discussed.
 * Answered from in-memory models (directory, OKR read model, cached weekly mails and state), never per-person reads.
 */
export class TeamCheckInService {
  private readonly built = new Map<string, BuiltAgenda>();

  constructor(
    private readonly repo: TeamCheckInRepo,
    private readonly settings: SettingsService,
    private readonly directory: OrgDirectory,
    private readonly metrics?: TeamMetricsSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `GET /api/teams/:teamId/check-ins/current`: this week's agenda in the tenant's time zone. */
  async current(principal: Principal, teamId: string, query: TeamCheckInQuery): Promise<TeamCheckInAgenda> {
    const actions = authorizeTeamCheckIn(await requireTeam(this.directory, principal, teamId), 'read');
    const settings = await this.settings.stored(principal.tenantId);
    const week = isoWeekOf(new Date(`${localDate(this.now(), settings.timeZone)}T00:00:00Z`));
    return { ...(await this.body(principal.tenantId, teamId, week, query)), allowedActions: actions };
  }

  /** `GET /api/teams/:teamId/check-ins/:isoWeek`. */
  async agenda(principal: Principal, teamId: string, isoWeek: string, query: TeamCheckInQuery): Promise<TeamCheckInAgenda> {
    const actions = authorizeTeamCheckIn(await requireTeam(this.directory, principal, teamId), 'read');
    requireWeek(isoWeek);
    return { ...(await this.body(principal.tenantId, teamId, isoWeek, query)), allowedActions: actions };
  }

  /** `PUT …/discussed`: marks or unmarks one item of the agenda (leads); 409 when `version` is not the stored one. */
  async markDiscussed(principal: Principal, teamId: string, isoWeek: string, input: MarkDiscussed): Promise<TeamCheckInAgenda> {
    const actions = authorizeTeamCheckIn(await requireTeam(this.directory, principal, teamId), 'facilitate');
    requireWeek(isoWeek);
    const collected = await this.collect(principal.tenantId, teamId, isoWeek);
    if (!collected.keys.has(input.itemKey)) {
      throw new AppError('validation_failed', 'itemKey: not an item of this agenda.', {
        errors: [{ path: 'itemKey', message: 'is not an item of this agenda' }],
      });
    }
    const _id = teamCheckInKey(principal.tenantId, teamId, isoWeek);
    const stored = await this.repo.state(_id);
    const version = stored?.version ?? 0;
    if (input.version !== version) throw new AppError('conflict', 'Someone marked the agenda meanwhile; reload it.');
    const marks = stored?.discussed ?? [];
    const already = marks.some((mark) => mark.key === input.itemKey);
    if (already !== input.discussed) {
      const discussed = input.discussed
        ? [...marks, { key: input.itemKey, by: principal.userId, at: this.now() }]
        : marks.filter((mark) => mark.key !== input.itemKey);
      const saved = await this.repo.save({ _id, tenantId: principal.tenantId, teamId, isoWeek, discussed }, version, principal.userId);
      if (!saved) throw new AppError('conflict', 'Someone marked the agenda meanwhile; reload it.');
    }
    const body = await this.present(principal.tenantId, await this.collect(principal.tenantId, teamId, isoWeek), {
      limit: TEAM_CHECKIN_PAGE,
    });
    return { ...body, allowedActions: actions };
  }

  /**
   * The agenda page, built once and shared by every request until the read model moves on (an OKR, weekly-mail,
   * metric or discussed-mark write logged anywhere), the team's shape or the tenant's day changes (checked every
   * {@link AGENDA_CHECK_MS}), or {@link AGENDA_REBUILD_MS} pass; concurrent requests share one build.
   */
  private async body(tenantId: string, teamId: string, isoWeek: string, query: TeamCheckInQuery): Promise<AgendaBody> {
    const key = `${tenantId}|${teamId}|${isoWeek}|${query.cursor ?? 0}|${query.limit ?? TEAM_CHECKIN_PAGE}`;
    const model = await this.repo.okrs(tenantId);
    const now = Date.now();
    const reusable = this.built.get(key);
    if (
      reusable &&
      reusable.model === model &&
      reusable.seq === model.seq &&
      reusable.generation === model.docGeneration &&
      now < reusable.rebuildAt
    ) {
      if (now < reusable.checkAt) return reusable.body;
      reusable.checkAt = now + AGENDA_CHECK_MS;
      if ((await this.shapeOf(tenantId, teamId)) === reusable.shape) return reusable.body;
    }
    const shape = await this.shapeOf(tenantId, teamId);
    const body = this.collect(tenantId, teamId, isoWeek).then((data) => this.present(tenantId, data, query));
    if (this.built.size >= MAX_REUSED_AGENDAS) this.built.delete(this.built.keys().next().value!);
    const entry: BuiltAgenda = {
      model,
      seq: model.seq,
      generation: model.docGeneration,
      shape,
      checkAt: now + AGENDA_CHECK_MS,
      rebuildAt: now + AGENDA_REBUILD_MS,
      body,
    };
    this.built.delete(key);
    this.built.set(key, entry);
    body.catch(() => {
      if (this.built.get(key) === entry) this.built.delete(key);
    });
    return body;
  }

  /** A fingerprint of who is in the team and where (breadth-first order of its subtree) and of the tenant's day and quarters. */
  private async shapeOf(tenantId: string, teamId: string): Promise<string> {
    const [settings, directs, everyone] = await Promise.all([
      this.settings.stored(tenantId),
      this.directory.directReports(tenantId, teamId),
      this.directory.subtree(tenantId, teamId),
    ]);
    return createHash('sha1')
      .update(`${localDate(this.now(), settings.timeZone)}|${settings.fiscalYearStartMonth}|${directs.join(',')}|${everyone.join(',')}`)
      .digest('base64');
  }

  private async collect(tenantId: string, teamId: string, isoWeek: string): Promise<Collected> {
    const [settings, okrs, directs, everyone, state] = await Promise.all([
      this.settings.stored(tenantId),
      this.repo.okrs(tenantId),
      this.directory.directReports(tenantId, teamId),
      this.directory.subtree(tenantId, teamId),
      this.repo.cachedState(tenantId, teamId, isoWeek),
    ]);
    const today = localDate(this.now(), settings.timeZone);
    const currentIsoWeek = isoWeekOf(new Date(`${today}T00:00:00Z`));
    const day = isoWeek === currentIsoWeek ? today : isoWeekStart(isoWeek).toISOString().slice(0, 10);
    const periodId = periodIdOf(day, settings.fiscalYearStartMonth);

    // One after the other: the directory answers from memory, and a shared version check then serves them all.
    const groups: GroupData[] = [];
    const individuals: string[] = [];
    for (const direct of directs) {
      const below = await this.directory.subtree(tenantId, direct);
      if (below.length === 0) individuals.push(direct);
      else groups.push({ key: `group:${direct}`, leadId: direct, people: [direct, ...below] });
    }
    if (individuals.length > 0) groups.push({ key: INDIVIDUALS_GROUP_KEY, leadId: null, people: individuals });

    const companyObjectives = objectivesOf(okrs, okrs.byPeriod.get(periodId) ?? [], periodId, 'company');
    const groupObjectives = groups.map((group) =>
      objectivesOf(
        okrs,
        group.people.flatMap((id) => [...(okrs.byOwner.get(id) ?? [])]),
        periodId,
      ),
    );
    const views = await this.keyResultViews(tenantId, okrs, [companyObjectives, ...groupObjectives].flat(), isoWeek);
    const objectiveView = (objective: ObjectiveRecord): ObjectiveView => {
      const keyResults = [...(okrs.keyResultsOf.get(objective._id.toHexString()) ?? [])].map((id) => views.get(id)!).filter(Boolean);
      return { objective, keyResults, progress: objectiveProgress(keyResults.map((view) => view.keyResult)) };
    };

    const [mails, metrics] = await Promise.all([
      this.repo.weeklyMails(tenantId, everyone, isoWeek),
      this.metricsOf(tenantId, teamId, isoWeek),
    ]);
    const sentBy = new Map(mails.filter(isSent).map((mail) => [mail.authorId, mail]));
    const red: RedEntry[] = [];
    for (const mail of sentBy.values()) {
      mail.lastWeekPriorities.forEach((priority, index) => {
        if (priority.status !== 'red') return;
        const keyResult = priority.keyResultId ? okrs.keyResults.get(priority.keyResultId) : undefined;
        red.push({
          key: `red:${mail.authorId}:${index}`,
          kind: 'red_priority',
          personId: mail.authorId,
          text: priority.title,
          keyResult: keyResult ? { id: keyResult._id.toHexString(), title: keyResult.title } : null,
          sentAt: mail.sentAt ?? null,
        });
      });
      const risks = (mail.risks ?? '').trim();
      if (risks)
        red.push({
          key: `risk:${mail.authorId}`,
          kind: 'risk',
          personId: mail.authorId,
          text: risks,
          keyResult: null,
          sentAt: mail.sentAt ?? null,
        });
    }
    red.sort(compareRedEntries);

    const keys = new Set<string>([COMPANY_KEY, METRICS_KEY, ...groups.map((group) => group.key), ...red.map((entry) => entry.key)]);
    for (const metric of metrics ?? []) keys.add(metricKey(metric));
    return {
      tenantId,
      teamId,
      isoWeek,
      currentIsoWeek,
      periodId,
      people: everyone.length,
      company: companyObjectives.map(objectiveView),
      groups: groups.map((group, index) => ({
        ...group,
        objectives: groupObjectives[index]!.map(objectiveView),
        mailsSent: group.people.reduce((count, id) => count + (sentBy.has(id) ? 1 : 0), 0),
      })),
      metrics,
      red,
      keys,
      state,
    };
  }

  /** Each key result's confidence in the week and the week before: from the key result when its last check-in is not later, else from that week's check-in (cached). */
  private async keyResultViews(
    tenantId: string,
    okrs: TenantOkrs,
    objectives: readonly ObjectiveRecord[],
    isoWeek: string,
  ): Promise<Map<string, KeyResultView>> {
    const previousWeek = shiftIsoWeek(isoWeek, -1);
    const rows = objectives.flatMap((objective) =>
      [...(okrs.keyResultsOf.get(objective._id.toHexString()) ?? [])].flatMap((id) => {
        const keyResult = okrs.keyResults.get(id);
        return keyResult ? [{ id, keyResult, objective }] : [];
      }),
    );
    const lastWeekOf = (row: (typeof rows)[number]): string | null => row.keyResult.lastCheckInWeek ?? null;
    const laterThan = (week: string) =>
      rows.filter((row) => (lastWeekOf(row) ?? '') > week).map((row) => row.keyResult._id as Types.ObjectId);
    const [thisWeek, weekBefore] = await Promise.all([
      this.repo.checkIns(tenantId, laterThan(isoWeek), isoWeek),
      this.repo.checkIns(tenantId, laterThan(previousWeek), previousWeek),
    ]);
    const confidenceIn = (checkIns: typeof thisWeek) => new Map(checkIns.map((row) => [row.keyResultId.toHexString(), row.confidence]));
    const now = confidenceIn(thisWeek);
    const before = confidenceIn(weekBefore);
    const views = new Map<string, KeyResultView>();
    for (const row of rows) {
      const last = lastWeekOf(row);
      const at = (week: string, stored: Map<string, number>): number | null => {
        if (last === null) return null;
        if (last <= week) return row.keyResult.lastConfidence ?? null;
        return stored.get(row.id) ?? null;
      };
      const confidence = at(isoWeek, now);
      const previous = at(previousWeek, before);
      const reasons: KeyResultView['reasons'] = [];
      if (confidence !== null && confidenceColor(confidence) === 'red') reasons.push('low_confidence');
      if (confidence !== null && previous !== null && confidence < previous) reasons.push('falling');
      views.set(row.id, {
        keyResult: row.keyResult,
        objective: row.objective,
        progress: keyResultProgress(row.keyResult),
        now: confidence,
        previous,
        reasons,
      });
    }
    return views;
  }

  private async metricsOf(tenantId: string, teamId: string, isoWeek: string): Promise<MetricStatus[] | null> {
    if (!this.metrics) return null;
    try {
      return await this.metrics.teamStatus(tenantId, teamId, isoWeek);
    } catch {
      return null;
    }
  }

  private async present(tenantId: string, data: Collected, query: TeamCheckInQuery): Promise<AgendaBody> {
    const offset = Number(query.cursor ?? 0);
    const limit = query.limit ?? TEAM_CHECKIN_PAGE;
    const page = data.red.slice(offset, offset + limit);
    const marks = (data.state?.discussed ?? []).filter((mark) => data.keys.has(mark.key));
    const atRisk = data.company
      .flatMap((view) => view.keyResults)
      .filter((view) => view.reasons.length > 0)
      .sort((a, b) => (a.now ?? 11) - (b.now ?? 11) || (b.previous ?? 0) - (b.now ?? 0) - ((a.previous ?? 0) - (a.now ?? 0)))
      .slice(0, MAX_AT_RISK);
    const ids = new Set<string>([data.teamId]);
    for (const view of data.company) ids.add(view.objective.ownerId);
    for (const view of atRisk) ids.add(view.keyResult.ownerId);
    for (const group of data.groups) {
      if (group.leadId) ids.add(group.leadId);
      for (const view of group.objectives)
        if (view.objective.level === 'team' && view.objective.ownerId === group.leadId) ids.add(view.objective.ownerId);
    }
    for (const entry of page) ids.add(entry.personId);
    for (const mark of marks) ids.add(mark.by);
    const ref = refsOf(await this.directory.cachedPeople(tenantId, [...ids]));
    const mark = marksOf(marks, ref);
    const manager = ref(data.teamId);

    const groups: CheckInGroup[] = data.groups.map((group) => {
      const keyResults = group.objectives.flatMap((view) => view.keyResults);
      const lead = group.leadId ? ref(group.leadId) : null;
      return {
        key: group.key,
        kind: group.leadId ? 'sub_team' : 'individuals',
        name: lead ? teamName(lead.name) : 'Individual contributors',
        lead,
        people: group.people.length,
        objectives: group.objectives.length,
        progress:
          group.objectives.length === 0
            ? null
            : Math.round((group.objectives.reduce((sum, view) => sum + view.progress, 0) / group.objectives.length) * 1000) / 1000,
        ...confidenceOf(keyResults),
        atRiskKeyResults: keyResults.filter((view) => view.reasons.length > 0).length,
        weeklyMails: { sent: group.mailsSent, expected: group.people.length },
        teamObjectives: group.objectives
          .filter((view) => view.objective.level === 'team' && view.objective.ownerId === group.leadId)
          .map((view) => presentObjective(view, ref)),
        discussed: mark(group.key),
      };
    });

    const live = data.metrics ?? [];
    const outOfBand: CheckInMetric[] = live
      .filter((metric) => metric.band !== 'green')
      .sort((a, b) => rankOf(a) - rankOf(b) || a.name.localeCompare(b.name))
      .map((metric) => ({ ...metric, key: metricKey(metric), discussed: mark(metricKey(metric)) }));

    const next = offset + limit;
    return {
      teamId: data.teamId,
      teamName: teamName(manager.name),
      manager,
      isoWeek: data.isoWeek,
      previousIsoWeek: shiftIsoWeek(data.isoWeek, -1),
      currentIsoWeek: data.currentIsoWeek,
      people: data.people,
      company: {
        key: COMPANY_KEY,
        periodId: data.periodId,
        objectives: data.company.map((view) => presentObjective(view, ref)),
        atRiskKeyResults: atRisk.map((view) => presentAtRisk(view, ref)),
        discussed: mark(COMPANY_KEY),
      },
      groups,
      metrics: {
        key: METRICS_KEY,
        available: data.metrics !== null,
        items: outOfBand,
        inBand: live.length - outOfBand.length,
        discussed: mark(METRICS_KEY),
      },
      redItems: {
        total: data.red.length,
        redPriorities: data.red.filter((entry) => entry.kind === 'red_priority').length,
        risks: data.red.filter((entry) => entry.kind === 'risk').length,
        items: page.map((entry) => presentRedItem(entry, ref, mark)),
        nextCursor: next < data.red.length ? String(next) : null,
      },
      discussedCount: marks.length,
      version: data.state?.version ?? 0,
    };
  }
}

/** 400 for a week that does not exist (week 53 of a short year). */
function requireWeek(isoWeek: string): void {
  if (!isValidIsoWeek(isoWeek)) {
    throw new AppError('validation_failed', 'isoWeek: no such week.', { errors: [{ path: 'isoWeek', message: 'no such week' }] });
  }
}

/** Active public objectives among `ids` in the period (of one level when given), in id order. */
function objectivesOf(okrs: TenantOkrs, ids: Iterable<string>, periodId: string, level?: ObjectiveRecord['level']): ObjectiveRecord[] {
  const rows: ObjectiveRecord[] = [];
  for (const id of ids) {
    const row = okrs.objectives.get(id);
    if (!row || row.periodId !== periodId || row.state !== 'active' || row.visibility !== 'public') continue;
    if (level && row.level !== level) continue;
    rows.push(row);
  }
  return rows.sort((a, b) => (a._id.toHexString() < b._id.toHexString() ? -1 : 1));
}

const metricKey = (metric: MetricStatus): string => `metric:${metric.metricId}`;
const rankOf = (metric: MetricStatus): number => (metric.band === null ? 2 : BAND_RANK[metric.band as 'red' | 'yellow']);
const teamName = (name: string): string => (name ? `${name}'s team` : 'Team');
