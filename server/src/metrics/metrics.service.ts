import { Types } from 'mongoose';
import type { Principal } from '../auth/principal.js';
import type {
  ArchiveMetric,
  CreateMetric,
  Metric,
  MetricHistory,
  MetricHistoryQuery,
  MetricImportRequest,
  MetricImportResult,
  MetricImportRow,
  MetricStatus,
  PutMetricValue,
  TeamMetrics,
  UpdateMetric,
} from '../contract/index.js';
import { MAX_TEAM_METRICS, METRIC_TREND_WEEKS, metricBandOf, thresholdOrderProblem } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import { isoWeekOf, isValidIsoWeek, latestStartedIsoWeek, localDate, shiftIsoWeek } from '../okrs/periods.js';
import type { OrgDirectory } from '../org/org.directory.js';
import { requireTeam, type TeamRelation } from '../org/team-scope.js';
import type { SettingsService } from '../settings/settings.service.js';
import { parseMetricCsv } from './metrics.csv.js';
import { metricChangeKey, metricValueKey, teamMetricsKey, type MetricDefinitionRecord, type TeamMetricsRecord } from './metrics.model.js';
import { authorizeMetric, authorizeTeamMetrics, metricActions, teamMetricsActions } from './metrics.policy.js';
import { presentChange, presentMetric, presentStatus, presentWeekValue, type PersonRefOf } from './metrics.presenter.js';
import type { MetricChangeFields, MetricsRepo } from './metrics.repo.js';

/** How often a write is retried after losing a race with another write to the same document. */
const WRITE_ATTEMPTS = 5;
/** Change records of one week's value shown in the history (the newest). */
const CHANGES_PER_WEEK = 20;
/** Rows of an import read or written at once. */
const IMPORT_CHUNK = 50;

const text = (value: number | string | null | undefined): string | null => (value === null || value === undefined ? null : String(value));

function badRequest(path: string, message: string): AppError {
  return new AppError('validation_failed', `${path}: ${message}`, { errors: [{ path, message }] });
}

/** What a definition edit tells the change log. */
interface DefinitionEdit {
  doc: TeamMetricsRecord;
  metricId: string;
  kind: 'created' | 'updated' | 'archived';
  changes: MetricChangeFields['changes'];
}

/**
 * Health metrics (KPIs) of a team: definitions edited by the team's leads, weekly values entered by each metric's
 * owner or a lead (one at a time or from CSV), history with who changed what. Metrics never touch OKR progress.
 */
