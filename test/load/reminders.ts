/**
 * Weekly-mail reminder figures for a 10,000-person tenant: an idle tick, the Monday-morning round
 * that reminds every manager, and the noon round that reminds the members (time, Graph requests).
 * Run: npx tsx test/load/reminders.ts [size=10000]
 */
import { DateTime } from 'luxon';
import { deterministicGuid, generateOrg } from '../../server/dev/org/generate.js';
import { isoWeekOf, isoWeekStart } from '../../server/src/okrs/periods.js';
import { startStack } from '../support/stack.js';

const SIZE = Number(process.argv[2] ?? 10_000);
const DAY_MS = 86_400_000;
const WEEK = isoWeekOf(new Date(isoWeekStart(isoWeekOf(new Date())).getTime() + 14 * DAY_MS));
/** A tenant without stored settings uses the defaults: Monday, 09:00 / 12:00, UTC. */
const monday = (time: string): Date =>
  DateTime.fromISO(`${DateTime.fromJSDate(isoWeekStart(WEEK), { zone: 'utc' }).toISODate()}T${time}`, { zone: 'utc' }).toJSDate();

const stack = await startStack();
try {
  const tenantId = deterministicGuid('reminders-bench', String(SIZE));
  stack.graph.setOrg(tenantId, generateOrg({ size: SIZE, tenantId }));
  await stack.server.context.tenants.ensure(tenantId, `Bench ${SIZE}`);
  await stack.server.context.orgSync.sync(tenantId);
  const reminders = stack.server.context.weeklyReminders;
  for (const [label, at] of [
    ['idle (Wednesday)', new Date(monday('12:00').getTime() + 2 * DAY_MS)],
    ['managers due (07:30)', monday('07:30')],
    ['same again (07:45)', monday('07:45')],
    ['members due, managers overdue (10:30)', monday('10:30')],
  ] as const) {
    stack.graph.clearRecords();
    const started = performance.now();
    const summary = await reminders.run(tenantId, at);
    const ms = performance.now() - started;
    const requests = stack.graph.requestLog.filter((entry) => entry.tenantId?.toLowerCase() === tenantId).length;
    console.log(
      `${SIZE} people, ${label}: ${ms.toFixed(0)} ms, due ${summary.due}, overdue ${summary.overdue}, review ${summary.review}, ` +
        `failed ${summary.failed}, ${requests} Graph requests`,
    );
  }
} finally {
  await stack.stop();
}
