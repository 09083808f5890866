import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { CheckInModel, KeyResultModel, ObjectiveModel } from '../../../server/src/okrs/okrs.model.js';
import { seedDemoOkrs } from '../../../server/dev/seed/okrs.seed.js';
import { isoWeekOf } from '../../../server/src/okrs/periods.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const PERIOD = '2031-Q1';
const OTHER_PERIOD = '2031-Q2';
const OTHER_TENANT = '0b8e7c55-1d2a-4f3b-9c4d-5e6f7a8b9c0d';
const tokens = new Map<string, string>();

interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

const person = (localPart: string): GraphUser => {
  const found = stack.people.find((candidate) => candidate.userPrincipalName === `${localPart}@northstar.demo`);
  if (!found) throw new Error(`no ${localPart}`);
  return found;
};

async function tokenFor(localPart: string): Promise<string> {
  let token = tokens.get(localPart);
  if (!token) {
    token = await stack.tokenFor(`${localPart}@northstar.demo`);
    tokens.set(localPart, token);
  }
  return token;
}

async function call<T = Record<string, unknown>>(method: string, path: string, as: string | null, body?: unknown): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (as) headers.authorization = `Bearer ${as.includes('.') && as.length > 100 ? as : await tokenFor(as)}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${stack.baseUrl}/api${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* CSV and other text bodies stay strings */
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

interface ObjectiveBody {
  id: string;
  version: number;
  title: string;
  state: string;
  level: string;
  ownerId?: string;
  owner: { id: string; upn: string };
  alignedTo: string[];
  progress: number;
  allowedActions: string[];
  keyResults: Array<{
    id: string;
    title: string;
    version: number;
    current: number;
    progress: number;
    allowedActions: string[];
    lastCheckIn: { isoWeek: string; confidence: number; confidenceColor: string } | null;
  }>;
}

function objectiveInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    periodId: PERIOD,
    level: 'person',
    title: 'Customers trust our platform',
    why: 'Trust drives renewals.',
    impactTags: ['customer'],
    state: 'active',
    keyResults: [
      { title: 'Raise uptime', kind: 'increase_to', start: 99, target: 99.9, unit: '%', indicator: 'lagging', dueDate: '2031-03-31' },
      { title: 'Cut incident response time', kind: 'decrease_to', start: 60, target: 15, unit: 'min', indicator: 'leading' },
    ],
    ...overrides,
  };
}

async function create(as: string, overrides: Record<string, unknown> = {}): Promise<ObjectiveBody> {
  const reply = await call<ObjectiveBody>('POST', '/objectives', as, objectiveInput(overrides));
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

let titleCounter = 0;
const uniqueTitle = (prefix: string): string => `${prefix} ${++titleCounter}`;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('authentication and bad input', () => {
  it('answers 401 without a token on every OKR endpoint', async () => {
    const id = '0123456789abcdef01234567';
    const endpoints: Array<[string, string]> = [
      ['GET', '/objectives'],
      ['POST', '/objectives'],
      ['GET', `/objectives/${id}`],
      ['PATCH', `/objectives/${id}`],
      ['POST', `/objectives/${id}/close`],
      ['POST', `/objectives/${id}/key-results`],
      ['GET', `/objectives/${id}/coach`],
      ['PATCH', `/key-results/${id}`],
      ['DELETE', `/key-results/${id}?version=0`],
      ['PUT', `/key-results/${id}/check-ins/2025-W10`],
      ['GET', `/key-results/${id}/check-ins`],
      ['GET', '/company'],
      ['GET', '/alignment'],
      ['POST', '/coach'],
      ['GET', '/okrs/export'],
      ['POST', '/okrs/import'],
      ['GET', '/settings'],
      ['PUT', '/settings'],
      ['GET', '/periods'],
    ];
    for (const [method, path] of endpoints) {
      const reply = await call(method, path, null, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect(reply.status, `${method} ${path}`).toBe(401);
    }
  });

  it('refuses unknown fields, bad ids, operators, over-long and over-many values with 400 and stores nothing', async () => {
    const before = await ObjectiveModel.countDocuments({ tenantId: stack.tenantId });
    const bad: unknown[] = [
      objectiveInput({ surprise: true }),
      objectiveInput({ title: { $gt: '' } }),
      objectiveInput({ title: 'x'.repeat(201) }),
      objectiveInput({ alignedTo: ['not-an-id'] }),
      objectiveInput({ periodId: '2031-Q5' }),
      objectiveInput({ keyResults: Array.from({ length: 6 }, (_, i) => ({ title: `KR ${i}`, kind: 'milestone', target: 1 })) }),
      objectiveInput({ keyResults: [{ title: 'KR', kind: 'increase_to', target: 10, $where: '1' }] }),
      objectiveInput({ ownerId: 'not-a-guid' }),
    ];
    for (const body of bad) {
      const reply = await call<{ code: string }>('POST', '/objectives', 'marcus.lee', body);
      expect(reply.status, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(reply.body.code).toBe('validation_failed');
      expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    // Four key results with the default limit of three: refused before anything is written.
    const tooMany = await call(
      'POST',
      '/objectives',
      'marcus.lee',
      objectiveInput({ keyResults: Array.from({ length: 4 }, (_, i) => ({ title: `KR ${i}`, kind: 'milestone', target: 1 })) }),
    );
    expect(tooMany.status).toBe(400);
    expect(await ObjectiveModel.countDocuments({ tenantId: stack.tenantId })).toBe(before);
  });

  it('refuses malformed ids in paths and operator-shaped query strings', async () => {
    expect((await call('GET', '/objectives/12345', 'marcus.lee')).status).toBe(400);
    expect((await call('GET', '/objectives/zzzzzzzzzzzzzzzzzzzzzzzz', 'marcus.lee')).status).toBe(400);
    expect(
      (await call('PUT', '/key-results/0123456789abcdef01234567/check-ins/2025-W60', 'marcus.lee', { value: 1, confidence: 5 })).status,
    ).toBe(400);
    expect((await call('GET', '/objectives?ownerId[$gt]=', 'marcus.lee')).status).toBe(400);
    expect((await call('GET', '/objectives?ownerId[$ne]=x', 'marcus.lee')).status).toBe(400);
    expect((await call('GET', '/objectives?limit=101', 'marcus.lee')).status).toBe(400);
    expect((await call('GET', '/objectives?sneaky=1', 'marcus.lee')).status).toBe(400);
    expect((await call('GET', '/alignment?teamOf[$exists]=true', 'marcus.lee')).status).toBe(400);
  });
});

describe('objectives', () => {
  it('creates a person objective with key results and reads it back', async () => {
    const created = await create('marcus.lee', { title: uniqueTitle('Customers trust our platform') });
    expect(created).toMatchObject({
      state: 'active',
      version: 0,
      owner: { id: person('marcus.lee').id, upn: 'marcus.lee@northstar.demo' },
    });
    expect(created.allowedActions).toEqual(expect.arrayContaining(['read', 'update', 'close', 'checkIn']));
    expect(created.keyResults).toHaveLength(2);
    const read = await call<ObjectiveBody>('GET', `/objectives/${created.id}`, 'marcus.lee');
    expect(read.status).toBe(200);
    expect(read.body.keyResults.map((kr) => kr.title)).toEqual(['Raise uptime', 'Cut incident response time']);
    const stored = await ObjectiveModel.findById(created.id).lean();
    expect(stored).toMatchObject({
      tenantId: stack.tenantId,
      ownerId: person('marcus.lee').id,
      periodId: PERIOD,
      level: 'person',
      keyResultCount: 2,
    });
    expect(await KeyResultModel.countDocuments({ tenantId: stack.tenantId, objectiveId: stored!._id })).toBe(2);
  });

  it('lets a colleague read a public objective but not change it; the manager chain may', async () => {
    const created = await create('marcus.lee', { title: uniqueTitle('Public objective') });
    const colleague = await call<ObjectiveBody>('GET', `/objectives/${created.id}`, 'chloe.dubois');
    expect(colleague.status).toBe(200);
    expect(colleague.body.allowedActions).toEqual(['read']);
    expect(colleague.body.keyResults[0]!.allowedActions).toEqual(['read']);
    expect((await call('PATCH', `/objectives/${created.id}`, 'chloe.dubois', { version: 0, why: 'hijack' })).status).toBe(403);
    const byManager = await call<ObjectiveBody>('PATCH', `/objectives/${created.id}`, 'priya.raman', {
      version: 0,
      why: 'Set with my report',
    });
    expect(byManager.status).toBe(200);
    expect(byManager.body.version).toBe(1);
    const bySkipLevel = await call<ObjectiveBody>('PATCH', `/objectives/${created.id}`, 'liam.novak', { version: 1, why: 'Skip level' });
    expect(bySkipLevel.status).toBe(200);
    expect((await ObjectiveModel.findById(created.id).lean())!.why).toBe('Skip level');
  });

  it('hides private objectives from everyone but the owner and their manager chain (404, not 403)', async () => {
    const created = await create('marcus.lee', { title: uniqueTitle('Private objective'), visibility: 'private' });
    expect((await call('GET', `/objectives/${created.id}`, 'chloe.dubois')).status).toBe(404);
    expect((await call('PATCH', `/objectives/${created.id}`, 'chloe.dubois', { version: 0, why: 'x' })).status).toBe(404);
    expect(
      (await call('PUT', `/key-results/${created.keyResults[0]!.id}/check-ins/2025-W10`, 'chloe.dubois', { value: 1, confidence: 5 }))
        .status,
    ).toBe(404);
    expect((await call('GET', `/objectives/${created.id}`, 'priya.raman')).status).toBe(200);
    expect((await call('GET', `/objectives/${created.id}`, 'ava.chen')).status).toBe(200);
    const listed = await call<{ items: ObjectiveBody[] }>(
      'GET',
      `/objectives?ownerId=${person('marcus.lee').id}&periodId=${PERIOD}`,
      'chloe.dubois',
    );
    expect(listed.body.items.map((item) => item.id)).not.toContain(created.id);
    const listedByManager = await call<{ items: ObjectiveBody[] }>(
      'GET',
      `/objectives?ownerId=${person('marcus.lee').id}&periodId=${PERIOD}`,
      'priya.raman',
    );
    expect(listedByManager.body.items.map((item) => item.id)).toContain(created.id);
  });

  it("answers 404 for another tenant's objectives and never shows them", async () => {
    const outsider: GraphUser = {
      ...person('marcus.lee'),
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      managerId: null,
      userPrincipalName: 'eve@other.example',
    };
    await onboardTenant(OTHER_TENANT);
    await insertPeople(OTHER_TENANT, [outsider]);
    const token = await tokenOf(stack, OTHER_TENANT, outsider, []);
    const created = await create('owen.fischer', { title: uniqueTitle('Tenant-bound') });
    expect((await call('GET', `/objectives/${created.id}`, token)).status).toBe(404);
    expect((await call('PATCH', `/objectives/${created.id}`, token, { version: 0, why: 'x' })).status).toBe(404);
    expect(
      (await call('PUT', `/key-results/${created.keyResults[0]!.id}/check-ins/2025-W10`, token, { value: 1, confidence: 5 })).status,
    ).toBe(404);
    const list = await call<{ items: ObjectiveBody[] }>('GET', `/objectives?periodId=${PERIOD}`, token);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });

  it('lets only admins create company objectives and requires managers for team objectives', async () => {
    expect(
      (await call('POST', '/objectives', 'ava.chen', objectiveInput({ level: 'company', title: uniqueTitle('Company') }))).status,
    ).toBe(403);
    const company = await call<ObjectiveBody>(
      'POST',
      '/objectives',
      'kai.andersen',
      objectiveInput({ level: 'company', ownerId: person('ava.chen').id, title: uniqueTitle('Company') }),
    );
    expect(company.status).toBe(201);
    expect((await call('PATCH', `/objectives/${company.body.id}`, 'ava.chen', { version: 0, why: 'x' })).status).toBe(403);
    expect((await call('POST', '/objectives', 'marcus.lee', objectiveInput({ level: 'team', title: uniqueTitle('No team') }))).status).toBe(
      400,
    );
    expect(
      (await call('POST', '/objectives', 'priya.raman', objectiveInput({ level: 'team', title: uniqueTitle('Platform team') }))).status,
    ).toBe(201);
    expect(
      (
        await call(
          'POST',
          '/objectives',
          'chloe.dubois',
          objectiveInput({ ownerId: person('marcus.lee').id, title: uniqueTitle('For someone else') }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await call(
          'POST',
          '/objectives',
          'priya.raman',
          objectiveInput({ ownerId: person('samuel.osei').id, title: uniqueTitle('For my report') }),
        )
      ).status,
    ).toBe(201);
  });

  it('enforces the per-owner objective limit', async () => {
    for (let i = 0; i < 3; i += 1) await create('hannah.weber', { periodId: OTHER_PERIOD, title: uniqueTitle('Focus') });
    const fourth = await call<{ detail: string }>(
      'POST',
      '/objectives',
      'hannah.weber',
      objectiveInput({ periodId: OTHER_PERIOD, title: uniqueTitle('Focus') }),
    );
    expect(fourth.status).toBe(400);
    expect(fourth.body.detail).toMatch(/limit/);
  });

  it('answers a duplicate title for the same owner and period with 409', async () => {
    const title = uniqueTitle('Unique');
    await create('diego.alvarez', { title });
    expect((await call('POST', '/objectives', 'diego.alvarez', objectiveInput({ title }))).status).toBe(409);
  });

  it('of two concurrent updates with the same version, exactly one wins and the other gets 409', async () => {
    const created = await create('yuki.tanaka', { title: uniqueTitle('Contended') });
    const [first, second] = await Promise.all([
      call('PATCH', `/objectives/${created.id}`, 'yuki.tanaka', { version: 0, why: 'from the owner' }),
      call('PATCH', `/objectives/${created.id}`, 'priya.raman', { version: 0, why: 'from the manager' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const winner = first.status === 200 ? 'from the owner' : 'from the manager';
    const stored = await ObjectiveModel.findById(created.id).lean();
    expect(stored).toMatchObject({ version: 1, why: winner });
    const loser = await call('PATCH', `/objectives/${created.id}`, 'yuki.tanaka', { version: 0, why: 'late' });
    expect(loser.status).toBe(409);
    expect((await call('PATCH', `/objectives/${created.id}`, 'yuki.tanaka', { version: 1, why: 'rebased' })).status).toBe(200);

    const many = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call('PATCH', `/objectives/${created.id}`, i % 2 ? 'yuki.tanaka' : 'priya.raman', { version: 2, why: `writer ${i}` }),
      ),
    );
    expect(many.filter((reply) => reply.status === 200)).toHaveLength(1);
    expect(many.filter((reply) => reply.status === 409)).toHaveLength(5);
    expect((await ObjectiveModel.findById(created.id).lean())!.version).toBe(3);
  });

  it('of two concurrent settings updates with the same version, exactly one wins', async () => {
    const current = await call<{ version: number }>('GET', '/settings', 'kai.andersen');
    const replies = await Promise.all(
      [0, 1, 2].map((i) => call('PUT', '/settings', 'kai.andersen', { version: current.body.version, northStar: `star ${i}` })),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409, 409]);
  });

  it('closes an objective with a retrospective; a closed objective takes no more changes', async () => {
    const created = await create('ingrid.larsen', { title: uniqueTitle('To close') });
    const closed = await call<ObjectiveBody & { retrospective: string }>('POST', `/objectives/${created.id}/close`, 'ingrid.larsen', {
      version: 0,
      retrospective: 'We learned a lot.',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', retrospective: 'We learned a lot.', version: 1, allowedActions: ['read'] });
    expect((await call('PATCH', `/objectives/${created.id}`, 'ingrid.larsen', { version: 1, why: 'x' })).status).toBe(409);
    expect(
      (await call('PUT', `/key-results/${created.keyResults[0]!.id}/check-ins/2025-W10`, 'ingrid.larsen', { value: 1, confidence: 5 }))
        .status,
    ).toBe(409);
  });
});

describe('key results and check-ins', () => {
  it('adds, updates and deletes key results with version checks and the per-objective limit', async () => {
    const created = await create('emma.wilson', { title: uniqueTitle('KR lifecycle') });
    const added = await call<ObjectiveBody['keyResults'][number]>('POST', `/objectives/${created.id}/key-results`, 'emma.wilson', {
      title: 'Ship the beta to 20 customers',
      kind: 'milestone',
      target: 1,
      initiatives: [{ title: 'Invite pilot customers' }],
    });
    expect(added.status).toBe(201);
    const fourth = await call('POST', `/objectives/${created.id}/key-results`, 'emma.wilson', {
      title: 'One too many',
      kind: 'milestone',
      target: 1,
    });
    expect(fourth.status).toBe(400);
    expect((await ObjectiveModel.findById(created.id).lean())!.keyResultCount).toBe(3);
    expect(
      (await call('POST', `/objectives/${created.id}/key-results`, 'chloe.dubois', { title: 'Not mine', kind: 'milestone', target: 1 }))
        .status,
    ).toBe(403);

    const updated = await call<{ version: number; target: number }>('PATCH', `/key-results/${added.body.id}`, 'emma.wilson', {
      version: 0,
      target: 1,
      unit: 'launch',
    });
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe(1);
    expect((await call('PATCH', `/key-results/${added.body.id}`, 'emma.wilson', { version: 0, unit: 'stale' })).status).toBe(409);
    expect((await call('PATCH', `/key-results/${added.body.id}`, 'emma.wilson', { version: 1, extra: 1 })).status).toBe(400);

    expect((await call('DELETE', `/key-results/${added.body.id}?version=0`, 'emma.wilson')).status).toBe(409);
    expect((await call('DELETE', `/key-results/${added.body.id}?version=1`, 'emma.wilson')).status).toBe(204);
    expect(await KeyResultModel.countDocuments({ _id: added.body.id })).toBe(0);
    expect((await ObjectiveModel.findById(created.id).lean())!.keyResultCount).toBe(2);
  });

  it('stores one check-in per key result and week: a second one replaces the first', async () => {
    const created = await create('ravi.shah', { title: uniqueTitle('Check-ins') });
    const kr = created.keyResults[1]!; // decrease_to 60 → 15
    const week = '2025-W10';
    const first = await call('PUT', `/key-results/${kr.id}/check-ins/${week}`, 'ravi.shah', { value: 45, confidence: 8, note: 'on track' });
    expect(first.status).toBe(200);
    const second = await call<{
      checkIn: { value: number; confidenceColor: string };
      keyResult: { current: number; progress: number; lastCheckIn: { confidenceColor: string } };
    }>('PUT', `/key-results/${kr.id}/check-ins/${week}`, 'ravi.shah', { value: 30, confidence: 3, note: 'blocked' });
    expect(second.status).toBe(200);
    expect(second.body.checkIn).toMatchObject({ value: 30, confidenceColor: 'red' });
    expect(second.body.keyResult).toMatchObject({ current: 30, lastCheckIn: { confidenceColor: 'red' } });
    expect(second.body.keyResult.progress).toBeCloseTo(30 / 45, 5);
    const stored = await CheckInModel.find({ tenantId: stack.tenantId, keyResultId: kr.id }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ isoWeek: week, value: 30, confidence: 3, note: 'blocked' });

    // An older week does not move the current value back.
    await call('PUT', `/key-results/${kr.id}/check-ins/2025-W08`, 'ravi.shah', { value: 55, confidence: 6 });
    expect((await KeyResultModel.findById(kr.id).lean())!.current).toBe(30);
    const history = await call<{ items: Array<{ isoWeek: string }> }>('GET', `/key-results/${kr.id}/check-ins`, 'chloe.dubois');
    expect(history.body.items.map((item) => item.isoWeek)).toEqual(['2025-W10', '2025-W08']);

    const objective = await call<ObjectiveBody>('GET', `/objectives/${created.id}`, 'ravi.shah');
    expect(objective.body.progress).toBeCloseTo((0 + 30 / 45) / 2, 2);
  });

  it('refuses check-ins for future weeks and from people who may not edit', async () => {
    const created = await create('mateo.rossi', { title: uniqueTitle('Future') });
    const next = isoWeekOf(new Date(Date.now() + 14 * 86_400_000));
    expect(
      (await call('PUT', `/key-results/${created.keyResults[0]!.id}/check-ins/${next}`, 'mateo.rossi', { value: 1, confidence: 5 })).status,
    ).toBe(400);
    expect(
      (await call('PUT', `/key-results/${created.keyResults[0]!.id}/check-ins/2025-W10`, 'chloe.dubois', { value: 1, confidence: 5 }))
        .status,
    ).toBe(403);
    expect(
      (await call('PUT', `/key-results/${created.keyResults[0]!.id}/check-ins/2025-W10`, 'mateo.rossi', { value: 1, confidence: 11 }))
        .status,
    ).toBe(400);
    expect(await CheckInModel.countDocuments({ keyResultId: created.keyResults[0]!.id })).toBe(0);
  });
});

describe('lists, company view and alignment', () => {
  it("lists a manager's team, direct and subtree, with a capped, cursor-paginated page", async () => {
    const period = '2031-Q3';
    await create('chloe.dubois', { periodId: period, title: uniqueTitle('Apps A') });
    await create('sven.olsen', { periodId: period, title: uniqueTitle('Apps B') });
    await create('jonas.becker', { periodId: period, level: 'team', title: uniqueTitle('Apps team') });
    const direct = await call<{ items: ObjectiveBody[]; nextCursor: string | null }>(
      'GET',
      `/objectives?teamOf=${person('jonas.becker').id}&periodId=${period}`,
      'jonas.becker',
    );
    expect(direct.status).toBe(200);
    expect(direct.body.items.map((item) => item.owner.upn).sort()).toEqual([
      'chloe.dubois@northstar.demo',
      'jonas.becker@northstar.demo',
      'sven.olsen@northstar.demo',
    ]);
    const subtree = await call<{ items: ObjectiveBody[] }>(
      'GET',
      `/objectives?teamOf=${person('liam.novak').id}&scope=subtree&periodId=${period}`,
      'liam.novak',
    );
    expect(subtree.body.items).toHaveLength(3);
    const directOfVp = await call<{ items: ObjectiveBody[] }>(
      'GET',
      `/objectives?teamOf=${person('liam.novak').id}&scope=direct&periodId=${period}`,
      'liam.novak',
    );
    expect(directOfVp.body.items.map((item) => item.owner.upn)).toEqual(['jonas.becker@northstar.demo']);

    const page1 = await call<{ items: ObjectiveBody[]; nextCursor: string | null }>(
      'GET',
      `/objectives?periodId=${period}&limit=2`,
      'marcus.lee',
    );
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toBeTruthy();
    const page2 = await call<{ items: ObjectiveBody[]; nextCursor: string | null }>(
      'GET',
      `/objectives?periodId=${period}&limit=2&cursor=${page1.body.nextCursor}`,
      'marcus.lee',
    );
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('shows the company OKRs with mission and north star; only admins change settings', async () => {
    expect((await call('PUT', '/settings', 'ava.chen', { version: 0, mission: 'x' })).status).toBe(403);
    const current = await call<{ version: number; allowedActions: string[] }>('GET', '/settings', 'kai.andersen');
    expect(current.body.allowedActions).toEqual(['read', 'update']);
    const saved = await call<{ version: number; mission: string }>('PUT', '/settings', 'kai.andersen', {
      version: current.body.version,
      mission: 'Help every team focus',
      northStar: 'Weekly active teams',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(current.body.version + 1);
    expect((await call('PUT', '/settings', 'kai.andersen', { version: current.body.version, mission: 'stale' })).status).toBe(409);
    expect(
      (
        await call('PUT', '/settings', 'kai.andersen', {
          version: saved.body.version,
          limits: { maxObjectivesPerOwner: 6, maxKeyResultsPerObjective: 3 },
        })
      ).status,
    ).toBe(400);
    expect((await call('PUT', '/settings', 'kai.andersen', { version: saved.body.version, timeZone: 'Mars/Olympus' })).status).toBe(400);

    await call(
      'POST',
      '/objectives',
      'kai.andersen',
      objectiveInput({ level: 'company', periodId: '2031-Q4', ownerId: person('ava.chen').id, title: 'Become the focus tool of record' }),
    );
    const company = await call<{
      mission: string;
      northStar: string;
      period: { id: string; start: string; end: string };
      objectives: ObjectiveBody[];
    }>('GET', '/company?periodId=2031-Q4', 'marcus.lee');
    expect(company.status).toBe(200);
    expect(company.body).toMatchObject({
      mission: 'Help every team focus',
      northStar: 'Weekly active teams',
      period: { id: '2031-Q4', start: '2031-10-01', end: '2031-12-31' },
    });
    expect(company.body.objectives.map((objective) => objective.title)).toEqual(['Become the focus tool of record']);
    const periods = await call<{ current: string; periods: unknown[] }>('GET', '/periods', 'marcus.lee');
    expect(periods.body.periods).toHaveLength(5);
  });

  it('builds the alignment graph with gaps and refuses cycles', async () => {
    const period = '2032-Q1';
    const company = await call<ObjectiveBody>(
      'POST',
      '/objectives',
      'kai.andersen',
      objectiveInput({ level: 'company', periodId: period, ownerId: person('ava.chen').id, title: 'North' }),
    );
    const lonelyCompany = await call<ObjectiveBody>(
      'POST',
      '/objectives',
      'kai.andersen',
      objectiveInput({ level: 'company', periodId: period, ownerId: person('ava.chen').id, title: 'Nobody helps' }),
    );
    const team = await create('priya.raman', { level: 'team', periodId: period, title: 'Platform team', alignedTo: [company.body.id] });
    const mine = await create('marcus.lee', { periodId: period, title: 'Mine', alignedTo: [team.id] });
    const unaligned = await create('hannah.weber', { periodId: period, title: 'Floating' });

    const cycle = await call<{ detail: string }>('PATCH', `/objectives/${team.id}`, 'priya.raman', { version: 0, alignedTo: [mine.id] });
    expect(cycle.status).toBe(400);
    expect(cycle.body.detail).toMatch(/cycle/);
    expect((await call('PATCH', `/objectives/${mine.id}`, 'marcus.lee', { version: 0, alignedTo: [mine.id] })).status).toBe(400);
    expect(
      (
        await call(
          'POST',
          '/objectives',
          'marcus.lee',
          objectiveInput({ periodId: '2032-Q2', title: 'Other period', alignedTo: [team.id] }),
        )
      ).status,
    ).toBe(400);

    const graph = await call<{
      nodes: Array<{ id: string; alignedFromCount: number; external: boolean }>;
      edges: Array<{ from: string; to: string }>;
      gaps: { companyWithoutSupport: string[]; alignedToNothing: string[] };
      nextCursor: string | null;
    }>('GET', `/alignment?periodId=${period}`, 'marcus.lee');
    expect(graph.status).toBe(200);
    expect(graph.body.nodes.map((node) => node.id)).toEqual(expect.arrayContaining([company.body.id, lonelyCompany.body.id, team.id]));
    expect(graph.body.nodes.map((node) => node.id)).not.toContain(mine.id);
    expect(graph.body.edges).toContainEqual({ from: team.id, to: company.body.id });
    expect(graph.body.gaps.companyWithoutSupport).toEqual([lonelyCompany.body.id]);
    expect(graph.body.nodes.find((node) => node.id === team.id)!.alignedFromCount).toBe(1);
    expect(graph.body.nextCursor).toBeNull();

    // One objective a page: the team objective comes after the company ones and shows the one it aligns to as external.
    const pageIds: string[] = [];
    let cursor: string | null = null;
    do {
      const page: typeof graph = await call<typeof graph.body>(
        'GET',
        `/alignment?periodId=${period}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        'marcus.lee',
      );
      expect(page.status).toBe(200);
      const own = page.body.nodes.filter((node) => !node.external);
      expect(own).toHaveLength(1);
      pageIds.push(own[0]!.id);
      if (own[0]!.id === team.id) {
        expect(page.body.nodes.find((node) => node.id === company.body.id)).toMatchObject({ external: true });
        expect(page.body.edges).toContainEqual({ from: team.id, to: company.body.id });
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pageIds).toEqual(graph.body.nodes.filter((node) => !node.external).map((node) => node.id));

    const teamGraph = await call<typeof graph.body>(
      'GET',
      `/alignment?periodId=${period}&teamOf=${person('priya.raman').id}`,
      'priya.raman',
    );
    expect(teamGraph.body.nodes.find((node) => node.id === company.body.id)).toMatchObject({ external: true });
    expect(teamGraph.body.edges).toContainEqual({ from: mine.id, to: team.id });
    expect(teamGraph.body.gaps.alignedToNothing).toEqual([unaligned.id]);
  });
});

