/**
 * One more server instance as its own process, for the multi-instance tests and the two-instance bench: starts the
 * server from the environment (MONGODB_URI of a running stack, its issuer and Graph stand-in), prints
 * `INSTANCE_READY <json>`, and answers JSON commands on stdin, one a line: `{"id":1,"tick":"weekly-reminders","now":"…"}`
 * runs one scheduler round of that job (the instance's own lease, as its timer would) at the given time and prints
 * `INSTANCE_REPLY <json>` with whether this instance ran it and what the job reported. SIGTERM, or the end of stdin, shuts it down.
 */
import { createInterface } from 'node:readline';
import { closeOnSignals, loadConfigOrExit, startServer, type ServerContext } from '../../../server/src/main.js';

/** The scheduled jobs as main.ts starts them, with the time the test chooses. */
const JOBS: Record<string, (context: ServerContext, tenantId: string, now: Date) => Promise<unknown>> = {
  'org-sync': (context, tenantId) => context.orgSync.sync(tenantId),
  'weekly-reminders': (context, tenantId, now) => context.weeklyReminders.run(tenantId, now),
  'monthly-team-reports': (context, tenantId, now) => context.monthlyReports.run(tenantId, now),
  'wins-digest': (context, tenantId, now) => context.winsDigest.run(tenantId, now),
};

/** A command read from stdin. */
interface Command {
  id: number;
  tick: string;
  now?: string;
  intervalMs?: number;
}

const running = await startServer(loadConfigOrExit());
closeOnSignals(running);
const { context } = running;

async function answer(command: Command): Promise<Record<string, unknown>> {
  const job = JOBS[command.tick];
  if (!job) return { id: command.id, error: `unknown job ${command.tick}` };
  const now = command.now ? new Date(command.now) : new Date();
  const runs: Array<{ tenantId: string; summary?: unknown; error?: string }> = [];
  await context.scheduler.tick({
    name: command.tick,
    intervalMs: command.intervalMs ?? 60_000,
    run: async (tenantId) => {
      try {
        runs.push({ tenantId, summary: await job(context, tenantId, now) });
      } catch (error) {
        runs.push({ tenantId, error: (error as Error).message });
        throw error;
      }
    },
  });
  return { id: command.id, runs };
}

const commands = createInterface({ input: process.stdin });
// The process that started this instance is gone: stop too.
commands.on('close', () => void running.close().then(() => process.exit(0)));
commands.on('line', (line) => {
  if (!line.trim()) return;
  const command = JSON.parse(line) as Command;
  void answer(command)
    .catch((error: unknown) => ({ id: command.id, error: (error as Error).message }))
    .then((reply) => process.stdout.write(`INSTANCE_REPLY ${JSON.stringify(reply)}\n`));
});
process.stdout.write(`INSTANCE_READY ${JSON.stringify({ url: running.url, pid: process.pid })}\n`);
