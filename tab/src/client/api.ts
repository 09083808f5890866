import type { ClientConfig, Me, Problem } from '@northstar/server/contract';
import { ApiError } from './api-error';
import { createNaaTokenProvider } from './naa-token-provider';
import type { TokenProvider } from './token-provider';

export { ApiError } from './api-error';

/** Typed access to the Northstar API for a signed-in user. */
export interface ApiClient {
  getMe(): Promise<Me>;
}

async function readJson<T>(response: Response): Promise<T> {
  if (response.ok) return (await response.json()) as T;
  const isProblem = response.headers.get('content-type')?.includes('json') ?? false;
  const problem = isProblem ? ((await response.json().catch(() => undefined)) as Partial<Problem> | undefined) : undefined;
  throw new ApiError(response.status, problem);
}

/** Loads the public client configuration (`GET /api/config`, no sign-in needed). */
export async function fetchClientConfig(baseUrl = ''): Promise<ClientConfig> {
  return readJson<ClientConfig>(await fetch(`${baseUrl}/api/config`, { headers: { accept: 'application/json' } }));
}

/** Creates an API client that sends a bearer token from `tokens` with every request. */
export function createApiClient(tokens: TokenProvider, baseUrl = ''): ApiClient {
  async function get<T>(path: string): Promise<T> {
    const token = await tokens.getAccessToken();
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
    return readJson<T>(response);
  }
  return {
    getMe: () => get<Me>('/api/me'),
  };
}

/** Signs in through the host (nested app authentication) with the server's client configuration and loads who the user is. */
export async function loadSignedInUser(baseUrl = ''): Promise<Me> {
  const config = await fetchClientConfig(baseUrl);
  const tokens = createNaaTokenProvider({
    clientId: config.entraClientId,
    authority: config.authority,
    scopes: [config.apiScope],
  });
  return createApiClient(tokens, baseUrl).getMe();
}
