import { Badge, Body1, Button, Caption1, Card, Field, Input, makeStyles, Subtitle1, Subtitle2, tokens } from '@fluentui/react-components';
import type { AgendaItem, OneOnOneHistoryEntry, PastActionItem, PastOneOnOne } from '@northstar/server/contract';
import { useMemo, useState, type FormEvent } from 'react';
import type { Formatters } from '../format';
import { useSession } from '../context';
import { oneOnOnesApi, pairId, type Pair } from '../data/oneOnOnes';
import { useResource } from '../data/useResource';
import { Empty, LoadError } from './PageState';
import { PrivateNotes } from './PrivateNotes';

const PAGE = 10;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  grow: { flex: '1 1 180px', minWidth: 0 },
  word: { overflowWrap: 'anywhere', margin: 0 },
  match: { overflowWrap: 'anywhere', color: tokens.colorNeutralForeground2 },
});

const FIELD = { notes: 'Notes', talking_point: 'Talking point', action_item: 'Action item', agenda_item: 'Agenda' } as const;
const KIND: Partial<Record<AgendaItem['kind'], string>> = {
  key_result: 'Key result',
  red_priority: 'Red priority',
  risk: 'Risk',
  time_off: 'Time off',
  action_item: 'Open action item',
  onboarding: 'Onboarding',
  unaligned_objective: 'Aligned to nothing',
};

const times = (count: number): string => (count === 1 ? 'once' : count === 2 ? 'twice' : `${count} times`);

/** What an agenda item said, in one line. */
function agendaText(item: AgendaItem, format: Formatters): string {
  switch (item.kind) {
    case 'key_result':
      return `${item.title} · ${item.flags.join(', ')}${item.confidence !== null ? ` · confidence ${format.number(item.confidence, 0)}` : ''}`;
    case 'red_priority':
    case 'unaligned_objective':
      return item.title;
    case 'risk':
    case 'time_off':
      return item.text;
    case 'action_item':
      return `${item.title} · ${item.owner.name}${item.overdue ? ' · overdue' : ''}`;
    case 'onboarding':
      return `Coursework ${item.status ?? 'status not known'}`;
    default:
      return genericText(item);
  }
}

/** The text or title of an agenda item of a kind this view does not know specially. */
function genericText(item: object): string {
  const fields = item as { text?: unknown; title?: unknown };
  return typeof fields.text === 'string' ? fields.text : typeof fields.title === 'string' ? fields.title : '';
}

/** What became of an action item, in words. */
export function outcomeText(item: PastActionItem, format: Formatters): string {
  const { outcome } = item;
  if (outcome.status === 'done') {
    const when = outcome.doneAt ? ` ${format.date(outcome.doneAt)}` : '';
    const carried = outcome.carriedCount > 0 ? ` after being carried over ${times(outcome.carriedCount)}` : '';
    return `Done${when} in 1:1 #${outcome.doneInOccurrence ?? '?'}${carried}`;
  }
  if (outcome.status === 'open') return `Still open, carried over ${times(outcome.carriedCount)}`;
  return 'Removed later without being done';
}

