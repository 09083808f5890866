import type { Me } from '@northstar/server/contract';
import { createApiClient, createNaaTokenProvider, fetchClientConfig } from '@northstar/tab/client';

/** Signs the user in through the Office host (nested app authentication) and loads who they are. */
export async function loadSignedInUser(): Promise<Me> {
  const config = await fetchClientConfig();
  const tokens = createNaaTokenProvider({
    clientId: config.entraClientId,
    authority: config.authority,
    scopes: [config.apiScope],
  });
  return createApiClient(tokens).getMe();
}