describe('coach', () => {
  it('coaches a draft without storing it and a stored objective', async () => {
    const before = await ObjectiveModel.countDocuments({ tenantId: stack.tenantId });
    const draft = await call<{ findings: Array<{ rule: string; severity: string }>; hasErrors: boolean }>('POST', '/coach', 'marcus.lee', {
      title: 'Increase revenue by 20%',
      keyResults: [{ title: 'Launch the new website', kind: 'milestone', target: 1 }],
    });
    expect(draft.status).toBe(200);
    expect(draft.body.findings.map((finding) => finding.rule)).toEqual(
      expect.arrayContaining(['objective-metric-in-title', 'key-result-output']),
    );
    expect(await ObjectiveModel.countDocuments({ tenantId: stack.tenantId })).toBe(before);
    expect((await call('POST', '/coach', 'marcus.lee', { title: 'x', unknown: 1 })).status).toBe(400);

    const stored = await create('leila.haddad', { title: uniqueTitle('Customers renew happily'), impactTags: [] });
    const report = await call<{ findings: Array<{ rule: string; target: { id?: string } }> }>(
      'GET',
      `/objectives/${stored.id}/coach`,
      'leila.haddad',
    );
    expect(report.status).toBe(200);
    expect(report.body.findings.map((finding) => finding.rule)).toContain('objective-no-impact');
    const privateOne = await create('leila.haddad', { title: uniqueTitle('Secret'), visibility: 'private' });
    expect((await call('GET', `/objectives/${privateOne.id}/coach`, 'chloe.dubois')).status).toBe(404);
  });
});

