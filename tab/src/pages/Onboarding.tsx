import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  Checkbox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Select,
  Subtitle1,
  Subtitle2,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import type {
  AnswerResult,
  CoachReport,
  CompanyOkrs,
  Course,
  CourseworkKeyResult,
  CourseworkObjective,
  Enrolment,
  KeyResultKind,
  Lesson,
  ObjectivePage,
  OnboardingHistoryEntry,
  OnboardingState,
  ReviewComment,
} from '@northstar/server/contract';
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../client/api-error';
import { Empty, Loaded, Page } from '../components/PageState';
import { useSession } from '../context';
import type { TabApi } from '../data/api';
import { useResource } from '../data/useResource';
import type { Formatters } from '../format';

type Finding = CoachReport['findings'][number];

/** Styles shared by the new hire's and HR's coursework pages. */
export const useCourseworkStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  grid: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 140px), 1fr))',
  },
  kr: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingTop: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    minWidth: 0,
  },
  findings: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  comment: {
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    paddingLeft: tokens.spacingHorizontalS,
  },
  word: { overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground2 },
});

const STATE_LABELS: Record<OnboardingState, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  submitted: 'Submitted',
  changes_requested: 'Changes requested',
  passed: 'Passed',
};

const STATE_COLORS: Record<OnboardingState, 'informative' | 'brand' | 'warning' | 'success' | 'subtle'> = {
  not_started: 'subtle',
  in_progress: 'informative',
  submitted: 'brand',
  changes_requested: 'warning',
  passed: 'success',
};

/** A badge naming a coursework state. */
export function StateBadge({ state, overdue }: { state: OnboardingState; overdue?: boolean }) {
  return (
    <span style={{ display: 'inline-flex', gap: tokens.spacingHorizontalXS }}>
      <Badge appearance="tint" color={STATE_COLORS[state]} data-testid="onboarding-state" data-state={state}>
        {STATE_LABELS[state]}
      </Badge>
      {overdue && (
        <Badge appearance="filled" color="danger">
          Overdue
        </Badge>
      )}
    </span>
  );
}

/** The human name of a coursework state. */
export function stateLabel(state: OnboardingState): string {
  return STATE_LABELS[state];
}

/** Findings about one objective (not its key results) or one key result. */
export function findingsFor(report: CoachReport, objectives: readonly CourseworkObjective[], kind: 'objective' | 'keyResult', id: string) {
  return report.findings.filter((finding) => {
    if (finding.target.kind !== kind) return false;
    if (finding.target.id) return finding.target.id === id;
    const objective = objectives[finding.target.objectiveIndex];
    if (kind === 'objective') return objective?.id === id;
    return objective?.keyResults[finding.target.keyResultIndex ?? -1]?.id === id;
  });
}

const SEVERITY_COLORS = { error: 'danger', warning: 'warning', tip: 'informative' } as const;

/** The OKR coach's findings, errors first. */
export function Findings({ findings }: { findings: readonly Finding[] }) {
  const styles = useCourseworkStyles();
  if (findings.length === 0) return null;
  const order = { error: 0, warning: 1, tip: 2 };
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
  return (
    <ul className={styles.findings} aria-label="OKR coach" data-testid="coach-findings">
      {sorted.map((finding, index) => (
        <li key={`${finding.rule}:${index}`} data-testid="coach-finding" data-rule={finding.rule} data-severity={finding.severity}>
          <Badge appearance="outline" size="small" color={SEVERITY_COLORS[finding.severity]}>
            {finding.severity}
          </Badge>{' '}
          <Caption1 className={styles.word}>{finding.message}</Caption1>
        </li>
      ))}
    </ul>
  );
}

/** HR comments on one objective or key result, newest round last. */
export function Comments({ comments, format }: { comments: readonly ReviewComment[]; format: Formatters }) {
  const styles = useCourseworkStyles();
  if (comments.length === 0) return null;
  return (
    <ul className={styles.list} aria-label="Reviewer comments" data-testid="review-comments">
      {comments.map((comment) => (
        <li key={comment.id} className={styles.comment} data-testid="review-comment" data-round={comment.round}>
          <Caption1 className={styles.muted}>
            {comment.author.name} · round {comment.round} · {format.dateTime(comment.at)}
          </Caption1>
          <Body1 block as="p" className={styles.word} style={{ margin: 0 }}>
            {comment.text}
          </Body1>
        </li>
      ))}
    </ul>
  );
}

