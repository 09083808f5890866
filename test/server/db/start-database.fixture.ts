import { startDatabase } from '../../../server/src/db/launcher.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: start-database.fixture.ts <dataDir>');

const database = await startDatabase({ dataDir, logger: silent, allow: { mongod: false, memoryServer: false } });
process.stdout.write(`${JSON.stringify({ kind: database.kind, pid: database.pid, uri: database.uri })}\n`);
setInterval(() => undefined, 60_000);
