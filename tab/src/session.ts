import type { Me } from '@northstar/server/contract';
import { createApiClient, createNaaTokenProvider, fetchClientConfig } from './client';
import { connectToHost, type TabHost } from './host/teamsHost';

let hostConnection: Promise<TabHost> | undefined;

/** The host connection, made once per page load (React may mount twice in development). */
export function getHost(): Promise<TabHost> {
  return (hostConnection ??= connectToHost());
}

/** Signs the user in through the host and loads who they are. */
export async function loadSignedInUser(): Promise<Me> {
  const config = await fetchClientConfig();
  const tokens = createNaaTokenProvider({
    clientId: config.entraClientId,
    authority: config.authority,
    scopes: [config.apiScope],
  });
  return createApiClient(tokens).getMe();
}
