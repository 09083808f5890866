import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../server/dev/org/types.js';
import { CheckInModel, ObjectiveModel } from '../../server/src/okrs/okrs.model.js';
import { isoWeekOf, isoWeekStart } from '../../server/src/okrs/periods.js';
import { PersonModel, personKey } from '../../server/src/org/people.model.js';
import { isoWeekIn, weeklyDeadline } from '../../server/src/weekly/weekly.deadline.js';
import { startStack, type TestStack } from '../support/stack.js';
import { startInstance, type ServerInstance, type TickReply } from './support/instances.js';

// Two server processes on one database behind a round-robin "load balancer" (the test alternates the base URLs).
// The stack provides the database, the issuer and the Graph stand-in (its own in-process server only seeds).

const full = process.env.RELIABILITY_FULL === '1';
/** Writes measured per kind of cached document. */
const SAMPLES = full ? 50 : 20;
/** Writes in flight at once while measuring (each on its own document). */
const CONCURRENCY = 5;
/** Another instance's read model probes the change log at most once a second (OkrReadModel's probeIntervalMs); plus a probe and a read. */
const CROSS_INSTANCE_BOUND_MS = 1_500;
const POLL_MS = 25;
const BERLIN = 'Europe/Berlin';
const DAY_MS = 86_400_000;

let stack: TestStack;
let a: ServerInstance;
let b: ServerInstance;
const tokens = new Map<string, string>();

interface Reply<T> {
  status: number;
  body: T;
}

async function tokenFor(person: GraphUser): Promise<string> {
  let token = tokens.get(person.id);
  if (!token) tokens.set(person.id, (token = await stack.tokenFor(person.userPrincipalName)));
  return token;
}

