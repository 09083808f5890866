import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Principal } from '../auth/principal.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { AppError } from './errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` once the bearer token is verified. */
    principal?: Principal;
  }
}

/** Checks that the caller's tenant has been onboarded. */
export type TenantGate = (tenantId: string) => Promise<boolean>;

/** Verifies the bearer token, checks the tenant is onboarded, and sets `req.principal`. */
export function authenticate(verify: TokenVerifier, isTenantOnboarded: TenantGate): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const match = header ? /^Bearer ([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.?[A-Za-z0-9\-_.+/=]*)$/.exec(header) : null;
    if (!match?.[1]) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw new AppError(header ? 'invalid_token' : 'unauthorized', header ? 'The Authorization header is not a bearer token.' : undefined);
    }
    const principal = await verify(match[1]);
    if (!(await isTenantOnboarded(principal.tenantId))) throw new AppError('tenant_not_onboarded');
    req.principal = principal;
    next();
  };
}

/** The verified caller of a request that passed `authenticate`. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new AppError('unauthorized');
  return req.principal;
}
