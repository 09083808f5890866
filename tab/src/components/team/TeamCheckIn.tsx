import {
  Body1,
  Button,
  Caption1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ChevronLeft20Regular, ChevronRight20Regular } from '@fluentui/react-icons';
import type { DiscussedMark, MarkDiscussed, RedItem, TeamCheckInAgenda } from '@northstar/server/contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../client/api-error';
import { useSession } from '../../context';
import type { TabApi } from '../../data/api';
import { useResource } from '../../data/useResource';
import { mondayOf, shiftWeek } from '../../format';
import { LoadError } from '../PageState';
import { agendaProgress, appendRedItems, weekLabel, withMark } from './checkin/agenda';
import { CompanyPart, GroupsPart, MetricsPart, RedItemsPart } from './checkin/sections';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    minWidth: 0,
  },
  week: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  progress: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, flex: '1 1 200px', minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  print: { '@media print': { display: 'none' } },
});

/** How often the agenda refreshes itself while shown, so everyone sees the facilitator's marks. */
const REFRESH_MS = 20_000;

function agendaPath(teamId: string, week: string | undefined, cursor?: string): string {
  const base = `/api/teams/${encodeURIComponent(teamId)}/check-ins/${week ? encodeURIComponent(week) : 'current'}`;
  return cursor ? `${base}?cursor=${encodeURIComponent(cursor)}` : base;
}

function loadAgenda(api: TabApi, teamId: string, week: string | undefined, cursor?: string): Promise<TeamCheckInAgenda> {
  return api.request<TeamCheckInAgenda>('GET', agendaPath(teamId, week, cursor));
}

/** Red items beyond the first page, for the week they belong to. */
interface MorePages {
  isoWeek: string;
  items: RedItem[];
  cursor: string | null;
}

/**
 * The Monday team check-in: company OKRs, groups, health metrics out of band, then red priorities and risks;
 * the team's leads mark items discussed, everyone else follows along read-only.
 */
