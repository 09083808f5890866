import {
  Badge,
  Body1,
  Button,
  Caption1,
  Checkbox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Subtitle1,
  Subtitle2,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import type { RenderedWeeklyMail, WeeklyReport } from '@northstar/server/contract';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fetchCoachFindings, ServiceUnreachableError } from '../api/weekly-client';
import { insertMail, OfficeHostError } from '../host/office';
import { colorOf, draftOf, MAX_PRIORITIES, move, saveRequestOf, weeklyHints, type WeeklyDraft } from './draft';
import type { PaneSession } from './session';

const AUTOSAVE_DELAY_MS = 600;
/** Performance mark set when the filled form first renders. */
export const FORM_READY_MARK = 'northstar:form-ready';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  grow: { flexGrow: 1, minWidth: 0 },
  small: { width: '76px' },
  actions: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    position: 'sticky',
    bottom: 0,
    paddingBottom: '8px',
    backgroundColor: tokens.colorNeutralBackground1,
  },
  hint: { margin: 0, paddingLeft: '18px' },
});

type SaveState = { kind: 'saved' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'error'; message: string };
type InsertState =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; format: 'html' | 'text' }
  | { kind: 'no-manager'; mail: RenderedWeeklyMail }
  | { kind: 'error'; message: string; retry: boolean };

