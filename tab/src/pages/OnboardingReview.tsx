import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Subtitle2,
  Text,
  Textarea,
} from '@fluentui/react-components';
import type { Cohort, CohortStatus, CommentTarget, Enrolment, EnrolmentStatus, ReviewQueue } from '@northstar/server/contract';
import { useState, type FormEvent } from 'react';
import { Empty, Loaded, Page } from '../components/PageState';
import { useSession } from '../context';
import type { TabApi } from '../data/api';
import { useResource } from '../data/useResource';
import type { Formatters } from '../format';
import { navigate } from '../router';
import {
  Comments,
  Findings,
  findingsFor,
  History,
  keyResultSummary,
  problemText,
  Section,
  StateBadge,
  stateLabel,
  useCourseworkStyles,
} from './Onboarding';

/** HR's onboarding pages: the review queue and cohort overview, or one submission under review. */
export default function OnboardingReview({ personId }: { personId?: string }) {
  return personId ? <ReviewSubmission personId={personId} /> : <ReviewHome />;
}

function ReviewHome() {
  return (
    <Page title="Onboarding review">
      <Queue />
      <CohortOverview />
    </Page>
  );
}

function openReview(personId: string): void {
  navigate({ page: 'onboarding-review', id: personId });
}

function Queue() {
  const styles = useCourseworkStyles();
  const { api, format } = useSession();
  const queue = useResource(() => api.request<ReviewQueue>('GET', '/api/onboarding/queue'), 'onboarding-queue');
  return (
    <Section id="onboarding-queue" title="Waiting for review">
      <Loaded resource={queue} what="the review queue" isEmpty={(data) => data.items.length === 0} empty="No submissions are waiting.">
        {(data) => (
          <ul className={styles.list} data-testid="onboarding-queue">
            {data.items.map((item) => (
              <li key={item.person.id} data-testid="queue-item" data-person-id={item.person.id} className={styles.row}>
                <Text weight="semibold">{item.person.name}</Text>
                <Caption1 className={styles.muted}>
                  {item.person.department || 'No department'} · round {item.round} · submitted{' '}
                  {item.submittedAt ? format.dateTime(item.submittedAt) : '—'}
                </Caption1>
                <Button
                  size="small"
                  appearance="primary"
                  onClick={() => openReview(item.person.id)}
                  aria-label={`Review ${item.person.name}`}
                >
                  Review
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </Section>
  );
}

const STATUSES: CohortStatus[] = ['not_started', 'in_progress', 'submitted', 'changes_requested', 'passed', 'overdue'];

function statusLabel(status: CohortStatus): string {
  return status === 'overdue' ? 'Overdue' : stateLabel(status);
}

function cohortQuery(filters: { status: string; department: string; hireMonth: string }): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.department) params.set('department', filters.department);
  if (filters.hireMonth) params.set('hireMonth', filters.hireMonth);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Saves the cohort CSV the API answers with. */
async function downloadCsv(api: TabApi, query: string): Promise<void> {
  const url = URL.createObjectURL(await api.download(`/api/onboarding/cohort/export${query}`, 'text/csv'));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = 'onboarding-cohort.csv';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function CohortOverview() {
  const styles = useCourseworkStyles();
  const { api, format } = useSession();
  const [filters, setFilters] = useState({ status: '', department: '', hireMonth: '' });
  const [exportError, setExportError] = useState<string>();
  const query = cohortQuery(filters);
  const cohort = useResource(() => api.request<Cohort>('GET', `/api/onboarding/cohort${query}`), `onboarding-cohort${query}`);
  const [departments, setDepartments] = useState<string[]>([]);
  if (cohort.status === 'ready' && cohort.data.departments.join('|') !== departments.join('|')) setDepartments(cohort.data.departments);

  return (
    <Section id="onboarding-cohort" title="Cohort">
      <div className={styles.grid} role="group" aria-label="Filter the cohort">
        <Field label="Status">
          <Select value={filters.status} onChange={(_, data) => setFilters({ ...filters, status: data.value })}>
            <option value="">All</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Department">
          <Select value={filters.department} onChange={(_, data) => setFilters({ ...filters, department: data.value })}>
            <option value="">All</option>
            {departments.map((department) => (
              <option key={department} value={department}>
                {department}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Hire month">
          <Input
            type="month"
            value={filters.hireMonth}
            onChange={(_, data) => setFilters({ ...filters, hireMonth: /^\d{4}-\d{2}$/.test(data.value) ? data.value : '' })}
          />
        </Field>
      </div>
      <div className={styles.row}>
        <Button
          onClick={() => {
            setExportError(undefined);
            downloadCsv(api, query).catch((error: unknown) => setExportError(problemText(error)));
          }}
          data-testid="cohort-export"
        >
          Export CSV
        </Button>
        <div role="alert">
          {exportError && (
            <MessageBar intent="error">
              <MessageBarBody>{exportError}</MessageBarBody>
            </MessageBar>
          )}
        </div>
      </div>
      <Loaded resource={cohort} what="the cohort">
        {(data) => (
          <>
            <div className={styles.row} data-testid="cohort-counts" aria-label="People per status" role="list">
              {STATUSES.map((status) => (
                <span role="listitem" key={status}>
                  <Badge appearance="outline" data-status={status}>
                    {statusLabel(status)}: {data.counts[status]}
                  </Badge>
                </span>
              ))}
            </div>
            {data.items.length === 0 ? (
              <Empty>Nobody matches these filters.</Empty>
            ) : (
              <ul className={styles.list} data-testid="cohort">
                {data.items.map((item) => (
                  <CohortRow key={item.person.id} item={item} format={format} />
                ))}
              </ul>
            )}
          </>
        )}
      </Loaded>
    </Section>
  );
}

function CohortRow({ item, format }: { item: EnrolmentStatus; format: Formatters }) {
  const styles = useCourseworkStyles();
  return (
    <li data-testid="cohort-item" data-person-id={item.person.id} data-state={item.state} className={styles.kr}>
      <div className={styles.row}>
        <Link
          href={`#/onboarding-review/${encodeURIComponent(item.person.id)}`}
          onClick={(event) => {
            event.preventDefault();
            openReview(item.person.id);
          }}
        >
          {item.person.name}
        </Link>
        <StateBadge state={item.state} overdue={item.overdue} />
      </div>
      <Caption1 className={styles.muted}>
        {[item.person.department || 'No department', item.person.hireDate ? `hired ${format.date(item.person.hireDate)}` : null]
          .filter(Boolean)
          .join(' · ')}{' '}
        · due {format.date(item.dueDate)} · {item.lessonsPassed}/{item.lessonsTotal} lessons · {item.objectives} objectives
      </Caption1>
    </li>
  );
}

function ReviewSubmission({ personId }: { personId: string }) {
  const { api } = useSession();
  const resource = useResource(
    () => api.request<Enrolment>('GET', `/api/onboarding/enrolments/${encodeURIComponent(personId)}`),
    `onboarding-enrolment:${personId}`,
  );
  const title = resource.status === 'ready' ? `Onboarding review: ${resource.data.person.name}` : 'Onboarding review';
  return (
    <Page
      title={title}
      actions={
        <Button appearance="subtle" onClick={() => navigate({ page: 'onboarding-review' })}>
          Back to the queue
        </Button>
      }
    >
      <Loaded resource={resource} what="the coursework">
        {(enrolment) => <Submission enrolment={enrolment} onChange={resource.replace} />}
      </Loaded>
    </Page>
  );
}

function Submission({ enrolment, onChange }: { enrolment: Enrolment; onChange: (enrolment: Enrolment) => void }) {
  const styles = useCourseworkStyles();
  const { api, format } = useSession();
  const canComment = enrolment.allowedActions.includes('comment');
  const canReview = enrolment.allowedActions.includes('review');
  const base = `/api/onboarding/enrolments/${encodeURIComponent(enrolment.person.id)}`;
  const comment = async (target: CommentTarget, text: string): Promise<string | undefined> => {
    try {
      onChange(await api.request<Enrolment>('POST', `${base}/comments`, { target, text }));
      return undefined;
    } catch (error) {
      return problemText(error);
    }
  };
  const roundComments = (comments: Enrolment['comments']) => comments.filter((item) => item.round === enrolment.round);
  return (
    <>
      <div className={styles.row} data-testid="review-status">
        <StateBadge state={enrolment.state} overdue={enrolment.overdue} />
        <Body1>
          {enrolment.person.jobTitle || 'New hire'}
          {enrolment.person.department ? `, ${enrolment.person.department}` : ''} · round {enrolment.round} · {enrolment.lessonsPassed}/
          {enrolment.lessonsTotal} lessons · due {format.date(enrolment.dueDate)}
        </Body1>
      </div>
      <Section id="review-okrs" title={`OKRs for ${enrolment.periodId}`}>
        {enrolment.objectives.length === 0 && <Empty>No objectives written yet.</Empty>}
        <ul className={styles.list}>
          {enrolment.objectives.map((objective) => (
            <li key={objective.id}>
              <Card data-testid="review-objective" data-objective-id={objective.id}>
                <div className={styles.row}>
                  <Subtitle2 as="h3" className={styles.word}>
                    {objective.title}
                  </Subtitle2>
                  <Badge appearance="outline">{objective.state}</Badge>
                </div>
                {objective.why && (
                  <Body1 block as="p" className={styles.word} style={{ margin: 0 }}>
                    {objective.why}
                  </Body1>
                )}
                <Caption1 className={styles.muted}>
                  Aligned to: {objective.alignedTo.map((target) => target.title).join('; ') || 'nothing'}
                  {objective.impactTags.length > 0 ? ` · impact: ${objective.impactTags.join(', ')}` : ''}
                </Caption1>
                <Findings findings={findingsFor(enrolment.coach, enrolment.objectives, 'objective', objective.id)} />
                <Comments comments={objective.comments} format={format} />
                {canComment && (
                  <CommentForm about={objective.title} onSubmit={(text) => comment({ kind: 'objective', id: objective.id }, text)} />
                )}
                {objective.keyResults.map((keyResult) => (
                  <div key={keyResult.id} className={styles.kr} data-testid="review-key-result" data-key-result-id={keyResult.id}>
                    <Text weight="semibold" className={styles.word}>
                      {keyResult.title}
                    </Text>
                    <Caption1 className={styles.muted}>{keyResultSummary(keyResult, format)}</Caption1>
                    <Findings findings={findingsFor(enrolment.coach, enrolment.objectives, 'keyResult', keyResult.id)} />
                    <Comments comments={keyResult.comments} format={format} />
                    {canComment && (
                      <CommentForm about={keyResult.title} onSubmit={(text) => comment({ kind: 'keyResult', id: keyResult.id }, text)} />
                    )}
                  </div>
                ))}
              </Card>
            </li>
          ))}
        </ul>
      </Section>
      {canReview ? (
        <Decision enrolment={enrolment} commentsThisRound={roundComments(enrolment.comments).length} onChange={onChange} />
      ) : (
        <MessageBar intent={enrolment.state === 'passed' ? 'success' : 'info'} data-testid="review-outcome">
          <MessageBarBody>
            {enrolment.state === 'passed'
              ? 'Passed: these OKRs are now active.'
              : enrolment.state === 'changes_requested'
                ? 'Changes requested: waiting for the new hire to resubmit.'
                : 'Nothing to review yet.'}
          </MessageBarBody>
        </MessageBar>
      )}
      <Section id="review-history" title="History">
        <History history={enrolment.history} format={format} />
      </Section>
    </>
  );
}

function CommentForm({ about, onSubmit }: { about: string; onSubmit: (text: string) => Promise<string | undefined> }) {
  const styles = useCourseworkStyles();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const failure = await onSubmit(text.trim());
    setError(failure);
    setBusy(false);
    if (!failure) {
      setText('');
      setOpen(false);
    }
  };
  if (!open)
    return (
      <div>
        <Button size="small" onClick={() => setOpen(true)} aria-label={`Comment on “${about}”`}>
          Comment
        </Button>
      </div>
    );
  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} data-testid="comment-form">
      <Field label={`Comment on “${about}”`}>
        <Textarea value={text} onChange={(_, data) => setText(data.value)} maxLength={2000} resize="vertical" autoFocus />
      </Field>
      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabled={busy || !text.trim()}>
          Add comment
        </Button>
        <Button onClick={() => setOpen(false)}>Cancel</Button>
      </div>
      <div role="alert">
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
      </div>
    </form>
  );
}

function Decision({
  enrolment,
  commentsThisRound,
  onChange,
}: {
  enrolment: Enrolment;
  commentsThisRound: number;
  onChange: (enrolment: Enrolment) => void;
}) {
  const styles = useCourseworkStyles();
  const { api } = useSession();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const decide = async (decision: 'pass' | 'request_changes') => {
    setBusy(true);
    setError(undefined);
    try {
      onChange(
        await api.request<Enrolment>('POST', `/api/onboarding/enrolments/${encodeURIComponent(enrolment.person.id)}/review`, {
          decision,
          version: enrolment.version,
          note: note.trim(),
        }),
      );
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section id="review-decision" title="Decision">
      <Caption1 className={styles.muted}>
        {commentsThisRound === 0
          ? 'No comments in this round yet.'
          : `${commentsThisRound} ${commentsThisRound === 1 ? 'comment' : 'comments'} in this round.`}{' '}
        Passing makes these OKRs the new hire’s active OKRs.
      </Caption1>
      <Field label="Note for the new hire">
        <Textarea value={note} onChange={(_, data) => setNote(data.value)} maxLength={2000} resize="vertical" />
      </Field>
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => void decide('pass')} disabled={busy}>
          Pass
        </Button>
        <Button onClick={() => void decide('request_changes')} disabled={busy}>
          Request changes
        </Button>
      </div>
      <div role="alert">
        {error && (
          <MessageBar intent="error" data-testid="review-error">
            <MessageBarBody>
              <MessageBarTitle>Not saved.</MessageBarTitle> {error}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
    </Section>
  );
}
