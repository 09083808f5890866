import { Types } from 'mongoose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../../server/src/db/migrations.js';
import { checkInIdsMigration } from '../../../server/src/okrs/okrs.migrations.js';
import { CheckInModel, checkInKey } from '../../../server/src/okrs/okrs.model.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const TENANT = '9d8c7b6a-5f4e-4d3c-8b2a-190817263544';

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe('check-ins keyed by tenant, key result and week', () => {
  it('gives check-ins stored with an ObjectId their key, once, keeping every field', async () => {
    const keyResultId = new Types.ObjectId();
    const objectiveId = new Types.ObjectId();
    const old = ['2026-W40', '2026-W41'].map((isoWeek, index) => ({
      _id: new Types.ObjectId(),
      tenantId: TENANT,
      keyResultId,
      isoWeek,
      objectiveId,
      value: 10 + index,
      confidence: 6,
      note: `week ${index}`,
      authorId: 'someone',
      at: new Date('2026-10-01T10:00:00Z'),
      createdAt: new Date('2026-10-01T10:00:00Z'),
      updatedAt: new Date('2026-10-01T10:00:00Z'),
    }));
    await CheckInModel.collection.insertMany(old as never[]);
    const demoCheckIns = await CheckInModel.countDocuments({});

    expect(await checkInIdsMigration.run()).toBe(2);
    const migrated = await CheckInModel.find({ tenantId: TENANT }).sort({ isoWeek: 1 }).lean();
    expect(migrated.map((row) => row._id)).toEqual([
      checkInKey(TENANT, keyResultId, '2026-W40'),
      checkInKey(TENANT, keyResultId, '2026-W41'),
    ]);
    expect(migrated[1]).toMatchObject({ value: 11, confidence: 6, note: 'week 1', authorId: 'someone' });
    expect(await CheckInModel.countDocuments({})).toBe(demoCheckIns);
    expect(await checkInIdsMigration.run()).toBe(0);
  });

  it('records a migration so it runs once per database', async () => {
    const runs: string[] = [];
    const migration = { name: 'test-once', run: async () => runs.push('ran') };
    await runMigrations([migration], pino({ level: 'silent' }));
    await runMigrations([migration], pino({ level: 'silent' }));
    expect(runs).toEqual(['ran']);
  });
});
