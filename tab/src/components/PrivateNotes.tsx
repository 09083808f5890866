import { Button, Caption1, Field, makeStyles, MessageBar, MessageBarBody, Textarea, tokens } from '@fluentui/react-components';
import type { PrivateNotes as PrivateNotesData } from '@northstar/server/contract';
import { useMemo, useState } from 'react';
import { ApiError } from '../client/api-error';
import { useSession } from '../context';
import { oneOnOnesApi, pairId, type Pair } from '../data/oneOnOnes';
import { useResource } from '../data/useResource';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

/** The caller's own private notes of one 1:1 ("only you see this"), loaded unless given, saved with a version check. */
export function PrivateNotes({ pair, occurrence, initial }: { pair: Pair; occurrence: number; initial?: PrivateNotesData }) {
  const { api } = useSession();
  const client = useMemo(() => oneOnOnesApi(api), [api]);
  const loaded = useResource(
    () => (initial ? Promise.resolve(initial) : client.privateNotes(pair, occurrence)),
    `private-notes:${pairId(pair)}:${occurrence}:${initial ? 'given' : 'load'}`,
  );
  if (loaded.status === 'loading') return <Caption1>Loading your private notes…</Caption1>;
  if (loaded.status === 'error') return <Caption1>Your private notes could not be loaded: {loaded.error.message}</Caption1>;
  return (
    <Editor key={`${occurrence}:${loaded.data.version}`} pair={pair} notes={loaded.data} onSaved={loaded.replace} reload={loaded.reload} />
  );
}

function Editor({
  pair,
  notes,
  onSaved,
  reload,
}: {
  pair: Pair;
  notes: PrivateNotesData;
  onSaved: (notes: PrivateNotesData) => void;
  reload: () => void;
}) {
  const styles = useStyles();
  const { api, format } = useSession();
  const client = useMemo(() => oneOnOnesApi(api), [api]);
  const [text, setText] = useState(notes.text);
  const [problem, setProblem] = useState<{ message: string; stale: boolean }>();
  const [saving, setSaving] = useState(false);
  const save = async (): Promise<void> => {
    setSaving(true);
    setProblem(undefined);
    try {
      onSaved(await client.savePrivateNotes(pair, { occurrence: notes.occurrence, version: notes.version, text }));
    } catch (error) {
      const stale = error instanceof ApiError && error.status === 409;
      setProblem({
        stale,
        message: stale
          ? 'You saved these notes somewhere else meanwhile. Reload them, then add your change again.'
          : String((error as Error).message),
      });
    } finally {
      setSaving(false);
    }
  };
  return (
    <section
      className={styles.section}
      aria-label={`My private notes of 1:1 #${notes.occurrence}`}
      data-testid="private-notes"
      data-occurrence={notes.occurrence}
    >
      <form
        className={styles.section}
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Field label="My private notes (only you see this)" hint="Not the other side of this 1:1, not HR, not an admin.">
          <Textarea value={text} onChange={(_, data) => setText(data.value)} resize="vertical" rows={3} maxLength={20_000} />
        </Field>
        {problem && (
          <MessageBar intent={problem.stale ? 'warning' : 'error'}>
            <MessageBarBody>{problem.message}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.row}>
          <Button type="submit" disabled={saving || text === notes.text}>
            Save private notes
          </Button>
          {problem?.stale && <Button onClick={reload}>Reload</Button>}
          <span role="status">{notes.updatedAt && <Caption1>Saved {format.dateTime(notes.updatedAt)}</Caption1>}</span>
        </div>
      </form>
    </section>
  );
}
