import { Badge, Body1, Button, Caption1, Card, makeStyles, Subtitle1, Text, tokens } from '@fluentui/react-components';
import type { CheckIn, KeyResult, Objective } from '@northstar/server/contract';
import { useState } from 'react';
import { CheckInForm } from '../components/CheckInForm';
import { ConfidenceBadge, keyResultFigures, Progress } from '../components/Okr';
import { Loaded, Page } from '../components/PageState';
import { useSession } from '../context';
import { mapLimited, useResource } from '../data/useResource';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  history: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  word: { overflowWrap: 'anywhere' },
});

/** One objective (the target of a deep link): key results, check-in history and a link to share. */
export default function ObjectiveDetail({ objectiveId }: { objectiveId: string }) {
  const styles = useStyles();
  const { api, host, format } = useSession();
  const [shared, setShared] = useState<string>();
  const objective = useResource(async () => {
    const loaded = await api.objective(objectiveId);
    const histories = await mapLimited(loaded.keyResults, 4, (kr) =>
      api
        .checkIns(kr.id)
        .then((list) => list.items)
        .catch(() => [] as CheckIn[]),
    );
    return { objective: loaded, history: new Map(loaded.keyResults.map((kr, index) => [kr.id, histories[index]!])) };
  }, `objective:${objectiveId}`);

  const replaceKeyResult = (updated: KeyResult): void => {
    if (objective.status !== 'ready') return;
    const current: Objective = objective.data.objective;
    objective.replace({
      ...objective.data,
      objective: { ...current, keyResults: current.keyResults.map((kr) => (kr.id === updated.id ? updated : kr)) },
    });
  };

  return (
    <Page title={objective.status === 'ready' ? objective.data.objective.title : 'Objective'}>
      <Loaded resource={objective} what="the objective">
        {({ objective: data, history }) => (
          <>
            <div className={styles.row}>
              <Caption1>
                {data.level} objective of {data.owner.name} · {data.periodId} · {data.state}
              </Caption1>
              <Button size="small" onClick={() => void host.shareLink(`objectives/${data.id}`, data.title).then((url) => setShared(url))}>
                Share link
              </Button>
              <span role="status">{shared ? 'Link ready to share.' : ''}</span>
            </div>
            {data.why && (
              <Body1 as="p" className={styles.word}>
                {data.why}
              </Body1>
            )}
            <Progress value={data.progress} label={`Progress of ${data.title}`} format={format} />
            <Subtitle1 as="h2">Key results</Subtitle1>
            <ul className={styles.list}>
              {data.keyResults.map((kr) => (
                <li key={kr.id}>
                  <Card>
                    <div className={styles.row}>
                      <Text weight="semibold" className={styles.word}>
                        {kr.title}
                      </Text>
                      <ConfidenceBadge confidence={kr.lastCheckIn?.confidence} format={format} />
                      <Badge appearance="outline">{kr.indicator}</Badge>
                    </div>
                    <Caption1>
                      {keyResultFigures(kr, format)}
                      {kr.dueDate ? ` · due ${format.date(kr.dueDate)}` : ''} · owner {kr.owner.name}
                    </Caption1>
                    <Progress value={kr.progress} label={`Progress of ${kr.title}`} format={format} />
                    {kr.allowedActions.includes('checkIn') && <CheckInForm keyResult={kr} onSaved={replaceKeyResult} />}
                    <details>
                      <summary>Check-in history</summary>
                      {(history.get(kr.id) ?? []).length === 0 ? (
                        <Caption1>No check-ins yet.</Caption1>
                      ) : (
                        <ul className={styles.history}>
                          {history
                            .get(kr.id)!
                            .slice(0, 12)
                            .map((checkIn) => (
                              <li key={checkIn.isoWeek} className={styles.word}>
                                {checkIn.isoWeek}: {format.number(checkIn.value)} · confidence {format.number(checkIn.confidence, 0)}
                                {checkIn.note ? ` · ${checkIn.note}` : ''}
                              </li>
                            ))}
                        </ul>
                      )}
                    </details>
                  </Card>
                </li>
              ))}
            </ul>
          </>
        )}
      </Loaded>
    </Page>
  );
}
