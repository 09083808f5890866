import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { closeOnSignals, loadConfigOrExit, startServer } from '../src/main.js';
import { findRepoRoot } from '../src/paths.js';
import { startDemo } from './demo.js';
import { webBuildOutputs } from './web-build.js';

/**
 * `npm start`: with ENTRA_CLIENT_ID set, runs the server against the configured services; without
 * it, runs the demo: embedded database, stand-in Entra ID and Graph, seeded demo org, dev hosts.
 */
async function main(): Promise<void> {
  const root = findRepoRoot();
  const missing = webBuildOutputs(root).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    console.log(`Building the tab and add-in (missing ${missing.map((file) => path.relative(root, file)).join(', ')})…`);
    const build = spawnSync('npm', ['run', '-s', 'build:web'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('Building the tab and add-in failed; see the output above.');
  }

  if (process.env.ENTRA_CLIENT_ID) {
    const running = await startServer(loadConfigOrExit());
    closeOnSignals(running);
    return;
  }

  const startedAt = Date.now();
  const demo = await startDemo({
    dataDir: process.env.DATA_DIR ?? path.join(root, '.data'),
    port: Number(process.env.PORT ?? 3000),
    logLevel: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'info',
    env: process.env,
  });
  closeOnSignals({ close: () => demo.stop(), logger: demo.server.logger });
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log(`
Northstar demo is running (database: ${demo.server.database.kind}, started in ${seconds} s)

  Teams tab in the dev Teams host   ${demo.url}/dev/teams
  Outlook add-in in the dev compose ${demo.url}/dev/outlook
  API documentation (OpenAPI)       ${demo.url}/api/openapi.json
  Health                            ${demo.url}/api/health

  A token for a demo user:  npm run -s demo:token -- ${demo.users[0]?.upn ?? '<upn>'}
  All demo users:           npm run -s demo:users
`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