export class MetricsService {
  constructor(
    private readonly repo: MetricsRepo,
    private readonly settings: SettingsService,
    private readonly directory: OrgDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The current ISO week in the tenant's time zone. */
  async currentWeek(tenantId: string): Promise<string> {
    const { timeZone } = await this.settings.stored(tenantId);
    return isoWeekOf(new Date(`${localDate(this.clock(), timeZone)}T00:00:00Z`));
  }

  /**
   * Every live metric of the team in `isoWeek`: its value (or null), band and the week before's value. Served from
   * memory after the first read (team document and two values per metric, by `_id`), so its cost does not grow with the tenant.
   */
  async teamStatus(tenantId: string, teamId: string, isoWeek: string): Promise<MetricStatus[]> {
    const team = await this.repo.cachedTeam(tenantId, teamId);
    const live = (team?.metrics ?? []).filter((metric) => !metric.archived);
    const previous = shiftIsoWeek(isoWeek, -1);
    const values = await Promise.all(live.map((metric) => this.repo.cachedValues(tenantId, teamId, metric._id, [previous, isoWeek])));
    return live.map((metric, index) =>
      presentStatus(teamId, metric, isoWeek, values[index]!.get(isoWeek)?.value ?? null, values[index]!.get(previous)?.value ?? null),
    );
  }

  /** Every live metric of the team with its value and band in each of `weeks` (status as of the last of them), for the monthly report. */
  async monthValues(
    tenantId: string,
    teamId: string,
    weeks: string[],
  ): Promise<Array<MetricStatus & { values: Array<{ isoWeek: string; value: number | null; band: MetricStatus['band'] }> }>> {
    const sorted = [...new Set(weeks)].sort();
    const last = sorted[sorted.length - 1];
    if (!last) return [];
    const previous = shiftIsoWeek(last, -1);
    const team = await this.repo.cachedTeam(tenantId, teamId);
    const live = (team?.metrics ?? []).filter((metric) => !metric.archived);
    const wanted = [...new Set([...sorted, previous])];
    const values = await Promise.all(live.map((metric) => this.repo.cachedValues(tenantId, teamId, metric._id, wanted)));
    return live.map((metric, index) => {
      const of = values[index]!;
      return {
        ...presentStatus(teamId, metric, last, of.get(last)?.value ?? null, of.get(previous)?.value ?? null),
        values: sorted.map((isoWeek) => {
          const value = of.get(isoWeek)?.value ?? null;
          return { isoWeek, value, band: metricBandOf(metric.direction, metric.thresholds, value) };
        }),
      };
    });
  }

  /** `GET /api/teams/:teamId/metrics`. */
  async list(principal: Principal, teamId: string): Promise<TeamMetrics> {
    const relation = await requireTeam(this.directory, principal, teamId);
    const team = await this.repo.cachedTeam(principal.tenantId, teamId);
    const all = team?.metrics ?? [];
    authorizeTeamMetrics(principal, 'read', relation, all);
    const isoWeek = await this.currentWeek(principal.tenantId);
    const live = all.filter((metric) => !metric.archived);
    const metrics = await this.present(principal, relation, teamId, live, isoWeek);
    return { teamId, isoWeek, metrics, allowedActions: teamMetricsActions(principal, relation, all) };
  }

  /** `POST /api/teams/:teamId/metrics`. */
  async create(principal: Principal, teamId: string, input: CreateMetric): Promise<Metric> {
    const relation = await requireTeam(this.directory, principal, teamId);
    const ownerId = input.ownerId ?? teamId;
    await this.requireOwner(principal.tenantId, teamId, ownerId);
    const metricId = new Types.ObjectId().toHexString();
    const saved = await this.editTeam(principal, teamId, (doc) => {
      authorizeTeamMetrics(principal, 'create', relation, doc.metrics);
      const problem = thresholdOrderProblem(input.direction, input.thresholds);
      if (problem) throw badRequest('body.thresholds', problem);
      const live = doc.metrics.filter((metric) => !metric.archived);
      if (live.length >= MAX_TEAM_METRICS)
        throw new AppError('conflict', `A team keeps at most ${MAX_TEAM_METRICS} live metrics; archive one first.`);
      this.requireUniqueName(live, input.name, null);
      const metric: MetricDefinitionRecord = {
        _id: metricId,
        name: input.name,
        unit: input.unit,
        direction: input.direction,
        thresholds: { green: input.thresholds.green, yellow: input.thresholds.yellow },
        description: input.description,
        ownerId,
        archived: false,
        version: 1,
        revisions: [],
        createdAt: this.clock(),
        createdBy: principal.userId,
      };
      doc.metrics.push(metric);
      const changes = [
        { field: 'name', from: null, to: metric.name },
        { field: 'unit', from: null, to: metric.unit },
        { field: 'direction', from: null, to: metric.direction },
        { field: 'thresholds.green', from: null, to: text(metric.thresholds.green) },
        { field: 'thresholds.yellow', from: null, to: text(metric.thresholds.yellow) },
        { field: 'owner', from: null, to: ownerId },
      ];
      return { doc, metricId, kind: 'created', changes };
    });
    return this.presentOne(principal, relation, teamId, saved, metricId);
  }

  /** `PATCH /api/teams/:teamId/metrics/:metricId`. */
  async update(principal: Principal, teamId: string, metricId: string, input: UpdateMetric): Promise<Metric> {
    const relation = await requireTeam(this.directory, principal, teamId);
    if (input.ownerId !== undefined) await this.requireOwner(principal.tenantId, teamId, input.ownerId);
    const saved = await this.editTeam(principal, teamId, (doc) => {
      const metric = this.metricOf(doc, metricId);
      authorizeMetric(principal, 'update', relation, metric);
      if (metric.version !== input.version) throw new AppError('conflict', 'The metric was changed by someone else; reload it.');
      const direction = input.direction ?? metric.direction;
      const thresholds = input.thresholds ?? metric.thresholds;
      const problem = thresholdOrderProblem(direction, thresholds);
      if (problem) throw badRequest('body.thresholds', problem);
      if (input.name !== undefined)
        this.requireUniqueName(
          doc.metrics.filter((m) => !m.archived),
          input.name,
          metricId,
        );
      const changes: MetricChangeFields['changes'] = [];
      const note = (field: string, from: string | number, to: string | number | undefined): void => {
        if (to !== undefined && to !== from) changes.push({ field, from: text(from), to: text(to) });
      };
      note('name', metric.name, input.name);
      note('unit', metric.unit, input.unit);
      note('direction', metric.direction, input.direction);
      note('thresholds.green', metric.thresholds.green, input.thresholds?.green);
      note('thresholds.yellow', metric.thresholds.yellow, input.thresholds?.yellow);
      note('description', metric.description, input.description);
      note('owner', metric.ownerId, input.ownerId);
      if (changes.length === 0) return null;
      Object.assign(metric, {
        name: input.name ?? metric.name,
        unit: input.unit ?? metric.unit,
        direction,
        thresholds: { green: thresholds.green, yellow: thresholds.yellow },
        description: input.description ?? metric.description,
        ownerId: input.ownerId ?? metric.ownerId,
        version: metric.version + 1,
      });
      return { doc, metricId, kind: 'updated', changes };
    });
    return this.presentOne(principal, relation, teamId, saved, metricId);
  }

  /** `POST /api/teams/:teamId/metrics/:metricId/archive`: the metric leaves the list and the check-in; its history stays. */
  async archive(principal: Principal, teamId: string, metricId: string, input: ArchiveMetric): Promise<Metric> {
    const relation = await requireTeam(this.directory, principal, teamId);
    const saved = await this.editTeam(principal, teamId, (doc) => {
      const metric = this.metricOf(doc, metricId);
      if (metric.archived) return null;
      authorizeMetric(principal, 'archive', relation, metric);
      if (metric.version !== input.version) throw new AppError('conflict', 'The metric was changed by someone else; reload it.');
      metric.archived = true;
      metric.version += 1;
      return { doc, metricId, kind: 'archived', changes: [{ field: 'archived', from: 'false', to: 'true' }] };
    });
    return this.presentOne(principal, relation, teamId, saved, metricId);
  }

  /** `PUT /api/teams/:teamId/metrics/:metricId/values/:isoWeek`: idempotent (the same value again writes nothing). */
  async putValue(principal: Principal, teamId: string, metricId: string, isoWeek: string, input: PutMetricValue): Promise<Metric> {
    const relation = await requireTeam(this.directory, principal, teamId);
    const team = await this.repo.cachedTeam(principal.tenantId, teamId);
    const metric = team ? this.metricOf(team, metricId) : this.metricOf(null, metricId);
    authorizeMetric(principal, 'enterValue', relation, metric);
    this.requireWeek('params.isoWeek', isoWeek);
    const key = metricValueKey(principal.tenantId, teamId, metricId, isoWeek);
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const current = await this.repo.value(key);
      const version = current?.version ?? 0;
      if (input.version !== undefined && input.version !== version) {
        throw new AppError('conflict', `The value of ${isoWeek} was changed by someone else; reload it.`);
      }
      if (current?.value === input.value) break;
      const written = await this.repo.saveValue(
        {
          _id: key,
          tenantId: principal.tenantId,
          teamId,
          metricId,
          isoWeek,
          value: input.value,
          enteredBy: principal.userId,
          enteredAt: this.clock(),
        },
        version,
        this.valueChange(principal, teamId, metricId, isoWeek, current?.value ?? null, input.value, false),
      );
      if (written) break;
      if (input.version !== undefined || attempt === WRITE_ATTEMPTS - 1) {
        throw new AppError('conflict', `The value of ${isoWeek} was changed by someone else; reload it.`);
      }
    }
    const fresh = await this.repo.cachedTeam(principal.tenantId, teamId);
    return this.presentOne(principal, relation, teamId, fresh, metricId, isoWeek);
  }

