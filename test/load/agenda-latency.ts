/**
 * Latency and database commands of the 1:1 agenda (and the 1:1 list) for a manager with 10 direct reports
 * in a 10,000-person tenant whose collections hold a realistic amount of other data (check-ins of three
 * weeks for every key result, a weekly mail for everyone, a 1:1 document for every manager–report pair).
 * Run: npx tsx test/load/agenda-latency.ts [requests=200] [size=10000]
 */
import { Types } from 'mongoose';
import { generateOrg } from '../../server/dev/org/generate.js';
import type { GraphUser } from '../../server/dev/org/types.js';
import { CheckInModel, checkInKey, KeyResultModel } from '../../server/src/okrs/okrs.model.js';
import { isoWeekOf, isoWeekStart, periodIdOf } from '../../server/src/okrs/periods.js';
import { OneOnOneModel, oneOnOneKey } from '../../server/src/oneonones/oneonones.model.js';
import { WeeklyReportModel, weeklyReportKey } from '../../server/src/weekly/weekly.model.js';
import { CommandCounter, type CommandTally } from '../support/command-counter.js';
import { insertOkrs, insertPeople, onboardTenant, tokenOf } from '../support/factories.js';
import { startStack, type TestStack } from '../support/stack.js';

const REQUESTS = Number(process.argv[2] ?? 200);
const SIZE = Number(process.argv[3] ?? 10_000);
const DAY_MS = 86_400_000;

