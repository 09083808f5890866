import escapeHtml from 'escape-html';
import { describeTimeOff } from '../calendar/calendar.presenter.js';
import type { WeeklyReport } from '../contract/index.js';

const CELL = 'padding:6px 8px;border:1px solid #d0d7de;font-family:Segoe UI,Arial,sans-serif;font-size:14px;vertical-align:top;';
const HEAD = `${CELL}background:#f3f4f6;font-weight:bold;text-align:left;`;
const COLORS = { green: '#107c10', yellow: '#b58900', red: '#c50f1f' } as const;

/** A confidence 0–10 as the traffic-light color the OKR views use. */
function confidenceHex(confidence: number | null): string {
  if (confidence === null) return '#6b7280';
  return confidence >= 7 ? COLORS.green : confidence >= 4 ? COLORS.yellow : COLORS.red;
}

const percent = (progress: number): string => `${Math.round(progress * 100)}%`;
const signed = (change: number | null): string => (change === null ? '–' : change > 0 ? `+${change}` : String(change));
const multiline = (text: string): string => escapeHtml(text).replace(/\r?\n/g, '<br>');

function table(headers: readonly string[], rows: readonly string[][]): string {
  const head = headers.map((header) => `<th style="${HEAD}">${escapeHtml(header)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((cell) => `<td style="${CELL}">${cell}</td>`).join('')}</tr>`).join('');
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;width:100%;margin:0 0 16px 0;"><tr>${head}</tr>${body}</table>`;
}

const heading = (text: string): string =>
  `<p style="font-family:Segoe UI,Arial,sans-serif;font-size:16px;font-weight:bold;margin:16px 0 8px 0;">${escapeHtml(text)}</p>`;

/** The author's own time-off text, then the out-of-office periods from their Outlook calendar. */
function timeOffLines(report: WeeklyReport): string[] {
  return [...(report.timeOff ? [report.timeOff] : []), ...(report.calendarTimeOff ?? []).map(describeTimeOff)];
}

/** The wins the mail shows: none when the author switched the section off. */
function mailedWins(report: WeeklyReport): WeeklyReport['wins'] {
  return report.includeWins ? (report.wins ?? []) : [];
}

const linkLabel = (link: NonNullable<WeeklyReport['wins'][number]['link']>): string =>
  `${link.kind === 'keyResult' ? 'key result' : 'objective'}: ${link.title ?? ''}`;

/** The subject line of a report's mail (plain text; line breaks removed). */
export function weeklySubject(report: WeeklyReport): string {
  return `Weekly OKR update ${report.isoWeek}: ${report.author.displayName}`.replace(/[\r\n]+/g, ' ');
}

/** The mail body as email-safe HTML: tables and inline styles only, every user-entered string escaped with `escape-html`. */
export function weeklyHtml(report: WeeklyReport): string {
  const keyResultRows = report.keyResults.map((kr) => [
    `${escapeHtml(kr.title)}<br><span style="color:#6b7280;font-size:12px;">${escapeHtml(kr.objectiveTitle)}</span>`,
    `${escapeHtml(String(kr.value))} ${escapeHtml(kr.unit)} (${percent(kr.progress)})`,
    `<span style="color:${confidenceHex(kr.confidence)};font-weight:bold;">${kr.confidence ?? '–'}/10</span>`,
    signed(kr.confidenceChange),
    multiline(kr.note),
  ]);
  const titleOf = new Map(report.keyResults.map((kr) => [kr.keyResultId, kr.title]));
  const lastWeekRows = report.lastWeekPriorities.map((priority) => [
    priority.status ? `<span style="color:${COLORS[priority.status]};font-weight:bold;">${priority.status.toUpperCase()}</span>` : '–',
    escapeHtml(priority.title),
  ]);
  const priorityRows = report.priorities.map((priority) => [
    `P${priority.rank}`,
    escapeHtml(priority.title),
    priority.keyResultId ? escapeHtml(titleOf.get(priority.keyResultId) ?? '') : '',
  ]);
  const winItems = mailedWins(report).map(
    (win) =>
      `<li style="margin:0 0 4px 0;">${multiline(win.text)}${
        win.link?.title ? ` <span style="color:#6b7280;font-size:12px;">(${escapeHtml(linkLabel(win.link))})</span>` : ''
      }${win.reactionCount > 0 ? ` <span style="color:#6b7280;font-size:12px;">· ${win.reactionCount} reactions</span>` : ''}</li>`,
  );
  return [
    '<div style="font-family:Segoe UI,Arial,sans-serif;font-size:14px;color:#111827;">',
    heading('1. Key results'),
    keyResultRows.length > 0
      ? table(['Key result', 'Progress', 'Confidence', 'Change', 'Note'], keyResultRows)
      : '<p style="margin:0 0 16px 0;">No active key results.</p>',
    heading("2. Last week's priorities"),
    lastWeekRows.length > 0 ? table(['Status', 'Priority'], lastWeekRows) : '<p style="margin:0 0 16px 0;">None.</p>',
    heading("This week's priorities"),
    priorityRows.length > 0 ? table(['Rank', 'Priority', 'Key result'], priorityRows) : '<p style="margin:0 0 16px 0;">None.</p>',
    ...(winItems.length > 0 ? [heading('Wins'), `<ul style="margin:0 0 16px 0;padding-left:20px;">${winItems.join('')}</ul>`] : []),
    heading('Risks and blockers'),
    `<p style="margin:0 0 16px 0;">${report.risks ? multiline(report.risks) : 'None.'}</p>`,
    heading('Time off'),
    `<p style="margin:0 0 16px 0;">${timeOffLines(report).map(multiline).join('<br>') || 'None.'}</p>`,
    '</div>',
  ].join('');
}

/** The plain-text alternative of the mail (user text as is). */
export function weeklyText(report: WeeklyReport): string {
  const lines = [`Weekly OKR update ${report.isoWeek}: ${report.author.displayName}`, '', '1. KEY RESULTS'];
  if (report.keyResults.length === 0) lines.push('No active key results.');
  for (const kr of report.keyResults) {
    lines.push(
      `- ${kr.title} (${kr.objectiveTitle}): ${kr.value} ${kr.unit} (${percent(kr.progress)}), confidence ${kr.confidence ?? '–'}/10, change ${signed(kr.confidenceChange)}`,
    );
    if (kr.note) lines.push(`  Note: ${kr.note}`);
  }
  lines.push('', "2. LAST WEEK'S PRIORITIES");
  if (report.lastWeekPriorities.length === 0) lines.push('None.');
  for (const priority of report.lastWeekPriorities) lines.push(`- [${priority.status?.toUpperCase() ?? '–'}] ${priority.title}`);
  lines.push('', "THIS WEEK'S PRIORITIES");
  if (report.priorities.length === 0) lines.push('None.');
  for (const priority of report.priorities) lines.push(`P${priority.rank} ${priority.title}`);
  const wins = mailedWins(report);
  if (wins.length > 0) {
    lines.push('', 'WINS');
    for (const win of wins) lines.push(`- ${win.text}${win.link?.title ? ` (${linkLabel(win.link)})` : ''}`);
  }
  lines.push('', 'RISKS AND BLOCKERS', report.risks || 'None.', '', 'TIME OFF', timeOffLines(report).join('\n') || 'None.');
  return lines.join('\n');
}
