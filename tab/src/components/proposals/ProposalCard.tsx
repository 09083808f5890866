import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  Field,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import type { Proposal } from '@northstar/server/contract';
import { useState } from 'react';
import { useSession } from '../../context';
import { navigate } from '../../router';
import { proposalsApi } from './proposalsApi';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  word: { overflowWrap: 'anywhere', margin: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  comments: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

const STATE_COLOR = { open: 'informative', adopted: 'success', declined: 'subtle' } as const;

/** One proposal: what and why, support, the discussion on demand, and adopt or decline for the level's owner. */
export function ProposalCard({ proposal, onChanged }: { proposal: Proposal; onChanged(proposal: Proposal): void }) {
  const styles = useStyles();
  const { api, format } = useSession();
  const calls = proposalsApi(api);
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const can = (action: Proposal['allowedActions'][number]) => proposal.allowedActions.includes(action);
  const target = proposal.team ? `Team of ${proposal.team.name}` : 'Company';
  const headingId = `proposal-${proposal.id}`;

  /** Runs a call and shows its answer; true when it succeeded. */
  async function run(work: () => Promise<Proposal>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      onChanged(await work());
      return true;
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      return false;
    } finally {
      setBusy(false);
    }
  }

  const discuss = (): void => {
    setOpen(!open);
    if (!open) void run(() => calls.get(proposal.id));
  };

  return (
    <Card className={styles.card} aria-labelledby={headingId} data-testid="proposal">
      <div className={styles.row}>
        <Subtitle2 as="h2" id={headingId} className={styles.word}>
          {proposal.title}
        </Subtitle2>
        <Badge appearance="tint" color={STATE_COLOR[proposal.state]}>
          {proposal.state}
        </Badge>
      </div>
      <Caption1>
        {target} · proposed by {proposal.author.name} on {format.date(proposal.createdAt)}
      </Caption1>
      <Body1 as="p" className={styles.word}>
        {proposal.why}
      </Body1>
      {proposal.keyResults.length > 0 && (
        <ul className={styles.list} aria-label="Key results proposed">
          {proposal.keyResults.map((kr) => (
            <li key={kr.title} className={styles.word}>
              {kr.title}
              {kr.target !== null ? ` (target ${kr.target}${kr.unit ? ` ${kr.unit}` : ''})` : ''}
            </li>
          ))}
        </ul>
      )}
      {proposal.decision && (
        <Body1 as="p" className={styles.word} data-testid="proposal-decision">
          {proposal.state === 'adopted' ? 'Adopted' : 'Declined'} by {proposal.decision.by.name} on {format.date(proposal.decision.at)}
          {proposal.decision.reason ? `: ${proposal.decision.reason}` : '.'}{' '}
          {proposal.decision.objectiveId && (
            <Link
              href={`#/objectives/${proposal.decision.objectiveId}`}
              onClick={() => navigate({ page: 'objectives', id: proposal.decision!.objectiveId! })}
            >
              Open the draft objective
            </Link>
          )}
        </Body1>
      )}
      <div className={styles.row}>
        <Button
          size="small"
          appearance={proposal.supported ? 'primary' : 'secondary'}
          aria-pressed={proposal.supported}
          disabled={busy || !can('support')}
          onClick={() => void run(() => calls.support(proposal.id, !proposal.supported))}
        >
          {proposal.supported ? 'Supported' : 'Support'} · {proposal.supporters}
        </Button>
        <Button size="small" aria-expanded={open} onClick={discuss}>
          Discussion · {proposal.commentCount}
        </Button>
        {can('adopt') && (
          <Button
            size="small"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const adopted = await calls.adopt(proposal.id);
                return adopted.proposal;
              })
            }
          >
            Adopt as draft
          </Button>
        )}
        {can('decline') && !declining && (
          <Button size="small" disabled={busy} onClick={() => setDeclining(true)}>
            Decline…
          </Button>
        )}
      </div>
      {declining && (
        <form
          className={styles.card}
          aria-label="Decline the proposal"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => calls.decline(proposal.id, reason)).then((done) => done && setDeclining(false));
          }}
        >
          <Field label="Why not (the author sees this)" required>
            <Textarea value={reason} rows={2} maxLength={1000} onChange={(_e, data) => setReason(data.value)} />
          </Field>
          <div className={styles.row}>
            <Button type="submit" appearance="primary" size="small" disabled={busy || reason.trim().length === 0}>
              Decline
            </Button>
            <Button size="small" onClick={() => setDeclining(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      {open && (
        <>
          {proposal.comments.length > 0 && (
            <ul className={styles.comments} aria-label="Comments">
              {proposal.comments.map((entry) => (
                <li key={entry.id} className={styles.word}>
                  <Caption1>
                    {entry.author.name}, {format.date(entry.at)}:
                  </Caption1>{' '}
                  {entry.text}
                </li>
              ))}
            </ul>
          )}
          {can('comment') && (
            <form
              className={styles.row}
              aria-label="Comment"
              onSubmit={(event) => {
                event.preventDefault();
                void run(() => calls.comment(proposal.id, comment)).then((done) => done && setComment(''));
              }}
            >
              <Field label="Your comment" style={{ flex: '1 1 200px', minWidth: 0 }}>
                <Textarea value={comment} rows={2} maxLength={1000} onChange={(_e, data) => setComment(data.value)} />
              </Field>
              <Button type="submit" size="small" disabled={busy || comment.trim().length === 0}>
                Comment
              </Button>
            </form>
          )}
        </>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </Card>
  );
}
