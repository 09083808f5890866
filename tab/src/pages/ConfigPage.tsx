import {
  Body1,
  Caption1,
  Combobox,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import type { BindChannelTab, ChannelTab, Me, PeopleSearch, PersonRef, TeamCheckInAgenda } from '@northstar/server/contract';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../client/api-error';
import type { TabApi } from '../data/api';
import { useResource } from '../data/useResource';
import type { TabHost, TabInstanceConfig } from '../host/teamsHost';
import { getApi } from '../session';
import { channelContentUrl, channelEntityId } from './teamSections';

const useStyles = makeStyles({
  page: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalXL,
    maxWidth: '720px',
    minWidth: 0,
    '@media (max-width: 480px)': { padding: tokens.spacingHorizontalM },
  },
  word: { overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground2 },
  picker: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingLeft: tokens.spacingHorizontalXXL, minWidth: 0 },
});

/** The display name Teams suggests for the tab. */
export const CHANNEL_TAB_NAME = 'Team week';

const SEARCH_DELAY_MS = 200;

/** A team the page may bind the tab to: its id is its manager's person id. */
interface TeamChoice {
  teamId: string;
  name: string;
}

interface ConfigData {
  api: TabApi;
  me: Me;
  /** The channel's current binding, null when the tab is new here (or not the caller's to see). */
  binding: ChannelTab | null;
}

const canLead = (me: Me): boolean => me.roles.includes('manager') || me.roles.includes('admin');

async function loadConfig(host: TabHost): Promise<ConfigData> {
  const api = await getApi();
  const channelId = host.context.channelId;
  const [me, binding] = await Promise.all([
    api.me(),
    channelId
      ? api.request<ChannelTab>('GET', `/api/channel-tabs/${encodeURIComponent(channelId)}`).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        })
      : Promise.resolve(null),
  ]);
  return { api, me, binding };
}

/** A sentence for a failed bind, naming what the caller can do about it. */
export function bindFailure(error: unknown, team: string): string {
  if (error instanceof ApiError && (error.status === 403 || error.status === 404))
    return `You cannot bind this tab to ${team}'s team: pick your own team or a team below you.`;
  return error instanceof Error ? error.message : String(error);
}

/** The team a tab shows when its configurer cannot bind one: the channel's binding, else their manager's team. */
function fallbackTeam(data: ConfigData): TeamChoice | undefined {
  if (data.binding) return { teamId: data.binding.teamId, name: data.binding.manager.name };
  return data.me.manager ? { teamId: data.me.manager.id, name: data.me.manager.name } : undefined;
}

/** Searches the directory for managers to bind to (the server decides whether the caller leads them). */
function usePeopleSearch(api: TabApi, query: string): { items: PersonRef[]; searching: boolean; error?: string } {
  const [state, setState] = useState<{ items: PersonRef[]; searching: boolean; error?: string }>({ items: [], searching: false });
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setState({ items: [], searching: false });
      return;
    }
    let active = true;
    setState((previous) => ({ ...previous, searching: true }));
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ q, limit: '10' });
      api.request<PeopleSearch>('GET', `/api/org/people?${params.toString()}`).then(
        (answer) => active && setState({ items: answer.items.filter((person) => person.enabled), searching: false }),
        (error: unknown) =>
          active && setState({ items: [], searching: false, error: error instanceof Error ? error.message : String(error) }),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [api, query]);
  return state;
}

/** Whether the caller leads a picked team, asked of its check-in (`facilitate` is allowed to the team's leads only). */
function useLeadCheck(api: TabApi, teamId: string | undefined): 'checking' | 'leads' | 'member' | 'none' | undefined {
  const [state, setState] = useState<{ teamId: string; result: 'leads' | 'member' | 'none' }>();
  useEffect(() => {
    if (!teamId) return;
    let active = true;
    api.request<TeamCheckInAgenda>('GET', `/api/teams/${encodeURIComponent(teamId)}/check-ins/current?limit=1`).then(
      (agenda) => active && setState({ teamId, result: agenda.allowedActions.includes('facilitate') ? 'leads' : 'member' }),
      () => active && setState({ teamId, result: 'none' }),
    );
    return () => {
      active = false;
    };
  }, [api, teamId]);
  if (!teamId) return undefined;
  return state?.teamId === teamId ? state.result : 'checking';
}

