import { useSession } from '../context';
import { navigate } from '../router';
import { TeamRitualsShell } from './ChannelDashboard';
import { cleanTeamId, parseSection } from './teamSections';
import { Empty, Page } from '../components/PageState';

/**
 * A team's rituals in the personal app (`#/team-rituals/<teamId>/<section>`), where activity-feed and
 * mail links land: the same shell as the channel tab.
 */
export default function TeamRituals({ teamId, section }: { teamId: string; section?: string }) {
  const { me } = useSession();
  const id = cleanTeamId(teamId);
  if (!id)
    return (
      <Page title="Team">
        <Empty>This link does not name a team.</Empty>
      </Page>
    );
  const managerName = id === me.id ? me.name : id === me.manager?.id ? me.manager.name : undefined;
  return (
    <TeamRitualsShell
      heading={{ teamId: id, teamName: managerName && `${managerName}'s team` }}
      section={parseSection(section)}
      onSection={(next) => navigate({ page: 'team-rituals', id, sub: next })}
    />
  );
}
