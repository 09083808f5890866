import mongoose from 'mongoose';
import type { DatabaseLogger } from './launcher.js';

/** Connection health as the rest of the server should see it. */
export type DatabaseState = 'up' | 'down' | 'connecting';

export interface ConnectMongooseOptions {
  /** Database name when the URI carries none. */
  dbName?: string;
  /** Longest wait for a usable server per operation and for the first connection; defaults to 2000 ms. */
  serverSelectionTimeoutMS?: number;
  /** How often the driver checks the server; defaults to 1000 ms. */
  heartbeatFrequencyMS?: number;
  /** How often the connection is pinged to confirm the server still answers; defaults to 1000 ms, 0 turns it off. */
  pingIntervalMs?: number;
}

const PING_TIMEOUT_MS = 1_500;

let pingTimer: NodeJS.Timeout | undefined;
let pingInFlight = false;
/** Result of the last ping; undefined until one has run since connecting. */
let lastPingOk: boolean | undefined;
let detachListeners: (() => void) | undefined;

mongoose.set('strictQuery', true);
// Operator injection is stopped at the edge: `validate` refuses any `$`-prefixed or dotted key in
// body, query and params, and every filter value is zod-typed before it reaches a query. Mongoose's
// sanitizeFilter would also wrap our own operators ($in, $lt, …) unless each is marked trusted().
mongoose.set('sanitizeFilter', false);

/**
 * Connects the default Mongoose connection with fast failure detection; the driver reconnects by
 * itself after the database comes back. Rejects when no server answers within the selection timeout.
 */
export async function connectMongoose(uri: string, logger: DatabaseLogger, options: ConnectMongooseOptions = {}): Promise<typeof mongoose> {
  const connection = mongoose.connection;
  detachListeners?.();
  const onDisconnected = (): void => logger.warn({ db: 'mongoose' }, 'database connection lost');
  const onReconnected = (): void => logger.info({ db: 'mongoose' }, 'database connection restored');
  const onError = (error: Error): void => logger.error({ db: 'mongoose', err: error.message }, 'database connection error');
  connection.on('disconnected', onDisconnected);
  connection.on('reconnected', onReconnected);
  connection.on('error', onError);
  detachListeners = () => {
    connection.off('disconnected', onDisconnected);
    connection.off('reconnected', onReconnected);
    connection.off('error', onError);
    detachListeners = undefined;
  };

  lastPingOk = undefined;
  try {
    await mongoose.connect(uri, {
      ...(options.dbName ? { dbName: options.dbName } : {}),
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 2_000,
      heartbeatFrequencyMS: options.heartbeatFrequencyMS ?? 1_000,
      connectTimeoutMS: 5_000,
      // Command events let tests and benchmarks count database commands per request.
      monitorCommands: true,
    });
  } catch (error) {
    detachListeners?.();
    throw error;
  }
  lastPingOk = true;

  const pingIntervalMs = options.pingIntervalMs ?? 1_000;
  clearInterval(pingTimer);
  if (pingIntervalMs > 0) {
    pingTimer = setInterval(() => void pingOnce(), pingIntervalMs);
    pingTimer.unref();
  }
  return mongoose;
}

/** 'up' when connected and answering, 'connecting' while the first connection is made, otherwise 'down'. */
export function databaseState(): DatabaseState {
  switch (mongoose.connection.readyState) {
    case mongoose.ConnectionStates.connected:
      return lastPingOk === false ? 'down' : 'up';
    case mongoose.ConnectionStates.connecting:
      return 'connecting';
    default:
      return 'down';
  }
}

/** Stops health pings and closes the default Mongoose connection. */
export async function disconnectMongoose(): Promise<void> {
  clearInterval(pingTimer);
  pingTimer = undefined;
  lastPingOk = undefined;
  detachListeners?.();
  await mongoose.disconnect();
}

async function pingOnce(): Promise<void> {
  const db = mongoose.connection.db;
  if (pingInFlight || !db || mongoose.connection.readyState !== mongoose.ConnectionStates.connected) return;
  pingInFlight = true;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.admin().command({ ping: 1 }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('ping timed out')), PING_TIMEOUT_MS);
      }),
    ]);
    lastPingOk = true;
  } catch {
    lastPingOk = false;
  } finally {
    clearTimeout(timer);
    pingInFlight = false;
  }
}
