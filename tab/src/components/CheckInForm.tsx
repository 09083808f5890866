import { Button, Field, Input, makeStyles, SpinButton, tokens } from '@fluentui/react-components';
import type { KeyResult } from '@northstar/server/contract';
import { useId, useState } from 'react';
import { useSession } from '../context';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  field: { width: '120px' },
  note: { flex: '1 1 160px', minWidth: 0 },
  status: { minHeight: '1em', color: tokens.colorNeutralForeground2 },
});

/** This week's check-in of one key result: value, confidence and note, pre-filled so one click saves it. */
export function CheckInForm({ keyResult, onSaved }: { keyResult: KeyResult; onSaved: (updated: KeyResult) => void }) {
  const styles = useStyles();
  const { api, thisWeek, format } = useSession();
  const checkedInThisWeek = keyResult.lastCheckIn?.isoWeek === thisWeek;
  const [value, setValue] = useState(String(keyResult.current));
  const [confidence, setConfidence] = useState(keyResult.lastCheckIn?.confidence ?? 5);
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'failed'; message?: string }>({ kind: 'idle' });
  const statusId = useId();

  async function save(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const numeric = Number(value.replace(',', '.'));
    if (!Number.isFinite(numeric)) {
      setStatus({ kind: 'failed', message: 'The value must be a number.' });
      return;
    }
    setStatus({ kind: 'saving' });
    try {
      const result = await api.checkIn(keyResult.id, thisWeek, { value: numeric, confidence, note });
      setStatus({ kind: 'saved', message: `Checked in: confidence ${format.number(result.checkIn.confidence, 0)}.` });
      onSaved(result.keyResult);
    } catch (error) {
      setStatus({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <form
      className={styles.form}
      onSubmit={(event) => void save(event)}
      aria-label={`Weekly check-in of ${keyResult.title}`}
      aria-describedby={statusId}
    >
      <Field label="Value" className={styles.field} size="small">
        <Input value={value} onChange={(_, data) => setValue(data.value)} inputMode="decimal" size="small" />
      </Field>
      <Field label="Confidence (0–10)" className={styles.field} size="small">
        <SpinButton
          value={confidence}
          min={0}
          max={10}
          size="small"
          onChange={(_, data) => {
            const next = data.value ?? Number(data.displayValue);
            if (Number.isFinite(next)) setConfidence(Math.max(0, Math.min(10, Math.round(next!))));
          }}
        />
      </Field>
      <Field label="Note" className={styles.note} size="small">
        <Input value={note} onChange={(_, data) => setNote(data.value)} size="small" />
      </Field>
      <Button type="submit" appearance={checkedInThisWeek ? 'secondary' : 'primary'} size="small" disabled={status.kind === 'saving'}>
        {checkedInThisWeek ? 'Update check-in' : 'Check in'}
      </Button>
      <div id={statusId} role="status" className={styles.status}>
        {status.kind === 'saving' ? 'Saving…' : status.message}
      </div>
    </form>
  );
}
