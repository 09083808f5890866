import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OkrReadModel } from '../../../server/src/okrs/okrs.readmodel.js';
import { oneOnOneKey, type OneOnOneRecord } from '../../../server/src/oneonones/oneonones.model.js';
import { OneOnOnesRepo } from '../../../server/src/oneonones/oneonones.repo.js';
import { WeeklyRepo } from '../../../server/src/weekly/weekly.repo.js';
import { CommandCounter } from '../../support/command-counter.js';
import { startStack, type TestStack } from '../../support/stack.js';

const PROBE_MS = 1_000;
const WEEK = '2032-W10';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, PROBE_MS + 50));

const pairDoc = (tenantId: string, notes: string, version: number): OneOnOneRecord => ({
  _id: oneOnOneKey(tenantId, 'manager-1', 'report-1'),
  tenantId,
  managerId: 'manager-1',
  reportId: 'report-1',
  cadence: 'weekly',
  nextDate: null,
  occurrence: 1,
  lastHeldAt: null,
  notes: { text: notes, version, updatedAt: null, updatedBy: null },
  talkingPoints: [],
  actionItems: [],
  confidenceAtLastHeld: [],
  version,
});

const mail = (risks: string) => ({
  status: 'sent' as const,
  priorities: [],
  lastWeekPriorities: [],
  risks,
  timeOff: '',
  sentAt: new Date(),
  onTime: true,
  reviewedAt: null,
  reviewedBy: null,
  reviewComment: null,
});

describe('what the 1:1 agenda keeps in memory, across server instances', () => {
  it('reads a pair and a weekly mail once, and again at once on the writer and after the probe interval on another instance', async () => {
    const tenantId = randomUUID();
    const key = oneOnOneKey(tenantId, 'manager-1', 'report-1');
    const writerModel = new OkrReadModel({ probeIntervalMs: PROBE_MS });
    const writer = { pairs: new OneOnOnesRepo(writerModel), weekly: new WeeklyRepo(writerModel) };
    const reader = new OneOnOnesRepo(new OkrReadModel({ probeIntervalMs: PROBE_MS }));

    expect(await writer.pairs.save(pairDoc(tenantId, 'first', 0), 0, 'manager-1')).toBe(true);
    await writer.weekly.write(tenantId, 'report-1', WEEK, 1, mail('first risk'));
    expect((await reader.cachedPair(tenantId, key))?.notes.text).toBe('first');
    expect((await reader.weeklyReports(tenantId, 'report-1', [WEEK]))[0]?.risks).toBe('first risk');

    const counter = new CommandCounter();
    const again = await counter.measure(async () => {
      await reader.cachedPair(tenantId, key);
      await reader.weeklyReports(tenantId, 'report-1', [WEEK]);
    });
    expect(again.total, JSON.stringify(again.byTarget)).toBe(0);

    expect(await writer.pairs.save(pairDoc(tenantId, 'second', 1), 1, 'manager-1')).toBe(true);
    await writer.weekly.write(tenantId, 'report-1', WEEK, 2, mail('second risk'));
    expect((await writer.pairs.cachedPair(tenantId, key))?.notes.text).toBe('second');
    expect((await writer.pairs.weeklyReports(tenantId, 'report-1', [WEEK]))[0]?.risks).toBe('second risk');

    await settle();
    expect((await reader.cachedPair(tenantId, key))?.notes.text).toBe('second');
    expect((await reader.weeklyReports(tenantId, 'report-1', [WEEK]))[0]?.risks).toBe('second risk');
  });
});
