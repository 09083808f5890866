import type { Principal } from '../auth/principal.js';
import type { ProposalAction, ProposalLevel, ProposalState } from '../contract/index.js';
import { AppError } from '../http/errors.js';
import { isAdmin } from '../settings/settings.policy.js';

/** The parts of a proposal access decisions depend on. */
export interface ProposalSubject {
  level: ProposalLevel;
  teamId: string | null;
  state: ProposalState;
}

/** Who owns a level and decides its proposals: the tenant's admins for the company, the team's manager for a team. */
export function ownsLevel(principal: Principal, proposal: Pick<ProposalSubject, 'level' | 'teamId'>): boolean {
  if (principal.appOnly) return false;
  return proposal.level === 'company' ? isAdmin(principal) : proposal.teamId === principal.userId;
}

/** Everyone signed in to the tenant proposes. */
export function mayPropose(principal: Principal): boolean {
  return !principal.appOnly;
}

/** What the caller may do: everyone comments on and supports an open proposal; the level's owner adopts or declines it. */
export function proposalActions(principal: Principal, proposal: ProposalSubject): ProposalAction[] {
  if (principal.appOnly || proposal.state !== 'open') return [];
  return ownsLevel(principal, proposal) ? ['comment', 'support', 'adopt', 'decline'] : ['comment', 'support'];
}

/**
 * Decides an action on a proposal the caller's tenant holds: 404 for app-only callers, 403 when someone other than the
 * level's owner decides, 409 once the proposal is decided.
 */
export function authorizeProposal(principal: Principal, action: ProposalAction, proposal: ProposalSubject): void {
  if (principal.appOnly) throw new AppError('not_found', 'No such proposal.');
  if ((action === 'adopt' || action === 'decline') && !ownsLevel(principal, proposal)) {
    throw new AppError(
      'forbidden',
      proposal.level === 'company' ? 'Only admins decide company proposals.' : "Only the team's manager decides its proposals.",
    );
  }
  if (proposal.state !== 'open') throw new AppError('conflict', `The proposal was already ${proposal.state}.`);
}
