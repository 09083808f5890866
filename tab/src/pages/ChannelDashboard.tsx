import { Body1 } from '@fluentui/react-components';
import { Loaded, Page } from '../components/PageState';
import { useSession } from '../context';
import { useResource } from '../data/useResource';
import { loadTeam, TeamView } from './Team';

/** The channel tab: a dashboard of the team's OKRs (the viewer's team as manager, else their manager's team). */
export default function ChannelDashboard() {
  const session = useSession();
  const { me, isManager, host } = session;
  const managerId = isManager ? me.id : me.manager?.id;
  const team = useResource(
    () => (managerId ? loadTeam(session, managerId, isManager ? 'review-queue' : 'objectives') : Promise.resolve(null)),
    `dashboard:${managerId ?? ''}`,
  );
  const where = host.context.channelName ? ` · ${host.context.channelName}` : '';
  return (
    <Page title={`Team OKRs${where}`}>
      <Loaded
        resource={team}
        what="the team's OKRs"
        isEmpty={(data) => !data || data.members.length === 0}
        empty="No team OKRs to show yet: once the team writes its OKRs for this period, they appear here."
      >
        {(data) => (
          <>
            <Body1 as="p">
              {isManager ? 'Your direct reports' : `${me.manager?.name ?? 'Your manager'}'s team`} this period. Open an objective to check
              in or see its history.
            </Body1>
            <TeamView data={data!} onOpenObjective={(id) => void host.openInPersonalApp(`objectives/${id}`)} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
