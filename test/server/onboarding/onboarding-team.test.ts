import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { Enrolment, OnboardingTeam, PeopleSearch } from '../../../server/src/contract/index.js';
import { LESSONS } from '../../../server/src/onboarding/onboarding.lessons.js';
import { EnrolmentModel, RosterModel, TransitionModel } from '../../../server/src/onboarding/onboarding.model.js';
import { PersonModel, personKey } from '../../../server/src/org/people.model.js';
import { apiCaller } from '../../support/api-client.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const OTHER_TENANT = '7c3d8e2f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const DAY_MS = 86_400_000;
const NOBODY = '00000000-0000-4000-8000-000000000000';
const call = apiCaller(() => stack);
const person = (local: string): GraphUser => stack.people.find((p) => p.userPrincipalName.split('@')[0] === local)!;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

let priya: GraphUser;
let aisha: GraphUser;
let camila: GraphUser;
let liam: GraphUser;
let samuel: GraphUser;
let elena: GraphUser;
let victor: GraphUser;
let hannah: GraphUser;
let rosa: GraphUser;
let owen: GraphUser;
let hr: GraphUser;
let admin: GraphUser;
let otherPriya: string;
let otherHr: string;
let otherEmployee: string;

const oscar: GraphUser = {
  id: 'a1b2c3d4-0000-4000-8000-00000000000a',
  displayName: 'Oscar Ångström',
  givenName: 'Oscar',
  surname: 'Ångström',
  mail: 'oscar@other.example',
  userPrincipalName: 'oscar@other.example',
  jobTitle: 'Engineer',
  department: 'Engineering',
  employeeHireDate: '2020-01-01T00:00:00Z',
  accountEnabled: true,
  managerId: null,
  appRoles: [],
};

beforeAll(async () => {
  stack = await startStack();
  priya = person('priya.raman');
  aisha = person('aisha.bello');
  camila = person('camila.torres');
  liam = person('liam.novak');
  samuel = person('samuel.osei');
  elena = person('elena.popescu');
  victor = person('victor.petrov');
  hannah = person('hannah.weber');
  rosa = person('rosa.delgado');
  owen = person('owen.fischer');
  hr = person('maya.okafor');
  admin = person('kai.andersen');
  // Another tenant holds the same people ids (Priya manages Samuel there too, but nobody is enrolled) and one of its own.
  await onboardTenant(OTHER_TENANT, 'Other tenant');
  await insertPeople(OTHER_TENANT, [{ ...priya }, { ...samuel }, { ...hr }, oscar]);
  otherPriya = await tokenOf(stack, OTHER_TENANT, priya, []);
  otherHr = await tokenOf(stack, OTHER_TENANT, hr, ['HR']);
  otherEmployee = await tokenOf(stack, OTHER_TENANT, oscar, []);
});
afterAll(async () => {
  await stack?.stop();
});

const team = async (who: GraphUser | string, scope?: string) => {
  const reply = await call<OnboardingTeam>('GET', `/onboarding/team${scope ? `?scope=${scope}` : ''}`, who);
  expect(reply.status, reply.text).toBe(200);
  return reply.body;
};

