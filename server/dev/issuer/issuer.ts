import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { loadOrCreateSigningKey, type SigningKey } from './keys.js';
import { issuerFor, signAccessToken, type AccessTokenClaims } from './tokens.js';

/** Audience of app-only tokens for Microsoft Graph. */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

/** A registered confidential client allowed to use the client-credentials grant. */
export interface IssuerClient {
  clientId: string;
  clientSecret: string;
  /** Application permissions granted to it (become `roles` in Graph tokens). */
  graphRoles: string[];
}

export interface IssuerOptions {
  port?: number;
  /** File that keeps the signing key across restarts. */
  keyFile?: string;
  clients?: IssuerClient[];
}

/** A running stand-in for the Entra ID v2 endpoints Northstar uses. */
export interface StandInIssuer {
  baseUrl: string;
  /** Template for the token's `iss`, as the server's config expects it. */
  issuerTemplate: string;
  jwksUrl: string;
  key: SigningKey;
  issueToken(claims: AccessTokenClaims): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts a loopback issuer serving OpenID configuration, JWKS and the client-credentials token
 * endpoint, signing tokens shaped like Entra ID v2 access tokens.
 */
export async function startIssuer(options: IssuerOptions = {}): Promise<StandInIssuer> {
  const key = await loadOrCreateSigningKey(options.keyFile);
  const clients = new Map((options.clients ?? []).map((client) => [client.clientId, client]));
  const app = express();
  app.disable('x-powered-by');
  let baseUrl = '';

  app.get('/common/discovery/v2.0/keys', (_req, res) => {
    res.set('cache-control', 'public, max-age=3600').json({ keys: [key.publicJwk] });
  });
  app.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const tenant = req.params.tenant;
    res.json({
      issuer: issuerFor(baseUrl, tenant),
      token_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/token`,
      authorization_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/authorize`,
      jwks_uri: `${baseUrl}/common/discovery/v2.0/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      response_types_supported: ['code', 'id_token', 'token id_token'],
      subject_types_supported: ['pairwise'],
    });
  });
  app.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const client = body.client_id ? clients.get(body.client_id) : undefined;
    if (body.grant_type !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported here.' });
      return;
    }
    if (!client || client.clientSecret !== body.client_secret) {
      res.status(401).json({ error: 'invalid_client', error_description: 'Unknown client or wrong secret.' });
      return;
    }
    if (body.scope !== `${GRAPH_AUDIENCE}/.default`) {
      res.status(400).json({ error: 'invalid_scope', error_description: `Only ${GRAPH_AUDIENCE}/.default is supported.` });
      return;
    }
    const expiresIn = 3600;
    const accessToken = await signAccessToken(key, baseUrl, {
      tenantId: req.params.tenant,
      objectId: client.clientId,
      audience: GRAPH_AUDIENCE,
      roles: client.graphRoles,
      clientAppId: client.clientId,
      expiresInSeconds: expiresIn,
    });
    res.json({
      token_type: 'Bearer',
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: accessToken,
      correlation_id: randomUUID(),
    });
  });

  const server = app.listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    issuerTemplate: `${baseUrl}/{tenantid}/v2.0`,
    jwksUrl: `${baseUrl}/common/discovery/v2.0/keys`,
    key,
    issueToken: (claims) => signAccessToken(key, baseUrl, claims),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
