import { Types } from 'mongoose';
import type { Principal } from '../auth/principal.js';
import { isAdmin } from '../settings/settings.policy.js';
import { coachObjective, hasErrors } from '../coach/index.js';
import type {
  AlignmentGraph,
  AlignmentQuery,
  CheckInInput,
  CheckInResult,
  CloseObjective,
  CoachDraft,
  CoachReport,
  CompanyOkrs,
  CreateKeyResult,
  CreateObjective,
  KeyResult,
  ListObjectivesQuery,
  Objective,
  ObjectivePage,
  UpdateKeyResult,
  UpdateObjective,
} from '../contract/index.js';
import { AppError } from '../http/errors.js';
import type { OrgDirectory } from '../org/org.directory.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { StoredSettings } from '../settings/settings.repo.js';
import type { KeyResultRecord, ObjectiveRecord } from './okrs.model.js';
import { PeopleLookup, type PersonName } from './okrs.people.js';
import { authorizeKeyResult, authorizeObjective, canRead, type PolicyContext } from './okrs.policy.js';
import {
  groupByObjective,
  presentCheckIn,
  presentKeyResult,
  presentObjective,
  toCoachKeyResult,
  toCoachObjective,
  type PresentContext,
} from './okrs.presenter.js';
import { oid, type NewKeyResult, type OkrsRepo } from './okrs.repo.js';
import { isoWeekOf, isValidIsoWeek, latestStartedIsoWeek, localDate, periodIdOf, periodOf, shiftIsoWeek } from './periods.js';

/** Longest alignment chain walked when checking for cycles. */
const MAX_ALIGNMENT_DEPTH = 12;
/** Most weeks of check-ins returned for a key result. */
const CHECK_IN_HISTORY = 53;

/** Scope of a team: the manager and their direct reports or whole subtree. */
export type TeamScope = 'direct' | 'subtree';

