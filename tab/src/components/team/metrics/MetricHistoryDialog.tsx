import {
  Body1,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Spinner,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import type { Metric, MetricChange, MetricHistory } from '@northstar/server/contract';
import { useSession } from '../../../context';
import { useResource } from '../../../data/useResource';
import { LoadError } from '../../PageState';
import { BandBadge } from './Band';
import type { MetricsClient } from './metricsApi';

const useStyles = makeStyles({
  surface: { maxWidth: 'min(720px, calc(100vw - 24px))', boxSizing: 'border-box' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th, & td': {
      textAlign: 'left',
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      overflowWrap: 'anywhere',
    },
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
});

const FIELD_LABEL: Record<string, string> = {
  name: 'name',
  unit: 'unit',
  direction: 'direction',
  'thresholds.green': 'green threshold',
  'thresholds.yellow': 'yellow threshold',
  description: 'description',
  owner: 'owner',
  archived: 'archived',
  value: 'value',
};

/** One change in words: "changed the value of 2026-W49 from 290 to 295". */
function describe(change: MetricChange): string {
  if (change.kind === 'created') return 'added the metric';
  if (change.kind === 'archived') return 'archived the metric';
  const shown = (value: string | null): string => (value === null || value === '' ? 'nothing' : value);
  return change.changes
    .map((item) => {
      const what = item.field === 'value' ? `the value of ${change.isoWeek ?? ''}` : `the ${FIELD_LABEL[item.field] ?? item.field}`;
      return item.from === null ? `set ${what} to ${shown(item.to)}` : `changed ${what} from ${shown(item.from)} to ${shown(item.to)}`;
    })
    .join('; ');
}

/** Values per week and who changed what, for one metric. */
export function MetricHistoryDialog({
  client,
  teamId,
  metric,
  onClose,
}: {
  client: MetricsClient;
  teamId: string;
  metric: Metric;
  onClose(): void;
}) {
  const styles = useStyles();
  const { format } = useSession();
  const history = useResource<MetricHistory>(() => client.history(teamId, metric.id), `metric-history:${teamId}:${metric.id}`);
  const unit = metric.unit ? ` ${metric.unit}` : '';
  const title = `History of ${metric.name}`;
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-label={title}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent className={styles.content}>
            {history.status === 'loading' && <Spinner label="Loading the history…" />}
            {history.status === 'error' && <LoadError error={history.error} onRetry={history.reload} what="the history" />}
            {history.status === 'ready' && (
              <>
                <Subtitle2 as="h3">Values per week</Subtitle2>
                {history.data.values.length === 0 ? (
                  <Body1 className={styles.muted}>No values in the last weeks.</Body1>
                ) : (
                  <table className={styles.table}>
                    <thead>
                      <tr>
                        <th scope="col">Week</th>
                        <th scope="col">Value</th>
                        <th scope="col">Band</th>
                        <th scope="col">Entered by</th>
                      </tr>
                    </thead>
                    <tbody>
                      {history.data.values.map((row) => (
                        <tr key={row.isoWeek}>
                          <td>{row.isoWeek}</td>
                          <td>
                            {format.number(row.value, 4)}
                            {unit}
                          </td>
                          <td>
                            <BandBadge band={row.band} />
                          </td>
                          <td>
                            {row.enteredBy.name || row.enteredBy.upn || 'Someone no longer here'}
                            <Caption1 as="span" className={styles.muted}>
                              {' '}
                              · {format.dateTime(row.enteredAt)}
                            </Caption1>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                <Subtitle2 as="h3">Who changed what</Subtitle2>
                <ul className={styles.list} aria-label="Changes, newest first">
                  {history.data.changes.map((change, index) => {
                    return (
                      <li key={`${change.at}:${index}`}>
                        <Body1>
                          <strong>{change.by.name || change.by.upn || 'Someone no longer here'}</strong> {describe(change)}
                          {change.imported ? ' (CSV import)' : ''}
                        </Body1>{' '}
                        <Caption1 className={styles.muted}>{format.dateTime(change.at)}</Caption1>
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
