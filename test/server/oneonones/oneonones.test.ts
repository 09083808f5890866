import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { OneOnOneAgenda, OneOnOneList } from '../../../server/src/contract/index.js';
import { KeyResultModel } from '../../../server/src/okrs/okrs.model.js';
import { OkrReadModel } from '../../../server/src/okrs/okrs.readmodel.js';
import { isoWeekOf, isoWeekStart, localDate } from '../../../server/src/okrs/periods.js';
import { OneOnOneMeetingModel, OneOnOneModel, oneOnOneKey, type OneOnOneRecord } from '../../../server/src/oneonones/oneonones.model.js';
import { CommandCounter } from '../../support/command-counter.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { apiCaller, type ApiCall, type Reply } from '../../support/api-client.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const OTHER_TENANT = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';
const DAY_MS = 86_400_000;
const WEEK = isoWeekOf(new Date());
const LAST_WEEK = isoWeekOf(new Date(isoWeekStart(WEEK).getTime() - 7 * DAY_MS));

const caller = apiCaller(() => stack);
const call = <T = OneOnOneAgenda>(...args: Parameters<ApiCall>): Promise<Reply<T>> => caller<T>(...args);

const byUpn = (upn: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${upn}@northstar.demo`)!;
const stored = (managerId: string, reportId: string) =>
  OneOnOneModel.findOne({ _id: oneOnOneKey(stack.tenantId, managerId, reportId) }).lean<OneOnOneRecord>();

/** The seeded demo pair (see server/dev/seed/oneonones.seed.ts) and people around it. */
let manager: GraphUser;
let report: GraphUser;
let otherReport: GraphUser;
let lastReport: GraphUser;
let skipLevel: GraphUser;
let otherManager: GraphUser;
let otherManagersReport: GraphUser;
/** A second team, for key-result flags and onboarding. */
let priya: GraphUser;
let hannah: GraphUser;
let samuel: GraphUser;
let hr: GraphUser;
let admin: GraphUser;
let pair: string;

beforeAll(async () => {
  stack = await startStack();
  manager = byUpn('julia.santos');
  report = byUpn('theo.laurent');
  otherReport = byUpn('anna.berg');
  lastReport = byUpn('lily.evans');
  skipLevel = byUpn('ethan.brooks');
  otherManager = byUpn('jonas.becker');
  otherManagersReport = byUpn('chloe.dubois');
  priya = byUpn('priya.raman');
  hannah = byUpn('hannah.weber');
  samuel = byUpn('samuel.osei');
  hr = stack.people.find((p) => p.appRoles.includes('HR'))!;
  admin = stack.people.find((p) => p.appRoles.includes('Admin'))!;
  pair = `/one-on-ones/${manager.id}/${report.id}`;
});
afterAll(async () => {
  await stack?.stop();
});

describe('1:1s', () => {
  it('answers 401 without a token on every endpoint', async () => {
    const item = '0123456789abcdef01234567';
    const endpoints: Array<[string, string]> = [
      ['GET', '/one-on-ones'],
      ['GET', pair],
      ['PUT', `${pair}/schedule`],
      ['POST', `${pair}/talking-points`],
      ['PATCH', `${pair}/talking-points/${item}`],
      ['DELETE', `${pair}/talking-points/${item}`],
      ['PUT', `${pair}/notes`],
      ['POST', `${pair}/action-items`],
      ['PATCH', `${pair}/action-items/${item}`],
      ['DELETE', `${pair}/action-items/${item}`],
      ['POST', `${pair}/held`],
    ];
    for (const [method, path] of endpoints) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      expect((await call(method, path, null, body)).status, `${method} ${path}`).toBe(401);
    }
  });

  it('builds the agenda from seeded data: red key result, red priority, risk and time off of the latest mail, carried-over action item', async () => {
    const agenda = await call('GET', pair, manager);
    expect(agenda.status, JSON.stringify(agenda.body)).toBe(200);
    const body = agenda.body;
    expect(body).toMatchObject({
      role: 'manager',
      manager: { id: manager.id, name: 'Julia Santos' },
      report: { id: report.id },
      occurrence: 4,
    });
    expect(body.weeklyMail).toMatchObject({ isoWeek: WEEK, status: 'sent' });
    const kinds = body.items.map((item) => item.kind);
    const firstOf = ['key_result', 'red_priority', 'risk', 'time_off', 'action_item'].map((kind) => kinds.indexOf(kind as never));
    expect(
      firstOf.every((index) => index >= 0),
      JSON.stringify(kinds),
    ).toBe(true);
    expect(firstOf).toEqual([...firstOf].sort((a, b) => a - b));
    const red = body.items.find((item) => item.kind === 'key_result' && item.confidence === 2);
    expect(red).toMatchObject({ confidenceColor: 'red', lastCheckInWeek: WEEK, flags: ['red', 'dropping'] });
    expect(body.items.find((item) => item.kind === 'risk')).toMatchObject({ text: expect.stringContaining('usability lab') });
    expect(body.items.find((item) => item.kind === 'action_item')).toMatchObject({ owner: { id: report.id }, overdue: false });
    expect(body.actionItems[0]).toMatchObject({ carriedOver: true, done: false });
    expect(body.talkingPoints.map((p) => p.authorSide)).toEqual(['report', 'manager']);
    expect(body.allowedActions).toEqual(['read', 'addTalkingPoint', 'updateNotes', 'addActionItem', 'schedule', 'markHeld']);

    const asReport = await call('GET', pair, report);
    expect(asReport.status).toBe(200);
    expect(asReport.body.role).toBe('report');
    expect(asReport.body.items).toEqual(body.items);
    expect(asReport.body.talkingPoints.map((p) => p.id)).toEqual(body.talkingPoints.map((p) => p.id));
  });

  it('shows the pair only: 404 for the report on the manager’s other 1:1s, skip-level, HR, admin, strangers, wrong pairs and other tenants', async () => {
    expect((await call('GET', `/one-on-ones/${manager.id}/${otherReport.id}`, report)).status).toBe(404);
    for (const stranger of [skipLevel, otherManager, hr, admin, otherReport]) {
      expect((await call('GET', pair, stranger)).status, stranger.displayName).toBe(404);
      const add = await call('POST', `${pair}/talking-points`, stranger, { text: 'sneaky' });
      expect(add.status, stranger.displayName).toBe(404);
      const notes = await call('PUT', `${pair}/notes`, stranger, { version: 0, text: 'sneaky' });
      expect(notes.status).toBe(404);
      expect((await call('POST', `${pair}/held`, stranger, { occurrence: 2 })).status).toBe(404);
    }
    expect((await call('GET', `/one-on-ones/${manager.id}/${otherManagersReport.id}`, manager)).status).toBe(404);
    expect((await call('GET', `/one-on-ones/${otherManager.id}/${report.id}`, report)).status).toBe(404);
    expect((await call('GET', `/one-on-ones/${skipLevel.id}/${report.id}`, skipLevel)).status).toBe(404);
    expect((await call('GET', `/one-on-ones/${manager.id}/${manager.id}`, manager)).status).toBe(404);
    const list = await call<OneOnOneList>('GET', '/one-on-ones', report);
    expect(list.body.asManager).toEqual([]);
    expect(list.body.asReport).toMatchObject({ manager: { id: manager.id }, report: { id: report.id }, role: 'report' });

    await onboardTenant(OTHER_TENANT, 'Other tenant');
    await insertPeople(OTHER_TENANT, [
      { ...manager, managerId: null },
      { ...report, managerId: manager.id },
    ]);
    const foreignPriya = await tokenOf(stack, OTHER_TENANT, manager, []);
    const foreign = await call('GET', pair, foreignPriya);
    expect(foreign.status).toBe(200);
    expect(foreign.body).toMatchObject({ occurrence: 1, talkingPoints: [], actionItems: [], weeklyMail: null, items: [] });
    const foreignAdd = await call('POST', `${pair}/talking-points`, foreignPriya, { text: 'Other tenant point' });
    expect(foreignAdd.status).toBe(201);
    expect((await call('GET', pair, manager)).body.talkingPoints.map((p) => p.text)).not.toContain('Other tenant point');
    const foreignStranger = await tokenOf(stack, OTHER_TENANT, { ...otherReport, managerId: null }, []);
    expect((await call('GET', `/one-on-ones/${manager.id}/${otherReport.id}`, foreignStranger)).status).toBe(404);
    const unknownTenant = await tokenOf(stack, '0a0b0c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', manager, []);
    expect((await call('GET', pair, unknownTenant)).status).toBe(403);
  });

  it('answers 400 for bad ids and bodies, and stores nothing', async () => {
    const before = await stored(manager.id, report.id);
    expect((await call('GET', `/one-on-ones/not-a-guid/${report.id}`, manager)).status).toBe(400);
    expect((await call('PATCH', `${pair}/talking-points/xyz`, manager, { resolved: true })).status).toBe(400);
    const bad: Array<[string, string, unknown]> = [
      ['POST', `${pair}/talking-points`, { text: '   ' }],
      ['POST', `${pair}/talking-points`, { text: 'x'.repeat(501) }],
      ['POST', `${pair}/talking-points`, { text: 'ok', extra: 1 }],
      ['PATCH', `${pair}/talking-points/0123456789abcdef01234567`, {}],
      ['PUT', `${pair}/notes`, { text: 'no version' }],
      ['PUT', `${pair}/notes`, { version: -1, text: 'x' }],
      ['POST', `${pair}/action-items`, { title: 'No owner' }],
      ['POST', `${pair}/action-items`, { title: 'Stranger owns it', ownerId: otherReport.id }],
      ['POST', `${pair}/action-items`, { title: 'Bad date', ownerId: report.id, dueDate: '2026-13-45' }],
      ['PATCH', `${pair}/action-items/0123456789abcdef01234567`, {}],
      ['PUT', `${pair}/schedule`, {}],
      ['PUT', `${pair}/schedule`, { cadence: 'daily' }],
      ['PUT', `${pair}/schedule`, { nextDate: '2001-01-01' }],
      ['POST', `${pair}/held`, { occurrence: 0 }],
    ];
    for (const [method, path, body] of bad) {
      const reply = await call(method, path, manager, body);
      expect(reply.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
    }
    expect(await stored(manager.id, report.id)).toEqual(before);
  });

  it('adds talking points from either side, the report’s first; only the author edits or deletes, either side resolves', async () => {
    const byManager = await call('POST', `${pair}/talking-points`, manager, { text: 'Quarter planning' });
    expect(byManager.status).toBe(201);
    const byReport = await call('POST', `${pair}/talking-points`, report, { text: 'Conference budget' });
    expect(byReport.status).toBe(201);
    const sides = byReport.body.talkingPoints.map((p) => p.authorSide);
    expect(sides).toEqual([...sides].sort((a, b) => (a === b ? 0 : a === 'report' ? -1 : 1)));
    expect(byReport.body.talkingPoints.filter((p) => p.authorSide === 'report').at(-1)?.text).toBe('Conference budget');
    expect(byReport.body.talkingPoints.at(-1)?.text).toBe('Quarter planning');

    const mine = byReport.body.talkingPoints.find((p) => p.text === 'Conference budget')!;
    expect(mine.allowedActions).toEqual(['update', 'delete', 'resolve']);
    const seenByManager = (await call('GET', pair, manager)).body.talkingPoints.find((p) => p.id === mine.id)!;
    expect(seenByManager.allowedActions).toEqual(['resolve']);
    expect((await call('PATCH', `${pair}/talking-points/${mine.id}`, manager, { text: 'Rewritten' })).status).toBe(403);
    expect((await call('DELETE', `${pair}/talking-points/${mine.id}`, manager)).status).toBe(403);
    expect((await call('PATCH', `${pair}/talking-points/0123456789abcdef01234567`, manager, { resolved: true })).status).toBe(404);

    const edited = await call('PATCH', `${pair}/talking-points/${mine.id}`, report, { text: 'Conference budget for March' });
    expect(edited.status).toBe(200);
    const resolved = await call('PATCH', `${pair}/talking-points/${mine.id}`, manager, { resolved: true });
    expect(resolved.status).toBe(200);
    const row = (await stored(manager.id, report.id))!.talkingPoints.find((p) => p._id === mine.id)!;
    expect(row).toMatchObject({ text: 'Conference budget for March', resolved: true, authorId: report.id });

    const temporary = await call('POST', `${pair}/talking-points`, report, { text: 'Typo point' });
    const temporaryId = temporary.body.talkingPoints.find((p) => p.text === 'Typo point')!.id;
    expect((await call('DELETE', `${pair}/talking-points/${temporaryId}`, report)).status).toBe(200);
    expect((await stored(manager.id, report.id))!.talkingPoints.map((p) => p._id)).not.toContain(temporaryId);
  });

  it('saves shared notes with a version and answers 409 to a stale save', async () => {
    const current = (await call('GET', pair, report)).body.notes;
    const first = await call('PUT', `${pair}/notes`, report, { version: current.version, text: 'Marcus: cache redesign plan' });
    expect(first.status).toBe(200);
    expect(first.body.notes).toMatchObject({
      text: 'Marcus: cache redesign plan',
      version: current.version + 1,
      updatedBy: { id: report.id },
    });
    const stale = await call('PUT', `${pair}/notes`, manager, { version: current.version, text: 'Priya overwrites' });
    expect(stale.status).toBe(409);
    expect((await stored(manager.id, report.id))!.notes).toMatchObject({
      text: 'Marcus: cache redesign plan',
      version: current.version + 1,
    });
    const merged = await call('PUT', `${pair}/notes`, manager, {
      version: current.version + 1,
      text: 'Marcus: cache redesign plan\nPriya: yes',
    });
    expect(merged.status).toBe(200);
  });

  it('keeps every concurrent talking point and lets only one of two concurrent notes saves win', async () => {
    const texts = ['Parallel 1', 'Parallel 2', 'Parallel 3', 'Parallel 4'];
    const replies = await Promise.all(texts.map((text, i) => call('POST', `${pair}/talking-points`, i % 2 ? manager : report, { text })));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const points = (await stored(manager.id, report.id))!.talkingPoints.map((p) => p.text);
    for (const text of texts) expect(points).toContain(text);

    const { version } = (await call('GET', pair, manager)).body.notes;
    const saves = await Promise.all([
      call('PUT', `${pair}/notes`, manager, { version, text: 'Priya was first' }),
      call('PUT', `${pair}/notes`, report, { version, text: 'Marcus was first' }),
    ]);
    expect(saves.map((s) => s.status).sort()).toEqual([200, 409]);
    const winner = saves.find((s) => s.status === 200)!.body.notes.text;
    expect((await stored(manager.id, report.id))!.notes).toMatchObject({ text: winner, version: version + 1 });
  });

  it('adds action items owned by one of the pair; either side completes and reopens them', async () => {
    const added = await call('POST', `${pair}/action-items`, manager, {
      title: 'Share the incident timeline',
      ownerId: manager.id,
      dueDate: '2026-12-01',
    });
    expect(added.status).toBe(201);
    const item = added.body.actionItems.find((a) => a.title === 'Share the incident timeline')!;
    expect(item).toMatchObject({ owner: { id: manager.id }, done: false, carriedOver: false, createdBy: manager.id });
    expect(added.body.actionItems[0]?.carriedOver).toBe(true);

    const done = await call('PATCH', `${pair}/action-items/${item.id}`, report, { done: true });
    expect(done.status).toBe(200);
    expect(done.body.actionItems.at(-1)).toMatchObject({ id: item.id, done: true, allowedActions: ['reopen'] });
    const row = (await stored(manager.id, report.id))!.actionItems.find((a) => a._id === item.id)!;
    expect(row.done).toBe(true);
    expect(row.doneAt).toBeInstanceOf(Date);
    expect((await call('PATCH', `${pair}/action-items/${item.id}`, report, { title: 'Renamed by Marcus' })).status).toBe(403);
    expect((await call('DELETE', `${pair}/action-items/${item.id}`, report)).status).toBe(403);
    const reopened = await call('PATCH', `${pair}/action-items/${item.id}`, manager, { done: false });
    expect(reopened.body.actionItems.find((a) => a.id === item.id)).toMatchObject({ done: false, doneAt: null });
    expect((await call('PATCH', `${pair}/action-items/${item.id}`, manager, { done: true })).status).toBe(200);
    const carried = added.body.actionItems[0]!;
    expect((await call('PATCH', `${pair}/action-items/${carried.id}`, report, { dueDate: '2026-12-24' })).status).toBe(200);
  });

  it('marks a 1:1 held: open action items and unresolved talking points carry over, the rest is archived', async () => {
    const before = (await call('GET', pair, manager)).body;
    expect((await call('POST', `${pair}/held`, manager, { occurrence: before.occurrence + 1 })).status).toBe(409);
    const held = await call('POST', `${pair}/held`, report, { occurrence: before.occurrence });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    const after = held.body;
    expect(after.occurrence).toBe(before.occurrence + 1);
    expect(after.notes).toMatchObject({ text: '', updatedBy: null });
    const open = before.talkingPoints.filter((p) => !p.resolved).map((p) => p.id);
    expect(after.talkingPoints.map((p) => p.id).sort()).toEqual(open.sort());
    expect(after.talkingPoints.every((p) => p.carriedOver)).toBe(true);
    expect(after.actionItems.map((a) => a.id).sort()).toEqual(
      before.actionItems
        .filter((a) => !a.done)
        .map((a) => a.id)
        .sort(),
    );
    const carriedItems = after.items.filter((item) => item.kind === 'action_item');
    expect(carriedItems.length).toBe(after.actionItems.length);
    const today = localDate(new Date(), 'Europe/Berlin');
    expect(after.nextDate > today).toBe(true);
    expect(after.nextDateSet).toBe(false);
    expect(after.lastHeldAt).not.toBeNull();
    const archived = await OneOnOneMeetingModel.findOne({
      _id: `${oneOnOneKey(stack.tenantId, manager.id, report.id)}:${before.occurrence}`,
    }).lean<{
      notes: { text: string };
      heldBy: string;
      talkingPoints: unknown[];
    }>();
    expect(archived).toMatchObject({ heldBy: report.id, notes: { text: before.notes.text } });
    expect(archived!.talkingPoints.length).toBe(before.talkingPoints.length);
    expect((await call('POST', `${pair}/held`, manager, { occurrence: before.occurrence })).status).toBe(409);
  });

  it('lists a manager’s direct reports by next 1:1 date and lets either side set the date and cadence', async () => {
    const list = await call<OneOnOneList>('GET', '/one-on-ones', manager);
    expect(list.status).toBe(200);
    const reports = stack.people.filter((p) => p.managerId === manager.id).map((p) => p.id);
    expect(list.body.asManager.map((s) => s.report.id).sort()).toEqual([...reports].sort());
    const dates = list.body.asManager.map((s) => s.nextDate);
    expect(dates).toEqual([...dates].sort());
    expect(list.body.asReport).toMatchObject({ manager: { id: skipLevel.id }, role: 'report' });
    const reportRow = list.body.asManager.find((s) => s.report.id === report.id)!;
    expect(reportRow).toMatchObject({ counterpart: { id: report.id }, openActionItems: expect.any(Number) as number });

    const far = new Date(Date.now() + 20 * DAY_MS).toISOString().slice(0, 10);
    const scheduled = await call('PUT', `/one-on-ones/${manager.id}/${lastReport.id}/schedule`, lastReport, {
      nextDate: far,
      cadence: 'biweekly',
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
    expect(scheduled.body).toMatchObject({ nextDate: far, nextDateSet: true, cadence: 'biweekly' });
    expect(await stored(manager.id, lastReport.id)).toMatchObject({ nextDate: far, cadence: 'biweekly', version: 1 });
    const reordered = await call<OneOnOneList>('GET', '/one-on-ones', manager);
    expect(reordered.body.asManager.at(-1)?.report.id).toBe(lastReport.id);
    const cleared = await call('PUT', `/one-on-ones/${manager.id}/${lastReport.id}/schedule`, manager, { nextDate: null });
    expect(cleared.body).toMatchObject({ nextDate: localDate(new Date(), 'Europe/Berlin'), nextDateSet: false, cadence: 'biweekly' });
  });

  it('flags yellow, dropping and stale key results and objectives aligned to nothing, and shows a new hire’s onboarding', async () => {
    const settings = await call<{ version: number }>('GET', '/settings', admin);
    const raised = await call('PUT', '/settings', admin, {
      version: settings.body.version,
      limits: { maxObjectivesPerOwner: 5, maxKeyResultsPerObjective: 5 },
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    const periods = await call<{ current: string }>('GET', '/periods', hannah);
    const created = await call<{ id: string; keyResults: Array<{ id: string; title: string }> }>('POST', '/objectives', hannah, {
      periodId: periods.body.current,
      level: 'person',
      title: 'Agenda test objective',
      why: 'To see the agenda flag key results.',
      impactTags: ['customer'],
      state: 'active',
      keyResults: [
        { title: 'Dropping one', kind: 'increase_to', start: 0, target: 10, unit: 'x' },
        { title: 'Green one', kind: 'increase_to', start: 0, target: 10, unit: 'x' },
        { title: 'Stale one', kind: 'increase_to', start: 0, target: 10, unit: 'x' },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const [dropping, green, stale] = created.body.keyResults.map((kr) => kr.id) as [string, string, string];
    const checkIn = (id: string, week: string, confidence: number) =>
      call('PUT', `/key-results/${id}/check-ins/${week}`, hannah, { value: 3, confidence, note: '' });
    for (const [id, confidence] of [
      [dropping, 9],
      [green, 8],
      [stale, 5],
    ] as const)
      expect((await checkIn(id, LAST_WEEK, confidence)).status).toBe(200);
    const hannahPair = `/one-on-ones/${priya.id}/${hannah.id}`;
    const before = await call('GET', hannahPair, priya);
    expect(before.body.items.find((item) => item.kind === 'key_result' && item.keyResultId === dropping)).toBeUndefined();
    expect((await call('POST', `${hannahPair}/held`, priya, { occurrence: before.body.occurrence })).status).toBe(200);
    expect((await stored(priya.id, hannah.id))!.confidenceAtLastHeld).toContainEqual({
      keyResultId: dropping,
      confidence: 9,
      isoWeek: LAST_WEEK,
    });
    expect((await checkIn(dropping, WEEK, 7)).status).toBe(200);
    expect((await checkIn(green, WEEK, 8)).status).toBe(200);
    await KeyResultModel.updateOne({ _id: stale }, { $set: { lastCheckInAt: new Date(Date.now() - 20 * DAY_MS) } });
    await new OkrReadModel().record(stack.tenantId, { keyResults: [stale] });
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const agenda = await call('GET', hannahPair, priya);
    expect(agenda.status).toBe(200);
    const flagsOf = (id: string) => agenda.body.items.find((item) => item.kind === 'key_result' && item.keyResultId === id);
    expect(flagsOf(dropping)).toMatchObject({ flags: ['dropping'], confidence: 7, previousConfidence: 9 });
    expect(flagsOf(green)).toBeUndefined();
    expect(flagsOf(stale)).toMatchObject({ flags: ['yellow', 'stale'], weeksSinceCheckIn: 2, previousConfidence: null });
    expect(agenda.body.items).toContainEqual(
      expect.objectContaining({ kind: 'unaligned_objective', objectiveId: created.body.id, title: 'Agenda test objective' }),
    );

    const newHire = await call('GET', `/one-on-ones/${priya.id}/${samuel.id}`, samuel);
    expect(newHire.status).toBe(200);
    expect(newHire.body.items).toContainEqual(expect.objectContaining({ kind: 'onboarding', hireDate: expect.any(String) as string }));
    expect(agenda.body.items.some((item) => item.kind === 'onboarding')).toBe(false);
  });

  it('reads an agenda with a small, fixed number of database commands', async () => {
    await call('GET', pair, manager);
    const counter = new CommandCounter();
    const tally = await counter.measure(() => call('GET', pair, manager));
    // One lookup by _id per checked-in key result (at most 3 objectives × 3 key results), seven for the rest.
    const checkInLookups = tally.byTarget['find check_ins'] ?? 0;
    expect(checkInLookups, JSON.stringify(tally.byTarget)).toBeLessThanOrEqual(9);
    expect(tally.total - checkInLookups, JSON.stringify(tally.byTarget)).toBeLessThanOrEqual(7);
    expect(
      Object.keys(tally.byTarget).filter(
        (target) =>
          !/^find (one_on_ones|tenant_settings|people|weekly_reports|org_states|okr_changes|okr_change_heads|check_ins|onboarding_enrolments)$/.test(
            target,
          ),
      ),
    ).toEqual([]);
  });
});
