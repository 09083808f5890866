import type { Principal } from '../auth/principal.js';
import type { PersonRef, Proposal } from '../contract/index.js';
import type { ProposalRecord } from './proposals.model.js';
import { proposalActions } from './proposals.policy.js';

/** How the presenter names people. */
export interface ProposalPresentContext {
  principal: Principal;
  person: (id: string) => PersonRef;
}

/** A stored proposal as the caller sees it; lists leave the comments out (`withComments` false). */
export function presentProposal(proposal: ProposalRecord, context: ProposalPresentContext, withComments: boolean): Proposal {
  const { principal, person } = context;
  const supporters = new Set(proposal.supporters);
  return {
    id: proposal.id,
    periodId: proposal.periodId,
    level: proposal.level,
    team: proposal.teamId ? person(proposal.teamId) : null,
    title: proposal.title,
    why: proposal.why,
    keyResults: proposal.keyResults.map(({ title, target, unit }) => ({ title, target: target ?? null, unit: unit ?? '' })),
    author: person(proposal.authorId),
    state: proposal.state,
    supporters: supporters.size,
    supported: supporters.has(principal.userId),
    commentCount: proposal.comments.length,
    comments: withComments
      ? proposal.comments.map((comment) => ({
          id: comment.id,
          author: person(comment.authorId),
          text: comment.text,
          at: new Date(comment.at).toISOString(),
        }))
      : [],
    decision: proposal.decision
      ? {
          by: person(proposal.decision.by),
          at: new Date(proposal.decision.at).toISOString(),
          reason: proposal.decision.reason ?? null,
          objectiveId: proposal.decision.objectiveId ?? null,
        }
      : null,
    createdAt: new Date(proposal.createdAt).toISOString(),
    allowedActions: proposalActions(principal, proposal),
  };
}

/** Most supported first, then newest (ties by id, so the order is stable). */
export function bySupportThenNewest(a: ProposalRecord, b: ProposalRecord): number {
  return (
    new Set(b.supporters).size - new Set(a.supporters).size ||
    new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime() ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}