/** One API call against one instance; a refused connection (a killed instance) answers status 0. */
async function api<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  as: GraphUser,
  body?: unknown,
): Promise<Reply<T>> {
  const headers: Record<string, string> = { authorization: `Bearer ${await tokenFor(as)}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${baseUrl}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  } catch {
    return { status: 0, body: null as T };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const byUpn = (upn: string): GraphUser => stack.people.find((p) => p.userPrincipalName === `${upn}@northstar.demo`)!;
const enabled = (): GraphUser[] => stack.people.filter((p) => p.accountEnabled);
/** Enabled (manager, report) pairs. */
function pairs(): Array<{ manager: GraphUser; report: GraphUser }> {
  const people = enabled();
  const byId = new Map(people.map((p) => [p.id, p]));
  return people.flatMap((report) => {
    const manager = report.managerId ? byId.get(report.managerId) : undefined;
    return manager ? [{ manager, report }] : [];
  });
}

/** A write on `writer` and when the other instance first shows it (ms after the write was acknowledged). */
interface Lag {
  /** The writer showed it in the read right after its answer (read-your-writes). */
  writerShowed: boolean;
  lagMs: number;
}

/**
 * Makes sure `reader` has the old state cached, writes through `writer`, then reads `reader` every {@link POLL_MS} until
 * it shows the write (at most 10 s).
 */
async function measure(
  writer: ServerInstance,
  reader: ServerInstance,
  write: (baseUrl: string) => Promise<number>,
  shows: (baseUrl: string) => Promise<boolean>,
): Promise<Lag> {
  expect(await shows(reader.url)).toBe(false);
  const status = await write(writer.url);
  expect(status, 'write').toBeGreaterThanOrEqual(200);
  expect(status, 'write').toBeLessThan(300);
  const ackedAt = performance.now();
  const writerShowed = await shows(writer.url);
  while (performance.now() - ackedAt < 10_000) {
    if (await shows(reader.url)) return { writerShowed, lagMs: performance.now() - ackedAt };
    await sleep(POLL_MS);
  }
  return { writerShowed, lagMs: Number.POSITIVE_INFINITY };
}

/** Runs `count` samples, {@link CONCURRENCY} at a time, alternating which instance writes. */
async function lags(
  count: number,
  sample: (index: number, writer: ServerInstance, reader: ServerInstance) => Promise<Lag>,
): Promise<Lag[]> {
  const results: Lag[] = [];
  for (let start = 0; start < count; start += CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONCURRENCY, count - start) }, (_, offset) => start + offset);
    results.push(...(await Promise.all(batch.map((index) => (index % 2 === 0 ? sample(index, a, b) : sample(index, b, a))))));
  }
  return results;
}

function summarise(name: string, results: Lag[]): { max: number; p50: number } {
  const sorted = results.map((r) => r.lagMs).sort((x, y) => x - y);
  const max = sorted[sorted.length - 1]!;
  const p50 = sorted[Math.floor(sorted.length / 2)]!;
  console.info(`${name}: ${results.length} writes, other instance lag p50 ${Math.round(p50)} ms, max ${Math.round(max)} ms`);
  return { max, p50 };
}

beforeAll(async () => {
  stack = await startStack();
  [a, b] = await Promise.all([
    startInstance(stack.server.config, stack.server.database.uri),
    startInstance(stack.server.config, stack.server.database.uri),
  ]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await stack?.stop();
});

describe('two instances on one database', () => {
  it(`shows a check-in, a 1:1 talking point and a sent weekly mail on the other instance within ${CROSS_INSTANCE_BOUND_MS} ms`, async () => {
    const writers = enabled().slice(0, CONCURRENCY * 2);
    // One objective per writer in a period nobody else uses, so concurrent check-ins never share a key result.
    const keyResults: Array<{ owner: GraphUser; objectiveId: string; keyResultId: string }> = [];
    for (const [index, owner] of writers.entries()) {
      const created = await api<{ id: string; keyResults: Array<{ id: string }> }>(
        index % 2 ? b.url : a.url,
        'POST',
        '/objectives',
        owner,
        {
          periodId: '2041-Q2',
          level: 'person',
          title: `lag probe ${index}`,
          keyResults: [{ title: `lag probe kr ${index}`, kind: 'increase_to', start: 0, target: 1000 }],
        },
      );
      expect(created.status).toBe(201);
      keyResults.push({ owner, objectiveId: created.body.id, keyResultId: created.body.keyResults[0]!.id });
    }
    // A new objective shows on the other instance whole (with its key result), not first without it.
    const creationLags = await Promise.all(
      keyResults.map(async ({ owner, objectiveId }, index) => {
        const other = index % 2 ? a : b;
        const started = performance.now();
        while (performance.now() - started < 10_000) {
          const read = await api<{ keyResults: unknown[] }>(other.url, 'GET', `/objectives/${objectiveId}`, owner);
          if (read.status === 200 && read.body.keyResults.length === 1) return { writerShowed: true, lagMs: performance.now() - started };
          await sleep(POLL_MS);
        }
        return { writerShowed: true, lagMs: Number.POSITIVE_INFINITY };
      }),
    );
    const week = isoWeekOf(new Date());
    const checkInLags = await lags(SAMPLES, (index, writer, reader) => {
      const target = keyResults[index % keyResults.length]!;
      const value = index + 1;
      return measure(
        writer,
        reader,
        async (base) =>
          (await api(base, 'PUT', `/key-results/${target.keyResultId}/check-ins/${week}`, target.owner, { value, confidence: 7 })).status,
        async (base) => {
          const read = await api<{ keyResults: Array<{ current: number }> }>(
            base,
            'GET',
            `/objectives/${target.objectiveId}`,
            target.owner,
          );
          expect(read.status).toBe(200);
          return read.body.keyResults[0]!.current === value;
        },
      );
    });

    const all = pairs();
    expect(all.length).toBeGreaterThanOrEqual(CONCURRENCY);
    const talkingPointLags = await lags(SAMPLES, (index, writer, reader) => {
      const { manager, report } = all[index % all.length]!;
      const text = `cross-instance talking point ${index}`;
      return measure(
        writer,
        reader,
        async (base) => (await api(base, 'POST', `/one-on-ones/${manager.id}/${report.id}/talking-points`, report, { text })).status,
        async (base) => {
          const agenda = await api<{ talkingPoints: Array<{ text: string }> }>(
            base,
            'GET',
            `/one-on-ones/${manager.id}/${report.id}`,
            manager,
          );
          expect(agenda.status).toBe(200);
          return agenda.body.talkingPoints.some((point) => point.text === text);
        },
      );
    });

    // The manager's agenda shows the report's latest sent mail (read through the cache): once per report whose mail of this week is not sent yet.
    const unsent: Array<{ manager: GraphUser; report: GraphUser; isoWeek: string }> = [];
    for (const { manager, report } of all) {
      const agenda = await api<{ isoWeek: string; weeklyMail: { isoWeek: string } | null }>(
        a.url,
        'GET',
        `/one-on-ones/${manager.id}/${report.id}`,
        manager,
      );
      if (agenda.body.weeklyMail?.isoWeek !== agenda.body.isoWeek) unsent.push({ manager, report, isoWeek: agenda.body.isoWeek });
    }
    expect(unsent.length).toBeGreaterThanOrEqual(CONCURRENCY);
    const mailLags = await lags(Math.min(SAMPLES, unsent.length), (index, writer, reader) => {
      const { manager, report, isoWeek } = unsent[index]!;
      return measure(
        writer,
        reader,
        async (base) => {
          const draft = await api<{ version: number }>(base, 'GET', `/weekly/${isoWeek}`, report);
          const saved = await api(base, 'PUT', `/weekly/${isoWeek}`, report, { version: draft.body.version, risks: `Risk ${index}` });
          if (saved.status !== 200) return saved.status;
          return (await api(base, 'POST', `/weekly/${isoWeek}/sent`, report)).status;
        },
        async (base) => {
          const agenda = await api<{ weeklyMail: { isoWeek: string } | null }>(
            base,
            'GET',
            `/one-on-ones/${manager.id}/${report.id}`,
            manager,
          );
          return agenda.body.weeklyMail?.isoWeek === isoWeek;
        },
      );
    });

    for (const [name, results] of [
      ['new objective with its key result', creationLags],
      ['check-in', checkInLags],
      ['1:1 talking point', talkingPointLags],
      ['sent weekly mail', mailLags],
    ] as const) {
      expect(
        results.every((r) => r.writerShowed),
        `${name}: the writing instance shows its own write at once`,
      ).toBe(true);
      expect(summarise(name, results).max, `${name}: other instance within the bound`).toBeLessThan(CROSS_INSTANCE_BOUND_MS);
    }
  });

  describe('scheduled jobs ticked on both instances at the same moment run once', () => {
    const both = async (job: Parameters<ServerInstance['tick']>[0], now: Date): Promise<TickReply[]> => {
      const replies = await Promise.all([a.tick(job, now), b.tick(job, now)]);
      for (const reply of replies) {
        expect(reply.error).toBeUndefined();
        for (const run of reply.runs) expect(run.error).toBeUndefined();
      }
      // One tenant (the demo's): exactly one instance held its lease.
      expect(replies.map((reply) => reply.runs.length).sort()).toEqual([0, 1]);
      return replies;
    };
    const summaryOf = (replies: TickReply[]): Record<string, unknown> => replies.flatMap((reply) => reply.runs)[0]!.summary!;

    it('weekly-mail reminders: each person notified once', async () => {
      const week = isoWeekOf(new Date(isoWeekStart(isoWeekOf(new Date())).getTime() + 21 * DAY_MS));
      // Monday 10:30 Berlin: members (deadline 12:00) get the "due" reminder.
      const now = DateTime.fromISO(`${DateTime.fromJSDate(isoWeekStart(week), { zone: 'utc' }).toISODate()}T10:30`, {
        zone: BERLIN,
      }).toJSDate();
      stack.graph.clearRecords();
      const summary = summaryOf(await both('weekly-reminders', now));
      const due = () =>
        (stack.graph.activityNotifications as unknown as Array<{ userId: string; body: { activityType: string } }>).filter(
          (n) => n.body.activityType === 'weeklyMailDue',
        );
      expect(summary.due).toBeGreaterThan(0);
      expect(due()).toHaveLength(summary.due as number);
      expect(new Set(due().map((n) => n.userId)).size).toBe(summary.due);
      // The next round (the lease holder again, the other refused): nothing more.
      await both('weekly-reminders', new Date(now.getTime() + 15 * 60_000));
      expect(due()).toHaveLength(summary.due as number);
    });

    it('org sync: one instance syncs the change', async () => {
      const person = enabled().find((p) => p.managerId !== null)!;
      stack.graph.applyChanges(stack.tenantId, [{ op: 'update', id: person.id, fields: { jobTitle: 'Renamed by the two-instance test' } }]);
      await both('org-sync', new Date());
      const stored = await PersonModel.find({ _id: personKey(stack.tenantId, person.id) }).lean<Array<{ jobTitle: string }>>();
      expect(stored.map((row) => row.jobTitle)).toEqual(['Renamed by the two-instance test']);
    });

    it('monthly team reports and the wins digest: each mail and channel post once', async () => {
      const manager = byUpn('priya.raman');
      const members = [manager, ...enabled().filter((p) => p.managerId === manager.id)];
      const team = stack.graph.channels.createTeam(stack.tenantId, {
        displayName: 'Two instances',
        channels: [{ displayName: 'General' }],
        memberIds: members.map((m) => m.id),
      });
      const channelId = team.channels[0]!.id;
      const bound = await api(a.url, 'PUT', `/channel-tabs/${encodeURIComponent(channelId)}`, manager, {
        groupId: team.id,
        teamId: manager.id,
        channelName: 'General',
      });
      expect(bound.status).toBe(200);

      const mailsBefore = stack.graph.mail.sentMails(stack.tenantId).length;
      // Tuesday 1 December 2026, 09:00 Berlin: the first working day, November's reports are due.
      const monthly = summaryOf(await both('monthly-team-reports', new Date('2026-12-01T08:00:00Z')));
      const mails = stack.graph.mail.sentMails(stack.tenantId).slice(mailsBefore);
      expect(monthly.sent).toBeGreaterThanOrEqual(1);
      expect(mails).toHaveLength(monthly.sent as number);
      expect(new Set(mails.map((m) => `${m.senderId}:${m.body.message.subject}`)).size).toBe(mails.length);

      const week = isoWeekIn(new Date(), BERLIN);
      for (const [index, author] of members.slice(0, 4).entries()) {
        expect((await api(index % 2 ? b.url : a.url, 'POST', `/teams/${manager.id}/wins`, author, { text: `Win ${index}` })).status).toBe(
          201,
        );
      }
      const postsBefore = stack.graph.channels.messages(stack.tenantId).length;
      const digest = summaryOf(await both('wins-digest', weeklyDeadline(week, 'friday', '15:01', BERLIN)));
      expect(digest.channel).toBeGreaterThanOrEqual(1);
      expect(stack.graph.channels.messages(stack.tenantId).length - postsBefore).toBe(digest.channel);
      expect(stack.graph.channels.messages(stack.tenantId, { teamId: team.id })).toHaveLength(1);
    });
  });

  it('loses no acknowledged check-in when one instance is killed (SIGKILL) under load', async () => {
    const writers = enabled().slice(0, 8);
    const week = isoWeekOf(new Date());
    interface Acked {
      objectiveId: string;
      title: string;
      keyResultId: string;
      owner: GraphUser;
      checkIn: number | null;
      via: string;
    }
    const acked: Acked[] = [];
    const outcomes: Record<string, number> = {};
    let requests = 0;
    let stop = false;
    let killed = false;
    const next = (): ServerInstance => (requests++ % 2 === 0 ? a : b);
    const count = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);

    const worker = async (slot: number) => {
      const owner = writers[slot]!;
      for (let round = 0; !stop; round += 1) {
        const title = `kill-${slot}-${round}`;
        const instance = next();
        const created = await api<{ id: string; keyResults: Array<{ id: string }> }>(instance.url, 'POST', '/objectives', owner, {
          // At most 3 objectives per owner and period, under the default per-owner limit however long the load runs.
          periodId: `${2042 + Math.floor(round / 3)}-Q${(slot % 4) + 1}`,
          level: 'person',
          title,
          keyResults: [{ title: `${title} kr`, kind: 'increase_to', start: 0, target: 100 }],
        });
        count(`objective ${instance === a ? 'a' : 'b'} ${created.status}`);
        if (created.status !== 201) {
          await sleep(20);
          continue;
        }
        const entry: Acked = {
          objectiveId: created.body.id,
          title,
          keyResultId: created.body.keyResults[0]!.id,
          owner,
          checkIn: null,
          via: '',
        };
        acked.push(entry);
        const checkInVia = next();
        const value = round + 1;
        const checkIn = await api(checkInVia.url, 'PUT', `/key-results/${entry.keyResultId}/check-ins/${week}`, owner, {
          value,
          confidence: 6,
        });
        count(`check-in ${checkInVia === a ? 'a' : 'b'} ${checkIn.status}`);
        if (checkIn.status === 200) {
          entry.checkIn = value;
          entry.via = checkInVia === a ? 'a' : 'b';
        }
      }
    };

    const load = Promise.all(writers.map((_, slot) => worker(slot)));
    const ackedOnB = () => acked.filter((entry) => entry.via === 'b').length;
    const started = Date.now();
    while ((acked.length < (full ? 80 : 30) || ackedOnB() < 5) && Date.now() - started < 40_000) await sleep(20);
    const beforeKill = acked.length;
    await b.kill('SIGKILL');
    killed = true;
    while (acked.length < beforeKill + 20 && Date.now() - started < 60_000) await sleep(20);
    stop = true;
    await load;
    console.info('kill under load:', { killed, beforeKill, acked: acked.length, outcomes });
    expect(beforeKill).toBeGreaterThanOrEqual(full ? 80 : 30);
    expect(ackedOnB()).toBeGreaterThanOrEqual(5);
    expect(acked.length).toBeGreaterThanOrEqual(beforeKill + 20);

    // Every acknowledged write is in the database, exactly once …
    const checkedIn = acked.filter((entry) => entry.checkIn !== null);
    const objectives = await ObjectiveModel.find({ _id: { $in: acked.map((e) => e.objectiveId) } }, { title: 1 }).lean<
      Array<{ title: string }>
    >();
    expect(objectives.map((o) => o.title).sort()).toEqual(acked.map((e) => e.title).sort());
    const checkIns = await CheckInModel.find(
      { tenantId: stack.tenantId, keyResultId: { $in: checkedIn.map((e) => e.keyResultId) }, isoWeek: week },
      { keyResultId: 1, value: 1 },
    ).lean<Array<{ keyResultId: { toHexString(): string }; value: number }>>();
    expect(checkIns).toHaveLength(checkedIn.length);
    const storedValue = new Map(checkIns.map((row) => [row.keyResultId.toHexString(), row.value]));
    expect(checkedIn.filter((e) => storedValue.get(e.keyResultId) !== e.checkIn)).toEqual([]);

    // … and the surviving instance serves each of them (writes of the dead one within the cross-instance bound).
    await sleep(CROSS_INSTANCE_BOUND_MS);
    const missing: string[] = [];
    for (const entry of acked) {
      const read = await api<{ title: string; keyResults: Array<{ current: number }> }>(
        a.url,
        'GET',
        `/objectives/${entry.objectiveId}`,
        entry.owner,
      );
      if (
        read.status !== 200 ||
        read.body.title !== entry.title ||
        (entry.checkIn !== null && read.body.keyResults[0]!.current !== entry.checkIn)
      )
        missing.push(`${entry.title} (${read.status})`);
    }
    expect(missing).toEqual([]);
  });
});
