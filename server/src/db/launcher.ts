import { spawn, type ChildProcess } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';
import { buildEmbeddedDb, goVersion } from './embedded.js';

/** How the database was obtained. */
export type DatabaseKind = 'external' | 'mongod' | 'ferretdb' | 'memory-server';

/** The subset of a pino logger the database module uses. */
export interface DatabaseLogger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface StartDatabaseOptions {
  /** Folder for local database files; each kind uses its own subfolder. Ignored for `external`. */
  dataDir: string;
  /** Connection string of an existing database; defaults to `env.MONGODB_URI`. When set, nothing is started. */
  mongodbUri?: string;
  /** Environment used to find `mongod` and `go` and passed to children; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Turn individual local kinds off (all allowed by default). */
  allow?: { mongod?: boolean; ferretdb?: boolean; memoryServer?: boolean };
  /** Database name put in the URI of a started database; defaults to `northstar`. */
  databaseName?: string;
  logger?: DatabaseLogger;
  /** Longest wait for a started database to answer `ping`; defaults to 30 s. */
  startTimeoutMs?: number;
  /** Longest wait for the database at `mongodbUri` to answer `ping`; defaults to 10 s. */
  externalPingTimeoutMs?: number;
  /** Delay before restarting a crashed child; doubles after each failed restart up to `maxMs`. */
  restartBackoff?: { initialMs: number; maxMs: number };
  /** Wait after SIGTERM before SIGKILL when stopping; defaults to 5 s. */
  stopTimeoutMs?: number;
}

export interface RunningDatabase {
  readonly kind: DatabaseKind;
  /** Connection string for Mongoose or the driver (credentials included for `external`). */
  readonly uri: string;
  /** Folder holding the files of a started database; undefined for `external`. */
  readonly dataDir: string | undefined;
  /** Process id of the current database child; undefined for `external` or while it is restarting. */
  readonly pid: number | undefined;
  /** How many times the supervisor has restarted the child after an unexpected exit. */
  readonly restarts: number;
  /** Stops supervising and terminates the child (SIGTERM, then SIGKILL after a timeout). */
  stop(): Promise<void>;
}

/**
 * Connections a process opens to the embedded database. SQLite has one writer, and the launcher lets one write command
 * through at a time (server/embedded-db/writes.go). Measured with 50 concurrent check-ins on a 10,000-person tenant:
 * before the launcher serialised writes, the driver's default pool (100) p95 2.8 s at 52 req/s and 2 connections
 * p95 1.1–1.4 s at 91–101 req/s (concurrent writes waited in SQLite's busy handler); with it, 2 connections p95 338 ms
 * at 187 req/s, 8 connections p95 576 ms at 141 req/s. A MongoDB server sets its own pool in MONGODB_URI.
 */
export const EMBEDDED_MAX_POOL_SIZE = 2;

/** Thrown when no database could be obtained; `attempts` lists every option tried. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(
    message: string,
    readonly attempts: readonly DatabaseAttempt[],
  ) {
    super(message);
  }
}

/** One option tried by `startDatabase` and why it did not work. */
export interface DatabaseAttempt {
  kind: DatabaseKind;
  reason: string;
  fix: string;
}

interface ChildSpec {
  kind: Exclude<DatabaseKind, 'external'>;
  command: string;
  args(port: number, dataDir: string): string[];
  /** FerretDB launcher watches its stdin to exit with its parent; it gets its own process group. */
  watchesStdin: boolean;
}

const FIXES = {
  external: 'set MONGODB_URI to a MongoDB connection string (MongoDB Atlas, Azure Cosmos DB for MongoDB, self-hosted)',
  mongod: 'install MongoDB Community Server (https://www.mongodb.com/try/download/community) and put mongod on PATH',
  ferretdb: 'install Go 1.24 or newer (https://go.dev/dl/) and put go on PATH; the FerretDB launcher is built on first use',
  'memory-server': 'allow internet access once so mongodb-memory-server can download mongod (or point MONGOMS_SYSTEM_BINARY at a mongod)',
} as const satisfies Record<DatabaseKind, string>;

