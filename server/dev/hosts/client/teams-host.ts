/// <reference lib="dom" />
import {
  fetchDemoUsers,
  fillUserPicker,
  logActivity,
  meetingOf,
  requireElement,
  SessionCache,
  type DemoUser,
  type DevMeeting,
} from './host-session.js';
import { answerNaaRequest, parseNaaRequest } from './naa-responder.js';

/*
 * A Teams-compatible host for /dev/teams. It frames the tab and answers what @microsoft/teams-js
 * posts to its parent: `{id, uuidAsString, func, args}` requests, answered with
 * `{id, uuidAsString, args}`; host events (theme changes, save) are pushed as `{func, args}`.
 */

type TeamsTheme = 'default' | 'dark' | 'contrast';
/**
 * Which tab the host frames: the personal app, a channel tab's content, its configuration page, or the
 * configured tab inside a meeting: its side panel (frame context `sidePanel`) or its details tab (`content`).
 */
type FrameContext = 'content' | 'channel' | 'settings' | 'sidePanel' | 'meetingDetails';

/** Frames that run inside a meeting. */
const MEETING_FRAMES: ReadonlySet<FrameContext> = new Set(['sidePanel', 'meetingDetails']);

interface TeamsRequest {
  id: number;
  uuidAsString?: string;
  func: string;
  args?: unknown[];
  /** Payload of `nestedAppAuth.execute`: the bridge request as JSON. */
  data?: unknown;
}

/** The host SDK version reported to teams-js; the tab's teams-js must not be newer in features it uses. */
const HOST_SDK_VERSION = '2.58.0';

/** Capabilities this host answers (teams-js runtime config, apiVersion 4). */
const RUNTIME_CONFIG = {
  apiVersion: 4,
  isNAAChannelRecommended: true,
  hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
  supports: {
    appEntity: {},
    nestedAppAuth: {},
    pages: { appButton: {}, config: {}, currentApp: {}, tabs: {} },
    teamsCore: {},
  },
};

const tenantTeam = {
  teamId: '19:northstar-demo-team@thread.tacv2',
  teamName: 'Northstar demo team',
  groupId: '00000000-0000-4000-8000-0000000000a1',
};

/** The channels of the demo team; each can carry its own configured tab (bound to a different org team). */
const CHANNELS = [
  { id: '19:general@thread.tacv2', name: 'General' },
  { id: '19:team-rituals@thread.tacv2', name: 'Team rituals' },
] as const;
type Channel = (typeof CHANNELS)[number];

/** What the configuration page saved for a channel's tab (`pages.config.setConfig`). */
interface SavedTabConfig {
  entityId?: string;
  contentUrl?: string;
  websiteUrl?: string;
  suggestedDisplayName?: string;
}

const savedConfigKey = (channel: Channel): string => `northstar-dev-tab-config:${channel.id}`;

/** The saved configuration of a channel's tab, kept in localStorage like Teams keeps it per tab instance. */
function savedConfigOf(channel: Channel): SavedTabConfig | null {
  try {
    return JSON.parse(localStorage.getItem(savedConfigKey(channel)) ?? 'null') as SavedTabConfig | null;
  } catch {
    return null;
  }
}

function toChannel(value: string | null): Channel {
  return CHANNELS.find((channel) => channel.id === value || channel.name === value) ?? CHANNELS[0];
}

const params = new URLSearchParams(window.location.search);
const frame = requireElement('tab-frame', HTMLIFrameElement);
const userPicker = requireElement('user-picker', HTMLSelectElement);
const themePicker = requireElement('theme-picker', HTMLSelectElement);
const framePicker = requireElement('frame-picker', HTMLSelectElement);
const channelPicker = requireElement('channel-picker', HTMLSelectElement);
const saveButton = requireElement('save-config', HTMLButtonElement);
const savedConfig = requireElement('saved-config', HTMLElement);
const appStatus = requireElement('app-status', HTMLElement);
const hostLog = requireElement('host-log', HTMLOListElement);
const sharedLink = requireElement('shared-link', HTMLElement);
const meetingInfo = requireElement('meeting-info', HTMLElement);
const sessions = new SessionCache();

