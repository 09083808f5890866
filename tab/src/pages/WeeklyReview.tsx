import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  Field,
  makeStyles,
  Subtitle1,
  Subtitle2,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import type { WeeklyQueueStatus, WeeklyReport, WeeklyReviewQueue } from '@northstar/server/contract';
import { useState } from 'react';
import { ConfidenceBadge } from '../components/Okr';
import { Loaded, Page } from '../components/PageState';
import { useSession } from '../context';
import { useResource } from '../data/useResource';
import { mondayOf, shiftWeek } from '../format';
import { navigate } from '../router';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  weekNav: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  detail: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  plain: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  word: { overflowWrap: 'anywhere' },
});

const STATUS: Record<WeeklyQueueStatus, { label: string; color: 'success' | 'warning' | 'danger' | 'brand' }> = {
  on_time: { label: 'On time', color: 'success' },
  late: { label: 'Late', color: 'warning' },
  missing: { label: 'Missing', color: 'danger' },
  reviewed: { label: 'Reviewed', color: 'brand' },
};

/** Weekly review (managers): the week's mails of my team, on time / late / missing / reviewed; open one and mark it reviewed. */
export default function WeeklyReview({ isoWeek }: { isoWeek?: string }) {
  const styles = useStyles();
  const { api, thisWeek, format } = useSession();
  const week = isoWeek && /^\d{4}-W\d{2}$/.test(isoWeek) ? isoWeek : thisWeek;
  const queue = useResource(() => api.reviewQueue(week), `queue:${week}`);
  return (
    <Page
      title="Weekly review"
      actions={
        <div className={styles.weekNav}>
          <Button size="small" onClick={() => navigate({ page: 'weekly', id: shiftWeek(week, -1) })}>
            Previous week
          </Button>
          <Body1 aria-live="polite">
            {week} · from {format.date(mondayOf(week))}
          </Body1>
          <Button size="small" disabled={week >= thisWeek} onClick={() => navigate({ page: 'weekly', id: shiftWeek(week, 1) })}>
            Next week
          </Button>
        </div>
      }
    >
      <Loaded
        resource={queue}
        what="the review queue"
        isEmpty={(data) => data.items.length === 0}
        empty="No one's weekly mail is due to you this week."
      >
        {(data) => <Queue queue={data} onChange={queue.replace} />}
      </Loaded>
    </Page>
  );
}

function Queue({ queue, onChange }: { queue: WeeklyReviewQueue; onChange: (queue: WeeklyReviewQueue) => void }) {
  const styles = useStyles();
  const { format } = useSession();
  const [open, setOpen] = useState<string>();
  const counts = queue.items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [item.status]: (acc[item.status] ?? 0) + 1 }), {});
  return (
    <>
      <Caption1>
        {(Object.keys(STATUS) as WeeklyQueueStatus[])
          .map((status) => `${STATUS[status].label}: ${format.number(counts[status] ?? 0)}`)
          .join(' · ')}
      </Caption1>
      <ul className={styles.list} data-testid="review-queue">
        {queue.items.map((item) => {
          const isOpen = open === item.author.id;
          return (
            <li key={item.author.id} data-testid="review-item" data-author-id={item.author.id} data-status={item.status}>
              <Card>
                <div className={styles.row}>
                  <Subtitle2 as="h2" className={styles.word}>
                    {item.author.displayName}
                    {item.own ? ' (your reference mail)' : ''}
                  </Subtitle2>
                  <Badge appearance="tint" color={STATUS[item.status].color}>
                    {STATUS[item.status].label}
                  </Badge>
                  {item.report?.sentAt && <Caption1>sent {format.dateTime(item.report.sentAt)}</Caption1>}
                  {item.report && (
                    <Button size="small" aria-expanded={isOpen} onClick={() => setOpen(isOpen ? undefined : item.author.id)}>
                      {isOpen ? 'Close' : 'Open'}
                    </Button>
                  )}
                </div>
                {isOpen && item.report && (
                  <ReportDetail
                    report={item.report}
                    canReview={!item.own && item.status !== 'missing' && item.report.allowedActions.includes('review')}
                    onReviewed={(report) =>
                      onChange({
                        ...queue,
                        items: queue.items.map((other) =>
                          other.author.id === item.author.id ? { ...other, status: 'reviewed', report } : other,
                        ),
                      })
                    }
                  />
                )}
              </Card>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function ReportDetail({
  report,
  canReview,
  onReviewed,
}: {
  report: WeeklyReport;
  canReview: boolean;
  onReviewed: (report: WeeklyReport) => void;
}) {
  const styles = useStyles();
  const { api, format } = useSession();
  const [comment, setComment] = useState('');
  const [state, setState] = useState<{ saving: boolean; error?: string }>({ saving: false });

  async function markReviewed(): Promise<void> {
    setState({ saving: true });
    try {
      onReviewed(await api.review(report.author.id, report.isoWeek, comment));
      setState({ saving: false });
    } catch (error) {
      setState({ saving: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <div className={styles.detail} data-testid="review-detail">
      <Subtitle1 as="h3">OKRs and confidence</Subtitle1>
      <ul className={styles.plain}>
        {report.keyResults.map((kr) => (
          <li key={kr.keyResultId}>
            <div className={styles.row}>
              <span className={styles.word}>{kr.title}</span>
              <ConfidenceBadge confidence={kr.confidence} format={format} />
              {kr.confidenceChange !== null && kr.confidenceChange !== 0 && (
                <Caption1>
                  {kr.confidenceChange > 0 ? '+' : '−'}
                  {format.number(Math.abs(kr.confidenceChange), 0)} since last week
                </Caption1>
              )}
            </div>
            {kr.note && <Caption1 className={styles.word}>{kr.note}</Caption1>}
          </li>
        ))}
      </ul>
      <Subtitle1 as="h3">Priorities and risks</Subtitle1>
      {report.lastWeekPriorities.length > 0 && (
        <>
          <Caption1>Last week</Caption1>
          <ul className={styles.plain}>
            {report.lastWeekPriorities.map((priority, index) => (
              <li key={index} className={styles.word}>
                {priority.title} — {priority.status ?? 'not marked'}
              </li>
            ))}
          </ul>
        </>
      )}
      <Caption1>This week</Caption1>
      {report.priorities.length === 0 ? (
        <Caption1>No priorities.</Caption1>
      ) : (
        <ol className={styles.plain}>
          {report.priorities.map((priority) => (
            <li key={priority.rank} className={styles.word}>
              P{priority.rank}: {priority.title}
            </li>
          ))}
        </ol>
      )}
      <Body1 className={styles.word}>Risks and blockers: {report.risks || 'none'}</Body1>
      <Body1 className={styles.word}>Time off: {report.timeOff || 'none'}</Body1>
      {report.status === 'reviewed' && (
        <Body1 className={styles.word} data-testid="reviewed-note">
          Reviewed {report.reviewedAt ? format.dateTime(report.reviewedAt) : ''}
          {report.reviewComment ? `: ${report.reviewComment}` : ''}
        </Body1>
      )}
      {canReview && report.status !== 'reviewed' && (
        <>
          <Field label="Comment for the author (optional)">
            <Textarea value={comment} onChange={(_, data) => setComment(data.value)} resize="vertical" />
          </Field>
          <div>
            <Button appearance="primary" onClick={() => void markReviewed()} disabled={state.saving}>
              Mark reviewed
            </Button>
          </div>
          {state.error && (
            <Body1 role="alert" className={styles.word}>
              {state.error}
            </Body1>
          )}
        </>
      )}
    </div>
  );
}
