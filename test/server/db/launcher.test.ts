import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connectMongoose, databaseState, disconnectMongoose } from '../../../server/src/db/connection.js';
import { isGoAvailable } from '../../../server/src/db/embedded.js';
import { DatabaseUnavailableError, startDatabase, type DatabaseLogger, type RunningDatabase } from '../../../server/src/db/launcher.js';

const silent: DatabaseLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const onlyFerretDb = { mongod: false, memoryServer: false } as const;
const goAvailable = await isGoAvailable();

const tempDirs: string[] = [];
const running: RunningDatabase[] = [];

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'northstar-db-test-'));
  tempDirs.push(dir);
  return dir;
}

async function start(dataDir: string, extra: { restartBackoff?: { initialMs: number; maxMs: number } } = {}) {
  const database = await startDatabase({ dataDir, logger: silent, allow: onlyFerretDb, env: withoutMongoUri(), ...extra });
  running.push(database);
  return database;
}

function withoutMongoUri(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.MONGODB_URI;
  return env;
}

async function ping(uri: string): Promise<unknown> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 2_000 });
  try {
    return await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number, stepMs = 50): Promise<number> {
  const startedAt = Date.now();
  while (!condition()) {
    if (Date.now() - startedAt > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return Date.now() - startedAt;
}

async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

afterEach(async () => {
  await disconnectMongoose();
  await Promise.all(running.splice(0).map((database) => database.stop()));
});

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe.skipIf(!goAvailable)('FerretDB launcher', () => {
  it('starts on loopback and answers ping', async () => {
    const database = await start(await freshDir());
    expect(database.kind).toBe('ferretdb');
    expect(database.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/northstar\?maxPoolSize=2$/);
    expect(database.pid).toBeGreaterThan(0);
    expect(await ping(database.uri)).toMatchObject({ ok: 1 });
  });

  it('keeps documents across a stop and a start on the same data folder', async () => {
    const dataDir = await freshDir();
    const first = await start(dataDir);
    const client = new mongoose.mongo.MongoClient(first.uri);
    await client.db().collection('survivors').insertOne({ name: 'kept', n: 42 });
    await client.close();
    const firstPid = first.pid!;
    await first.stop();
    expect(isAlive(firstPid)).toBe(false);

    const second = await start(dataDir);
    expect(second.dataDir).toBe(first.dataDir);
    const reader = new mongoose.mongo.MongoClient(second.uri);
    const found = await reader.db().collection('survivors').findOne({ name: 'kept' });
    await reader.close();
    expect(found).toMatchObject({ name: 'kept', n: 42 });
  });

  it('finds and updates by _id through an index: as fast among 30,000 documents as among 300', async () => {
    const database = await start(await freshDir());
    const client = new mongoose.mongo.MongoClient(database.uri);
    try {
      const small = client.db().collection<{ _id: string; n: number }>('small');
      const large = client.db().collection<{ _id: string; n: number }>('large');
      await small.insertMany(Array.from({ length: 300 }, (_, n) => ({ _id: `doc-${n}`, n })));
      for (let start = 0; start < 30_000; start += 5_000) {
        await large.insertMany(Array.from({ length: 5_000 }, (_, i) => ({ _id: `doc-${start + i}`, n: start + i })));
      }
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const median = async (work: (n: number) => Promise<unknown>): Promise<number> => {
        const times: number[] = [];
        for (let round = 0; round < 9; round += 1) {
          const startedAt = performance.now();
          await work(290 - round);
          times.push(performance.now() - startedAt);
        }
        return times.sort((a, b) => a - b)[4]!;
      };
      const lookUp = (collection: typeof small, last: number) => median((n) => collection.findOne({ _id: `doc-${last - n}` }));
      const update = (collection: typeof small, last: number) =>
        median((n) => collection.updateOne({ _id: `doc-${last - n}` }, { $set: { n: -1 } }));
      const [smallFind, largeFind] = [await lookUp(small, 299), await lookUp(large, 29_999)];
      const [smallUpdate, largeUpdate] = [await update(small, 299), await update(large, 29_999)];
      expect(largeFind, `find by _id: ${largeFind} ms among 30,000, ${smallFind} ms among 300`).toBeLessThan(smallFind * 4 + 3);
      expect(largeUpdate, `update by _id: ${largeUpdate} ms among 30,000, ${smallUpdate} ms among 300`).toBeLessThan(smallUpdate * 4 + 3);
    } finally {
      await client.close();
    }
  });

  it('applies concurrent conditional updates and $inc atomically, as MongoDB does, across clients', async () => {
    const database = await start(await freshDir());
    // Two processes' pools, wider than the product's, so that writes really overlap.
    const uri = database.uri.replace('maxPoolSize=2', 'maxPoolSize=8');
    const clients = [new mongoose.mongo.MongoClient(uri), new mongoose.mongo.MongoClient(uri)];
    try {
      const [first, second] = clients.map((client) =>
        client.db().collection<{ _id: string; version: number; by?: number; n?: number }>('atomic'),
      );
      const winners: number[] = [];
      for (let round = 0; round < 30; round += 1) {
        await first!.insertOne({ _id: `doc-${round}`, version: 0 });
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, writer) =>
            (writer % 2 === 0 ? first! : second!).findOneAndUpdate(
              { _id: `doc-${round}`, version: 0 },
              { $set: { by: writer }, $inc: { version: 1 } },
              { returnDocument: 'after' },
            ),
          ),
        );
        winners.push(results.filter((row) => row !== null).length);
      }
      expect(winners, 'writers whose update of version 0 matched, per round').toEqual(Array.from({ length: 30 }, () => 1));
      await first!.insertOne({ _id: 'counter', version: 0, n: 0 });
      const counts = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          (i % 2 === 0 ? first! : second!).findOneAndUpdate({ _id: 'counter' }, { $inc: { n: 1 } }, { returnDocument: 'after' }),
        ),
      );
      expect(new Set(counts.map((row) => row?.n)).size).toBe(60);
      expect((await first!.findOne({ _id: 'counter' }))?.n).toBe(60);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  it('restarts a killed database and Mongoose reports down, then up, without reconnecting by hand', async () => {
    const database = await start(await freshDir(), { restartBackoff: { initialMs: 2_500, maxMs: 5_000 } });
    await connectMongoose(database.uri, silent);
    const Note = mongoose.models.Note ?? mongoose.model('Note', new mongoose.Schema({ text: String }));
    await Note.create({ text: 'before' });
    expect(databaseState()).toBe('up');

    const killedPid = database.pid!;
    process.kill(killedPid, 'SIGKILL');
    const downAfterMs = await waitUntil(() => databaseState() === 'down', 5_000);
    expect(downAfterMs).toBeLessThan(5_000);

    await waitUntil(() => databaseState() === 'up', 15_000);
    expect(database.restarts).toBe(1);
    expect(database.pid).toBeGreaterThan(0);
    expect(database.pid).not.toBe(killedPid);

    await Note.create({ text: 'after' });
    const texts = (await Note.find().sort({ text: 1 }).lean()).map((note) => note.text);
    expect(texts).toEqual(['after', 'before']);
  });

  it('stops the database when the process that started it dies', async () => {
    const fixture = fileURLToPath(new URL('./start-database.fixture.ts', import.meta.url));
    const parent = spawn(process.execPath, ['--import', 'tsx', fixture, await freshDir()], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: withoutMongoUri(),
    });
    const line = await new Promise<string>((resolve, reject) => {
      let output = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('\n')) resolve(output.split('\n')[0]!);
      });
      parent.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    const { pid, uri } = JSON.parse(line) as { pid: number; uri: string };
    expect(await ping(uri)).toMatchObject({ ok: 1 });

    parent.kill('SIGKILL');
    const goneAfterMs = await waitUntil(() => !isAlive(pid), 5_000);
    expect(goneAfterMs).toBeLessThan(5_000);
  });
});

