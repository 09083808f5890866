import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { LESSONS } from '../../../server/src/onboarding/onboarding.lessons.js';
import { EnrolmentModel, TransitionModel } from '../../../server/src/onboarding/onboarding.model.js';
import { onboardingServiceFor } from '../../../server/src/onboarding/onboarding.service.js';
import { ObjectiveModel } from '../../../server/src/okrs/okrs.model.js';
import { OrgDirectory } from '../../../server/src/org/org.directory.js';
import { PersonModel, personKey } from '../../../server/src/org/people.model.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { apiCaller } from '../../support/api-client.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const OTHER_TENANT = '5b2c7d1e-3f4a-4b5c-9d6e-7f8091a2b3c4';
const DAY_MS = 86_400_000;

interface Finding {
  severity: string;
  rule: string;
  target: { kind: string; id?: string };
}

interface Comment {
  id: string;
  round: number;
  target: { kind: string; id: string };
  text: string;
  author: { id: string; name: string };
}

interface Enrolment {
  person: { id: string; name: string; department: string; hireDate: string | null };
  state: string;
  overdue: boolean;
  dueDate: string;
  periodId: string;
  source: string;
  lessons: Array<{ lessonId: string; attempts: number; passedAt: string | null }>;
  lessonsPassed: number;
  lessonsTotal: number;
  objectives: Array<{
    id: string;
    title: string;
    state: string;
    version: number;
    alignedTo: Array<{ id: string; title: string; level: string }>;
    keyResults: Array<{ id: string; title: string; version: number; comments: Comment[] }>;
    comments: Comment[];
  }>;
  coach: { findings: Finding[]; hasErrors: boolean };
  comments: Comment[];
  round: number;
  submittedAt: string | null;
  passedAt: string | null;
  history: Array<{ action: string; from: string | null; to: string; by: { id: string } | null; at: string; note: string }>;
  version: number;
  allowedActions: string[];
}

interface Status {
  person: { id: string; department: string; hireDate: string | null };
  state: string;
  overdue: boolean;
  dueDate: string;
  allowedActions: string[];
}

const call = apiCaller(() => stack);

const person = (local: string): GraphUser => stack.people.find((p) => p.userPrincipalName.split('@')[0] === local)!;

let samuel: GraphUser;
let elena: GraphUser;
let victor: GraphUser;
let hr: GraphUser;
let priya: GraphUser;
let liam: GraphUser;
let outsider: GraphUser;
let admin: GraphUser;
let rosa: GraphUser;
let samuelTeamObjective: string;

const passAllLessons = async (who: GraphUser) => {
  for (const lesson of LESSONS) {
    const reply = await call('POST', `/onboarding/me/lessons/${lesson.id}/answer`, who, { choiceId: lesson.correctChoiceId });
    expect(reply.status, reply.text).toBe(200);
  }
};

const goodKeyResult = (title: string, indicator: 'leading' | 'lagging', dueDate: string) => ({
  title,
  kind: 'increase_to',
  start: 0,
  target: 20,
  unit: 'tickets',
  dueDate,
  indicator,
});

let dueInPeriod: string;
let currentPeriod: string;

beforeAll(async () => {
  stack = await startStack();
  samuel = person('samuel.osei');
  elena = person('elena.popescu');
  victor = person('victor.petrov');
  hr = person('maya.okafor');
  priya = person('priya.raman');
  liam = person('liam.novak');
  outsider = person('hannah.weber');
  admin = person('kai.andersen');
  rosa = person('rosa.delgado');
  const team = await call<{ items: Array<{ id: string; level: string }> }>('GET', `/objectives?ownerId=${priya.id}&level=team`, priya);
  expect(team.status, team.text).toBe(200);
  samuelTeamObjective = team.body.items[0]!.id;
  const periods = await call<{ current: string; periods: Array<{ id: string; end: string }> }>('GET', '/periods', samuel);
  currentPeriod = periods.body.current;
  const end = periods.body.periods.find((p) => p.id === periods.body.current)!.end;
  const soon = new Date(Date.now() + 20 * DAY_MS).toISOString().slice(0, 10);
  dueInPeriod = soon < end ? soon : end;

  await onboardTenant(OTHER_TENANT, 'Other tenant');
  await insertPeople(OTHER_TENANT, [{ ...samuel }, { ...hr }]);
});
afterAll(async () => {
  await stack?.stop();
});

