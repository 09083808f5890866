import { Body1, Button, Caption1, Link, makeStyles, tokens } from '@fluentui/react-components';
import type { MeetingOneOnOne, MeetingPair, OneOnOneAgenda } from '@northstar/server/contract';
import { useEffect, useMemo, useState } from 'react';
import { Empty, Loaded, Page } from '../components/PageState';
import { useSession } from '../context';
import { meetingApi } from '../data/meeting';
import { oneOnOnesApi, pairId, type Pair } from '../data/oneOnOnes';
import { useResource } from '../data/useResource';
import type { MeetingContext } from '../host/teamsHost';
import { navigate, pathOf, useRoute } from '../router';
import OneOnOnes, { AgendaSections, type Apply } from './OneOnOnes';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

const pairOf = (pair: MeetingPair): Pair => ({ managerId: pair.manager.id, reportId: pair.report.id });
const counterpartOf = (pair: MeetingPair): string => (pair.role === 'manager' ? pair.report.name : pair.manager.name);

/**
 * The 1:1 agenda inside a Teams meeting: the pair comes from the meeting's attendees. The side panel
 * shows a compact agenda; the details tab the full 1:1 page. Links to other pages open the personal app.
 */
export default function MeetingOneOnOnePage() {
  const { api, host } = useSession();
  const meeting = host.context.meeting!;
  const route = useRoute();
  const client = useMemo(() => meetingApi(api), [api]);
  const found = useResource(() => client.byMeeting(meeting.chatId), `meeting:${meeting.chatId}`);
  const [picked, setPicked] = useState<MeetingPair>();
  const stays = route.page === 'home' || (!meeting.sidePanel && route.page === 'one-on-ones');

  useEffect(() => {
    if (stays) return;
    void host.openInPersonalApp(pathOf(route));
    navigate({ page: 'home' });
  }, [host, route, stays]);

  if (!meeting.sidePanel && route.page === 'one-on-ones') return <OneOnOnes personId={route.id} />;
  return (
    <Loaded resource={found} what="this meeting's 1:1">
      {(data) => {
        const pair = data.kind === 'one_on_one' ? data.pair : picked;
        if (pair) return <MeetingAgenda pair={pair} meeting={meeting} />;
        return <NotAOneOnOne answer={data as Extract<MeetingOneOnOne, { kind: 'not_one_on_one' }>} onPick={setPicked} />;
      }}
    </Loaded>
  );
}

function MeetingAgenda({ pair, meeting }: { pair: MeetingPair; meeting: MeetingContext }) {
  return meeting.sidePanel ? <SidePanelAgenda pair={pair} /> : <OneOnOnes personId={pairId(pairOf(pair))} />;
}

/** The compact agenda for the meeting's side panel (about 320 px wide). */
function SidePanelAgenda({ pair: meetingPair }: { pair: MeetingPair }) {
  const styles = useStyles();
  const { api, host, format } = useSession();
  const pair = pairOf(meetingPair);
  const client = useMemo(() => oneOnOnesApi(api), [api]);
  const agenda = useResource(() => client.agenda(pair), `agenda:${pairId(pair)}`);
  const [problem, setProblem] = useState<string>();

  const apply: Apply = async (change: Promise<OneOnOneAgenda>) => {
    setProblem(undefined);
    try {
      agenda.replace(await change);
      return true;
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      return false;
    }
  };

  return (
    <Page title={`1:1 with ${counterpartOf(meetingPair)}`}>
      <Loaded resource={agenda} what="the agenda">
        {(data) => (
          <div data-testid="meeting-agenda" style={{ display: 'contents' }}>
            <Caption1>
              {data.manager.name} and {data.report.name} · 1:1 number {format.number(data.occurrence)} · next {format.date(data.nextDate)}
            </Caption1>
            <AgendaSections agenda={data} pair={pair} apply={apply} problem={problem} />
            <div className={styles.row}>
              {data.allowedActions.includes('markHeld') && (
                <Button onClick={() => void apply(client.markHeld(pair, data.occurrence))}>Mark this 1:1 held</Button>
              )}
              <Link as="button" onClick={() => void host.openInPersonalApp(`one-on-ones/${pairId(pair)}`)}>
                Open the full 1:1 and its history
              </Link>
            </div>
          </div>
        )}
      </Loaded>
    </Page>
  );
}

/** A meeting that is no 1:1 of the caller: why, and with several pairs present, a choice between them. */
function NotAOneOnOne({
  answer,
  onPick,
}: {
  answer: Extract<MeetingOneOnOne, { kind: 'not_one_on_one' }>;
  onPick: (pair: MeetingPair) => void;
}) {
  const styles = useStyles();
  return (
    <Page title="1:1 agenda">
      <div data-testid="not-a-one-on-one" data-reason={answer.reason} style={{ display: 'contents' }}>
        {answer.reason === 'no_pair' ? (
          <Empty>
            This meeting is not one of your 1:1s: none of its {answer.attendees} attendees from your organization is your manager or one of
            your direct reports. Add Northstar to a meeting with your manager or a direct report to see your agenda here.
          </Empty>
        ) : (
          <>
            <Body1 as="p">Several of your 1:1 partners are in this meeting. Whose agenda do you want to see?</Body1>
            <ul className={styles.list}>
              {answer.candidates.map((candidate) => (
                <li key={pairId(pairOf(candidate))}>
                  <Button onClick={() => onPick(candidate)}>{counterpartOf(candidate)}</Button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Page>
  );
}