describe('CSV export and import', () => {
  const period = '2032-Q3';
  const target = '2032-Q4';

  it('round-trips: export, import into another owner and period, import again without duplicates', async () => {
    await create('nora.johansson', { periodId: period, title: 'Quality is visible', impactTags: ['customer', 'business'] });
    await create('nora.johansson', { periodId: period, title: 'Tests run fast', keyResults: [] });
    const exported = await call<string>('GET', `/okrs/export?ownerId=${person('nora.johansson').id}&periodId=${period}`, 'nora.johansson');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = exported.body.trim().split('\n');
    expect(lines[0]).toBe(
      'period,objective_level,objective_owner,objective_title,objective_why,objective_state,objective_visibility,impact_tags,kr_title,kr_owner,kr_kind,kr_start,kr_target,kr_current,kr_unit,kr_due_date,kr_indicator,kr_weight',
    );
    expect(lines).toHaveLength(1 + 2 + 1);

    const kenji = person('kenji.sato').id;
    const first = await call<{ objectives: { created: number; updated: number }; keyResults: { created: number; updated: number } }>(
      'POST',
      '/okrs/import',
      'aisha.bello',
      {
        csv: exported.body,
        periodId: target,
        ownerId: kenji,
      },
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ objectives: { created: 2, updated: 0 }, keyResults: { created: 2, updated: 0 } });
    const objectivesAfterFirst = await ObjectiveModel.find({ tenantId: stack.tenantId, ownerId: kenji, periodId: target }).lean();
    expect(objectivesAfterFirst.map((o) => o.title).sort()).toEqual(['Quality is visible', 'Tests run fast']);
    expect(objectivesAfterFirst.find((o) => o.title === 'Quality is visible')!.keyResultCount).toBe(2);
    const krCount = await KeyResultModel.countDocuments({ tenantId: stack.tenantId, ownerId: kenji, periodId: target });
    expect(krCount).toBe(2);

    const again = await call('POST', '/okrs/import', 'aisha.bello', { csv: exported.body, periodId: target, ownerId: kenji });
    expect(again.body).toMatchObject({ objectives: { created: 0, updated: 0 }, keyResults: { created: 0, updated: 0 } });
    expect(await ObjectiveModel.countDocuments({ tenantId: stack.tenantId, ownerId: kenji, periodId: target })).toBe(2);
    expect(await KeyResultModel.countDocuments({ tenantId: stack.tenantId, ownerId: kenji, periodId: target })).toBe(2);

    const reexported = await call<string>('GET', `/okrs/export?ownerId=${kenji}&periodId=${target}`, 'kenji.sato');
    expect(reexported.status).toBe(200);
    expect(reexported.body.replaceAll(target, period).replaceAll('kenji.sato', 'nora.johansson').trim().split('\n').sort()).toEqual(
      lines.sort(),
    );
  });

  it('reports every bad row with its line number and writes nothing', async () => {
    const header =
      'period,objective_level,objective_owner,objective_title,objective_why,objective_state,objective_visibility,impact_tags,kr_title,kr_owner,kr_kind,kr_start,kr_target,kr_current,kr_unit,kr_due_date,kr_indicator,kr_weight';
    const csv = [
      header,
      `${target},person,lucas.meyer@northstar.demo,Good objective,why,active,public,customer,Good KR,,increase_to,0,10,0,count,,leading,`,
      `${target},person,lucas.meyer@northstar.demo,Good objective,why,active,public,customer,Bad kind,,grow_to,0,10,0,count,,leading,`,
      `${target},person,lucas.meyer@northstar.demo,Second objective,why,active,public,customer,KR,,increase_to,0,ten,0,count,,leading,`,
      `${target},person,nobody@northstar.demo,Third objective,why,active,public,,KR,,milestone,0,1,0,,,lagging,`,
    ].join('\n');
    const before = await ObjectiveModel.countDocuments({ tenantId: stack.tenantId });
    const reply = await call<{ code: string; errors: Array<{ path: string; message: string }> }>('POST', '/okrs/import', 'lucas.meyer', {
      csv,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('validation_failed');
    expect(reply.body.errors.map((error) => error.path)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(reply.body.errors[0]!.message).toMatch(/kr_kind/);
    expect(reply.body.errors[1]!.message).toMatch(/kr_target/);
    expect(reply.body.errors[2]!.message).toMatch(/nobody@northstar.demo/);
    expect(await ObjectiveModel.countDocuments({ tenantId: stack.tenantId })).toBe(before);

    const twoBad = [header, csv.split('\n')[2], csv.split('\n')[1], csv.split('\n')[3]].join('\n');
    const reply2 = await call<{ errors: Array<{ path: string }> }>('POST', '/okrs/import', 'lucas.meyer', { csv: twoBad });
    expect(reply2.status).toBe(400);
    expect(reply2.body.errors.map((error) => error.path)).toEqual(['line 2', 'line 4']);
    expect(await ObjectiveModel.countDocuments({ tenantId: stack.tenantId })).toBe(before);
  });

  it('refuses rows for people the caller may not edit and company rows from non-admins', async () => {
    const header =
      'period,objective_level,objective_owner,objective_title,objective_why,objective_state,objective_visibility,impact_tags,kr_title,kr_owner,kr_kind,kr_start,kr_target,kr_current,kr_unit,kr_due_date,kr_indicator,kr_weight';
    const csv = [
      header,
      `${target},person,chloe.dubois@northstar.demo,Not yours,,active,public,,,,,,,,,,,`,
      `${target},company,lucas.meyer@northstar.demo,Company,,active,public,,,,,,,,,,,`,
    ].join('\n');
    const reply = await call<{ errors: Array<{ path: string }> }>('POST', '/okrs/import', 'lucas.meyer', { csv });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((error) => error.path)).toEqual(['line 2', 'line 3']);
  });
});

describe('demo seed', () => {
  it('seeds mission, company, team and person OKRs of the current quarter with check-ins, idempotently', async () => {
    const company = await call<{ mission: string; northStar: string; period: { id: string }; objectives: ObjectiveBody[] }>(
      'GET',
      '/company',
      'marcus.lee',
    );
    expect(company.body.mission).not.toBe('');
    expect(company.body.objectives.length).toBeGreaterThanOrEqual(1);
    const team = await call<{ items: ObjectiveBody[] }>(
      'GET',
      `/objectives?teamOf=${person('priya.raman').id}&periodId=${company.body.period.id}&limit=100`,
      'priya.raman',
    );
    const colours = team.body.items.flatMap((objective) => objective.keyResults.map((kr) => kr.lastCheckIn?.confidenceColor ?? 'none'));
    expect(team.body.items.some((objective) => objective.level === 'team')).toBe(true);
    expect(colours.length).toBeGreaterThan(5);
    const graph = await call<{ gaps: { alignedToNothing: string[] } }>('GET', `/alignment?teamOf=${person('liam.novak').id}`, 'liam.novak');
    expect(graph.status).toBe(200);
    expect(await CheckInModel.countDocuments({ tenantId: stack.tenantId })).toBeGreaterThan(500);
    const again = await seedDemoOkrs({ tenantId: stack.tenantId, people: stack.people, today: new Date() });
    expect(again).toEqual({ objectives: 0, keyResults: 0, checkIns: 0 });
  });
});

describe('OpenAPI', () => {
  it('documents every OKR and settings operation', async () => {
    const document = (await (await fetch(`${stack.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const path of [
      '/api/objectives',
      '/api/objectives/{id}',
      '/api/objectives/{id}/close',
      '/api/objectives/{id}/key-results',
      '/api/key-results/{id}',
      '/api/key-results/{id}/check-ins/{isoWeek}',
      '/api/company',
      '/api/alignment',
      '/api/coach',
      '/api/okrs/export',
      '/api/okrs/import',
      '/api/settings',
      '/api/periods',
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
  });
});
