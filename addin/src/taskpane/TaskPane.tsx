import {
  Body1,
  Button,
  FluentProvider,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Me } from '@northstar/server/contract';
import { isComposeMode, isNestedAppAuthSupported, setSubject, whenOfficeReady } from '../host/office';
import { loadSignedInUser } from '@northstar/tab/client';

const useStyles = makeStyles({
  pane: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
});

type PaneState =
  | { kind: 'loading' }
  | { kind: 'outside-outlook' }
  | { kind: 'unsupported' }
  | { kind: 'signed-in'; me: Me; composing: boolean }
  | { kind: 'failed'; message: string };

async function startPane(): Promise<PaneState> {
  const office = await whenOfficeReady();
  if (office.host === null) return { kind: 'outside-outlook' };
  if (!isNestedAppAuthSupported()) return { kind: 'unsupported' };
  return { kind: 'signed-in', me: await loadSignedInUser(), composing: isComposeMode() };
}

/** The Outlook task pane: who is signed in, and the first compose action. */
export function TaskPane() {
  const styles = useStyles();
  const [state, setState] = useState<PaneState>({ kind: 'loading' });
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    let active = true;
    startPane().then(
      (next) => active && setState(next),
      (error: unknown) => active && setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      active = false;
    };
  }, []);

  const fillSubject = async (me: Me): Promise<void> => {
    try {
      await setSubject(`Weekly OKRs — ${me.name}`);
      setNotice('Subject written.');
    } catch (error) {
      setNotice(`Could not write the subject: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
      <main className={styles.pane}>
        <Subtitle1 as="h1">Northstar</Subtitle1>
        {state.kind === 'loading' && <Spinner size="small" label="Signing in…" labelPosition="after" />}
        {state.kind === 'outside-outlook' && <Body1>Open this pane from a message you are writing in Outlook.</Body1>}
        {state.kind === 'unsupported' && <Body1>This version of Outlook cannot sign you in to Northstar. Please update Outlook.</Body1>}
        {state.kind === 'failed' && (
          <MessageBar intent="error">
            <MessageBarBody>Could not sign you in: {state.message}</MessageBarBody>
          </MessageBar>
        )}
        {state.kind === 'signed-in' && (
          <>
            <Body1 data-testid="signed-in-as">Signed in as {state.me.name}</Body1>
            {state.composing ? (
              <Button appearance="primary" onClick={() => void fillSubject(state.me)}>
                Fill subject
              </Button>
            ) : (
              <Body1>Start a new message to write your weekly OKR mail.</Body1>
            )}
            {notice && <Body1 role="status">{notice}</Body1>}
          </>
        )}
      </main>
    </FluentProvider>
  );
}