export default function TeamCheckIn({ teamId }: { teamId: string }) {
  const styles = useStyles();
  const { api, me, format } = useSession();
  const [week, setWeek] = useState<string>();
  const agenda = useResource(() => loadAgenda(api, teamId, week), `checkin:${teamId}:${week ?? 'current'}`);
  const [more, setMore] = useState<MorePages>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [pending, setPending] = useState<{ itemKey: string; discussed: boolean }>();
  const [problem, setProblem] = useState<string>();
  const current = agenda.status === 'ready' ? agenda.data : undefined;
  const currentRef = useRef(current);
  currentRef.current = current;
  const { replace } = agenda;

  // Refresh the first page now and then (and when the tab is shown again) without a loading flash.
  useEffect(() => {
    if (!current) return;
    const refresh = (): void => {
      if (document.visibilityState !== 'visible') return;
      loadAgenda(api, teamId, current.isoWeek).then(
        (fresh) => {
          if (currentRef.current?.isoWeek === fresh.isoWeek) replace(fresh);
        },
        () => undefined,
      );
    };
    const timer = setInterval(refresh, REFRESH_MS);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [api, teamId, current?.isoWeek, replace]);

  const onMark = useCallback(
    (itemKey: string, discussed: boolean) => {
      const shown = currentRef.current;
      if (!shown) return;
      setPending({ itemKey, discussed });
      setProblem(undefined);
      const put = (version: number): Promise<TeamCheckInAgenda> => {
        const body: MarkDiscussed = { itemKey, discussed, version };
        return api.request<TeamCheckInAgenda>('PUT', `${agendaPath(teamId, shown.isoWeek)}/discussed`, body);
      };
      put(shown.version)
        .catch(async (error: unknown) => {
          // Someone else marked meanwhile: take their marks and apply this one on top.
          if (!(error instanceof ApiError) || error.status !== 409) throw error;
          const fresh = await loadAgenda(api, teamId, shown.isoWeek);
          replace(fresh);
          return put(fresh.version);
        })
        .then(
          (next) => {
            replace(next);
            const mark: DiscussedMark = discussed ? { by: { id: me.id, name: me.name, upn: me.upn }, at: new Date().toISOString() } : null;
            setMore((pages) =>
              pages && pages.isoWeek === next.isoWeek ? { ...pages, items: withMark(pages.items, itemKey, mark) } : pages,
            );
          },
          (error: unknown) => setProblem(`Could not save the mark: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => setPending(undefined));
    },
    [api, teamId, me, replace],
  );

  const onMore = useCallback(() => {
    const shown = currentRef.current;
    if (!shown) return;
    const cursor = more?.isoWeek === shown.isoWeek ? more.cursor : shown.redItems.nextCursor;
    if (!cursor) return;
    setLoadingMore(true);
    loadAgenda(api, teamId, shown.isoWeek, cursor)
      .then(
        (page) =>
          setMore((pages) => ({
            isoWeek: shown.isoWeek,
            items: appendRedItems(pages?.isoWeek === shown.isoWeek ? pages.items : [], page.redItems.items),
            cursor: page.redItems.nextCursor,
          })),
        (error: unknown) => setProblem(`Could not load more: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => setLoadingMore(false));
  }, [api, teamId, more]);

  if (agenda.status === 'loading')
    return (
      <Spinner
        size="small"
        label="Loading the check-in…"
        labelPosition="after"
        data-testid="loading-state"
        style={{ justifyContent: 'flex-start' }}
      />
    );
  if (agenda.status === 'error') {
    const notYours = agenda.error instanceof ApiError && agenda.error.status === 404;
    return notYours ? (
      <Body1 as="p" data-testid="empty-state">
        This team&apos;s check-in is not yours to see: it is open to the team&apos;s members and leads.
      </Body1>
    ) : (
      <LoadError error={agenda.error} onRetry={agenda.reload} what="the check-in" />
    );
  }

  const data = agenda.data;
  const facilitator = data.allowedActions.includes('facilitate');
  const pages = more?.isoWeek === data.isoWeek ? more : undefined;
  const redItems = appendRedItems(data.redItems.items, pages?.items ?? []);
  const nextCursor = pages ? pages.cursor : data.redItems.nextCursor;
  const { discussed, total } = agendaProgress(data);
  const marking = { facilitator, pending, format, onMark };
  const isCurrent = data.isoWeek >= data.currentIsoWeek;

  return (
    <div className={styles.root} data-testid="team-checkin" data-facilitator={facilitator ? 'true' : 'false'}>
      <div className={styles.bar}>
        <div className={styles.week} role="group" aria-label="Week">
          <Button size="small" icon={<ChevronLeft20Regular />} onClick={() => setWeek(data.previousIsoWeek)} aria-label="Previous week" />
          <Text weight="semibold" data-testid="checkin-week">
            {weekLabel(data.isoWeek)}
          </Text>
          <Caption1 className={styles.muted}>from {format.date(mondayOf(data.isoWeek))}</Caption1>
          <Button
            size="small"
            icon={<ChevronRight20Regular />}
            onClick={() => setWeek(shiftWeek(data.isoWeek, 1))}
            disabled={isCurrent}
            aria-label="Next week"
          />
          {!isCurrent && (
            <Button size="small" appearance="subtle" onClick={() => setWeek(data.currentIsoWeek)}>
              This week
            </Button>
          )}
        </div>
        <div className={styles.progress}>
          <Text data-testid="checkin-progress">
            {discussed} of {total} discussed
          </Text>
          <ProgressBar value={total === 0 ? 0 : discussed / total} aria-label={`${discussed} of ${total} agenda items discussed`} />
        </div>
      </div>
      <Caption1 className={styles.muted}>
        {data.people === 1 ? '1 person' : `${data.people} people`} in {data.teamName}.{' '}
        {facilitator
          ? 'You facilitate: tick each item once the team has discussed it.'
          : 'The team lead marks items as the team discusses them.'}
      </Caption1>
      {problem && (
        <MessageBar intent="error" data-testid="checkin-error" className={styles.print}>
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      <CompanyPart company={data.company} marking={marking} />
      <GroupsPart key={`groups:${data.isoWeek}`} groups={data.groups} marking={marking} />
      <MetricsPart metrics={data.metrics} marking={marking} />
      <RedItemsPart
        total={data.redItems.total}
        redPriorities={data.redItems.redPriorities}
        risks={data.redItems.risks}
        items={redItems}
        more={nextCursor !== null}
        loadingMore={loadingMore}
        onMore={onMore}
        marking={marking}
      />
    </div>
  );
}
