import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from './keys.js';

/** The claims of an Entra v2 access token that Northstar reads. */
export interface AccessTokenClaims {
  tenantId: string;
  /** Object id of the user, or of the app for app-only tokens. */
  objectId: string;
  audience: string;
  /** Delegated scopes (`scp`); omit for an app-only token. */
  scopes?: string[];
  /** App roles (`roles`). */
  roles?: string[];
  name?: string;
  upn?: string;
  /** Client id of the app that asked for the token (`azp`). */
  clientAppId: string;
  expiresInSeconds?: number;
  /** Overrides `iat`/`nbf` (seconds since epoch), for expiry tests. */
  issuedAt?: number;
}

/** Builds the issuer URL for a tenant from the issuer's base URL, as Entra v2 does. */
export function issuerFor(baseUrl: string, tenantId: string): string {
  return `${baseUrl.replace(/\/$/, '')}/${tenantId}/v2.0`;
}

/** Signs an access token shaped like an Entra ID v2 access token. */
export async function signAccessToken(key: SigningKey, baseUrl: string, claims: AccessTokenClaims): Promise<string> {
  const issuedAt = claims.issuedAt ?? Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    tid: claims.tenantId,
    oid: claims.objectId,
    sub: claims.objectId,
    azp: claims.clientAppId,
    azpacr: '0',
    ver: '2.0',
    uti: randomUUID().replace(/-/g, '').slice(0, 22),
  };
  if (claims.scopes) payload.scp = claims.scopes.join(' ');
  if (claims.roles && claims.roles.length > 0) payload.roles = claims.roles;
  if (claims.name) payload.name = claims.name;
  if (claims.upn) payload.preferred_username = claims.upn;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
    .setIssuer(issuerFor(baseUrl, claims.tenantId))
    .setAudience(claims.audience)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + (claims.expiresInSeconds ?? 3600))
    .sign(key.privateKey);
}
