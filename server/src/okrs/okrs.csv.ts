import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { AnyBulkWriteOperation, Types } from 'mongoose';
import type { Principal } from '../auth/principal.js';
import {
  CSV_COLUMNS,
  ImpactTagSchema,
  IndicatorSchema,
  IsoDateSchema,
  KeyResultKindSchema,
  ObjectiveLevelSchema,
  ObjectiveStateSchema,
  PeriodIdSchema,
  VisibilitySchema,
  type ExportQuery,
  type ImportRequest,
  type ImportResult,
} from '../contract/index.js';
import { AppError } from '../http/errors.js';
import type { OrgDirectory } from '../org/org.directory.js';
import type { SettingsService } from '../settings/settings.service.js';
import { LEVEL_RANK, type KeyResultRecord, type ObjectiveRecord } from './okrs.model.js';
import { PeopleLookup } from './okrs.people.js';
import { canEdit } from './okrs.policy.js';
import type { OkrsRepo } from './okrs.repo.js';
import type { OkrsService } from './okrs.service.js';

/** Most objectives one export holds; narrow by owner, team or period beyond that. */
export const EXPORT_OBJECTIVE_CAP = 1000;
/** Most rows one import may hold. */
export const IMPORT_ROW_CAP = 2000;

type Column = (typeof CSV_COLUMNS)[number];

interface RowError {
  line: number;
  message: string;
}

interface ObjectiveRow {
  periodId: string;
  level: 'company' | 'team' | 'person';
  ownerId: string;
  title: string;
  why: string;
  state: 'draft' | 'active' | 'closed';
  visibility: 'public' | 'private';
  impactTags: Array<'customer' | 'business'>;
}

interface KeyResultRow {
  title: string;
  ownerId: string;
  kind: KeyResultRecord['kind'];
  start: number;
  target: number;
  current: number;
  unit: string;
  dueDate: string | null;
  indicator: 'leading' | 'lagging';
  weight: number | null;
}

interface ParsedRow {
  line: number;
  objective: ObjectiveRow;
  keyResult: KeyResultRow | null;
}

interface RawRow {
  line: number;
  cells: Record<Column, string>;
}

const objectiveKey = (row: { periodId: string; ownerId: string; title: string }): string => `${row.periodId}\n${row.ownerId}\n${row.title}`;

function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** CSV export and import of OKRs (one row per key result; an objective without key results is one row with empty key-result cells). */
export class OkrsCsvService {
  constructor(
    private readonly repo: OkrsRepo,
    private readonly okrs: OkrsService,
    private readonly settings: SettingsService,
    private readonly directory: OrgDirectory,
    private readonly people: PeopleLookup = new PeopleLookup(),
  ) {}

  /** `GET /api/okrs/export`: what the caller may read, by owner, team or period. */
  async export(principal: Principal, query: ExportQuery): Promise<string> {
    const page = await this.okrs.list(principal, {
      ...(query.periodId ? { periodId: query.periodId } : {}),
      ...(query.ownerId ? { ownerId: query.ownerId } : {}),
      ...(query.teamOf ? { teamOf: query.teamOf } : {}),
      scope: query.scope,
      limit: 100,
    });
    const objectives = [...page.items];
    let cursor = page.nextCursor;
    while (cursor && objectives.length < EXPORT_OBJECTIVE_CAP) {
      const next = await this.okrs.list(principal, {
        ...(query.periodId ? { periodId: query.periodId } : {}),
        ...(query.ownerId ? { ownerId: query.ownerId } : {}),
        ...(query.teamOf ? { teamOf: query.teamOf } : {}),
        scope: query.scope,
        cursor,
        limit: 100,
      });
      objectives.push(...next.items);
      cursor = next.nextCursor;
    }
    const rows: string[][] = [];
    for (const objective of objectives) {
      const objectiveCells = [
        objective.periodId,
        objective.level,
        objective.owner.upn,
        objective.title,
        objective.why,
        objective.state,
        objective.visibility,
        objective.impactTags.join(';'),
      ];
      if (objective.keyResults.length === 0) rows.push([...objectiveCells, '', '', '', '', '', '', '', '', '', '']);
      for (const kr of objective.keyResults) {
        rows.push([
          ...objectiveCells,
          kr.title,
          kr.owner.upn,
          kr.kind,
          formatNumber(kr.start),
          formatNumber(kr.target),
          formatNumber(kr.current),
          kr.unit,
          kr.dueDate ?? '',
          kr.indicator,
          formatNumber(kr.weight),
        ]);
      }
    }
    return stringify(rows, { header: true, columns: [...CSV_COLUMNS] });
  }

