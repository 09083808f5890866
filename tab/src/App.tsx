import { Body1, Button, Caption1, FluentProvider, makeStyles, mergeClasses, Spinner, Text, tokens } from '@fluentui/react-components';
import { Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Loaded, Page } from './components/PageState';
import { SessionContext, type TabSession } from './context';
import { useResource } from './data/useResource';
import { dateIn, formattersFor, isoWeekOfDate } from './format';
import type { TabHost } from './host/teamsHost';
import { lazyPage } from './lazyPage';
import { navigate, parseRoute, useRoute, type Route } from './router';
import { getApi, getHost } from './session';
import { fluentThemeFor, type TeamsThemeName } from './theme/fluentTheme';

/** Pages, loaded on demand; the first page's module is fetched while the host and sign-in are still answering. */
const PAGES = {
  home: lazyPage(() => import('./pages/Home')),
  team: lazyPage(() => import('./pages/Team')),
  alignment: lazyPage(() => import('./pages/Alignment')),
  'one-on-ones': lazyPage(() => import('./pages/OneOnOnes')),
  weekly: lazyPage(() => import('./pages/WeeklyReview')),
  objectives: lazyPage(() => import('./pages/ObjectiveDetail')),
  onboarding: lazyPage(() => import('./pages/Onboarding')),
  'onboarding-review': lazyPage(() => import('./pages/OnboardingReview')),
  'new-hires': lazyPage(() => import('./pages/OnboardingTeam')),
  'onboarding-enrol': lazyPage(() => import('./pages/OnboardingEnrol')),
  'team-rituals': lazyPage(() => import('./pages/TeamRituals')),
  proposals: lazyPage(() => import('./pages/Proposals')),
} satisfies Record<Route['page'], { preload(): Promise<unknown> }>;

const Home = PAGES.home.Component;
const Team = PAGES.team.Component;
const Alignment = PAGES.alignment.Component;
const OneOnOnes = PAGES['one-on-ones'].Component;
const WeeklyReview = PAGES.weekly.Component;
const ObjectiveDetail = PAGES.objectives.Component;
const Onboarding = PAGES.onboarding.Component;
const OnboardingReview = PAGES['onboarding-review'].Component;
const OnboardingTeam = PAGES['new-hires'].Component;
const OnboardingEnrol = PAGES['onboarding-enrol'].Component;
const TeamRituals = PAGES['team-rituals'].Component;
const Proposals = PAGES.proposals.Component;
const ChannelDashboard = lazyPage(() => import('./pages/ChannelDashboard'));
const ConfigPage = lazyPage(() => import('./pages/ConfigPage'));
/** The configured tab inside a Teams meeting (side panel, details tab): the 1:1 of the meeting's pair. */
const MeetingPage = lazyPage(() => import('./pages/MeetingOneOnOne'));

const useStyles = makeStyles({
  root: { minHeight: '100vh' },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    '@media print': { display: 'none' },
  },
  brand: { fontWeight: tokens.fontWeightSemibold },
  nav: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
    flex: 1,
    minWidth: 0,
    '@media (max-width: 600px)': { order: 3, flexBasis: '100%' },
  },
  link: {
    color: tokens.colorNeutralForeground1,
    textDecoration: 'none',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    borderBottom: `${tokens.strokeWidthThick} solid transparent`,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  current: { borderBottomColor: tokens.colorCompoundBrandStroke, fontWeight: tokens.fontWeightSemibold },
  who: { color: tokens.colorNeutralForeground2 },
  loading: { padding: tokens.spacingHorizontalXL },
});

/** Root component: connects to the host, follows its theme, and shows the page for the frame. */
export function App() {
  const styles = useStyles();
  const [host, setHost] = useState<TabHost>();
  const [theme, setTheme] = useState<TeamsThemeName>('default');

  useEffect(() => {
    let unsubscribe: (() => void) | undefined;
    let active = true;
    // Framed by a host, sign-in follows at once: load the API client (and MSAL) while the host answers.
    if (window.parent !== window) getApi().catch(() => undefined);
    void getHost().then((connected) => {
      if (!active) return;
      const { frameContext, inChannel, subPageId, meeting } = connected.context;
      const first =
        frameContext === 'settings'
          ? ConfigPage
          : meeting
            ? MeetingPage
            : inChannel
              ? ChannelDashboard
              : PAGES[parseRoute(window.location.hash || subPageId).page];
      first.preload().catch(() => undefined);
      connected.notifyAppLoaded();
      setHost(connected);
      setTheme(connected.context.theme);
      unsubscribe = connected.onThemeChange(setTheme);
    });
    return () => {
      active = false;
      unsubscribe?.();
    };
  }, []);

  const loading = <Spinner className={styles.loading} label="Loading Northstar…" />;
  return (
    <FluentProvider theme={fluentThemeFor(theme)} data-theme={theme} className={styles.root}>
      {!host ? (
        loading
      ) : host.context.frameContext === 'settings' ? (
        <Suspense fallback={loading}>
          <ConfigPage.Component host={host} />
        </Suspense>
      ) : (
        <SignIn host={host} />
      )}
    </FluentProvider>
  );
}

/** Inside Teams the user is signed in at once; in a plain browser, after they ask (a popup needs a click). */
function SignIn({ host }: { host: TabHost }) {
  const [wanted, setWanted] = useState(host.context.inTeams);
  if (wanted) return <SessionLoader host={host} />;
  return (
    <main>
      <Page title="Northstar">
        <Body1 as="p">Northstar works best inside Microsoft Teams. In a browser, sign in with your work account.</Body1>
        <div>
          <Button appearance="primary" onClick={() => setWanted(true)}>
            Sign in
          </Button>
        </div>
      </Page>
    </main>
  );
}

