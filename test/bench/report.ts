import type { LoadResult } from './load.js';
import type { BenchReady } from './types.js';
import type { WebSizes } from './web.js';

/** Time to first content in headless Chromium, median of five loads. */
export interface PageTiming {
  page: string;
  medianMs: number;
  runsMs: number[];
}

/** Everything one `npm run bench` measured. */
export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  loadSecondsPerStep: number;
  /** Server processes on the one database; rows named "… (N instances)" spread their load over all of them. */
  instances?: number;
  tenants: Array<Omit<BenchReady['tenants'][number], 'endpoints'>>;
  load: LoadResult[];
  orgSync: Array<{
    size: number;
    full: { graphRequests: number; floor: number; seconds: number; peakMemoryMb: number; written: number };
    incremental: { changes: number; graphRequests: number; seconds: number; updated: number; peakMemoryMb: number };
    unchanged: { graphRequests: number; ms: number };
  }>;
  /** Null when the run skipped the web figures (`BENCH_WEB=0`). */
  web: { sizes: WebSizes; timings: PageTiming[] } | null;
}

const LATENCY_TARGET_MS = 100;
const TARGETED = new Set(['team view', '1:1 agenda', 'weekly-mail draft', 'team check-in', 'team check-in (1,500 reports)']);
/** Endpoints measured only in some tenants, whose commands must equal another endpoint's (the big team's check-in and a normal team's). */
const SAME_AS: Record<string, string> = { 'team check-in (1,500 reports)': 'team check-in' };
const FIRST_CONTENT_TARGETS: Record<string, number> = { 'task pane': 500, 'tab Home': 1000, '1:1 agenda': 1000 };

const mark = (ok: boolean): string => (ok ? '✅ met' : '❌ missed');

function table(header: string[], rows: Array<Array<string | number>>): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join(
    '\n',
  );
}

