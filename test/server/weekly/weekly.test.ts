import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { isoWeekOf, isoWeekStart } from '../../../server/src/okrs/periods.js';
import { WeeklyReportModel } from '../../../server/src/weekly/weekly.model.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { apiCaller } from '../../support/api-client.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const OTHER_TENANT = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

interface WeeklyBody {
  version: number;
  status: string;
  author: { id: string };
  keyResults: Array<{
    keyResultId: string;
    value: number;
    confidence: number | null;
    confidenceChange: number | null;
    note: string;
    checkedIn: boolean;
  }>;
  lastWeekPriorities: Array<{ title: string; status: string | null }>;
  priorities: Array<{ rank: number; title: string; keyResultId: string | null }>;
  onTime: boolean | null;
  reviewComment: string | null;
  allowedActions: string[];
}

const call = apiCaller(() => stack);

const DAY_MS = 86_400_000;
const WEEK = isoWeekOf(new Date());
const LAST_WEEK = isoWeekOf(new Date(isoWeekStart(WEEK).getTime() - 7 * DAY_MS));

let manager: GraphUser;
let author: GraphUser;
let onTimeAuthor: GraphUser;
let lateAuthor: GraphUser;
let reviewedAuthor: GraphUser;
let missingAuthor: GraphUser;
let outsider: GraphUser;
let hr: GraphUser;
let admin: GraphUser;
let keyResultIds: string[] = [];

const reportsOf = (id: string): GraphUser[] => stack.people.filter((p) => p.managerId === id);

async function saveSettings(changes: Record<string, unknown>): Promise<void> {
  const current = await call<{ version: number }>('GET', '/settings', admin);
  const saved = await call('PUT', '/settings', admin, { version: current.body.version, ...changes });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
}

