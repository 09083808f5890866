import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OkrChangeHeadModel, OkrChangeModel, OkrReadModel } from '../../../server/src/okrs/okrs.readmodel.js';
import { KeyResultModel, type KeyResultRecord } from '../../../server/src/okrs/okrs.model.js';
import { OkrsRepo, type NewKeyResult, type NewObjective } from '../../../server/src/okrs/okrs.repo.js';
import { CommandCounter } from '../../support/command-counter.js';
import { startStack, type TestStack } from '../../support/stack.js';

const PERIOD = '2032-Q2';
const PROBE_MS = 1_000;

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** A repository as one server instance would hold it (its own read model). */
const instance = (maxIncrementalChanges = 50): OkrsRepo =>
  new OkrsRepo(new OkrReadModel({ probeIntervalMs: PROBE_MS, maxIncrementalChanges }));

const objective = (tenantId: string, title: string, alignedTo: Types.ObjectId[] = []): NewObjective => ({
  tenantId,
  periodId: PERIOD,
  level: 'team',
  ownerId: 'owner-1',
  title,
  why: '',
  alignedTo,
  impactTags: [],
  state: 'active',
  visibility: 'public',
  retrospective: null,
  createdBy: 'owner-1',
});

const newKeyResult = (tenantId: string, objectiveId: Types.ObjectId): NewKeyResult => ({
  tenantId,
  objectiveId,
  periodId: PERIOD,
  ownerId: 'owner-1',
  title: 'Ship it',
  kind: 'increase_to',
  start: 0,
  target: 100,
  current: 0,
  unit: '',
  dueDate: null,
  indicator: 'lagging',
  weight: null,
  initiatives: [],
});

const titles = async (repo: OkrsRepo, tenantId: string): Promise<string[]> =>
  (await repo.objectives(tenantId, { periodId: PERIOD, privateVisibleFor: 'all' }, { limit: 1000 })).map((row) => row.title).sort();

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, PROBE_MS + 50));