function managerWithReports(people: GraphUser[], wanted: number): GraphUser {
  const reports = new Map<string, number>();
  for (const person of people) if (person.managerId) reports.set(person.managerId, (reports.get(person.managerId) ?? 0) + 1);
  const [id] = [...reports.entries()].sort((a, b) => Math.abs(a[1] - wanted) - Math.abs(b[1] - wanted))[0]!;
  return people.find((person) => person.id === id)!;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function insertInChunks(
  insert: (docs: Array<Record<string, unknown>>) => Promise<unknown>,
  docs: Array<Record<string, unknown>>,
): Promise<void> {
  for (let index = 0; index < docs.length; index += 5000) await insert(docs.slice(index, index + 5000));
}

const show = (tally: CommandTally): string => `${tally.total} ${JSON.stringify(tally.byTarget)}`;

async function run(stack: TestStack): Promise<void> {
  const tenantId = `6c000000-0000-4000-8000-${String(SIZE).padStart(12, '0')}`;
  const people = generateOrg({ size: SIZE, tenantId });
  const started = Date.now();
  const now = new Date();
  const weeks = [0, 1, 2].map((back) => isoWeekOf(new Date(now.getTime() - back * 7 * DAY_MS)));
  const lastWeek = isoWeekOf(new Date(isoWeekStart(weeks[0]!).getTime() - 7 * DAY_MS));
  const step = (name: string): void => console.log(`  … ${name} (${Date.now() - started} ms)`);
  await onboardTenant(tenantId);
  await insertPeople(tenantId, people);
  step('people stored');
  const okrs = await insertOkrs(tenantId, people, { periodId: periodIdOf(now.toISOString().slice(0, 10), 1) });

  const keyResults = await KeyResultModel.find({ tenantId }, { _id: 1, objectiveId: 1, ownerId: 1 })
    .batchSize(100_000)
    .lean<Array<{ _id: Types.ObjectId; objectiveId: Types.ObjectId; ownerId: string }>>();
  step('OKRs stored and read back');
  const manager = managerWithReports(people, 10);
  const reports = people.filter((person) => person.managerId === manager.id);
  const report = reports[0]!;
  const keyResult = keyResults.find((kr) => kr.ownerId === report.id)!;
  const checkIns = keyResults.flatMap((kr, index) =>
    weeks.flatMap((isoWeek, back) =>
      kr === keyResult && back === 0
        ? []
        : [
            {
              _id: checkInKey(tenantId, kr._id, isoWeek),
              tenantId,
              keyResultId: kr._id,
              isoWeek,
              objectiveId: kr.objectiveId,
              value: 10,
              confidence: index % 5 === 0 && back === 0 ? 3 : 8,
              note: '',
              authorId: kr.ownerId,
              at: new Date(now.getTime() - back * 7 * DAY_MS),
              createdAt: now,
              updatedAt: now,
            },
          ],
    ),
  );
  await insertInChunks((docs) => CheckInModel.collection.insertMany(docs), checkIns);
  step('check-ins stored');
  const mails = people
    .filter((person) => person.managerId)
    .map((person, index) => ({
      _id: weeklyReportKey(tenantId, person.id, lastWeek),
      tenantId,
      authorId: person.id,
      isoWeek: lastWeek,
      status: 'sent',
      priorities: [{ title: 'Ship the thing', keyResultId: null, status: null }],
      lastWeekPriorities: [{ title: 'Plan the thing', keyResultId: null, status: index % 3 === 0 ? 'red' : 'green' }],
      risks: index % 4 === 0 ? 'Vendor contract not signed yet.' : '',
      timeOff: index % 6 === 0 ? 'Off on Friday.' : '',
      sentAt: now,
      onTime: true,
      reviewedAt: null,
      reviewedBy: null,
      reviewComment: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    }));
  await insertInChunks((docs) => WeeklyReportModel.collection.insertMany(docs as never), mails);
  step('weekly mails stored');
  const pairs = people
    .filter((person) => person.managerId)
    .map((person) => ({
      _id: oneOnOneKey(tenantId, person.managerId!, person.id),
      tenantId,
      managerId: person.managerId,
      reportId: person.id,
      cadence: 'weekly',
      nextDate: null,
      occurrence: 3,
      lastHeldAt: new Date(now.getTime() - 5 * DAY_MS),
      notes: { text: 'Notes of the week.', version: 4, updatedAt: now, updatedBy: person.id },
      talkingPoints: [
        {
          _id: new Types.ObjectId().toHexString(),
          text: 'Career goals',
          authorId: person.id,
          resolved: false,
          occurrence: 3,
          createdAt: now,
          updatedAt: now,
        },
        {
          _id: new Types.ObjectId().toHexString(),
          text: 'Team offsite',
          authorId: person.managerId,
          resolved: false,
          occurrence: 2,
          createdAt: now,
          updatedAt: now,
        },
      ],
      actionItems: [
        {
          _id: new Types.ObjectId().toHexString(),
          title: 'Draft the plan',
          ownerId: person.id,
          dueDate: null,
          done: false,
          doneAt: null,
          occurrence: 2,
          createdBy: person.managerId,
          createdAt: now,
        },
      ],
      version: 6,
      createdAt: now,
      updatedAt: now,
    }));
  await insertInChunks((docs) => OneOnOneModel.collection.insertMany(docs as never), pairs);

  const token = await tokenOf(stack, tenantId, manager, []);
  const reportToken = await tokenOf(stack, tenantId, report, []);
  console.log(
    `${SIZE} people, ${okrs.objectives} objectives, ${okrs.keyResults} key results, ${checkIns.length} check-ins, ${mails.length} weekly mails, ` +
      `${pairs.length} 1:1 documents (prepared in ${Date.now() - started} ms); manager with ${reports.length} direct reports`,
  );

  const counter = new CommandCounter();
  const get = async (path: string, bearer = token) => {
    const response = await fetch(`${stack.baseUrl}/api${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return response.arrayBuffer();
  };
  const agendaPath = `/one-on-ones/${manager.id}/${report.id}`;
  let t0 = performance.now();
  const cold = await counter.measure(() => get(agendaPath));
  console.log(
    `  agenda, first request (loads the tenant's org and OKR caches) ${Math.round(performance.now() - t0)} ms, commands ${show(cold)}`,
  );

  const measure = async (name: string, paths: string[]): Promise<void> => {
    for (const path of paths) await get(path);
    const tally = await counter.measure(() => get(paths[0]!));
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      const path = paths[i % paths.length]!;
      const start = performance.now();
      await get(path);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(38)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  commands ${show(tally)}`,
    );
  };
  await measure('agenda (one report)', [agendaPath]);
  await measure(
    'agenda (each of the 10 reports in turn)',
    reports.map((r) => `/one-on-ones/${manager.id}/${r.id}`),
  );
  await measure('list of my 1:1s (manager)', ['/one-on-ones']);

  const checkIn = await fetch(`${stack.baseUrl}/api/key-results/${keyResult._id.toHexString()}/check-ins/${weeks[0]}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${reportToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ value: 12, confidence: 2, note: 'load test' }),
  });
  if (checkIn.status !== 200) throw new Error(`check-in: HTTP ${checkIn.status} ${await checkIn.text()}`);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  t0 = performance.now();
  const afterCheckIn = await counter.measure(() => get(agendaPath));
  console.log(`  agenda, first read after the report checked in ${Math.round(performance.now() - t0)} ms, commands ${show(afterCheckIn)}`);
}

const stack = await startStack();
try {
  await run(stack);
} finally {
  await stack.stop();
}
