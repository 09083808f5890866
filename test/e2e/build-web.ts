import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** One front end: what it is built from and the file whose age tells whether the build is stale. */
interface WebBuild {
  name: string;
  sources: string[];
  output: string;
  command: string[];
}

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const info = statSync(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(entry).reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), info.mtimeMs);
}

function webBuilds(root: string): WebBuild[] {
  const app = (name: string): WebBuild => ({
    name,
    sources: [path.join(root, name, 'src'), path.join(root, name, 'index.html'), path.join(root, name, 'vite.config.ts')],
    output: path.join(root, name, 'dist', 'index.html'),
    command: ['npx', 'vite', 'build', '--logLevel', 'warn'],
  });
  const hosts = path.join(root, 'server', 'dev', 'hosts');
  return [
    app('tab'),
    app('addin'),
    {
      name: 'dev hosts',
      sources: [path.join(hosts, 'client'), path.join(hosts, 'build.ts')],
      output: path.join(hosts, 'dist', 'office-dev.js'),
      command: ['npx', 'tsx', path.join(hosts, 'build.ts')],
    },
  ];
}

/** Builds the tab, the add-in and the dev host scripts when their output is missing or older than a source. */
export function ensureWebBuilt(root: string): void {
  for (const build of webBuilds(root)) {
    const builtAt = newestMtime(build.output);
    const changedAt = Math.max(...build.sources.map(newestMtime));
    if (builtAt > 0 && builtAt >= changedAt) continue;
    const cwd = build.name === 'dev hosts' ? root : path.join(root, build.name);
    const [command, ...args] = build.command as [string, ...string[]];
    // vitest sets NODE_ENV=test, which would make Vite emit development React builds.
    const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (result.status !== 0) throw new Error(`Building the ${build.name} failed (exit ${result.status ?? 'signal'})`);
  }
}
