import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  Checkbox,
  Field,
  Input,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Subtitle1,
  Subtitle2,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import type { AgendaItem, OneOnOneAgenda, OneOnOneSummary } from '@northstar/server/contract';
import { useMemo, useState, type FormEvent } from 'react';
import { OneOnOneHistory } from '../components/OneOnOneHistory';
import { OneOnOneSchedule } from '../components/OneOnOneSchedule';
import { Empty, Loaded, Page } from '../components/PageState';
import { PrivateNotes } from '../components/PrivateNotes';
import { useSession } from '../context';
import { oneOnOnesApi, pairId, parsePair, type Pair } from '../data/oneOnOnes';
import { useResource } from '../data/useResource';
import { navigate } from '../router';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  grow: { flex: '1 1 180px', minWidth: 0 },
  narrow: { width: '150px' },
  word: { overflowWrap: 'anywhere' },
});

const ONBOARDING = {
  not_started: 'not started',
  in_progress: 'in progress',
  submitted: 'submitted for review',
  changes_requested: 'changes requested',
  passed: 'passed',
  overdue: 'overdue',
} as const;

/** 1:1s: my direct reports ordered by next 1:1 (and mine with my manager); a pair's agenda with talking points, notes and action items. */
export default function OneOnOnes({ personId }: { personId?: string }) {
  const { me } = useSession();
  const pair = personId ? parsePair(personId, me) : undefined;
  return pair ? <AgendaPage pair={pair} /> : <ListPage />;
}

function ListPage() {
  const styles = useStyles();
  const { api } = useSession();
  const client = useMemo(() => oneOnOnesApi(api), [api]);
  const list = useResource(() => client.list(), 'one-on-ones');
  return (
    <Page title="1:1s">
      <Loaded
        resource={list}
        what="your 1:1s"
        isEmpty={(data) => data.asManager.length === 0 && !data.asReport}
        empty="You have no 1:1s yet: they appear here once you have a manager or direct reports in the directory."
      >
        {(data) => (
          <>
            {data.asManager.length > 0 && (
              <section className={styles.section} aria-labelledby="reports-heading">
                <Subtitle1 as="h2" id="reports-heading">
                  With my direct reports · next first
                </Subtitle1>
                <ul className={styles.list} data-testid="one-on-one-list">
                  {data.asManager.map((summary) => (
                    <SummaryRow key={summary.report.id} summary={summary} />
                  ))}
                </ul>
              </section>
            )}
            {data.asReport && (
              <section className={styles.section} aria-labelledby="manager-heading">
                <Subtitle1 as="h2" id="manager-heading">
                  With my manager
                </Subtitle1>
                <ul className={styles.list}>
                  <SummaryRow summary={data.asReport} />
                </ul>
              </section>
            )}
          </>
        )}
      </Loaded>
    </Page>
  );
}

function SummaryRow({ summary }: { summary: OneOnOneSummary }) {
  const styles = useStyles();
  const { format } = useSession();
  const id = pairId({ managerId: summary.manager.id, reportId: summary.report.id });
  return (
    <li data-testid="one-on-one" data-pair={id}>
      <Card>
        <div className={styles.row}>
          <Link href={`#/one-on-ones/${id}`} className={styles.word}>
            <Subtitle2>{summary.counterpart.name}</Subtitle2>
          </Link>
          <Caption1>next {format.date(summary.nextDate)}</Caption1>
          <Caption1>
            {format.number(summary.openTalkingPoints)} open talking points · {format.number(summary.openActionItems)} open action items
          </Caption1>
        </div>
      </Card>
    </li>
  );
}

