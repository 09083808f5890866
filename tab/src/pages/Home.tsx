import { Body1, Button, makeStyles, MessageBar, MessageBarBody, Spinner, Title2, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { Me } from '@northstar/server/contract';
import type { TabHost } from '../host/teamsHost';
import { loadSignedInUser } from '../client';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL },
});

type HomeState = { kind: 'loading' } | { kind: 'signed-in'; me: Me } | { kind: 'sign-in-needed' } | { kind: 'failed'; message: string };

/** The tab's landing page: who is signed in. */
export function Home({ host }: { host: TabHost }) {
  const styles = useStyles();
  const [state, setState] = useState<HomeState>(host.context.inTeams ? { kind: 'loading' } : { kind: 'sign-in-needed' });

  const signIn = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      setState({ kind: 'signed-in', me: await loadSignedInUser() });
      host.notifySuccess();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setState({ kind: 'failed', message });
      host.notifyFailure(message);
    }
  }, [host]);

  useEffect(() => {
    if (host.context.inTeams) void signIn();
  }, [host, signIn]);

  return (
    <main className={styles.page}>
      <Title2 as="h1">Northstar</Title2>
      {state.kind === 'loading' && <Spinner size="small" label="Signing in…" labelPosition="after" />}
      {state.kind === 'signed-in' && <Body1 data-testid="signed-in-as">Signed in as {state.me.name}</Body1>}
      {state.kind === 'sign-in-needed' && (
        <>
          <Body1>Northstar works best inside Microsoft Teams.</Body1>
          <Button appearance="primary" onClick={() => void signIn()}>
            Sign in
          </Button>
        </>
      )}
      {state.kind === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>Could not sign you in: {state.message}</MessageBarBody>
        </MessageBar>
      )}
    </main>
  );
}
