import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { TeamCheckInAgenda, WeeklyReport } from '../../../server/src/contract/index.js';
import { KeyResultModel, type KeyResultRecord } from '../../../server/src/okrs/okrs.model.js';
import { shiftIsoWeek } from '../../../server/src/okrs/periods.js';
import { TeamCheckInModel, teamCheckInKey, type TeamCheckInRecord } from '../../../server/src/teamcheckin/teamcheckin.model.js';
import { apiCaller, type ApiCall, type Reply } from '../../support/api-client.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

const OTHER_TENANT = '3c2b1a0f-9e8d-4c7b-8a69-5f4e3d2c1b0a';
const XSS = '<img src=x onerror=alert(1)>';

let stack: TestStack;
const caller = apiCaller(() => stack);
const call = <T = TeamCheckInAgenda>(...args: Parameters<ApiCall>): Promise<Reply<T>> => caller<T>(...args);
const byUpn = (upn: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${upn}@northstar.demo`)!;
const stored = (teamId: string, isoWeek: string) =>
  TeamCheckInModel.findOne({ _id: teamCheckInKey(stack.tenantId, teamId, isoWeek) }).lean<TeamCheckInRecord>();

let liam: GraphUser;
let ava: GraphUser;
let priya: GraphUser;
let marcus: GraphUser;
let sven: GraphUser;
let julia: GraphUser;
let admin: GraphUser;
let week: string;
let base: string;
const otherLead: GraphUser = {
  id: '6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c',
  displayName: 'Other Lead',
  givenName: 'Other',
  surname: 'Lead',
  mail: 'lead@other-checkin.test',
  userPrincipalName: 'lead@other-checkin.test',
  jobTitle: 'Manager',
  department: 'Ops',
  employeeHireDate: '2020-01-01T00:00:00Z',
  accountEnabled: true,
  managerId: null,
  appRoles: ['Admin'],
};
let otherToken: string;

/** Sends the person's weekly mail of the week through the API. */
async function sendMail(person: GraphUser, isoWeek: string, fields: { red: string[]; risks: string }): Promise<void> {
  const draft = await call<WeeklyReport>('GET', `/weekly/${isoWeek}`, person);
  expect(draft.status, draft.text).toBe(200);
  const saved = await call<WeeklyReport>('PUT', `/weekly/${isoWeek}`, person, {
    version: draft.body.version,
    lastWeekPriorities: [...fields.red.map((title) => ({ title, status: 'red' })), { title: 'Something that went fine', status: 'green' }],
    risks: fields.risks,
  });
  expect(saved.status, saved.text).toBe(200);
  const sent = await call('POST', `/weekly/${isoWeek}/sent`, person);
  expect(sent.status, sent.text).toBe(200);
}

beforeAll(async () => {
  stack = await startStack();
  liam = byUpn('liam.novak');
  ava = byUpn('ava.chen');
  priya = byUpn('priya.raman');
  marcus = byUpn('marcus.lee');
  sven = byUpn('sven.olsen');
  julia = byUpn('julia.santos');
  admin = stack.people.find((p) => p.appRoles.includes('Admin'))!;
  await onboardTenant(OTHER_TENANT, 'Other tenant');
  await insertPeople(OTHER_TENANT, [
    otherLead,
    { ...otherLead, id: '7a6f5e4d-3c2b-4a1f-8e9d-8c7b6a5f4e3d', userPrincipalName: 'r@oc.test', managerId: otherLead.id, appRoles: [] },
  ]);
  otherToken = await tokenOf(stack, OTHER_TENANT, otherLead);
  const current = await call('GET', `/teams/${liam.id}/check-ins/current`, liam);
  expect(current.status, current.text).toBe(200);
  week = current.body.currentIsoWeek;
  base = `/teams/${liam.id}/check-ins/${week}`;
  await sendMail(sven, week, { red: [`Ship the ${XSS} API`], risks: `Vendor ${XSS} may slip` });
});
afterAll(async () => {
  await stack?.stop();
});

describe('team check-in', () => {
  it('answers 401 without a token on every endpoint', async () => {
    expect((await call('GET', `/teams/${liam.id}/check-ins/current`, null)).status).toBe(401);
    expect((await call('GET', base, null)).status).toBe(401);
    expect((await call('PUT', `${base}/discussed`, null, { itemKey: 'company', discussed: true, version: 0 })).status).toBe(401);
  });

  it('opens with the company OKRs, then the sub-teams, metrics, and red priorities and risks of the week (plain text)', async () => {
    const reply = await call('GET', base, marcus);
    expect(reply.status, reply.text).toBe(200);
    const agenda = reply.body;
    expect(agenda).toMatchObject({ teamId: liam.id, isoWeek: week, previousIsoWeek: shiftIsoWeek(week, -1), allowedActions: ['read'] });
    expect(agenda.manager).toMatchObject({ id: liam.id, name: liam.displayName });
    expect(agenda.company.key).toBe('company');
    expect(agenda.company.objectives.length).toBeGreaterThan(0);
    expect(agenda.company.objectives.every((objective) => objective.level === 'company')).toBe(true);
    expect(agenda.groups.map((group) => group.lead?.id).sort()).toEqual(
      [priya.id, byUpn('jonas.becker').id, byUpn('aisha.bello').id].sort(),
    );
    const platform = agenda.groups.find((group) => group.lead?.id === priya.id)!;
    expect(platform).toMatchObject({ key: `group:${priya.id}`, kind: 'sub_team', name: `${priya.displayName}'s team` });
    expect(platform.people).toBe(stack.people.filter((p) => p.managerId === priya.id).length + 1);
    expect(platform.weeklyMails.expected).toBe(platform.people);
    expect(agenda.people).toBe(agenda.groups.reduce((sum, group) => sum + group.people, 0));
    expect(agenda.metrics.key).toBe('metrics');
    expect(agenda.metrics.items.every((metric) => metric.band !== 'green')).toBe(true);
    // Sven's mail: HTML comes back as the text that was typed; escaping is the client's.
    const mine = agenda.redItems.items.filter((item) => item.person.id === sven.id);
    expect(mine).toEqual([
      expect.objectContaining({ key: `red:${sven.id}:0`, kind: 'red_priority', text: `Ship the ${XSS} API` }),
      expect.objectContaining({ key: `risk:${sven.id}`, kind: 'risk', text: `Vendor ${XSS} may slip` }),
    ]);
    expect(reply.text).not.toContain('&lt;');
    // The seeded mails of the demo team are there too; red priorities first.
    expect(agenda.redItems.total).toBeGreaterThanOrEqual(6);
    const kinds = agenda.redItems.items.map((item) => item.kind);
    expect(kinds.indexOf('risk')).toBeGreaterThan(kinds.lastIndexOf('red_priority'));
    expect(agenda.redItems.redPriorities + agenda.redItems.risks).toBe(agenda.redItems.total);
    const jonasTeam = agenda.groups.find((group) => group.lead?.id === byUpn('jonas.becker').id)!;
    expect(jonasTeam.weeklyMails.sent).toBeGreaterThanOrEqual(3);
  });

  it('pages the red priorities and risks', async () => {
    const first = await call('GET', `${base}?limit=2`, liam);
    expect(first.body.redItems.items).toHaveLength(2);
    expect(first.body.redItems.nextCursor).toBe('2');
    const all = await call('GET', base, liam);
    const second = await call('GET', `${base}?limit=2&cursor=2`, liam);
    expect(second.body.redItems.items.map((item) => item.key)).toEqual(all.body.redItems.items.slice(2, 4).map((item) => item.key));
    const last = await call('GET', `${base}?cursor=${all.body.redItems.total}`, liam);
    expect(last.body.redItems).toMatchObject({ items: [], nextCursor: null });
  });

  it('shows a falling, low-confidence company key result as at risk with its change since last week', async () => {
    const company = (await call('GET', base, liam)).body.company.objectives[0]!;
    const keyResult = (await KeyResultModel.findOne({ tenantId: stack.tenantId, objectiveId: company.id }).lean<KeyResultRecord>())!;
    const owner = stack.people.find((p) => p.id === keyResult.ownerId)!;
    const id = keyResult._id.toHexString();
    const lastWeek = await call('PUT', `/key-results/${id}/check-ins/${shiftIsoWeek(week, -1)}`, owner, {
      value: keyResult.current,
      confidence: 8,
    });
    expect(lastWeek.status, lastWeek.text).toBe(200);
    expect((await call('PUT', `/key-results/${id}/check-ins/${week}`, owner, { value: keyResult.current, confidence: 2 })).status).toBe(
      200,
    );
    const agenda = (await call('GET', base, marcus)).body;
    expect(agenda.company.atRiskKeyResults.find((kr) => kr.keyResultId === id)).toMatchObject({
      objectiveId: company.id,
      confidence: 2,
      confidenceLastWeek: 8,
      confidenceChange: -6,
      reasons: ['low_confidence', 'falling'],
    });
    const objective = agenda.company.objectives.find((o) => o.id === company.id)!;
    expect(objective.confidence).not.toBeNull();
  });

  it('lets a lead mark items discussed and stores who and when, with 409 on a stale version', async () => {
    const marked = await call('PUT', `${base}/discussed`, liam, { itemKey: 'company', discussed: true, version: 0 });
    expect(marked.status, marked.text).toBe(200);
    expect(marked.body.company.discussed).toMatchObject({ by: { id: liam.id, name: liam.displayName } });
    expect(marked.body).toMatchObject({ version: 1, discussedCount: 1, allowedActions: ['read', 'facilitate'] });
    expect(await stored(liam.id, week)).toMatchObject({
      teamId: liam.id,
      isoWeek: week,
      version: 1,
      discussed: [expect.objectContaining({ key: 'company', by: liam.id })],
    });

    const stale = await call('PUT', `${base}/discussed`, ava, { itemKey: `group:${priya.id}`, discussed: true, version: 0 });
    expect(stale.status).toBe(409);
    expect((await stored(liam.id, week))!.version).toBe(1);

    const red = await call('PUT', `${base}/discussed`, ava, { itemKey: `risk:${sven.id}`, discussed: true, version: 1 });
    expect(red.status, red.text).toBe(200);
    expect(red.body.redItems.items.find((item) => item.key === `risk:${sven.id}`)!.discussed).toMatchObject({ by: { id: ava.id } });
    // A member sees the marks.
    const seen = (await call('GET', base, marcus)).body;
    expect(seen.discussedCount).toBe(2);
    expect(seen.company.discussed?.by.id).toBe(liam.id);

    const unmarked = await call('PUT', `${base}/discussed`, admin, { itemKey: 'company', discussed: false, version: 2 });
    expect(unmarked.status, unmarked.text).toBe(200);
    expect(unmarked.body).toMatchObject({ version: 3, discussedCount: 1 });
    expect(unmarked.body.company.discussed).toBeNull();
    expect((await stored(liam.id, week))!.discussed.map((mark) => mark.key)).toEqual([`risk:${sven.id}`]);
    // Marking what is already marked changes nothing.
    const again = await call('PUT', `${base}/discussed`, liam, { itemKey: `risk:${sven.id}`, discussed: true, version: 3 });
    expect(again.body.version).toBe(3);
  });

  it('keeps each week apart: last week shows the seeded discussed company OKRs', async () => {
    const lastWeek = await call('GET', `/teams/${liam.id}/check-ins/${shiftIsoWeek(week, -1)}`, liam);
    expect(lastWeek.status).toBe(200);
    expect(lastWeek.body.company.discussed).toMatchObject({ by: { id: liam.id } });
  });

  it('answers 403 to a member who tries to facilitate, storing nothing', async () => {
    const before = (await stored(liam.id, week))!.version;
    const reply = await call('PUT', `${base}/discussed`, marcus, { itemKey: 'metrics', discussed: true, version: before });
    expect(reply.status).toBe(403);
    expect(reply.type).toContain('application/problem+json');
    // Priya leads her sub-team, not Liam's whole team.
    expect((await call('PUT', `${base}/discussed`, priya, { itemKey: 'metrics', discussed: true, version: before })).status).toBe(403);
    expect((await stored(liam.id, week))!.version).toBe(before);
  });

  it('answers 404 to outsiders, other tenants, people without reports and unknown teams', async () => {
    expect((await call('GET', base, julia)).status).toBe(404);
    expect((await call('PUT', `${base}/discussed`, julia, { itemKey: 'company', discussed: true, version: 0 })).status).toBe(404);
    expect((await call('GET', base, otherToken)).status).toBe(404);
    expect((await call('GET', `/teams/${liam.id}/check-ins/current`, otherToken)).status).toBe(404);
    expect((await call('PUT', `${base}/discussed`, otherToken, { itemKey: 'company', discussed: true, version: 0 })).status).toBe(404);
    expect((await call('GET', `/teams/${marcus.id}/check-ins/${week}`, marcus)).status).toBe(404);
    expect((await call('GET', `/teams/00000000-0000-4000-8000-00000000beef/check-ins/${week}`, admin)).status).toBe(404);
    // A sub-team member does not see a sibling sub-team's check-in.
    expect((await call('GET', `/teams/${byUpn('jonas.becker').id}/check-ins/${week}`, marcus)).status).toBe(404);
  });

  it('answers 400 for bad weeks, ids, paging and bodies, and for an item the agenda does not have', async () => {
    const version = (await stored(liam.id, week))!.version;
    const bad: Array<[string, string, unknown?]> = [
      ['GET', `/teams/${liam.id}/check-ins/2026-W60`],
      ['GET', `/teams/${liam.id}/check-ins/2027-W53`],
      ['GET', `/teams/not-a-guid/check-ins/${week}`],
      ['GET', `${base}?cursor=abc`],
      ['GET', `${base}?limit=0`],
      ['GET', `${base}?limit=1000`],
      ['GET', `${base}?other=1`],
      ['PUT', `${base}/discussed`, {}],
      ['PUT', `${base}/discussed`, { itemKey: 'company', discussed: 'yes', version }],
      ['PUT', `${base}/discussed`, { itemKey: 'company', discussed: true }],
      ['PUT', `${base}/discussed`, { itemKey: 'x'.repeat(301), discussed: true, version }],
      ['PUT', `${base}/discussed`, { itemKey: 'group:nobody', discussed: true, version }],
      ['PUT', `${base}/discussed`, { itemKey: `<script>alert(1)</script>`, discussed: true, version }],
      ['PUT', `/teams/${liam.id}/check-ins/2027-W53/discussed`, { itemKey: 'company', discussed: true, version: 0 }],
    ];
    for (const [method, path, body] of bad) {
      const reply = await call(method, path, liam, body);
      expect(reply.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(reply.type).toContain('application/problem+json');
    }
    expect((await stored(liam.id, week))!.version).toBe(version);
  });
});