describe("the manager's view of onboarding", () => {
  it('answers 401 without a token or with a broken one', async () => {
    for (const token of [null, 'not-a-jwt']) {
      expect((await call('GET', '/onboarding/team', token)).status).toBe(401);
      expect((await call('GET', '/org/people?q=rosa', token)).status).toBe(401);
      expect((await call('POST', '/onboarding/enrolments', token, { personId: rosa.id })).status).toBe(401);
    }
  });

  it('answers 400 for a bad query', async () => {
    for (const query of ['?scope=everyone', '?scope=', '?extra=1', '?scope=direct&scope=subtree']) {
      const reply = await call('GET', `/onboarding/team${query}`, priya);
      expect(reply.status, `${query} ${reply.text}`).toBe(400);
      expect(reply.type).toContain('application/problem+json');
    }
  });

  it('shows a manager their directly reporting new hire with the status only', async () => {
    const view = await team(priya);
    expect(view.scope).toBe('direct');
    expect(view.items.map((item) => item.person.id)).toEqual([samuel.id]);
    const [row] = view.items;
    const hire = samuel.employeeHireDate.slice(0, 10);
    expect(row).toMatchObject({
      person: { id: samuel.id, name: samuel.displayName, upn: samuel.userPrincipalName, department: 'Engineering', hireDate: hire },
      state: 'not_started',
      overdue: false,
      dueDate: isoDay(Date.parse(`${hire}T00:00:00Z`) + 30 * DAY_MS),
      lessonsPassed: 0,
      lessonsTotal: LESSONS.length,
      direct: true,
      manager: { id: priya.id, name: priya.displayName },
      submittedAt: null,
      changesRequestedAt: null,
      allowedActions: ['readStatus'],
    });
    expect(view.counts).toEqual({ not_started: 1, in_progress: 0, submitted: 0, changes_requested: 0, passed: 0, overdue: 0 });
    // Her report's status page agrees with the row.
    const status = await call<{ state: string; dueDate: string }>('GET', `/onboarding/enrolments/${samuel.id}/status`, priya);
    expect(status.body).toMatchObject({ state: row!.state, dueDate: row!.dueDate });
  });

  it('shows a senior manager the new hires of their whole org with scope=subtree, and only direct reports by default', async () => {
    expect((await team(liam)).items).toEqual([]);
    const org = await team(liam, 'subtree');
    expect(org.scope).toBe('subtree');
    const byId = new Map(org.items.map((item) => [item.person.id, item]));
    expect([...byId.keys()].sort()).toEqual([samuel.id, elena.id].sort());
    expect(byId.get(elena.id)).toMatchObject({
      state: 'in_progress',
      lessonsPassed: 3,
      objectives: 1,
      direct: false,
      manager: { id: aisha.id },
    });
    expect(byId.get(samuel.id)).toMatchObject({ direct: false, manager: { id: priya.id, name: priya.displayName } });
    expect(org.counts).toMatchObject({ not_started: 1, in_progress: 1, submitted: 0 });
    // Sorted by due date: Elena was hired earlier, so hers is due first.
    expect(org.items.map((item) => item.person.id)).toEqual([elena.id, samuel.id]);
  });

  it('gives other managers, employees, HR without reports and another tenant nothing of these new hires', async () => {
    expect((await team(aisha)).items.map((item) => item.person.id)).toEqual([elena.id]);
    for (const who of [hannah, samuel, hr, admin, owen]) {
      const view = await team(who, 'subtree');
      expect(view.items, who.userPrincipalName).toEqual([]);
    }
    // In the other tenant Priya manages the same Samuel id, but nothing of this tenant's enrolment shows.
    for (const token of [otherPriya, otherHr, otherEmployee]) {
      const reply = await call<OnboardingTeam>('GET', '/onboarding/team?scope=subtree', token);
      expect(reply.status).toBe(200);
      expect(reply.body.items).toEqual([]);
      expect(reply.text).not.toContain(samuel.id);
    }
    // And the status view the rows link to answers 404 to them as well.
    for (const who of [aisha, hannah]) expect((await call('GET', `/onboarding/enrolments/${samuel.id}/status`, who)).status).toBe(404);
    expect((await call('GET', `/onboarding/enrolments/${samuel.id}/status`, otherPriya)).status).toBe(404);
  });

  it('shows changes requested with its date but never HR’s comments or note', async () => {
    const work = await call<Enrolment>('GET', `/onboarding/enrolments/${victor.id}`, hr);
    expect(work.body.state).toBe('submitted');
    const before = await team(camila);
    expect(before.items[0]).toMatchObject({ state: 'submitted', round: 1, changesRequestedAt: null });
    expect(before.items[0]!.submittedAt).not.toBeNull();

    const secretComment = 'canary-comment: the second key result reads like a task';
    const secretNote = 'canary-note: please rework the lagging indicator';
    const commented = await call<Enrolment>('POST', `/onboarding/enrolments/${victor.id}/comments`, hr, {
      target: { kind: 'objective', id: work.body.objectives[0]!.id },
      text: secretComment,
    });
    expect(commented.status, commented.text).toBe(201);
    const reviewed = await call<Enrolment>('POST', `/onboarding/enrolments/${victor.id}/review`, hr, {
      decision: 'request_changes',
      version: commented.body.version,
      note: secretNote,
    });
    expect(reviewed.status, reviewed.text).toBe(200);

    for (const [who, scope] of [
      [camila, 'direct'],
      [person('sofia.martinez'), 'subtree'],
    ] as const) {
      const reply = await call<OnboardingTeam>('GET', `/onboarding/team?scope=${scope}`, who);
      const row = reply.body.items.find((item) => item.person.id === victor.id)!;
      expect(row).toMatchObject({ state: 'changes_requested', round: 1, allowedActions: ['readStatus'] });
      expect(Date.parse(row.changesRequestedAt!)).toBeGreaterThanOrEqual(Date.parse(row.submittedAt!));
      expect(reply.text).not.toContain('canary-');
      expect(reply.text).not.toContain(work.body.objectives[0]!.title);
    }
    expect((await team(camila)).counts).toMatchObject({ submitted: 0, changes_requested: 1 });
  });
});

