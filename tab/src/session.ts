import type { ClientConfig } from '@northstar/server/contract';
import type { TokenProvider } from './client/token-provider';
import type { TabApi } from './data/api';
import { connectToHost, type TabHost } from './host/teamsHost';

let hostConnection: Promise<TabHost> | undefined;
let apiClient: Promise<TabApi> | undefined;

/** The host connection, made once per page load (React may mount twice in development). */
export function getHost(): Promise<TabHost> {
  return (hostConnection ??= connectToHost());
}

function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now() + 300_000;
  } catch {
    return Date.now() + 300_000;
  }
}

/** Shares one token between concurrent requests and reuses it until a minute before it expires. */
export function reusingTokens(inner: TokenProvider): TokenProvider {
  let cached: { token: Promise<string>; until: number } | undefined;
  return {
    getAccessToken() {
      if (!cached || Date.now() >= cached.until) {
        const entry = { token: inner.getAccessToken(), until: Number.POSITIVE_INFINITY };
        cached = entry;
        entry.token.then(
          (token) => (entry.until = expiryOf(token) - 60_000),
          () => cached === entry && (cached = undefined),
        );
      }
      return cached.token;
    },
  };
}

/** `GET /api/config`, fetched while the sign-in code (MSAL) is still loading. */
async function fetchConfig(): Promise<ClientConfig> {
  const response = await fetch('/api/config', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`Could not read the app configuration (HTTP ${response.status})`);
  return (await response.json()) as ClientConfig;
}

/** The API client with nested-app-authentication sign-in, made once per page load (MSAL loads on demand). */
export function getApi(): Promise<TabApi> {
  apiClient ??= Promise.all([import('./client'), import('./data/api'), fetchConfig()]).then(([client, data, config]) => {
    const tokens = client.createNaaTokenProvider({
      clientId: config.entraClientId,
      authority: config.authority,
      scopes: [config.apiScope],
    });
    return data.createTabApi(reusingTokens(tokens));
  });
  apiClient.catch(() => (apiClient = undefined));
  return apiClient;
}
