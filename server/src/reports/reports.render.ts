import escapeHtml from 'escape-html';
import type { LastingItem, TeamReportContent } from '../contract/index.js';

const FONT = 'font-family:Segoe UI,Arial,sans-serif;';
const CELL = `padding:6px 8px;border:1px solid #d0d7de;${FONT}font-size:14px;color:#1f2328;vertical-align:top;`;
const HEAD = `${CELL}background:#f3f4f6;font-weight:bold;text-align:left;`;
const BAND = { green: '#107c10', yellow: '#8a6d00', red: '#c50f1f' } as const;
const BAND_TEXT = { green: 'Green', yellow: 'Yellow', red: 'Red' } as const;

/** `2026-11` as "November 2026". */
export function monthLabel(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

const percent = (progress: number): string => `${Math.round(progress * 100)}%`;

function table(headers: readonly string[], rows: readonly string[][]): string {
  const head = headers.map((header) => `<th style="${HEAD}">${escapeHtml(header)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((cell) => `<td style="${CELL}">${cell}</td>`).join('')}</tr>`).join('');
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;margin:0 0 16px 0;"><tr>${head}</tr>${body}</table>`;
}

const heading = (text: string): string =>
  `<h2 style="${FONT}font-size:17px;font-weight:bold;color:#1f2328;margin:20px 0 8px 0;">${escapeHtml(text)}</h2>`;
const paragraph = (html: string): string => `<p style="${FONT}font-size:14px;color:#1f2328;margin:0 0 12px 0;">${html}</p>`;

/** A band as coloured text that also says its name (never colour alone). */
function band(value: 'green' | 'yellow' | 'red' | null): string {
  if (!value) return '<span style="color:#57606a;">–</span>';
  return `<span style="color:${BAND[value]};font-weight:bold;">&#9679;&nbsp;${BAND_TEXT[value]}</span>`;
}

function lastingTable(items: readonly LastingItem[], what: string, column: string): string {
  if (items.length === 0) return paragraph(`No ${escapeHtml(what)} lasted more than two weeks.`);
  return table(
    ['Person', column, 'Weeks'],
    items.map((item) => [
      escapeHtml(item.personName),
      escapeHtml(item.text),
      `${item.weeks.length} (${escapeHtml(item.weeks[0]!)} – ${escapeHtml(item.weeks[item.weeks.length - 1]!)})`,
    ]),
  );
}

/** The subject line of the report mail (plain text, line breaks removed). */
export function reportSubject(report: TeamReportContent): string {
  return `Monthly team report ${monthLabel(report.month)}: ${report.team.name}`.replace(/[\r\n]+/g, ' ');
}

/**
 * The report as email-safe HTML for Outlook: tables and inline styles only, every user-entered string escaped with
 * `escape-html`, a link to the report in Teams.
 */
export function reportHtml(report: TeamReportContent, link: string): string {
  const weeks = report.weeks;
  const objectives = report.okrs.objectives.map((objective) => [
    `${escapeHtml(objective.title)}<br><span style="color:#57606a;font-size:12px;">${objective.level === 'company' ? 'Company' : 'Team'} · ${escapeHtml(objective.ownerName)}</span>`,
    `${percent(objective.progressStart)} → <b>${percent(objective.progressEnd)}</b>`,
    objective.confidence.map((week) => (week.value === null ? '–' : String(week.value))).join(' · '),
    String(objective.atRiskKeyResults),
  ]);
  const metrics = report.metrics.map((metric) => [
    `${escapeHtml(metric.name)}${metric.unit ? ` <span style="color:#57606a;">(${escapeHtml(metric.unit)})</span>` : ''}`,
    ...metric.values.map((value) => (value.value === null ? '–' : `${escapeHtml(String(value.value))}<br>${band(value.band)}`)),
  ]);
  const wins = report.wins.top.map((win) => [
    escapeHtml(win.text).replace(/\r?\n/g, '<br>') +
      (win.linkTitle ? `<br><span style="color:#57606a;font-size:12px;">${escapeHtml(win.linkTitle)}</span>` : ''),
    escapeHtml(win.authorName),
    String(win.reactions),
  ]);
  const parts = [
    `<h1 style="${FONT}font-size:21px;color:#1f2328;margin:0 0 4px 0;">${escapeHtml(report.team.name)} — ${escapeHtml(monthLabel(report.month))}</h1>`,
    paragraph(
      `${report.team.people} people · weeks ${escapeHtml(weeks[0] ?? '')} to ${escapeHtml(weeks[weeks.length - 1] ?? '')} · <a href="${escapeHtml(link)}" style="color:#0f6cbd;">Open the report in Teams</a>`,
    ),
    heading(`OKR progress and confidence (${report.okrs.periodId})`),
    objectives.length === 0
      ? paragraph('No company or team objectives in this period.')
      : table(['Objective', 'Progress (start → end)', `Confidence per week (${weeks.join(', ')})`, 'At-risk KRs'], objectives),
    heading('Health metrics'),
    metrics.length === 0 ? paragraph('The team tracks no health metrics.') : table(['Metric', ...weeks], metrics),
    heading(`Wins (${report.wins.count})`),
    wins.length === 0 ? paragraph('No wins were posted this month.') : table(['Win', 'Posted by', 'Reactions'], wins),
    heading('Red priorities that lasted more than two weeks'),
    lastingTable(report.lasting.redPriorities, 'red priorities', 'Priority'),
    heading('Risks that lasted more than two weeks'),
    lastingTable(report.lasting.risks, 'risks', 'Risk'),
  ];
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(reportSubject(report))}</title></head><body style="margin:0;padding:16px;background:#ffffff;"><table role="presentation" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:760px;"><tr><td>${parts.join('')}</td></tr></table></body></html>`;
}
