import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo, type RunningDemo } from '../../server/dev/demo.js';

/** A whole demo stack for one test file: its own database folder, stand-ins and server on free ports. */
export interface TestStack extends RunningDemo {
  baseUrl: string;
}

/** Starts the demo stack in a fresh temporary folder; `stop()` removes it. */
export async function startStack(options: { today?: Date; env?: NodeJS.ProcessEnv } = {}): Promise<TestStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'northstar-test-'));
  const demo = await startDemo({
    dataDir,
    port: 0,
    logLevel: 'silent',
    today: options.today,
    env: {
      RATE_LIMIT_PER_MINUTE: '100000',
      ORG_SYNC_INTERVAL_MINUTES: '0',
      WEEKLY_REMINDER_INTERVAL_MINUTES: '0',
      MONTHLY_REPORT_INTERVAL_MINUTES: '0',
      WINS_DIGEST_INTERVAL_MINUTES: '0',
      ...(process.env.MONGODB_URI ? { MONGODB_URI: process.env.MONGODB_URI } : {}),
      ...options.env,
    },
  });
  return {
    ...demo,
    baseUrl: demo.url,
    stop: async () => {
      await demo.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