  /** `GET /api/teams/:teamId/metrics/:metricId/history`. */
  async history(principal: Principal, teamId: string, metricId: string, query: MetricHistoryQuery): Promise<MetricHistory> {
    const relation = await requireTeam(this.directory, principal, teamId);
    const team = await this.repo.cachedTeam(principal.tenantId, teamId);
    const metric = this.metricOf(team, metricId);
    authorizeMetric(principal, 'read', relation, metric);
    const isoWeek = await this.currentWeek(principal.tenantId);
    const count = query.weeks ?? METRIC_TREND_WEEKS;
    const weeks = Array.from({ length: count }, (_, index) => shiftIsoWeek(isoWeek, index - count + 1));
    const values = await this.repo.cachedValues(principal.tenantId, teamId, metricId, weeks);
    const changeKeys: string[] = metric.revisions.map((version) => metricChangeKey(teamMetricsKey(principal.tenantId, teamId), version));
    for (const row of values.values()) {
      for (let version = Math.max(1, row.version - CHANGES_PER_WEEK + 1); version <= row.version; version += 1) {
        changeKeys.push(metricChangeKey(row._id, version));
      }
    }
    const changes = (await this.repo.changes(changeKeys)).filter((row) => row.metricId === metricId && row.tenantId === principal.tenantId);
    changes.sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime() || b._id.localeCompare(a._id, 'en', { numeric: true }));
    const ref = await this.refs(principal.tenantId, [
      metric.ownerId,
      ...[...values.values()].map((row) => row.enteredBy),
      ...changes.flatMap((row) => [row.by, ...row.changes.filter((c) => c.field === 'owner').flatMap((c) => [c.from ?? '', c.to ?? ''])]),
    ]);
    return {
      metric: presentMetric(principal, relation, teamId, metric, weeks, values, ref),
      values: [...values.values()].sort((a, b) => b.isoWeek.localeCompare(a.isoWeek)).map((row) => presentWeekValue(metric, row, ref)),
      changes: changes.map((row) => presentChange(row, ref)),
    };
  }

  /** `POST /api/teams/:teamId/metrics/import`: rows that fail are reported and never written; the same file again changes nothing. */
  async import(principal: Principal, teamId: string, input: MetricImportRequest): Promise<MetricImportResult> {
    const relation = await requireTeam(this.directory, principal, teamId);
    const team = await this.repo.team(teamMetricsKey(principal.tenantId, teamId));
    const all = team?.metrics ?? [];
    authorizeTeamMetrics(principal, 'import', relation, all);
    const parsed = parseMetricCsv(input.csv);
    const latest = latestStartedIsoWeek(this.clock());
    const byId = new Map(all.map((metric) => [metric._id, metric]));
    const byName = new Map(all.filter((metric) => !metric.archived).map((metric) => [metric.name.toLowerCase(), metric]));
    const rows: MetricImportRow[] = parsed.map((row) => {
      const metric = byId.get(row.metric.toLowerCase()) ?? byName.get(row.metric.toLowerCase()) ?? null;
      const base = {
        line: row.line,
        metricId: metric?._id ?? null,
        metric: row.metric.slice(0, 200),
        isoWeek: row.isoWeek,
        value: row.value,
      };
      const error = (reason: string): MetricImportRow => ({ ...base, status: 'error', reason });
      if (!row.metric) return error('metric: empty');
      if (!metric) return error(`metric: no metric of this team is named "${row.metric.slice(0, 120)}"`);
      if (row.problem) return error(row.problem);
      if (row.isoWeek! > latest) return error(`week: ${row.isoWeek} has not begun yet`);
      if (!metricActions(principal, relation, metric).includes('enterValue')) {
        return error(
          metric.archived ? 'metric: archived; it takes no values' : 'metric: only its owner or the team’s leads enter its values',
        );
      }
      return { ...base, status: 'imported', reason: null };
    });
    const seen = new Map<string, MetricImportRow[]>();
    for (const row of rows) {
      if (row.status !== 'imported') continue;
      const key = `${row.metricId}:${row.isoWeek}`;
      seen.set(key, [...(seen.get(key) ?? []), row]);
    }
    for (const group of seen.values()) {
      if (group.length < 2) continue;
      for (const row of group) {
        Object.assign(row, {
          status: 'error',
          reason: `metric and week appear on ${group.length} lines (${group.map((r) => r.line).join(', ')})`,
        });
      }
    }
    const pending = rows.filter((row) => row.status === 'imported');
    const written: string[] = [];
    for (let start = 0; start < pending.length; start += IMPORT_CHUNK) {
      await Promise.all(
        pending.slice(start, start + IMPORT_CHUNK).map(async (row) => {
          const key = metricValueKey(principal.tenantId, teamId, row.metricId!, row.isoWeek!);
          for (let attempt = 0; attempt < 2; attempt += 1) {
            const current = await this.repo.value(key);
            if (current?.value === row.value) {
              Object.assign(row, { status: 'skipped', reason: 'the same value is already stored' });
              return;
            }
            row.reason = current ? `replaces ${current.value}` : null;
            if (input.dryRun) return;
            const change = this.valueChange(principal, teamId, row.metricId!, row.isoWeek!, current?.value ?? null, row.value!, true);
            const doc = {
              _id: key,
              tenantId: principal.tenantId,
              teamId,
              metricId: row.metricId!,
              isoWeek: row.isoWeek!,
              value: row.value!,
              enteredBy: principal.userId,
              enteredAt: this.clock(),
            };
            if (await this.repo.saveValue(doc, current?.version ?? 0, change, false)) {
              written.push(key);
              return;
            }
          }
          Object.assign(row, { status: 'error', reason: 'changed by someone else during the import; import again' });
        }),
      );
    }
    await this.repo.logValues(principal.tenantId, written);
    const count = (status: MetricImportRow['status']): number => rows.filter((row) => row.status === status).length;
    return { dryRun: input.dryRun, imported: count('imported'), skipped: count('skipped'), errors: count('error'), rows };
  }

  private valueChange(
    principal: Principal,
    teamId: string,
    metricId: string,
    isoWeek: string,
    from: number | null,
    to: number,
    imported: boolean,
  ): MetricChangeFields {
    return {
      tenantId: principal.tenantId,
      teamId,
      metricId,
      kind: 'value',
      isoWeek,
      imported,
      changes: [{ field: 'value', from: text(from), to: text(to) }],
      by: principal.userId,
      at: this.clock(),
    };
  }

  /** Applies an edit to the team document (read fresh), retrying when another writer won the version; null from `edit` means nothing changed. */
  private async editTeam(
    principal: Principal,
    teamId: string,
    edit: (doc: TeamMetricsRecord) => DefinitionEdit | null,
  ): Promise<TeamMetricsRecord> {
    const key = teamMetricsKey(principal.tenantId, teamId);
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const stored = await this.repo.team(key);
      const doc: TeamMetricsRecord = stored
        ? structuredClone(stored)
        : { _id: key, tenantId: principal.tenantId, teamId, metrics: [], version: 0 };
      const result = edit(doc);
      if (!result) return stored ?? doc;
      const fromVersion = stored?.version ?? 0;
      const version = await this.repo.saveTeam(result.doc, fromVersion, {
        tenantId: principal.tenantId,
        teamId,
        metricId: result.metricId,
        kind: result.kind,
        isoWeek: null,
        imported: false,
        changes: result.changes,
        by: principal.userId,
        at: this.clock(),
      });
      if (version !== null) return { ...result.doc, version };
    }
    throw new AppError('conflict', 'The team’s metrics are being changed by someone else; try again.');
  }

  private metricOf(doc: TeamMetricsRecord | null, metricId: string): MetricDefinitionRecord {
    const metric = doc?.metrics.find((row) => row._id === metricId.toLowerCase());
    if (!metric) throw new AppError('not_found', 'No such metric.');
    return metric;
  }

  private requireUniqueName(live: readonly MetricDefinitionRecord[], name: string, except: string | null): void {
    if (live.some((metric) => metric._id !== except && metric.name.toLowerCase() === name.toLowerCase())) {
      throw new AppError('duplicate', `The team already has a metric named "${name}".`);
    }
  }

  /** 400 unless the owner is the team's manager, someone in the team or someone above it. */
  private async requireOwner(tenantId: string, teamId: string, ownerId: string): Promise<void> {
    if (ownerId.toLowerCase() === teamId.toLowerCase()) return;
    const [ownerChain, teamChain] = await Promise.all([
      this.directory.managerChain(tenantId, ownerId),
      this.directory.managerChain(tenantId, teamId),
    ]);
    if (ownerChain.includes(teamId) || teamChain.includes(ownerId)) return;
    throw badRequest('body.ownerId', 'must be the team’s manager, someone in the team or someone above it');
  }

  /** 400 for a week that does not exist or has not begun anywhere yet. */
  private requireWeek(path: string, isoWeek: string): void {
    if (!isValidIsoWeek(isoWeek)) throw badRequest(path, `${isoWeek} does not exist`);
    if (isoWeek > latestStartedIsoWeek(this.clock())) throw badRequest(path, `${isoWeek} has not begun yet`);
  }

  private async refs(tenantId: string, ids: readonly string[]): Promise<PersonRefOf> {
    const people = await this.directory.cachedPeople(tenantId, [...new Set(ids)]);
    return (id) => {
      const person = people.get(id);
      return person ? { id, name: person.displayName ?? '', upn: person.upn || person.mail || '' } : { id, name: '', upn: '' };
    };
  }

  private async present(
    principal: Principal,
    relation: TeamRelation,
    teamId: string,
    metrics: readonly MetricDefinitionRecord[],
    isoWeek: string,
  ): Promise<Metric[]> {
    const weeks = Array.from({ length: METRIC_TREND_WEEKS }, (_, index) => shiftIsoWeek(isoWeek, index - METRIC_TREND_WEEKS + 1));
    const [values, ref] = await Promise.all([
      Promise.all(metrics.map((metric) => this.repo.cachedValues(principal.tenantId, teamId, metric._id, weeks))),
      this.refs(
        principal.tenantId,
        metrics.map((metric) => metric.ownerId),
      ),
    ]);
    return metrics.map((metric, index) => presentMetric(principal, relation, teamId, metric, weeks, values[index]!, ref));
  }

  private async presentOne(
    principal: Principal,
    relation: TeamRelation,
    teamId: string,
    doc: TeamMetricsRecord | null,
    metricId: string,
    week?: string,
  ): Promise<Metric> {
    const metric = this.metricOf(doc, metricId);
    const current = await this.currentWeek(principal.tenantId);
    const [presented] = await this.present(principal, relation, teamId, [metric], week && week > current ? week : current);
    return presented!;
  }
}