const DEFAULT_BACKOFF = { initialMs: 500, maxMs: 5_000 };
const STABLE_RUN_MS = 10_000;
const LOG_TAIL_LINES = 30;

/**
 * Obtains a MongoDB-compatible database: `MONGODB_URI` when given, otherwise starts and supervises
 * a local one, trying `mongod` on PATH, the FerretDB launcher (needs Go), then
 * `mongodb-memory-server-core` (needs internet once to download mongod).
 *
 * A set but unreachable `MONGODB_URI` is an error: it never falls back to a local database.
 */
export async function startDatabase(options: StartDatabaseOptions): Promise<RunningDatabase> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? consoleLogger;
  const mongodbUri = options.mongodbUri ?? env.MONGODB_URI;

  if (mongodbUri !== undefined && mongodbUri.trim() !== '') {
    await verifyExternal(mongodbUri.trim(), options.externalPingTimeoutMs ?? 10_000);
    logger.info({ db: 'external', uri: redactUri(mongodbUri) }, 'using the database at MONGODB_URI');
    return {
      kind: 'external',
      uri: mongodbUri.trim(),
      dataDir: undefined,
      pid: undefined,
      restarts: 0,
      stop: async () => undefined,
    };
  }

  const attempts: DatabaseAttempt[] = [
    {
      kind: 'external',
      reason: 'MONGODB_URI is not set',
      fix: FIXES.external,
    },
  ];
  const allow = { mongod: true, ferretdb: true, memoryServer: true, ...options.allow };

  const candidates: Array<{
    kind: ChildSpec['kind'];
    allowed: boolean;
    prepare: () => Promise<ChildSpec | DatabaseAttempt>;
  }> = [
    { kind: 'mongod', allowed: allow.mongod, prepare: () => prepareMongod(env) },
    { kind: 'ferretdb', allowed: allow.ferretdb, prepare: () => prepareFerretDb(env, logger) },
    { kind: 'memory-server', allowed: allow.memoryServer, prepare: () => prepareMemoryServer() },
  ];

  for (const candidate of candidates) {
    if (!candidate.allowed) {
      attempts.push({ kind: candidate.kind, reason: 'disabled by the caller', fix: FIXES[candidate.kind] });
      continue;
    }
    const prepared = await candidate.prepare();
    if (!('command' in prepared)) {
      attempts.push(prepared);
      continue;
    }
    const supervisor = new Supervisor(prepared, {
      dataDir: path.join(path.resolve(options.dataDir), prepared.kind),
      databaseName: options.databaseName ?? 'northstar',
      env,
      logger,
      startTimeoutMs: options.startTimeoutMs ?? 30_000,
      backoff: options.restartBackoff ?? DEFAULT_BACKOFF,
      stopTimeoutMs: options.stopTimeoutMs ?? 5_000,
    });
    try {
      await supervisor.start();
      return supervisor;
    } catch (error) {
      await supervisor.stop();
      attempts.push({
        kind: prepared.kind,
        reason: `failed to start: ${(error as Error).message}`,
        fix: `see its last output above and check that ${supervisor.dataDir} is writable`,
      });
    }
  }

  throw new DatabaseUnavailableError(
    'No database available. Tried, in order:\n' + attempts.map((a) => `  - ${a.kind}: ${a.reason}.\n    Fix: ${a.fix}.`).join('\n'),
    attempts,
  );
}

/** Replaces the password of a connection string with `***`. */
export function redactUri(uri: string): string {
  return uri.replace(/^([a-z+]+:\/\/[^:/@]+):[^@/]*@/i, '$1:***@');
}