const statusBadge = { draft: 'informative', sent: 'brand', reviewed: 'success' } as const;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The weekly OKR mail editor: both groups of the mail, autosaved, with coach hints and "Insert". */
export function WeeklyForm({ session }: { session: PaneSession }) {
  const styles = useStyles();
  const { client, isoWeek } = session;
  const [report, setReport] = useState<WeeklyReport>(session.report);
  const [draft, setDraft] = useState<WeeklyDraft>(() => draftOf(session.report));
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved' });
  const [insertState, setInsertState] = useState<InsertState>({ kind: 'idle' });
  const [copyTeam, setCopyTeam] = useState(true);
  const [coach, setCoach] = useState<Array<{ severity: string; message: string }>>([]);

  const draftRef = useRef(draft);
  const versionRef = useRef(session.report.version);
  const dirtyRef = useRef(false);
  const chainRef = useRef<Promise<boolean>>(Promise.resolve(true));
  const timerRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const editable = report.allowedActions.includes('update');

  /** Saves the draft when it changed; saves run one after another. Resolves false when the save failed. */
  const save = useCallback((): Promise<boolean> => {
    clearTimeout(timerRef.current);
    chainRef.current = chainRef.current.then(async () => {
      if (!dirtyRef.current) return true;
      dirtyRef.current = false;
      setSaveState({ kind: 'saving' });
      try {
        const saved = await client.save(isoWeek, saveRequestOf(draftRef.current, versionRef.current));
        versionRef.current = saved.version;
        setReport(saved);
        setSaveState(dirtyRef.current ? { kind: 'pending' } : { kind: 'saved' });
        return true;
      } catch (error) {
        if ((error as { status?: number }).status === 409) {
          const fresh = await client.get(isoWeek).catch(() => undefined);
          if (fresh) {
            versionRef.current = fresh.version;
            draftRef.current = draftOf(fresh);
            setReport(fresh);
            setDraft(draftRef.current);
          }
          setSaveState({ kind: 'error', message: 'Your weekly mail was changed elsewhere; the pane now shows the stored version.' });
          return false;
        }
        dirtyRef.current = true;
        setSaveState({
          kind: 'error',
          message:
            error instanceof ServiceUnreachableError
              ? 'Not saved: the Northstar service cannot be reached. Your edits stay here; retry when it is back.'
              : `Not saved: ${messageOf(error)}`,
        });
        return false;
      }
    });
    return chainRef.current;
  }, [client, isoWeek]);

  const edit = useCallback(
    (change: (current: WeeklyDraft) => WeeklyDraft) => {
      draftRef.current = change(draftRef.current);
      setDraft(draftRef.current);
      dirtyRef.current = true;
      setSaveState({ kind: 'pending' });
      clearTimeout(timerRef.current);
      timerRef.current = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    },
    [save],
  );

  useEffect(() => {
    const flush = () => {
      if (dirtyRef.current) void save();
    };
    const onHidden = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
      flush();
    };
  }, [save]);

  useEffect(() => {
    let active = true;
    const objectiveIds = [...new Set(session.report.keyResults.map((kr) => kr.objectiveId))];
    Promise.all(objectiveIds.map((id) => fetchCoachFindings(session.tokens, id).catch(() => [])))
      .then((lists) => {
        const order = { error: 0, warning: 1, tip: 2 } as Record<string, number>;
        if (active) setCoach(lists.flat().sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3)));
      })
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, [session]);

  useEffect(() => {
    // When the filled form is on screen: what the time-to-interactive figure measures to.
    performance.mark(FORM_READY_MARK);
  }, []);

  const hints = useMemo(() => weeklyHints(report, draft), [report, draft]);

  const write = async (mail: RenderedWeeklyMail, withoutManager: boolean): Promise<void> => {
    if (mail.to.length === 0 && !withoutManager) {
      setInsertState({ kind: 'no-manager', mail });
      return;
    }
    const saved = saveRequestOf(draftRef.current, versionRef.current);
    const { bodyFormat } = await insertMail({
      subject: mail.subject,
      to: mail.to.length > 0 ? mail.to.map((p) => ({ displayName: p.displayName, emailAddress: p.email })) : null,
      cc: copyTeam ? mail.cc.map((p) => ({ displayName: p.displayName, emailAddress: p.email })) : null,
      html: mail.html,
      text: mail.text,
      tag: { reportId: report.id, isoWeek, priorities: saved.priorities.length, apiOrigin: window.location.origin },
    });
    setInsertState({ kind: 'done', format: bodyFormat });
  };

  const insert = async (withoutManager = false, known?: RenderedWeeklyMail): Promise<void> => {
    setInsertState({ kind: 'busy' });
    try {
      // A report never saved is not stored yet, and only a stored report can be marked sent.
      if (versionRef.current === 0) dirtyRef.current = true;
      if (!known && !(await save())) {
        setInsertState({ kind: 'error', message: 'Save your edits first (see above), then insert.', retry: true });
        return;
      }
      await write(known ?? (await client.render(isoWeek)), withoutManager);
    } catch (error) {
      if (error instanceof ServiceUnreachableError) {
        setInsertState({
          kind: 'error',
          message: 'The Northstar service cannot be reached, so the mail could not be built. Retry in a moment.',
          retry: true,
        });
      } else if (error instanceof OfficeHostError && error.reason === 'not-compose') {
        setInsertState({
          kind: 'error',
          message: 'This message is no longer being composed. Start a new message and open Northstar again.',
          retry: false,
        });
      } else if (error instanceof OfficeHostError && error.reason === 'unsupported') {
        setInsertState({ kind: 'error', message: `${error.message}. Update Outlook or use Outlook on the web.`, retry: false });
      } else {
        setInsertState({ kind: 'error', message: `Outlook did not accept the mail: ${messageOf(error)}`, retry: true });
      }
    }
  };

  return (
    <div className={styles.form}>
      <div className={styles.header}>
        <Subtitle1 as="h1">Weekly OKR mail · {isoWeek}</Subtitle1>
        <Badge data-testid="report-status" appearance="filled" color={statusBadge[report.status]}>
          {report.status}
        </Badge>
      </div>

      <Caption1 data-testid="signed-in-as">Signed in as {report.author.displayName || report.author.email}</Caption1>

      {report.status === 'reviewed' && (
        <MessageBar intent="success">
          <MessageBarBody>
            Your manager reviewed this mail.
            {report.reviewComment && (
              <>
                {' '}
                Comment: <q data-testid="review-comment">{report.reviewComment}</q>
              </>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      {report.status === 'sent' && (
        <MessageBar intent="info">
          <MessageBarBody>
            Sent{report.sentAt ? ` ${new Date(report.sentAt).toLocaleString()}` : ''}
            {report.onTime === false ? ' (after the deadline)' : ''}. Your manager has not reviewed it yet.
          </MessageBarBody>
        </MessageBar>
      )}

      <section className={styles.section} aria-labelledby="okrs-heading">
        <Subtitle2 as="h2" id="okrs-heading">
          OKRs and confidence
        </Subtitle2>
        {report.keyResults.length === 0 && (
          <Body1>You have no active key results this quarter. Add them in the Northstar tab in Teams.</Body1>
        )}
        {report.keyResults.map((kr, index) => {
          const row = draft.checkIns[index]!;
          const change = row.confidence !== null && kr.lastWeekConfidence !== null ? row.confidence - kr.lastWeekConfidence : null;
          return (
            <div key={kr.keyResultId} className={styles.card} data-testid="key-result">
              <Body1>
                <strong>{kr.title}</strong>
              </Body1>
              <Caption1>
                {kr.objectiveTitle} · {Math.round(kr.progress * 100)}% · target {kr.target} {kr.unit}
              </Caption1>
              <div className={styles.row}>
                <Field label="Value" className={styles.grow}>
                  <Input
                    type="number"
                    aria-label={`Value of ${kr.title}`}
                    value={Number.isFinite(row.value) ? String(row.value) : ''}
                    disabled={!editable}
                    contentAfter={kr.unit || undefined}
                    onChange={(_e, data) =>
                      edit((d) => ({
                        ...d,
                        checkIns: d.checkIns.map((c, i) =>
                          i === index ? { ...c, value: data.value === '' ? NaN : Number(data.value) } : c,
                        ),
                      }))
                    }
                  />
                </Field>
                <Field
                  label="Confidence"
                  className={styles.small}
                  validationState={row.confidence === null ? 'warning' : 'none'}
                  hint={change === null ? undefined : `${change > 0 ? '+' : ''}${change} vs last week`}
                >
                  <Input
                    type="number"
                    min={0}
                    max={10}
                    aria-label={`Confidence for ${kr.title}`}
                    value={row.confidence === null ? '' : String(row.confidence)}
                    disabled={!editable}
                    contentBefore={
                      row.confidence === null ? undefined : (
                        <span aria-hidden title={colorOf(row.confidence)} style={{ color: dot[colorOf(row.confidence)] }}>
                          ●
                        </span>
                      )
                    }
                    onChange={(_e, data) => {
                      const value = data.value === '' ? null : Math.max(0, Math.min(10, Math.round(Number(data.value))));
                      edit((d) => ({
                        ...d,
                        checkIns: d.checkIns.map((c, i) => (i === index ? { ...c, confidence: Number.isNaN(value) ? null : value } : c)),
                      }));
                    }}
                  />
                </Field>
              </div>
              <Input
                aria-label={`Note for ${kr.title}`}
                placeholder="Short note"
                value={row.note}
                maxLength={1000}
                disabled={!editable}
                onChange={(_e, data) =>
                  edit((d) => ({ ...d, checkIns: d.checkIns.map((c, i) => (i === index ? { ...c, note: data.value } : c)) }))
                }
              />
            </div>
          );
        })}
      </section>

      <section className={styles.section} aria-labelledby="last-week-heading">
        <Subtitle2 as="h2" id="last-week-heading">
          Last week&apos;s priorities
        </Subtitle2>
        {draft.lastWeekPriorities.length === 0 && <Caption1>None: last week&apos;s mail listed no priorities.</Caption1>}
        {draft.lastWeekPriorities.map((priority, index) => (
          <Field key={index} label={priority.title}>
            <RadioGroup
              layout="horizontal"
              aria-label={`How did “${priority.title}” go`}
              value={priority.status ?? ''}
              disabled={!editable}
              onChange={(_e, data) =>
                edit((d) => ({
                  ...d,
                  lastWeekPriorities: d.lastWeekPriorities.map((p, i) =>
                    i === index ? { ...p, status: data.value as 'green' | 'yellow' | 'red' } : p,
                  ),
                }))
              }
            >
              <Radio value="green" label="Green" />
              <Radio value="yellow" label="Yellow" />
              <Radio value="red" label="Red" />
            </RadioGroup>
          </Field>
        ))}
      </section>

      <section className={styles.section} aria-labelledby="priorities-heading">
        <Subtitle2 as="h2" id="priorities-heading">
          This week&apos;s priorities
        </Subtitle2>
        {draft.priorities.map((priority, index) => (
          <div key={index} className={styles.card}>
            <Input
              aria-label={`Priority P${index + 1}`}
              contentBefore={<strong>P{index + 1}</strong>}
              value={priority.title}
              maxLength={200}
              disabled={!editable}
              onChange={(_e, data) =>
                edit((d) => ({ ...d, priorities: d.priorities.map((p, i) => (i === index ? { ...p, title: data.value } : p)) }))
              }
            />
            <Select
              aria-label={`Key result of P${index + 1}`}
              value={priority.keyResultId ?? ''}
              disabled={!editable}
              onChange={(_e, data) =>
                edit((d) => ({
                  ...d,
                  priorities: d.priorities.map((p, i) => (i === index ? { ...p, keyResultId: data.value || null } : p)),
                }))
              }
            >
              <option value="">Not linked to a key result</option>
              {report.keyResults.map((kr) => (
                <option key={kr.keyResultId} value={kr.keyResultId}>
                  Moves: {kr.title}
                </option>
              ))}
            </Select>
            <div className={styles.row}>
              <Button
                size="small"
                appearance="subtle"
                aria-label={`Move P${index + 1} up`}
                disabled={!editable || index === 0}
                onClick={() => edit((d) => ({ ...d, priorities: move(d.priorities, index, -1) }))}
              >
                ↑ Up
              </Button>
              <Button
                size="small"
                appearance="subtle"
                aria-label={`Move P${index + 1} down`}
                disabled={!editable || index === draft.priorities.length - 1}
                onClick={() => edit((d) => ({ ...d, priorities: move(d.priorities, index, 1) }))}
              >
                ↓ Down
              </Button>
              <Button
                size="small"
                appearance="subtle"
                aria-label={`Remove P${index + 1}`}
                disabled={!editable}
                onClick={() => edit((d) => ({ ...d, priorities: d.priorities.filter((_p, i) => i !== index) }))}
              >
                Remove
              </Button>
            </div>
          </div>
        ))}
        <Button
          disabled={!editable || draft.priorities.length >= MAX_PRIORITIES}
          onClick={() => edit((d) => ({ ...d, priorities: [...d.priorities, { title: '', keyResultId: null }] }))}
        >
          Add priority
        </Button>
      </section>

      <section className={styles.section} aria-labelledby="risks-heading">
        <Subtitle2 as="h2" id="risks-heading">
          Risks and blockers
        </Subtitle2>
        <Textarea
          aria-label="Risks and blockers"
          value={draft.risks}
          maxLength={2000}
          disabled={!editable}
          resize="vertical"
          onChange={(_e, data) => edit((d) => ({ ...d, risks: data.value }))}
        />
        <Field label="Time off">
          <Input
            value={draft.timeOff}
            maxLength={500}
            placeholder="e.g. Fri 28 Nov"
            disabled={!editable}
            onChange={(_e, data) => edit((d) => ({ ...d, timeOff: data.value }))}
          />
        </Field>
      </section>

      {report.wins.length > 0 && (
        <section className={styles.section} aria-labelledby="wins-heading" data-testid="wins">
          <Subtitle2 as="h2" id="wins-heading">
            Wins
          </Subtitle2>
          <Checkbox
            checked={draft.includeWins}
            disabled={!editable}
            onChange={(_e, data) => edit((d) => ({ ...d, includeWins: data.checked === true }))}
            label={`Include my wins (${report.wins.length})`}
          />
          {draft.includeWins && (
            <ul className={styles.hint}>
              {report.wins.map((win) => (
                <li key={win.id}>
                  <Caption1>{win.text}</Caption1>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {(hints.length > 0 || coach.length > 0) && (
        <section className={styles.section} aria-labelledby="coach-heading" data-testid="coach">
          <Subtitle2 as="h2" id="coach-heading">
            OKR coach
          </Subtitle2>
          <ul className={styles.hint}>
            {[...hints, ...coach].slice(0, 8).map((hint, index) => (
              <li key={index}>
                <Caption1>
                  {hint.severity === 'tip' ? 'Tip: ' : ''}
                  {hint.message}
                </Caption1>
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className={styles.actions}>
        <Body1 role="status" data-testid="save-state">
          {saveState.kind === 'saved'
            ? report.version > 0
              ? 'All changes saved'
              : ''
            : saveState.kind === 'error'
              ? saveState.message
              : 'Saving…'}
        </Body1>
        {saveState.kind === 'error' && (
          <Button size="small" onClick={() => void save()}>
            Retry saving
          </Button>
        )}
        <Checkbox checked={copyTeam} onChange={(_e, data) => setCopyTeam(data.checked === true)} label="Copy my team (Cc)" />
        <Button
          appearance="primary"
          disabled={insertState.kind === 'busy' || !report.allowedActions.includes('render')}
          onClick={() => void insert()}
        >
          {insertState.kind === 'busy' ? 'Inserting…' : 'Insert into message'}
        </Button>
        {insertState.kind === 'done' && (
          <MessageBar intent="success">
            <MessageBarBody>
              Inserted{insertState.format === 'text' ? ' as plain text (the message is in plain-text format)' : ''}. Check the message and
              press Send; Northstar records it as sent.
            </MessageBarBody>
          </MessageBar>
        )}
        {insertState.kind === 'no-manager' && (
          <>
            <MessageBar intent="warning">
              <MessageBarBody>
                Northstar finds no manager for you in your organization&apos;s directory, so it cannot fill in To. Ask your IT admin to set
                your manager in Microsoft Entra ID; meanwhile insert the mail and type the recipient yourself.
              </MessageBarBody>
            </MessageBar>
            <Button onClick={() => void insert(true, insertState.mail)}>Insert without a recipient</Button>
          </>
        )}
        {insertState.kind === 'error' && (
          <>
            <MessageBar intent="error">
              <MessageBarBody>{insertState.message}</MessageBarBody>
            </MessageBar>
            {insertState.retry && <Button onClick={() => void insert()}>Retry</Button>}
          </>
        )}
      </div>
    </div>
  );
}

const dot = { green: '#107c10', yellow: '#c19c00', red: '#c50f1f' } as const;
