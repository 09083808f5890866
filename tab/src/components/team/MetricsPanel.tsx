import {
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Subtitle1,
  tokens,
} from '@fluentui/react-components';
import { MetricNumberSchema, type Metric, type TeamMetrics } from '@northstar/server/contract';
import { useMemo, useState, type FormEvent } from 'react';
import { useSession } from '../../context';
import { useResource } from '../../data/useResource';
import { Empty, LoadError } from '../PageState';
import { BandBadge, Sparkline } from './metrics/Band';
import { MetricForm, parseNumber } from './metrics/MetricForm';
import { MetricHistoryDialog } from './metrics/MetricHistoryDialog';
import { MetricImport } from './metrics/MetricImport';
import { metricsApi, type MetricsClient } from './metrics/metricsApi';

const NARROW = '@media (max-width: 720px)';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  head: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center', justifyContent: 'space-between' },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    tableLayout: 'auto',
    '& th, & td': {
      textAlign: 'left',
      verticalAlign: 'top',
      padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
    '& th': { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
    [NARROW]: {
      '& thead': { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' },
      '& tr': {
        display: 'block',
        padding: `${tokens.spacingVerticalS} 0`,
        borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      },
      '& td': { display: 'block', borderBottom: 'none', padding: `${tokens.spacingVerticalXXS} 0` },
      '& td[data-label]::before': {
        content: 'attr(data-label)',
        display: 'block',
        fontSize: tokens.fontSizeBase200,
        color: tokens.colorNeutralForeground2,
      },
    },
  },
  name: { overflowWrap: 'anywhere', fontWeight: tokens.fontWeightSemibold },
  value: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  entry: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS },
  entryInput: { width: '7rem', maxWidth: '100%' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

/** A value with its unit, e.g. "99.42 %" or "385 ms". */
function withUnit(value: number | null, unit: string, format: (value: number) => string): string {
  if (value === null) return '–';
  return unit ? `${format(value)} ${unit}` : format(value);
}

/** Enters this week's value of a metric in its row. */
function ValueEntry({
  client,
  teamId,
  metric,
  onSaved,
}: {
  client: MetricsClient;
  teamId: string;
  metric: Metric;
  onSaved(metric: Metric): void;
}) {
  const styles = useStyles();
  const [text, setText] = useState(metric.value === null ? '' : String(metric.value));
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const number = parseNumber(text);
    const checked = number === undefined ? null : MetricNumberSchema.safeParse(number);
    if (!checked || !checked.success) {
      setProblem(checked ? `The value ${checked.error.issues[0]?.message ?? 'is not valid'}.` : 'Enter a number, e.g. 99.5.');
      return;
    }
    setSaving(true);
    setProblem(undefined);
    try {
      onSaved(await client.putValue(teamId, metric.id, metric.isoWeek, checked.data, metric.valueVersion));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form className={styles.entry} onSubmit={(event) => void submit(event)} noValidate>
      <Field validationMessage={problem} aria-label={`This week's value of ${metric.name}`}>
        <Input
          className={styles.entryInput}
          size="small"
          inputMode="decimal"
          aria-label={`This week's value of ${metric.name}`}
          value={text}
          onChange={(_, data) => setText(data.value)}
        />
      </Field>
      <Button size="small" type="submit" disabled={saving}>
        {saving ? 'Saving…' : 'Save'}
      </Button>
    </form>
  );
}

/** A team's health metrics (KPIs): this week's value and band of each, a quarter's trend, entry, definitions, history and CSV import. */
export default function MetricsPanel({ teamId }: { teamId: string }) {
  const styles = useStyles();
  const { api, format } = useSession();
  const client = useMemo(() => metricsApi(api), [api]);
  const list = useResource<TeamMetrics>(() => client.list(teamId), `metrics:${teamId}`);
  const [editing, setEditing] = useState<Metric | 'new' | null>(null);
  const [historyOf, setHistoryOf] = useState<Metric | null>(null);
  const [importing, setImporting] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const number = (value: number): string => format.number(value, 4);

  const replace = (metric: Metric, message: string): void => {
    if (list.status !== 'ready') return;
    const known = list.data.metrics.some((row) => row.id === metric.id);
    const metrics = metric.archived
      ? list.data.metrics.filter((row) => row.id !== metric.id)
      : known
        ? list.data.metrics.map((row) => (row.id === metric.id ? metric : row))
        : [...list.data.metrics, metric];
    list.replace({ ...list.data, metrics });
    setAnnouncement(message);
  };
  const archive = async (metric: Metric): Promise<void> => {
    if (!window.confirm(`Archive ${metric.name}? It leaves this list and the check-in; its history stays.`)) return;
    try {
      replace(await client.archive(teamId, metric.id, { version: metric.version }), `${metric.name} archived.`);
    } catch (error) {
      setAnnouncement(error instanceof Error ? error.message : String(error));
    }
  };

  const actions = list.status === 'ready' ? list.data.allowedActions : [];
  return (
    <section className={styles.section} aria-labelledby="metrics-heading">
      <div className={styles.head}>
        <Subtitle1 as="h2" id="metrics-heading">
          Health metrics
        </Subtitle1>
        <div className={styles.buttons}>
          {actions.includes('import') && <Button onClick={() => setImporting(true)}>Import CSV</Button>}
          {actions.includes('create') && (
            <Button appearance="primary" onClick={() => setEditing('new')}>
              Add metric
            </Button>
          )}
        </div>
      </div>
      <Body1 as="p" className={styles.muted}>
        What keeps the ship running, week by week. Metrics are not objectives: they never count towards OKR progress.
      </Body1>
      <div role="status" aria-live="polite" className={styles.muted}>
        {announcement}
      </div>
      {list.status === 'loading' && <Caption1>Loading the metrics…</Caption1>}
      {list.status === 'error' && <LoadError error={list.error} onRetry={list.reload} what="the metrics" />}
      {list.status === 'ready' && list.data.metrics.length === 0 && (
        <Empty>
          No health metrics yet.{' '}
          {actions.includes('create') ? 'Add the few numbers the team watches every week.' : 'The team’s manager adds them.'}
        </Empty>
      )}
      {list.status === 'ready' && list.data.metrics.length > 0 && (
        <table className={styles.table} aria-label={`Health metrics, week ${list.data.isoWeek}`}>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">This week ({list.data.isoWeek})</th>
              <th scope="col">Last 13 weeks</th>
              <th scope="col">Owner</th>
              <th scope="col">
                <span>Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.metrics.map((metric) => (
              <tr key={metric.id} data-metric={metric.id}>
                <td>
                  <div className={styles.name}>{metric.name}</div>
                  <Caption1 className={styles.muted}>
                    {metric.direction === 'higher_is_better' ? 'Higher is better' : 'Lower is better'} · green{' '}
                    {metric.direction === 'higher_is_better' ? '≥' : '≤'} {withUnit(metric.thresholds.green, metric.unit, number)}, yellow{' '}
                    {metric.direction === 'higher_is_better' ? '≥' : '≤'} {withUnit(metric.thresholds.yellow, metric.unit, number)}
                  </Caption1>
                </td>
                <td data-label={`This week (${metric.isoWeek})`}>
                  <div className={styles.value}>
                    <BandBadge band={metric.band} />
                    <span>{withUnit(metric.value, metric.unit, number)}</span>
                    {metric.previousValue !== null && (
                      <Caption1 className={styles.muted}>last week {withUnit(metric.previousValue, metric.unit, number)}</Caption1>
                    )}
                  </div>
                  {metric.allowedActions.includes('enterValue') && (
                    <ValueEntry
                      key={`${metric.id}:${metric.valueVersion}`}
                      client={client}
                      teamId={teamId}
                      metric={metric}
                      onSaved={(saved) =>
                        replace(saved, `${saved.name}: ${withUnit(saved.value, saved.unit, number)} saved for ${saved.isoWeek}.`)
                      }
                    />
                  )}
                </td>
                <td data-label="Last 13 weeks">
                  <Sparkline points={metric.trend} unit={metric.unit} format={number} />
                </td>
                <td data-label="Owner" className={styles.muted}>
                  {metric.owner.name || metric.owner.upn || 'Someone no longer here'}
                </td>
                <td>
                  <div className={styles.actions}>
                    <Button size="small" appearance="subtle" onClick={() => setHistoryOf(metric)} aria-label={`History of ${metric.name}`}>
                      History
                    </Button>
                    {metric.allowedActions.includes('update') && (
                      <Button size="small" appearance="subtle" onClick={() => setEditing(metric)} aria-label={`Edit ${metric.name}`}>
                        Edit
                      </Button>
                    )}
                    {metric.allowedActions.includes('archive') && (
                      <Button size="small" appearance="subtle" onClick={() => void archive(metric)} aria-label={`Archive ${metric.name}`}>
                        Archive
                      </Button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.status === 'error' || list.status === 'loading' ? null : (
        <MetricForm
          client={client}
          teamId={teamId}
          metric={editing && editing !== 'new' ? editing : undefined}
          open={editing !== null}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            replace(saved, `${saved.name} saved.`);
          }}
        />
      )}
      {historyOf && <MetricHistoryDialog client={client} teamId={teamId} metric={historyOf} onClose={() => setHistoryOf(null)} />}
      {importing && (
        <MetricImport
          client={client}
          teamId={teamId}
          onClose={() => setImporting(false)}
          onImported={() => {
            list.reload();
            setAnnouncement('Values imported.');
          }}
        />
      )}
      {list.status === 'ready' && list.data.metrics.some((metric) => metric.band === 'red') && (
        <MessageBar intent="warning">
          <MessageBarBody>
            Out of band this week:{' '}
            {list.data.metrics
              .filter((metric) => metric.band === 'red')
              .map((metric) => metric.name)
              .join(', ')}
            .
          </MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
