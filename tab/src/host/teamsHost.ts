import { app, FrameContexts, pages } from '@microsoft/teams-js';
import { toTeamsThemeName, type TeamsThemeName } from '../theme/fluentTheme';

/** What the tab knows about where it runs. */
export interface HostContext {
  /** True inside a Teams-compatible host that answered `app.initialize`. */
  inTeams: boolean;
  theme: TeamsThemeName;
  locale: string;
  userPrincipalName?: string;
  tenantId?: string;
  /** Teams frame context, e.g. `content` or `settings`. */
  frameContext?: string;
  /** The sub-page a deep link asked for (Teams `page.subPageId`), e.g. `objectives/<id>`. */
  subPageId?: string;
  teamName?: string;
  /** The Microsoft 365 group id of the Teams team the tab runs in (a GUID). */
  groupId?: string;
  /** The Teams channel id, e.g. `19:abc@thread.tacv2` (set in a channel tab and its configuration page). */
  channelId?: string;
  channelName?: string;
  /** True when the tab runs in a team channel (a configured tab), not as a personal app. */
  inChannel: boolean;
  /** Set when the tab runs inside a Teams meeting (its side panel, details tab or chat tab). */
  meeting?: MeetingContext;
}

/** The meeting the tab runs in, as the host reports it. */
export interface MeetingContext {
  /** The meeting chat's thread id, `19:meeting_…@thread.v2`: the server finds the 1:1 pair from its members. */
  chatId: string;
  meetingId: string;
  /** True in the meeting's side panel (about 320 px wide), false in its details or chat tab. */
  sidePanel: boolean;
}

/** The settings a configurable tab saves for its instance. */
export interface TabInstanceConfig {
  entityId: string;
  contentUrl: string;
  suggestedDisplayName: string;
  websiteUrl?: string;
}

/** The tab's one view of its host; the only module that talks to `@microsoft/teams-js`. */
export interface TabHost {
  readonly context: HostContext;
  /** Calls `handler` whenever the host theme changes; returns an unsubscribe function. */
  onThemeChange(handler: (theme: TeamsThemeName) => void): () => void;
  /** Tells the host the app has loaded and shows its own loading state (hides the host's indicator). */
  notifyAppLoaded(): void;
  /** Tells the host the content is shown and ready for the user. */
  notifySuccess(): void;
  /** Tells the host the app could not load. */
  notifyFailure(message: string): void;
  /**
   * Registers what the configuration page does on Save: `save()` does the app's own work and answers the
   * tab settings to store. Returns false when the host has no config support.
   */
  registerConfigSave(save: () => Promise<TabInstanceConfig>): boolean;
  /** Tells the host whether Save may be pressed now. */
  setConfigValid(valid: boolean): void;
  /**
   * Offers a deep link to a sub-page (e.g. `objectives/<id>`): the host's share dialog in Teams,
   * otherwise the clipboard. Resolves to the web URL of that sub-page.
   */
  shareLink(subPageId: string, label: string): Promise<string>;
  /** Opens a sub-page in the personal app (from a channel tab); in a plain browser, the tab's own address. */
  openInPersonalApp(subPageId: string): Promise<void>;
}

/** The tab's own web address of a sub-page: `/tab/#/<subPageId>`. */
export function webUrlOf(subPageId: string): string {
  return new URL(`/tab/#/${subPageId}`, window.location.origin).toString();
}

async function copyToClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Clipboard access can be denied (no user gesture, permissions); the link is still returned.
  }
}

const HOST_INIT_TIMEOUT_MS = 8000;