beforeAll(async () => {
  stack = await startStack();
  manager = stack.people.find((p) => p.managerId !== null && reportsOf(p.id).filter((r) => reportsOf(r.id).length === 0).length >= 5)!;
  const team = reportsOf(manager.id).filter((r) => reportsOf(r.id).length === 0);
  [author, onTimeAuthor, lateAuthor, reviewedAuthor, missingAuthor] = team as [GraphUser, GraphUser, GraphUser, GraphUser, GraphUser];
  const chain = new Set<string>();
  for (let id: string | null = author.id; id; id = stack.people.find((p) => p.id === id)?.managerId ?? null) chain.add(id);
  outsider = stack.people.find((p) => !chain.has(p.id) && p.appRoles.length === 0 && p.managerId !== manager.id)!;
  hr = stack.people.find((p) => p.appRoles.includes('HR'))!;
  admin = stack.people.find((p) => p.appRoles.includes('Admin'))!;
  expect(chain.has(hr.id)).toBe(false);

  const periods = await call<{ current: string }>('GET', '/periods', author);
  const created = await call<{ keyResults: Array<{ id: string }> }>('POST', '/objectives', author, {
    periodId: periods.body.current,
    level: 'person',
    title: 'Weekly mail objective',
    why: 'So that the weekly mail has something to report.',
    impactTags: ['customer'],
    state: 'active',
    keyResults: [
      { title: 'Raise activation', kind: 'increase_to', start: 10, target: 50, unit: '%', indicator: 'lagging' },
      { title: 'Ship onboarding tour', kind: 'milestone', start: 0, target: 1, indicator: 'leading' },
    ],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  keyResultIds = created.body.keyResults.map((kr) => kr.id);
});
afterAll(async () => {
  await stack?.stop();
});

const emptySave = (version: number) => ({ version, checkIns: [], priorities: [], lastWeekPriorities: [], risks: '', timeOff: '' });

describe('weekly OKR mail', () => {
  it('answers 401 without a token on every endpoint', async () => {
    const endpoints: Array<[string, string]> = [
      ['GET', `/weekly/${WEEK}`],
      ['PUT', `/weekly/${WEEK}`],
      ['GET', `/weekly/${WEEK}/render`],
      ['POST', `/weekly/${WEEK}/sent`],
      ['GET', `/weekly/review/${WEEK}`],
      ['POST', `/weekly/${author.id}/${WEEK}/review`],
    ];
    for (const [method, path] of endpoints)
      expect((await call(method, path, null, method === 'GET' ? undefined : {})).status, path).toBe(401);
  });

  it('answers 400 for bad weeks and bad bodies', async () => {
    expect((await call('GET', '/weekly/2026-W60', author)).status).toBe(400);
    expect((await call('GET', '/weekly/2027-W53', author)).status).toBe(400);
    const five = Array.from({ length: 5 }, (_, i) => ({ title: `Priority ${i + 1}` }));
    const bad: unknown[] = [
      { ...emptySave(0), priorities: five },
      { ...emptySave(0), surprise: true },
      { ...emptySave(0), checkIns: [{ keyResultId: keyResultIds[0], value: 20, confidence: 11 }] },
      { ...emptySave(0), checkIns: [{ keyResultId: '0123456789abcdef01234567', value: 20, confidence: 5 }] },
      { ...emptySave(0), priorities: [{ title: 'x', keyResultId: '0123456789abcdef01234567' }] },
    ];
    for (const body of bad) {
      const reply = await call('PUT', `/weekly/${WEEK}`, author, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call('PUT', '/weekly/2026-W60', author, emptySave(0))).status).toBe(400);
    expect(await WeeklyReportModel.countDocuments({ authorId: author.id })).toBe(0);
  });

  it('pre-fills a draft without storing it, saves check-ins through the OKR service and carries priorities into next week', async () => {
    const lastWeek = await call<WeeklyBody>('PUT', `/weekly/${LAST_WEEK}`, author, {
      ...emptySave(0),
      checkIns: [{ keyResultId: keyResultIds[0], value: 15, confidence: 6, note: 'slow start' }],
      priorities: [{ title: 'Interview five customers', keyResultId: keyResultIds[0] }, { title: 'Draft the tour' }],
    });
    expect(lastWeek.status, JSON.stringify(lastWeek.body)).toBe(200);

    const draft = await call<WeeklyBody>('GET', `/weekly/${WEEK}`, author);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ version: 0, status: 'draft', allowedActions: ['read', 'update', 'render'] });
    expect(draft.body.lastWeekPriorities).toEqual([
      { title: 'Interview five customers', keyResultId: keyResultIds[0], status: null },
      { title: 'Draft the tour', keyResultId: null, status: null },
    ]);
    const first = draft.body.keyResults.find((kr) => kr.keyResultId === keyResultIds[0])!;
    expect(first).toMatchObject({ value: 15, confidence: 6, checkedIn: false, confidenceChange: null });
    expect((await call<WeeklyBody>('GET', `/weekly/${WEEK}`, author)).body.version).toBe(0);
    expect(await WeeklyReportModel.countDocuments({ authorId: author.id, isoWeek: WEEK })).toBe(0);

    const body = {
      version: 0,
      checkIns: [
        { keyResultId: keyResultIds[0], value: 22, confidence: 8, note: 'Two <b>big</b> wins' },
        { keyResultId: keyResultIds[1], value: 0, confidence: 4, note: '' },
      ],
      lastWeekPriorities: [
        { title: 'Interview five customers', keyResultId: keyResultIds[0], status: 'green' },
        { title: 'Draft the tour', status: 'red' },
      ],
      priorities: [{ title: 'Launch <script>alert("x")</script> & more', keyResultId: keyResultIds[1] }, { title: 'Hire a designer' }],
      risks: 'Design review may slip',
      timeOff: 'Friday off',
    };
    const saved = await call<WeeklyBody>('PUT', `/weekly/${WEEK}`, author, body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.version).toBe(1);
    expect(saved.body.priorities.map((p) => p.rank)).toEqual([1, 2]);
    expect(saved.body.keyResults.find((kr) => kr.keyResultId === keyResultIds[0])).toMatchObject({
      value: 22,
      confidence: 8,
      confidenceChange: 2,
      checkedIn: true,
    });
    expect(saved.body.allowedActions).toContain('send');

    const again = await call<WeeklyBody>('PUT', `/weekly/${WEEK}`, author, { ...body, version: 1 });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(2);

    const checkIns = await call<{ items: Array<{ isoWeek: string; value: number; confidence: number; note: string }> }>(
      'GET',
      `/key-results/${keyResultIds[0]}/check-ins`,
      author,
    );
    expect(checkIns.body.items).toEqual([
      expect.objectContaining({ isoWeek: WEEK, value: 22, confidence: 8, note: 'Two <b>big</b> wins' }),
      expect.objectContaining({ isoWeek: LAST_WEEK, value: 15, confidence: 6 }),
    ]);
    const keyResult = await call<{ keyResults: Array<{ id: string; current: number }> }>(
      'GET',
      `/objectives/${await objectiveIdOf()}`,
      author,
    );
    expect(keyResult.body.keyResults.find((kr) => kr.id === keyResultIds[0])!.current).toBe(22);
  });

  it('renders email-safe HTML with every user string escaped, a plain-text alternative and recipients', async () => {
    const rendered = await call<{ subject: string; html: string; text: string; to: Array<{ id: string }>; cc: Array<{ id: string }> }>(
      'GET',
      `/weekly/${WEEK}/render`,
      author,
    );
    expect(rendered.status).toBe(200);
    const { html, text } = rendered.body;
    expect(html).toContain('Launch &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(html).toContain('Two &lt;b&gt;big&lt;/b&gt; wins');
    expect(html).not.toMatch(/<script|<style|class=|<b>/i);
    expect(html).toContain('<table');
    expect(text).toContain('P1 Launch <script>alert("x")</script> & more');
    expect(text).toContain('[GREEN] Interview five customers');
    expect(rendered.body.subject).toContain(WEEK);
    expect(rendered.body.to.map((p) => p.id)).toEqual([manager.id]);
    const cc = rendered.body.cc.map((p) => p.id);
    expect(cc).toContain(onTimeAuthor.id);
    expect(cc).not.toContain(author.id);
    expect(cc).not.toContain(manager.id);
  });

  it('lets one of two concurrent saves with the same version win and answers 409 to the other', async () => {
    const current = await call<WeeklyBody>('GET', `/weekly/${WEEK}`, author);
    const body = { ...emptySave(current.body.version), priorities: [{ title: 'Only one wins' }] };
    const replies = await Promise.all([call('PUT', `/weekly/${WEEK}`, author, body), call('PUT', `/weekly/${WEEK}`, author, body)]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const stale = await call('PUT', `/weekly/${WEEK}`, author, body);
    expect(stale.status).toBe(409);
    expect((await call<WeeklyBody>('GET', `/weekly/${WEEK}`, author)).body.version).toBe(current.body.version + 1);
  });

  it('hides reports from everyone outside the manager chain, HR and other tenants included', async () => {
    await call('PUT', `/weekly/${WEEK}`, reviewedAuthor, emptySave(0));
    expect((await call('POST', `/weekly/${reviewedAuthor.id}/${WEEK}/sent`, reviewedAuthor)).status).toBe(404);
    expect((await call('POST', `/weekly/${WEEK}/sent`, reviewedAuthor)).status).toBe(200);
    for (const stranger of [outsider, hr, onTimeAuthor]) {
      expect((await call('POST', `/weekly/${reviewedAuthor.id}/${WEEK}/review`, stranger, {})).status, stranger.displayName).toBe(404);
      const queue = await call<{ items: Array<{ author: { id: string } }> }>('GET', `/weekly/review/${WEEK}`, stranger);
      expect(queue.body.items.map((i) => i.author.id)).not.toContain(reviewedAuthor.id);
    }
    await onboardTenant(OTHER_TENANT, 'Other tenant');
    await insertPeople(
      OTHER_TENANT,
      [manager, reviewedAuthor].map((p) => ({ ...p, managerId: p.id === manager.id ? null : manager.id })),
    );
    const foreignManager = await tokenOf(stack, OTHER_TENANT, manager);
    expect((await call('POST', `/weekly/${reviewedAuthor.id}/${WEEK}/review`, foreignManager, {})).status).toBe(404);
    const foreignQueue = await call<{ items: Array<{ status: string; author: { id: string } }> }>(
      'GET',
      `/weekly/review/${WEEK}`,
      foreignManager,
    );
    expect(foreignQueue.body.items.find((i) => i.author.id === reviewedAuthor.id)?.status).toBe('missing');
  });

  it('records on time and late by the tenant deadline and shows the review queue with the manager first', async () => {
    await saveSettings({
      checkInDay: 'sunday',
      deadlines: { manager: '23:59', members: '23:59', review: '23:59' },
      timeZone: 'Etc/GMT+12',
    });
    expect((await call('PUT', `/weekly/${WEEK}`, onTimeAuthor, emptySave(0))).status).toBe(200);
    const onTime = await call<WeeklyBody>('POST', `/weekly/${WEEK}/sent`, onTimeAuthor);
    expect(onTime.status).toBe(200);
    expect(onTime.body).toMatchObject({ status: 'sent', onTime: true });
    expect((await call<WeeklyBody>('POST', `/weekly/${WEEK}/sent`, onTimeAuthor)).body.onTime).toBe(true);

    await saveSettings({ checkInDay: 'monday', deadlines: { manager: '00:00', members: '00:00', review: '00:00' }, timeZone: 'UTC' });
    expect((await call('PUT', `/weekly/${WEEK}`, lateAuthor, emptySave(0))).status).toBe(200);
    expect((await call<WeeklyBody>('POST', `/weekly/${WEEK}/sent`, lateAuthor)).body.onTime).toBe(false);

    expect((await call('POST', `/weekly/${author.id}/${WEEK}/review`, manager, {})).status).toBe(409);
    const reviewed = await call<WeeklyBody>('POST', `/weekly/${reviewedAuthor.id}/${WEEK}/review`, manager, { comment: 'Great week <3' });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    expect(reviewed.body.status).toBe('reviewed');
    const seen = await call<WeeklyBody>('GET', `/weekly/${WEEK}`, reviewedAuthor);
    expect(seen.body).toMatchObject({ status: 'reviewed', reviewComment: 'Great week <3', allowedActions: ['read', 'render'] });
    expect((await call('PUT', `/weekly/${WEEK}`, reviewedAuthor, emptySave(seen.body.version))).status).toBe(409);

    const queue = await call<{ items: Array<{ own: boolean; status: string; author: { id: string }; report: WeeklyBody | null }> }>(
      'GET',
      `/weekly/review/${WEEK}`,
      manager,
    );
    expect(queue.status).toBe(200);
    expect(queue.body.items[0]).toMatchObject({ own: true, author: { id: manager.id }, status: 'missing' });
    const statusOf = (id: string) => queue.body.items.find((i) => i.author.id === id)?.status;
    expect(statusOf(onTimeAuthor.id)).toBe('on_time');
    expect(statusOf(lateAuthor.id)).toBe('late');
    expect(statusOf(reviewedAuthor.id)).toBe('reviewed');
    expect(statusOf(missingAuthor.id)).toBe('missing');
    expect(statusOf(author.id)).toBe('missing');
    expect(queue.body.items.filter((i) => !i.own)).toHaveLength(reportsOf(manager.id).length);
    expect(queue.body.items.find((i) => i.author.id === lateAuthor.id)!.report!.allowedActions).toContain('review');
  });

  it('lists every weekly operation in the OpenAPI document', async () => {
    const doc = await call<{ paths: Record<string, unknown> }>('GET', '/openapi.json', null);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/weekly/{isoWeek}',
        '/api/weekly/{isoWeek}/render',
        '/api/weekly/{isoWeek}/sent',
        '/api/weekly/review/{isoWeek}',
        '/api/weekly/{authorId}/{isoWeek}/review',
      ]),
    );
  });
});

async function objectiveIdOf(): Promise<string> {
  const list = await call<{ items: Array<{ id: string; title: string }> }>('GET', `/objectives?ownerId=${author.id}`, author);
  return list.body.items.find((o) => o.title === 'Weekly mail objective')!.id;
}
