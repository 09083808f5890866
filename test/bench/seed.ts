import type { Types } from 'mongoose';
import { deterministicGuid, generateOrg } from '../../server/dev/org/generate.js';
import type { GraphUser } from '../../server/dev/org/types.js';
import { CheckInModel, checkInKey, KeyResultModel } from '../../server/src/okrs/okrs.model.js';
import { isoWeekOf, isoWeekStart, localDate, periodIdOf } from '../../server/src/okrs/periods.js';
import { WeeklyReportModel, weeklyReportKey } from '../../server/src/weekly/weekly.model.js';
import { insertOkrs, insertPeople, onboardTenant } from '../support/factories.js';

const DAY_MS = 86_400_000;
const CHUNK = 5_000;

/** A seeded benchmark tenant and the people the measured requests are made as. */
export interface BenchTenant {
  tenantId: string;
  size: number;
  people: GraphUser[];
  periodId: string;
  thisWeek: string;
  /** The manager whose number of direct reports is closest to ten. */
  manager: GraphUser;
  reports: GraphUser[];
  /** The manager with {@link BIG_TEAM_REPORTS} direct reports (tenants of at least {@link BIG_TEAM_MIN_SIZE} people only). */
  bigTeamManager: GraphUser | null;
  /** The newest seeded week (every mail sent, every key result checked in): the week whose team check-in is measured. */
  lastSeededWeek: string;
  /** Key results of each person, by person id. */
  keyResultsOf: Map<string, string[]>;
  counts: { objectives: number; keyResults: number; checkIns: number; weeklyReports: number };
  seedMs: number;
}

async function insertInChunks(insert: (docs: Array<Record<string, unknown>>) => Promise<unknown>, docs: Array<Record<string, unknown>>) {
  for (let start = 0; start < docs.length; start += CHUNK) await insert(docs.slice(start, start + CHUNK));
}

function managerWithAboutTenReports(people: readonly GraphUser[]): GraphUser {
  const reports = new Map<string, number>();
  for (const person of people) if (person.managerId) reports.set(person.managerId, (reports.get(person.managerId) ?? 0) + 1);
  const [id] = [...reports.entries()].sort((a, b) => Math.abs(a[1] - 10) - Math.abs(b[1] - 10))[0]!;
  return people.find((person) => person.id === id)!;
}

/** Direct reports of the one manager the largest tenants give a very large team (as real tenants have). */
export const BIG_TEAM_REPORTS = 1_500;
/** Tenants at least this large get the {@link BIG_TEAM_REPORTS}-report team. */
export const BIG_TEAM_MIN_SIZE = 10_000;

/**
 * Re-parents {@link BIG_TEAM_REPORTS} people without reports, taken evenly from across the org (never from `keep`'s
 * team), under one manager just below the top; everything else stays as generated. Returns the org and that manager.
 */
function withBigTeam(people: readonly GraphUser[], keep: GraphUser): { people: GraphUser[]; manager: GraphUser } {
  const managers = new Set(people.map((person) => person.managerId).filter((id): id is string => id !== null));
  const top = people.find((person) => person.managerId === null)!;
  const keepChain = new Set<string>();
  for (let id: string | null = keep.id; id; id = people.find((person) => person.id === id)?.managerId ?? null) keepChain.add(id);
  const manager = people.find((person) => person.managerId === top.id && managers.has(person.id) && !keepChain.has(person.id))!;
  const leaves = people.filter(
    (person) => !managers.has(person.id) && person.managerId !== keep.id && person.managerId !== manager.id && person.id !== top.id,
  );
  const every = Math.max(1, Math.floor(leaves.length / BIG_TEAM_REPORTS));
  const moved = new Set(
    leaves
      .filter((_, index) => index % every === 0)
      .slice(0, BIG_TEAM_REPORTS)
      .map((person) => person.id),
  );
  return { people: people.map((person) => (moved.has(person.id) ? { ...person, managerId: manager.id } : person)), manager };
}

/**
 * Seeds a tenant of `size` people straight into the database: the org, OKRs for everyone in the
 * current quarter (three key results each), twelve past weeks of check-ins and of weekly mails. From
 * {@link BIG_TEAM_MIN_SIZE} people on, one manager has {@link BIG_TEAM_REPORTS} direct reports.
 */