describe('HR enrols a person by hand', () => {
  it('enrols an existing employee with a due date: stored, listed for their manager, overdue first', async () => {
    const due = isoDay(Date.now() - 2 * DAY_MS);
    const reply = await call<Enrolment>('POST', '/onboarding/enrolments', hr, { personId: hannah.id, dueDate: due });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body).toMatchObject({
      person: { id: hannah.id, name: hannah.displayName },
      state: 'not_started',
      source: 'hr',
      dueDate: due,
      overdue: true,
      history: [{ action: 'enrolled', by: { id: hr.id }, note: 'Enrolled by HR.' }],
    });

    const stored = await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${hannah.id}` }).lean<{
      tenantId: string;
      source: string;
      enrolledBy: string;
      dueDate: string;
      state: string;
      version: number;
    }>();
    expect(stored).toMatchObject({
      tenantId: stack.tenantId,
      source: 'hr',
      enrolledBy: hr.id,
      dueDate: due,
      state: 'not_started',
      version: 1,
    });
    const roster = await RosterModel.findOne({ _id: stack.tenantId }).lean<{ personIds: string[] }>();
    expect(roster!.personIds).toContain(hannah.id);
    expect(await TransitionModel.countDocuments({ _id: `${stack.tenantId}:${hannah.id}:1` })).toBe(1);

    const view = await team(priya);
    expect(view.items.map((item) => item.person.id)).toEqual([hannah.id, samuel.id]);
    expect(view.items[0]).toMatchObject({ overdue: true, state: 'not_started', direct: true });
    expect(view.counts).toMatchObject({ not_started: 2, overdue: 1 });
  });

  it('answers 409 the second time and leaves the first enrolment as it was', async () => {
    const again = await call<{ code: string; detail: string }>('POST', '/onboarding/enrolments', hr, { personId: hannah.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('duplicate');
    expect(again.body.detail).toContain('already enrolled');
    const stored = await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${hannah.id}` }).lean<{ dueDate: string; version: number }>();
    expect(stored).toMatchObject({ dueDate: isoDay(Date.now() - 2 * DAY_MS), version: 1 });
  });

  it('answers 409 with a clear reason for a disabled account, 404 for an unknown person, and stores nothing', async () => {
    await PersonModel.updateOne({ _id: personKey(stack.tenantId, owen.id) }, { $set: { enabled: false } });
    const disabled = await call<{ code: string; detail: string }>('POST', '/onboarding/enrolments', hr, { personId: owen.id });
    expect(disabled.status, disabled.text).toBe(409);
    expect(disabled.body.detail).toMatch(/disabled/);
    expect(await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${owen.id}` }).lean()).toBeNull();
    expect((await call('POST', '/onboarding/enrolments', hr, { personId: NOBODY })).status).toBe(404);
    // HR of another tenant cannot enrol this tenant's people.
    expect((await call('POST', '/onboarding/enrolments', otherHr, { personId: rosa.id })).status).toBe(404);
    expect(await EnrolmentModel.findOne({ _id: `${OTHER_TENANT}:${rosa.id}` }).lean()).toBeNull();
  });

  it('answers 400 for bad input', async () => {
    for (const body of [
      {},
      { personId: 'nobody' },
      { personId: rosa.id, dueDate: '2026-02-30' },
      { personId: rosa.id, dueDate: 'tomorrow' },
      { personId: rosa.id, periodId: '2026-Q5' },
      { personId: rosa.id, source: 'auto' },
    ]) {
      const reply = await call('POST', '/onboarding/enrolments', hr, body);
      expect(reply.status, `${JSON.stringify(body)} ${reply.text}`).toBe(400);
    }
    expect(await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${rosa.id}` }).lean()).toBeNull();
  });

  it('answers 403 to everyone who is not HR and stores nothing', async () => {
    for (const who of [priya, rosa, admin, samuel]) {
      const reply = await call('POST', '/onboarding/enrolments', who, { personId: rosa.id });
      expect(reply.status, who.userPrincipalName).toBe(403);
    }
    expect(await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${rosa.id}` }).lean()).toBeNull();
  });

  it('enrols without a due date: due the configured 30 days on, in the current quarter', async () => {
    const reply = await call<Enrolment>('POST', '/onboarding/enrolments', hr, { personId: rosa.id });
    expect(reply.status, reply.text).toBe(201);
    const periods = await call<{ current: string }>('GET', '/periods', hr);
    expect(reply.body.periodId).toBe(periods.body.current);
    expect(Math.abs(Date.parse(reply.body.dueDate) - Date.parse(isoDay(Date.now())) - 30 * DAY_MS)).toBeLessThanOrEqual(DAY_MS);
  });
});

describe('the directory search behind the people picker', () => {
  it('finds people of the caller’s tenant by name, UPN or mail, names starting with the query first', async () => {
    const byName = await call<PeopleSearch>('GET', '/org/people?q=rosa', hr);
    expect(byName.status, byName.text).toBe(200);
    expect(byName.body.items[0]).toEqual({
      id: rosa.id,
      name: rosa.displayName,
      upn: rosa.userPrincipalName,
      jobTitle: rosa.jobTitle,
      department: rosa.department,
      enabled: true,
    });
    const words = await call<PeopleSearch>('GET', `/org/people?q=${encodeURIComponent('delgado ros')}`, priya);
    expect(words.body.items.map((item) => item.id)).toEqual([rosa.id]);
    const upn = await call<PeopleSearch>('GET', '/org/people?q=weber%40northstar', priya);
    expect(upn.body.items.map((item) => item.id)).toEqual([hannah.id]);
    // "An…" names before names that merely contain "an".
    const ranked = await call<PeopleSearch>('GET', '/org/people?q=an&limit=50', priya);
    const names = ranked.body.items.map((item) => item.name);
    expect(names[0]).toMatch(/^An/);
    expect(names).toContain('Ethan Brooks');
    expect(names.indexOf('Ethan Brooks')).toBeGreaterThan(names.findIndex((name) => name.startsWith('An')));
  });

  it('limits the answer and says when more matched', async () => {
    const page = await call<PeopleSearch>('GET', '/org/people?q=northstar.demo&limit=5', priya);
    expect(page.body.items).toHaveLength(5);
    expect(page.body.more).toBe(true);
    const all = await call<PeopleSearch>('GET', '/org/people?q=northstar.demo&limit=50', priya);
    expect(all.body.items).toHaveLength(50);
    const few = await call<PeopleSearch>('GET', '/org/people?q=okafor', priya);
    expect(few.body).toEqual({ items: [expect.objectContaining({ id: hr.id })], more: false });
  });

  it('lists disabled accounts to HR and admins only', async () => {
    // Owen was disabled above, before the first search loaded the index.
    const forHr = await call<PeopleSearch>('GET', '/org/people?q=owen', hr);
    expect(forHr.body.items).toEqual([expect.objectContaining({ id: owen.id, enabled: false })]);
    expect((await call<PeopleSearch>('GET', '/org/people?q=owen', admin)).body.items).toHaveLength(1);
    expect((await call<PeopleSearch>('GET', '/org/people?q=owen', priya)).body.items).toEqual([]);
  });

  it('keeps tenants apart and folds accents', async () => {
    const here = await call<PeopleSearch>('GET', '/org/people?q=oscar', hr);
    expect(here.body.items).toEqual([]);
    const there = await call<PeopleSearch>('GET', `/org/people?q=${encodeURIComponent('angstrom osc')}`, otherEmployee);
    expect(there.body.items.map((item) => item.id)).toEqual([oscar.id]);
    // Only the three people the other tenant holds, not this tenant's sixty.
    const notThere = await call<PeopleSearch>('GET', '/org/people?q=northstar.demo&limit=50', otherEmployee);
    expect(notThere.body.items.map((item) => item.id).sort()).toEqual([priya.id, samuel.id, hr.id].sort());
    const copies = await call<PeopleSearch>('GET', '/org/people?q=raman', otherHr);
    // The other tenant's own copy of Priya, not this tenant's row.
    expect(copies.body.items.map((item) => item.id)).toEqual([priya.id]);
    expect(copies.text).not.toContain(stack.tenantId);
  });

  it('answers 400 for a bad query', async () => {
    for (const query of [
      '',
      '?q=',
      '?q=a',
      '?q=%20%20a%20',
      `?q=${'x'.repeat(101)}`,
      '?q=rosa&limit=0',
      '?q=rosa&limit=51',
      '?q=rosa&limit=x',
      '?q=rosa&x=1',
    ]) {
      const reply = await call('GET', `/org/people${query}`, hr);
      expect(reply.status, `${query} ${reply.text}`).toBe(400);
    }
  });
});
