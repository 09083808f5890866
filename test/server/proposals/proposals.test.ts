import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { AdoptedProposal, Objective, Proposal, ProposalList, ProposalSummary } from '../../../server/src/contract/index.js';
import { KeyResultModel, ObjectiveModel } from '../../../server/src/okrs/okrs.model.js';
import { shiftPeriod } from '../../../server/src/okrs/periods.js';
import {
  periodIndexKey,
  ProposalIndexModel,
  ProposalModel,
  proposalKey,
  type ProposalIndexRecord,
  type ProposalRecord,
} from '../../../server/src/proposals/proposals.model.js';
import { apiCaller, type ApiCall, type Reply } from '../../support/api-client.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const OTHER_TENANT = '5e2f1a3b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';
const MISSING = '0123456789abcdef01234567';

const caller = apiCaller(() => stack);
const call = <T = Proposal>(...args: Parameters<ApiCall>): Promise<Reply<T>> => caller<T>(...args);
const byUpn = (upn: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${upn}@northstar.demo`)!;
const stored = (id: string) => ProposalModel.findOne({ _id: proposalKey(stack.tenantId, id) }).lean<ProposalRecord>();

/** Priya Raman leads Platform under Liam Novak (VP Engineering) under Ava Chen (CEO); Hannah and Marcus are in Platform. */
let priya: GraphUser;
let hannah: GraphUser;
let marcus: GraphUser;
let liam: GraphUser;
let sofia: GraphUser;
let owen: GraphUser;
/** The demo admin (Admin app role): decides company proposals. */
let kai: GraphUser;
let current: string;
/** Next quarter: owners have room for a draft there. */
let next: string;

beforeAll(async () => {
  stack = await startStack();
  priya = byUpn('priya.raman');
  hannah = byUpn('hannah.weber');
  marcus = byUpn('marcus.lee');
  liam = byUpn('liam.novak');
  sofia = byUpn('sofia.martinez');
  owen = byUpn('owen.fischer');
  kai = byUpn('kai.andersen');
  const list = await call<ProposalList>('GET', '/proposals', hannah);
  expect(list.status, list.text).toBe(200);
  current = list.body.periodId;
  next = shiftPeriod(current, 1);
});
afterAll(async () => {
  await stack?.stop();
});

const teamProposal = (overrides: Record<string, unknown> = {}) => ({
  periodId: next,
  level: 'team',
  teamId: priya.id,
  title: 'Make every service deployable in one click',
  why: 'Releases wait days for manual steps; customers wait with them.',
  keyResults: [{ title: 'Services deployed by the pipeline', target: 40, unit: 'services' }, { title: 'Median lead time under a day' }],
  ...overrides,
});

async function propose(as: GraphUser, body: unknown): Promise<Proposal> {
  const reply = await call('POST', '/proposals', as, body);
  expect(reply.status, reply.text).toBe(201);
  return reply.body;
}

describe('proposals', () => {
  it('answers 401 without a token on every endpoint', async () => {
    const endpoints: Array<[string, string, unknown?]> = [
      ['GET', '/proposals'],
      ['POST', '/proposals', teamProposal()],
      ['GET', '/proposals/summary'],
      ['GET', `/proposals/${MISSING}`],
      ['POST', `/proposals/${MISSING}/comments`, { text: 'x' }],
      ['PUT', `/proposals/${MISSING}/support`],
      ['DELETE', `/proposals/${MISSING}/support`],
      ['POST', `/proposals/${MISSING}/adopt`, {}],
      ['POST', `/proposals/${MISSING}/decline`, { reason: 'x' }],
    ];
    for (const [method, path, body] of endpoints) {
      const reply = await call(method, path, null, body);
      expect(reply.status, `${method} ${path}`).toBe(401);
      expect(reply.type).toContain('application/problem+json');
    }
  });

  it('propose -> comment -> support -> adopt: a team proposal becomes a draft objective of the team that links back', async () => {
    const proposal = await propose(hannah, teamProposal());
    expect(proposal).toMatchObject({
      periodId: next,
      level: 'team',
      team: { id: priya.id, name: priya.displayName },
      author: { id: hannah.id, name: hannah.displayName },
      state: 'open',
      supporters: 0,
      commentCount: 0,
      decision: null,
      keyResults: [
        { title: 'Services deployed by the pipeline', target: 40, unit: 'services' },
        { title: 'Median lead time under a day', target: null, unit: '' },
      ],
      allowedActions: ['comment', 'support'],
    });
    expect(await stored(proposal.id)).toMatchObject({ tenantId: stack.tenantId, authorId: hannah.id, teamId: priya.id, state: 'open' });
    const index = await ProposalIndexModel.findOne({ _id: periodIndexKey(stack.tenantId, next) }).lean<ProposalIndexRecord>();
    expect(index?.proposalIds).toContain(proposal.id);

    // Everyone in the tenant sees it, comments and supports; only the team's manager may decide it.
    const listed = await call<ProposalList>('GET', `/proposals?periodId=${next}`, sofia);
    expect(listed.body.items.find((item) => item.id === proposal.id)).toMatchObject({
      comments: [],
      allowedActions: ['comment', 'support'],
    });
    const commented = await call('POST', `/proposals/${proposal.id}/comments`, sofia, { text: '  Sales would love faster fixes.  ' });
    expect(commented.status, commented.text).toBe(201);
    expect(commented.body.comments).toMatchObject([{ author: { id: sofia.id }, text: 'Sales would love faster fixes.' }]);
    for (const supporter of [marcus, liam, liam]) {
      const supported = await call('PUT', `/proposals/${proposal.id}/support`, supporter);
      expect(supported.status, supported.text).toBe(200);
      expect(supported.body.supported).toBe(true);
    }
    expect((await stored(proposal.id))?.supporters.sort()).toEqual([liam.id, marcus.id].sort());
    const withdrawn = await call('DELETE', `/proposals/${proposal.id}/support`, marcus);
    expect(withdrawn.body).toMatchObject({ supporters: 1, supported: false });
    const asManager = await call('GET', `/proposals/${proposal.id}`, priya);
    expect(asManager.body.allowedActions).toEqual(['comment', 'support', 'adopt', 'decline']);
    for (const outsider of [hannah, liam, kai]) {
      const refused = await call('POST', `/proposals/${proposal.id}/adopt`, outsider, {});
      expect(refused.status, outsider.displayName).toBe(403);
      expect(refused.type).toContain('application/problem+json');
    }

    const adopted = await call<AdoptedProposal>('POST', `/proposals/${proposal.id}/adopt`, priya, {});
    expect(adopted.status, adopted.text).toBe(200);
    const objective: Objective = adopted.body.objective;
    expect(objective).toMatchObject({
      periodId: next,
      level: 'team',
      owner: { id: priya.id },
      title: 'Make every service deployable in one click',
      state: 'draft',
      proposal: { id: proposal.id, author: { id: hannah.id, name: hannah.displayName } },
    });
    expect(objective.keyResults.map((kr) => [kr.title, kr.target, kr.unit])).toEqual([
      ['Services deployed by the pipeline', 40, 'services'],
      ['Median lead time under a day', 100, ''],
    ]);
    expect(adopted.body.proposal).toMatchObject({
      state: 'adopted',
      decision: { by: { id: priya.id }, reason: null, objectiveId: objective.id },
      allowedActions: [],
    });
    const storedObjective = await ObjectiveModel.findOne({ _id: objective.id }).lean();
    expect(storedObjective).toMatchObject({
      tenantId: stack.tenantId,
      ownerId: priya.id,
      state: 'draft',
      proposal: { id: proposal.id, authorId: hannah.id },
    });
    expect(await KeyResultModel.countDocuments({ tenantId: stack.tenantId, objectiveId: storedObjective!._id })).toBe(2);
    expect(await stored(proposal.id)).toMatchObject({ state: 'adopted', decision: { by: priya.id, objectiveId: objective.id } });
    expect((await call<Objective>('GET', `/objectives/${objective.id}`, hannah)).body.proposal?.id).toBe(proposal.id);

    // Decided is final: no second adoption, decline, comment or support.
    expect((await call('POST', `/proposals/${proposal.id}/adopt`, priya, {})).status).toBe(409);
    expect((await call('POST', `/proposals/${proposal.id}/decline`, priya, { reason: 'Changed my mind' })).status).toBe(409);
    expect((await call('POST', `/proposals/${proposal.id}/comments`, hannah, { text: 'Thanks!' })).status).toBe(409);
    expect((await call('PUT', `/proposals/${proposal.id}/support`, sofia)).status).toBe(409);
    expect(await ObjectiveModel.countDocuments({ tenantId: stack.tenantId, 'proposal.id': proposal.id })).toBe(1);
  });

  it('lets only admins decide a company proposal; the author reads the reason it was declined', async () => {
    const proposal = await propose(owen, {
      periodId: current,
      level: 'company',
      title: 'Halve the time from signed contract to first value',
      why: 'Onboarding a customer takes eight weeks; they judge us by it.',
    });
    expect(proposal.team).toBeNull();
    expect((await call('POST', `/proposals/${proposal.id}/decline`, sofia, { reason: 'No' })).status).toBe(403);
    const ceo = await tokenOf(stack, stack.tenantId, byUpn('ava.chen'), []);
    expect((await call('POST', `/proposals/${proposal.id}/decline`, ceo, { reason: 'No' })).status).toBe(403);
    expect(await stored(proposal.id)).toMatchObject({ state: 'open', decision: null });

    const declined = await call('POST', `/proposals/${proposal.id}/decline`, kai, {
      reason: '  Covered by the Q1 onboarding objective.  ',
    });
    expect(declined.status, declined.text).toBe(200);
    expect(declined.body).toMatchObject({
      state: 'declined',
      decision: { by: { id: kai.id }, reason: 'Covered by the Q1 onboarding objective.', objectiveId: null },
    });
    const asAuthor = await call('GET', `/proposals/${proposal.id}`, owen);
    expect(asAuthor.body.decision?.reason).toBe('Covered by the Q1 onboarding objective.');
    expect(await stored(proposal.id)).toMatchObject({
      state: 'declined',
      decision: { by: kai.id, reason: 'Covered by the Q1 onboarding objective.' },
    });
  });

  it('counts proposals per level with the adoption rate, and filters the list by level and state', async () => {
    const period = shiftPeriod(current, 2);
    const adopt = await propose(hannah, teamProposal({ periodId: period, title: 'Cut the flaky tests to zero' }));
    await propose(marcus, teamProposal({ periodId: period, title: 'Document every runbook' }));
    await propose(hannah, { periodId: period, level: 'company', title: 'One customer portal', why: 'Three portals confuse everyone.' });
    expect((await call<AdoptedProposal>('POST', `/proposals/${adopt.id}/adopt`, priya, {})).status).toBe(200);

    const summary = await call<ProposalSummary>('GET', `/proposals/summary?periodId=${period}`, sofia);
    expect(summary.status, summary.text).toBe(200);
    expect(summary.body).toEqual({
      periodId: period,
      levels: [
        { level: 'company', total: 1, open: 1, adopted: 0, declined: 0, adoptionRate: 0 },
        { level: 'team', total: 2, open: 1, adopted: 1, declined: 0, adoptionRate: 0.5 },
      ],
      total: 3,
      adoptionRate: 1 / 3,
    });
    const empty = await call<ProposalSummary>('GET', `/proposals/summary?periodId=${shiftPeriod(current, 3)}`, sofia);
    expect(empty.body).toMatchObject({ total: 0, adoptionRate: null });
    const open = await call<ProposalList>('GET', `/proposals?periodId=${period}&level=team&state=open`, hannah);
    expect(open.body.items.map((item) => item.title)).toEqual(['Document every runbook']);
    expect(open.body.allowedActions).toEqual(['propose']);
    expect(open.body.teams.map((team) => team.id)).toEqual([priya.id, liam.id, byUpn('ava.chen').id]);
  });

  it('answers 400 for bad input and stores nothing', async () => {
    const before = await ProposalModel.countDocuments({ tenantId: stack.tenantId });
    const bad: unknown[] = [
      teamProposal({ teamId: undefined }),
      teamProposal({ level: 'company' }),
      teamProposal({ teamId: sofia.id }),
      teamProposal({ teamId: hannah.id }),
      teamProposal({ periodId: shiftPeriod(current, -1) }),
      teamProposal({ periodId: '2026-Q5' }),
      teamProposal({ why: '   ' }),
      teamProposal({ title: 'x'.repeat(201) }),
      teamProposal({ keyResults: Array.from({ length: 6 }, (_, i) => ({ title: `KR ${i}` })) }),
      teamProposal({ keyResults: [{ title: 'Target', target: 'lots' }] }),
      teamProposal({ level: 'person' }),
      teamProposal({ owner: hannah.id }),
    ];
    for (const body of bad) {
      const reply = await call('POST', '/proposals', hannah, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.type).toContain('application/problem+json');
    }
    expect(await ProposalModel.countDocuments({ tenantId: stack.tenantId })).toBe(before);

    const proposal = await propose(hannah, teamProposal({ title: 'Run chaos drills monthly' }));
    expect((await call('POST', `/proposals/${proposal.id}/comments`, hannah, { text: '  ' })).status).toBe(400);
    expect((await call('POST', `/proposals/${proposal.id}/comments`, hannah, { text: 'x'.repeat(1001) })).status).toBe(400);
    expect((await call('POST', `/proposals/${proposal.id}/decline`, priya, {})).status).toBe(400);
    expect((await call('POST', `/proposals/${proposal.id}/decline`, priya, { reason: ' ' })).status).toBe(400);
    expect((await call('POST', `/proposals/${proposal.id}/adopt`, priya, { periodId: 'soon' })).status).toBe(400);
    expect((await call('GET', '/proposals/not-an-id', hannah)).status).toBe(400);
    expect((await call('GET', '/proposals?state=maybe', hannah)).status).toBe(400);
    expect(await stored(proposal.id)).toMatchObject({ state: 'open', comments: [], decision: null });
  });

  it('answers 404 for unknown proposals and across tenants, and keeps each tenant to its own', async () => {
    const proposal = await propose(hannah, teamProposal({ title: 'Own the on-call handbook' }));
    expect((await call('GET', `/proposals/${MISSING}`, hannah)).status).toBe(404);
    expect((await call('POST', `/proposals/${MISSING}/adopt`, priya, {})).status).toBe(404);

    await onboardTenant(OTHER_TENANT, 'Other tenant');
    await insertPeople(OTHER_TENANT, [
      { ...priya, managerId: null },
      { ...hannah, managerId: priya.id },
    ]);
    const foreignPriya = await tokenOf(stack, OTHER_TENANT, priya, ['Admin']);
    const foreignHannah = await tokenOf(stack, OTHER_TENANT, hannah, []);
    expect((await call('GET', `/proposals/${proposal.id}`, foreignHannah)).status).toBe(404);
    expect((await call('POST', `/proposals/${proposal.id}/comments`, foreignHannah, { text: 'Hi' })).status).toBe(404);
    expect((await call('PUT', `/proposals/${proposal.id}/support`, foreignHannah)).status).toBe(404);
    expect((await call('POST', `/proposals/${proposal.id}/adopt`, foreignPriya, {})).status).toBe(404);
    expect((await call('POST', `/proposals/${proposal.id}/decline`, foreignPriya, { reason: 'x' })).status).toBe(404);
    const foreignList = await call<ProposalList>('GET', `/proposals?periodId=${next}`, foreignHannah);
    expect(foreignList.status).toBe(200);
    expect(foreignList.body.items).toEqual([]);
    const foreign = await propose(foreignHannah as never, teamProposal({ title: 'Elsewhere' }));
    expect((await call('GET', `/proposals/${foreign.id}`, hannah)).status).toBe(404);
    expect((await call<ProposalList>('GET', `/proposals?periodId=${next}`, hannah)).body.items.map((item) => item.title)).not.toContain(
      'Elsewhere',
    );
    expect(await stored(proposal.id)).toMatchObject({ state: 'open', supporters: [], comments: [] });
  });
});