  /** `POST /api/okrs/import`: validates every row first (reporting each bad row by line), then upserts on natural keys. */
  async import(principal: Principal, request: ImportRequest): Promise<ImportResult> {
    const tenantId = principal.tenantId;
    const errors: RowError[] = [];
    const raw = this.parseFile(request.csv);
    if (raw.length > IMPORT_ROW_CAP)
      throw new AppError('validation_failed', `The file has ${raw.length} rows; at most ${IMPORT_ROW_CAP} are imported at once.`);

    const upns = new Set<string>();
    if (!request.ownerId) {
      for (const row of raw) {
        if (row.cells.objective_owner) upns.add(row.cells.objective_owner);
        if (row.cells.kr_owner) upns.add(row.cells.kr_owner);
      }
    }
    const [byUpn, overrideOwner, settings] = await Promise.all([
      this.people.byUpns(tenantId, upns),
      request.ownerId ? this.people.byIds(tenantId, [request.ownerId]) : Promise.resolve(null),
      this.settings.stored(tenantId),
    ]);
    if (request.ownerId && !overrideOwner?.get(request.ownerId)?.enabled) {
      throw new AppError('validation_failed', `ownerId: no active person ${request.ownerId} in this organization.`);
    }
    const resolveOwner = (upn: string, line: number, column: Column): string | null => {
      if (request.ownerId) return request.ownerId;
      if (!upn) {
        errors.push({ line, message: `${column}: required` });
        return null;
      }
      const person = byUpn.get(upn.toLowerCase());
      if (!person?.enabled) {
        errors.push({ line, message: `${column}: no active person ${upn} in this organization` });
        return null;
      }
      return person.id;
    };

    const parsed: ParsedRow[] = [];
    for (const row of raw) {
      const result = this.parseRow(row, request, resolveOwner, errors);
      if (result) parsed.push(result);
    }

    const groups = new Map<string, { objective: ObjectiveRow; lines: number[]; keyResults: Array<{ line: number; kr: KeyResultRow }> }>();
    for (const row of parsed) {
      const key = objectiveKey(row.objective);
      let group = groups.get(key);
      if (!group) {
        group = { objective: row.objective, lines: [], keyResults: [] };
        groups.set(key, group);
      } else {
        const first = group.objective;
        const differs = (['level', 'why', 'state', 'visibility'] as const).find((field) => first[field] !== row.objective[field]);
        if (differs || [...first.impactTags].sort().join(';') !== [...row.objective.impactTags].sort().join(';')) {
          errors.push({
            line: row.line,
            message: `objective_${differs ?? 'impact_tags'}: differs from line ${group.lines[0]} for the same objective`,
          });
        }
      }
      group.lines.push(row.line);
      if (row.keyResult) {
        const duplicate = group.keyResults.find((entry) => entry.kr.title === row.keyResult!.title);
        if (duplicate)
          errors.push({ line: row.line, message: `kr_title: "${row.keyResult.title}" already appears on line ${duplicate.line}` });
        else group.keyResults.push({ line: row.line, kr: row.keyResult });
      }
    }

    for (const group of groups.values()) {
      const { objective } = group;
      const context = { ownerChain: await this.directory.managerChain(tenantId, objective.ownerId) };
      if (!canEdit(principal, objective, context)) {
        const why =
          objective.level === 'company'
            ? 'only admins import company objectives'
            : 'you may import objectives only for yourself and the people you manage';
        for (const line of group.lines) errors.push({ line, message: `objective_owner: ${why}` });
      } else if (objective.level === 'team' && (await this.directory.directReports(tenantId, objective.ownerId)).length === 0) {
        errors.push({ line: group.lines[0]!, message: 'objective_level: a team objective is owned by a manager with reports' });
      }
    }

    const existing = await this.repo.objectivesOfOwners(
      tenantId,
      [...new Set([...groups.values()].map((group) => group.objective.periodId))],
      [...new Set([...groups.values()].map((group) => group.objective.ownerId))],
    );
    const existingByKey = new Map(existing.map((row) => [objectiveKey(row), row]));
    const openCounts = new Map<string, number>();
    for (const row of existing) {
      if (row.state !== 'closed')
        openCounts.set(`${row.periodId}\n${row.ownerId}`, (openCounts.get(`${row.periodId}\n${row.ownerId}`) ?? 0) + 1);
    }
    const { maxObjectivesPerOwner, maxKeyResultsPerObjective } = settings.limits;
    for (const group of groups.values()) {
      if (existingByKey.has(objectiveKey(group.objective)) || group.objective.state === 'closed') continue;
      const ownerKey = `${group.objective.periodId}\n${group.objective.ownerId}`;
      const count = (openCounts.get(ownerKey) ?? 0) + 1;
      openCounts.set(ownerKey, count);
      if (count > maxObjectivesPerOwner) {
        errors.push({
          line: group.lines[0]!,
          message: `objective_title: the owner would have more than ${maxObjectivesPerOwner} open objectives in ${group.objective.periodId}`,
        });
      }
    }

    const matched = [...groups.values()].flatMap((group) => {
      const row = existingByKey.get(objectiveKey(group.objective));
      return row ? [row._id] : [];
    });
    const existingKeyResults = await this.repo.keyResultsOf(tenantId, matched);
    const existingKrByKey = new Map(existingKeyResults.map((kr) => [`${kr.objectiveId.toHexString()}\n${kr.title}`, kr]));
    const krCounts = new Map<string, number>();
    for (const kr of existingKeyResults) krCounts.set(kr.objectiveId.toHexString(), (krCounts.get(kr.objectiveId.toHexString()) ?? 0) + 1);
    for (const group of groups.values()) {
      const stored = existingByKey.get(objectiveKey(group.objective));
      const id = stored?._id.toHexString();
      const added = group.keyResults.filter((entry) => !id || !existingKrByKey.has(`${id}\n${entry.kr.title}`));
      const total = (id ? (krCounts.get(id) ?? 0) : 0) + added.length;
      if (total > maxKeyResultsPerObjective && added.length > 0) {
        errors.push({
          line: added[added.length - 1]!.line,
          message: `kr_title: the objective would have ${total} key results; the limit is ${maxKeyResultsPerObjective}`,
        });
      }
    }

    if (errors.length > 0) {
      errors.sort((a, b) => a.line - b.line);
      throw new AppError('validation_failed', `${new Set(errors.map((e) => e.line)).size} row(s) have errors; nothing was imported.`, {
        errors: errors.map((error) => ({ path: `line ${error.line}`, message: error.message })),
      });
    }

    const result: ImportResult = {
      rows: raw.length,
      objectives: { created: 0, updated: 0 },
      keyResults: { created: 0, updated: 0 },
      dryRun: request.dryRun,
    };
    const objectiveOps: AnyBulkWriteOperation[] = [];
    for (const group of groups.values()) {
      const { objective } = group;
      const stored = existingByKey.get(objectiveKey(objective));
      if (stored && sameObjective(stored, objective)) continue;
      if (stored) result.objectives.updated += 1;
      else result.objectives.created += 1;
      objectiveOps.push({
        updateOne: {
          filter: { tenantId, periodId: objective.periodId, ownerId: objective.ownerId, title: objective.title },
          update: {
            $set: {
              level: objective.level,
              levelRank: LEVEL_RANK[objective.level],
              why: objective.why,
              state: objective.state,
              visibility: objective.visibility,
              impactTags: objective.impactTags,
            },
            $setOnInsert: { alignedTo: [], retrospective: null, keyResultCount: 0, createdBy: principal.userId },
            $inc: { version: 1 },
          },
          upsert: true,
        },
      });
    }
    const keyResultPlan: Array<{ group: { objective: ObjectiveRow }; kr: KeyResultRow; stored: KeyResultRecord | undefined }> = [];
    for (const group of groups.values()) {
      const storedObjective = existingByKey.get(objectiveKey(group.objective));
      for (const { kr } of group.keyResults) {
        const stored = storedObjective ? existingKrByKey.get(`${storedObjective._id.toHexString()}\n${kr.title}`) : undefined;
        if (stored && sameKeyResult(stored, kr)) continue;
        if (stored) result.keyResults.updated += 1;
        else result.keyResults.created += 1;
        keyResultPlan.push({ group, kr, stored });
      }
    }
    if (request.dryRun) return result;

    await this.repo.bulkObjectives(tenantId, objectiveOps);
    const objectiveIds = new Map<string, Types.ObjectId>();
    if (keyResultPlan.length > 0) {
      const rows = await this.repo.objectivesOfOwners(
        tenantId,
        [...new Set(keyResultPlan.map((plan) => plan.group.objective.periodId))],
        [...new Set(keyResultPlan.map((plan) => plan.group.objective.ownerId))],
      );
      for (const row of rows) objectiveIds.set(objectiveKey(row), row._id);
    }
    const added = new Map<string, { id: Types.ObjectId; count: number }>();
    const keyResultOps: AnyBulkWriteOperation[] = keyResultPlan.map(({ group, kr, stored }) => {
      const objectiveId = objectiveIds.get(objectiveKey(group.objective))!;
      if (!stored) {
        const entry = added.get(objectiveId.toHexString()) ?? { id: objectiveId, count: 0 };
        entry.count += 1;
        added.set(objectiveId.toHexString(), entry);
      }
      return {
        updateOne: {
          filter: { tenantId, objectiveId, title: kr.title },
          update: {
            $set: {
              periodId: group.objective.periodId,
              ownerId: kr.ownerId,
              kind: kr.kind,
              start: kr.start,
              target: kr.target,
              current: kr.current,
              unit: kr.unit,
              dueDate: kr.dueDate,
              indicator: kr.indicator,
              weight: kr.weight,
            },
            $setOnInsert: { initiatives: [], lastCheckInWeek: null, lastCheckInAt: null, lastConfidence: null },
            $inc: { version: 1 },
          },
          upsert: true,
        },
      };
    });
    await this.repo.bulkKeyResults(tenantId, keyResultOps);
    await this.repo.bulkObjectives(
      tenantId,
      [...added.values()].map(({ id, count }) => ({
        updateOne: { filter: { tenantId, _id: id }, update: { $inc: { keyResultCount: count } } },
      })),
    );
    return result;
  }

