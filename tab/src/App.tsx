import { FluentProvider, Spinner } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { TabHost } from './host/teamsHost';
import { ConfigPage } from './pages/ConfigPage';
import { Home } from './pages/Home';
import { getHost } from './session';
import { fluentThemeFor, type TeamsThemeName } from './theme/fluentTheme';

/** Root component: connects to the host, follows its theme, and shows the page for the frame. */
export function App() {
  const [host, setHost] = useState<TabHost>();
  const [theme, setTheme] = useState<TeamsThemeName>('default');

  useEffect(() => {
    let unsubscribe: (() => void) | undefined;
    let active = true;
    void getHost().then((connected) => {
      if (!active) return;
      setHost(connected);
      setTheme(connected.context.theme);
      unsubscribe = connected.onThemeChange(setTheme);
    });
    return () => {
      active = false;
      unsubscribe?.();
    };
  }, []);

  return (
    <FluentProvider theme={fluentThemeFor(theme)} data-theme={theme} style={{ minHeight: '100vh' }}>
      {!host ? (
        <Spinner label="Loading Northstar…" style={{ padding: 24 }} />
      ) : host.context.frameContext === 'settings' ? (
        <ConfigPage host={host} />
      ) : (
        <Home host={host} />
      )}
    </FluentProvider>
  );
}