describe('choosing a database', () => {
  it('fails fast with a clear message when MONGODB_URI points at nothing', async () => {
    const port = await closedLoopbackPort();
    const startedAt = Date.now();
    const attempt = startDatabase({
      dataDir: await freshDir(),
      logger: silent,
      mongodbUri: `mongodb://reader:s3cret@127.0.0.1:${port}/northstar`,
      externalPingTimeoutMs: 1_000,
    });
    await expect(attempt).rejects.toThrow(
      /MONGODB_URI \(mongodb:\/\/reader:\*\*\*@127\.0\.0\.1:\d+\/northstar\) did not answer ping: connect ECONNREFUSED/,
    );
    await expect(attempt).rejects.not.toThrow(/s3cret/);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('rejects a MONGODB_URI that is not a connection string', async () => {
    await expect(startDatabase({ dataDir: await freshDir(), logger: silent, mongodbUri: 'localhost:27017' })).rejects.toThrow(
      /MONGODB_URI is not a valid MongoDB connection string/,
    );
  });

  it('lists every option and its fix when no database can be had', async () => {
    const error = await startDatabase({
      dataDir: await freshDir(),
      logger: silent,
      env: { PATH: '/nonexistent' },
      allow: { mongod: false, memoryServer: false },
    }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const unavailable = error as DatabaseUnavailableError;
    expect(unavailable.attempts.map((a) => a.kind)).toEqual(['external', 'mongod', 'ferretdb', 'memory-server']);
    expect(unavailable.message).toContain('set MONGODB_URI');
    expect(unavailable.message).toContain('install MongoDB Community Server');
    expect(unavailable.message).toContain('go is not on PATH');
    expect(unavailable.message).toContain('install Go');
    expect(unavailable.message).toMatch(/memory-server: disabled/);
  });

  it('looks for mongod on PATH before anything else', async () => {
    const error = await startDatabase({
      dataDir: await freshDir(),
      logger: silent,
      env: { PATH: '/nonexistent' },
      allow: { ferretdb: false, memoryServer: false },
    }).then(
      () => undefined,
      (reason: unknown) => reason as DatabaseUnavailableError,
    );
    expect(error?.attempts[1]).toMatchObject({ kind: 'mongod', reason: 'mongod is not on PATH' });
  });
});