async function verifyExternal(uri: string, timeoutMs: number): Promise<void> {
  const shown = redactUri(uri);
  let client: InstanceType<typeof mongoose.mongo.MongoClient>;
  try {
    client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs });
  } catch (error) {
    throw new Error(
      `MONGODB_URI is not a valid MongoDB connection string (${shown}): ${(error as Error).message}. ` +
        'Expected mongodb://host:port/database or mongodb+srv://cluster.example.net/database.',
      { cause: error },
    );
  }
  try {
    await client.db('admin').command({ ping: 1 });
  } catch (error) {
    throw new Error(
      `The database at MONGODB_URI (${shown}) did not answer ping: ${(error as Error).message}. ` +
        'Check the host and port, network access (firewall, Atlas IP access list) and credentials, ' +
        'or unset MONGODB_URI to start a local database.',
      { cause: error },
    );
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function findOnPath(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      await access(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function mongodSpec(kind: 'mongod' | 'memory-server', binary: string): ChildSpec {
  return {
    kind,
    command: binary,
    args: (port, dataDir) => ['--bind_ip', '127.0.0.1', '--port', String(port), '--dbpath', dataDir, '--quiet'],
    watchesStdin: false,
  };
}

async function prepareMongod(env: NodeJS.ProcessEnv): Promise<ChildSpec | DatabaseAttempt> {
  const binary = await findOnPath('mongod', env);
  if (!binary) {
    return {
      kind: 'mongod',
      reason: 'mongod is not on PATH',
      fix: FIXES.mongod,
    };
  }
  return mongodSpec('mongod', binary);
}

async function prepareFerretDb(env: NodeJS.ProcessEnv, logger: DatabaseLogger): Promise<ChildSpec | DatabaseAttempt> {
  const fix = FIXES.ferretdb;
  const version = await goVersion(env);
  if (!version) return { kind: 'ferretdb', reason: 'go is not on PATH', fix };
  try {
    const build = await buildEmbeddedDb({ env });
    if (build.built) {
      logger.info({ db: 'ferretdb', ms: Math.round(build.durationMs), go: version }, 'built the FerretDB launcher');
    }
    return {
      kind: 'ferretdb',
      command: build.binaryPath,
      args: (port, dataDir) => ['-listen', `127.0.0.1:${port}`, '-data', dataDir, '-log-level', 'error'],
      watchesStdin: true,
    };
  } catch (error) {
    return { kind: 'ferretdb', reason: (error as Error).message, fix };
  }
}

async function prepareMemoryServer(): Promise<ChildSpec | DatabaseAttempt> {
  const fix = FIXES['memory-server'];
  try {
    const { MongoBinary } = await import('mongodb-memory-server-core');
    const binary = await MongoBinary.getPath();
    return mongodSpec('memory-server', binary);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND') {
      return {
        kind: 'memory-server',
        reason: 'mongodb-memory-server-core is not installed',
        fix: 'install the dev dependencies (npm install)',
      };
    }
    return { kind: 'memory-server', reason: `no mongod binary: ${(error as Error).message}`, fix };
  }
}

interface SupervisorSettings {
  dataDir: string;
  databaseName: string;
  env: NodeJS.ProcessEnv;
  logger: DatabaseLogger;
  startTimeoutMs: number;
  backoff: { initialMs: number; maxMs: number };
  stopTimeoutMs: number;
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function trackChild(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of liveChildren) c.kill('SIGTERM');
    });
  }
}

/** Runs one database child on a fixed port and data folder, restarting it when it dies. */
class Supervisor implements RunningDatabase {
  readonly kind: ChildSpec['kind'];
  readonly dataDir: string;
  restarts = 0;
  private port = 0;
  private child: ChildProcess | undefined;
  private childStartedAt = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private backoffMs: number;
  private logTail: string[] = [];

  constructor(
    private readonly spec: ChildSpec,
    private readonly settings: SupervisorSettings,
  ) {
    this.kind = spec.kind;
    this.dataDir = settings.dataDir;
    this.backoffMs = settings.backoff.initialMs;
  }

