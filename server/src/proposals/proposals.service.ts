import { Types } from 'mongoose';
import type { Principal } from '../auth/principal.js';
import {
  CreateKeyResultSchema,
  MAX_PROPOSAL_COMMENTS,
  ProposalLevelSchema,
  type AdoptedProposal,
  type AdoptProposal,
  type CreateProposal,
  type CreateProposalComment,
  type DeclineProposal,
  type PersonRef,
  type Proposal,
  type ProposalList,
  type ProposalListQuery,
  type ProposalSummary,
  type ProposalSummaryQuery,
} from '../contract/index.js';
import { personRef } from '../channels/channels.presenter.js';
import { AppError } from '../http/errors.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import type { OkrsService } from '../okrs/okrs.service.js';
import { localDate, periodIdOf } from '../okrs/periods.js';
import type { OrgDirectory } from '../org/org.directory.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { ProposalRecord } from './proposals.model.js';
import { authorizeProposal, mayPropose } from './proposals.policy.js';
import { bySupportThenNewest, presentProposal, type ProposalPresentContext } from './proposals.presenter.js';
import type { ProposalsRepo } from './proposals.repo.js';

/** Bottom-up proposals: propose, support, comment, and the level owner's adoption into a draft objective or decline. */
export class ProposalsService {
  constructor(
    private readonly repo: ProposalsRepo,
    private readonly okrs: OkrsService,
    private readonly okrsRepo: OkrsRepo,
    private readonly settings: SettingsService,
    private readonly directory: OrgDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** `GET /api/proposals`: a period's proposals (default: the current quarter), most supported first. */
  async list(principal: Principal, query: ProposalListQuery): Promise<ProposalList> {
    this.requireUser(principal);
    const periodId = query.periodId ?? (await this.currentPeriod(principal.tenantId));
    const rows = (await this.repo.ofPeriod(principal.tenantId, periodId))
      .filter((row) => (query.level === undefined || row.level === query.level) && (query.state === undefined || row.state === query.state))
      .sort(bySupportThenNewest);
    const teamIds = await this.teamsAbove(principal);
    const context = await this.presentContext(principal, rows, teamIds);
    return {
      periodId,
      items: rows.map((row) => presentProposal(row, context, false)),
      allowedActions: mayPropose(principal) ? ['propose'] : [],
      teams: teamIds.map(context.person),
    };
  }

  /** `POST /api/proposals`: an objective proposed for the company or a team above the proposer, this quarter or a later one. */
  async create(principal: Principal, input: CreateProposal): Promise<Proposal> {
    this.requireUser(principal);
    const current = await this.currentPeriod(principal.tenantId);
    if (input.periodId < current) {
      throw new AppError('validation_failed', `periodId: ${input.periodId} is over; propose for ${current} or later.`, {
        errors: [{ path: 'periodId', message: 'a past period' }],
      });
    }
    if (input.level === 'team' && !(await this.teamsAbove(principal)).includes(input.teamId!)) {
      throw new AppError('validation_failed', 'teamId: propose to the team of a manager above you.', {
        errors: [{ path: 'teamId', message: 'not a manager above you' }],
      });
    }
    const row = await this.repo.insert({
      id: new Types.ObjectId().toHexString(),
      tenantId: principal.tenantId,
      periodId: input.periodId,
      level: input.level,
      teamId: input.level === 'team' ? input.teamId! : null,
      authorId: principal.userId,
      title: input.title,
      why: input.why,
      keyResults: input.keyResults,
      createdAt: this.clock(),
    });
    return this.presentOne(principal, row);
  }

  /** `GET /api/proposals/:proposalId`: one proposal with its comments. */
  async get(principal: Principal, proposalId: string): Promise<Proposal> {
    return this.presentOne(principal, await this.load(principal, proposalId));
  }

  /** `POST /api/proposals/:proposalId/comments`: anyone comments on an open proposal. */
  async comment(principal: Principal, proposalId: string, input: CreateProposalComment): Promise<Proposal> {
    const proposal = await this.load(principal, proposalId);
    authorizeProposal(principal, 'comment', proposal);
    if (proposal.comments.length >= MAX_PROPOSAL_COMMENTS) {
      throw new AppError('conflict', `The proposal has ${MAX_PROPOSAL_COMMENTS} comments, the most it holds.`);
    }
    const comment = { id: new Types.ObjectId().toHexString(), authorId: principal.userId, text: input.text, at: this.clock() };
    return this.presentOne(principal, await this.changed(await this.repo.addComment(principal.tenantId, proposalId, comment)));
  }

  /** `PUT|DELETE /api/proposals/:proposalId/support`: the caller's support on or off (repeating either changes nothing). */
  async support(principal: Principal, proposalId: string, on: boolean): Promise<Proposal> {
    const proposal = await this.load(principal, proposalId);
    authorizeProposal(principal, 'support', proposal);
    if (proposal.supporters.includes(principal.userId) === on) return this.presentOne(principal, proposal);
    return this.presentOne(principal, await this.changed(await this.repo.support(principal.tenantId, proposalId, principal.userId, on)));
  }

  /**
   * `POST /api/proposals/:proposalId/adopt`: the level's owner turns the proposal into a draft objective (owned by the
   * adopting admin for the company, by the team's manager for a team) that links back to the proposal and its author.
   */
  async adopt(principal: Principal, proposalId: string, input: AdoptProposal): Promise<AdoptedProposal> {
    const proposal = await this.load(principal, proposalId);
    authorizeProposal(principal, 'adopt', proposal);
    const objective = await this.okrs.create(
      principal,
      {
        periodId: input.periodId ?? proposal.periodId,
        level: proposal.level,
        ownerId: proposal.level === 'team' ? proposal.teamId! : principal.userId,
        title: proposal.title,
        why: proposal.why,
        alignedTo: [],
        impactTags: [],
        state: 'draft',
        visibility: 'public',
        keyResults: proposal.keyResults.map((kr) =>
          CreateKeyResultSchema.parse({ title: kr.title, kind: 'increase_to', target: kr.target ?? 100, unit: kr.unit ?? '' }),
        ),
      },
      { proposal: { id: proposal.id, authorId: proposal.authorId } },
    );
    const decided = await this.repo.decide(principal.tenantId, proposalId, 'adopted', {
      by: principal.userId,
      at: this.clock(),
      reason: null,
      objectiveId: objective.id,
    });
    if (!decided) {
      await this.okrsRepo.deleteObjectiveWithKeyResults(principal.tenantId, new Types.ObjectId(objective.id));
      throw new AppError('conflict', 'Someone decided the proposal first; reload it.');
    }
    return { proposal: await this.get(principal, proposalId), objective };
  }

  /** `POST /api/proposals/:proposalId/decline`: the level's owner declines with a reason everyone sees. */
  async decline(principal: Principal, proposalId: string, input: DeclineProposal): Promise<Proposal> {
    const proposal = await this.load(principal, proposalId);
    authorizeProposal(principal, 'decline', proposal);
    const decided = await this.repo.decide(principal.tenantId, proposalId, 'declined', {
      by: principal.userId,
      at: this.clock(),
      reason: input.reason,
      objectiveId: null,
    });
    if (!decided) throw new AppError('conflict', 'Someone decided the proposal first; reload it.');
    return this.get(principal, proposalId);
  }

  /** `GET /api/proposals/summary`: per level how many were proposed, are open, adopted and declined, and the adoption rate. */
  async summary(principal: Principal, query: ProposalSummaryQuery): Promise<ProposalSummary> {
    this.requireUser(principal);
    const periodId = query.periodId ?? (await this.currentPeriod(principal.tenantId));
    const rows = await this.repo.ofPeriod(principal.tenantId, periodId);
    const rate = (adopted: number, total: number) => (total === 0 ? null : adopted / total);
    const levels = ProposalLevelSchema.options.map((level) => {
      const of = rows.filter((row) => row.level === level);
      const count = (state: ProposalRecord['state']) => of.filter((row) => row.state === state).length;
      return {
        level,
        total: of.length,
        open: count('open'),
        adopted: count('adopted'),
        declined: count('declined'),
        adoptionRate: rate(count('adopted'), of.length),
      };
    });
    const adopted = levels.reduce((sum, level) => sum + level.adopted, 0);
    return { periodId, levels, total: rows.length, adoptionRate: rate(adopted, rows.length) };
  }

  private requireUser(principal: Principal): void {
    if (principal.appOnly) throw new AppError('forbidden', 'Proposals are made and read by people, not applications.');
  }

  private async currentPeriod(tenantId: string): Promise<string> {
    const settings = await this.settings.stored(tenantId);
    return periodIdOf(localDate(this.clock(), settings.timeZone), settings.fiscalYearStartMonth);
  }

  /** The managers above the caller, nearest first: the teams they may address. */
  private teamsAbove(principal: Principal): Promise<string[]> {
    return this.directory.managerChain(principal.tenantId, principal.userId);
  }

  private async load(principal: Principal, proposalId: string): Promise<ProposalRecord> {
    const proposal = principal.appOnly ? null : await this.repo.proposal(principal.tenantId, proposalId);
    if (!proposal) throw new AppError('not_found', 'No such proposal.');
    return proposal;
  }

  private changed(row: ProposalRecord | null): ProposalRecord {
    if (!row) throw new AppError('not_found', 'No such proposal.');
    return row;
  }

  private async presentOne(principal: Principal, row: ProposalRecord): Promise<Proposal> {
    return presentProposal(row, await this.presentContext(principal, [row]), true);
  }

  /** Names of everyone the proposals mention (cached directory). */
  private async presentContext(
    principal: Principal,
    rows: readonly ProposalRecord[],
    others: readonly string[] = [],
  ): Promise<ProposalPresentContext> {
    const ids = new Set<string>(others);
    for (const row of rows) {
      ids.add(row.authorId);
      if (row.teamId) ids.add(row.teamId);
      if (row.decision) ids.add(row.decision.by);
      for (const comment of row.comments) ids.add(comment.authorId);
    }
    const people = await this.directory.cachedPeople(principal.tenantId, [...ids]);
    return { principal, person: (id: string): PersonRef => personRef(people, id) };
  }
}
