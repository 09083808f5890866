import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../server/dev/org/types.js';
import type { OneOnOneAgenda, OneOnOneHistory, PastActionItem, PastOneOnOne, PrivateNotes } from '../../../server/src/contract/index.js';
import { isoWeekOf } from '../../../server/src/okrs/periods.js';
import {
  OneOnOneHistoryModel,
  OneOnOnePrivateNotesModel,
  privateNotesKey,
  type HistoryIndexRecord,
  type PrivateNotesRecord,
} from '../../../server/src/oneonones/oneonones.history.model.js';
import { OneOnOneMeetingModel, OneOnOneModel, oneOnOneKey, type OneOnOneRecord } from '../../../server/src/oneonones/oneonones.model.js';
import { OneOnOneHistoryRepo } from '../../../server/src/oneonones/oneonones.history.repo.js';
import { OneOnOnesRepo } from '../../../server/src/oneonones/oneonones.repo.js';
import { CommandCounter } from '../../support/command-counter.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import { apiCaller, type ApiCall, type Reply } from '../../support/api-client.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const OTHER_TENANT = '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f';
const WEEK = isoWeekOf(new Date());

const caller = apiCaller(() => stack);
const call = <T = OneOnOneAgenda>(...args: Parameters<ApiCall>): Promise<Reply<T>> => caller<T>(...args);
const byUpn = (upn: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${upn}@northstar.demo`)!;
const storedPair = (managerId: string, reportId: string) =>
  OneOnOneModel.findOne({ _id: oneOnOneKey(stack.tenantId, managerId, reportId) }).lean<OneOnOneRecord>();
const storedIndex = (managerId: string, reportId: string) =>
  OneOnOneHistoryModel.findOne({ _id: oneOnOneKey(stack.tenantId, managerId, reportId) }).lean<HistoryIndexRecord>();

let manager: GraphUser;
/** The seeded demo report (three held 1:1s of history). */
let demoReport: GraphUser;
/** A report of the same manager whose 1:1s these tests hold from scratch. */
let report: GraphUser;
let otherReport: GraphUser;
let otherManager: GraphUser;
let hr: GraphUser;
let admin: GraphUser;
let pair: string;
let demoPair: string;

const MANAGER_SECRET = 'Manager private: consider a promotion case for Anna';
const REPORT_SECRET = 'Report private: thinking about switching teams';

beforeAll(async () => {
  stack = await startStack();
  manager = byUpn('julia.santos');
  demoReport = byUpn('theo.laurent');
  report = byUpn('anna.berg');
  otherReport = byUpn('lily.evans');
  otherManager = byUpn('jonas.becker');
  hr = stack.people.find((p) => p.appRoles.includes('HR'))!;
  admin = stack.people.find((p) => p.appRoles.includes('Admin'))!;
  pair = `/one-on-ones/${manager.id}/${report.id}`;
  demoPair = `/one-on-ones/${manager.id}/${demoReport.id}`;
});
afterAll(async () => {
  await stack?.stop();
});

const hold = async (as: GraphUser): Promise<OneOnOneAgenda> => {
  const { occurrence } = (await call('GET', pair, as)).body;
  const held = await call('POST', `${pair}/held`, as, { occurrence });
  expect(held.status, JSON.stringify(held.body)).toBe(200);
  return held.body;
};
const saveNotes = async (as: GraphUser, text: string): Promise<void> => {
  const { version } = (await call('GET', pair, as)).body.notes;
  expect((await call('PUT', `${pair}/notes`, as, { version, text })).status).toBe(200);
};
const itemIn = (past: PastOneOnOne, title: string): PastActionItem => past.actionItems.find((item) => item.title === title)!;

describe('1:1 history and private notes', () => {
  it('answers 401 without a token on every new endpoint', async () => {
    for (const [method, path] of [
      ['GET', `${pair}/history`],
      ['GET', `${pair}/history/1`],
      ['GET', `${pair}/private-notes`],
      ['PUT', `${pair}/private-notes`],
    ] as const) {
      const reply = await call(method, path, null, method === 'PUT' ? { occurrence: 1, version: 0, text: 'x' } : undefined);
      expect(reply.status, `${method} ${path}`).toBe(401);
    }
  });

  it('shows the seeded demo pair’s three held 1:1s, an action item carried twice then done, and the manager’s private notes to the manager only', async () => {
    const history = await call<OneOnOneHistory>('GET', `${demoPair}/history`, demoReport);
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    expect(history.body).toMatchObject({ held: 3, role: 'report', nextBefore: null });
    expect(history.body.entries.map((entry) => entry.occurrence)).toEqual([3, 2, 1]);
    const first = await call<PastOneOnOne>('GET', `${demoPair}/history/1`, manager);
    expect(first.status).toBe(200);
    expect(itemIn(first.body, 'Draft the onboarding study plan')).toMatchObject({
      done: false,
      carriedCount: 0,
      outcome: { status: 'done', doneInOccurrence: 3, carriedCount: 2 },
    });
    expect(first.body.agendaItems?.map((item) => item.kind)).toEqual(['risk']);
    const third = await call<PastOneOnOne>('GET', `${demoPair}/history/3`, manager);
    expect(third.body.privateNotes.text).toContain('design system refresh');
    const thirdForReport = await call<PastOneOnOne>('GET', `${demoPair}/history/3`, demoReport);
    expect(thirdForReport.body.privateNotes).toMatchObject({ text: '', version: 0 });
    expect(thirdForReport.text).not.toContain('design system refresh');
    expect(itemIn(thirdForReport.body, 'Book the usability lab for the onboarding study').outcome).toMatchObject({
      status: 'open',
      carriedCount: 1,
    });
  });

  it('holds three 1:1s: an action item carries over twice with owner and due date, is done in the third, and history shows it all', async () => {
    // A weekly mail with a risk, so the agenda built from data has an item to keep.
    const draft = await call<{ version: number }>('GET', `/weekly/${WEEK}`, report);
    expect(draft.status).toBe(200);
    expect(
      (await call('PUT', `/weekly/${WEEK}`, report, { version: draft.body.version, risks: 'Zebrafish vendor may slip', timeOff: '' }))
        .status,
    ).toBe(200);
    expect((await call('POST', `/weekly/${WEEK}/sent`, report)).status).toBeLessThan(300);

    const added = await call('POST', `${pair}/action-items`, manager, {
      title: 'Prepare the roadmap review',
      ownerId: report.id,
      dueDate: '2027-01-15',
    });
    expect(added.status).toBe(201);
    const itemId = added.body.actionItems.find((item) => item.title === 'Prepare the roadmap review')!.id;
    expect((await call('POST', `${pair}/talking-points`, report, { text: 'Career goals for next year' })).status).toBe(201);
    await saveNotes(report, 'First: walked through the quarter.');
    const afterFirst = await hold(manager);
    expect(afterFirst.actionItems.find((item) => item.id === itemId)).toMatchObject({
      carriedOver: true,
      carriedCount: 1,
      firstOccurrence: 1,
      owner: { id: report.id },
      dueDate: '2027-01-15',
    });

    await saveNotes(manager, 'Second: budget talk, the review is not ready yet.');
    const afterSecond = await hold(report);
    expect(afterSecond.actionItems.find((item) => item.id === itemId)).toMatchObject({ carriedCount: 2, firstOccurrence: 1, done: false });
    expect(afterSecond.items).toContainEqual(expect.objectContaining({ kind: 'action_item', actionItemId: itemId }));
    expect((await storedPair(manager.id, report.id))!.actionItems.find((item) => item._id === itemId)).toMatchObject({
      occurrence: 1,
      done: false,
    });

    expect((await call('PATCH', `${pair}/action-items/${itemId}`, report, { done: true })).status).toBe(200);
    await saveNotes(report, 'Third: roadmap review is done; talked about hiring.');
    const afterThird = await hold(manager);
    expect(afterThird.occurrence).toBe(4);
    expect(afterThird.actionItems.map((item) => item.id)).not.toContain(itemId);

    const history = await call<OneOnOneHistory>('GET', `${pair}/history`, report);
    expect(history.status).toBe(200);
    expect(history.body.held).toBe(3);
    expect(history.body.entries.map((entry) => [entry.occurrence, entry.actionItems, entry.actionItemsDone])).toEqual([
      [3, 1, 1],
      [2, 1, 0],
      [1, 1, 0],
    ]);
    expect(history.body.entries[0]).toMatchObject({ heldBy: { id: manager.id }, notesExcerpt: expect.stringContaining('Third') as string });
    const index = (await storedIndex(manager.id, report.id))!;
    expect(Object.keys(index.meetings).sort()).toEqual(['1', '2', '3']);
    expect(index.outcomes[itemId]).toMatchObject({ occurrence: 3 });

    const first = await call<PastOneOnOne>('GET', `${pair}/history/1`, manager);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      occurrence: 1,
      heldBy: { id: manager.id },
      notes: { text: 'First: walked through the quarter.', updatedBy: { id: report.id } },
      previousOccurrence: null,
      nextOccurrence: 2,
    });
    expect(first.body.talkingPoints).toEqual([expect.objectContaining({ text: 'Career goals for next year', authorSide: 'report' })]);
    expect(first.body.agendaItems).toContainEqual(expect.objectContaining({ kind: 'risk', text: 'Zebrafish vendor may slip' }));
    const carried = itemIn(first.body, 'Prepare the roadmap review');
    expect(carried).toMatchObject({ done: false, owner: { id: report.id }, dueDate: '2027-01-15', firstOccurrence: 1, carriedCount: 0 });
    expect(carried.outcome).toMatchObject({ status: 'done', doneInOccurrence: 3, carriedCount: 2, doneAt: expect.any(String) as string });

    const second = await call<PastOneOnOne>('GET', `${pair}/history/2`, report);
    expect(second.body.agendaItems).toContainEqual(expect.objectContaining({ kind: 'action_item', actionItemId: itemId }));
    expect(itemIn(second.body, 'Prepare the roadmap review')).toMatchObject({ done: false, carriedCount: 1 });
    const third = await call<PastOneOnOne>('GET', `${pair}/history/3`, report);
    expect(itemIn(third.body, 'Prepare the roadmap review')).toMatchObject({
      done: true,
      carriedCount: 2,
      outcome: { status: 'done', doneInOccurrence: 3 },
    });
    expect(third.body).toMatchObject({ previousOccurrence: 2, nextOccurrence: null });
    const archived = await OneOnOneMeetingModel.findOne({ _id: `${oneOnOneKey(stack.tenantId, manager.id, report.id)}:3` }).lean<{
      agendaItems: unknown[];
    }>();
    expect(archived!.agendaItems.length).toBe(third.body.agendaItems!.length);
    expect((await call('GET', `${pair}/history/4`, manager)).status).toBe(404);
  });

  it('searches notes, talking points, action items and agenda items, and pages newest first', async () => {
    const search = (q: string, extra = '') =>
      call<OneOnOneHistory>('GET', `${pair}/history?q=${encodeURIComponent(q)}${extra}`, manager).then((reply) => {
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
        return reply.body;
      });
    const budget = await search('BUDGET');
    expect(budget.entries.map((entry) => entry.occurrence)).toEqual([2]);
    expect(budget.entries[0]!.matches).toEqual([{ field: 'notes', text: expect.stringContaining('budget talk') as string }]);
    // The unresolved talking point was carried over, so all three 1:1s had it.
    expect((await search('career')).entries.map((entry) => [entry.occurrence, entry.matches[0]?.field])).toEqual([
      [3, 'talking_point'],
      [2, 'talking_point'],
      [1, 'talking_point'],
    ]);
    expect((await search('walked quarter')).entries.map((entry) => entry.occurrence)).toEqual([1]);
    expect((await search('roadmap review')).entries.map((entry) => entry.occurrence)).toEqual([3, 2, 1]);
    expect((await search('hiring roadmap')).entries.map((entry) => entry.occurrence)).toEqual([3]);
    expect((await search('budget hiring')).entries).toEqual([]);
    const zebra = await search('zebrafish');
    expect(zebra.entries.length).toBe(3);
    expect(zebra.entries[0]!.matches.map((match) => match.field)).toContain('agenda_item');

    const page1 = await call<OneOnOneHistory>('GET', `${pair}/history?limit=2`, manager);
    expect(page1.body.entries.map((entry) => entry.occurrence)).toEqual([3, 2]);
    expect(page1.body.nextBefore).toBe(2);
    const page2 = await call<OneOnOneHistory>('GET', `${pair}/history?limit=2&before=2`, manager);
    expect(page2.body.entries.map((entry) => entry.occurrence)).toEqual([1]);
    expect(page2.body.nextBefore).toBeNull();
    expect((await search('roadmap', '&limit=1&before=3')).entries.map((entry) => entry.occurrence)).toEqual([2]);
  });

  it('keeps private notes per 1:1 and author with a version check; only their author ever reads them', async () => {
    const { occurrence } = (await call('GET', pair, manager)).body;
    const mine = await call<PrivateNotes>('PUT', `${pair}/private-notes`, manager, { occurrence, version: 0, text: MANAGER_SECRET });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body).toMatchObject({ occurrence, version: 1, text: MANAGER_SECRET });
    const key = privateNotesKey(oneOnOneKey(stack.tenantId, manager.id, report.id), occurrence, manager.id);
    expect(await OneOnOnePrivateNotesModel.findOne({ _id: key }).lean<PrivateNotesRecord>()).toMatchObject({
      authorId: manager.id,
      occurrence,
      text: MANAGER_SECRET,
      version: 1,
    });
    const stale = await call('PUT', `${pair}/private-notes`, manager, { occurrence, version: 0, text: 'Overwrite' });
    expect(stale.status).toBe(409);
    expect((await OneOnOnePrivateNotesModel.findOne({ _id: key }).lean<PrivateNotesRecord>())!.text).toBe(MANAGER_SECRET);
    const concurrent = await Promise.all(
      ['one', 'two'].map((text) =>
        call('PUT', `${pair}/private-notes`, manager, { occurrence, version: 1, text: `${MANAGER_SECRET} ${text}` }),
      ),
    );
    expect(concurrent.map((reply) => reply.status).sort()).toEqual([200, 409]);
    const final = (await call<PrivateNotes>('GET', `${pair}/private-notes`, manager)).body;
    expect(final).toMatchObject({ occurrence, version: 2, text: expect.stringContaining(MANAGER_SECRET) as string });

    const onPast = await call<PrivateNotes>('PUT', `${pair}/private-notes`, report, { occurrence: 1, version: 0, text: REPORT_SECRET });
    expect(onPast.status).toBe(200);
    const pastForReport = await call<PastOneOnOne>('GET', `${pair}/history/1`, report);
    expect(pastForReport.body.privateNotes).toMatchObject({ occurrence: 1, version: 1, text: REPORT_SECRET });
    const pastForManager = await call<PastOneOnOne>('GET', `${pair}/history/1`, manager);
    expect(pastForManager.body.privateNotes).toMatchObject({ occurrence: 1, version: 0, text: '' });
    expect(pastForManager.text).not.toContain(REPORT_SECRET);
    expect((await call<PrivateNotes>('GET', `${pair}/private-notes?occurrence=1`, report)).body.text).toBe(REPORT_SECRET);

    // The other side reads their own (empty) notes, never the author's.
    const reportsOwn = await call<PrivateNotes>('GET', `${pair}/private-notes`, report);
    expect(reportsOwn.body).toMatchObject({ occurrence, version: 0, text: '' });
    for (const [path, as] of [
      [pair, report],
      [`${pair}/history`, report],
      [`${pair}/history?q=promotion`, report],
      [`${pair}/history/1`, manager],
      [`${pair}/private-notes?occurrence=1`, manager],
    ] as const) {
      const reply = await call('GET', path, as);
      expect(reply.status, path).toBe(200);
      expect(reply.text, path).not.toContain(MANAGER_SECRET.slice(20));
      expect(reply.text, path).not.toContain(REPORT_SECRET.slice(20));
    }
    expect((await call<OneOnOneHistory>('GET', `${pair}/history?q=promotion`, manager)).body.entries).toEqual([]);
    // HR, an admin, another manager and another report of the same manager: 404 everywhere, nothing written.
    for (const stranger of [hr, admin, otherManager, otherReport]) {
      for (const path of [pair, `${pair}/history`, `${pair}/history/1`, `${pair}/private-notes`, `${pair}/private-notes?occurrence=1`]) {
        const reply = await call('GET', path, stranger);
        expect(reply.status, `${stranger.displayName} ${path}`).toBe(404);
        expect(reply.text).not.toContain(MANAGER_SECRET.slice(20));
      }
      const write = await call('PUT', `${pair}/private-notes`, stranger, { occurrence, version: 0, text: 'sneaky' });
      expect(write.status, stranger.displayName).toBe(404);
      const strangerKey = privateNotesKey(oneOnOneKey(stack.tenantId, manager.id, report.id), occurrence, stranger.id);
      expect(await OneOnOnePrivateNotesModel.findOne({ _id: strangerKey }).lean()).toBeNull();
    }
    // Never through the pair document or the archive.
    expect(JSON.stringify(await storedPair(manager.id, report.id))).not.toContain(MANAGER_SECRET);
    expect(
      JSON.stringify(await OneOnOneMeetingModel.findOne({ _id: `${oneOnOneKey(stack.tenantId, manager.id, report.id)}:1` }).lean()),
    ).not.toContain(REPORT_SECRET);
    expect(JSON.stringify(await storedIndex(manager.id, report.id))).not.toContain('switching');
  });

  it('answers 404 across pairs and tenants', async () => {
    expect((await call('GET', `/one-on-ones/${manager.id}/${otherReport.id}/history`, report)).status).toBe(404);
    expect((await call('GET', `/one-on-ones/${manager.id}/${demoReport.id}/history/1`, report)).status).toBe(404);
    expect((await call('GET', `/one-on-ones/${otherManager.id}/${report.id}/history`, otherManager)).status).toBe(404);
    expect((await call('GET', `/one-on-ones/${manager.id}/${manager.id}/private-notes`, manager)).status).toBe(404);

    await onboardTenant(OTHER_TENANT, 'History tenant');
    await insertPeople(OTHER_TENANT, [
      { ...manager, managerId: null },
      { ...report, managerId: manager.id },
    ]);
    const foreign = await tokenOf(stack, OTHER_TENANT, manager, []);
    const foreignHistory = await call<OneOnOneHistory>('GET', `${pair}/history`, foreign);
    expect(foreignHistory.status).toBe(200);
    expect(foreignHistory.body).toMatchObject({ held: 0, entries: [], nextBefore: null });
    expect((await call('GET', `${pair}/history/1`, foreign)).status).toBe(404);
    const foreignNotes = await call<PrivateNotes>('GET', `${pair}/private-notes`, foreign);
    expect(foreignNotes.body).toMatchObject({ occurrence: 1, version: 0, text: '' });
    const foreignSave = await call<PrivateNotes>('PUT', `${pair}/private-notes`, foreign, {
      occurrence: 1,
      version: 0,
      text: 'Other tenant',
    });
    expect(foreignSave.status).toBe(200);
    expect((await call<PastOneOnOne>('GET', `${pair}/history/1`, manager)).body.privateNotes.text).toBe('');
    const foreignStranger = await tokenOf(stack, OTHER_TENANT, { ...otherReport, managerId: null }, []);
    expect((await call('GET', `${pair}/history`, foreignStranger)).status).toBe(404);
    const unknownTenant = await tokenOf(stack, '0a0b0c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0e', manager, []);
    expect((await call('GET', `${pair}/history`, unknownTenant)).status).toBe(403);
  });

  it('answers 400 for bad ids, queries and bodies, and stores nothing', async () => {
    const { occurrence } = (await call('GET', pair, report)).body;
    const key = privateNotesKey(oneOnOneKey(stack.tenantId, manager.id, report.id), occurrence, report.id);
    const before = await OneOnOnePrivateNotesModel.findOne({ _id: key }).lean();
    for (const path of [
      `/one-on-ones/not-a-guid/${report.id}/history`,
      `${pair}/history?limit=0`,
      `${pair}/history?limit=51`,
      `${pair}/history?before=1`,
      `${pair}/history?before=abc`,
      `${pair}/history?q=${'x'.repeat(201)}`,
      `${pair}/history?sort=asc`,
      `${pair}/history/0`,
      `${pair}/history/abc`,
      `${pair}/private-notes?occurrence=0`,
      `${pair}/private-notes?author=${manager.id}`,
    ]) {
      expect((await call('GET', path, report)).status, path).toBe(400);
    }
    for (const body of [
      {},
      { occurrence, text: 'no version' },
      { occurrence, version: -1, text: 'x' },
      { version: 0, text: 'no occurrence' },
      { occurrence: 0, version: 0, text: 'x' },
      { occurrence: occurrence + 1, version: 0, text: 'not yet' },
      { occurrence, version: 0, text: 'x'.repeat(20_001) },
      { occurrence, version: 0, text: 'x', authorId: manager.id },
    ]) {
      const reply = await call('PUT', `${pair}/private-notes`, report, body);
      expect(reply.status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    expect(await OneOnOnePrivateNotesModel.findOne({ _id: key }).lean()).toEqual(before);
    expect((await call('GET', `${pair}/private-notes?occurrence=${occurrence + 1}`, report)).status).toBe(404);
  });

  it('creates a pair’s history index once when two first writers race, without an error', async () => {
    const history = new OneOnOneHistoryRepo();
    const entry = (occurrence: number) => ({
      entry: {
        occurrence,
        heldAt: new Date(),
        heldBy: manager.id,
        notesExcerpt: '',
        talkingPoints: 0,
        actionItems: 0,
        actionItemsDone: 0,
        words: '',
      },
      outcomes: {},
    });
    for (let round = 0; round < 10; round += 1) {
      const key = oneOnOneKey(stack.tenantId, manager.id, `racing-report-${round}`);
      await Promise.all([history.record(stack.tenantId, key, [entry(1)]), history.record(stack.tenantId, key, [entry(1)])]);
      expect(Object.keys((await history.index(key))!.meetings)).toEqual(['1']);
    }
  });

  it('answers a pair with 100 held 1:1s from its index: one lookup to list, a page of lookups to search', async () => {
    const bigReport = byUpn('lily.evans');
    const key = oneOnOneKey(stack.tenantId, manager.id, bigReport.id);
    const repo = new OneOnOnesRepo();
    const at = (n: number): Date => new Date(Date.now() - (101 - n) * 7 * 86_400_000);
    // One after another, as the pair's version claims order them in the product.
    for (let n = 1; n <= 100; n += 1) {
      await repo.archive(key, {
        tenantId: stack.tenantId,
        managerId: manager.id,
        reportId: bigReport.id,
        occurrence: n,
        notes: {
          text: `Weekly 1:1 number ${n}${n % 10 === 0 ? ' about the kestrel project' : ''}`,
          version: n,
          updatedAt: at(n),
          updatedBy: manager.id,
        },
        talkingPoints: [],
        actionItems: [],
        agendaItems: [],
        heldAt: at(n),
        heldBy: manager.id,
      });
    }
    const pairDoc = await repo.pair(key);
    const base = pairDoc ?? {
      _id: key,
      tenantId: stack.tenantId,
      managerId: manager.id,
      reportId: bigReport.id,
      cadence: 'weekly' as const,
      nextDate: null,
      lastHeldAt: null,
      notes: { text: '', version: 0, updatedAt: null, updatedBy: null },
      talkingPoints: [],
      actionItems: [],
      confidenceAtLastHeld: [],
      version: 0,
      occurrence: 1,
    };
    expect(await repo.save({ ...base, occurrence: 101, lastHeldAt: at(100) }, base.version, manager.id)).toBe(true);
    const path = `/one-on-ones/${manager.id}/${bigReport.id}/history`;
    await call('GET', path, manager);

    const counter = new CommandCounter();
    let list: Reply<OneOnOneHistory> | undefined;
    const started = Date.now();
    const listTally = await counter.measure(async () => {
      list = await call<OneOnOneHistory>('GET', path, manager);
    });
    const listMs = Date.now() - started;
    expect(list!.body.held).toBe(100);
    expect(list!.body.entries.map((entry) => entry.occurrence)).toEqual(Array.from({ length: 20 }, (_, i) => 100 - i));
    expect(listTally.byTarget['find one_on_one_meetings'] ?? 0, JSON.stringify(listTally.byTarget)).toBe(0);
    expect(listTally.byTarget['find one_on_one_histories'], JSON.stringify(listTally.byTarget)).toBe(1);

    let found: Reply<OneOnOneHistory> | undefined;
    const searchTally = await counter.measure(async () => {
      found = await call<OneOnOneHistory>('GET', `${path}?q=kestrel&limit=5`, manager);
    });
    expect(found!.body.entries.map((entry) => entry.occurrence)).toEqual([100, 90, 80, 70, 60]);
    expect(found!.body.nextBefore).toBe(60);
    expect(searchTally.byTarget['find one_on_one_meetings'], JSON.stringify(searchTally.byTarget)).toBe(5);
    expect(listMs).toBeLessThan(1_000);

    // An index that lost entries (a writer died between archive and index) is completed from the archive by `_id`.
    await OneOnOneHistoryModel.updateOne({ _id: key }, { $unset: { 'meetings.50': '', 'meetings.51': '' } });
    const healed = await call<OneOnOneHistory>('GET', `${path}?q=kestrel&before=60`, manager);
    expect(healed.body.entries.map((entry) => entry.occurrence)).toEqual([50, 40, 30, 20, 10]);
    const index = (await OneOnOneHistoryModel.findOne({ _id: key }).lean<HistoryIndexRecord>())!;
    expect(Object.keys(index.meetings).length).toBe(100);
  });
});
