import {
  Body1,
  Button,
  Caption1,
  FluentProvider,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import { lazyPage } from '@northstar/tab/lazy-page';
import { Suspense, useCallback, useEffect, useState } from 'react';
import { startSession, type PaneProblem, type PaneSession } from './session';

/**
 * The form's code loads while Office.js starts and the user signs in, off the critical path of the first
 * paint; once loaded it renders at once (no Suspense hold-back when the report arrives).
 */
const form = lazyPage<{ session: PaneSession }>(() => import('./WeeklyForm').then((module) => ({ default: module.WeeklyForm })));
void form.preload().catch(() => undefined);
const WeeklyForm = form.Component;

const useStyles = makeStyles({
  pane: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
});

type PaneState = { kind: 'loading' } | { kind: 'ready'; session: PaneSession } | { kind: 'problem'; problem: PaneProblem };

/** Plain-language explanation and the way forward for each problem. */
function ProblemView({ problem, onRetry }: { problem: PaneProblem; onRetry: () => void }) {
  switch (problem.kind) {
    case 'outside-outlook':
      return <Body1>Open Northstar from a message you are writing in Outlook: New mail, then Northstar on the ribbon.</Body1>;
    case 'not-compose':
      return (
        <MessageBar intent="warning">
          <MessageBarBody>
            Northstar writes your weekly OKR mail into a new message. Start a new message, then open Northstar from its ribbon.
          </MessageBarBody>
        </MessageBar>
      );
    case 'unsupported':
      return (
        <MessageBar intent="warning">
          <MessageBarBody>
            This version of Outlook cannot sign you in to Northstar. Update Outlook, or use Outlook on the web.
          </MessageBarBody>
        </MessageBar>
      );
    case 'not-signed-in':
      return (
        <>
          <MessageBar intent="warning">
            <MessageBarBody>You are not signed in to Northstar. Sign in with your work account to continue.</MessageBarBody>
          </MessageBar>
          <Caption1>Details: {problem.detail}</Caption1>
          <Button appearance="primary" onClick={onRetry}>
            Sign in
          </Button>
        </>
      );
    case 'unreachable':
      return (
        <>
          <MessageBar intent="error">
            <MessageBarBody>
              The Northstar service cannot be reached right now. Nothing is lost: your last saved draft is kept. Try again in a moment.
            </MessageBarBody>
          </MessageBar>
          <Button appearance="primary" onClick={onRetry}>
            Retry
          </Button>
        </>
      );
    case 'failed':
      return (
        <>
          <MessageBar intent="error">
            <MessageBarBody>Northstar could not load your weekly mail: {problem.detail}</MessageBarBody>
          </MessageBar>
          <Button onClick={onRetry}>Retry</Button>
        </>
      );
  }
}

/** The Outlook compose task pane: signs in, loads this week's report and hands it to the form. */
export function TaskPane() {
  const styles = useStyles();
  const [state, setState] = useState<PaneState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => {
    setState({ kind: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  useEffect(() => {
    let active = true;
    startSession().then(
      (result) => active && setState('report' in result ? { kind: 'ready', session: result } : { kind: 'problem', problem: result }),
      (error: unknown) =>
        active &&
        setState({ kind: 'problem', problem: { kind: 'failed', detail: error instanceof Error ? error.message : String(error) } }),
    );
    return () => {
      active = false;
    };
  }, [attempt]);

  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
      <main className={styles.pane}>
        {state.kind !== 'ready' && <Subtitle1 as="h1">Northstar</Subtitle1>}
        {state.kind === 'loading' && <Spinner size="small" label="Loading your weekly mail…" labelPosition="after" />}
        {state.kind === 'problem' && <ProblemView problem={state.problem} onRetry={retry} />}
        {state.kind === 'ready' && (
          <Suspense fallback={<Spinner size="small" label="Loading your weekly mail…" labelPosition="after" />}>
            <WeeklyForm session={state.session} />
          </Suspense>
        )}
      </main>
    </FluentProvider>
  );
}
