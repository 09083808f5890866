import {
  Body1,
  Button,
  Caption1,
  Card,
  Field,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Subtitle2,
  Textarea,
  ToggleButton,
  tokens,
} from '@fluentui/react-components';
import { MAX_WIN_TEXT, type Win, type WinReactionKind } from '@northstar/server/contract';
import { useState } from 'react';
import { useSession } from '../../../context';
import { LinkOptions, linkOf, useLinkPickerStyles, useMyObjectives } from './PostWin';
import { REACTIONS, winsApi } from './winsApi';

const useStyles = makeStyles({
  card: { minWidth: 0, gap: tokens.spacingVerticalS },
  header: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'baseline', minWidth: 0 },
  text: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center', minWidth: 0 },
  link: { overflowWrap: 'anywhere', textAlign: 'start' },
});

const plural = (count: number): string => (count === 1 ? '1 reaction' : `${count} reactions`);

/** The accessible name of a reaction toggle: what it is, how many gave it, and whether I did. */
export function reactionLabel(kind: WinReactionKind, count: number, reacted: boolean): string {
  return `${REACTIONS[kind].label}: ${plural(count)}${reacted ? ', including yours' : ''}`;
}

/** One win: author, text (always as text), linked OKR, reaction toggles, and edit/delete where allowed. */
export function WinCard({ win, onChanged, onDeleted }: { win: Win; onChanged(win: Win): void; onDeleted(id: string): void }) {
  const styles = useStyles();
  const { api, host, format } = useSession();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const calls = winsApi(api);

  async function run<T>(work: () => Promise<T>, done: (value: T) => void): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      done(await work());
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  const canReact = win.allowedActions.includes('react');
  return (
    <Card className={styles.card} data-testid="win-card" aria-labelledby={`win-${win.id}-author`}>
      <div className={styles.header}>
        <Subtitle2 as="h3" id={`win-${win.id}-author`}>
          {win.author.name || 'A former colleague'}
        </Subtitle2>
        <Caption1 className={styles.muted}>
          {format.dateTime(win.createdAt)}
          {win.editedAt ? ' · edited' : ''}
        </Caption1>
      </div>
      {editing ? (
        <EditWin
          win={win}
          busy={busy}
          onCancel={() => setEditing(false)}
          onSave={(text, link) =>
            void run(
              () => calls.update(win.id, { text, link }),
              (updated) => {
                setEditing(false);
                onChanged(updated);
              },
            )
          }
        />
      ) : (
        <Body1 as="p" className={styles.text} data-testid="win-text-shown">
          {win.text}
        </Body1>
      )}
      {win.link && !editing && (
        <Caption1 className={styles.muted}>
          {win.link.kind === 'objective' ? 'Objective' : 'Key result'}:{' '}
          {win.link.title && win.link.objectiveId ? (
            <Link className={styles.link} onClick={() => void host.openInPersonalApp(`objectives/${win.link!.objectiveId}`)}>
              {win.link.title}
            </Link>
          ) : (
            'an OKR you cannot see'
          )}
        </Caption1>
      )}
      <div className={styles.row} role="group" aria-label={`Reactions to ${win.author.name || 'this'} win`}>
        {win.reactions.map((reaction) => {
          const look = REACTIONS[reaction.kind];
          const Icon = reaction.reacted ? look.Given : look.Icon;
          return (
            <ToggleButton
              key={reaction.kind}
              size="small"
              shape="circular"
              checked={reaction.reacted}
              disabled={!canReact || busy}
              icon={<Icon aria-hidden="true" />}
              aria-label={reactionLabel(reaction.kind, reaction.count, reaction.reacted)}
              title={look.label}
              data-testid={`react-${reaction.kind}`}
              onClick={() => void run(() => calls.react(win.id, reaction.kind, !reaction.reacted), onChanged)}
            >
              <span aria-hidden="true">{reaction.count}</span>
            </ToggleButton>
          );
        })}
        {win.allowedActions.includes('update') && !editing && (
          <Button size="small" appearance="subtle" onClick={() => setEditing(true)} disabled={busy}>
            Edit
          </Button>
        )}
        {win.allowedActions.includes('delete') && !editing && (
          <Button
            size="small"
            appearance="subtle"
            disabled={busy}
            onClick={() =>
              void run(
                () => calls.remove(win.id),
                () => onDeleted(win.id),
              )
            }
          >
            Delete
          </Button>
        )}
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </Card>
  );
}

function EditWin({
  win,
  busy,
  onSave,
  onCancel,
}: {
  win: Win;
  busy: boolean;
  onSave(text: string, link: ReturnType<typeof linkOf>): void;
  onCancel(): void;
}) {
  const styles = useStyles();
  const picker = useLinkPickerStyles();
  const objectives = useMyObjectives();
  const [text, setText] = useState(win.text);
  const [link, setLink] = useState(win.link ? `${win.link.kind}:${win.link.id}` : '');
  const length = text.trim().length;
  const tooLong = length > MAX_WIN_TEXT;
  const known =
    link === '' || objectives.some((o) => `objective:${o.id}` === link || o.keyResults.some((k) => `keyResult:${k.id}` === link));
  return (
    <>
      <Field
        label="Edit the win"
        hint={`${length} / ${MAX_WIN_TEXT} characters`}
        validationState={tooLong ? 'error' : 'none'}
        validationMessage={tooLong ? `Keep it to ${MAX_WIN_TEXT} characters.` : undefined}
      >
        <Textarea value={text} onChange={(_e, data) => setText(data.value)} resize="vertical" rows={3} />
      </Field>
      <Field label="Link" className={picker.grow}>
        <Select className={picker.select} select={{ className: picker.native }} value={link} onChange={(_e, data) => setLink(data.value)}>
          {!known && <option value={link}>Keep the current link</option>}
          <LinkOptions objectives={objectives} />
        </Select>
      </Field>
      <div className={styles.row}>
        <Button
          appearance="primary"
          size="small"
          disabled={busy || length === 0 || tooLong}
          onClick={() => onSave(text, known ? linkOf(link) : win.link && { kind: win.link.kind, id: win.link.id })}
        >
          Save
        </Button>
        <Button size="small" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </>
  );
}
