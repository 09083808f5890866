import { ConfidentialClientApplication } from '@azure/msal-node';
import { AppError } from '../http/errors.js';

/** Supplies app-only access tokens for Microsoft Graph, per tenant. */
export interface GraphTokenProvider {
  getToken(tenantId: string): Promise<string>;
}

interface ClientCredentials {
  authorityHost: string;
  clientId: string;
  clientSecret: string;
}

const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

/** Client credentials through MSAL (production; MSAL requires an https authority). */
export function msalTokenProvider(credentials: ClientCredentials): GraphTokenProvider {
  const apps = new Map<string, ConfidentialClientApplication>();
  return {
    async getToken(tenantId) {
      let app = apps.get(tenantId);
      if (!app) {
        app = new ConfidentialClientApplication({
          auth: {
            clientId: credentials.clientId,
            clientSecret: credentials.clientSecret,
            authority: `${credentials.authorityHost.replace(/\/$/, '')}/${tenantId}`,
          },
        });
        apps.set(tenantId, app);
      }
      const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE] });
      if (!result?.accessToken) throw new AppError('upstream_unavailable', 'No Graph token was issued.');
      return result.accessToken;
    },
  };
}

/**
 * Client credentials as a plain OAuth 2.0 token request (RFC 6749 §4.4) to the tenant's v2 token
 * endpoint, with an in-memory cache; used where the authority is not https (MSAL refuses those).
 */
export function oauthClientCredentialsProvider(credentials: ClientCredentials): GraphTokenProvider {
  const cache = new Map<string, { token: string; expiresAt: number }>();
  return {
    async getToken(tenantId) {
      const cached = cache.get(tenantId);
      if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
      const response = await fetch(`${credentials.authorityHost.replace(/\/$/, '')}/${tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
          scope: GRAPH_DEFAULT_SCOPE,
        }),
      });
      if (!response.ok) throw new AppError('upstream_unavailable', `The token endpoint answered ${response.status}.`);
      const body = (await response.json()) as { access_token?: string; expires_in?: number };
      if (!body.access_token) throw new AppError('upstream_unavailable', 'The token endpoint issued no token.');
      cache.set(tenantId, { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 });
      return body.access_token;
    },
  };
}

/** Picks MSAL for https authorities and the plain OAuth request otherwise. */
export function createGraphTokenProvider(credentials: ClientCredentials): GraphTokenProvider {
  return credentials.authorityHost.startsWith('https://') ? msalTokenProvider(credentials) : oauthClientCredentialsProvider(credentials);
}
