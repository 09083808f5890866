/**
 * Figures of the Outlook add-in: task pane time to interactive in headless Chromium (median of 5,
 * from the pane's navigation to the filled form), gzipped size of the pane's initial JavaScript and
 * of the send-handler bundle, and latency of the weekly draft endpoint for a person with
 * 3 objectives × 3 key results and 12 weeks of history.
 * Run: npx tsx test/load/taskpane-tti.ts [runs=5] [requests=200]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Types } from 'mongoose';
import type { Browser, Page } from 'playwright-core';
import { generateOrg } from '../../server/dev/org/generate.js';
import { CheckInModel, checkInKey } from '../../server/src/okrs/okrs.model.js';
import { isoWeekOf } from '../../server/src/okrs/periods.js';
import { WeeklyReportModel, weeklyReportKey } from '../../server/src/weekly/weekly.model.js';
import { launchBrowser, newLoopbackContext } from '../e2e/browser.js';
import { ensureWebBuilt } from '../e2e/build-web.js';
import { CommandCounter } from '../support/command-counter.js';
import { insertPeople, onboardTenant, tokenOf } from '../support/factories.js';
import { startStack, type TestStack } from '../support/stack.js';

const RUNS = Number(process.argv[2] ?? 5);
const REQUESTS = Number(process.argv[3] ?? 200);
const root = fileURLToPath(new URL('../..', import.meta.url));
const addinDist = path.join(root, 'addin', 'dist');
const FORM_READY_MARK = 'northstar:form-ready';
const DAY_MS = 86_400_000;
const WEEK = isoWeekOf(new Date(Date.UTC(new Date().getFullYear(), new Date().getMonth(), new Date().getDate())));

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const gzipped = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).byteLength;

/** The scripts index.html loads at start (entry and module preloads) and the chunks loaded later. */
function bundleSizes(): void {
  const html = readFileSync(path.join(addinDist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/addin\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
  const initialBytes = initial.reduce((sum, file) => sum + gzipped(path.join(addinDist, file)), 0);
  console.log('\nbundles (gzip -9)');
  for (const file of initial) console.log(`  initial   ${file.padEnd(34)} ${kib(gzipped(path.join(addinDist, file)))}`);
  console.log(`  initial JavaScript of the task pane: ${kib(initialBytes)}`);
  const lazy = readdirSync(path.join(addinDist, 'assets')).filter((file) => file.endsWith('.js') && !initial.includes(`assets/${file}`));
  for (const file of lazy)
    console.log(
      `  on demand assets/${file.padEnd(27)} ${kib(gzipped(path.join(addinDist, 'assets', file)))} (fetched in parallel while Office.js starts)`,
    );
  console.log(
    `  send handler events.js: ${kib(gzipped(path.join(addinDist, 'events.js')))} (${readFileSync(path.join(addinDist, 'events.js')).byteLength} bytes raw)`,
  );
}

/** Time from the task pane frame's navigation to the filled form, cold (new browser context) and warm (reload). */
async function timeToInteractive(stack: TestStack, browser: Browser): Promise<void> {
  const managers = new Set(stack.people.map((person) => person.managerId));
  const employee = stack.people.find((person) => person.managerId && !managers.has(person.id) && person.appRoles.length === 0)!;
  const measureOnce = async (page: Page): Promise<number> => {
    const pane = page.frameLocator('#taskpane-frame');
    await pane.getByRole('heading', { name: `Weekly OKR mail · ${WEEK}` }).waitFor({ timeout: 30_000 });
    const frame = page.frame({ url: /\/addin\/$/ })!;
    let mark: number | null = null;
    while (mark === null) {
      mark = await frame.evaluate((name) => performance.getEntriesByName(name)[0]?.startTime ?? null, FORM_READY_MARK);
      if (mark === null) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return mark;
  };
  const phases = new Map<string, number[]>();
  const breakdown = async (page: Page): Promise<void> => {
    const frame = page.frame({ url: /\/addin\/$/ })!;
    const entries = await frame.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => ({ name: new URL(entry.name).pathname, end: entry.startTime + entry.duration })),
    );
    const label = (pathname: string): string | undefined =>
      pathname === '/dev/office.js'
        ? 'office.js loaded'
        : /\/assets\/index-/.test(pathname)
          ? 'initial JS loaded'
          : pathname === '/api/config'
            ? 'client config'
            : /\/api\/weekly\/\d{4}-W\d\d$/.test(pathname)
              ? 'draft loaded'
              : undefined;
    for (const entry of entries) {
      const name = label(entry.name);
      if (name) phases.set(name, [...(phases.get(name) ?? []), entry.end]);
    }
  };
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await newLoopbackContext(browser);
    const page = await context.newPage();
    const url = `${stack.baseUrl}/dev/outlook?user=${encodeURIComponent(employee.userPrincipalName)}`;
    await page.goto(url);
    cold.push(await measureOnce(page));
    await breakdown(page);
    await page.goto(url);
    warm.push(await measureOnce(page));
    await context.close();
  }
  console.log(`\ntask pane time to interactive (navigation of the pane → filled form), ${RUNS} runs, ${employee.displayName}`);
  console.log(`TIMING ${JSON.stringify({ page: 'task pane', medianMs: Math.round(median(cold)), runsMs: cold.map(Math.round) })}`);
  console.log(
    `TIMING ${JSON.stringify({ page: 'task pane (warm cache)', medianMs: Math.round(median(warm)), runsMs: warm.map(Math.round) })}`,
  );
  console.log(`  cold cache: median ${median(cold).toFixed(0)} ms  [${cold.map((t) => t.toFixed(0)).join(', ')}]`);
  console.log(`  warm cache: median ${median(warm).toFixed(0)} ms  [${warm.map((t) => t.toFixed(0)).join(', ')}]`);
  const phaseLine = [...phases.entries()].map(([name, times]) => `${name} ${median(times).toFixed(0)} ms`).join(' → ');
  console.log(`  cold cache, median time each step finished: ${phaseLine} → form ${median(cold).toFixed(0)} ms`);
}