  private parseFile(text: string): RawRow[] {
    let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
    try {
      records = parse(text, {
        columns: true,
        bom: true,
        skip_empty_lines: true,
        trim: true,
        info: true,
        max_record_size: 20_000,
      }) as typeof records;
    } catch (error) {
      if (error instanceof CsvError) {
        const line = (error as CsvError & { lines?: number }).lines ?? 1;
        throw new AppError('validation_failed', `The file is not valid CSV (line ${line}): ${error.message}`, {
          errors: [{ path: `line ${line}`, message: error.message }],
        });
      }
      throw error;
    }
    const header = records[0] ? Object.keys(records[0].record) : [];
    const missing = CSV_COLUMNS.filter((column) => !header.includes(column));
    if (records.length > 0 && missing.length > 0) {
      throw new AppError('validation_failed', `The header lacks ${missing.join(', ')}.`, {
        errors: [{ path: 'line 1', message: `missing columns: ${missing.join(', ')}` }],
      });
    }
    return records.map(({ record, info }) => ({ line: info.lines, cells: record as Record<Column, string> }));
  }

  private parseRow(
    row: RawRow,
    request: ImportRequest,
    resolveOwner: (upn: string, line: number, column: Column) => string | null,
    errors: RowError[],
  ): ParsedRow | null {
    const { line, cells } = row;
    const before = errors.length;
    const fail = (column: Column, message: string): void => void errors.push({ line, message: `${column}: ${message}` });
    const enumOf = <T extends string>(
      column: Column,
      schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
      fallback?: T,
    ): T => {
      const value = cells[column] === '' && fallback !== undefined ? fallback : cells[column];
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
      fail(column, `"${cells[column]}" is not valid`);
      return fallback ?? (value as T);
    };
    const text = (column: Column, max: number, required: boolean): string => {
      const value = cells[column] ?? '';
      if (required && value === '') fail(column, 'required');
      if (value.length > max) fail(column, `longer than ${max} characters`);
      return value;
    };
    const number = (column: Column, fallback: number | null): number | null => {
      const value = cells[column];
      if (value === '' || value === undefined) {
        if (fallback === null && column !== 'kr_weight') fail(column, 'required');
        return fallback;
      }
      const parsed = Number(value);
      if (!Number.isFinite(parsed) || Math.abs(parsed) > 1e12) {
        fail(column, `"${value}" is not a number`);
        return fallback;
      }
      return parsed;
    };

    const periodId = request.periodId ?? enumOf('period', PeriodIdSchema);
    const objective: ObjectiveRow = {
      periodId,
      level: enumOf('objective_level', ObjectiveLevelSchema),
      ownerId: resolveOwner(cells.objective_owner, line, 'objective_owner') ?? '',
      title: text('objective_title', 200, true),
      why: text('objective_why', 2000, false),
      state: enumOf('objective_state', ObjectiveStateSchema, 'draft'),
      visibility: enumOf('objective_visibility', VisibilitySchema, 'public'),
      impactTags: [],
    };
    for (const tag of (cells.impact_tags ?? '')
      .split(/[;,]/)
      .map((t) => t.trim())
      .filter(Boolean)) {
      const parsed = ImpactTagSchema.safeParse(tag);
      if (parsed.success) {
        if (!objective.impactTags.includes(parsed.data)) objective.impactTags.push(parsed.data);
      } else fail('impact_tags', `"${tag}" is not customer or business`);
    }

    let keyResult: KeyResultRow | null = null;
    const hasKeyResult = (['kr_title', 'kr_kind', 'kr_target'] as const).some((column) => cells[column] !== '');
    if (hasKeyResult) {
      const kind = enumOf('kr_kind', KeyResultKindSchema);
      const start = number('kr_start', 0) ?? 0;
      const dueDate = cells.kr_due_date === '' ? null : cells.kr_due_date;
      if (dueDate !== null && !IsoDateSchema.safeParse(dueDate).success) fail('kr_due_date', `"${dueDate}" is not a date (YYYY-MM-DD)`);
      const weight = number('kr_weight', null);
      if (weight !== null && (weight < 0 || weight > 100)) fail('kr_weight', 'must be from 0 to 100');
      keyResult = {
        title: text('kr_title', 200, true),
        ownerId: cells.kr_owner === '' && !request.ownerId ? objective.ownerId : (resolveOwner(cells.kr_owner, line, 'kr_owner') ?? ''),
        kind,
        start,
        target: number('kr_target', null) ?? 0,
        current: number('kr_current', kind === 'milestone' ? 0 : start) ?? start,
        unit: text('kr_unit', 40, false),
        dueDate,
        indicator: enumOf('kr_indicator', IndicatorSchema, 'lagging'),
        weight,
      };
    }
    return errors.length === before ? { line, objective, keyResult } : null;
  }
}

function sameObjective(stored: ObjectiveRecord, row: ObjectiveRow): boolean {
  return (
    stored.level === row.level &&
    (stored.why ?? '') === row.why &&
    stored.state === row.state &&
    stored.visibility === row.visibility &&
    [...(stored.impactTags ?? [])].sort().join(';') === [...row.impactTags].sort().join(';')
  );
}

function sameKeyResult(stored: KeyResultRecord, row: KeyResultRow): boolean {
  return (
    stored.ownerId === row.ownerId &&
    stored.kind === row.kind &&
    stored.start === row.start &&
    stored.target === row.target &&
    stored.current === row.current &&
    (stored.unit ?? '') === row.unit &&
    (stored.dueDate ?? null) === row.dueDate &&
    stored.indicator === row.indicator &&
    (stored.weight ?? null) === row.weight
  );
}
