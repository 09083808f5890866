import { Body1, Caption1, makeStyles, mergeClasses, Spinner, Tab, TabList, tokens } from '@fluentui/react-components';
import type { ChannelTab, TeamCheckInAgenda } from '@northstar/server/contract';
import { Suspense, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../client/api-error';
import { Empty, Loaded, Page } from '../components/PageState';
import { useSession, type TabSession } from '../context';
import { useResource } from '../data/useResource';
import { lazyPage, type LazyPage } from '../lazyPage';
import { loadTeam, TeamView } from './Team';
import { parseSection, TEAM_SECTIONS, teamOfSearch, type TeamSection } from './teamSections';

const useStyles = makeStyles({
  nav: {
    flexWrap: 'wrap',
    minWidth: 0,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    '@media print': { display: 'none' },
  },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  printHidden: { '@media print': { display: 'none' } },
});

type SectionComponent = LazyPage<{ teamId: string }>;

/** The sections' components, each loaded when first shown. */
const SECTIONS: Record<TeamSection, SectionComponent> = {
  checkin: lazyPage(() => import('../components/team/TeamCheckIn')),
  wins: lazyPage(() => import('../components/team/WinsWall')),
  metrics: lazyPage(() => import('../components/team/MetricsPanel')),
  report: lazyPage(() => import('../components/team/MonthlyReport')),
  okrs: { Component: TeamOkrs, preload: () => Promise.resolve() },
};

/** What the header says about a team. */
export interface TeamHeading {
  teamId: string;
  /** The team's name ("<manager>'s team"), when known. */
  teamName?: string;
  /** Where the tab runs, e.g. the channel's name. */
  where?: string;
}

/** The team's OKRs this period (the channel tab's former dashboard), one card per direct report. */
function TeamOkrs({ teamId }: { teamId: string }) {
  const session = useSession();
  const { me, isManager, host } = session;
  const own = isManager && teamId === me.id;
  const team = useResource(() => loadTeam(session, teamId, own ? 'review-queue' : 'objectives'), `team-okrs:${teamId}`);
  return (
    <Loaded
      resource={team}
      what="the team's OKRs"
      isEmpty={(data) => data.members.length === 0}
      empty="No team OKRs to show yet: once the team writes its OKRs for this period, they appear here."
    >
      {(data) => (
        <>
          <Body1 as="p">This period&apos;s OKRs of the team. Open an objective to check in or see its history.</Body1>
          <TeamView data={data} onOpenObjective={(id) => void host.openInPersonalApp(`objectives/${id}`)} />
        </>
      )}
    </Loaded>
  );
}

/**
 * A team's rituals: header, a tab list of sections (Check-in · Wins · Metrics · Report · OKRs) and the open
 * section. The channel tab and the personal app's `team-rituals/<teamId>` both render it.
 */
export function TeamRitualsShell({
  heading,
  section,
  onSection,
}: {
  heading: TeamHeading;
  section: TeamSection;
  onSection(section: TeamSection): void;
}) {
  const styles = useStyles();
  const Section = SECTIONS[section].Component;
  const title = useTeamName(heading);
  return (
    <Page title={title}>
      {heading.where && <Caption1 className={mergeClasses(styles.muted, styles.printHidden)}>{heading.where}</Caption1>}
      <TabList
        className={styles.nav}
        size="small"
        selectedValue={section}
        onTabSelect={(_, data) => onSection(parseSection(String(data.value)))}
        aria-label="Team sections"
        data-testid="team-sections"
      >
        {TEAM_SECTIONS.map((item) => (
          <Tab key={item.id} value={item.id} id={`team-tab-${item.id}`} aria-controls="team-section">
            {item.label}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" id="team-section" aria-labelledby={`team-tab-${section}`} className={styles.panel} data-section={section}>
        <Suspense fallback={<Spinner size="small" label="Loading…" labelPosition="after" data-testid="loading-state" />}>
          <Section key={`${section}:${heading.teamId}`} teamId={heading.teamId} />
        </Suspense>
      </div>
    </Page>
  );
}

/** The team's name: from the heading, else from the team's check-in (one red item asked for, to keep it small). */
function useTeamName(heading: TeamHeading): string {
  const { api } = useSession();
  const [name, setName] = useState(heading.teamName);
  useEffect(() => {
    if (heading.teamName) {
      setName(heading.teamName);
      return;
    }
    let active = true;
    api.request<TeamCheckInAgenda>('GET', `/api/teams/${encodeURIComponent(heading.teamId)}/check-ins/current?limit=1`).then(
      (agenda) => active && setName(agenda.teamName),
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, [api, heading.teamId, heading.teamName]);
  return name ?? 'Team';
}

/** The section of a channel tab's address (`#wins`); follows hash changes so a deep link and Back open it. */
function useHashSection(): [TeamSection, (section: TeamSection) => void] {
  const [section, setSection] = useState<TeamSection>(() => parseSection(window.location.hash));
  useEffect(() => {
    const follow = (): void => setSection(parseSection(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const choose = useCallback((next: TeamSection) => {
    history.replaceState(null, '', `${window.location.pathname}${window.location.search}#${next}`);
    setSection(next);
  }, []);
  return [section, choose];
}

/** The team a channel tab shows: `?team=` of its content URL, else its channel's binding, else the viewer's own team. */
async function resolveChannelTeam(session: TabSession): Promise<TeamHeading | null> {
  const { me, isManager, host, api } = session;
  const where = host.context.channelName ? `Channel: ${host.context.channelName}` : undefined;
  const fromUrl = teamOfSearch(window.location.search);
  const channelId = host.context.channelId;
  const binding = channelId
    ? await api.request<ChannelTab>('GET', `/api/channel-tabs/${encodeURIComponent(channelId)}`).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      })
    : null;
  const teamId = fromUrl ?? binding?.teamId ?? (isManager ? me.id : me.manager?.id);
  if (!teamId) return null;
  const managerName = teamId === me.id ? me.name : teamId === me.manager?.id ? me.manager.name : undefined;
  const teamName = binding?.teamId === teamId ? binding.teamName : managerName && `${managerName}'s team`;
  return { teamId, teamName: teamName || undefined, where };
}

/** The channel tab: the rituals of the team the tab is bound to. */
export default function ChannelDashboard() {
  const session = useSession();
  const [section, setSection] = useHashSection();
  const team = useResource(() => resolveChannelTeam(session), `channel-team:${session.host.context.channelId ?? ''}`);
  if (team.status === 'ready' && !team.data)
    return (
      <Page title="Team">
        <Empty>This tab is not bound to a team yet. A team lead binds it from the tab&apos;s settings.</Empty>
      </Page>
    );
  return (
    <Loaded resource={team} what="the team of this channel">
      {(heading) => <TeamRitualsShell heading={heading!} section={section} onSection={setSection} />}
    </Loaded>
  );
}
