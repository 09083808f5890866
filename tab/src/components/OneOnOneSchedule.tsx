import { Button, Caption1, Field, Input, Link, makeStyles, Select, tokens } from '@fluentui/react-components';
import type { OneOnOneAgenda, OneOnOneCadence } from '@northstar/server/contract';
import { useMemo, useState, type FormEvent } from 'react';
import { useSession } from '../context';
import { oneOnOnesApi, type Pair } from '../data/oneOnOnes';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  narrow: { width: '150px' },
  word: { overflowWrap: 'anywhere' },
});

const CADENCES: Record<OneOnOneCadence, string> = { weekly: 'Weekly', biweekly: 'Every two weeks', monthly: 'Monthly' };

/**
 * When the pair's next 1:1 is: from the manager's Outlook series (with moved and cancelled occurrences),
 * else a schedule editor (cadence and next date) for pairs without a series in Outlook.
 */
export function OneOnOneSchedule({
  agenda,
  pair,
  apply,
}: {
  agenda: OneOnOneAgenda;
  pair: Pair;
  apply: (change: Promise<OneOnOneAgenda>) => Promise<boolean>;
}) {
  const styles = useStyles();
  const { api, format } = useSession();
  const client = useMemo(() => oneOnOnesApi(api), [api]);
  const [cadence, setCadence] = useState<OneOnOneCadence>(agenda.cadence);
  const [nextDate, setNextDate] = useState(agenda.nextDateSet ? agenda.nextDate : '');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  if (agenda.calendar) {
    const { calendar } = agenda;
    return (
      <section className={styles.section} aria-label="Schedule" data-testid="one-on-one-schedule" data-source="calendar">
        <Caption1 className={styles.word}>
          Next 1:1 {format.dateTime(calendar.start)} · from your Outlook calendar ({calendar.subject})
          {calendar.rescheduled && calendar.originalStart ? ` · moved from ${format.dateTime(calendar.originalStart)}` : ''}
          {calendar.cancelledDates.length > 0 ? ` · cancelled: ${calendar.cancelledDates.map((date) => format.date(date)).join(', ')}` : ''}
        </Caption1>
        {calendar.webLink && (
          <Link href={calendar.webLink} target="_blank" rel="noreferrer">
            Open in Outlook
          </Link>
        )}
      </section>
    );
  }

  const canEdit = agenda.allowedActions.includes('schedule');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    const ok = await apply(client.schedule(pair, { cadence, nextDate: nextDate === '' ? null : nextDate }));
    setSaving(false);
    setSaved(ok);
  };
  return (
    <section className={styles.section} aria-label="Schedule" data-testid="one-on-one-schedule" data-source={agenda.nextDateSource}>
      <Caption1>
        Next 1:1 {format.date(agenda.nextDate)} ·{' '}
        {agenda.nextDateSource === 'set' ? 'date set here' : `follows the cadence (${CADENCES[agenda.cadence].toLowerCase()})`} · no
        recurring 1:1 in Outlook
      </Caption1>
      {canEdit && (
        <form className={styles.form} onSubmit={(event) => void submit(event)}>
          <Field label="Cadence">
            <Select className={styles.narrow} value={cadence} onChange={(_e, data) => setCadence(data.value as OneOnOneCadence)}>
              {Object.entries(CADENCES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Next date" hint="Empty follows the cadence">
            <Input type="date" value={nextDate} onChange={(_e, data) => setNextDate(data.value)} />
          </Field>
          <Button type="submit" disabled={saving}>
            Save schedule
          </Button>
          <span role="status">{saved ? 'Schedule saved.' : ''}</span>
        </form>
      )}
    </section>
  );
}