/** The pair's past 1:1s: searchable list, newest first, and one held 1:1 as it was (with the caller's private notes of it). */
export function OneOnOneHistory({ pair, occurrence }: { pair: Pair; occurrence: number }) {
  const styles = useStyles();
  const { api } = useSession();
  const client = useMemo(() => oneOnOnesApi(api), [api]);
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<number>();
  const [older, setOlder] = useState<{ entries: OneOnOneHistoryEntry[]; nextBefore: number | null }>();
  const first = useResource(() => client.history(pair, { q, limit: PAGE }), `history:${pairId(pair)}:${occurrence}:${q}`);
  const [loadingMore, setLoadingMore] = useState(false);

  const search = (event: FormEvent): void => {
    event.preventDefault();
    setOlder(undefined);
    setQ(input.trim());
  };
  const nextBefore = older ? older.nextBefore : first.status === 'ready' ? first.data.nextBefore : null;
  const more = async (): Promise<void> => {
    if (nextBefore === null) return;
    setLoadingMore(true);
    try {
      const page = await client.history(pair, { q, before: nextBefore, limit: PAGE });
      setOlder({ entries: [...(older?.entries ?? []), ...page.entries], nextBefore: page.nextBefore });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section className={styles.section} aria-labelledby="history-heading" data-testid="history">
      <Subtitle1 as="h2" id="history-heading">
        Past 1:1s
      </Subtitle1>
      {selected !== undefined ? (
        <PastMeeting pair={pair} occurrence={selected} onOpen={setSelected} onClose={() => setSelected(undefined)} />
      ) : (
        <>
          <form role="search" className={styles.form} onSubmit={search}>
            <Field label="Search past 1:1s" className={styles.grow}>
              <Input value={input} onChange={(_, data) => setInput(data.value)} maxLength={200} type="search" />
            </Field>
            <Button type="submit">Search</Button>
            {q && (
              <Button
                onClick={() => {
                  setInput('');
                  setOlder(undefined);
                  setQ('');
                }}
              >
                Show all
              </Button>
            )}
          </form>
          {first.status === 'loading' && <Caption1>Loading past 1:1s…</Caption1>}
          {first.status === 'error' && <LoadError error={first.error} onRetry={first.reload} what="past 1:1s" />}
          {first.status === 'ready' &&
            (first.data.entries.length === 0 ? (
              <Empty>
                {q
                  ? `No past 1:1 mentions “${q}”.`
                  : first.data.held === 0
                    ? 'No 1:1 held yet: once you mark one held, it is kept here as it was.'
                    : 'No more past 1:1s.'}
              </Empty>
            ) : (
              <>
                <Caption1 role="status">{q ? `Past 1:1s mentioning “${q}”` : `${first.data.held} held 1:1s`}, newest first</Caption1>
                <ul className={styles.list} data-testid="history-list">
                  {[...first.data.entries, ...(older?.entries ?? [])].map((entry) => (
                    <EntryRow key={entry.occurrence} entry={entry} onOpen={() => setSelected(entry.occurrence)} />
                  ))}
                </ul>
                {nextBefore !== null && (
                  <div>
                    <Button onClick={() => void more()} disabled={loadingMore}>
                      Show older 1:1s
                    </Button>
                  </div>
                )}
              </>
            ))}
        </>
      )}
    </section>
  );
}

function EntryRow({ entry, onOpen }: { entry: OneOnOneHistoryEntry; onOpen: () => void }) {
  const styles = useStyles();
  const { format } = useSession();
  return (
    <li data-testid="history-entry" data-occurrence={entry.occurrence}>
      <Card>
        <div className={styles.row}>
          <Button appearance="transparent" onClick={onOpen}>
            <Subtitle2>
              1:1 #{entry.occurrence} · {format.date(entry.heldAt)}
            </Subtitle2>
          </Button>
          <Caption1>
            {format.number(entry.talkingPoints)} talking points · {format.number(entry.actionItemsDone)} of{' '}
            {format.number(entry.actionItems)} action items done
          </Caption1>
        </div>
        {entry.notesExcerpt && (
          <Body1 as="p" className={styles.word}>
            {entry.notesExcerpt}
          </Body1>
        )}
        {entry.matches.map((match, index) => (
          <Caption1 key={index} className={styles.match} data-testid="history-match">
            {FIELD[match.field]}: {match.text}
          </Caption1>
        ))}
      </Card>
    </li>
  );
}

function PastMeeting({
  pair,
  occurrence,
  onOpen,
  onClose,
}: {
  pair: Pair;
  occurrence: number;
  onOpen: (occurrence: number) => void;
  onClose: () => void;
}) {
  const styles = useStyles();
  const { api } = useSession();
  const client = useMemo(() => oneOnOnesApi(api), [api]);
  const past = useResource(() => client.pastOneOnOne(pair, occurrence), `past:${pairId(pair)}:${occurrence}`);
  return (
    <div className={styles.section}>
      <div className={styles.row}>
        <Button onClick={onClose}>Back to all past 1:1s</Button>
        {past.status === 'ready' && past.data.nextOccurrence !== null && (
          <Button onClick={() => onOpen(past.data.nextOccurrence!)}>Newer</Button>
        )}
        {past.status === 'ready' && past.data.previousOccurrence !== null && (
          <Button onClick={() => onOpen(past.data.previousOccurrence!)}>Older</Button>
        )}
      </div>
      {past.status === 'loading' && <Caption1>Loading the 1:1…</Caption1>}
      {past.status === 'error' && <LoadError error={past.error} onRetry={past.reload} what="this 1:1" />}
      {past.status === 'ready' && <PastMeetingBody pair={pair} past={past.data} />}
    </div>
  );
}

function PastMeetingBody({ pair, past }: { pair: Pair; past: PastOneOnOne }) {
  const styles = useStyles();
  const { format } = useSession();
  return (
    <article className={styles.section} data-testid="past-one-on-one" data-occurrence={past.occurrence} aria-labelledby="past-heading">
      <Subtitle2 as="h3" id="past-heading">
        1:1 #{past.occurrence}, held {format.date(past.heldAt)} (marked by {past.heldBy.name})
      </Subtitle2>
      <Subtitle2 as="h4">Agenda from the data</Subtitle2>
      {past.agendaItems === null ? (
        <Empty>This 1:1 was held before agendas were kept.</Empty>
      ) : past.agendaItems.length === 0 ? (
        <Empty>Nothing stood out in the data.</Empty>
      ) : (
        <ul className={styles.list}>
          {past.agendaItems.map((item) => (
            <li key={item.id} className={styles.row} data-testid="past-agenda-item" data-kind={item.kind}>
              <Badge appearance="tint" color="informative">
                {KIND[item.kind] ?? item.kind.replaceAll('_', ' ')}
              </Badge>
              <span className={styles.word}>{agendaText(item, format)}</span>
            </li>
          ))}
        </ul>
      )}
      <Subtitle2 as="h4">Talking points</Subtitle2>
      {past.talkingPoints.length === 0 ? (
        <Empty>No talking points.</Empty>
      ) : (
        <ul className={styles.list}>
          {past.talkingPoints.map((point) => (
            <li key={point.id} className={styles.row}>
              <span className={styles.word}>{point.text}</span>
              <Caption1>
                {point.author.name} · {point.resolved ? 'resolved' : 'carried over to the next 1:1'}
              </Caption1>
            </li>
          ))}
        </ul>
      )}
      <Subtitle2 as="h4">Action items</Subtitle2>
      {past.actionItems.length === 0 ? (
        <Empty>No action items.</Empty>
      ) : (
        <ul className={styles.list}>
          {past.actionItems.map((item) => (
            <li key={item.id} className={styles.row} data-testid="past-action-item" data-outcome={item.outcome.status}>
              <span className={styles.word}>{item.title}</span>
              <Caption1>
                {item.owner.name}
                {item.dueDate ? ` · due ${format.date(item.dueDate)}` : ''} · {outcomeText(item, format)}
              </Caption1>
            </li>
          ))}
        </ul>
      )}
      <Subtitle2 as="h4">Shared notes</Subtitle2>
      <Body1 as="p" className={styles.word} style={{ whiteSpace: 'pre-wrap' }}>
        {past.notes.text || 'No notes were taken.'}
      </Body1>
      <PrivateNotes pair={pair} occurrence={past.occurrence} initial={past.privateNotes} />
    </article>
  );
}