async function loadSession(host: TabHost): Promise<TabSession> {
  const api = await getApi();
  const [me, settings, periods] = await Promise.all([api.me(), api.settings(), api.periods()]);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (timeZone) void api.reportTimeZone(timeZone).catch(() => undefined);
  return {
    host,
    api,
    me,
    settings,
    periods,
    thisWeek: isoWeekOfDate(dateIn(settings.timeZone)),
    format: formattersFor(host.context.locale),
    isManager: me.roles.includes('manager'),
  };
}

function SessionLoader({ host }: { host: TabHost }) {
  const session = useResource(() => loadSession(host), 'session');
  useEffect(() => {
    if (session.status === 'error') host.notifyFailure(session.error.message);
  }, [host, session.status, session.error]);
  return (
    <Loaded resource={session} what="Northstar">
      {(ready) => (
        <SessionContext.Provider value={ready}>
          <Shell session={ready} />
        </SessionContext.Provider>
      )}
    </Loaded>
  );
}

interface NavItem {
  page: Route['page'];
  label: string;
  managersOnly?: boolean;
  /** Shown to people with onboarding coursework (GET /api/onboarding/me answers 200). */
  newHiresOnly?: boolean;
  hrOnly?: boolean;
}

const NAV: NavItem[] = [
  { page: 'home', label: 'Home' },
  { page: 'team', label: 'Team', managersOnly: true },
  { page: 'alignment', label: 'Alignment' },
  { page: 'proposals', label: 'Proposals' },
  { page: 'one-on-ones', label: '1:1s' },
  { page: 'weekly', label: 'Weekly review', managersOnly: true },
  { page: 'onboarding', label: 'Onboarding', newHiresOnly: true },
  { page: 'onboarding-review', label: 'Onboarding review', hrOnly: true },
  { page: 'new-hires', label: 'New hires', managersOnly: true },
  { page: 'onboarding-enrol', label: 'Enrol', hrOnly: true },
];

/** True once the caller turns out to have onboarding coursework. */
function useHasCoursework(session: TabSession): boolean {
  const [has, setHas] = useState(false);
  useEffect(() => {
    let active = true;
    session.api.request('GET', '/api/onboarding/me').then(
      () => active && setHas(true),
      () => active && setHas(false),
    );
    return () => {
      active = false;
    };
  }, [session.api]);
  return has;
}

function Shell({ session }: { session: TabSession }) {
  const styles = useStyles();
  const { host, me, isManager } = session;
  const route = useRoute(host.context.subPageId);
  useEffect(() => host.notifySuccess(), [host]);
  const isHr = me.roles.includes('hr');
  const hasCoursework = useHasCoursework(session);
  const items = useMemo(
    () => NAV.filter((item) => (isManager || !item.managersOnly) && (isHr || !item.hrOnly) && (hasCoursework || !item.newHiresOnly)),
    [isManager, isHr, hasCoursework],
  );
  const onNavigate = useCallback((event: React.MouseEvent<HTMLAnchorElement>, page: Route['page']) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate({ page });
  }, []);

  if (host.context.meeting) {
    return (
      <main>
        <PageSuspense>
          <MeetingPage.Component />
        </PageSuspense>
      </main>
    );
  }
  if (host.context.inChannel) {
    return (
      <main>
        <PageSuspense>
          <ChannelDashboard.Component />
        </PageSuspense>
      </main>
    );
  }
  return (
    <>
      <header className={styles.header}>
        <Text className={styles.brand}>Northstar</Text>
        <nav aria-label="Northstar pages" className={styles.nav}>
          {items.map((item) => (
            <a
              key={item.page}
              href={`#/${item.page}`}
              className={mergeClasses(styles.link, route.page === item.page && styles.current)}
              aria-current={route.page === item.page ? 'page' : undefined}
              onClick={(event) => onNavigate(event, item.page)}
            >
              {item.label}
            </a>
          ))}
        </nav>
        <Caption1 className={styles.who} data-testid="signed-in-as">
          Signed in as {me.name}
        </Caption1>
      </header>
      <main>
        <PageSuspense key={route.page}>{pageFor(route, isManager, isHr)}</PageSuspense>
      </main>
    </>
  );
}

function PageSuspense({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return <Suspense fallback={<Spinner className={styles.loading} size="small" label="Loading page…" />}>{children}</Suspense>;
}

function pageFor(route: Route, isManager: boolean, isHr = false): ReactNode {
  switch (route.page) {
    case 'team':
      return isManager ? <Team /> : <Home />;
    case 'alignment':
      return <Alignment />;
    case 'one-on-ones':
      return <OneOnOnes personId={route.id} />;
    case 'weekly':
      return isManager ? <WeeklyReview isoWeek={route.id} /> : <Home />;
    case 'objectives':
      return route.id ? <ObjectiveDetail objectiveId={route.id} /> : <Home />;
    case 'onboarding':
      return <Onboarding />;
    case 'onboarding-review':
      return isHr ? <OnboardingReview personId={route.id} /> : <Home />;
    case 'new-hires':
      return isManager ? <OnboardingTeam personId={route.id} /> : <Home />;
    case 'onboarding-enrol':
      return isHr ? <OnboardingEnrol /> : <Home />;
    case 'proposals':
      return <Proposals />;
    case 'team-rituals':
      return route.id ? <TeamRituals teamId={route.id} section={route.sub} /> : <Home />;
    default:
      return <Home />;
  }
}
