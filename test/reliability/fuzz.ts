import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack, type TestStack } from '../support/stack.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Budget of one schemathesis run: examples per operation and a wall-clock cap. */
export interface FuzzBudget {
  maxExamples: number;
  maxTimeSeconds: number;
  seed?: number;
}

/** What one schemathesis run found. */
export interface FuzzResult {
  exitCode: number;
  seconds: number;
  operations: number;
  cases: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  /** Each failed check: operation, check and what it said. */
  failures: string[];
  /** Operations where schemathesis' own case generation broke (reported, not counted against the API). */
  toolErrors: string[];
  output: string;
  reportDir: string;
}

interface CheckRecord {
  name: string;
  status: string;
  failure_info?: unknown;
}
interface Recorder {
  label: string;
  cases?: Record<string, unknown>;
  checks?: Record<string, CheckRecord[]>;
  interactions?: Record<string, { request: { method: string; uri: string }; response?: { status_code: number } | null }>;
}

/** Python errors raised inside schemathesis' case generation rather than by a check of a response. */
const GENERATOR_ERRORS = new Set(['SystemError', 'RecursionError']);

/** Reads schemathesis' ndjson event stream: cases, statuses and failed checks. */
export async function summarizeEvents(
  file: string,
): Promise<Pick<FuzzResult, 'operations' | 'cases' | 'statuses' | 'failures' | 'toolErrors'>> {
  const operations = new Set<string>();
  const statuses: Record<string, number> = {};
  const failures = new Set<string>();
  const toolErrors = new Set<string>();
  let cases = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const toolErrorLabels = new Set<string>();
  for await (const line of lines) {
    if (line.startsWith('{"NonFatalError"')) {
      const error = (JSON.parse(line) as { NonFatalError: { label?: string; value?: { type?: string } } }).NonFatalError;
      // Errors inside schemathesis' own case generation (a Python interpreter error) say nothing about the API.
      if (error.value?.type && GENERATOR_ERRORS.has(error.value.type)) {
        toolErrors.add(`${error.label ?? '?'}: ${error.value.type}`);
        if (error.label) toolErrorLabels.add(error.label);
        continue;
      }
    }
    if (line.startsWith('{"NonFatalError"') || line.startsWith('{"FatalError"')) failures.add(`schemathesis error: ${line.slice(0, 400)}`);
    if (!line.startsWith('{"ScenarioFinished"')) continue;
    const finished = (JSON.parse(line) as { ScenarioFinished: { status: string; recorder: Recorder } }).ScenarioFinished;
    const recorder = finished.recorder;
    if (finished.status === 'error' && !toolErrorLabels.has(recorder.label)) failures.add(`${recorder.label}: scenario ended in an error`);
    operations.add(recorder.label);
    cases += Object.keys(recorder.cases ?? {}).length;
    for (const interaction of Object.values(recorder.interactions ?? {})) {
      const status = String(interaction.response?.status_code ?? 'none');
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    for (const checks of Object.values(recorder.checks ?? {}))
      for (const check of checks)
        if (check.status === 'failure' || check.status === 'error')
          failures.add(`${recorder.label}: ${check.name}: ${JSON.stringify(check.failure_info ?? {}).slice(0, 400)}`);
  }
  return {
    operations: [...operations].filter((label) => /^[A-Z]+ \//.test(label)).length,
    cases,
    statuses,
    failures: [...failures],
    toolErrors: [...toolErrors],
  };
}

/** The schemathesis executable: SCHEMATHESIS, else the CI venv under .cache/, else none. */
export function schemathesisBinary(): string | null {
  const candidates = [process.env.SCHEMATHESIS, path.join(repoRoot, '.cache/venv/bin/schemathesis')];
  return candidates.find((candidate): candidate is string => Boolean(candidate) && existsSync(candidate!)) ?? null;
}

/** Fuzzes every operation of the stack's OpenAPI document as a demo admin with a long-lived token. */
export async function fuzzStack(
  stack: TestStack,
  budget: FuzzBudget,
  binary: string,
  as = 'kai.andersen@northstar.demo',
): Promise<FuzzResult> {
  const token = await stack.tokenFor(as, { expiresInSeconds: 6 * 3600 });
  const reportDir = path.join(repoRoot, '.cache', 'reliability', `fuzz-${Date.now()}`);
  await mkdir(reportDir, { recursive: true });
  const args = [
    'run',
    `${stack.baseUrl}/api/openapi.json`,
    '--url',
    stack.baseUrl,
    '-H',
    `Authorization: Bearer ${token}`,
    '--checks',
    'not_a_server_error,response_schema_conformance,content_type_conformance',
    '--max-examples',
    String(budget.maxExamples),
    '--max-time',
    String(budget.maxTimeSeconds),
    '--seed',
    String(budget.seed ?? 20261122),
    '--workers',
    '2',
    '--no-color',
    '--output-truncate',
    'true',
    '--report',
    'ndjson',
    '--report-dir',
    reportDir,
  ];
  const started = Date.now();
  const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_HOOKS: '' },
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ exitCode: code ?? 1, output: text }));
  });
  const seconds = (Date.now() - started) / 1000;
  const events = (await readdir(reportDir)).find((name) => name.endsWith('.ndjson'));
  const summary = events
    ? await summarizeEvents(path.join(reportDir, events))
    : { operations: 0, cases: 0, statuses: {}, failures: [`no event stream: ${output.slice(-2000)}`], toolErrors: [] };
  if (summary.failures.length === 0 && !process.env.FUZZ_KEEP_REPORT) await rm(reportDir, { recursive: true, force: true });
  return { exitCode, seconds, ...summary, output, reportDir };
}

/** A few lines on a run: cases, statuses, failures. */
export function formatFuzz(result: FuzzResult): string {
  return [
    `schemathesis: ${result.operations} operations, ${result.cases} test cases, responses ${JSON.stringify(result.statuses)}, ${result.failures.length} failed checks, ${result.seconds.toFixed(0)} s${result.failures.length > 0 ? ` (reports in ${result.reportDir})` : ''}`,
    ...result.failures.map((failure) => `FAIL ${failure}`),
    ...result.toolErrors.map((error) => `schemathesis could not generate cases (not an API failure): ${error}`),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const binary = schemathesisBinary();
  if (!binary) {
    console.error('schemathesis not found: run .ci/run or set SCHEMATHESIS=/path/to/schemathesis');
    process.exit(2);
  }
  const maxExamples = Number(process.env.FUZZ_MAX_EXAMPLES ?? 100);
  const maxTimeSeconds = Number(process.env.FUZZ_MAX_TIME ?? 900);
  const stack = await startStack();
  try {
    const result = await fuzzStack(stack, { maxExamples, maxTimeSeconds }, binary);
    console.log(result.output.slice(-6000));
    console.log(formatFuzz(result));
    process.exitCode = result.failures.length > 0 ? 1 : result.exitCode;
  } finally {
    await stack.stop();
  }
}
