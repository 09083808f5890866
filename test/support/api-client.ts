import type { GraphUser } from '../../server/dev/org/types.js';
import type { TestStack } from './stack.js';

/** An API answer: status, parsed JSON body (null when not JSON), raw text and content type. */
export interface Reply<T> {
  status: number;
  body: T;
  text: string;
  type: string;
}

/** Calls `/api<path>` as a demo person (their token is minted once), with a raw token, or with none (`null`). */
export type ApiCall = <T = Record<string, unknown>>(
  method: string,
  path: string,
  as: GraphUser | string | null,
  body?: unknown,
) => Promise<Reply<T>>;

/** An {@link ApiCall} against the stack `stackOf()` returns (the stack is usually made in `beforeAll`). */
export function apiCaller(stackOf: () => TestStack): ApiCall {
  const tokens = new Map<string, string>();
  return async <T>(method: string, path: string, as: GraphUser | string | null, body?: unknown): Promise<Reply<T>> => {
    const stack = stackOf();
    const headers: Record<string, string> = {};
    if (as !== null) {
      let token = typeof as === 'string' ? as : tokens.get(as.id);
      if (!token && typeof as !== 'string') {
        token = await stack.tokenFor(as.userPrincipalName);
        tokens.set(as.id, token);
      }
      headers.authorization = `Bearer ${token}`;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${stack.baseUrl}/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: (text && type.includes('json') ? JSON.parse(text) : null) as T, text, type };
  };
}
