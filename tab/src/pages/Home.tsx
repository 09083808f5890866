import {
  Badge,
  Body1,
  Button,
  Card,
  CardHeader,
  Caption1,
  makeStyles,
  Subtitle1,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { CoachReport, KeyResult, Objective } from '@northstar/server/contract';
import { useCallback } from 'react';
import { CheckInForm } from '../components/CheckInForm';
import { ConfidenceBadge, keyResultFigures, Progress } from '../components/Okr';
import { Loaded, Page } from '../components/PageState';
import { useSession } from '../context';
import { mapLimited, useResource } from '../data/useResource';
import { weeksBetween } from '../format';
import { navigate } from '../router';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  company: { display: 'grid', gap: tokens.spacingVerticalS },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  kr: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingTop: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  krHead: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  hints: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  word: { overflowWrap: 'anywhere' },
});

interface MyOkrs {
  objectives: Objective[];
  coach: Map<string, CoachReport>;
}

/** Home: the company's mission and north star, my OKRs with a one-click weekly check-in, and coach hints. */
export default function Home() {
  const styles = useStyles();
  const { api, me, periods, format, thisWeek } = useSession();
  const company = useResource(() => api.company(periods.current), `company:${periods.current}`);
  const mine = useResource<MyOkrs>(async () => {
    const page = await api.objectives({ ownerId: me.id, periodId: periods.current, limit: 100 });
    const objectives = page.items.filter((objective) => objective.state !== 'closed');
    const reports = await mapLimited(objectives, 4, (objective) =>
      api.coach(objective.id).catch(() => ({ findings: [], hasErrors: false })),
    );
    return { objectives, coach: new Map(objectives.map((objective, index) => [objective.id, reports[index]!])) };
  }, `mine:${me.id}:${periods.current}`);

  const replaceKeyResult = useCallback(
    (updated: KeyResult) => {
      if (mine.status !== 'ready') return;
      mine.replace({
        ...mine.data,
        objectives: mine.data.objectives.map((objective) =>
          objective.id === updated.objectiveId
            ? { ...objective, keyResults: objective.keyResults.map((kr) => (kr.id === updated.id ? updated : kr)) }
            : objective,
        ),
      });
    },
    [mine],
  );

  return (
    <Page title="Home">
      <section className={styles.section} aria-labelledby="company-heading">
        <Subtitle1 as="h2" id="company-heading">
          Our company
        </Subtitle1>
        <Loaded resource={company} what="the company's mission">
          {(data) => (
            <div className={styles.company} data-testid="company">
              <div>
                <Caption1 block>Mission</Caption1>
                <Body1 as="p" className={styles.word} style={{ margin: 0 }}>
                  {data.mission || 'Your admin has not written the mission yet.'}
                </Body1>
              </div>
              <div>
                <Caption1 block>North star</Caption1>
                <Body1 as="p" className={styles.word} style={{ margin: 0, fontWeight: 600 }}>
                  {data.northStar || 'No north star yet.'}
                </Body1>
              </div>
              <Caption1>
                {data.period.id}: {format.date(data.period.start)} – {format.date(data.period.end)} · {data.objectives.length} company
                objectives
              </Caption1>
            </div>
          )}
        </Loaded>
      </section>

      <section className={styles.section} aria-labelledby="mine-heading">
        <Subtitle1 as="h2" id="mine-heading">
          My OKRs · {periods.current}
        </Subtitle1>
        <Loaded
          resource={mine}
          what="your OKRs"
          isEmpty={(data) => data.objectives.length === 0}
          empty="You have no OKRs this period yet. Write up to three objectives with two or three measurable key results each; your manager's team objectives are a good thing to align to."
        >
          {(data) => (
            <ul className={styles.list} data-testid="my-okrs">
              {data.objectives.map((objective) => (
                <li key={objective.id}>
                  <Card>
                    <CardHeader
                      header={
                        <Subtitle2 as="h3" className={styles.word}>
                          {objective.title}
                        </Subtitle2>
                      }
                      description={
                        <Caption1>
                          {objective.level} objective · {objective.state}
                        </Caption1>
                      }
                      action={
                        <Button
                          appearance="subtle"
                          size="small"
                          onClick={() => navigate({ page: 'objectives', id: objective.id })}
                          aria-label={`Open ${objective.title}`}
                        >
                          Open
                        </Button>
                      }
                    />
                    <Progress value={objective.progress} label={`Progress of ${objective.title}`} format={format} />
                    {objective.keyResults.map((kr) => {
                      const stale = kr.lastCheckIn ? weeksBetween(kr.lastCheckIn.isoWeek, thisWeek) >= 2 : true;
                      return (
                        <div key={kr.id} className={styles.kr} data-testid="key-result" data-key-result-id={kr.id}>
                          <div className={styles.krHead}>
                            <Text weight="semibold" className={styles.word}>
                              {kr.title}
                            </Text>
                            <ConfidenceBadge confidence={kr.lastCheckIn?.confidence} format={format} />
                            {stale && (
                              <Badge appearance="outline" color="danger">
                                No check-in for 2+ weeks
                              </Badge>
                            )}
                          </div>
                          <Caption1>{keyResultFigures(kr, format)}</Caption1>
                          <Progress value={kr.progress} label={`Progress of ${kr.title}`} format={format} />
                          {kr.allowedActions.includes('checkIn') && <CheckInForm keyResult={kr} onSaved={replaceKeyResult} />}
                        </div>
                      );
                    })}
                    <CoachHints report={data.coach.get(objective.id)} objective={objective} />
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      </section>
    </Page>
  );
}

function CoachHints({ report, objective }: { report: CoachReport | undefined; objective: Objective }) {
  const styles = useStyles();
  if (!report || report.findings.length === 0) return null;
  return (
    <div data-testid="coach-hints">
      <Caption1 as="h4" style={{ margin: 0 }}>
        Coach hints
      </Caption1>
      <ul className={styles.hints}>
        {report.findings.map((finding, index) => (
          <li key={`${finding.rule}:${index}`}>
            <Caption1>
              <strong>{finding.severity}</strong>
              {finding.target.kind === 'keyResult' && finding.target.keyResultIndex !== undefined
                ? ` · ${objective.keyResults[finding.target.keyResultIndex]?.title ?? 'key result'}`
                : ''}
              : {finding.message}
            </Caption1>
          </li>
        ))}
      </ul>
    </div>
  );
}
