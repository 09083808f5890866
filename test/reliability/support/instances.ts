import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../../../server/src/config.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const LAUNCHER = path.join(import.meta.dirname, 'instance.ts');

/** What a scheduler round of one instance did: the tenants it held the lease for, and each job summary. */
export interface TickReply {
  id: number;
  runs: Array<{ tenantId: string; summary?: Record<string, unknown>; error?: string }>;
  error?: string;
}

/** A server instance in its own process, on the database and stand-ins of a running stack. */
export interface ServerInstance {
  url: string;
  pid: number;
  /** Runs one scheduler round of a job (under this instance's lease) at `now`. */
  tick(job: 'org-sync' | 'weekly-reminders' | 'monthly-team-reports' | 'wins-digest', now?: Date): Promise<TickReply>;
  /** Sends a signal (SIGKILL to crash it) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Shuts it down (SIGTERM) unless it already exited. */
  stop(): Promise<void>;
}

/** The environment that points another server at the same database, issuer and Graph stand-in as `config`. */
export function instanceEnv(config: Config, mongodbUri: string, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(config)) if (value !== undefined) env[name] = String(value);
  return {
    ...env,
    PORT: '0',
    MONGODB_URI: mongodbUri,
    DEV_HOSTS: 'false',
    LOG_LEVEL: 'silent',
    ORG_SYNC_INTERVAL_MINUTES: '0',
    WEEKLY_REMINDER_INTERVAL_MINUTES: '0',
    MONTHLY_REPORT_INTERVAL_MINUTES: '0',
    WINS_DIGEST_INTERVAL_MINUTES: '0',
    ...overrides,
  };
}

/** Starts another server process (test/reliability/support/instance.ts) and waits until it listens. */
export async function startInstance(config: Config, mongodbUri: string, overrides: NodeJS.ProcessEnv = {}): Promise<ServerInstance> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', LAUNCHER], {
    cwd: repoRoot,
    env: { ...process.env, ...instanceEnv(config, mongodbUri, overrides) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Writes to a killed instance's stdin fail; its exit is what callers wait for.
  child.stdin.on('error', () => undefined);
  const waiting = new Map<number, (reply: TickReply) => void>();
  let errors = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (errors = (errors + chunk).slice(-4_000)));
  const ready = new Promise<{ url: string; pid: number }>((resolve, reject) => {
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.startsWith('INSTANCE_READY ')) resolve(JSON.parse(line.slice('INSTANCE_READY '.length)) as { url: string; pid: number });
        else if (line.startsWith('INSTANCE_REPLY ')) {
          const reply = JSON.parse(line.slice('INSTANCE_REPLY '.length)) as TickReply;
          waiting.get(reply.id)?.(reply);
          waiting.delete(reply.id);
        }
      }
    });
    void exited.then(() => reject(new Error(`server instance exited before listening: ${errors}`)));
  });
  const { url, pid } = await ready;
  let nextId = 1;
  return {
    url,
    pid,
    tick: (job, now = new Date()) =>
      new Promise<TickReply>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, resolve);
        void exited.then(() => reject(new Error(`server instance exited during ${job}`)));
        child.stdin.write(`${JSON.stringify({ id, tick: job, now: now.toISOString() })}\n`);
      }),
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
