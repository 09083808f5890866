import { readFileSync } from 'node:fs';
import { Client } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';
import type { GraphTokenProvider } from './token-provider.js';

/** Where Graph is and how to trust it. */
export interface GraphClientOptions {
  /** Base URL including the version, e.g. `https://graph.microsoft.com/v1.0`. */
  baseUrl: string;
  /** Optional PEM file of an extra certificate authority. */
  caFile?: string;
  tokenProvider: GraphTokenProvider;
}

/** Creates Graph clients per tenant over one shared connection pool. */
export function createGraphClientFactory(options: GraphClientOptions): (tenantId: string) => Client {
  const url = new URL(options.baseUrl);
  const version = url.pathname.replace(/^\/|\/$/g, '') || 'v1.0';
  const origin = `${url.origin}/`;
  const dispatcher = options.caFile ? new Agent({ connect: { ca: readFileSync(options.caFile, 'utf8') } }) : undefined;
  const customHosts = url.hostname === 'graph.microsoft.com' ? undefined : new Set([url.hostname]);

  return (tenantId) =>
    Client.initWithMiddleware({
      baseUrl: origin,
      defaultVersion: version,
      ...(customHosts ? { customHosts } : {}),
      ...(dispatcher ? { fetchOptions: { dispatcher } as RequestInit } : {}),
      authProvider: { getAccessToken: () => options.tokenProvider.getToken(tenantId) },
    });
}
