import escapeHtml from 'escape-html';
import type { WinRecord } from './wins.model.js';

/** Wins named in full in the digest (most reactions first). */
export const DIGEST_TOP_WINS = 5;
/** Posters named in the digest before "and N more". */
const NAMED_POSTERS = 12;
const REACTION_EMOJI: Record<string, string> = { celebrate: '🎉', clap: '👏', heart: '❤️', rocket: '🚀' };

/** What a team's digest of a week is built from. */
export interface DigestContent {
  teamName: string;
  isoWeek: string;
  wins: readonly WinRecord[];
  /** Display names by person id (authors). */
  names: ReadonlyMap<string, string>;
  /** Deep link into the channel tab's wins wall. */
  tabUrl: string;
}

/** The week's wins with the most reactions first (then the earliest posted). */
export function topWins(wins: readonly WinRecord[], count = DIGEST_TOP_WINS): WinRecord[] {
  return [...wins]
    .sort((a, b) => b.reactions.length - a.reactions.length || new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
    .slice(0, count);
}

/** The distinct posters of the wins, by name (unknown people as "Someone"). */
export function posters(wins: readonly WinRecord[], names: ReadonlyMap<string, string>): string[] {
  return [...new Set(wins.map((win) => win.authorId))].map((id) => names.get(id) || 'Someone').sort((a, b) => a.localeCompare(b));
}

function reactionSummary(win: WinRecord): string {
  const counts = new Map<string, number>();
  for (const reaction of win.reactions) counts.set(reaction.kind, (counts.get(reaction.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${REACTION_EMOJI[kind] ?? kind} ${count}`).join(' ');
}

/** The digest as the HTML of a Teams chatMessage (tags Teams renders; every user text escaped with `escape-html`). */
export function digestHtml(content: DigestContent): string {
  const count = content.wins.length;
  const people = posters(content.wins, content.names);
  const named = people.slice(0, NAMED_POSTERS).map(escapeHtml).join(', ');
  const more = people.length > NAMED_POSTERS ? ` and ${people.length - NAMED_POSTERS} more` : '';
  const items = topWins(content.wins).map((win) => {
    const author = escapeHtml(content.names.get(win.authorId) || 'Someone');
    const text = escapeHtml(win.text).replace(/\r?\n/g, '<br>');
    const link = win.link?.title
      ? ` <i>(${win.link.kind === 'keyResult' ? 'key result' : 'objective'}: ${escapeHtml(win.link.title)})</i>`
      : '';
    const reactions = win.reactions.length > 0 ? ` · ${reactionSummary(win)}` : '';
    return `<li><b>${author}</b>: ${text}${link}${reactions}</li>`;
  });
  return [
    `<h2>🏆 Friday wins of ${escapeHtml(content.teamName)} · ${escapeHtml(content.isoWeek)}</h2>`,
    `<p><b>${count}</b> ${count === 1 ? 'win' : 'wins'} this week, posted by ${named}${more}.</p>`,
    `<p><b>${count > DIGEST_TOP_WINS ? `Top ${DIGEST_TOP_WINS}` : 'The wins'}</b></p>`,
    `<ol>${items.join('')}</ol>`,
    `<p><a href="${escapeHtml(content.tabUrl)}">See all wins and react in Northstar</a></p>`,
  ].join('');
}

/** The activity-feed preview of the digest (plain text, Teams shows it as is; cut to its 150-character limit). */
export function digestPreview(content: Pick<DigestContent, 'teamName' | 'wins' | 'names'>): string {
  const count = content.wins.length;
  const top = topWins(content.wins, 1)[0];
  const lead = `${count} ${count === 1 ? 'win' : 'wins'} of ${content.teamName} this week`;
  const text = top ? `${lead}. Top: ${content.names.get(top.authorId) || 'Someone'}: ${top.text.replace(/\s+/g, ' ')}` : lead;
  return text.length > 150 ? `${text.slice(0, 149)}…` : text;
}
