/**
 * `npm run bench`: one run on this machine, written to bench-results/ as JSON and Markdown.
 * Seeds 100- and 10,000-person tenants, loads the main endpoints at 1, 10 and 50 connections beside
 * /api/health, counts database commands per request, measures org sync at 10,000 and 100,000 people,
 * and the web figures (gzipped initial JavaScript, time to first content).
 *
 * Options (environment): BENCH_DURATION seconds per load step (default 10), BENCH_SIZES (default
 * "100,10000"), BENCH_SYNC_SIZES (default "10000,100000"; empty skips the org sync part),
 * BENCH_ENDPOINTS (names of the endpoints to load, comma-separated, e.g. "1:1 agenda"; default all),
 * BENCH_WEB ("0" skips the web figures), BENCH_INSTANCES (default 1; with 2 or more, extra server processes on the
 * same database, and each endpoint is loaded again spread round-robin over all of them, in rows named
 * "<endpoint> (N instances)", at connection counts rounded up to a multiple of N).
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadEndpoint, type LoadResult } from './load.js';
import { renderMarkdown, type BenchReport, type PageTiming } from './report.js';
import type { BenchReady } from './types.js';
import { webBuilt, webSizes } from './web.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = [1, 10, 50];
const SYNC_SIZES = process.env.BENCH_SYNC_SIZES ?? '10000,100000';
const ENDPOINTS = (process.env.BENCH_ENDPOINTS ?? '')
  // A comma inside a number ("1,500 reports") belongs to the name.
  .split(/,(?!\d)/)
  .map((name) => name.trim())
  .filter(Boolean);
const WEB = process.env.BENCH_WEB !== '0';

/** Runs a TypeScript script in its own process and returns the JSON after `marker` on its output. */
async function runScript<T>(
  script: string,
  args: string[],
  marker: string,
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ value: T; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const value = await new Promise<T>((resolve, reject) => {
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.startsWith(`${marker} `)) resolve(JSON.parse(line.slice(marker.length + 1)) as T);
        else if (line.trim()) process.stderr.write(`  ${path.basename(script)}: ${line}\n`);
      }
    });
    void exited.then((code) => reject(new Error(`${script} exited (${code}) before printing ${marker}`)));
  });
  return {
    value,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs a timing script to its end and collects its `TIMING <json>` lines. */
async function timingsOf(script: string, args: string[]): Promise<PageTiming[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited ${code}`);
  return output
    .split('\n')
    .filter((line) => line.startsWith('TIMING '))
    .map((line) => JSON.parse(line.slice('TIMING '.length)) as PageTiming);
}

const step = (message: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};

const startedAt = new Date();
step('starting the stack and seeding the benchmark tenants (this takes a while at 10,000 people)');
const server = await runScript<BenchReady>('test/bench/server.ts', [], 'BENCH_READY');
const ready = server.value;
const load: LoadResult[] = [];
try {
  const largest = ready.tenants[ready.tenants.length - 1]!;
  for (const endpoint of largest.endpoints) {
    if (ENDPOINTS.length > 0 && !ENDPOINTS.includes(endpoint.name)) continue;
    for (const connections of CONNECTIONS) {
      step(`${endpoint.name} at ${connections} connection(s) for ${DURATION} s`);
      load.push(await loadEndpoint(ready.baseUrl, endpoint, connections, DURATION));
    }
  }
  const instances = ready.baseUrls.length;
  if (instances > 1) {
    for (const endpoint of largest.endpoints) {
      if (ENDPOINTS.length > 0 && !ENDPOINTS.includes(endpoint.name)) continue;
      for (const connections of new Set(CONNECTIONS.map((count) => Math.ceil(count / instances) * instances))) {
        const name = `${endpoint.name} (${instances} instances)`;
        step(`${name} at ${connections} connection(s) for ${DURATION} s`);
        load.push(await loadEndpoint(ready.baseUrls, { ...endpoint, name }, connections, DURATION));
      }
    }
  }
} finally {
  await server.stop();
}

let orgSync: BenchReport['orgSync'] = [];
if (SYNC_SIZES.trim()) {
  step(`org sync of ${SYNC_SIZES} people`);
  const sync = await runScript<BenchReport['orgSync']>('test/load/org-sync.ts', [SYNC_SIZES, '--json'], 'ORG_SYNC');
  orgSync = sync.value;
  await sync.stop();
}

let web: BenchReport['web'] = null;
if (WEB) {
  step('web figures');
  if (!(await webBuilt(repoRoot))) {
    step('building the web bundles first (npm run build:web)');
    await new Promise<void>((resolve, reject) =>
      spawn('npm', ['run', '-s', 'build:web'], { cwd: repoRoot, stdio: 'inherit' }).once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`npm run build:web exited ${code}`)),
      ),
    );
  }
  web = { sizes: await webSizes(repoRoot), timings: [] };
  for (const [script, args] of [
    ['test/load/tab-ttfc.ts', ['5']],
    ['test/load/taskpane-tti.ts', ['5', '0', '--timings-only']],
  ] as const) {
    step(`time to first content: ${script}`);
    web.timings.push(...(await timingsOf(script, [...args])));
  }
}

const report: BenchReport = {
  startedAt: startedAt.toISOString(),
  durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
  loadSecondsPerStep: DURATION,
  instances: ready.baseUrls.length,
  tenants: ready.tenants.map(({ endpoints: _endpoints, ...tenant }) => tenant),
  load,
  orgSync,
  web,
};
const outDir = path.join(repoRoot, 'bench-results');
await mkdir(outDir, { recursive: true });
const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
const markdown = renderMarkdown(report);
await Promise.all([
  writeFile(path.join(outDir, `bench-${stamp}.json`), JSON.stringify(report, null, 2)),
  writeFile(path.join(outDir, `bench-${stamp}.md`), markdown),
  writeFile(path.join(outDir, 'latest.json'), JSON.stringify(report, null, 2)),
  writeFile(path.join(outDir, 'latest.md'), markdown),
]);
process.stdout.write(markdown);
const agenda = load.find((result) => result.endpoint === '1:1 agenda' && result.connections === 50);
if (agenda)
  step(`1:1 agenda at 50 connections: p95 ${agenda.p95Ms} ms (target < 100 ms), p50 ${agenda.p50Ms} ms, ${agenda.requestsPerSecond} req/s`);
for (const name of ['team check-in', 'team check-in (1,500 reports)']) {
  const result = load.find((entry) => entry.endpoint === name && entry.connections === 50);
  if (result)
    step(`${name} at 50 connections: p95 ${result.p95Ms} ms (target < 100 ms), p50 ${result.p50Ms} ms, ${result.requestsPerSecond} req/s`);
}
step(`written to bench-results/bench-${stamp}.{json,md} and bench-results/latest.{json,md}`);
