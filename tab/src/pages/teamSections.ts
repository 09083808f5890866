/** The sections of a team's rituals page (the channel tab and the personal app's `team-rituals/<teamId>`). */
export const TEAM_SECTIONS = [
  { id: 'checkin', label: 'Check-in' },
  { id: 'wins', label: 'Wins' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'report', label: 'Report' },
  { id: 'okrs', label: 'OKRs' },
] as const;

/** One section id: `checkin`, `wins`, `metrics`, `report` or `okrs`. */
export type TeamSection = (typeof TEAM_SECTIONS)[number]['id'];

/** The section a channel tab opens when its address names none. */
export const DEFAULT_SECTION: TeamSection = 'checkin';

/** Reads a section from a hash or sub-path (`#wins`, `#/report`, `wins`); anything else is the default. */
export function parseSection(value: string | undefined | null): TeamSection {
  const name = (value ?? '').replace(/^#?\/?/, '').toLowerCase();
  return TEAM_SECTIONS.find((section) => section.id === name)?.id ?? DEFAULT_SECTION;
}

/** A team id as the tab accepts it from an address: a GUID-like token, nothing that could be a path or markup. */
export function cleanTeamId(value: string | undefined | null): string | undefined {
  const text = (value ?? '').trim();
  return /^[\w.-]{1,100}$/.test(text) ? text : undefined;
}

/** The team of a channel tab's address (`?team=<teamId>`), if it names a valid one. */
export function teamOfSearch(search: string): string | undefined {
  return cleanTeamId(new URLSearchParams(search).get('team'));
}

/** The content address a configured channel tab loads: `<origin>/tab/channel?team=<teamId>`. */
export function channelContentUrl(origin: string, teamId: string): string {
  const url = new URL('/tab/channel', origin);
  url.searchParams.set('team', teamId);
  return url.toString();
}

/** The entity id Teams keeps for a channel tab bound to a team. */
export function channelEntityId(teamId: string): string {
  return `northstar-team:${teamId}`;
}

/** The personal-app sub-page of a team's rituals at a section (what activity-feed and mail links open). */
export function teamRitualsSubPage(teamId: string, section?: TeamSection): string {
  const path = `team-rituals/${encodeURIComponent(teamId)}`;
  return section && section !== DEFAULT_SECTION ? `${path}/${section}` : path;
}