export async function seedBenchTenant(size: number, now = new Date()): Promise<BenchTenant> {
  const started = performance.now();
  const tenantId = deterministicGuid('bench-tenant', String(size));
  const generated = generateOrg({ size, tenantId });
  const manager = managerWithAboutTenReports(generated);
  const big = size >= BIG_TEAM_MIN_SIZE ? withBigTeam(generated, manager) : null;
  const people = big?.people ?? generated;
  const periodId = periodIdOf(localDate(now, 'UTC'), 1);
  const thisWeek = isoWeekOf(now);
  const pastWeeks = Array.from({ length: 12 }, (_, i) => isoWeekOf(new Date(isoWeekStart(thisWeek).getTime() - (12 - i) * 7 * DAY_MS)));

  await onboardTenant(tenantId, `Bench ${size}`);
  await insertPeople(tenantId, people);
  const okrs = await insertOkrs(tenantId, people, { periodId, keyResultsPerObjective: 3 });

  const keyResults = await KeyResultModel.find({ tenantId }, { _id: 1, objectiveId: 1, ownerId: 1 }).lean<
    Array<{ _id: Types.ObjectId; objectiveId: Types.ObjectId; ownerId: string }>
  >();
  const keyResultsOf = new Map<string, string[]>();
  const checkIns: Array<Record<string, unknown>> = [];
  keyResults.forEach((kr, index) => {
    keyResultsOf.set(kr.ownerId, [...(keyResultsOf.get(kr.ownerId) ?? []), kr._id.toHexString()]);
    pastWeeks.forEach((isoWeek, week) => {
      const at = new Date(isoWeekStart(isoWeek).getTime() + DAY_MS);
      checkIns.push({
        _id: checkInKey(tenantId, kr._id, isoWeek),
        tenantId,
        keyResultId: kr._id,
        isoWeek,
        objectiveId: kr.objectiveId,
        value: week * 5,
        confidence: Math.max(0, 8 - ((index + week) % 9)),
        note: week % 4 === 0 ? 'Slower than planned.' : 'On track.',
        authorId: kr.ownerId,
        at,
        createdAt: at,
        updatedAt: at,
      });
    });
  });
  await insertInChunks((docs) => CheckInModel.collection.insertMany(docs as never[]), checkIns);
  // Key results carry their latest check-in, as the check-in endpoint keeps them.
  const latestWeek = pastWeeks[pastWeeks.length - 1]!;
  const latest = checkIns.filter((row) => row.isoWeek === latestWeek);
  for (let start = 0; start < latest.length; start += 20) {
    await KeyResultModel.bulkWrite(
      latest.slice(start, start + 20).map((row) => ({
        updateOne: {
          filter: { _id: row.keyResultId as Types.ObjectId },
          update: { $set: { current: row.value, lastCheckInWeek: latestWeek, lastCheckInAt: row.at, lastConfidence: row.confidence } },
        },
      })),
    );
  }

  const weeklyReports: Array<Record<string, unknown>> = [];
  for (const person of people) {
    const own = keyResultsOf.get(person.id) ?? [];
    pastWeeks.forEach((isoWeek, week) => {
      const sentAt = new Date(isoWeekStart(isoWeek).getTime() + 10 * 3_600_000);
      const priorities = [0, 1, 2].map((rank) => ({
        title: `Priority ${rank + 1} of week ${week + 1}`,
        keyResultId: own[rank] ?? null,
        status: null,
      }));
      weeklyReports.push({
        _id: weeklyReportKey(tenantId, person.id, isoWeek),
        tenantId,
        authorId: person.id,
        isoWeek,
        status: week < 10 ? 'reviewed' : 'sent',
        priorities,
        lastWeekPriorities: priorities.map((priority, rank) => ({
          ...priority,
          status: (['green', 'yellow', 'red'] as const)[(rank + week) % 3],
        })),
        risks: week % 3 === 0 ? 'Waiting for the data team.' : '',
        timeOff: week % 5 === 0 ? 'Friday off.' : '',
        sentAt,
        onTime: week % 4 !== 1,
        reviewedAt: week < 10 ? sentAt : null,
        reviewedBy: week < 10 ? person.managerId : null,
        reviewComment: null,
        version: week < 10 ? 2 : 1,
        createdAt: sentAt,
        updatedAt: sentAt,
      });
    });
  }
  await insertInChunks((docs) => WeeklyReportModel.collection.insertMany(docs as never[]), weeklyReports);

  return {
    tenantId,
    size,
    people,
    periodId,
    thisWeek,
    manager,
    reports: people.filter((person) => person.managerId === manager.id),
    bigTeamManager: big?.manager ?? null,
    lastSeededWeek: latestWeek,
    keyResultsOf,
    counts: { ...okrs, checkIns: checkIns.length, weeklyReports: weeklyReports.length },
    seedMs: Math.round(performance.now() - started),
  };
}