function AgendaPage({ pair }: { pair: Pair }) {
  const styles = useStyles();
  const { api, host, format } = useSession();
  const client = useMemo(() => oneOnOnesApi(api), [api]);
  const agenda = useResource(() => client.agenda(pair), `agenda:${pairId(pair)}`);
  const [problem, setProblem] = useState<string>();
  const [shared, setShared] = useState(false);

  const apply = async (change: Promise<OneOnOneAgenda>): Promise<boolean> => {
    setProblem(undefined);
    try {
      agenda.replace(await change);
      return true;
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      return false;
    }
  };

  const title =
    agenda.status === 'ready' ? `1:1 with ${agenda.data.role === 'manager' ? agenda.data.report.name : agenda.data.manager.name}` : '1:1';
  return (
    <Page
      title={title}
      actions={
        <div className={styles.row}>
          <Link href="#/one-on-ones">All 1:1s</Link>
          <Button size="small" onClick={() => void host.shareLink(`one-on-ones/${pairId(pair)}`, title).then(() => setShared(true))}>
            Share link
          </Button>
          <span role="status">{shared ? 'Link ready to share.' : ''}</span>
        </div>
      }
    >
      <Loaded resource={agenda} what="the agenda">
        {(data) => (
          <>
            <Caption1>
              Next 1:1 {format.date(data.nextDate)} · {data.cadence} · meeting {format.number(data.occurrence)}
              {data.weeklyMail ? ` · weekly mail of ${data.weeklyMail.isoWeek}` : ' · no weekly mail yet'}
            </Caption1>
            <OneOnOneSchedule agenda={data} pair={pair} apply={apply} />
            <AgendaSections agenda={data} pair={pair} apply={apply} problem={problem} />
            {data.allowedActions.includes('markHeld') && (
              <div>
                <Button onClick={() => void apply(client.markHeld(pair, data.occurrence))}>Mark this 1:1 held</Button>
              </div>
            )}
            <OneOnOneHistory pair={pair} occurrence={data.occurrence} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

/** Sends a change and shows the agenda it answers; false (with the problem shown) when it failed. */
export type Apply = (change: Promise<OneOnOneAgenda>) => Promise<boolean>;

/** The body of a 1:1 shared by the tab page and the meeting side panel: the last problem, data items, talking points, action items, shared and private notes. */
export function AgendaSections({ agenda, pair, apply, problem }: { agenda: OneOnOneAgenda; pair: Pair; apply: Apply; problem?: string }) {
  return (
    <>
      {problem && (
        <MessageBar intent="error">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      <DataItems items={agenda.items} />
      <TalkingPoints agenda={agenda} pair={pair} apply={apply} />
      <ActionItems agenda={agenda} pair={pair} apply={apply} />
      <Notes agenda={agenda} pair={pair} apply={apply} />
      <PrivateNotes pair={pair} occurrence={agenda.occurrence} />
    </>
  );
}

/** The agenda items built from data (also in the meeting side panel). */
export function DataItems({ items }: { items: AgendaItem[] }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby="agenda-heading">
      <Subtitle1 as="h2" id="agenda-heading">
        From the data
      </Subtitle1>
      {items.length === 0 ? (
        <Empty>Nothing stands out this week: no red or slipping key results, no risks, no open action items.</Empty>
      ) : (
        <ul className={styles.list} data-testid="agenda-items">
          {items.map((item) => (
            <li key={item.id} data-kind={item.kind} data-testid="agenda-item">
              <AgendaLine item={item} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const FLAG = { red: 'red', yellow: 'yellow', dropping: 'dropping', stale: 'no check-in for 2+ weeks' } as const;

function AgendaLine({ item }: { item: AgendaItem }) {
  const styles = useStyles();
  const { format } = useSession();
  switch (item.kind) {
    case 'key_result':
      return (
        <div className={styles.row}>
          <Badge appearance="tint" color={item.flags.includes('red') ? 'danger' : 'warning'}>
            Key result
          </Badge>
          <Link as="button" className={styles.word} onClick={() => navigate({ page: 'objectives', id: item.objectiveId })}>
            {item.title}
          </Link>
          <Caption1>
            {item.flags.map((flag) => FLAG[flag]).join(', ')}
            {item.confidence !== null ? ` · confidence ${format.number(item.confidence, 0)}` : ''}
            {item.previousConfidence !== null ? ` (was ${format.number(item.previousConfidence, 0)})` : ''} ·{' '}
            {format.percent(item.progress)}
          </Caption1>
        </div>
      );
    case 'red_priority':
      return (
        <div className={styles.row}>
          <Badge appearance="tint" color="danger">
            Red priority
          </Badge>
          <span className={styles.word}>{item.title}</span>
          <Caption1>weekly mail {item.isoWeek}</Caption1>
        </div>
      );
    case 'risk':
      return (
        <div className={styles.row}>
          <Badge appearance="tint" color="warning">
            Risk
          </Badge>
          <span className={styles.word}>{item.text}</span>
          <Caption1>weekly mail {item.isoWeek}</Caption1>
        </div>
      );
    case 'time_off':
      return (
        <div className={styles.row}>
          <Badge appearance="tint" color="informative">
            Time off
          </Badge>
          <span className={styles.word}>{item.text}</span>
        </div>
      );
    case 'out_of_office':
      return (
        <div className={styles.row}>
          <Badge appearance="tint" color="warning">
            Out of office
          </Badge>
          <span className={styles.word}>
            {item.person.name}: {format.date(item.start)}
            {item.end === null ? ', no end date set' : item.end !== item.start ? ` – ${format.date(item.end)}` : ''}
            {item.subject ? ` (${item.subject})` : ''}
          </span>
          <Caption1>{item.source === 'calendar' ? 'Outlook calendar' : 'automatic replies'}</Caption1>
        </div>
      );
    case 'action_item':
      return (
        <div className={styles.row}>
          <Badge appearance="tint" color={item.overdue ? 'danger' : 'informative'}>
            Open action item
          </Badge>
          <span className={styles.word}>{item.title}</span>
          <Caption1>
            {item.owner.name}
            {item.dueDate ? ` · due ${format.date(item.dueDate)}` : ''}
            {item.overdue ? ' · overdue' : ''}
          </Caption1>
        </div>
      );
    case 'onboarding':
      return (
        <div className={styles.row}>
          <Badge appearance="tint" color="brand">
            Onboarding
          </Badge>
          <span>Coursework {item.status ? ONBOARDING[item.status] : 'status not known yet'}</span>
          <Caption1>
            {item.hireDate ? `hired ${format.date(item.hireDate)}` : ''}
            {item.dueDate ? ` · due ${format.date(item.dueDate)}` : ''}
          </Caption1>
        </div>
      );
    case 'unaligned_objective':
      return (
        <div className={styles.row}>
          <Badge appearance="tint" color="warning">
            Aligned to nothing
          </Badge>
          <Link as="button" className={styles.word} onClick={() => navigate({ page: 'objectives', id: item.objectiveId })}>
            {item.title}
          </Link>
        </div>
      );
  }
}

/** Talking points with the form to add one. */
export function TalkingPoints({ agenda, pair, apply }: { agenda: OneOnOneAgenda; pair: Pair; apply: Apply }) {
  const styles = useStyles();
  const { api } = useSession();
  const client = useMemo(() => oneOnOnesApi(api), [api]);
  const [text, setText] = useState('');
  const add = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!text.trim()) return;
    if (await apply(client.addTalkingPoint(pair, text.trim()))) setText('');
  };
  return (
    <section className={styles.section} aria-labelledby="talking-heading">
      <Subtitle1 as="h2" id="talking-heading">
        Talking points
      </Subtitle1>
      {agenda.talkingPoints.length === 0 ? (
        <Empty>
          No talking points yet.{' '}
          {agenda.role === 'report' ? 'You lead this 1:1: add what you want to discuss first.' : 'Your report leads; add yours too.'}
        </Empty>
      ) : (
        <ul className={styles.list} data-testid="talking-points">
          {agenda.talkingPoints.map((point) => (
            <li key={point.id} data-testid="talking-point" data-resolved={point.resolved}>
              <div className={styles.row}>
                {point.allowedActions.includes('resolve') ? (
                  <Checkbox
                    checked={point.resolved}
                    label={point.text}
                    className={styles.word}
                    onChange={(_, data) => void apply(client.updateTalkingPoint(pair, point.id, { resolved: data.checked === true }))}
                  />
                ) : (
                  <span className={styles.word}>{point.text}</span>
                )}
                <Caption1>
                  {point.author.name}
                  {point.carriedOver ? ' · carried over' : ''}
                </Caption1>
              </div>
            </li>
          ))}
        </ul>
      )}
      {agenda.allowedActions.includes('addTalkingPoint') && (
        <form className={styles.form} onSubmit={(event) => void add(event)}>
          <Field label="New talking point" className={styles.grow}>
            <Input value={text} onChange={(_, data) => setText(data.value)} maxLength={500} />
          </Field>
          <Button type="submit" appearance="primary" disabled={!text.trim()}>
            Add talking point
          </Button>
        </form>
      )}
    </section>
  );
}

/** Action items with the form to add one. */
export function ActionItems({ agenda, pair, apply }: { agenda: OneOnOneAgenda; pair: Pair; apply: Apply }) {
  const styles = useStyles();
  const { api, format } = useSession();
  const client = useMemo(() => oneOnOnesApi(api), [api]);
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState(agenda.report.id);
  const [dueDate, setDueDate] = useState('');
  const add = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!title.trim()) return;
    if (await apply(client.addActionItem(pair, { title: title.trim(), ownerId, dueDate: dueDate || null }))) {
      setTitle('');
      setDueDate('');
    }
  };
  return (
    <section className={styles.section} aria-labelledby="actions-heading">
      <Subtitle1 as="h2" id="actions-heading">
        Action items
      </Subtitle1>
      {agenda.actionItems.length === 0 ? (
        <Empty>No action items yet.</Empty>
      ) : (
        <ul className={styles.list} data-testid="action-items">
          {agenda.actionItems.map((item) => {
            const canToggle = item.allowedActions.includes(item.done ? 'reopen' : 'complete');
            return (
              <li key={item.id} data-testid="action-item" data-done={item.done}>
                <div className={styles.row}>
                  <Checkbox
                    checked={item.done}
                    disabled={!canToggle}
                    label={item.title}
                    className={styles.word}
                    onChange={(_, data) => void apply(client.updateActionItem(pair, item.id, { done: data.checked === true }))}
                  />
                  <Caption1>
                    {item.owner.name}
                    {item.dueDate ? ` · due ${format.date(item.dueDate)}` : ''}
                    {item.carriedOver ? ' · carried over' : ''}
                    {item.done && item.doneAt ? ` · done ${format.date(item.doneAt)}` : ''}
                  </Caption1>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {agenda.allowedActions.includes('addActionItem') && (
        <form className={styles.form} onSubmit={(event) => void add(event)}>
          <Field label="New action item" className={styles.grow}>
            <Input value={title} onChange={(_, data) => setTitle(data.value)} maxLength={300} />
          </Field>
          <Field label="Owner" className={styles.narrow}>
            <Select value={ownerId} onChange={(_, data) => setOwnerId(data.value)}>
              <option value={agenda.report.id}>{agenda.report.name}</option>
              <option value={agenda.manager.id}>{agenda.manager.name}</option>
            </Select>
          </Field>
          <Field label="Due (optional)" className={styles.narrow}>
            <Input type="date" value={dueDate} onChange={(_, data) => setDueDate(data.value)} />
          </Field>
          <Button type="submit" disabled={!title.trim()}>
            Add action item
          </Button>
        </form>
      )}
    </section>
  );
}

/** The pair's shared notes. */
export function Notes({ agenda, pair, apply }: { agenda: OneOnOneAgenda; pair: Pair; apply: Apply }) {
  const styles = useStyles();
  const { api, format } = useSession();
  const client = useMemo(() => oneOnOnesApi(api), [api]);
  const [text, setText] = useState(agenda.notes.text);
  const [savedVersion, setSavedVersion] = useState(agenda.notes.version);
  if (agenda.notes.version !== savedVersion) {
    setSavedVersion(agenda.notes.version);
    setText(agenda.notes.text);
  }
  const editable = agenda.allowedActions.includes('updateNotes');
  return (
    <section className={styles.section} aria-labelledby="notes-heading">
      <Subtitle1 as="h2" id="notes-heading">
        Shared notes
      </Subtitle1>
      <Body1 as="p" style={{ margin: 0 }}>
        Only the two of you can read these notes.
      </Body1>
      {editable ? (
        <form
          className={styles.section}
          onSubmit={(event) => {
            event.preventDefault();
            void apply(client.saveNotes(pair, agenda.notes.version, text));
          }}
        >
          <Field label="Notes">
            <Textarea value={text} onChange={(_, data) => setText(data.value)} resize="vertical" rows={5} maxLength={20_000} />
          </Field>
          <div className={styles.row}>
            <Button type="submit" disabled={text === agenda.notes.text}>
              Save notes
            </Button>
            {agenda.notes.updatedAt && (
              <Caption1>
                Saved {format.dateTime(agenda.notes.updatedAt)}
                {agenda.notes.updatedBy ? ` by ${agenda.notes.updatedBy.name}` : ''}
              </Caption1>
            )}
          </div>
        </form>
      ) : (
        <Body1 className={styles.word}>{agenda.notes.text || 'No notes yet.'}</Body1>
      )}
    </section>
  );
}
