import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { AppError } from '../http/errors.js';
import { SettingsRepo } from '../settings/settings.repo.js';
import { NO_ROLE_GROUPS, type Principal, type RoleGroups } from './principal.js';

/** What the verifier needs to know about the trusted issuer and our API. */
export interface TokenVerifierOptions {
  jwksUrl: string;
  /** Issuer template with `{tenantid}`, e.g. `https://login.microsoftonline.com/{tenantid}/v2.0`. */
  issuerTemplate: string;
  /** Our client id: the expected `aud`. */
  audience: string;
  /** Delegated scope required in `scp` (user tokens). */
  requiredScope: string;
  clockSkewSeconds: number;
  /** The tenant's configured role groups; asked only for tokens that carry groups (default: the tenant settings). */
  roleGroupsOf?: (tenantId: string) => Promise<RoleGroups>;
}

/** Verifies a bearer token and turns it into a principal, or throws `invalid_token`. */
export type TokenVerifier = (token: string) => Promise<Principal>;

const entraClaimsSchema = z.object({
  tid: z.string().min(1),
  oid: z.string().min(1),
  scp: z.string().optional(),
  roles: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  ver: z.literal('2.0').optional(),
});

/** A verified token is remembered this long at most (and never past its `exp`), so repeated requests skip the signature check. */
const VERIFIED_CACHE_MS = 5 * 60_000;
/** Verified tokens remembered at once; beyond this the oldest are dropped. */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Creates a verifier with a cached remote JWKS (keys are fetched once and on unknown `kid` only). A token that
 * verified is remembered by its exact text until it expires (at most five minutes): the RSA check is the
 * largest cost of an authenticated request. The tenant's role groups are still asked on every request.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const settings = new SettingsRepo();
  const roleGroupsOf = options.roleGroupsOf ?? ((tenantId: string) => settings.roleGroups(tenantId));
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 24 * 3600_000 });

  const verified = new Map<string, { until: number; principal: Omit<Principal, 'roleGroups'> }>();
  const withRoleGroups = async (principal: Omit<Principal, 'roleGroups'>): Promise<Principal> => ({
    ...principal,
    appRoles: [...principal.appRoles],
    groups: [...principal.groups],
    scopes: [...principal.scopes],
    roleGroups: principal.groups.length > 0 ? await roleGroupsOf(principal.tenantId) : NO_ROLE_GROUPS,
  });

  return async (token) => {
    const known = verified.get(token);
    if (known && Date.now() < known.until) return withRoleGroups(known.principal);
    if (known) verified.delete(token);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        algorithms: ['RS256'],
        audience: options.audience,
        clockTolerance: options.clockSkewSeconds,
        requiredClaims: ['exp', 'iss', 'tid', 'oid'],
      }));
    } catch (error) {
      throw toAppError(error);
    }
    const claims = entraClaimsSchema.safeParse(payload);
    if (!claims.success) throw new AppError('invalid_token', 'The token lacks the Entra claims tid and oid.');
    const { tid, oid, scp, roles = [], groups = [], name, preferred_username: upn } = claims.data;

    const expectedIssuer = options.issuerTemplate.replace('{tenantid}', tid);
    if (payload.iss !== expectedIssuer)
      throw new AppError('invalid_token', 'The token was not issued for its tenant by the trusted issuer.');

    const scopes = scp ? scp.split(' ').filter(Boolean) : [];
    const appOnly = scp === undefined;
    if (!appOnly && !scopes.includes(options.requiredScope)) {
      throw new AppError('invalid_token', `The token lacks the scope ${options.requiredScope}.`);
    }
    if (appOnly && roles.length === 0) throw new AppError('invalid_token', 'An app-only token must carry roles.');

    const principal = { tenantId: tid, userId: oid, upn: upn ?? '', name: name ?? upn ?? '', appRoles: roles, groups, scopes, appOnly };
    const until = Math.min(Date.now() + VERIFIED_CACHE_MS, (payload.exp ?? 0) * 1000);
    if (until > Date.now()) {
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
      verified.set(token, { until, principal });
    }
    return withRoleGroups(principal);
  };
}

function toAppError(error: unknown): AppError {
  if (error instanceof joseErrors.JWTExpired) return new AppError('invalid_token', 'The token has expired.');
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return new AppError('invalid_token', `The token's ${error.claim} claim is not accepted.`);
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return new AppError('invalid_token', 'The token signature is not valid.');
  if (error instanceof joseErrors.JWKSNoMatchingKey) return new AppError('invalid_token', 'The token was signed with an unknown key.');
  if (error instanceof joseErrors.JWKSTimeout) return new AppError('upstream_unavailable', 'The identity provider did not answer in time.');
  if (error instanceof joseErrors.JOSEError) return new AppError('invalid_token', 'The token could not be verified.');
  return new AppError('upstream_unavailable', 'The identity provider could not be reached.');
}
