import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Select, Textarea, tokens } from '@fluentui/react-components';
import { MAX_PROPOSAL_KEY_RESULTS, type PersonRef, type Proposal } from '@northstar/server/contract';
import { useState, type FormEvent } from 'react';
import { useSession } from '../../context';
import { proposalsApi } from './proposalsApi';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  grow: { flex: '1 1 200px', minWidth: 0 },
  select: { width: '100%', minWidth: 0, maxWidth: '100%' },
});

/** The key results typed one per line (at most the contract's limit are sent; more is an error shown before sending). */
function keyResultLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Proposing an objective for the company or the team of a manager above the caller. */
export function ProposeForm({
  periodId,
  teams,
  onProposed,
}: {
  periodId: string;
  teams: readonly PersonRef[];
  onProposed(proposal: Proposal): void;
}) {
  const styles = useStyles();
  const { api } = useSession();
  const [target, setTarget] = useState('company');
  const [title, setTitle] = useState('');
  const [why, setWhy] = useState('');
  const [keyResults, setKeyResults] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lines = keyResultLines(keyResults);
  const tooMany = lines.length > MAX_PROPOSAL_KEY_RESULTS;
  const ready = title.trim().length > 0 && why.trim().length > 0 && !tooMany;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      const proposal = await proposalsApi(api).create({
        periodId,
        ...(target === 'company' ? { level: 'company' as const } : { level: 'team' as const, teamId: target }),
        title,
        why,
        keyResults: lines.map((line) => ({ title: line, target: null, unit: '' })),
      });
      setTitle('');
      setWhy('');
      setKeyResults('');
      onProposed(proposal);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} aria-label="Propose an objective">
      <div className={styles.row}>
        <Field label="For" className={styles.grow}>
          <Select className={styles.select} value={target} onChange={(_e, data) => setTarget(data.value)} data-testid="proposal-target">
            <option value="company">The company</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                Team of {team.name}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label="Objective" required>
        <Input value={title} maxLength={200} onChange={(_e, data) => setTitle(data.value)} data-testid="proposal-title" />
      </Field>
      <Field label="Why it matters" required>
        <Textarea
          value={why}
          rows={3}
          resize="vertical"
          maxLength={2000}
          onChange={(_e, data) => setWhy(data.value)}
          data-testid="proposal-why"
        />
      </Field>
      <Field
        label="Key results you would measure (one per line, optional)"
        validationState={tooMany ? 'error' : 'none'}
        validationMessage={tooMany ? `At most ${MAX_PROPOSAL_KEY_RESULTS} key results.` : undefined}
      >
        <Textarea
          value={keyResults}
          rows={3}
          resize="vertical"
          onChange={(_e, data) => setKeyResults(data.value)}
          data-testid="proposal-krs"
        />
      </Field>
      <div>
        <Button appearance="primary" type="submit" disabled={busy || !ready}>
          {busy ? 'Proposing…' : 'Propose'}
        </Button>
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>Could not send the proposal. {error}</MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
}
