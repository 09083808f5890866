import type { ClientConfig, WeeklyReport } from '@northstar/server/contract';
import type { TokenProvider } from '@northstar/tab/client';
import { createWeeklyClient, currentIsoWeek, ServiceUnreachableError, type WeeklyClient } from '../api/weekly-client';
import { isComposeMode, isNestedAppAuthSupported, whenOfficeReady } from '../host/office';

/** Why the pane cannot show the form, each with its own message and way forward. */
export type PaneProblem =
  | { kind: 'outside-outlook' }
  | { kind: 'not-compose' }
  | { kind: 'unsupported' }
  | { kind: 'not-signed-in'; detail: string }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'failed'; detail: string };

/** A signed-in pane with this week's report loaded. */
export interface PaneSession {
  isoWeek: string;
  client: WeeklyClient;
  tokens: TokenProvider;
  report: WeeklyReport;
}

/** Classifies an error of signing in or loading into a problem the pane can explain. */
export function problemOf(error: unknown): PaneProblem {
  const detail = error instanceof Error ? error.message : String(error);
  const status = (error as { status?: unknown } | null)?.status;
  if (error instanceof ServiceUnreachableError || error instanceof TypeError) return { kind: 'unreachable', detail };
  if (typeof status === 'number') {
    if (status === 401) return { kind: 'not-signed-in', detail };
    if (status >= 500 || status === 429) return { kind: 'unreachable', detail };
    return { kind: 'failed', detail };
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && /Auth|Interaction|Browser|Client/.test(name)) return { kind: 'not-signed-in', detail };
  return { kind: 'failed', detail };
}

/** `GET /api/config` without waiting for the sign-in code. */
async function fetchConfig(): Promise<ClientConfig> {
  const response = await fetch('/api/config', { headers: { accept: 'application/json' } });
  if (!response.ok)
    throw Object.assign(new Error(`Could not read the app configuration (HTTP ${response.status})`), { status: response.status });
  return (await response.json()) as ClientConfig;
}

/** Starts the pane: Office ready, compose mode, sign-in through the host, this week's report. */
export async function startSession(now = new Date()): Promise<PaneSession | PaneProblem> {
  // Sign-in code and the client configuration load while Office.js starts, each on its own.
  const clientModule = import('@northstar/tab/client');
  const configLoad = fetchConfig();
  configLoad.catch(() => undefined);
  const office = await whenOfficeReady();
  if (office.host === null) return { kind: 'outside-outlook' };
  if (!isComposeMode()) return { kind: 'not-compose' };
  if (!isNestedAppAuthSupported()) return { kind: 'unsupported' };
  const { createNaaTokenProvider } = await clientModule;
  let config;
  try {
    config = await configLoad;
  } catch (error) {
    return problemOf(error instanceof TypeError ? new ServiceUnreachableError(error) : error);
  }
  const tokens = createNaaTokenProvider({ clientId: config.entraClientId, authority: config.authority, scopes: [config.apiScope] });
  const isoWeek = currentIsoWeek(now);
  const client = createWeeklyClient(tokens);
  try {
    const report = await client.get(isoWeek);
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (timeZone) client.reportTimeZone(timeZone).catch(() => undefined);
    return { isoWeek, client, tokens, report };
  } catch (error) {
    return problemOf(error);
  }
}
