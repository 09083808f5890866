import { decodeJwt } from 'jose';

/** A person of the demo organization, as the dev host pickers list them. */
export interface DemoUser {
  upn: string;
  name: string;
  roles: string[];
  managerUpn: string | null;
}

/** The account fields a host reports to MSAL (mirrors msal-browser's NAA `AccountInfo`). */
export interface DevHostAccount {
  homeAccountId: string;
  environment: string;
  tenantId: string;
  localAccountId: string;
  username: string;
  name: string;
}

/** What a dev host page needs to play the host's part for one user. */
export interface DevHostSession {
  accessToken: string;
  /** An unsigned (alg "none") ID token: hosts hand one to MSAL, which only reads its claims. */
  idToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  scope: string;
  account: DevHostAccount;
}

function base64UrlJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function stringClaim(claims: Record<string, unknown>, name: string): string {
  const value = claims[name];
  if (typeof value !== 'string' || value === '') throw new Error(`The issued token has no "${name}" claim`);
  return value;
}

/** Derives the host's view (account, ID token) from an access token issued for `user`. */
export function describeSession(accessToken: string, user: DemoUser, nowSeconds = Math.floor(Date.now() / 1000)): DevHostSession {
  const claims = decodeJwt(accessToken) as Record<string, unknown>;
  const tenantId = stringClaim(claims, 'tid');
  const objectId = stringClaim(claims, 'oid');
  const issuer = stringClaim(claims, 'iss');
  const expiresAt = typeof claims.exp === 'number' ? claims.exp : nowSeconds + 3600;
  const audience = typeof claims.aud === 'string' ? claims.aud : stringClaim(claims, 'azp');
  const scope = typeof claims.scp === 'string' ? claims.scp : '';
  const idToken = [
    base64UrlJson({ alg: 'none', typ: 'JWT' }),
    base64UrlJson({
      ver: '2.0',
      iss: issuer,
      aud: audience,
      sub: objectId,
      oid: objectId,
      tid: tenantId,
      name: user.name,
      preferred_username: user.upn,
      iat: nowSeconds,
      nbf: nowSeconds,
      exp: expiresAt,
    }),
    '',
  ].join('.');
  return {
    accessToken,
    idToken,
    expiresIn: Math.max(0, expiresAt - nowSeconds),
    scope,
    account: {
      homeAccountId: `${objectId}.${tenantId}`,
      environment: new URL(issuer).host,
      tenantId,
      localAccountId: objectId,
      username: user.upn,
      name: user.name,
    },
  };
}
