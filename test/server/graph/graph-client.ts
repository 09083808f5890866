import { Client } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';
import type { GraphStandIn } from '../../../server/dev/graph/server.js';

/** An unsigned JWT carrying `tid` (the stand-in reads it when no verifier is configured). */
export function unsignedToken(tenantId: string, extra: Record<string, unknown> = {}): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ tid: tenantId, ...extra })}.`;
}

/** An undici dispatcher that trusts the stand-in's self-signed certificate. */
export function trustingDispatcher(standIn: GraphStandIn): Agent {
  return new Agent({ connect: { ca: standIn.caPem } });
}

/**
 * A real Graph SDK client pointed at the stand-in, configured the way production code is:
 * origin as `baseUrl`, `defaultVersion` v1.0, the bare host in `customHosts`, and an undici
 * dispatcher trusting the stand-in's certificate passed through `fetchOptions`.
 */
export function standInClient(standIn: GraphStandIn, tenantId: string, dispatcher: Agent): Client {
  return Client.initWithMiddleware({
    baseUrl: standIn.origin,
    defaultVersion: 'v1.0',
    customHosts: new Set([new URL(standIn.origin).hostname]),
    fetchOptions: { dispatcher } as RequestInit,
    authProvider: { getAccessToken: async () => unsignedToken(tenantId) },
  });
}
