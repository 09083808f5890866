import { Badge, Caption1, Card, CardHeader, Link, makeStyles, Subtitle1, Subtitle2, Text, tokens } from '@fluentui/react-components';
import type { AlignmentGraph, CheckIn, Objective, WeeklyPerson } from '@northstar/server/contract';
import { ConfidenceHeatmap } from '../components/Heatmap';
import { ConfidenceBadge, keyResultFigures, Progress } from '../components/Okr';
import { Empty, Loaded, Page } from '../components/PageState';
import { useSession, type TabSession } from '../context';
import type { TabApi } from '../data/api';
import { mapLimited, useResource } from '../data/useResource';
import { weeksBetween } from '../format';
import { navigate } from '../router';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  objective: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingTop: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  krs: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  word: { overflowWrap: 'anywhere' },
});

/** What the team page shows first: the team, their objectives and the alignment around them (check-ins follow). */
export interface TeamData {
  members: WeeklyPerson[];
  objectives: Objective[];
  alignment: AlignmentGraph | null;
}

/** Loads a manager's team: members (from the weekly review queue, or the objectives' owners), objectives and alignment. */
export async function loadTeam(
  session: TabSession,
  managerId: string,
  membersFrom: 'review-queue' | 'objectives' = 'review-queue',
): Promise<TeamData> {
  const { api, periods, thisWeek } = session;
  const [queue, page, alignment] = await Promise.all([
    membersFrom === 'review-queue' ? api.reviewQueue(thisWeek) : Promise.resolve(undefined),
    api.objectives({ teamOf: managerId, scope: 'direct', periodId: periods.current, limit: 100 }),
    api.alignment({ teamOf: managerId, scope: 'direct', periodId: periods.current }).catch(() => null),
  ]);
  const objectives = page.items.filter((objective) => objective.owner.id !== managerId && objective.state !== 'closed');
  const owners = new Map(
    objectives.map((objective) => [
      objective.owner.id,
      { id: objective.owner.id, displayName: objective.owner.name, email: objective.owner.upn },
    ]),
  );
  const people: WeeklyPerson[] = queue ? queue.items.filter((item) => !item.own).map((item) => item.author) : [...owners.values()];
  return { members: people, objectives, alignment };
}

/** Check-ins of every key result of some objectives, by key result id. */
export async function loadCheckIns(api: TabApi, objectives: Objective[]): Promise<Map<string, CheckIn[]>> {
  const keyResults = objectives.flatMap((objective) => objective.keyResults);
  const lists = await mapLimited(keyResults, 6, (kr) => api.checkIns(kr.id).then((list) => list.items));
  return new Map(keyResults.map((kr, index) => [kr.id, lists[index]!]));
}

/** Team (managers): each direct report's OKRs with progress, a confidence heatmap by week, stale key results and alignment. */
export default function Team() {
  const session = useSession();
  const team = useResource(() => loadTeam(session, session.me.id), `team:${session.me.id}`);
  return (
    <Page title="My team">
      <Loaded
        resource={team}
        what="your team"
        isEmpty={(data) => data.members.length === 0}
        empty="No one reports to you in the directory yet."
      >
        {(data) => <TeamView data={data} />}
      </Loaded>
    </Page>
  );
}

/** The team's OKRs, one card per person; `readOnly` hides links that need the personal app. */
export function TeamView({ data, onOpenObjective }: { data: TeamData; onOpenObjective?: (objectiveId: string) => void }) {
  const styles = useStyles();
  const { api, format, thisWeek } = useSession();
  const checkIns = useResource(() => loadCheckIns(api, data.objectives), data.objectives.map((objective) => objective.id).join());
  const titles = new Map((data.alignment?.nodes ?? []).map((node) => [node.id, node.title]));
  const unaligned = new Set(data.alignment?.gaps.alignedToNothing ?? []);
  const open = onOpenObjective ?? ((id: string) => navigate({ page: 'objectives', id }));
  return (
    <ul className={styles.list}>
      {data.members.map((member) => {
        const objectives = data.objectives.filter((objective) => objective.owner.id === member.id);
        const keyResults = objectives.flatMap((objective) => objective.keyResults);
        return (
          <li key={member.id} data-testid="team-member" data-person-id={member.id}>
            <Card>
              <CardHeader
                header={
                  <Subtitle1 as="h2" className={styles.word}>
                    {member.displayName}
                  </Subtitle1>
                }
                description={<Caption1>{objectives.length === 1 ? '1 objective' : `${objectives.length} objectives`}</Caption1>}
              />
              {objectives.length === 0 && <Empty>No OKRs this period yet.</Empty>}
              {objectives.map((objective) => (
                <div key={objective.id} className={styles.objective}>
                  <div className={styles.row}>
                    <Link as="button" onClick={() => open(objective.id)} className={styles.word}>
                      <Subtitle2>{objective.title}</Subtitle2>
                    </Link>
                  </div>
                  <Progress value={objective.progress} label={`Progress of ${objective.title}`} format={format} />
                  <div className={styles.row}>
                    {unaligned.has(objective.id) || objective.alignedTo.length === 0 ? (
                      <Badge appearance="outline" color="warning">
                        Aligned to nothing
                      </Badge>
                    ) : (
                      <Caption1 className={styles.word}>
                        Aligned to: {objective.alignedTo.map((id) => titles.get(id) ?? 'an objective outside this view').join('; ')}
                      </Caption1>
                    )}
                  </div>
                  <ul className={styles.krs}>
                    {objective.keyResults.map((kr) => {
                      const staleFor = kr.lastCheckIn ? weeksBetween(kr.lastCheckIn.isoWeek, thisWeek) : null;
                      return (
                        <li key={kr.id} data-testid="team-key-result" data-key-result-id={kr.id}>
                          <div className={styles.row}>
                            <Text className={styles.word}>{kr.title}</Text>
                            <ConfidenceBadge confidence={kr.lastCheckIn?.confidence} format={format} />
                            {(staleFor === null || staleFor >= 2) && (
                              <Badge appearance="outline" color="danger" data-testid="stale">
                                {staleFor === null ? 'Never checked in' : `Stale: no check-in for ${staleFor} weeks`}
                              </Badge>
                            )}
                          </div>
                          <Caption1>
                            {keyResultFigures(kr, format)} · {format.percent(kr.progress)}
                          </Caption1>
                        </li>
                      );
                    })}
                  </ul>
                </div>
              ))}
              {keyResults.length > 0 && (
                <Loaded resource={checkIns} what={`confidence by week of ${member.displayName}`}>
                  {(loaded) => (
                    <ConfidenceHeatmap
                      keyResults={keyResults}
                      checkIns={loaded}
                      thisWeek={thisWeek}
                      caption={`Confidence by week of ${member.displayName}`}
                      format={format}
                    />
                  )}
                </Loaded>
              )}
            </Card>
          </li>
        );
      })}
    </ul>
  );
}