function parentOrigin(): string | undefined {
  const ancestor = window.location.ancestorOrigins?.[0];
  if (ancestor) return ancestor;
  try {
    return document.referrer ? new URL(document.referrer).origin : undefined;
  } catch {
    return undefined;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function browserTheme(): TeamsThemeName {
  if (window.matchMedia('(forced-colors: active)').matches) return 'contrast';
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default';
}

function createBrowserHost(): TabHost {
  const listeners = new Set<(theme: TeamsThemeName) => void>();
  const queries = [window.matchMedia('(prefers-color-scheme: dark)'), window.matchMedia('(forced-colors: active)')];
  const emit = (): void => listeners.forEach((listener) => listener(browserTheme()));
  queries.forEach((query) => query.addEventListener('change', emit));
  return {
    context: {
      inTeams: false,
      inChannel: window.location.pathname.startsWith('/tab/channel'),
      theme: browserTheme(),
      locale: navigator.language,
      subPageId: undefined,
    },
    onThemeChange(handler) {
      listeners.add(handler);
      return () => listeners.delete(handler);
    },
    notifyAppLoaded() {},
    notifySuccess() {},
    notifyFailure() {},
    registerConfigSave: () => false,
    setConfigValid() {},
    async shareLink(subPageId) {
      const url = webUrlOf(subPageId);
      await copyToClipboard(url);
      return url;
    },
    openInPersonalApp(subPageId) {
      window.location.assign(webUrlOf(subPageId));
      return Promise.resolve();
    },
  };
}

/** The meeting of a Teams context: a meeting id and its chat's thread id (a group chat or channel tab has no meeting). */
function meetingOf(context: app.Context): MeetingContext | undefined {
  const meetingId = context.meeting?.id;
  const chatId = context.chat?.id;
  if (!meetingId || !chatId) return undefined;
  return { chatId, meetingId, sidePanel: context.page.frameContext === FrameContexts.sidePanel };
}

function createTeamsHost(context: app.Context): TabHost {
  const listeners = new Set<(theme: TeamsThemeName) => void>();
  app.registerOnThemeChangeHandler((theme) => listeners.forEach((listener) => listener(toTeamsThemeName(theme))));
  return {
    context: {
      inTeams: true,
      theme: toTeamsThemeName(context.app.theme),
      locale: context.app.locale,
      userPrincipalName: context.user?.userPrincipalName,
      tenantId: context.user?.tenant?.id,
      frameContext: context.page.frameContext,
      subPageId: context.page.subPageId || undefined,
      teamName: context.team?.displayName,
      groupId: context.team?.groupId,
      channelId: context.channel?.id,
      channelName: context.channel?.displayName,
      inChannel: window.location.pathname.startsWith('/tab/channel'),
      meeting: meetingOf(context),
    },
    onThemeChange(handler) {
      listeners.add(handler);
      return () => listeners.delete(handler);
    },
    notifyAppLoaded() {
      if (app.isInitialized()) app.notifyAppLoaded();
    },
    notifySuccess() {
      if (app.isInitialized()) void app.notifySuccess();
    },
    notifyFailure(message) {
      if (app.isInitialized()) app.notifyFailure({ reason: app.FailedReason.Other, message });
    },
    registerConfigSave(save) {
      if (!pages.config.isSupported()) return false;
      pages.config.registerOnSaveHandler((saveEvent) => {
        save()
          .then((config) => pages.config.setConfig(config))
          .then(
            () => saveEvent.notifySuccess(),
            (error: unknown) => saveEvent.notifyFailure(error instanceof Error ? error.message : String(error)),
          );
      });
      return true;
    },
    setConfigValid(valid) {
      if (pages.config.isSupported()) void pages.config.setValidityState(valid);
    },
    async shareLink(subPageId, label) {
      const url = webUrlOf(subPageId);
      if (pages.isSupported()) pages.shareDeepLink({ subPageId, subPageLabel: label, subPageWebUrl: url });
      else await copyToClipboard(url);
      return url;
    },
    async openInPersonalApp(subPageId) {
      if (pages.currentApp.isSupported()) await pages.currentApp.navigateTo({ pageId: 'home', subPageId });
      else await app.openLink(webUrlOf(subPageId));
    },
  };
}

/**
 * Connects to the hosting Teams client when framed by one; otherwise (plain browser tab, or a
 * frame that never answers) returns a browser host with the theme from `prefers-color-scheme`.
 */
export async function connectToHost(): Promise<TabHost> {
  if (window.parent === window) return createBrowserHost();
  const origin = parentOrigin();
  // teams-js trusts only https hosts from its own list; a host on http must be named explicitly.
  const validOrigins = window.location.protocol === 'http:' && origin ? [origin] : undefined;
  try {
    await withTimeout(app.initialize(validOrigins), HOST_INIT_TIMEOUT_MS);
    return createTeamsHost(await app.getContext());
  } catch {
    return createBrowserHost();
  }
}
