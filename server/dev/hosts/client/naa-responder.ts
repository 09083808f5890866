import type { DevHostSession } from './host-session.js';

/*
 * The host side of msal-browser's nested app authentication bridge: requests arrive as JSON
 * strings `{messageType: "NestedAppAuthRequest", method, requestId, tokenParams}`, answers go
 * back as `{messageType: "NestedAppAuthResponse", requestId, success, ...}`.
 */

interface NaaRequest {
  messageType: 'NestedAppAuthRequest';
  method: string;
  requestId: string;
  tokenParams?: { scope?: string; clientId?: string };
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

function isNaaRequest(value: unknown): value is NaaRequest {
  const candidate = value as Partial<NaaRequest> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.messageType === 'NestedAppAuthRequest' &&
    typeof candidate.method === 'string' &&
    typeof candidate.requestId === 'string'
  );
}

/** Only our API's scopes (and the OIDC ones) can be served: the stand-in issuer mints nothing else. */
function unservableScopes(requested: string, session: DevHostSession): string[] {
  const granted = session.scope.split(' ').filter(Boolean);
  return requested
    .split(' ')
    .filter(Boolean)
    .filter((scope) => !OIDC_SCOPES.has(scope) && !granted.some((name) => scope.endsWith(`/${name}`)));
}

function failure(requestId: string, status: string, code: string, description: string): object {
  return { messageType: 'NestedAppAuthResponse', requestId, success: false, error: { status, code, description } };
}

/** Parses one bridge request; undefined when it is not one. */
export function parseNaaRequest(json: string): NaaRequest | undefined {
  try {
    const parsed: unknown = JSON.parse(json);
    return isNaaRequest(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Answers a bridge request with the session of the picked user; returns the response JSON. */
export async function answerNaaRequest(request: NaaRequest, loadSession: () => Promise<DevHostSession>): Promise<string> {
  let response: object;
  try {
    const session = await loadSession();
    const { account } = session;
    switch (request.method) {
      case 'GetInitContext':
        response = {
          messageType: 'NestedAppAuthResponse',
          requestId: request.requestId,
          success: true,
          initContext: {
            sdkName: 'northstar-dev-host',
            sdkVersion: '1.0.0',
            capabilities: { queryAccount: false },
            accountContext: { homeAccountId: account.homeAccountId, environment: account.environment, tenantId: account.tenantId },
          },
        };
        break;
      case 'GetToken':
      case 'GetTokenPopup': {
        const scope = request.tokenParams?.scope ?? '';
        const rejected = unservableScopes(scope, session);
        response =
          rejected.length > 0
            ? failure(request.requestId, 'PERSISTENT_ERROR', 'invalid_scope', `The dev host cannot issue tokens for ${rejected.join(', ')}`)
            : {
                messageType: 'NestedAppAuthResponse',
                requestId: request.requestId,
                success: true,
                token: {
                  access_token: session.accessToken,
                  id_token: session.idToken,
                  expires_in: session.expiresIn,
                  scope,
                  properties: null,
                },
                account,
              };
        break;
      }
      default:
        response = failure(request.requestId, 'PERSISTENT_ERROR', 'unsupported_method', `Unknown bridge method ${request.method}`);
    }
  } catch (error) {
    response = failure(request.requestId, 'TRANSIENT_ERROR', 'host_error', error instanceof Error ? error.message : String(error));
  }
  return JSON.stringify(response);
}