/** The OKR domain: objectives, key results, check-ins, alignment and coaching; every call authorizes through the policy. */
export class OkrsService {
  constructor(
    private readonly repo: OkrsRepo,
    private readonly settings: SettingsService,
    private readonly directory: OrgDirectory,
    private readonly people: PeopleLookup = new PeopleLookup(),
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Policy contexts for many owners from the cached org index (no query per owner). */
  async policyContexts(tenantId: string, ownerIds: Iterable<string>): Promise<(ownerId: string) => PolicyContext> {
    const chains = new Map<string, PolicyContext>();
    for (const ownerId of new Set(ownerIds)) chains.set(ownerId, { ownerChain: await this.directory.managerChain(tenantId, ownerId) });
    return (ownerId) => chains.get(ownerId) ?? { ownerChain: [] };
  }

  /** The period id to use: the given one or the tenant's current quarter. */
  currentPeriodId(settings: StoredSettings, periodId?: string): string {
    return periodId ?? periodIdOf(localDate(this.clock(), settings.timeZone), settings.fiscalYearStartMonth);
  }

  /** Owners of a team view: the manager plus direct reports or the whole subtree. */
  async teamOwners(tenantId: string, managerId: string, scope: TeamScope): Promise<string[]> {
    const members =
      scope === 'direct' ? await this.directory.directReports(tenantId, managerId) : await this.directory.subtree(tenantId, managerId);
    return [managerId, ...members];
  }

  /** Owners whose private objectives the caller may see: themselves and everyone below them. */
  private async privateOwnersFor(principal: Principal, among?: readonly string[]): Promise<string[]> {
    const below = await this.directory.subtree(principal.tenantId, principal.userId);
    if (!among) return [principal.userId, ...below];
    const visible = new Set([principal.userId, ...below]);
    return among.filter((id) => visible.has(id));
  }

  private async present(
    principal: Principal,
    objectives: readonly ObjectiveRecord[],
    keyResults: readonly KeyResultRecord[],
  ): Promise<Objective[]> {
    const people = await this.people.namesOf(principal.tenantId, [
      ...objectives.map((o) => o.ownerId),
      ...objectives.flatMap((o) => (o.proposal ? [o.proposal.authorId] : [])),
      ...keyResults.map((kr) => kr.ownerId),
    ]);
    const policyFor = await this.policyContexts(
      principal.tenantId,
      objectives.map((o) => o.ownerId),
    );
    const grouped = groupByObjective(keyResults);
    const context: PresentContext = { principal, people, policyFor };
    return objectives.map((objective) => presentObjective(objective, grouped.get(objective._id.toHexString()) ?? [], context));
  }

  private async loadObjective(
    principal: Principal,
    id: string,
    source: 'database' | 'readModel' = 'database',
  ): Promise<{ objective: ObjectiveRecord; context: PolicyContext }> {
    const objective =
      source === 'database' ? await this.repo.objective(principal.tenantId, id) : await this.repo.recentObjective(principal.tenantId, id);
    if (!objective) throw new AppError('not_found', 'No such objective.');
    const context = { ownerChain: await this.directory.managerChain(principal.tenantId, objective.ownerId) };
    return { objective, context };
  }

  /** The key result from the database and its objective (from the read model when `objectiveSource` says so). */
  private async loadKeyResult(
    principal: Principal,
    id: string,
    objectiveSource: 'database' | 'readModel' = 'database',
  ): Promise<{ keyResult: KeyResultRecord; objective: ObjectiveRecord; context: PolicyContext }> {
    const keyResult = await this.repo.keyResult(principal.tenantId, id);
    if (!keyResult) throw new AppError('not_found', 'No such key result.');
    const objectiveId = keyResult.objectiveId.toHexString();
    const { objective, context } = await this.loadObjective(principal, objectiveId, objectiveSource).catch((error: unknown) => {
      throw error instanceof AppError && error.code === 'not_found' ? new AppError('not_found', 'No such key result.') : error;
    });
    return { keyResult, objective, context };
  }

  /** Checks that people exist and are enabled in the tenant (one query); returns them. */
  private async requirePeople(tenantId: string, ids: Iterable<string>, field: string): Promise<Map<string, PersonName>> {
    const wanted = [...new Set(ids)];
    const people = await this.people.byIds(tenantId, wanted);
    const unknown = wanted.filter((id) => !people.get(id)?.enabled);
    if (unknown.length > 0) {
      throw new AppError('validation_failed', `${field}: no active person ${unknown.join(', ')} in this organization.`, {
        errors: unknown.map((id) => ({ path: field, message: `no active person ${id}` })),
      });
    }
    return people;
  }

  /** Checks alignment targets: existing, readable, same period, not itself, and no cycle through `selfId`. */
  private async checkAlignment(
    principal: Principal,
    periodId: string,
    targets: readonly string[],
    selfId?: string,
  ): Promise<Types.ObjectId[]> {
    const unique = [...new Set(targets)];
    if (selfId && unique.includes(selfId)) throw new AppError('validation_failed', 'alignedTo: an objective cannot align to itself.');
    if (unique.length === 0) return [];
    const rows = await this.repo.objectivesByIds(principal.tenantId, unique.map(oid), unique.length);
    const policyFor = await this.policyContexts(
      principal.tenantId,
      rows.map((row) => row.ownerId),
    );
    const found = new Map(rows.filter((row) => canRead(principal, row, policyFor(row.ownerId))).map((row) => [row._id.toHexString(), row]));
    for (const id of unique) {
      const row = found.get(id);
      if (!row)
        throw new AppError('validation_failed', `alignedTo: no objective ${id}.`, {
          errors: [{ path: 'alignedTo', message: `no objective ${id}` }],
        });
      if (row.periodId !== periodId)
        throw new AppError('validation_failed', `alignedTo: objective ${id} belongs to ${row.periodId}, not ${periodId}.`);
    }
    if (selfId) await this.refuseCycle(principal.tenantId, selfId, rows);
    return unique.map(oid);
  }

  /** Walks upward from the targets (one query per level, bounded depth); aligning would close a cycle if it reaches `selfId`. */
  private async refuseCycle(tenantId: string, selfId: string, targets: readonly ObjectiveRecord[]): Promise<void> {
    const seen = new Set(targets.map((row) => row._id.toHexString()));
    let frontier = targets.flatMap((row) => row.alignedTo ?? []);
    for (let depth = 0; frontier.length > 0; depth += 1) {
      const next = frontier.filter((id) => !seen.has(id.toHexString()));
      if (next.some((id) => id.toHexString() === selfId)) {
        throw new AppError('validation_failed', 'alignedTo: this alignment would create a cycle.', {
          errors: [{ path: 'alignedTo', message: 'would create a cycle' }],
        });
      }
      if (next.length === 0) return;
      if (depth >= MAX_ALIGNMENT_DEPTH)
        throw new AppError('validation_failed', `alignedTo: alignment chains are limited to ${MAX_ALIGNMENT_DEPTH} levels.`);
      for (const id of next) seen.add(id.toHexString());
      const rows = await this.repo.alignmentsOf(tenantId, next);
      frontier = rows.flatMap((row) => row.alignedTo ?? []);
    }
  }

  private newKeyResults(objective: ObjectiveRecord, inputs: readonly CreateKeyResult[]): NewKeyResult[] {
    const titles = new Set<string>();
    for (const input of inputs) {
      if (titles.has(input.title)) throw new AppError('validation_failed', `keyResults: two key results are titled "${input.title}".`);
      titles.add(input.title);
    }
    return inputs.map((input) => ({
      tenantId: objective.tenantId,
      objectiveId: objective._id,
      periodId: objective.periodId,
      ownerId: input.ownerId ?? objective.ownerId,
      title: input.title,
      kind: input.kind,
      start: input.start,
      target: input.target,
      current: input.current ?? (input.kind === 'milestone' ? 0 : input.start),
      unit: input.unit,
      dueDate: input.dueDate,
      indicator: input.indicator,
      weight: input.weight,
      initiatives: input.initiatives.map((initiative) => ({
        ...(initiative.id ? { _id: oid(initiative.id) } : {}),
        title: initiative.title,
        done: initiative.done,
      })),
    }));
  }

  /** Owns the next version of a document or answers 409 (see {@link OkrsRepo.claimVersion}). */
  private async claim(principal: Principal, kind: 'objective' | 'keyResult', id: string, version: number): Promise<void> {
    if (!(await this.repo.claimVersion(principal.tenantId, kind, id, version, principal.userId))) {
      throw new AppError(
        'conflict',
        `The ${kind === 'objective' ? 'objective' : 'key result'} was changed by someone else; reload and try again.`,
      );
    }
  }

  /** `POST /api/objectives`. */
  async create(principal: Principal, input: CreateObjective, origin?: { proposal: { id: string; authorId: string } }): Promise<Objective> {
    const tenantId = principal.tenantId;
    const ownerId = input.ownerId ?? principal.userId;
    const context = { ownerChain: await this.directory.managerChain(tenantId, ownerId) };
    authorizeObjective(principal, 'create', { level: input.level, ownerId, visibility: input.visibility, state: input.state }, context);
    const settings = await this.settings.stored(tenantId);
    const { maxObjectivesPerOwner, maxKeyResultsPerObjective } = settings.limits;
    if (input.keyResults.length > maxKeyResultsPerObjective) {
      throw new AppError('validation_failed', `keyResults: at most ${maxKeyResultsPerObjective} key results per objective.`);
    }
    if (input.level === 'team' && (await this.directory.directReports(tenantId, ownerId)).length === 0) {
      throw new AppError('validation_failed', "ownerId: a team objective is owned by the team's manager, who has no reports.");
    }
    await this.requirePeople(tenantId, [ownerId, ...input.keyResults.flatMap((kr) => (kr.ownerId ? [kr.ownerId] : []))], 'ownerId');
    if ((await this.repo.countOpenObjectives(tenantId, input.periodId, ownerId)) >= maxObjectivesPerOwner) {
      throw new AppError(
        'validation_failed',
        `The owner already has ${maxObjectivesPerOwner} open objectives in ${input.periodId} (the limit).`,
      );
    }
    const alignedTo = await this.checkAlignment(principal, input.periodId, input.alignedTo);
    const placeholder = { tenantId, _id: oid('000000000000000000000000'), periodId: input.periodId, ownerId } as ObjectiveRecord;
    this.newKeyResults(placeholder, input.keyResults);

    const objective = await this.repo.insertObjective(
      tenantId,
      {
        tenantId,
        periodId: input.periodId,
        level: input.level,
        ownerId,
        title: input.title,
        why: input.why,
        alignedTo,
        impactTags: input.impactTags,
        state: input.state,
        visibility: input.visibility,
        retrospective: null,
        createdBy: principal.userId,
        ...(origin ? { proposal: origin.proposal } : {}),
      },
      input.keyResults.length,
    );
    let keyResults: KeyResultRecord[];
    try {
      keyResults = await this.repo.insertKeyResults(tenantId, this.newKeyResults(objective, input.keyResults));
    } catch (error) {
      await this.repo.deleteObjectiveIfUnchanged(tenantId, objective._id);
      throw error;
    }
    return (await this.present(principal, [objective], keyResults))[0]!;
  }

  /** `GET /api/objectives/:id`. */
  async get(principal: Principal, id: string): Promise<Objective> {
    const { objective, context } = await this.loadObjective(principal, id);
    authorizeObjective(principal, 'read', objective, context);
    const keyResults = await this.repo.keyResultsOf(principal.tenantId, [objective._id]);
    return (await this.present(principal, [objective], keyResults))[0]!;
  }

  /** `PATCH /api/objectives/:id`: a stale version answers 409 and changes nothing. */
  async update(principal: Principal, id: string, input: UpdateObjective): Promise<Objective> {
    const { objective, context } = await this.loadObjective(principal, id);
    authorizeObjective(principal, 'update', objective, context);
    if (objective.version !== input.version)
      throw new AppError('conflict', `The objective is at version ${objective.version}, not ${input.version}.`);
    const { version, alignedTo, ...fields } = input;
    const set: Partial<ObjectiveRecord> = { ...fields };
    if (input.ownerId && input.ownerId !== objective.ownerId) {
      const newContext = { ownerChain: await this.directory.managerChain(principal.tenantId, input.ownerId) };
      authorizeObjective(principal, 'create', { ...objective, ownerId: input.ownerId }, newContext);
      await this.requirePeople(principal.tenantId, [input.ownerId], 'ownerId');
    }
    if (alignedTo) set.alignedTo = await this.checkAlignment(principal, objective.periodId, alignedTo, id);
    await this.claim(principal, 'objective', id, version);
    const updated = await this.repo.updateObjective(principal.tenantId, id, version, set);
    if (!updated) throw new AppError('conflict', 'The objective was changed by someone else; reload and try again.');
    const keyResults = await this.repo.keyResultsOf(principal.tenantId, [updated._id]);
    return (await this.present(principal, [updated], keyResults))[0]!;
  }

  /** `POST /api/objectives/:id/close`: closes with a retrospective. */
  async close(principal: Principal, id: string, input: CloseObjective): Promise<Objective> {
    const { objective, context } = await this.loadObjective(principal, id);
    authorizeObjective(principal, 'close', objective, context);
    if (objective.version !== input.version)
      throw new AppError('conflict', `The objective is at version ${objective.version}, not ${input.version}.`);
    await this.claim(principal, 'objective', id, input.version);
    const updated = await this.repo.updateObjective(principal.tenantId, id, input.version, {
      state: 'closed',
      retrospective: input.retrospective,
    });
    if (!updated) throw new AppError('conflict', 'The objective was changed by someone else; reload and try again.');
    const keyResults = await this.repo.keyResultsOf(principal.tenantId, [updated._id]);
    return (await this.present(principal, [updated], keyResults))[0]!;
  }

  /** `GET /api/objectives`: by owner, by a manager's team, by period; a page of at most 100. */
  async list(principal: Principal, query: ListObjectivesQuery): Promise<ObjectivePage> {
    const tenantId = principal.tenantId;
    let ownerIds: string[] | undefined;
    if (query.ownerId) ownerIds = [query.ownerId];
    if (query.teamOf) {
      const team = await this.teamOwners(tenantId, query.teamOf, query.scope);
      ownerIds = ownerIds ? ownerIds.filter((id) => team.includes(id)) : team;
    }
    const privateVisibleFor = await this.privateOwnersFor(principal, ownerIds);
    const rows = await this.repo.objectives(
      tenantId,
      {
        ...(query.periodId ? { periodId: query.periodId } : {}),
        ...(ownerIds ? { ownerIds } : {}),
        ...(query.level ? { level: query.level } : {}),
        ...(query.state ? { state: query.state } : {}),
        privateVisibleFor,
      },
      { ...(query.cursor ? { after: query.cursor } : {}), limit: query.limit + 1 },
    );
    const page = rows.slice(0, query.limit);
    const keyResults = await this.repo.keyResultsOf(
      tenantId,
      page.map((row) => row._id),
    );
    return {
      items: await this.present(principal, page, keyResults),
      nextCursor: rows.length > query.limit ? page[page.length - 1]!._id.toHexString() : null,
    };
  }

  /** `GET /api/company`: mission, north star and company objectives of a period. */
  async company(principal: Principal, periodId?: string): Promise<CompanyOkrs> {
    const settings = await this.settings.stored(principal.tenantId);
    const period = periodOf(this.currentPeriodId(settings, periodId), settings.fiscalYearStartMonth);
    const rows = await this.repo.objectives(
      principal.tenantId,
      {
        periodId: period.id,
        level: 'company',
        privateVisibleFor: isAdmin(principal) ? 'all' : [principal.userId],
      },
      { limit: 100 },
    );
    const keyResults = await this.repo.keyResultsOf(
      principal.tenantId,
      rows.map((row) => row._id),
    );
    return {
      mission: settings.mission,
      northStar: settings.northStar,
      period,
      objectives: await this.present(principal, rows, keyResults),
    };
  }

  /** `GET /api/alignment`: the constellation of a period (company and team levels, or one team at every level), with gaps. */
  async alignment(principal: Principal, query: AlignmentQuery): Promise<AlignmentGraph> {
    const tenantId = principal.tenantId;
    const settings = await this.settings.stored(tenantId);
    const period = periodOf(this.currentPeriodId(settings, query.periodId), settings.fiscalYearStartMonth);
    const ownerIds = query.teamOf ? await this.teamOwners(tenantId, query.teamOf, query.scope) : undefined;
    const privateVisibleFor = await this.privateOwnersFor(principal, ownerIds);
    const [afterLevelRank, after] = query.cursor ? query.cursor.split('-') : [];
    const rows = await this.repo.objectives(
      tenantId,
      { periodId: period.id, ...(ownerIds ? { ownerIds } : { levels: ['company', 'team'] as const }), privateVisibleFor },
      { limit: query.limit + 1, byLevel: true, ...(after ? { after, afterLevelRank: Number(afterLevelRank) } : {}) },
    );
    const inScope = rows.slice(0, query.limit);
    const last = inScope[inScope.length - 1];
    const nextCursor = rows.length > query.limit && last ? `${last.levelRank}-${last._id.toHexString()}` : null;
    const inScopeIds = new Set(inScope.map((row) => row._id.toHexString()));
    const missing = [
      ...new Set(inScope.flatMap((row) => (row.alignedTo ?? []).map((id) => id.toHexString())).filter((id) => !inScopeIds.has(id))),
    ];
    const externalRows = (await this.repo.objectivesByIds(tenantId, missing.map(oid), missing.length)).filter(
      (row) => row.periodId === period.id,
    );
    const policyFor = await this.policyContexts(
      tenantId,
      externalRows.map((row) => row.ownerId),
    );
    const external = externalRows.filter((row) => canRead(principal, row, policyFor(row.ownerId)));
    const all = [...inScope, ...external];
    const allIds = all.map((row) => row._id.toHexString());
    const [counts, progress, people] = await Promise.all([
      this.repo.alignedFromCounts(tenantId, allIds),
      this.repo.progressOf(tenantId, allIds),
      this.people.namesOf(
        tenantId,
        all.map((row) => row.ownerId),
      ),
    ]);
    const shown = new Set(allIds);
    const nodes = all.map((row, index) => {
      const id = allIds[index]!;
      return {
        id,
        title: row.title,
        level: row.level,
        ownerId: row.ownerId,
        ownerName: people.get(row.ownerId)?.name ?? '',
        state: row.state,
        progress: progress.get(id) ?? 0,
        alignedFromCount: counts.get(id) ?? 0,
        external: index >= inScope.length,
      };
    });
    return {
      period,
      nodes,
      edges: inScope.flatMap((row) =>
        (row.alignedTo ?? [])
          .filter((to) => shown.has(to.toHexString()))
          .map((to) => ({ from: row._id.toHexString(), to: to.toHexString() })),
      ),
      gaps: {
        companyWithoutSupport: nodes
          .filter((node) => !node.external && node.level === 'company' && node.alignedFromCount === 0)
          .map((node) => node.id),
        alignedToNothing: inScope
          .filter((row) => row.level !== 'company' && (row.alignedTo ?? []).length === 0)
          .map((row) => row._id.toHexString()),
      },
      nextCursor,
    };
  }

  /** `POST /api/objectives/:id/key-results`: holds the tenant's key-result limit under concurrency. */
  async addKeyResult(principal: Principal, objectiveId: string, input: CreateKeyResult): Promise<KeyResult> {
    const { objective, context } = await this.loadObjective(principal, objectiveId);
    authorizeObjective(principal, 'manageKeyResults', objective, context);
    const [row] = this.newKeyResults(objective, [input]);
    await this.requirePeople(principal.tenantId, [row!.ownerId], 'ownerId');
    const settings = await this.settings.stored(principal.tenantId);
    const max = settings.limits.maxKeyResultsPerObjective;
    if (!(await this.repo.reserveKeyResultSlot(principal.tenantId, objective._id, max))) {
      throw new AppError('validation_failed', `The objective already has ${max} key results (the limit).`);
    }
    let created: KeyResultRecord;
    try {
      [created] = (await this.repo.insertKeyResults(principal.tenantId, [row!])) as [KeyResultRecord];
    } catch (error) {
      await this.repo.releaseKeyResultSlot(principal.tenantId, objective._id);
      throw error;
    }
    return this.presentOne(principal, created, objective, context);
  }

  private async presentOne(
    principal: Principal,
    keyResult: KeyResultRecord,
    objective: ObjectiveRecord,
    context: PolicyContext,
  ): Promise<KeyResult> {
    const people = await this.people.namesOf(principal.tenantId, [keyResult.ownerId]);
    return presentKeyResult(keyResult, objective, { principal, people, policyFor: () => context });
  }

  /** `PATCH /api/key-results/:id`: a stale version answers 409. */
  async updateKeyResult(principal: Principal, id: string, input: UpdateKeyResult): Promise<KeyResult> {
    const { keyResult, objective, context } = await this.loadKeyResult(principal, id);
    authorizeKeyResult(principal, 'update', { objective, ownerId: keyResult.ownerId }, context);
    if (keyResult.version !== input.version)
      throw new AppError('conflict', `The key result is at version ${keyResult.version}, not ${input.version}.`);
    const { version, initiatives, ...fields } = input;
    if (input.ownerId) await this.requirePeople(principal.tenantId, [input.ownerId], 'ownerId');
    const set: Partial<KeyResultRecord> = { ...fields };
    if (initiatives) {
      set.initiatives = initiatives.map((initiative) => ({
        _id: initiative.id ? oid(initiative.id) : new Types.ObjectId(),
        title: initiative.title,
        done: initiative.done,
      }));
    }
    await this.claim(principal, 'keyResult', id, version);
    const updated = await this.repo.updateKeyResult(principal.tenantId, id, version, set);
    if (!updated) throw new AppError('conflict', 'The key result was changed by someone else; reload and try again.');
    return this.presentOne(principal, updated, objective, context);
  }

  /** `DELETE /api/key-results/:id?version=`. */
  async deleteKeyResult(principal: Principal, id: string, version: number): Promise<void> {
    const { keyResult, objective, context } = await this.loadKeyResult(principal, id);
    authorizeKeyResult(principal, 'delete', { objective, ownerId: keyResult.ownerId }, context);
    if (keyResult.version !== version) throw new AppError('conflict', `The key result is at version ${keyResult.version}, not ${version}.`);
    await this.claim(principal, 'keyResult', id, version);
    if (!(await this.repo.deleteKeyResult(principal.tenantId, id, version))) {
      throw new AppError('conflict', 'The key result was changed by someone else; reload and try again.');
    }
    await this.repo.releaseKeyResultSlot(principal.tenantId, objective._id);
  }

  /** `PUT /api/key-results/:id/check-ins/:isoWeek`: one check-in per week; a second one replaces the first. */
  async checkIn(principal: Principal, id: string, isoWeek: string, input: CheckInInput): Promise<CheckInResult> {
    if (!isValidIsoWeek(isoWeek)) throw new AppError('validation_failed', `isoWeek: ${isoWeek} does not exist.`);
    const now = this.clock();
    if (isoWeek > latestStartedIsoWeek(now))
      throw new AppError('validation_failed', 'isoWeek: check-ins cannot be made for a future week.');
    // The objective only decides who may check in and is never written here: a probe interval behind is fine.
    const { keyResult, objective, context } = await this.loadKeyResult(principal, id, 'readModel');
    authorizeKeyResult(principal, 'checkIn', { objective, ownerId: keyResult.ownerId }, context);
    const stored = await this.repo.upsertCheckIn({
      tenantId: principal.tenantId,
      keyResultId: keyResult._id,
      isoWeek,
      objectiveId: objective._id,
      value: input.value,
      confidence: input.confidence,
      note: input.note,
      authorId: principal.userId,
      at: now,
    });
    const updated =
      (await this.repo.applyCheckIn(principal.tenantId, keyResult, {
        isoWeek,
        value: input.value,
        confidence: input.confidence,
        at: now,
      })) ?? keyResult;
    return { checkIn: presentCheckIn(stored), keyResult: await this.presentOne(principal, updated, objective, context) };
  }

  /** `GET /api/key-results/:id/check-ins`: newest first, the year up to the newest check-in. */
  async checkIns(principal: Principal, id: string): Promise<{ items: ReturnType<typeof presentCheckIn>[] }> {
    const { keyResult, objective, context } = await this.loadKeyResult(principal, id);
    authorizeKeyResult(principal, 'read', { objective, ownerId: keyResult.ownerId }, context);
    const newest = keyResult.lastCheckInWeek ?? isoWeekOf(this.clock());
    const weeks = Array.from({ length: CHECK_IN_HISTORY }, (_, back) => shiftIsoWeek(newest, -back));
    return { items: (await this.repo.checkIns(principal.tenantId, keyResult._id, weeks)).map(presentCheckIn) };
  }

  /** `GET /api/objectives/:id/coach`: findings for a stored objective. */
  async coachStored(principal: Principal, id: string): Promise<CoachReport> {
    const { objective, context } = await this.loadObjective(principal, id);
    authorizeObjective(principal, 'read', objective, context);
    const [keyResults, settings, ownerObjectiveCount] = await Promise.all([
      this.repo.keyResultsOf(principal.tenantId, [objective._id]),
      this.settings.stored(principal.tenantId),
      this.repo.countOpenObjectives(principal.tenantId, objective.periodId, objective.ownerId),
    ]);
    const coachInput = toCoachObjective(
      { ...objective, id: objective._id.toHexString(), alignedTo: (objective.alignedTo ?? []).map((a) => a.toHexString()) },
      keyResults.map((kr) => toCoachKeyResult({ ...kr, id: kr._id.toHexString() })),
      periodOf(objective.periodId, settings.fiscalYearStartMonth),
    );
    const findings = coachObjective(coachInput, { limits: settings.limits, now: this.clock(), ownerObjectiveCount });
    return { findings, hasErrors: hasErrors(findings) };
  }

  /** `POST /api/coach`: findings for a draft that is not stored. */
  async coachDraft(principal: Principal, draft: CoachDraft): Promise<CoachReport> {
    const settings = await this.settings.stored(principal.tenantId);
    const ownerId = draft.ownerId ?? principal.userId;
    const periodId = draft.periodId;
    const ownerObjectiveCount = periodId ? (await this.repo.countOpenObjectives(principal.tenantId, periodId, ownerId)) + 1 : undefined;
    const coachInput = toCoachObjective(
      { ...draft, ownerId },
      draft.keyResults.map((kr) => toCoachKeyResult({ ...kr, ownerId: kr.ownerId ?? ownerId })),
      periodId ? periodOf(periodId, settings.fiscalYearStartMonth) : undefined,
    );
    const findings = coachObjective(coachInput, {
      limits: settings.limits,
      now: this.clock(),
      ...(ownerObjectiveCount !== undefined ? { ownerObjectiveCount } : {}),
    });
    return { findings, hasErrors: hasErrors(findings) };
  }
}