let theme = toTheme(params.get('theme'));
let frameContext: FrameContext = toFrame(params.get('frame'));
/** The channel whose tab the channel and configuration frames show (`?channel=<id or name>`). */
let channel: Channel = toChannel(params.get('channel'));
/** The sub-page a deep link asked for (`subEntityId`), e.g. `objectives/<id>`. */
let subPage = params.get('subPage') ?? '';
let currentUpn = params.get('user') ?? '';
/** Attendees of the meeting (`?meeting=<upn>,<upn>`); by default the user and their manager (or first report). */
let attendees = (params.get('meeting') ?? '').split(',').filter(Boolean);
/** The meeting the tab runs in, once its chat exists in the Graph stand-in. */
let meeting: DevMeeting | undefined;
let demoUsers: DemoUser[] = [];
/** The user's Teams locale (`?locale=de-de` to try another). */
const locale = params.get('locale') ?? 'en-us';
const appSessionId = crypto.randomUUID();

function toTheme(value: string | null): TeamsTheme {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

function toFrame(value: string | null): FrameContext {
  return value === 'settings' || value === 'channel' || value === 'sidePanel' || value === 'meetingDetails' ? value : 'content';
}

/** The frame context teams-js is told: a meeting's details tab is plain `content`. */
function reportedFrameContext(): 'content' | 'settings' | 'sidePanel' {
  return frameContext === 'settings' || frameContext === 'sidePanel' ? frameContext : 'content';
}

function defaultAttendees(upn: string): string[] {
  const user = demoUsers.find((candidate) => candidate.upn === upn);
  const counterpart = user?.managerUpn ?? demoUsers.find((candidate) => candidate.managerUpn === upn)?.upn;
  return counterpart ? [upn, counterpart] : [upn];
}

function updateAddress(): void {
  const next = new URLSearchParams({
    user: currentUpn,
    theme,
    frame: frameContext,
    ...(channel !== CHANNELS[0] ? { channel: channel.id } : {}),
    ...(MEETING_FRAMES.has(frameContext) ? { meeting: attendees.join(',') } : {}),
    ...(subPage ? { subPage } : {}),
    ...(locale !== 'en-us' ? { locale } : {}),
  });
  history.replaceState(null, '', `${window.location.pathname}?${next.toString()}`);
}

function post(message: object): void {
  frame.contentWindow?.postMessage(message, window.location.origin);
}

function reply(request: TeamsRequest, args: unknown[]): void {
  post({ id: request.id, uuidAsString: request.uuidAsString, args });
}

function setStatus(text: string): void {
  appStatus.textContent = text;
}

async function contextFor(upn: string): Promise<Record<string, unknown>> {
  const session = await sessions.get(upn).catch(() => undefined);
  const where =
    meeting && MEETING_FRAMES.has(frameContext)
      ? { chatId: meeting.chatId, meetingId: meeting.meetingId }
      : { ...tenantTeam, channelId: channel.id, channelName: channel.name };
  return {
    locale,
    theme,
    frameContext: reportedFrameContext(),
    entityId: frameContext === 'content' ? 'home' : (savedConfigOf(channel)?.entityId ?? 'northstar-team-okrs'),
    subEntityId: frameContext === 'content' ? subPage : '',
    userPrincipalName: upn,
    loginHint: upn,
    userDisplayName: session?.account.name,
    userObjectId: session?.account.localAccountId,
    tid: session?.account.tenantId,
    hostName: 'Teams',
    hostClientType: 'web',
    appSessionId,
    sessionId: appSessionId,
    ...where,
    isFullScreen: false,
  };
}

async function handle(request: TeamsRequest): Promise<void> {
  switch (request.func) {
    case 'initialize':
      // teams-js reads the runtime config from the fourth argument (the NAA bridge needs it there).
      reply(request, [reportedFrameContext(), 'web', HOST_SDK_VERSION, JSON.stringify(RUNTIME_CONFIG)]);
      return;
    case 'getContext':
      reply(request, [await contextFor(currentUpn)]);
      return;
    case 'appInitialization.appLoaded':
      setStatus('Loaded');
      return;
    case 'appInitialization.success':
      setStatus('Ready (notifySuccess)');
      return;
    case 'appInitialization.failure':
    case 'appInitialization.expectedFailure':
      setStatus(`Failed: ${JSON.stringify(request.args ?? [])}`);
      return;
    case 'registerHandler':
      return;
    case 'nestedAppAuth.execute': {
      const bridgeRequest = typeof request.data === 'string' ? parseNaaRequest(request.data) : undefined;
      if (!bridgeRequest) return;
      logActivity(hostLog, `NAA ${bridgeRequest.method}`);
      const response = await answerNaaRequest(bridgeRequest, () => sessions.get(currentUpn));
      reply(request, [undefined, response]);
      return;
    }
    case 'pages.currentApp.navigateTo': {
      const target = (request.args?.[0] ?? {}) as { pageId?: string; subPageId?: string };
      reply(request, [null]);
      openPersonalApp(target.subPageId ?? '');
      return;
    }
    case 'pages.currentApp.navigateToDefaultPage':
      reply(request, [null]);
      openPersonalApp('');
      return;
    case 'shareDeepLink': {
      const [subPageId, label, webUrl] = (request.args ?? []) as [string?, string?, string?];
      sharedLink.textContent = JSON.stringify({ subPageId, label, webUrl }, null, 2);
      logActivity(hostLog, `shareDeepLink ${subPageId ?? ''}`);
      return;
    }
    case 'executeDeepLink': {
      const link = typeof request.args?.[0] === 'string' ? request.args[0] : '';
      reply(request, [true]);
      const url = new URL(link, window.location.origin);
      if (url.origin === window.location.origin && url.pathname.startsWith('/tab/')) openPersonalApp(url.hash.replace(/^#\/?/, ''));
      else window.open(url.toString(), '_blank', 'noopener');
      return;
    }
    case 'settings.setValidityState':
      saveButton.disabled = request.args?.[0] !== true;
      return;
    case 'settings.setSettings':
      localStorage.setItem(savedConfigKey(channel), JSON.stringify(request.args?.[0] ?? null));
      showSavedConfig();
      reply(request, [true]);
      return;
    case 'settings.getSettings':
      reply(request, [savedConfigOf(channel)]);
      return;
    case 'settings.save.success':
      setStatus('Tab configuration saved');
      return;
    case 'settings.save.failure':
      setStatus(`Saving the configuration failed: ${JSON.stringify(request.args ?? [])}`);
      return;
    default:
      logActivity(hostLog, `unhandled ${request.func}`);
  }
}

function isTeamsRequest(value: unknown): value is TeamsRequest {
  const candidate = value as Partial<TeamsRequest> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.func === 'string' && typeof candidate.id === 'number';
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.source !== frame.contentWindow || event.origin !== window.location.origin) return;
  if (!isTeamsRequest(event.data)) return;
  if (event.data.func !== 'nestedAppAuth.execute') logActivity(hostLog, event.data.func);
  handle(event.data).catch((error: unknown) => logActivity(hostLog, `error in ${String(event.data)}: ${String(error)}`));
});

function applyChromeTheme(): void {
  document.documentElement.dataset.theme = theme;
}

/** What each frame loads; in a meeting Teams loads the configured tab's content URL (what the configuration page saved). */
const TAB_PATHS: Record<FrameContext, string> = {
  content: '/tab/',
  channel: '/tab/channel',
  settings: '/tab/config',
  sidePanel: '/tab/channel',
  meetingDetails: '/tab/channel',
};

async function joinMeeting(): Promise<void> {
  if (!MEETING_FRAMES.has(frameContext)) {
    meeting = undefined;
    meetingInfo.textContent = '';
    return;
  }
  if (attendees.length === 0) attendees = defaultAttendees(currentUpn);
  meeting = await meetingOf(attendees);
  const names = attendees.map((upn) => demoUsers.find((user) => user.upn === upn)?.name ?? upn);
  meetingInfo.textContent = `${names.join(', ')}\n${meeting.chatId}`;
  logActivity(hostLog, `meeting ${meeting.chatId}`);
}

/** The host panel shows the saved configuration of the picked channel's tab. */
function showSavedConfig(): void {
  const saved = savedConfigOf(channel);
  savedConfig.textContent = saved ? JSON.stringify(saved, null, 2) : '';
}

/**
 * The address a frame loads: a channel tab loads the content URL its configuration page saved (same origin
 * only), with the host's own query added.
 */
function frameUrl(): string {
  const saved = frameContext === 'channel' ? savedConfigOf(channel)?.contentUrl : undefined;
  const url = new URL(TAB_PATHS[frameContext], window.location.origin);
  if (saved) {
    const candidate = new URL(saved, window.location.origin);
    if (candidate.origin === window.location.origin && candidate.pathname.startsWith('/tab/')) {
      url.pathname = candidate.pathname;
      url.search = candidate.search;
    }
  }
  url.searchParams.set('host', 'teams');
  // A new URL each time, so the frame reloads even when only the sub-page changed.
  url.searchParams.set('load', String(Date.now()));
  return `${url.pathname}${url.search}`;
}

function loadTab(): void {
  setStatus('Loading…');
  saveButton.disabled = true;
  document.documentElement.dataset.frame = frameContext;
  joinMeeting().then(
    () => {
      updateAddress();
      showSavedConfig();
      frame.src = frameUrl();
    },
    (error: unknown) => setStatus(`Could not start the meeting: ${String(error)}`),
  );
}

/** What Teams does for `pages.currentApp.navigateTo` and deep links into the app: the personal app at a sub-page. */
function openPersonalApp(subPageId: string): void {
  subPage = subPageId;
  frameContext = 'content';
  framePicker.value = frameContext;
  logActivity(hostLog, `open personal app at ${subPageId || 'home'}`);
  loadTab();
}

channelPicker.replaceChildren(
  ...CHANNELS.map((candidate) => {
    const option = document.createElement('option');
    option.value = candidate.id;
    option.textContent = candidate.name;
    return option;
  }),
);
channelPicker.value = channel.id;
themePicker.value = theme;
framePicker.value = frameContext;
showSavedConfig();
applyChromeTheme();

themePicker.addEventListener('change', () => {
  theme = toTheme(themePicker.value);
  applyChromeTheme();
  updateAddress();
  post({ func: 'themeChange', args: [theme] });
  logActivity(hostLog, `themeChange → ${theme}`);
});
framePicker.addEventListener('change', () => {
  frameContext = toFrame(framePicker.value);
  subPage = '';
  loadTab();
});
channelPicker.addEventListener('change', () => {
  channel = toChannel(channelPicker.value);
  logActivity(hostLog, `channel → ${channel.name}`);
  if (frameContext === 'channel' || frameContext === 'settings') loadTab();
  else {
    updateAddress();
    showSavedConfig();
  }
});
userPicker.addEventListener('change', () => {
  currentUpn = userPicker.value;
  loadTab();
});
saveButton.addEventListener('click', () => {
  post({ func: 'settings.save', args: [{}] });
  logActivity(hostLog, 'settings.save');
});

fetchDemoUsers().then(
  (users) => {
    demoUsers = users;
    if (!users.some((user) => user.upn === currentUpn)) currentUpn = users[0]?.upn ?? '';
    fillUserPicker(userPicker, users, currentUpn);
    loadTab();
  },
  (error: unknown) => setStatus(`Could not list demo users: ${String(error)}`),
);
