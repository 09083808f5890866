import { Button, Field, makeStyles, MessageBar, MessageBarBody, Select, Textarea, tokens } from '@fluentui/react-components';
import { MAX_WIN_TEXT, type Objective, type Win, type WinLinkInput } from '@northstar/server/contract';
import { useState, type FormEvent } from 'react';
import { useSession } from '../../../context';
import { useResource } from '../../../data/useResource';
import { winsApi } from './winsApi';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  grow: { flex: '1 1 200px', minWidth: 0, gridTemplateColumns: 'minmax(0, 1fr)' },
  select: { width: '100%', minWidth: 0, maxWidth: '100%' },
  native: { width: '100%', minWidth: 0, textOverflow: 'ellipsis' },
});

/** Styles that keep a link picker of long OKR titles inside a narrow tab. */
export const useLinkPickerStyles = useStyles;

/** The value of a link option: `objective:<id>` or `keyResult:<id>`; empty for none. */
export function linkOf(value: string): WinLinkInput | null {
  const [kind, id] = value.split(':');
  return (kind === 'objective' || kind === 'keyResult') && id ? { kind, id } : null;
}

/** Options for linking a win to one of my objectives or key results. */
export function LinkOptions({ objectives }: { objectives: readonly Objective[] }) {
  return (
    <>
      <option value="">No link</option>
      {objectives.map((objective) => (
        <optgroup key={objective.id} label={objective.title}>
          <option value={`objective:${objective.id}`}>Objective: {objective.title}</option>
          {objective.keyResults.map((keyResult) => (
            <option key={keyResult.id} value={`keyResult:${keyResult.id}`}>
              Key result: {keyResult.title}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

/** My objectives of this period (for the link picker); an empty list when they cannot be loaded. */
export function useMyObjectives(): Objective[] {
  const { api, me, periods } = useSession();
  const mine = useResource(
    () => api.objectives({ ownerId: me.id, periodId: periods.current, limit: 100 }).then((page) => page.items),
    `wins-my-okrs:${me.id}:${periods.current}`,
  );
  return mine.status === 'ready' ? mine.data : [];
}

/** The post box: text with a character counter and an optional link to one of my OKRs. */
export function PostWin({ teamId, onPosted }: { teamId: string; onPosted(win: Win): void }) {
  const styles = useStyles();
  const { api } = useSession();
  const objectives = useMyObjectives();
  const [text, setText] = useState('');
  const [link, setLink] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const length = text.trim().length;
  const tooLong = length > MAX_WIN_TEXT;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (length === 0 || tooLong) return;
    setBusy(true);
    setError(null);
    try {
      const win = await winsApi(api).post(teamId, { text, link: linkOf(link) });
      setText('');
      setLink('');
      onPosted(win);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} aria-label="Post a win">
      <Field
        label="Share a win with the team"
        hint={`${length} / ${MAX_WIN_TEXT} characters`}
        validationState={tooLong ? 'error' : 'none'}
        validationMessage={tooLong ? `Keep it to ${MAX_WIN_TEXT} characters (${length - MAX_WIN_TEXT} too many).` : undefined}
      >
        <Textarea
          value={text}
          onChange={(_e, data) => setText(data.value)}
          resize="vertical"
          rows={3}
          placeholder="What went well this week?"
          data-testid="win-text"
        />
      </Field>
      <div className={styles.row}>
        <Field label="Link to one of my OKRs (optional)" className={styles.grow}>
          <Select
            className={styles.select}
            select={{ className: styles.native }}
            value={link}
            onChange={(_e, data) => setLink(data.value)}
            data-testid="win-link"
          >
            <LinkOptions objectives={objectives} />
          </Select>
        </Field>
        <Button appearance="primary" type="submit" disabled={busy || length === 0 || tooLong}>
          {busy ? 'Posting…' : 'Post win'}
        </Button>
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>Could not post the win. {error}</MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
}