  /** The connection string; it caps the driver's pool at {@link EMBEDDED_MAX_POOL_SIZE}. */
  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}/${this.settings.databaseName}?maxPoolSize=${EMBEDDED_MAX_POOL_SIZE}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    const startedAt = performance.now();
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      this.port = await freeLoopbackPort();
      try {
        await this.launch();
        this.settings.logger.info(
          { db: this.kind, uri: this.uri, pid: this.pid, dataDir: this.dataDir, ms: Math.round(performance.now() - startedAt) },
          'database started',
        );
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    this.child = undefined;
    if (child) await terminate(child, this.settings.stopTimeoutMs);
  }

  /** Spawns the child and resolves once it answers `ping`; kills it and rejects otherwise. */
  private async launch(): Promise<void> {
    this.logTail = [];
    const child = spawn(this.spec.command, this.spec.args(this.port, this.dataDir), {
      env: this.settings.env,
      stdio: [this.spec.watchesStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      detached: this.spec.watchesStdin,
    });
    trackChild(child);
    this.child = child;
    this.childStartedAt = Date.now();
    this.collectOutput(child);

    const exited = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(new Error(`could not run ${this.spec.command}: ${error.message}`)));
      child.once('exit', (code, signal) => reject(new Error(`exited during start-up (${signal ?? `code ${code}`})${this.formatTail()}`)));
    });
    exited.catch(() => undefined);

    try {
      await Promise.race([waitForPing(this.port, this.uri, this.settings.startTimeoutMs), exited]);
    } catch (error) {
      if (this.child === child) this.child = undefined;
      await terminate(child, this.settings.stopTimeoutMs);
      throw error;
    }
    child.once('exit', (code, signal) => this.onUnexpectedExit(child, code, signal));
    if (child.exitCode !== null || child.signalCode !== null) this.onUnexpectedExit(child, child.exitCode, child.signalCode);
  }

  private onUnexpectedExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || this.child !== child) return;
    this.child = undefined;
    if (Date.now() - this.childStartedAt >= STABLE_RUN_MS) this.backoffMs = this.settings.backoff.initialMs;
    this.settings.logger.error(
      { db: this.kind, pid: child.pid, code, signal, restartInMs: this.backoffMs, output: this.logTail.slice(-10) },
      'database process exited unexpectedly; restarting',
    );
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.settings.backoff.maxMs);
    this.restartTimer = setTimeout(() => void this.restart(), delay);
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    try {
      await this.launch();
      this.restarts++;
      this.settings.logger.warn({ db: this.kind, pid: this.pid, uri: this.uri, restarts: this.restarts }, 'database restarted');
    } catch (error) {
      if (this.stopping) return;
      this.settings.logger.error(
        { db: this.kind, err: (error as Error).message, restartInMs: this.backoffMs },
        'database restart failed; retrying',
      );
      this.scheduleRestart();
    }
  }

  private collectOutput(child: ChildProcess): void {
    const forward = this.spec.kind === 'ferretdb';
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      stream.setEncoding('utf8');
      let partial = '';
      stream.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          this.logTail.push(line);
          if (this.logTail.length > LOG_TAIL_LINES) this.logTail.shift();
          if (forward) this.settings.logger.warn({ db: this.kind, pid: child.pid, line }, 'database output');
        }
      });
    }
  }

  private formatTail(): string {
    return this.logTail.length ? `; last output:\n      ${this.logTail.slice(-10).join('\n      ')}` : '';
  }
}

async function terminate(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

async function waitForPing(port: number, uri: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline && !(await canConnect(port))) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  while (Date.now() < deadline) {
    const client = new mongoose.mongo.MongoClient(uri, {
      serverSelectionTimeoutMS: Math.max(100, Math.min(1_000, deadline - Date.now())),
      connectTimeoutMS: 1_000,
      directConnection: true,
    });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new Error(`no answer to ping within ${timeoutMs} ms: ${(lastError as Error | undefined)?.message ?? 'timed out'}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const consoleLogger: DatabaseLogger = {
  info: (obj, msg) => console.error(JSON.stringify({ level: 'info', msg, ...(typeof obj === 'string' ? { msg: obj } : obj) })),
  warn: (obj, msg) => console.error(JSON.stringify({ level: 'warn', msg, ...(typeof obj === 'string' ? { msg: obj } : obj) })),
  error: (obj, msg) => console.error(JSON.stringify({ level: 'error', msg, ...(typeof obj === 'string' ? { msg: obj } : obj) })),
};
