import { Body1, Button, Field, makeStyles, MessageBar, MessageBarBody, Select, Subtitle1, tokens } from '@fluentui/react-components';
import type { TeamReport } from '@northstar/server/contract';
import { useState } from 'react';
import { useSession } from '../../context';
import { useResource } from '../../data/useResource';
import { LoadError } from '../PageState';
import { printPage, monthName, reportApi } from './report/reportApi';
import { usePrintStyles } from './report/printStyles';
import { ReportSections } from './report/ReportSections';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', justifyContent: 'space-between' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground2 },
  picker: { minWidth: '12rem', maxWidth: '100%' },
});

/** The delivery line: whether, when and to whom the report was mailed. */
function deliveryText(report: TeamReport, dateTime: (iso: string) => string): string {
  const { delivery } = report;
  const to = delivery.recipients.map((recipient) => recipient.name || recipient.address).join(', ');
  switch (delivery.status) {
    case 'sent':
      return `Mailed ${delivery.sentAt ? dateTime(delivery.sentAt) : ''} to ${to}${delivery.sentBy === 'schedule' ? ' (scheduled)' : ''}.`;
    case 'sending':
      return 'Being mailed…';
    case 'failed':
      return `Mailing failed${delivery.error ? `: ${delivery.error}` : ''}.`;
    default:
      return report.preview ? 'Preview: computed now, not stored or mailed yet.' : 'Stored, not mailed yet.';
  }
}

/** The monthly team report: month picker, the report sections, Generate / Send for leads, and Print (a clean A4 page). */
export default function MonthlyReport({ teamId }: { teamId: string }) {
  usePrintStyles();
  const styles = useStyles();
  const { api, format } = useSession();
  const calls = reportApi(api);
  const list = useResource(() => calls.list(teamId), `reports:${teamId}`);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const months = list.status === 'ready' ? list.data.months : [];
  // Default: last month (the newest complete one), else this month.
  const month = chosen ?? months[1]?.month ?? months[0]?.month;
  const report = useResource(
    () => (month ? calls.get(teamId, month) : new Promise<TeamReport>(() => undefined)),
    `report:${teamId}:${month ?? ''}`,
  );
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);

  const act = async (send: boolean): Promise<void> => {
    if (!month) return;
    setBusy(true);
    setMessage(null);
    try {
      const result = await calls.generate(teamId, month, send ? { send: true } : {});
      report.replace(result);
      list.reload();
      setMessage(
        send && result.delivery.status !== 'sent'
          ? { intent: 'error', text: deliveryText(result, format.dateTime) }
          : { intent: 'success', text: send ? 'The report was mailed.' : 'The report was generated and stored.' },
      );
    } catch (error) {
      setMessage({ intent: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  if (list.status === 'error') return <LoadError error={list.error} onRetry={list.reload} what="the monthly reports" />;
  const current = months[0]?.month;
  const data = report.status === 'ready' ? report.data : null;
  const actions = data?.allowedActions ?? list.data?.allowedActions ?? [];
  const canSend =
    data !== null &&
    actions.includes('send') &&
    month !== current &&
    (data.delivery.status === 'not_sent' || data.delivery.status === 'failed');

  return (
    <section className={styles.root} aria-labelledby="report-heading" data-report-root="">
      <div className={styles.bar}>
        <div>
          <Subtitle1 as="h2" block id="report-heading">
            {data ? `${data.team.name} — ${monthName(data.month, format.locale)}` : 'Monthly report'}
          </Subtitle1>
          {data && (
            <Body1 as="p" block className={styles.muted}>
              {data.team.people} people · weeks {data.weeks[0]} – {data.weeks[data.weeks.length - 1]} ·{' '}
              {deliveryText(data, format.dateTime)}
            </Body1>
          )}
        </div>
        <div className={styles.actions} data-print="hide">
          <Field label="Month" className={styles.picker}>
            <Select value={month ?? ''} onChange={(_event, value) => setChosen(value.value)} disabled={months.length === 0}>
              {months.map((item) => (
                <option key={item.month} value={item.month}>
                  {monthName(item.month, format.locale)}
                  {item.month === current ? ' (so far)' : item.deliveryStatus === 'sent' ? ' · mailed' : item.stored ? ' · stored' : ''}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </div>
      <div className={styles.actions} role="group" aria-label="Report actions" data-print="hide">
        {actions.includes('generate') && (
          <Button disabled={busy || !data} onClick={() => void act(false)}>
            {data && !data.preview ? 'Regenerate' : 'Generate'}
          </Button>
        )}
        {actions.includes('send') && (
          <Button appearance="primary" disabled={busy || !canSend} onClick={() => void act(true)}>
            Send by mail
          </Button>
        )}
        <Button disabled={!data} onClick={printPage}>
          Print
        </Button>
      </div>
      <div aria-live="polite" data-print="hide">
        {message && (
          <MessageBar intent={message.intent}>
            <MessageBarBody>{message.text}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {(list.status === 'loading' || report.status === 'loading') && <Body1 className={styles.muted}>Loading the report…</Body1>}
      {report.status === 'error' && <LoadError error={report.error} onRetry={report.reload} what="the report" />}
      {data && <ReportSections report={data} />}
    </section>
  );
}