const HISTORY_LABELS: Record<OnboardingHistoryEntry['action'], string> = {
  enrolled: 'Enrolled',
  started: 'Started the course',
  submitted: 'Submitted for review',
  changes_requested: 'Changes requested',
  passed: 'Passed',
};

/** Every transition of an enrolment: what, who, when. */
export function History({ history, format }: { history: readonly OnboardingHistoryEntry[]; format: Formatters }) {
  const styles = useCourseworkStyles();
  return (
    <ol className={styles.list} data-testid="onboarding-history">
      {[...history].reverse().map((entry, index) => (
        <li key={`${entry.at}:${index}`}>
          <Text weight="semibold">{HISTORY_LABELS[entry.action]}</Text>{' '}
          <Caption1 className={styles.muted}>
            {entry.by ? `by ${entry.by.name}` : 'automatically'} · {format.dateTime(entry.at)}
          </Caption1>
          {entry.note && (
            <Body1 block as="p" className={styles.word} style={{ margin: 0 }}>
              {entry.note}
            </Body1>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Key result figures in words: "0 → 6 meetings · leading · due 31 Dec". */
export function keyResultSummary(keyResult: CourseworkKeyResult, format: Formatters): string {
  const figures =
    keyResult.kind === 'milestone'
      ? 'milestone'
      : `${format.number(keyResult.start)} → ${format.number(keyResult.target)}${keyResult.unit ? ` ${keyResult.unit}` : ''}`;
  return [figures, keyResult.indicator, keyResult.dueDate ? `due ${format.date(keyResult.dueDate)}` : 'no due date'].join(' · ');
}

/** A readable message for a failed request. */
export function problemText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The coach findings a 422 `coach_errors` answer carries. */
function findingsOf(error: unknown): Finding[] {
  if (!(error instanceof ApiError) || error.status !== 422) return [];
  const problem = error.problem as { findings?: Finding[] } | undefined;
  return problem?.findings ?? [];
}

interface Candidate {
  id: string;
  title: string;
  level: string;
}

interface OnboardingData {
  enrolment: Enrolment;
  course: Course;
  candidates: Candidate[];
}

async function loadCandidates(api: TabApi, periodId: string, managerId: string | undefined): Promise<Candidate[]> {
  const [company, team] = await Promise.all([
    api.company(periodId).catch((): CompanyOkrs | undefined => undefined),
    managerId
      ? api
          .request<ObjectivePage>(
            'GET',
            `/api/objectives?periodId=${encodeURIComponent(periodId)}&ownerId=${encodeURIComponent(managerId)}`,
          )
          .catch((): ObjectivePage | undefined => undefined)
      : Promise.resolve(undefined),
  ]);
  const teamObjectives = (team?.items ?? []).filter((objective) => objective.level !== 'person' && objective.state !== 'closed');
  const companyObjectives = company?.objectives ?? [];
  const seen = new Set<string>();
  return [...teamObjectives, ...companyObjectives]
    .filter((objective) => !seen.has(objective.id) && seen.add(objective.id))
    .map((objective) => ({ id: objective.id, title: objective.title, level: objective.level }));
}

/** Onboarding for a new hire: the course with its check questions, the OKR assignment with the coach, HR's feedback. */
export default function Onboarding() {
  const { api, me, format } = useSession();
  const resource = useResource<OnboardingData>(async () => {
    const [enrolment, course] = await Promise.all([
      api.request<Enrolment>('GET', '/api/onboarding/me'),
      api.request<Course>('GET', '/api/onboarding/lessons'),
    ]);
    const candidates = await loadCandidates(api, enrolment.periodId, me.manager?.id);
    for (const objective of enrolment.objectives)
      for (const aligned of objective.alignedTo) if (!candidates.some((candidate) => candidate.id === aligned.id)) candidates.push(aligned);
    return { enrolment, course, candidates };
  }, `onboarding:${me.id}`);

  const notEnrolled = resource.status === 'error' && resource.error instanceof ApiError && resource.error.status === 404;
  return (
    <Page title="Onboarding">
      {notEnrolled ? (
        <Empty>You have no onboarding coursework. It starts automatically in your first weeks, or when HR enrols you.</Empty>
      ) : (
        <Loaded resource={resource} what="your onboarding">
          {(data) => (
            <OnboardingView
              data={data}
              format={format}
              onEnrolment={(enrolment) => resource.replace({ ...data, enrolment })}
              refresh={async () => resource.replace({ ...data, enrolment: await api.request<Enrolment>('GET', '/api/onboarding/me') })}
            />
          )}
        </Loaded>
      )}
    </Page>
  );
}

function OnboardingView({
  data,
  format,
  onEnrolment,
  refresh,
}: {
  data: OnboardingData;
  format: Formatters;
  onEnrolment: (enrolment: Enrolment) => void;
  refresh: () => Promise<void>;
}) {
  const styles = useCourseworkStyles();
  const { enrolment, course } = data;
  const lessonsDone = enrolment.lessonsPassed === enrolment.lessonsTotal;
  return (
    <>
      <section className={styles.section} aria-labelledby="onboarding-status" data-testid="onboarding-status">
        <Subtitle1 as="h2" id="onboarding-status">
          Your progress
        </Subtitle1>
        <div className={styles.row}>
          <StateBadge state={enrolment.state} overdue={enrolment.overdue} />
          <Body1>
            {enrolment.lessonsPassed} of {enrolment.lessonsTotal} lessons passed · OKRs for {enrolment.periodId} · due{' '}
            {format.date(enrolment.dueDate)}
          </Body1>
        </div>
        <Caption1 className={styles.muted}>
          Learn how we write OKRs here, then write your own first-quarter OKRs. HR reviews them; once passed they become your active OKRs.
        </Caption1>
      </section>
      <Feedback enrolment={enrolment} format={format} />
      <section className={styles.section} aria-labelledby="onboarding-course">
        <Subtitle1 as="h2" id="onboarding-course">
          The course
        </Subtitle1>
        <Accordion collapsible multiple defaultOpenItems={course.lessons.find((lesson) => !passed(enrolment, lesson.id))?.id}>
          {course.lessons.map((lesson, index) => (
            <LessonItem
              key={lesson.id}
              index={index}
              lesson={lesson}
              passedAt={enrolment.lessons.find((progress) => progress.lessonId === lesson.id)?.passedAt ?? null}
              canAnswer={enrolment.allowedActions.includes('answer')}
              onAnswered={refresh}
            />
          ))}
        </Accordion>
      </section>
      <Assignment data={data} format={format} onEnrolment={onEnrolment} lessonsDone={lessonsDone} />
    </>
  );
}

function passed(enrolment: Enrolment, lessonId: string): boolean {
  return enrolment.lessons.some((progress) => progress.lessonId === lessonId && progress.passedAt !== null);
}

function LessonItem({
  lesson,
  index,
  passedAt,
  canAnswer,
  onAnswered,
}: {
  lesson: Lesson;
  index: number;
  passedAt: string | null;
  canAnswer: boolean;
  onAnswered: () => Promise<void>;
}) {
  const styles = useCourseworkStyles();
  const { api } = useSession();
  const [choice, setChoice] = useState('');
  const [result, setResult] = useState<AnswerResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const answer = async (event: FormEvent) => {
    event.preventDefault();
    if (!choice) return;
    setBusy(true);
    setError(undefined);
    try {
      const verdict = await api.request<AnswerResult>('POST', `/api/onboarding/me/lessons/${encodeURIComponent(lesson.id)}/answer`, {
        choiceId: choice,
      });
      setResult(verdict);
      if (verdict.correct) await onAnswered();
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AccordionItem value={lesson.id} data-testid="lesson" data-lesson-id={lesson.id} data-passed={passedAt ? 'true' : 'false'}>
      <AccordionHeader as="h3" expandIconPosition="end">
        <span className={styles.row}>
          <span>
            {index + 1}. {lesson.title}
          </span>
          {passedAt && (
            <Badge appearance="tint" color="success" size="small">
              Passed
            </Badge>
          )}
        </span>
      </AccordionHeader>
      <AccordionPanel>
        <div className={styles.form}>
          <Text italic>{lesson.summary}</Text>
          {lesson.body.map((paragraph, paragraphIndex) => (
            <Body1 block as="p" key={paragraphIndex} style={{ margin: 0 }}>
              {paragraph}
            </Body1>
          ))}
          {canAnswer && (
            <form className={styles.form} onSubmit={(event) => void answer(event)}>
              <Field label={lesson.question.prompt}>
                <RadioGroup value={choice} onChange={(_, selected) => setChoice(selected.value)}>
                  {lesson.question.choices.map((option) => (
                    <Radio key={option.id} value={option.id} label={option.text} />
                  ))}
                </RadioGroup>
              </Field>
              <div>
                <Button type="submit" appearance={passedAt ? 'secondary' : 'primary'} disabled={!choice || busy}>
                  Check answer
                </Button>
              </div>
            </form>
          )}
          <div role="status" aria-live="polite">
            {result && (
              <MessageBar
                intent={result.correct ? 'success' : 'warning'}
                data-testid="lesson-verdict"
                data-correct={String(result.correct)}
              >
                <MessageBarBody>
                  <MessageBarTitle>{result.correct ? 'Right.' : 'Not quite, try again.'}</MessageBarTitle> {result.explanation}
                </MessageBarBody>
              </MessageBar>
            )}
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
          </div>
        </div>
      </AccordionPanel>
    </AccordionItem>
  );
}

function Feedback({ enrolment, format }: { enrolment: Enrolment; format: Formatters }) {
  const styles = useCourseworkStyles();
  const reviews = enrolment.history.filter((entry) => entry.action === 'changes_requested' || entry.action === 'passed');
  const latest = reviews[reviews.length - 1];
  if (!latest && enrolment.comments.length === 0) return null;
  return (
    <section className={styles.section} aria-labelledby="onboarding-feedback" data-testid="onboarding-feedback">
      <Subtitle1 as="h2" id="onboarding-feedback">
        Feedback from HR
      </Subtitle1>
      {latest && (
        <MessageBar intent={latest.action === 'passed' ? 'success' : 'warning'}>
          <MessageBarBody>
            <MessageBarTitle>
              {latest.action === 'passed' ? 'Passed: your OKRs are now active.' : 'Changes requested: see the comments on your OKRs below.'}
            </MessageBarTitle>{' '}
            {latest.note}
            {latest.by ? ` (${latest.by.name}, ${format.dateTime(latest.at)})` : ''}
          </MessageBarBody>
        </MessageBar>
      )}
      <details>
        <summary>History</summary>
        <History history={enrolment.history} format={format} />
      </details>
    </section>
  );
}

const KINDS: Array<{ value: KeyResultKind; label: string }> = [
  { value: 'increase_to', label: 'Increase to' },
  { value: 'decrease_to', label: 'Decrease to' },
  { value: 'stay_above', label: 'Stay above' },
  { value: 'stay_below', label: 'Stay below' },
  { value: 'milestone', label: 'Milestone (done by a date)' },
];

function Assignment({
  data,
  format,
  onEnrolment,
  lessonsDone,
}: {
  data: OnboardingData;
  format: Formatters;
  onEnrolment: (enrolment: Enrolment) => void;
  lessonsDone: boolean;
}) {
  const styles = useCourseworkStyles();
  const { api } = useSession();
  const { enrolment, candidates } = data;
  const canEdit = enrolment.allowedActions.includes('edit');
  const [submitError, setSubmitError] = useState<{ message: string; findings: Finding[] }>();
  const [busy, setBusy] = useState(false);

  const save = useCallback(
    async (method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<string | undefined> => {
      try {
        onEnrolment(await api.request<Enrolment>(method, path, body));
        setSubmitError(undefined);
        return undefined;
      } catch (failure) {
        return problemText(failure);
      }
    },
    [api, onEnrolment],
  );

  const submit = async () => {
    setBusy(true);
    setSubmitError(undefined);
    try {
      onEnrolment(await api.request<Enrolment>('POST', '/api/onboarding/me/submit', { version: enrolment.version }));
    } catch (failure) {
      setSubmitError({ message: problemText(failure), findings: findingsOf(failure) });
    } finally {
      setBusy(false);
    }
  };

  const errors = enrolment.coach.findings.filter((finding) => finding.severity === 'error').length;
  return (
    <section className={styles.section} aria-labelledby="onboarding-assignment" data-testid="assignment">
      <Subtitle1 as="h2" id="onboarding-assignment">
        Your first OKRs
      </Subtitle1>
      <Caption1 className={styles.muted}>
        Write one to three objectives for {enrolment.periodId}, each aligned to an objective of your team or the company, with key results
        you can measure. The OKR coach checks every change.
      </Caption1>
      {enrolment.objectives.length === 0 && <Body1 className={styles.muted}>No objectives yet.</Body1>}
      <ul className={styles.list}>
        {enrolment.objectives.map((objective) => (
          <li key={objective.id}>
            <ObjectiveCard
              objective={objective}
              enrolment={enrolment}
              candidates={candidates}
              canEdit={canEdit}
              format={format}
              save={save}
            />
          </li>
        ))}
      </ul>
      {canEdit && <NewObjective candidates={candidates} save={save} />}
      {enrolment.allowedActions.includes('submit') || enrolment.state === 'not_started' ? (
        <div className={styles.form}>
          <Body1 data-testid="coach-summary">
            {errors === 0
              ? 'The coach found no errors.'
              : `The coach found ${errors} ${errors === 1 ? 'error' : 'errors'} to fix before you submit.`}
            {!lessonsDone && ' Pass every lesson before you submit.'}
          </Body1>
          <div>
            <Button appearance="primary" onClick={() => void submit()} disabled={busy || !enrolment.allowedActions.includes('submit')}>
              {enrolment.round > 0 ? 'Resubmit for review' : 'Submit for review'}
            </Button>
          </div>
        </div>
      ) : (
        enrolment.state === 'submitted' && (
          <MessageBar intent="info" data-testid="submitted-note">
            <MessageBarBody>
              Submitted {enrolment.submittedAt ? format.dateTime(enrolment.submittedAt) : ''}: HR will review your OKRs.
            </MessageBarBody>
          </MessageBar>
        )
      )}
      <div role="alert">
        {submitError && (
          <MessageBar intent="error" data-testid="submit-error">
            <MessageBarBody>
              <MessageBarTitle>Not submitted.</MessageBarTitle> {submitError.message}
              <Findings findings={submitError.findings.filter((finding) => finding.severity === 'error')} />
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
    </section>
  );
}

type Save = (method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => Promise<string | undefined>;

function ObjectiveCard({
  objective,
  enrolment,
  candidates,
  canEdit,
  format,
  save,
}: {
  objective: CourseworkObjective;
  enrolment: Enrolment;
  candidates: Candidate[];
  canEdit: boolean;
  format: Formatters;
  save: Save;
}) {
  const styles = useCourseworkStyles();
  const objectiveFindings = findingsFor(enrolment.coach, enrolment.objectives, 'objective', objective.id);
  return (
    <Card data-testid="coursework-objective" data-objective-id={objective.id} data-state={objective.state}>
      <div className={styles.row}>
        <Subtitle2 as="h3" className={styles.word}>
          {objective.title}
        </Subtitle2>
        <Badge appearance="outline">{objective.state}</Badge>
      </div>
      {objective.alignedTo.length > 0 && (
        <Caption1 className={styles.muted}>Aligned to: {objective.alignedTo.map((target) => target.title).join('; ')}</Caption1>
      )}
      <Findings findings={objectiveFindings} />
      <Comments comments={objective.comments} format={format} />
      {canEdit && <ObjectiveForm key={`${objective.id}:${objective.version}`} objective={objective} candidates={candidates} save={save} />}
      <Subtitle2 as="h4">Key results</Subtitle2>
      {objective.keyResults.length === 0 && <Caption1 className={styles.muted}>No key results yet.</Caption1>}
      {objective.keyResults.map((keyResult) => (
        <div key={keyResult.id} className={styles.kr} data-testid="coursework-key-result" data-key-result-id={keyResult.id}>
          <Text weight="semibold" className={styles.word}>
            {keyResult.title}
          </Text>
          <Caption1 className={styles.muted}>{keyResultSummary(keyResult, format)}</Caption1>
          <Findings findings={findingsFor(enrolment.coach, enrolment.objectives, 'keyResult', keyResult.id)} />
          <Comments comments={keyResult.comments} format={format} />
          {canEdit && (
            <KeyResultForm
              key={`${keyResult.id}:${keyResult.version}`}
              keyResult={keyResult}
              label={`Edit key result “${keyResult.title}”`}
              onSave={(body) => save('PATCH', `/api/onboarding/me/key-results/${keyResult.id}`, { ...body, version: keyResult.version })}
              onDelete={() => save('DELETE', `/api/onboarding/me/key-results/${keyResult.id}?version=${keyResult.version}`)}
            />
          )}
        </div>
      ))}
      {canEdit && (
        <KeyResultForm
          key={`new:${objective.keyResults.length}`}
          label="Add a key result"
          onSave={(body) => save('POST', `/api/onboarding/me/objectives/${objective.id}/key-results`, body)}
        />
      )}
    </Card>
  );
}

interface ObjectiveFields {
  title: string;
  why: string;
  alignedTo: string;
  customer: boolean;
  business: boolean;
}

function objectiveBody(fields: ObjectiveFields) {
  return {
    title: fields.title.trim(),
    why: fields.why.trim(),
    alignedTo: fields.alignedTo ? [fields.alignedTo] : [],
    impactTags: [...(fields.customer ? ['customer'] : []), ...(fields.business ? ['business'] : [])],
  };
}

/** Rules about key results; a draft being typed has none yet, so the live preview leaves them to the saved coursework. */
const KEY_RESULT_RULES = new Set(['objective-no-key-results', 'objective-no-leading-key-result', 'objective-no-lagging-key-result']);

/** The coach's findings on the objective being typed (debounced; nothing is stored). */
function useDraftCoach(fields: ObjectiveFields): Finding[] {
  const { api } = useSession();
  const [findings, setFindings] = useState<Finding[]>([]);
  const body = JSON.stringify(objectiveBody(fields));
  useEffect(() => {
    const draft = JSON.parse(body) as ReturnType<typeof objectiveBody>;
    if (!draft.title) {
      setFindings([]);
      return;
    }
    let active = true;
    const timer = setTimeout(() => {
      api.request<CoachReport>('POST', '/api/coach', { ...draft, level: 'person' }).then(
        (report) =>
          active &&
          setFindings(
            report.findings
              .filter((finding) => finding.target.kind === 'objective' && !KEY_RESULT_RULES.has(finding.rule))
              // For coursework an objective aligned to nothing is an error, as the saved coursework reports it.
              .map((finding) => (finding.rule === 'objective-not-aligned' ? { ...finding, severity: 'error' as const } : finding)),
          ),
        () => active && setFindings([]),
      );
    }, 400);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [api, body]);
  return findings;
}

/** What the coach says while the objective is typed. */
function DraftCoach({ fields }: { fields: ObjectiveFields }) {
  const findings = useDraftCoach(fields);
  return (
    <div aria-live="polite" data-testid="draft-coach">
      {findings.length > 0 && (
        <>
          <Caption1>The coach, as you type:</Caption1>
          <Findings findings={findings} />
        </>
      )}
    </div>
  );
}

function ObjectiveFieldsEditor({
  fields,
  onChange,
  candidates,
  idPrefix,
}: {
  fields: ObjectiveFields;
  onChange: (fields: ObjectiveFields) => void;
  candidates: Candidate[];
  idPrefix: string;
}) {
  const styles = useCourseworkStyles();
  return (
    <>
      <Field label="Objective" hint="Where do you want to go? Keep numbers for the key results." required>
        <Input value={fields.title} onChange={(_, value) => onChange({ ...fields, title: value.value })} maxLength={200} />
      </Field>
      <Field label="Why it matters">
        <Textarea
          value={fields.why}
          onChange={(_, value) => onChange({ ...fields, why: value.value })}
          resize="vertical"
          maxLength={2000}
        />
      </Field>
      <Field label="Aligned to">
        <Select
          value={fields.alignedTo}
          onChange={(_, value) => onChange({ ...fields, alignedTo: value.value })}
          id={`${idPrefix}-aligned`}
        >
          <option value="">Not aligned yet</option>
          {candidates.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.level === 'company' ? 'Company' : 'Team'}: {candidate.title}
            </option>
          ))}
        </Select>
      </Field>
      <fieldset className={styles.row} style={{ border: 'none', padding: 0, margin: 0 }}>
        <legend>
          <Caption1>Impact</Caption1>
        </legend>
        <Checkbox
          label="Customer"
          checked={fields.customer}
          onChange={(_, value) => onChange({ ...fields, customer: value.checked === true })}
        />
        <Checkbox
          label="Business"
          checked={fields.business}
          onChange={(_, value) => onChange({ ...fields, business: value.checked === true })}
        />
      </fieldset>
      <DraftCoach fields={fields} />
    </>
  );
}

function SaveError({ error }: { error?: string }) {
  return (
    <div role="alert">
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

function ObjectiveForm({ objective, candidates, save }: { objective: CourseworkObjective; candidates: Candidate[]; save: Save }) {
  const styles = useCourseworkStyles();
  const [open, setOpen] = useState(false);
  const [fields, setFields] = useState<ObjectiveFields>({
    title: objective.title,
    why: objective.why,
    alignedTo: objective.alignedTo[0]?.id ?? '',
    customer: objective.impactTags.includes('customer'),
    business: objective.impactTags.includes('business'),
  });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(
      await save('PATCH', `/api/onboarding/me/objectives/${objective.id}`, { ...objectiveBody(fields), version: objective.version }),
    );
    setBusy(false);
  };
  const remove = async () => {
    setBusy(true);
    setError(await save('DELETE', `/api/onboarding/me/objectives/${objective.id}?version=${objective.version}`));
    setBusy(false);
  };
  if (!open)
    return (
      <div className={styles.row}>
        <Button onClick={() => setOpen(true)}>Edit objective</Button>
        <Button appearance="subtle" onClick={() => void remove()} disabled={busy}>
          Remove objective
        </Button>
        <SaveError error={error} />
      </div>
    );
  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} aria-label={`Edit objective “${objective.title}”`}>
      <ObjectiveFieldsEditor fields={fields} onChange={setFields} candidates={candidates} idPrefix={objective.id} />
      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabled={busy || !fields.title.trim()}>
          Save objective
        </Button>
        <Button onClick={() => setOpen(false)}>Cancel</Button>
      </div>
      <SaveError error={error} />
    </form>
  );
}

const EMPTY_OBJECTIVE: ObjectiveFields = { title: '', why: '', alignedTo: '', customer: false, business: false };

function NewObjective({ candidates, save }: { candidates: Candidate[]; save: Save }) {
  const styles = useCourseworkStyles();
  const [fields, setFields] = useState<ObjectiveFields>(EMPTY_OBJECTIVE);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const failure = await save('POST', '/api/onboarding/me/objectives', objectiveBody(fields));
    setError(failure);
    if (!failure) setFields(EMPTY_OBJECTIVE);
    setBusy(false);
  };
  return (
    <Card>
      <form className={styles.form} onSubmit={(event) => void submit(event)} aria-labelledby="new-objective" data-testid="new-objective">
        <Subtitle2 as="h3" id="new-objective">
          Write an objective
        </Subtitle2>
        <ObjectiveFieldsEditor fields={fields} onChange={setFields} candidates={candidates} idPrefix="new" />
        <div>
          <Button type="submit" appearance="primary" disabled={busy || !fields.title.trim()}>
            Add objective
          </Button>
        </div>
        <SaveError error={error} />
      </form>
    </Card>
  );
}

interface KeyResultFields {
  title: string;
  kind: KeyResultKind;
  start: string;
  target: string;
  unit: string;
  dueDate: string;
  indicator: 'leading' | 'lagging';
}

function KeyResultForm({
  keyResult,
  label,
  onSave,
  onDelete,
}: {
  keyResult?: CourseworkKeyResult;
  label: string;
  onSave: (body: Record<string, unknown>) => Promise<string | undefined>;
  onDelete?: () => Promise<string | undefined>;
}) {
  const styles = useCourseworkStyles();
  const [open, setOpen] = useState(false);
  const [fields, setFields] = useState<KeyResultFields>({
    title: keyResult?.title ?? '',
    kind: keyResult?.kind ?? 'increase_to',
    start: String(keyResult?.start ?? 0),
    target: keyResult ? String(keyResult.target) : '',
    unit: keyResult?.unit ?? '',
    dueDate: keyResult?.dueDate?.slice(0, 10) ?? '',
    indicator: keyResult?.indicator ?? 'lagging',
  });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<KeyResultFields>) => setFields((current) => ({ ...current, ...patch }));
  const milestone = fields.kind === 'milestone';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const failure = await onSave({
      title: fields.title.trim(),
      kind: fields.kind,
      start: milestone ? 0 : Number(fields.start || 0),
      target: milestone ? 1 : Number(fields.target || 0),
      unit: milestone ? '' : fields.unit.trim(),
      dueDate: fields.dueDate || null,
      indicator: fields.indicator,
    });
    setError(failure);
    setBusy(false);
    if (!failure) setOpen(false);
  };
  const remove = async () => {
    if (!onDelete) return;
    setBusy(true);
    setError(await onDelete());
    setBusy(false);
  };

  if (!open)
    return (
      <div className={styles.row}>
        <Button size="small" onClick={() => setOpen(true)} aria-label={label}>
          {keyResult ? 'Edit key result' : 'Add a key result'}
        </Button>
        {onDelete && (
          <Button
            size="small"
            appearance="subtle"
            onClick={() => void remove()}
            disabled={busy}
            aria-label={`Remove key result “${keyResult?.title}”`}
          >
            Remove
          </Button>
        )}
        <SaveError error={error} />
      </div>
    );
  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} aria-label={label} data-testid="key-result-form">
      <Field label="Key result" hint="How will you know you got there?" required>
        <Input value={fields.title} onChange={(_, value) => set({ title: value.value })} maxLength={200} />
      </Field>
      <div className={styles.grid}>
        <Field label="Kind">
          <Select value={fields.kind} onChange={(_, value) => set({ kind: value.value as KeyResultKind })}>
            {KINDS.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </Select>
        </Field>
        {!milestone && (
          <>
            <Field label="Start">
              <Input type="number" value={fields.start} onChange={(_, value) => set({ start: value.value })} />
            </Field>
            <Field label="Target" required>
              <Input type="number" value={fields.target} onChange={(_, value) => set({ target: value.value })} />
            </Field>
            <Field label="Unit">
              <Input value={fields.unit} onChange={(_, value) => set({ unit: value.value })} maxLength={40} />
            </Field>
          </>
        )}
        <Field label="Due date">
          <Input type="date" value={fields.dueDate} onChange={(_, value) => set({ dueDate: value.value })} />
        </Field>
        <Field label="Indicator">
          <Select value={fields.indicator} onChange={(_, value) => set({ indicator: value.value as 'leading' | 'lagging' })}>
            <option value="leading">Leading (moves early)</option>
            <option value="lagging">Lagging (shows the result)</option>
          </Select>
        </Field>
      </div>
      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabled={busy || !fields.title.trim()}>
          Save key result
        </Button>
        <Button onClick={() => setOpen(false)}>Cancel</Button>
      </div>
      <SaveError error={error} />
    </form>
  );
}

/** Wraps content under a labelled section heading. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const styles = useCourseworkStyles();
  return (
    <section className={styles.section} aria-labelledby={id}>
      <Subtitle1 as="h2" id={id}>
        {title}
      </Subtitle1>
      {children}
    </section>
  );
}