/**
 * Configuration page of the channel tab: a lead picks the team the tab is bound to (their own by default,
 * or one below them); others add it showing their manager's team. No URL to type.
 */
export default function ConfigPage({ host }: { host: TabHost }) {
  const styles = useStyles();
  const data = useResource(() => loadConfig(host), 'config');
  return (
    <main className={styles.page}>
      <Title2 as="h1">Add Northstar to this channel</Title2>
      <Body1 as="p">
        The tab runs a team&apos;s week: the Monday check-in, wins, health metrics, the monthly report and the team&apos;s OKRs.
      </Body1>
      {data.status === 'loading' && <Spinner size="small" label="Loading your teams…" labelPosition="after" data-testid="loading-state" />}
      {data.status === 'error' && (
        <MessageBar intent="error" data-testid="error-state">
          <MessageBarBody>
            <MessageBarTitle>Could not load your teams.</MessageBarTitle> {data.error.message}
          </MessageBarBody>
        </MessageBar>
      )}
      {data.status === 'ready' && <ConfigForm host={host} data={data.data} />}
    </main>
  );
}

function ConfigForm({ host, data }: { host: TabHost; data: ConfigData }) {
  const styles = useStyles();
  const { api, me, binding } = data;
  const lead = canLead(me);
  const own: TeamChoice = { teamId: me.id, name: me.name };
  const bound = binding ? { teamId: binding.teamId, name: binding.manager.name } : undefined;
  const hasTeam = me.roles.includes('manager');
  const [mode, setMode] = useState<'own' | 'other'>((bound && bound.teamId !== me.id && lead) || !hasTeam ? 'other' : 'own');
  const [other, setOther] = useState<TeamChoice | undefined>(bound && bound.teamId !== me.id ? bound : undefined);
  const [query, setQuery] = useState(other?.name ?? '');
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<string>();
  const search = usePeopleSearch(api, other ? '' : query);

  const check = useLeadCheck(api, mode === 'other' ? other?.teamId : undefined);
  const otherOk = other && check === 'leads';
  const chosen: TeamChoice | undefined = lead ? (mode === 'own' ? own : otherOk ? other : undefined) : fallbackTeam(data);
  const chosenRef = useRef(chosen);
  chosenRef.current = chosen;
  const [saveable, setSaveable] = useState<boolean>();

  useEffect(() => {
    const { channelId, groupId, channelName } = host.context;
    const origin = window.location.origin;
    setSaveable(
      host.registerConfigSave(async (): Promise<TabInstanceConfig> => {
        const team = chosenRef.current;
        if (!team) throw new Error('Pick a team first.');
        setFailure(undefined);
        if (lead && channelId && groupId) {
          const body: BindChannelTab = { groupId, teamId: team.teamId, channelName: channelName || 'Channel' };
          try {
            await api.request<ChannelTab>('PUT', `/api/channel-tabs/${encodeURIComponent(channelId)}`, body);
          } catch (error) {
            const message = bindFailure(error, team.name);
            setFailure(message);
            throw new Error(message);
          }
        }
        const url = channelContentUrl(origin, team.teamId);
        return { entityId: channelEntityId(team.teamId), contentUrl: url, websiteUrl: url, suggestedDisplayName: CHANNEL_TAB_NAME };
      }),
    );
    host.notifySuccess();
  }, [api, host, lead]);

  useEffect(() => host.setConfigValid(Boolean(chosen)), [host, chosen?.teamId]);

  const options = useMemo(() => search.items.filter((person) => person.id !== me.id), [search.items, me.id]);

  return (
    <>
      {saveable === false && (
        <MessageBar intent="warning">
          <MessageBarBody>This host cannot save tab settings: open this page from a Teams channel.</MessageBarBody>
        </MessageBar>
      )}
      {binding && (
        <Body1 as="p" className={styles.word} data-testid="current-binding">
          This channel&apos;s tab shows {binding.teamName} (bound by {binding.boundBy.name}).
        </Body1>
      )}
      {lead ? (
        <RadioGroup
          aria-label="Which team does this tab show?"
          value={mode}
          onChange={(_, value) => setMode(value.value === 'other' ? 'other' : 'own')}
          data-testid="team-choice"
        >
          {hasTeam && <Radio value="own" label={`My team (${me.name})`} />}
          <Radio value="other" label="A team I lead further down" />
          {mode === 'other' && (
            <div className={styles.picker}>
              <Field label="Manager of the team" hint="Type at least two letters of the manager's name.">
                <Combobox
                  freeform
                  inlinePopup
                  style={{ minWidth: 0, width: '100%' }}
                  input={{ style: { minWidth: 0 } }}
                  listbox={{ style: { minWidth: 0, maxWidth: '100%', boxSizing: 'border-box' } }}
                  data-testid="team-picker"
                  placeholder="Search managers"
                  value={query}
                  selectedOptions={other ? [other.teamId] : []}
                  open={open && options.length > 0}
                  onOpenChange={(_, change) => setOpen(change.open)}
                  onChange={(event) => {
                    setQuery(event.target.value);
                    setOther(undefined);
                    setOpen(true);
                  }}
                  onOptionSelect={(_, selected) => {
                    const person = options.find((candidate) => candidate.id === selected.optionValue);
                    setOther(person ? { teamId: person.id, name: person.name } : undefined);
                    if (person) setQuery(person.name);
                  }}
                >
                  {options.map((person) => (
                    <Option key={person.id} value={person.id} text={person.name}>
                      <span style={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
                        <Text weight="semibold">{person.name}</Text>
                        <Caption1 className={styles.word}>{person.upn}</Caption1>
                      </span>
                    </Option>
                  ))}
                </Combobox>
              </Field>
              <div role="status" aria-live="polite" data-testid="team-check">
                {other && check === 'checking' && <Caption1 className={styles.muted}>Checking that you lead this team…</Caption1>}
                {other && check === 'member' && (
                  <Caption1 className={styles.word}>
                    You are part of {other.name}&apos;s team but do not lead it: pick a team you lead.
                  </Caption1>
                )}
                {other && check === 'none' && (
                  <Caption1 className={styles.word}>
                    {other.name} has no team you lead (no direct reports, or outside your part of the organisation).
                  </Caption1>
                )}
                {!other && search.searching && <Caption1 className={styles.muted}>Searching…</Caption1>}
                {!other && search.error && <Caption1>The directory could not be searched: {search.error}</Caption1>}
              </div>
            </div>
          )}
        </RadioGroup>
      ) : (
        <MessageBar intent="info" data-testid="not-a-lead">
          <MessageBarBody className={styles.word}>
            <MessageBarTitle>Only a team lead binds this tab to a team.</MessageBarTitle>{' '}
            {chosen
              ? `You can still add it: it shows ${chosen.name}'s team, which you are part of. ${chosen.name} can bind it to another team later.`
              : 'You have no manager in the directory, so there is no team to show yet. Ask a team lead to add the tab.'}
          </MessageBarBody>
        </MessageBar>
      )}
      <div role="status" aria-live="polite" data-testid="config-summary">
        {chosen ? (
          <Body1 className={styles.word}>
            Select Save to show <strong>{chosen.teamId === me.id ? 'your team' : `${chosen.name}'s team`}</strong> in this channel.
          </Body1>
        ) : lead && mode === 'other' && !other ? (
          <Caption1 className={styles.muted}>Pick the team&apos;s manager to continue.</Caption1>
        ) : null}
      </div>
      {failure && (
        <MessageBar intent="error" data-testid="bind-error">
          <MessageBarBody className={styles.word}>{failure}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