describe('OKR read model across server instances', () => {
  it('shows a write of one instance to reads on another after the probe interval, and at once on the writer', async () => {
    const tenantId = randomUUID();
    const writer = instance();
    const reader = instance();
    await writer.insertObjective(tenantId, objective(tenantId, 'Existing'), 0);
    expect(await titles(reader, tenantId)).toEqual(['Existing']);
    expect(await titles(writer, tenantId)).toEqual(['Existing']);

    const created = await writer.insertObjective(tenantId, objective(tenantId, 'Fresh'), 1);
    const [keyResult] = await writer.insertKeyResults(tenantId, [{ ...newKeyResult(tenantId, created._id), target: 10 }]);
    expect(await titles(writer, tenantId)).toEqual(['Existing', 'Fresh']);
    expect(await titles(reader, tenantId)).toEqual(['Existing']);

    await settle();
    expect(await titles(reader, tenantId)).toEqual(['Existing', 'Fresh']);
    expect((await reader.keyResultsOf(tenantId, [created._id])).map((kr) => kr.title)).toEqual(['Ship it']);
    expect((await reader.objectivesByIds(tenantId, [created._id], 10))[0]!.keyResultCount).toBe(1);

    await writer.applyCheckIn(tenantId, keyResult!, { isoWeek: '2032-W15', value: 7, confidence: 6, at: new Date() });
    expect(await writer.deleteKeyResult(tenantId, keyResult!._id.toHexString(), 0)).toBe(true);
    await settle();
    expect(await reader.keyResultsOf(tenantId, [created._id])).toEqual([]);
  });

  it('lets a stale reader catch up: edits, deletions and alignment counts, incrementally or by reloading', async () => {
    const tenantId = randomUUID();
    const writer = instance();
    const incremental = instance();
    const reloading = instance(3);
    const target = await writer.insertObjective(tenantId, objective(tenantId, 'Target'), 0);
    const doomed = await writer.insertObjective(tenantId, objective(tenantId, 'Doomed'), 0);
    for (const reader of [incremental, reloading]) {
      expect(await titles(reader, tenantId)).toEqual(['Doomed', 'Target']);
      expect((await reader.alignedFromCounts(tenantId, [target._id.toHexString()])).get(target._id.toHexString())).toBeUndefined();
    }

    const renamed = await writer.updateObjective(tenantId, target._id.toHexString(), 0, { title: 'Target, renamed' });
    expect(renamed?.version).toBe(1);
    await writer.deleteObjectiveIfUnchanged(tenantId, doomed._id);
    for (let index = 0; index < 5; index += 1) {
      await writer.insertObjective(tenantId, objective(tenantId, `Supporter ${index}`, [target._id]), 0);
    }

    await settle();
    const expected = ['Supporter 0', 'Supporter 1', 'Supporter 2', 'Supporter 3', 'Supporter 4', 'Target, renamed'];
    for (const reader of [incremental, reloading]) {
      expect(await titles(reader, tenantId)).toEqual(expected);
      expect((await reader.alignedFromCounts(tenantId, [target._id.toHexString()])).get(target._id.toHexString())).toBe(5);
      expect(await reader.countOpenObjectives(tenantId, PERIOD, 'owner-1')).toBe(6);
      const [alignment] = await reader.alignmentsOf(tenantId, [doomed._id, target._id]);
      expect(alignment?._id.toHexString()).toBe(target._id.toHexString());
    }
  });

  it('pages a period by level from its sorted index, and re-sorts after an objective moves level or is deleted', async () => {
    const tenantId = randomUUID();
    const repo = instance();
    const created = [];
    for (const title of ['One', 'Two', 'Three', 'Four']) created.push(await repo.insertObjective(tenantId, objective(tenantId, title), 0));
    const ids = created.map((row) => row._id.toHexString());
    const page = async (after?: { id: string; levelRank: number }) =>
      (
        await repo.objectives(
          tenantId,
          { periodId: PERIOD, levels: ['company', 'team'], privateVisibleFor: 'all' },
          { limit: 2, byLevel: true, ...(after ? { after: after.id, afterLevelRank: after.levelRank } : {}) },
        )
      ).map((row) => row._id.toHexString());
    expect(await page()).toEqual(ids.slice(0, 2));
    expect(await page({ id: ids[1]!, levelRank: 1 })).toEqual(ids.slice(2, 4));

    await repo.updateObjective(tenantId, ids[3]!, 0, { level: 'company', levelRank: 0 });
    expect(await page()).toEqual([ids[3], ids[0]]);
    expect(await page({ id: ids[3]!, levelRank: 0 })).toEqual([ids[0], ids[1]]);
    await repo.deleteObjectiveIfUnchanged(tenantId, created[0]!._id);
    expect(await page({ id: ids[3]!, levelRank: 0 })).toEqual([ids[1], ids[2]]);
  });

  it('does not show another tenant’s objectives', async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    const repo = instance();
    const other = await repo.insertObjective(theirs, objective(theirs, 'Theirs'), 0);
    expect(await titles(repo, mine)).toEqual([]);
    expect(await repo.objective(mine, other._id.toHexString())).toBeNull();
    expect(await repo.objectivesByIds(mine, [other._id], 10)).toEqual([]);
  });

  it('gives concurrent writers on different instances distinct, gap-free sequences', async () => {
    const tenantId = randomUUID();
    const writers = Array.from({ length: 8 }, () => new OkrReadModel({ probeIntervalMs: PROBE_MS }));
    await Promise.all(
      writers.flatMap((model, index) => [
        model.record(tenantId, { objectives: [new Types.ObjectId().toHexString()] }),
        model.record(tenantId, { keyResults: [`${index}`] }),
      ]),
    );
    const entries = await OkrChangeModel.find({ tenantId }).lean<Array<{ _id: string; seq: number }>>();
    const sequences = entries.map((entry) => entry.seq).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 16 }, (_, index) => index + 1));
    expect(entries.every((entry) => entry._id === `${tenantId}:${entry.seq}`)).toBe(true);
  });
  it('shows every concurrent write of eight instances on each of them', async () => {
    const tenantId = randomUUID();
    const repos = Array.from({ length: 8 }, () => instance());
    await Promise.all(repos.map(async (repo) => expect(await titles(repo, tenantId)).toEqual([])));
    const written = repos.flatMap((_, index) => [`w${index}-a`, `w${index}-b`, `w${index}-c`]);
    await Promise.all(
      repos.map(async (repo, index) => {
        for (const suffix of ['a', 'b', 'c']) await repo.insertObjective(tenantId, objective(tenantId, `w${index}-${suffix}`), 0);
      }),
    );
    await settle();
    for (const repo of repos) expect(await titles(repo, tenantId)).toEqual([...written].sort());
  });

  it('lets concurrent writes of one instance share change-log entries, and another instance reads every one', async () => {
    const tenantId = randomUUID();
    const [writer, reader] = [instance(), instance()];
    expect(await titles(reader, tenantId)).toEqual([]);
    const written = Array.from({ length: 30 }, (_, index) => `shared-${String(index).padStart(2, '0')}`);
    await Promise.all(written.map((title) => writer.insertObjective(tenantId, objective(tenantId, title), 0)));
    const entries = await OkrChangeModel.find({ tenantId }).lean<Array<{ objectives: string[] }>>();
    expect(entries.length).toBeLessThan(written.length);
    expect(entries.flatMap((entry) => entry.objectives)).toHaveLength(written.length);
    expect(Math.max(...entries.map((entry) => entry.objectives.length))).toBeLessThanOrEqual(20);
    expect(await titles(writer, tenantId)).toEqual(written);
    await settle();
    expect(await titles(reader, tenantId)).toEqual(written);
  });
  it('applies the row a check-in returned without reading it again, unless the key result was put since its ticket', async () => {
    const tenantId = randomUUID();
    const readModel = new OkrReadModel({ probeIntervalMs: PROBE_MS });
    const repo = new OkrsRepo(readModel);
    const created = await repo.insertObjective(tenantId, objective(tenantId, 'Checked'), 1);
    const [stored] = await repo.insertKeyResults(tenantId, [newKeyResult(tenantId, created._id)]);
    const id = stored!._id.toHexString();
    const modelRow = async () => (await repo.keyResultsOf(tenantId, [created._id]))[0]!;
    expect((await modelRow()).current).toBe(0);
    const progress = async () => (await repo.progressOf(tenantId, [created._id.toHexString()])).get(created._id.toHexString());
    expect(await progress()).toBe(0);

    const counter = new CommandCounter();
    const fresh = await counter.measure(() =>
      repo.applyCheckIn(tenantId, stored!, { isoWeek: '2032-W15', value: 7, confidence: 6, at: new Date() }),
    );
    expect(fresh.byTarget['find key_results']).toBeUndefined();
    expect((await modelRow()).current).toBe(7);
    expect(await progress()).toBe(0.07);

    // A row returned before a later put is older than the model: it is read again instead.
    const ticket = readModel.writeTicket(tenantId);
    const before = (await KeyResultModel.findOne({ _id: stored!._id }).lean<KeyResultRecord>())!;
    await repo.updateKeyResult(tenantId, id, 0, { title: 'Ship it, renamed' });
    const stale = await counter.measure(() => readModel.record(tenantId, { keyResults: [id] }, { ticket, keyResults: [before] }));
    expect(stale.byTarget['find key_results']).toBe(1);
    expect((await modelRow()).title).toBe('Ship it, renamed');
  });

  it('keeps the model equal to the database under concurrent check-ins and edits of one key result', async () => {
    const tenantId = randomUUID();
    const repo = instance();
    const created = await repo.insertObjective(tenantId, objective(tenantId, 'Contended'), 1);
    const [stored] = await repo.insertKeyResults(tenantId, [newKeyResult(tenantId, created._id)]);
    const id = stored!._id.toHexString();
    await repo.keyResultsOf(tenantId, [created._id]);
    for (let round = 0; round < 5; round += 1) {
      const current = (await KeyResultModel.findOne({ _id: stored!._id }).lean<KeyResultRecord>())!;
      await Promise.all([
        ...Array.from({ length: 6 }, (_, index) =>
          repo.applyCheckIn(tenantId, current, {
            isoWeek: `2032-W${10 + round}`,
            value: round * 10 + index,
            confidence: 5,
            at: new Date(),
          }),
        ),
        repo.updateKeyResult(tenantId, id, current.version, { title: `Round ${round}` }),
      ]);
      const inDatabase = (await KeyResultModel.findOne({ _id: stored!._id }).lean<KeyResultRecord>())!;
      const inModel = (await repo.keyResultsOf(tenantId, [created._id]))[0]!;
      expect({ ...inModel, updatedAt: null }).toEqual({ ...inDatabase, updatedAt: null });
    }
  });

  it('reads the entry of a writer it collided with on a sequence (a lost update of the counter on a FerretDB)', async () => {
    const tenantId = randomUUID();
    const other = instance();
    const self = instance();
    expect(await titles(self, tenantId)).toEqual([]);
    await other.insertObjective(tenantId, objective(tenantId, 'Theirs'), 0);
    // A FerretDB that applies `$inc` as a read and a write can hand out a number again to a writer that read the counter before it moved.
    await OkrChangeHeadModel.updateOne({ _id: tenantId }, { $inc: { seq: -1 } });
    await self.insertObjective(tenantId, objective(tenantId, 'Mine'), 0);
    expect(await OkrChangeModel.countDocuments({ tenantId })).toBe(2);
    expect(await titles(self, tenantId)).toEqual(['Mine']);
    await settle();
    expect(await titles(self, tenantId)).toEqual(['Mine', 'Theirs']);
  });

  it('waits for an entry claimed but not written yet, and reloads once its writer is taken for dead', async () => {
    const tenantId = randomUUID();
    const writer = instance();
    const reader = new OkrsRepo(new OkrReadModel({ probeIntervalMs: PROBE_MS, lostEntryAfterMs: 1_500 }));
    await writer.insertObjective(tenantId, objective(tenantId, 'Before'), 0);
    expect(await titles(reader, tenantId)).toEqual(['Before']);
    // A writer that stored its objective and claimed a sequence, then died before logging what it changed.
    const dying = new OkrReadModel();
    dying.record = async () => {
      await OkrChangeHeadModel.updateOne({ _id: tenantId }, { $inc: { seq: 1 } });
    };
    await new OkrsRepo(dying).insertObjective(tenantId, objective(tenantId, 'Orphan'), 0);
    await settle();
    expect(await titles(reader, tenantId)).toEqual(['Before']);
    await settle();
    await settle();
    expect(await titles(reader, tenantId)).toEqual(['Before', 'Orphan']);
  });

  it('moves a missing counter past the entries of a log written before it existed', async () => {
    const tenantId = randomUUID();
    for (const seq of [1, 2, 3]) {
      await OkrChangeModel.collection.insertOne({
        _id: `${tenantId}:${seq}` as never,
        tenantId,
        seq,
        objectives: [],
        keyResults: [],
        all: false,
        docs: [],
        at: new Date(),
      });
    }
    await instance().insertObjective(tenantId, objective(tenantId, 'After the upgrade'), 0);
    expect((await OkrChangeHeadModel.findOne({ _id: tenantId }).lean<{ seq: number }>())?.seq).toBe(4);
    expect(await OkrChangeModel.countDocuments({ tenantId })).toBe(4);
  });
});