/** A person with 3 objectives × 3 key results in a tenant of their own, with 12 weeks of check-ins and weekly reports. */
async function draftLatency(stack: TestStack): Promise<void> {
  const tenantId = '5c000000-0000-4000-8000-000000000012';
  const people = generateOrg({ size: 20, tenantId });
  await onboardTenant(tenantId);
  await insertPeople(tenantId, people);
  const person = people.find((candidate) => candidate.managerId !== null)!;
  const token = await tokenOf(stack, tenantId, person, []);
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${stack.baseUrl}/api${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const { current } = (await call('GET', '/periods')) as { current: string };
  const keyResultIds: Array<{ id: string; objectiveId: string }> = [];
  for (let o = 1; o <= 3; o++) {
    const objective = (await call('POST', '/objectives', {
      periodId: current,
      level: 'person',
      title: `Customers trust us more, part ${o}`,
      why: 'Trust drives renewals.',
      impactTags: ['customer'],
      state: 'active',
      keyResults: [1, 2, 3].map((k) => ({
        title: `Raise satisfaction score ${o}.${k}`,
        kind: 'increase_to',
        start: 0,
        target: 100,
        unit: '%',
        indicator: k === 1 ? 'leading' : 'lagging',
      })),
    })) as { id: string; keyResults: Array<{ id: string }> };
    for (const kr of objective.keyResults) keyResultIds.push({ id: kr.id, objectiveId: objective.id });
  }
  const now = Date.now();
  const weeks = Array.from({ length: 12 }, (_, i) => isoWeekOf(new Date(now - (12 - i) * 7 * DAY_MS)));
  await CheckInModel.collection.insertMany(
    weeks.flatMap((week, w) =>
      keyResultIds.map((kr) => ({
        _id: checkInKey(tenantId, kr.id, week),
        tenantId,
        keyResultId: new Types.ObjectId(kr.id),
        isoWeek: week,
        objectiveId: new Types.ObjectId(kr.objectiveId),
        value: 5 * (w + 1),
        confidence: 5 + (w % 4),
        note: 'On track.',
        authorId: person.id,
        at: new Date(now - (12 - w) * 7 * DAY_MS),
        createdAt: new Date(),
        updatedAt: new Date(),
      })),
    ) as never[],
  );
  await WeeklyReportModel.collection.insertMany(
    weeks.map((week) => ({
      _id: weeklyReportKey(tenantId, person.id, week),
      tenantId,
      authorId: person.id,
      isoWeek: week,
      status: 'reviewed',
      priorities: [1, 2, 3, 4].map((p) => ({ title: `Priority ${p}`, keyResultId: keyResultIds[p]!.id, status: null })),
      lastWeekPriorities: [],
      risks: 'None',
      timeOff: '',
      sentAt: new Date(),
      onTime: true,
      reviewedAt: new Date(),
      reviewedBy: person.managerId,
      reviewComment: 'Thanks',
      version: 2,
      createdAt: new Date(),
      updatedAt: new Date(),
    })) as never[],
  );
  const draft = (await call('GET', `/weekly/${WEEK}`)) as { keyResults: unknown[]; lastWeekPriorities: unknown[] };
  const [checkIns, reports] = await Promise.all([
    CheckInModel.collection.estimatedDocumentCount(),
    WeeklyReportModel.collection.estimatedDocumentCount(),
  ]);
  const get = () => call('GET', `/weekly/${WEEK}`);
  const tally = await new CommandCounter().measure(get);
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    await get();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `\nGET /api/weekly/${WEEK}: ${draft.keyResults.length} key results, ${draft.lastWeekPriorities.length} of last week's priorities; ` +
      `collections: ${checkIns} check-ins, ${reports} weekly reports (demo tenant included)`,
  );
  console.log(
    `  ${REQUESTS} sequential requests: p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms  ` +
      `commands per request ${tally.total} ${JSON.stringify(tally.byTarget)}`,
  );
}

ensureWebBuilt(root);
bundleSizes();
const [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
try {
  await timeToInteractive(stack, browser);
  if (!process.argv.includes('--timings-only')) await draftLatency(stack);
} finally {
  await browser.close();
  await stack.stop();
}
