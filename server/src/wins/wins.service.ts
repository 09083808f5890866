import { Types } from 'mongoose';
import type { Principal } from '../auth/principal.js';
import type {
  CreateWin,
  PersonRef,
  UpdateWin,
  Win,
  WinLink,
  WinLinkInput,
  WinReactionKind,
  WinsWall,
  WinsWallQuery,
} from '../contract/index.js';
import { AppError } from '../http/errors.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import type { ObjectiveRecord } from '../okrs/okrs.model.js';
import { canRead } from '../okrs/okrs.policy.js';
import { isoWeekOf, isValidIsoWeek, localDate, shiftIsoWeek } from '../okrs/periods.js';
import type { OrgDirectory } from '../org/org.directory.js';
import { requireTeam, type TeamRelation } from '../org/team-scope.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { WinRecord } from './wins.model.js';
import { authorizeWall, authorizeWin, wallActions } from './wins.policy.js';
import { newestFirst, presentWin, type WinPresentContext } from './wins.presenter.js';
import type { WinsRepo } from './wins.repo.js';

/** Friday wins: posting, editing, reactions and the weekly wall of a team; also the source of the digest, report and weekly mail. */
export class WinsService {
  constructor(
    private readonly repo: WinsRepo,
    private readonly okrsRepo: OkrsRepo,
    private readonly settings: SettingsService,
    private readonly directory: OrgDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The ISO week of an instant in the tenant's time zone. */
  async weekOf(tenantId: string, at: Date = this.clock()): Promise<string> {
    const { timeZone } = await this.settings.stored(tenantId);
    return isoWeekOf(new Date(`${localDate(at, timeZone)}T00:00:00Z`));
  }

  /** Every win of a team in a week, newest first (for the wall, the digest and the monthly report; no access decisions). */
  async winsOfWeek(tenantId: string, teamId: string, isoWeek: string): Promise<WinRecord[]> {
    return (await this.repo.teamWeek(tenantId, teamId, isoWeek)).sort(newestFirst);
  }

  /** Every win a person posted in the given weeks (any team), newest first (for the weekly mail; no access decisions). */
  async winsByAuthor(tenantId: string, authorId: string, isoWeeks: readonly string[]): Promise<WinRecord[]> {
    const weeks = await Promise.all([...new Set(isoWeeks)].map((week) => this.repo.authorWeek(tenantId, authorId, week)));
    return weeks.flat().sort(newestFirst);
  }

  /** `GET /api/teams/:teamId/wins`: the wall of a week (default: this week in the tenant's time zone). */
  async wall(principal: Principal, teamId: string, query: WinsWallQuery): Promise<WinsWall> {
    const relation = await requireTeam(this.directory, principal, teamId);
    const currentWeek = await this.weekOf(principal.tenantId);
    const isoWeek = query.week ?? currentWeek;
    if (!isValidIsoWeek(isoWeek)) {
      throw new AppError('validation_failed', `${isoWeek} is not a week of its year.`, {
        errors: [{ path: 'week', message: 'no such ISO week' }],
      });
    }
    const wins = await this.winsOfWeek(principal.tenantId, teamId, isoWeek);
    const context = await this.presentContext(principal, relation, wins);
    return {
      teamId,
      isoWeek,
      currentWeek,
      previousWeek: shiftIsoWeek(isoWeek, -1),
      nextWeek: isoWeek >= currentWeek ? null : shiftIsoWeek(isoWeek, 1),
      wins: wins.map((win) => presentWin(win, context)),
      allowedActions: wallActions(principal, relation),
    };
  }

  /** `POST /api/teams/:teamId/wins`: anyone who sees the team posts to this week's wall. */
  async post(principal: Principal, teamId: string, input: CreateWin): Promise<Win> {
    const relation = await requireTeam(this.directory, principal, teamId);
    authorizeWall(principal, 'post', relation);
    const link = input.link ? await this.resolveLink(principal, input.link) : null;
    const createdAt = this.clock();
    const win = await this.repo.insert({
      id: new Types.ObjectId().toHexString(),
      tenantId: principal.tenantId,
      teamId,
      authorId: principal.userId,
      isoWeek: await this.weekOf(principal.tenantId, createdAt),
      text: input.text,
      link,
      createdAt,
    });
    return this.presentOne(principal, relation, win);
  }

  /** `PATCH /api/wins/:winId`: its author changes the text or the link. */
  async update(principal: Principal, winId: string, input: UpdateWin): Promise<Win> {
    const { win, relation } = await this.load(principal, winId);
    authorizeWin(principal, 'update', { authorId: win.authorId, relation });
    const set: Partial<Pick<WinRecord, 'text' | 'link' | 'editedAt'>> = { editedAt: this.clock() };
    if (input.text !== undefined) set.text = input.text;
    if (input.link !== undefined) set.link = input.link ? await this.resolveLink(principal, input.link) : null;
    const updated = await this.repo.update(principal.tenantId, winId, set);
    if (!updated) throw new AppError('not_found', 'No such win.');
    return this.presentOne(principal, relation, updated);
  }

  /** `DELETE /api/wins/:winId`: its author or a lead of the team. */
  async remove(principal: Principal, winId: string): Promise<void> {
    const { win, relation } = await this.load(principal, winId);
    authorizeWin(principal, 'delete', { authorId: win.authorId, relation });
    await this.repo.remove(win);
  }

  /** `PUT|DELETE /api/wins/:winId/reactions/:kind`: the caller's reaction on or off (repeating either changes nothing). */
  async react(principal: Principal, winId: string, kind: WinReactionKind, on: boolean): Promise<Win> {
    const { win, relation } = await this.load(principal, winId);
    authorizeWin(principal, 'react', { authorId: win.authorId, relation });
    const has = win.reactions.some((reaction) => reaction.kind === kind && reaction.by === principal.userId);
    const updated = has === on ? win : await this.repo.react(principal.tenantId, winId, kind, principal.userId, on);
    if (!updated) throw new AppError('not_found', 'No such win.');
    return this.presentOne(principal, relation, updated);
  }

  private async load(principal: Principal, winId: string): Promise<{ win: WinRecord; relation: TeamRelation }> {
    const win = await this.repo.win(principal.tenantId, winId);
    if (!win || win.tenantId !== principal.tenantId) throw new AppError('not_found', 'No such win.');
    const relation = await requireTeam(this.directory, principal, win.teamId).catch((error: unknown) => {
      throw error instanceof AppError ? new AppError('not_found', 'No such win.') : error;
    });
    return { win, relation };
  }

  private async presentOne(principal: Principal, relation: TeamRelation, win: WinRecord): Promise<Win> {
    return presentWin(win, await this.presentContext(principal, relation, [win]));
  }

  /** Names of the authors (cached directory) and the caller's view of each linked OKR (in-memory OKR model). */
  private async presentContext(principal: Principal, relation: TeamRelation, wins: readonly WinRecord[]): Promise<WinPresentContext> {
    const { tenantId } = principal;
    const people = await this.directory.cachedPeople(tenantId, [...new Set(wins.map((win) => win.authorId))]);
    const linked = wins.flatMap((win) => (win.link ? [win.link] : []));
    const views = new Map<string, WinLink>();
    if (linked.length > 0) {
      const model = await this.okrsRepo.readModel.tenant(tenantId);
      for (const link of linked) {
        const key = `${link.kind}:${link.id}`;
        if (views.has(key)) continue;
        const objective = this.objectiveOf(model, link);
        const visible = objective !== null && (await this.canSee(principal, objective));
        const title = !visible ? null : link.kind === 'objective' ? objective.title : (model.keyResults.get(link.id)?.title ?? null);
        views.set(key, { kind: link.kind, id: link.id, title, objectiveId: visible ? objective._id.toHexString() : null });
      }
    }
    const person = (id: string): PersonRef => {
      const row = people.get(id);
      return { id, name: row?.displayName ?? '', upn: row?.upn || row?.mail || '' };
    };
    return {
      principal,
      relation,
      person,
      link: (link) => views.get(`${link.kind}:${link.id}`) ?? { kind: link.kind, id: link.id, title: null, objectiveId: null },
    };
  }

  private objectiveOf(
    model: Awaited<ReturnType<OkrsRepo['readModel']['tenant']>>,
    link: { kind: 'objective' | 'keyResult'; id: string },
  ): ObjectiveRecord | null {
    if (link.kind === 'objective') return model.objectives.get(link.id) ?? null;
    const keyResult = model.keyResults.get(link.id);
    return keyResult ? (model.objectives.get(keyResult.objectiveId.toHexString()) ?? null) : null;
  }

  private async canSee(principal: Principal, objective: ObjectiveRecord): Promise<boolean> {
    const ownerChain = await this.directory.managerChain(principal.tenantId, objective.ownerId);
    return canRead(principal, objective, { ownerChain });
  }

  /** The stored form of a link: 404 unless the objective or key result is one the poster can see in the tenant. */
  private async resolveLink(principal: Principal, link: WinLinkInput): Promise<NonNullable<WinRecord['link']>> {
    const model = await this.okrsRepo.readModel.tenant(principal.tenantId);
    const objective = this.objectiveOf(model, link);
    if (!objective || !(await this.canSee(principal, objective))) {
      throw new AppError('not_found', link.kind === 'objective' ? 'No such objective.' : 'No such key result.');
    }
    const title = link.kind === 'objective' ? objective.title : model.keyResults.get(link.id)!.title;
    return { kind: link.kind, id: link.id, title };
  }
}
