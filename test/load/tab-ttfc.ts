/**
 * Time to first content of the Teams tab's Home and of a 1:1 agenda in headless Chromium inside the
 * Teams dev host (median of 5 cold loads), and the gzipped JavaScript of the tab: what loads first and
 * what each page adds.
 * Run: npx tsx test/load/tab-ttfc.ts [runs=5]   (TTFC_TIMELINE=1 also prints the requests of the last load)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchBrowser, newLoopbackContext } from '../e2e/browser.js';
import { ensureWebBuilt } from '../e2e/build-web.js';
import { startStack } from '../support/stack.js';

const RUNS = Number(process.argv[2] ?? 5);
const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = path.join(root, 'tab', 'dist');

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function gzipKb(file: string): number {
  return gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length / 1024;
}

/** Gzipped JS of the entry with its static imports, then what each lazily loaded page adds to it. */
function bundleFigures(): void {
  const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const child of manifest[key]?.imports ?? []) closure(child, seen);
    return seen;
  };
  const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry)!;
  const initial = closure(entryKey);
  const size = (keys: Iterable<string>): number => [...keys].reduce((sum, key) => sum + gzipKb(manifest[key]!.file), 0);
  console.log(`\nGzipped JavaScript of the tab (tab/dist)`);
  console.log(`  initial (entry + static imports, ${initial.size} files): ${size(initial).toFixed(1)} kB`);
  const rows = Object.entries(manifest)
    .filter(([, chunk]) => chunk.src && /src\/(pages\/|client\/index)/.test(chunk.src) && !chunk.isEntry)
    .map(([key, chunk]) => {
      const extra = [...closure(key)].filter((item) => !initial.has(item));
      const name = chunk.src!.replace(/^src\//, '');
      return {
        chunk: name === 'client/index.ts' ? 'sign-in: client/index.ts (MSAL)' : name,
        kB: Number(size(extra).toFixed(1)),
        files: extra.length,
      };
    })
    .sort((a, b) => a.chunk.localeCompare(b.chunk));
  console.log('  added on demand (page or sign-in chunk with its own imports not in the initial set):');
  console.table(rows);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Records in every frame when the first element matching a selector appears (ms since that frame's
 * time origin). A string, so the bundler's helpers (e.g. `__name`) never end up in the page.
 */
const MARKER_SCRIPT = `(() => {
  const marks = {};
  const selectors = { indicator: '.fui-Spinner, #root p', home: '[data-testid="company"]', agenda: '#agenda-heading' };
  window.__ttfc = marks;
  const check = () => {
    for (const [name, selector] of Object.entries(selectors)) if (!(name in marks) && document.querySelector(selector)) marks[name] = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;

async function main(): Promise<void> {
  ensureWebBuilt(root);
  bundleFigures();
  const [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  try {
    const people = stack.people.filter((person) => person.accountEnabled);
    const manager = people.find((person) => person.managerId !== null && people.some((other) => other.managerId === person.id))!;
    const report = people.find((person) => person.managerId === manager.id)!;
    const scenarios = [
      { name: 'Home', marker: 'home', subPage: '' },
      { name: '1:1 agenda', marker: 'agenda', subPage: `one-on-ones/${manager.id}~${report.id}` },
    ];
    console.log(`\nTime to first content in the Teams dev host, headless Chromium, ${RUNS} cold loads each (fresh browser context)`);
    for (const scenario of scenarios) {
      const first: number[] = [];
      const content: number[] = [];
      const paint: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const context = await newLoopbackContext(browser);
        await context.addInitScript({ content: MARKER_SCRIPT });
        const page = await context.newPage();
        const query = new URLSearchParams({ user: manager.userPrincipalName, ...(scenario.subPage ? { subPage: scenario.subPage } : {}) });
        await page.goto(`${stack.baseUrl}/dev/teams?${query.toString()}`);
        const frame = await (await page.waitForSelector('#tab-frame')).contentFrame();
        await frame!.waitForFunction(
          (marker) => marker in ((window as unknown as { __ttfc?: Record<string, number> }).__ttfc ?? {}),
          scenario.marker,
          {
            timeout: 30_000,
          },
        );
        const marks = await frame!.evaluate((): Record<string, number> => ({
          ...(window as unknown as { __ttfc: Record<string, number> }).__ttfc,
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        }));
        if (process.env.TTFC_TIMELINE && run === RUNS - 1) {
          const timeline = await frame!.evaluate(() =>
            performance
              .getEntriesByType('resource')
              .map(
                (entry) =>
                  `${entry.startTime.toFixed(0).padStart(6)} → ${(entry as PerformanceResourceTiming).responseEnd.toFixed(0).padStart(6)}  ${entry.name.replace(location.origin, '')}`,
              ),
          );
          console.log(`  timeline of the last ${scenario.name} load (ms):\n    ${timeline.join('\n    ')}`);
        }
        first.push(marks.indicator ?? Number.NaN);
        content.push(marks[scenario.marker]!);
        paint.push(marks.fcp ?? Number.NaN);
        await context.close();
      }
      const timingName = scenario.name === 'Home' ? 'tab Home' : scenario.name;
      console.log(`TIMING ${JSON.stringify({ page: timingName, medianMs: Math.round(median(content)), runsMs: content.map(Math.round) })}`);
      console.log(
        `  ${scenario.name}: first contentful paint median ${median(paint).toFixed(0)} ms; ` +
          `loading indicator in the DOM ${median(first).toFixed(0)} ms; first content with data median ${median(content).toFixed(0)} ms ` +
          `(runs: ${content.map((value) => value.toFixed(0)).join(', ')})`,
      );
    }
    console.log("  (ms from the tab frame's navigation start; Teams asks for content or a loading indicator within 2 s)");
  } finally {
    await browser.close();
    await stack.stop();
  }
}

await main();
