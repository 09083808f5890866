import type {
  AdoptedProposal,
  CreateProposal,
  Proposal,
  ProposalList,
  ProposalListQuery,
  ProposalSummary,
} from '@northstar/server/contract';
import type { TabApi } from '../../data/api';

/** Client calls of the proposals API. */
export function proposalsApi(api: TabApi) {
  const id = encodeURIComponent;
  const query = (values: Record<string, string | undefined>): string => {
    const pairs = Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined);
    return pairs.length === 0 ? '' : `?${new URLSearchParams(pairs).toString()}`;
  };
  return {
    list: (filter: ProposalListQuery): Promise<ProposalList> => api.request('GET', `/api/proposals${query(filter)}`),
    summary: (periodId: string): Promise<ProposalSummary> => api.request('GET', `/api/proposals/summary${query({ periodId })}`),
    get: (proposalId: string): Promise<Proposal> => api.request('GET', `/api/proposals/${id(proposalId)}`),
    create: (input: CreateProposal): Promise<Proposal> => api.request('POST', '/api/proposals', input),
    comment: (proposalId: string, text: string): Promise<Proposal> =>
      api.request('POST', `/api/proposals/${id(proposalId)}/comments`, { text }),
    support: (proposalId: string, on: boolean): Promise<Proposal> =>
      api.request(on ? 'PUT' : 'DELETE', `/api/proposals/${id(proposalId)}/support`),
    adopt: (proposalId: string): Promise<AdoptedProposal> => api.request('POST', `/api/proposals/${id(proposalId)}/adopt`, {}),
    decline: (proposalId: string, reason: string): Promise<Proposal> =>
      api.request('POST', `/api/proposals/${id(proposalId)}/decline`, { reason }),
  };
}