describe('onboarding coursework', () => {
  it('answers 401 without a token on every endpoint', async () => {
    const id = '0123456789abcdef01234567';
    const endpoints: Array<[string, string]> = [
      ['GET', '/onboarding/lessons'],
      ['GET', '/onboarding/me'],
      ['POST', '/onboarding/me/lessons/writing-objectives/answer'],
      ['POST', '/onboarding/me/objectives'],
      ['PATCH', `/onboarding/me/objectives/${id}`],
      ['DELETE', `/onboarding/me/objectives/${id}?version=0`],
      ['POST', `/onboarding/me/objectives/${id}/key-results`],
      ['PATCH', `/onboarding/me/key-results/${id}`],
      ['DELETE', `/onboarding/me/key-results/${id}?version=0`],
      ['POST', '/onboarding/me/submit'],
      ['GET', '/onboarding/queue'],
      ['GET', '/onboarding/cohort'],
      ['GET', '/onboarding/cohort/export'],
      ['POST', '/onboarding/enrolments'],
      ['GET', `/onboarding/enrolments/${samuel.id}`],
      ['GET', `/onboarding/enrolments/${samuel.id}/status`],
      ['POST', `/onboarding/enrolments/${samuel.id}/comments`],
      ['POST', `/onboarding/enrolments/${samuel.id}/review`],
    ];
    for (const [method, path] of endpoints) {
      const reply = await call(method, path, null, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect(reply.status, `${method} ${path}`).toBe(401);
    }
  });

  it('seeds the demo new hires in three states, enrolled by hire date with a due date 30 days after hire', async () => {
    const cohort = await call<{ counts: Record<string, number>; items: Status[]; departments: string[] }>('GET', '/onboarding/cohort', hr);
    expect(cohort.status, cohort.text).toBe(200);
    const stateOf = (who: GraphUser) => cohort.body.items.find((row) => row.person.id === who.id)?.state;
    expect(stateOf(samuel)).toBe('not_started');
    expect(stateOf(elena)).toBe('in_progress');
    expect(stateOf(victor)).toBe('submitted');
    const samuelRow = cohort.body.items.find((row) => row.person.id === samuel.id)!;
    const hire = samuel.employeeHireDate.slice(0, 10);
    expect(samuelRow.person.hireDate).toBe(hire);
    expect(samuelRow.dueDate).toBe(new Date(Date.parse(`${hire}T00:00:00Z`) + 30 * DAY_MS).toISOString().slice(0, 10));
    expect(cohort.body.departments).toEqual(expect.arrayContaining(['Engineering', 'Sales']));

    const victorWork = await call<Enrolment>('GET', `/onboarding/enrolments/${victor.id}`, hr);
    expect(victorWork.body.coach.hasErrors, JSON.stringify(victorWork.body.coach.findings)).toBe(false);
    expect(victorWork.body.objectives[0]!.alignedTo[0]!.level).toBe('team');
    expect(victorWork.body.history.map((entry) => entry.action)).toEqual(['enrolled', 'started', 'submitted']);
    const elenaWork = await call<Enrolment>('GET', `/onboarding/enrolments/${elena.id}`, hr);
    expect(elenaWork.body.coach.findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual(
      expect.arrayContaining(['objective-metric-in-title', 'objective-not-aligned']),
    );
    expect(elenaWork.body.lessonsPassed).toBe(3);
    // New hires hold no OKRs of this quarter besides their coursework (the demo OKR seed's are moved out of it).
    const samuelOkrs = await call<{ items: unknown[] }>('GET', `/objectives?ownerId=${samuel.id}&periodId=${currentPeriod}`, samuel);
    expect(samuelOkrs.body.items).toEqual([]);
    const victorOkrs = await call<{ items: Array<{ state: string }> }>(
      'GET',
      `/objectives?ownerId=${victor.id}&periodId=${currentPeriod}`,
      victor,
    );
    expect(victorOkrs.body.items.map((item) => item.state)).toEqual(['draft']);

    const queue = await call<{ items: Status[] }>('GET', '/onboarding/queue', hr);
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((row) => row.person.id)).toEqual([victor.id]);
    expect(queue.body.items[0]!.allowedActions).toEqual(expect.arrayContaining(['comment', 'review']));
  });

  it('serves the course without answers and checks answers on the server, saving progress per lesson', async () => {
    const course = await call<{ lessons: Array<{ id: string; question: { choices: Array<{ id: string }> } }> }>(
      'GET',
      '/onboarding/lessons',
      samuel,
    );
    expect(course.status).toBe(200);
    expect(course.body.lessons.map((lesson) => lesson.id)).toEqual(LESSONS.map((lesson) => lesson.id));
    expect(course.text).not.toContain('correctChoiceId');
    expect(course.text).not.toContain('explanation');

    const lesson = LESSONS[1]!;
    const wrong = lesson.question.choices.find((choice) => choice.id !== lesson.correctChoiceId)!.id;
    const first = await call<{ correct: boolean; lesson: { attempts: number; passedAt: string | null }; state: string }>(
      'POST',
      `/onboarding/me/lessons/${lesson.id}/answer`,
      samuel,
      { choiceId: wrong },
    );
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ correct: false, lesson: { attempts: 1, passedAt: null }, state: 'in_progress' });
    const right = await call<{ correct: boolean; lesson: { attempts: number; passedAt: string | null }; lessonsPassed: number }>(
      'POST',
      `/onboarding/me/lessons/${lesson.id}/answer`,
      samuel,
      { choiceId: lesson.correctChoiceId },
    );
    expect(right.body.correct).toBe(true);
    expect(right.body.lesson.attempts).toBe(2);
    expect(right.body.lesson.passedAt).not.toBeNull();
    expect(right.body.lessonsPassed).toBe(1);

    const stored = await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${samuel.id}` }).lean<{
      state: string;
      lessons: Record<string, { attempts: number; passedAt: Date | null }>;
      history: Array<{ action: string; by: string | null }>;
    }>();
    expect(stored!.state).toBe('in_progress');
    expect(stored!.lessons[lesson.id]!.attempts).toBe(2);
    expect(stored!.history.map((entry) => [entry.action, entry.by])).toEqual([
      ['enrolled', null],
      ['started', samuel.id],
    ]);

    expect((await call('POST', `/onboarding/me/lessons/${lesson.id}/answer`, samuel, { choiceId: 'zz' })).status).toBe(400);
    expect((await call('POST', `/onboarding/me/lessons/${lesson.id}/answer`, samuel, { choiceId: 'a', extra: 1 })).status).toBe(400);
    expect((await call('POST', `/onboarding/me/lessons/${lesson.id}/answer`, samuel, {})).status).toBe(400);
    expect((await call('POST', '/onboarding/me/lessons/Not_A_Lesson/answer', samuel, { choiceId: 'a' })).status).toBe(400);
    expect((await call('POST', '/onboarding/me/lessons/no-such-lesson/answer', samuel, { choiceId: 'a' })).status).toBe(404);
    expect((await call('POST', `/onboarding/me/lessons/${lesson.id}/answer`, outsider, { choiceId: 'a' })).status).toBe(404);
  });

  it('runs the coach on every change, refuses submitting before the lessons pass and with coach errors, then submits', async () => {
    const created = await call<Enrolment>('POST', '/onboarding/me/objectives', samuel, {
      title: 'Cut build time by 40%',
      why: 'Slow builds cost the whole team every day.',
      impactTags: ['customer'],
      keyResults: [goodKeyResult('Flaky tests fixed', 'leading', dueInPeriod)],
    });
    expect(created.status, created.text).toBe(201);
    const objective = created.body.objectives[0]!;
    expect(objective.state).toBe('draft');
    expect(created.body.coach.hasErrors).toBe(true);
    const rules = created.body.coach.findings.filter((f) => f.severity === 'error').map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['objective-metric-in-title', 'objective-not-aligned']));

    const real = await ObjectiveModel.findOne({ _id: objective.id }).lean<{
      level: string;
      ownerId: string;
      state: string;
      periodId: string;
    }>();
    expect(real).toMatchObject({ level: 'person', ownerId: samuel.id, state: 'draft', periodId: created.body.periodId });

    const early = await call<{ code: string; detail: string }>('POST', '/onboarding/me/submit', samuel, { version: created.body.version });
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/lessons/);

    await passAllLessons(samuel);
    const me = await call<Enrolment>('GET', '/onboarding/me', samuel);
    expect(me.body.lessonsPassed).toBe(me.body.lessonsTotal);
    const refused = await call<{ code: string; findings: Finding[] }>('POST', '/onboarding/me/submit', samuel, {
      version: me.body.version,
    });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body.code).toBe('coach_errors');
    expect(refused.body.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['objective-metric-in-title', 'objective-not-aligned']),
    );
    expect((await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${samuel.id}` }).lean<{ state: string }>())!.state).toBe('in_progress');

    const fixed = await call<Enrolment>('PATCH', `/onboarding/me/objectives/${objective.id}`, samuel, {
      version: objective.version,
      title: 'Engineers get fast, trustworthy feedback from every build',
      alignedTo: [samuelTeamObjective],
    });
    expect(fixed.status, fixed.text).toBe(200);
    expect(fixed.body.objectives[0]!.alignedTo[0]).toMatchObject({ id: samuelTeamObjective, level: 'team' });
    const added = await call<Enrolment>('POST', `/onboarding/me/objectives/${objective.id}/key-results`, samuel, {
      ...goodKeyResult('Builds finishing under ten minutes', 'lagging', dueInPeriod),
      unit: '%',
      target: 90,
    });
    expect(added.status, added.text).toBe(201);
    expect(added.body.coach.hasErrors, JSON.stringify(added.body.coach.findings)).toBe(false);

    expect((await call('POST', '/onboarding/me/submit', samuel, { version: added.body.version + 5 })).status).toBe(409);
    const submitted = await call<Enrolment>('POST', '/onboarding/me/submit', samuel, { version: added.body.version });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', round: 1 });
    expect(submitted.body.allowedActions).not.toContain('edit');
  });

  it('refuses edits while submitted', async () => {
    const me = await call<Enrolment>('GET', '/onboarding/me', samuel);
    const objective = me.body.objectives[0]!;
    const patch = await call('PATCH', `/onboarding/me/objectives/${objective.id}`, samuel, { version: objective.version, why: 'changed' });
    expect(patch.status).toBe(409);
    expect((await call('POST', '/onboarding/me/objectives', samuel, { title: 'Another objective' })).status).toBe(409);
    expect((await call('POST', '/onboarding/me/submit', samuel, { version: me.body.version })).status).toBe(409);
  });

  it('lets only HR comment and review: the manager, others and admins get 404, the new hire 403', async () => {
    const me = await call<Enrolment>('GET', '/onboarding/me', samuel);
    const review = { decision: 'pass', version: me.body.version };
    const comment = { target: { kind: 'objective', id: me.body.objectives[0]!.id }, text: 'Nice' };
    for (const who of [priya, liam, outsider, admin]) {
      expect((await call('POST', `/onboarding/enrolments/${samuel.id}/review`, who, review)).status, who.userPrincipalName).toBe(404);
      expect((await call('POST', `/onboarding/enrolments/${samuel.id}/comments`, who, comment)).status, who.userPrincipalName).toBe(404);
    }
    expect((await call('POST', `/onboarding/enrolments/${samuel.id}/review`, samuel, review)).status).toBe(403);
    expect((await call('POST', `/onboarding/enrolments/${samuel.id}/comments`, samuel, comment)).status).toBe(403);
    const stored = await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${samuel.id}` }).lean<{ state: string; comments: unknown[] }>();
    expect(stored).toMatchObject({ state: 'submitted', comments: [] });
  });

  it('refuses HR passing or commenting on an unsubmitted draft', async () => {
    const record = await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${elena.id}` }).lean<{
      version: number;
      objectiveIds: string[];
    }>();
    const pass = await call('POST', `/onboarding/enrolments/${elena.id}/review`, hr, { decision: 'pass', version: record!.version });
    expect(pass.status).toBe(409);
    const changes = await call('POST', `/onboarding/enrolments/${elena.id}/review`, hr, {
      decision: 'request_changes',
      version: record!.version,
    });
    expect(changes.status).toBe(409);
    const comment = await call('POST', `/onboarding/enrolments/${elena.id}/comments`, hr, {
      target: { kind: 'objective', id: record!.objectiveIds[0] },
      text: 'Too early',
    });
    expect(comment.status).toBe(409);
    expect((await ObjectiveModel.findOne({ _id: record!.objectiveIds[0] }).lean<{ state: string }>())!.state).toBe('draft');
  });

  it('HR requests changes with comments per objective and key result; the new hire sees them, fixes and resubmits; HR passes', async () => {
    const seen = await call<Enrolment>('GET', `/onboarding/enrolments/${samuel.id}`, hr);
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body.allowedActions).toEqual(expect.arrayContaining(['read', 'comment', 'review']));
    const objective = seen.body.objectives[0]!;
    const keyResult = objective.keyResults[0]!;

    const badTarget = await call('POST', `/onboarding/enrolments/${samuel.id}/comments`, hr, {
      target: { kind: 'keyResult', id: '0123456789abcdef01234567' },
      text: 'Who?',
    });
    expect(badTarget.status).toBe(400);
    expect(
      (await call('POST', `/onboarding/enrolments/${samuel.id}/comments`, hr, { target: { kind: 'objective' }, text: 'x' })).status,
    ).toBe(400);
    expect(
      (
        await call('POST', `/onboarding/enrolments/${samuel.id}/comments`, hr, {
          target: { kind: 'objective', id: objective.id },
          text: '',
        })
      ).status,
    ).toBe(400);

    const onKr = await call<Enrolment>('POST', `/onboarding/enrolments/${samuel.id}/comments`, hr, {
      target: { kind: 'keyResult', id: keyResult.id },
      text: 'Fixing flaky tests is an output; what outcome does it change?',
    });
    expect(onKr.status, onKr.text).toBe(201);
    const onObjective = await call<Enrolment>('POST', `/onboarding/enrolments/${samuel.id}/comments`, hr, {
      target: { kind: 'objective', id: objective.id },
      text: 'Good alignment.',
    });
    expect(onObjective.body.comments).toHaveLength(2);

    const stale = await call('POST', `/onboarding/enrolments/${samuel.id}/review`, hr, {
      decision: 'request_changes',
      version: seen.body.version - 1,
    });
    expect(stale.status).toBe(409);
    expect((await call('POST', `/onboarding/enrolments/${samuel.id}/review`, hr, { decision: 'maybe', version: 1 })).status).toBe(400);
    const changes = await call<Enrolment>('POST', `/onboarding/enrolments/${samuel.id}/review`, hr, {
      decision: 'request_changes',
      version: seen.body.version,
      note: 'One key result to rework.',
    });
    expect(changes.status, changes.text).toBe(200);
    expect(changes.body.state).toBe('changes_requested');

    const mine = await call<Enrolment>('GET', '/onboarding/me', samuel);
    expect(mine.body.state).toBe('changes_requested');
    expect(mine.body.allowedActions).toEqual(expect.arrayContaining(['edit', 'submit']));
    const kr = mine.body.objectives[0]!.keyResults.find((row) => row.id === keyResult.id)!;
    expect(kr.comments.map((c) => [c.text, c.author.id, c.round])).toEqual([
      ['Fixing flaky tests is an output; what outcome does it change?', hr.id, 1],
    ]);
    expect(mine.body.objectives[0]!.comments.map((c) => c.text)).toEqual(['Good alignment.']);

    const edited = await call<Enrolment>('PATCH', `/onboarding/me/key-results/${keyResult.id}`, samuel, {
      version: kr.version,
      title: 'Builds that fail for reasons unrelated to the change',
      kind: 'decrease_to',
      start: 12,
      target: 2,
      unit: '%',
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.coach.hasErrors).toBe(false);
    expect(
      (await call('PATCH', `/onboarding/me/key-results/${keyResult.id}`, samuel, { version: kr.version, title: 'stale' })).status,
    ).toBe(409);
    const resubmitted = await call<Enrolment>('POST', '/onboarding/me/submit', samuel, { version: edited.body.version });
    expect(resubmitted.status, resubmitted.text).toBe(200);
    expect(resubmitted.body).toMatchObject({ state: 'submitted', round: 2 });

    const passed = await call<Enrolment>('POST', `/onboarding/enrolments/${samuel.id}/review`, hr, {
      decision: 'pass',
      version: resubmitted.body.version,
      note: 'Well done.',
    });
    expect(passed.status, passed.text).toBe(200);
    expect(passed.body.state).toBe('passed');
    expect(passed.body.passedAt).not.toBeNull();
    expect(passed.body.history.map((entry) => [entry.action, entry.by?.id ?? null])).toEqual([
      ['enrolled', null],
      ['started', samuel.id],
      ['submitted', samuel.id],
      ['changes_requested', hr.id],
      ['submitted', samuel.id],
      ['passed', hr.id],
    ]);
    expect(passed.body.history.every((entry) => !Number.isNaN(Date.parse(entry.at)))).toBe(true);
    const logged = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7].map((n) => TransitionModel.findOne({ _id: `${stack.tenantId}:${samuel.id}:${n}` }).lean()),
    );
    expect(logged.filter(Boolean)).toHaveLength(6);

    // The OKRs are the new hire's active OKRs, visible on the team page.
    const teamPage = await call<{ items: Array<{ id: string; state: string; owner: { id: string } }> }>(
      'GET',
      `/objectives?teamOf=${priya.id}`,
      priya,
    );
    expect(teamPage.body.items.find((item) => item.id === objective.id)).toMatchObject({ state: 'active', owner: { id: samuel.id } });
  });

  it('refuses the new hire editing after pass', async () => {
    const me = await call<Enrolment>('GET', '/onboarding/me', samuel);
    expect(me.body.allowedActions).toEqual(['readStatus', 'read', 'answer']);
    const objective = me.body.objectives[0]!;
    const kr = objective.keyResults[0]!;
    expect(
      (await call('PATCH', `/onboarding/me/objectives/${objective.id}`, samuel, { version: objective.version, why: 'x' })).status,
    ).toBe(409);
    expect((await call('DELETE', `/onboarding/me/objectives/${objective.id}?version=${objective.version}`, samuel)).status).toBe(409);
    expect(
      (await call('POST', `/onboarding/me/objectives/${objective.id}/key-results`, samuel, goodKeyResult('More', 'leading', dueInPeriod)))
        .status,
    ).toBe(409);
    expect((await call('PATCH', `/onboarding/me/key-results/${kr.id}`, samuel, { version: kr.version, title: 'x' })).status).toBe(409);
    expect((await call('DELETE', `/onboarding/me/key-results/${kr.id}?version=${kr.version}`, samuel)).status).toBe(409);
    expect((await call('POST', '/onboarding/me/objectives', samuel, { title: 'After pass' })).status).toBe(409);
    expect((await call('POST', '/onboarding/me/submit', samuel, { version: me.body.version })).status).toBe(409);
    expect(
      (await call('POST', `/onboarding/enrolments/${samuel.id}/review`, hr, { decision: 'pass', version: me.body.version })).status,
    ).toBe(409);
  });

  it('refuses passing OKRs changed after submission through the generic OKR endpoints', async () => {
    const seen = await call<Enrolment>('GET', `/onboarding/enrolments/${victor.id}`, hr);
    expect(seen.body.state).toBe('submitted');
    const objective = seen.body.objectives[0]!;
    const sneaky = await call('PATCH', `/objectives/${objective.id}`, victor, { version: objective.version, state: 'active' });
    expect(sneaky.status, sneaky.text).toBe(200);
    const pass = await call('POST', `/onboarding/enrolments/${victor.id}/review`, hr, { decision: 'pass', version: seen.body.version });
    expect(pass.status).toBe(409);
    expect((await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${victor.id}` }).lean<{ state: string }>())!.state).toBe('submitted');
  });

  it('works on drafts: deleting key results and objectives removes the real objects', async () => {
    const me = await call<Enrolment>('GET', '/onboarding/me', elena);
    expect(me.status, me.text).toBe(200);
    expect(me.body.state).toBe('in_progress');
    const objective = me.body.objectives[0]!;
    const kr = objective.keyResults[0]!;
    expect((await call('DELETE', `/onboarding/me/key-results/${kr.id}?version=${kr.version + 1}`, elena)).status).toBe(409);
    const withoutKr = await call<Enrolment>('DELETE', `/onboarding/me/key-results/${kr.id}?version=${kr.version}`, elena);
    expect(withoutKr.status, withoutKr.text).toBe(200);
    expect(withoutKr.body.objectives[0]!.keyResults).toHaveLength(0);
    expect(withoutKr.body.coach.findings.map((f) => f.rule)).toContain('objective-no-key-results');
    const current = withoutKr.body.objectives[0]!;
    expect((await call('DELETE', `/onboarding/me/objectives/${current.id}?version=${current.version + 3}`, elena)).status).toBe(409);
    const gone = await call<Enrolment>('DELETE', `/onboarding/me/objectives/${current.id}?version=${current.version}`, elena);
    expect(gone.status, gone.text).toBe(200);
    expect(gone.body.objectives).toHaveLength(0);
    expect(await ObjectiveModel.findOne({ _id: current.id }).lean()).toBeNull();
    expect((await call('GET', `/objectives/${current.id}`, elena)).status).toBe(404);

    // Someone else's objective or key result is not part of the coursework.
    const others = await call<{ items: Array<{ id: string; version: number; keyResults: Array<{ id: string; version: number }> }> }>(
      'GET',
      `/objectives?ownerId=${outsider.id}`,
      outsider,
    );
    const foreign = others.body.items[0]!;
    expect((await call('PATCH', `/onboarding/me/objectives/${foreign.id}`, elena, { version: foreign.version, why: 'x' })).status).toBe(
      404,
    );
    expect(
      (await call('POST', `/onboarding/me/objectives/${foreign.id}/key-results`, elena, goodKeyResult('x', 'leading', dueInPeriod))).status,
    ).toBe(404);
    const foreignKr = foreign.keyResults[0]!;
    expect(
      (await call('PATCH', `/onboarding/me/key-results/${foreignKr.id}`, elena, { version: foreignKr.version, title: 'x' })).status,
    ).toBe(404);
    expect((await call('DELETE', `/onboarding/me/key-results/${foreignKr.id}?version=${foreignKr.version}`, elena)).status).toBe(404);
  });

  it('answers 400 for bad input on every endpoint', async () => {
    const bad: Array<[string, string, unknown]> = [
      ['POST', '/onboarding/me/objectives', { title: '' }],
      ['POST', '/onboarding/me/objectives', { title: 'x', level: 'company' }],
      ['POST', '/onboarding/me/objectives', { title: 'x', state: 'active' }],
      ['PATCH', '/onboarding/me/objectives/not-an-id', { version: 0 }],
      ['PATCH', '/onboarding/me/objectives/0123456789abcdef01234567', { title: 'x' }],
      ['PATCH', '/onboarding/me/objectives/0123456789abcdef01234567', { version: 0, state: 'active' }],
      ['DELETE', '/onboarding/me/objectives/0123456789abcdef01234567', undefined],
      ['DELETE', '/onboarding/me/objectives/0123456789abcdef01234567?version=x', undefined],
      ['POST', '/onboarding/me/objectives/0123456789abcdef01234567/key-results', { title: 'x' }],
      ['PATCH', '/onboarding/me/key-results/xyz', { version: 0 }],
      ['DELETE', '/onboarding/me/key-results/0123456789abcdef01234567?version=-1', undefined],
      ['POST', '/onboarding/me/submit', {}],
      ['POST', '/onboarding/me/lessons/writing-objectives/answer', { choiceId: 3 }],
      ['GET', '/onboarding/cohort?hireMonth=2026-13', undefined],
      ['GET', '/onboarding/cohort?status=lost', undefined],
      ['GET', '/onboarding/cohort/export?surprise=1', undefined],
      ['POST', '/onboarding/enrolments', { personId: 'nobody' }],
      ['POST', '/onboarding/enrolments', { personId: rosa.id, dueDate: '2026-02-30' }],
      ['GET', '/onboarding/enrolments/not-a-guid', undefined],
      ['GET', '/onboarding/enrolments/not-a-guid/status', undefined],
      ['POST', `/onboarding/enrolments/${elena.id}/comments`, { text: 'no target' }],
      ['POST', `/onboarding/enrolments/${elena.id}/review`, { decision: 'pass' }],
    ];
    for (const [method, path, body] of bad) {
      const as = path.startsWith('/onboarding/me') ? elena : hr;
      const reply = await call(method, path, as, body);
      expect(reply.status, `${method} ${path} ${reply.text}`).toBe(400);
    }
  });

  it('shows the status to the new hire, their manager chain and HR; the coursework only to the new hire and HR; others 404', async () => {
    for (const who of [samuel, priya, liam, hr]) {
      const reply = await call<Status>('GET', `/onboarding/enrolments/${samuel.id}/status`, who);
      expect(reply.status, who.userPrincipalName).toBe(200);
      expect(reply.body.state).toBe('passed');
    }
    const managerView = await call<Status>('GET', `/onboarding/enrolments/${samuel.id}/status`, priya);
    expect(managerView.body.allowedActions).toEqual(['readStatus']);
    expect(managerView.text).not.toContain('comments');
    for (const who of [outsider, admin, elena])
      expect((await call('GET', `/onboarding/enrolments/${samuel.id}/status`, who)).status).toBe(404);
    for (const who of [samuel, hr]) expect((await call('GET', `/onboarding/enrolments/${samuel.id}`, who)).status).toBe(200);
    for (const who of [priya, liam, outsider, admin])
      expect((await call('GET', `/onboarding/enrolments/${samuel.id}`, who)).status).toBe(404);
    expect((await call('GET', `/onboarding/enrolments/${rosa.id}/status`, hr)).status).toBe(404);
    expect((await call('GET', '/onboarding/me', outsider)).status).toBe(404);
  });

  it('answers 403 to non-HR on the queue, the cohort, the export and enrolling by hand', async () => {
    for (const who of [samuel, priya, admin]) {
      expect((await call('GET', '/onboarding/queue', who)).status).toBe(403);
      expect((await call('GET', '/onboarding/cohort', who)).status).toBe(403);
      expect((await call('GET', '/onboarding/cohort/export', who)).status).toBe(403);
      expect((await call('POST', '/onboarding/enrolments', who, { personId: rosa.id })).status).toBe(403);
    }
    expect(await EnrolmentModel.findOne({ _id: `${stack.tenantId}:${rosa.id}` }).lean()).toBeNull();
  });

  it('keeps tenants apart: the same people in another tenant see nothing of this one', async () => {
    const otherSamuel = await tokenOf(stack, OTHER_TENANT, samuel, []);
    const otherHr = await tokenOf(stack, OTHER_TENANT, hr, ['HR']);
    expect((await call('GET', '/onboarding/me', otherSamuel)).status).toBe(404);
    expect((await call('GET', `/onboarding/enrolments/${samuel.id}`, otherHr)).status).toBe(404);
    expect((await call('GET', `/onboarding/enrolments/${samuel.id}/status`, otherHr)).status).toBe(404);
    expect((await call('POST', `/onboarding/enrolments/${victor.id}/review`, otherHr, { decision: 'pass', version: 3 })).status).toBe(404);
    expect(
      (
        await call('POST', `/onboarding/enrolments/${victor.id}/comments`, otherHr, {
          target: { kind: 'objective', id: '0123456789abcdef01234567' },
          text: 'x',
        })
      ).status,
    ).toBe(404);
    expect((await call('POST', '/onboarding/enrolments', otherHr, { personId: victor.id })).status).toBe(404);
    const cohort = await call<{ items: unknown[] }>('GET', '/onboarding/cohort', otherHr);
    expect(cohort.status).toBe(200);
    expect(cohort.body.items).toEqual([]);
    expect((await call<{ items: unknown[] }>('GET', '/onboarding/queue', otherHr)).body.items).toEqual([]);
  });

  it('enrols by hand once (HR), and automatically on first access when hired within the window (idempotent)', async () => {
    const overdueDue = new Date(Date.now() - 3 * DAY_MS).toISOString().slice(0, 10);
    const enrolled = await call<Enrolment>('POST', '/onboarding/enrolments', hr, { personId: outsider.id, dueDate: overdueDue });
    expect(enrolled.status, enrolled.text).toBe(201);
    expect(enrolled.body).toMatchObject({ source: 'hr', state: 'not_started', dueDate: overdueDue, overdue: true });
    expect(enrolled.body.history[0]).toMatchObject({ action: 'enrolled', by: { id: hr.id } });
    expect((await call('POST', '/onboarding/enrolments', hr, { personId: outsider.id })).status).toBe(409);
    expect((await call('POST', '/onboarding/enrolments', hr, { personId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);

    const byHand = await call<Enrolment>('POST', '/onboarding/enrolments', hr, { personId: admin.id });
    const today = new Date().toISOString().slice(0, 10);
    expect(Math.abs(Date.parse(byHand.body.dueDate) - Date.parse(today) - 30 * DAY_MS)).toBeLessThanOrEqual(DAY_MS);

    expect((await call('GET', '/onboarding/me', rosa)).status).toBe(404);
    const hired = new Date(Date.now() - 3 * DAY_MS);
    await PersonModel.updateOne({ _id: personKey(stack.tenantId, rosa.id) }, { $set: { hireDate: hired } });
    const first = await call<Enrolment>('GET', '/onboarding/me', rosa);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ source: 'auto', state: 'not_started', person: { hireDate: hired.toISOString().slice(0, 10) } });
    const again = await call<Enrolment>('GET', '/onboarding/me', rosa);
    expect(again.body.version).toBe(first.body.version);
    expect(again.body.history).toHaveLength(1);
  });

  it('filters the cohort by status, department and hire month, and exports it as CSV', async () => {
    const sales = await call<{ counts: Record<string, number>; items: Status[] }>('GET', '/onboarding/cohort?department=sales', hr);
    expect(sales.body.items.map((row) => row.person.id)).toEqual([victor.id]);
    expect(sales.body.counts).toMatchObject({ submitted: 1, passed: 0, not_started: 0 });

    const overdue = await call<{ counts: Record<string, number>; items: Status[] }>('GET', '/onboarding/cohort?status=overdue', hr);
    expect(overdue.body.items.map((row) => row.person.id)).toEqual([outsider.id]);
    expect(overdue.body.counts.overdue).toBe(1);

    const passed = await call<{ items: Status[] }>('GET', '/onboarding/cohort?status=passed', hr);
    expect(passed.body.items.map((row) => row.person.id)).toEqual([samuel.id]);

    const month = samuel.employeeHireDate.slice(0, 7);
    const byMonth = await call<{ items: Status[] }>('GET', `/onboarding/cohort?hireMonth=${month}`, hr);
    expect(byMonth.body.items.length).toBeGreaterThan(0);
    expect(byMonth.body.items.every((row) => row.person.hireDate?.startsWith(month))).toBe(true);
    expect(byMonth.body.items.map((row) => row.person.id)).toContain(samuel.id);

    const csv = await call('GET', '/onboarding/cohort/export?department=Engineering', hr);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(
      'name,upn,department,job_title,hire_date,due_date,state,overdue,lessons_passed,lessons_total,objectives,round,submitted_at,passed_at',
    );
    expect(
      lines.some((line) => line.startsWith(`${samuel.displayName},${samuel.userPrincipalName},Engineering`) && line.includes(',passed,')),
    ).toBe(true);
    expect(lines.some((line) => line.includes('Sales'))).toBe(false);
  });

  it('lists overdue reminders for the scheduler: the new hire when it is their move, HR when a submission waits', async () => {
    const service = onboardingServiceFor(new OrgDirectory(), { ONBOARDING_ENROL_WINDOW_DAYS: 30, ONBOARDING_DUE_DAYS: 30 });
    // Noon UTC: the tenant's local day (not UTC's) counts, and the hire dates were seeded as UTC days.
    const now = new Date();
    now.setUTCHours(12, 0, 0, 0);
    const reminders = await service.overdueReminders(stack.tenantId, now);
    expect(reminders.map((r) => [r.personId, r.waitingOn])).toEqual([[outsider.id, 'new_hire']]);
    expect(reminders[0]).toMatchObject({ daysOverdue: 3, upn: outsider.userPrincipalName, managerId: outsider.managerId });

    const later = await service.overdueReminders(stack.tenantId, new Date(now.getTime() + 60 * DAY_MS));
    const waiting = new Map(later.map((r) => [r.personId, r.waitingOn]));
    expect(waiting.get(victor.id)).toBe('hr');
    expect(waiting.get(elena.id)).toBe('new_hire');
    expect(waiting.has(samuel.id)).toBe(false);
  });
});
