import { randomUUID } from 'node:crypto';
import type { StoredUser } from './store.js';

/** A response inside the stand-in, before it becomes HTTP or a `$batch` item. */
export interface InnerResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Content type Graph uses for JSON payloads. */
export const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** A Graph-shaped error: `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`. */
export function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): InnerResponse {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'Content-Type': GRAPH_JSON, ...headers },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          'request-id': requestId,
          'client-request-id': requestId,
        },
      },
    },
  };
}

/** A 200 JSON answer. */
export function ok(body: unknown, headers: Record<string, string> = {}): InnerResponse {
  return { status: 200, headers: { 'Content-Type': GRAPH_JSON, ...headers }, body };
}

/** Properties Graph returns for a user when no `$select` is given (v1.0 default set). */
export const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

const SELECTABLE = new Map<string, string>(
  [...DEFAULT_USER_PROPERTIES, 'department', 'employeeHireDate', 'accountEnabled'].map((name) => [name.toLowerCase(), name]),
);

/** Result of reading `$select`: canonical property names (id always included) and whether `manager` was asked for. */
export interface Selection {
  properties: string[];
  /** True when `$select` named the `manager` navigation property (only valid on delta). */
  manager: boolean;
  /** Whether the caller gave `$select` at all (affects `@odata.context`). */
  explicit: boolean;
}

/** Parses `$select`; returns an error message for unknown properties. */
export function parseSelect(raw: string | null, allowManager: boolean): Selection | { error: string } {
  if (raw === null) return { properties: [...DEFAULT_USER_PROPERTIES], manager: false, explicit: false };
  const properties: string[] = [];
  let manager = false;
  for (const part of raw.split(',')) {
    const name = part.trim();
    if (name === '') continue;
    if (name.toLowerCase() === 'manager') {
      if (!allowManager) return { error: `Property 'manager' is a navigation property; $select on it is supported only on delta.` };
      manager = true;
      continue;
    }
    const canonical = SELECTABLE.get(name.toLowerCase());
    if (!canonical) return { error: `Could not find a property named '${name}' on type 'microsoft.graph.user'.` };
    if (!properties.includes(canonical)) properties.push(canonical);
  }
  if (!properties.includes('id')) properties.push('id');
  return { properties, manager, explicit: true };
}

/** The selected Graph properties of a stored user. */
export function projectUser(user: StoredUser, properties: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of properties) {
    switch (name) {
      case 'businessPhones':
        out[name] = [];
        break;
      case 'mobilePhone':
      case 'officeLocation':
      case 'preferredLanguage':
        out[name] = null;
        break;
      default:
        out[name] = user[name as keyof StoredUser] ?? null;
    }
  }
  return out;
}

/** `manager@delta` entry pointing at a manager, optionally marked as removed. */
export function managerReference(id: string, removed: boolean): Record<string, unknown> {
  return removed
    ? { '@odata.type': '#microsoft.graph.user', id, '@removed': { reason: 'deleted' } }
    : { '@odata.type': '#microsoft.graph.user', id };
}
