import {
  AdoptedProposalSchema,
  AdoptProposalSchema,
  CreateProposalCommentSchema,
  CreateProposalSchema,
  DeclineProposalSchema,
  ProposalListQuerySchema,
  ProposalListSchema,
  ProposalParamsSchema,
  ProposalSchema,
  ProposalSummaryQuerySchema,
  ProposalSummarySchema,
} from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import type { OkrsService } from '../okrs/okrs.service.js';
import type { OrgDirectory } from '../org/org.directory.js';
import type { SettingsService } from '../settings/settings.service.js';
import { ProposalsRepo } from './proposals.repo.js';
import { ProposalsService } from './proposals.service.js';

/** Builds the proposals service from the shared pieces and registers its routes. */
export function mountProposals(
  api: ApiRouter,
  deps: { okrsRepo: OkrsRepo; okrsService: OkrsService; settings: SettingsService; directory: OrgDirectory },
): ProposalsService {
  const service = new ProposalsService(
    new ProposalsRepo(deps.okrsRepo.readModel),
    deps.okrsService,
    deps.okrsRepo,
    deps.settings,
    deps.directory,
  );
  registerProposalRoutes(api, service);
  return service;
}

/** The proposals API: a period's proposals, proposing, comments, support, and the owner's adoption or decline. */
export function registerProposalRoutes(api: ApiRouter, service: ProposalsService): void {
  const proposal = api.schema('Proposal', ProposalSchema);
  const tags = ['proposals'];

  api.route({
    method: 'get',
    path: '/proposals',
    operationId: 'listProposals',
    summary: "A period's objective proposals (default: the current quarter), most supported first",
    tags,
    query: ProposalListQuerySchema,
    errors: [403],
    response: { status: 200, schema: api.schema('ProposalList', ProposalListSchema), description: 'The proposals' },
    handler: (req) => service.list(principalOf(req), req.query),
  });
  api.route({
    method: 'post',
    path: '/proposals',
    operationId: 'createProposal',
    summary: 'Propose an objective for the company or for the team of a manager above you',
    tags,
    body: api.schema('CreateProposal', CreateProposalSchema),
    errors: [403],
    response: { status: 201, schema: proposal, description: 'The new proposal' },
    handler: (req) => service.create(principalOf(req), req.body),
  });
  api.route({
    method: 'get',
    path: '/proposals/summary',
    operationId: 'getProposalSummary',
    summary: 'Proposals per level of a period (open, adopted, declined) and the adoption rate',
    tags,
    query: ProposalSummaryQuerySchema,
    errors: [403],
    response: { status: 200, schema: api.schema('ProposalSummary', ProposalSummarySchema), description: 'The counts' },
    handler: (req) => service.summary(principalOf(req), req.query),
  });
  api.route({
    method: 'get',
    path: '/proposals/:proposalId',
    operationId: 'getProposal',
    summary: 'One proposal with its comments',
    tags,
    params: ProposalParamsSchema,
    errors: [404],
    response: { status: 200, schema: proposal, description: 'The proposal' },
    handler: (req) => service.get(principalOf(req), req.params.proposalId),
  });
  api.route({
    method: 'post',
    path: '/proposals/:proposalId/comments',
    operationId: 'commentOnProposal',
    summary: 'Comment on an open proposal (anyone in the organization)',
    tags,
    params: ProposalParamsSchema,
    body: api.schema('CreateProposalComment', CreateProposalCommentSchema),
    errors: [404, 409],
    response: { status: 201, schema: proposal, description: 'The proposal with the comment' },
    handler: (req) => service.comment(principalOf(req), req.params.proposalId, req.body),
  });
  api.route({
    method: 'put',
    path: '/proposals/:proposalId/support',
    operationId: 'supportProposal',
    summary: "Add the caller's support to an open proposal (repeating it changes nothing)",
    tags,
    params: ProposalParamsSchema,
    errors: [404, 409],
    response: { status: 200, schema: proposal, description: 'The proposal with the support' },
    handler: (req) => service.support(principalOf(req), req.params.proposalId, true),
  });
  api.route({
    method: 'delete',
    path: '/proposals/:proposalId/support',
    operationId: 'withdrawProposalSupport',
    summary: "Withdraw the caller's support from an open proposal (repeating it changes nothing)",
    tags,
    params: ProposalParamsSchema,
    errors: [404, 409],
    response: { status: 200, schema: proposal, description: 'The proposal without the support' },
    handler: (req) => service.support(principalOf(req), req.params.proposalId, false),
  });
  api.route({
    method: 'post',
    path: '/proposals/:proposalId/adopt',
    operationId: 'adoptProposal',
    summary: "Adopt a proposal into a draft objective linked to it (admins for the company, the team's manager for a team)",
    tags,
    params: ProposalParamsSchema,
    body: api.schema('AdoptProposal', AdoptProposalSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: api.schema('AdoptedProposal', AdoptedProposalSchema), description: 'The proposal and its draft' },
    handler: (req) => service.adopt(principalOf(req), req.params.proposalId, req.body),
  });
  api.route({
    method: 'post',
    path: '/proposals/:proposalId/decline',
    operationId: 'declineProposal',
    summary: "Decline a proposal with a reason its author sees (admins for the company, the team's manager for a team)",
    tags,
    params: ProposalParamsSchema,
    body: api.schema('DeclineProposal', DeclineProposalSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: proposal, description: 'The declined proposal' },
    handler: (req) => service.decline(principalOf(req), req.params.proposalId, req.body),
  });
}