/** The readable report: every figure beside its target. */
export function renderMarkdown(report: BenchReport): string {
  const out: string[] = [];
  out.push(`# Northstar benchmark — ${report.startedAt}`, '');
  out.push(
    `Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GiB, Node ${report.machine.node}; ` +
      `embedded database (FerretDB on SQLite). Whole run ${report.durationSeconds} s; ${report.loadSecondsPerStep} s per load step.` +
      ((report.instances ?? 1) > 1
        ? ` Rows named "(${report.instances} instances)" spread the same requests round-robin over ${report.instances} server processes on that one database (same machine).`
        : ''),
    '',
  );
  const agenda = report.load.find((r) => r.endpoint === '1:1 agenda' && r.connections === 50);
  if (agenda) {
    out.push(
      `**1:1 agenda, ${report.tenants[report.tenants.length - 1]?.size ?? '?'}-person tenant, 50 connections: p95 ${agenda.p95Ms} ms ` +
        `(p50 ${agenda.p50Ms} ms, ${agenda.requestsPerSecond} req/s; target < ${LATENCY_TARGET_MS} ms) — ${mark(agenda.p95Ms < LATENCY_TARGET_MS && agenda.non2xx === 0)}**`,
      '',
    );
  }
  out.push('## Seeded tenants', '');
  out.push(
    table(
      ['people', 'objectives', 'key results', 'check-ins', 'weekly mails', 'seeded in'],
      report.tenants.map((t) => [
        t.size,
        t.counts.objectives,
        t.counts.keyResults,
        t.counts.checkIns,
        t.counts.weeklyReports,
        `${(t.seedMs / 1000).toFixed(1)} s`,
      ]),
    ),
    '',
  );

  const health = new Map(report.load.filter((r) => r.endpoint === 'health').map((r) => [r.connections, r]));
  const largest = report.tenants[report.tenants.length - 1];
  out.push(`## Load on the ${largest?.size ?? '?'}-person tenant (manager with ${largest?.managerReports ?? '?'} direct reports)`, '');
  out.push(
    table(
      [
        'endpoint',
        'connections',
        'req/s',
        'share of /api/health',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'non-2xx',
        'errors',
        'target (p95 < 100 ms at 50)',
      ],
      report.load.map((r) => {
        const ceiling = health.get(r.connections);
        const share = ceiling && r.endpoint !== 'health' ? `${Math.round((r.requestsPerSecond / ceiling.requestsPerSecond) * 100)} %` : '—';
        const target = TARGETED.has(r.endpoint) && r.connections === 50 ? mark(r.p95Ms < LATENCY_TARGET_MS && r.non2xx === 0) : '';
        const non2xx =
          r.non2xx === 0
            ? '0'
            : `${r.non2xx} (${Object.entries(r.statuses)
                .filter(([status]) => !status.startsWith('2'))
                .map(([status, count]) => `${status}×${count}`)
                .join(', ')})`;
        return [r.endpoint, r.connections, r.requestsPerSecond, share, r.p50Ms, r.p95Ms, r.p99Ms, non2xx, r.errors, target];
      }),
    ),
    '',
  );

  out.push('## Database commands per request', '');
  const names = [...new Set(report.tenants.flatMap((t) => Object.keys(t.commands)))].filter((name) => name !== 'health');
  const countsOf = (name: string): Array<number | undefined> => report.tenants.map((t) => t.commands[name]?.total);
  out.push(
    table(
      ['endpoint', ...report.tenants.map((t) => `${t.size} people`), 'target (flat)'],
      names.map((name) => {
        const counts = countsOf(name);
        const statuses = report.tenants.map((t) => t.commands[name]?.status);
        const cells = counts.map((count, index) =>
          count === undefined ? '—' : `${count}${statuses[index] && statuses[index]! >= 300 ? ` (HTTP ${statuses[index]})` : ''}`,
        );
        const compared = [...counts, ...(SAME_AS[name] ? countsOf(SAME_AS[name]) : [])].filter((count) => count !== undefined);
        const flat = compared.every((count) => count === compared[0]);
        return [name, ...cells, SAME_AS[name] ? `${mark(flat)} (= ${SAME_AS[name]})` : mark(flat)];
      }),
    ),
    '',
  );

  if (report.orgSync.length > 0) {
    out.push('## Org sync from the Graph stand-in', '');
    out.push(
      table(
        [
          'people',
          'full: Graph requests (floor)',
          'full: time',
          'full: peak memory',
          'target (at the floor)',
          '1% changed: requests',
          '1% changed: time',
          'no changes: requests',
        ],
        report.orgSync.map((s) => [
          s.size,
          `${s.full.graphRequests} (${s.full.floor})`,
          `${s.full.seconds} s`,
          `+${s.full.peakMemoryMb} MB`,
          mark(s.full.graphRequests <= s.full.floor),
          s.incremental.graphRequests,
          `${s.incremental.seconds} s`,
          s.unchanged.graphRequests,
        ]),
      ),
      '',
    );
  }

  if (!report.web) return `${out.join('\n')}\n`;
  out.push('## Web', '');
  const sizes = report.web.sizes;
  out.push(
    table(
      ['bundle', 'gzipped'],
      [
        ['tab, initial', `${sizes.tabInitialKb} KB`],
        ...Object.entries(sizes.tabPagesKb).map(([page, kb]) => [`tab with lazy chunk ${page}`, `${kb} KB`]),
        ['task pane, initial', `${sizes.taskPaneInitialKb} KB`],
        ['send handler', sizes.sendHandlerKb === null ? 'not built' : `${sizes.sendHandlerKb} KB`],
      ],
    ),
    '',
  );
  if (report.web.timings.length > 0) {
    out.push(
      table(
        ['first content', 'median of 5', 'runs', 'target'],
        report.web.timings.map((t) => {
          const target = FIRST_CONTENT_TARGETS[t.page];
          return [t.page, `${t.medianMs} ms`, t.runsMs.join(', '), target ? `${mark(t.medianMs < target)} (< ${target} ms)` : ''];
        }),
      ),
      '',
    );
  }
  return `${out.join('\n')}\n`;
}
