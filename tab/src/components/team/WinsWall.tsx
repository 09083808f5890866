import { Body1, Button, makeStyles, Subtitle1, tokens } from '@fluentui/react-components';
import type { Win, WinsWall as Wall } from '@northstar/server/contract';
import { useState } from 'react';
import { useSession } from '../../context';
import { useResource } from '../../data/useResource';
import { Empty, LoadError } from '../PageState';
import { PostWin } from './wins/PostWin';
import { WinCard } from './wins/WinCard';
import { winsApi } from './wins/winsApi';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  nav: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center', justifyContent: 'space-between' },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** The week's wall as a heading: "This week" or the week's Monday. */
function weekTitle(wall: Wall, date: (iso: string) => string): string {
  if (wall.isoWeek === wall.currentWeek) return "This week's wins";
  return `Wins of the week of ${date(mondayOf(wall.isoWeek))}`;
}

/** Monday of an ISO week as `YYYY-MM-DD`. */
export function mondayOf(isoWeek: string): string {
  const year = Number(isoWeek.slice(0, 4));
  const week = Number(isoWeek.slice(6));
  const jan4 = Date.UTC(year, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000 + (week - 1) * 7 * 86_400_000;
  return new Date(monday).toISOString().slice(0, 10);
}

/** Friday wins of a team: the post box, this week's wall, and earlier weeks. */
export default function WinsWall({ teamId }: { teamId: string }) {
  const styles = useStyles();
  const { api, format } = useSession();
  const [week, setWeek] = useState<string | undefined>(undefined);
  const wall = useResource(() => winsApi(api).wall(teamId, week), `wins:${teamId}:${week ?? 'now'}`);
  const [announcement, setAnnouncement] = useState('');

  const change = (update: (wins: Win[]) => Win[]): void => {
    if (wall.status === 'ready') wall.replace({ ...wall.data, wins: update(wall.data.wins) });
  };
  const replaceWin = (win: Win): void => change((wins) => wins.map((w) => (w.id === win.id ? win : w)));

  return (
    <section className={styles.section} aria-labelledby="wins-heading">
      <div className={styles.nav}>
        <Subtitle1 as="h2" id="wins-heading">
          {wall.status === 'ready' ? weekTitle(wall.data, format.date) : 'Wins'}
        </Subtitle1>
        {wall.status === 'ready' && (
          <div className={styles.buttons} role="group" aria-label="Choose a week">
            <Button size="small" onClick={() => setWeek(wall.data.previousWeek)}>
              Previous week
            </Button>
            {wall.data.nextWeek && (
              <Button size="small" onClick={() => setWeek(wall.data.nextWeek === wall.data.currentWeek ? undefined : wall.data.nextWeek!)}>
                Next week
              </Button>
            )}
            {wall.data.isoWeek !== wall.data.currentWeek && (
              <Button size="small" appearance="primary" onClick={() => setWeek(undefined)}>
                This week
              </Button>
            )}
          </div>
        )}
      </div>
      <div aria-live="polite" className={styles.muted}>
        {announcement}
      </div>
      {wall.status === 'loading' && <Body1 className={styles.muted}>Loading wins…</Body1>}
      {wall.status === 'error' && <LoadError error={wall.error} onRetry={wall.reload} what="the wins" />}
      {wall.status === 'ready' && (
        <>
          {wall.data.allowedActions.includes('post') && wall.data.isoWeek === wall.data.currentWeek && (
            <PostWin
              teamId={teamId}
              onPosted={(win) => {
                change((wins) => [win, ...wins]);
                setAnnouncement('Your win is on the wall. Nice work!');
              }}
            />
          )}
          {wall.data.wins.length === 0 ? (
            <Empty>
              {wall.data.isoWeek === wall.data.currentWeek
                ? 'No wins yet this week. Big or small, share the first one!'
                : 'No wins were posted that week.'}
            </Empty>
          ) : (
            <ul className={styles.list} aria-label="Wins" data-testid="wins-list">
              {wall.data.wins.map((win) => (
                <li key={win.id}>
                  <WinCard
                    win={win}
                    onChanged={replaceWin}
                    onDeleted={(id) => {
                      change((wins) => wins.filter((w) => w.id !== id));
                      setAnnouncement('The win was deleted.');
                    }}
                  />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
