import { app, pages } from '@microsoft/teams-js';
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
  /** Tells the host the content is shown (hides its loading indicator). */
  notifySuccess(): void;
  /** Tells the host the app could not load. */
  notifyFailure(message: string): void;
  /** Makes the configuration page saveable; returns false when the host has no config support. */
  enableConfigSave(config: TabInstanceConfig): boolean;
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
    context: { inTeams: false, theme: browserTheme(), locale: navigator.language },
    onThemeChange(handler) {
      listeners.add(handler);
      return () => listeners.delete(handler);
    },
    notifySuccess() {},
    notifyFailure() {},
    enableConfigSave: () => false,
  };
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
    },
    onThemeChange(handler) {
      listeners.add(handler);
      return () => listeners.delete(handler);
    },
    notifySuccess() {
      if (app.isInitialized()) void app.notifySuccess();
    },
    notifyFailure(message) {
      if (app.isInitialized()) app.notifyFailure({ reason: app.FailedReason.Other, message });
    },
    enableConfigSave(config) {
      if (!pages.config.isSupported()) return false;
      pages.config.registerOnSaveHandler((saveEvent) => {
        pages.config.setConfig(config).then(
          () => saveEvent.notifySuccess(),
          (error: unknown) => saveEvent.notifyFailure(error instanceof Error ? error.message : String(error)),
        );
      });
      void pages.config.setValidityState(true);
      return true;
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
