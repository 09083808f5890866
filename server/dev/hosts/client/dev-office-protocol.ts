/*
 * The private channel between /dev/office.js (inside the task pane frame) and the /dev/outlook
 * page that plays Outlook. Requests: `{channel, kind: "request", id, method, params}`;
 * answers: `{channel, kind: "response", id, ok, result | error}`.
 */

export const DEV_OFFICE_CHANNEL = 'northstar-dev-office';

/** A recipient as Office.js reports it. */
export interface RecipientDetails {
  displayName: string;
  emailAddress: string;
  recipientType: 'user' | 'externalUser' | 'other';
}

/** A recipient as an add-in may pass it to `setAsync`/`addAsync`. */
export type RecipientInput = string | { displayName?: string; emailAddress: string };

export type RecipientField = 'to' | 'cc' | 'bcc';
export type BodyFormat = 'html' | 'text';

/** What the compose window tells the task pane at start. */
export interface DevOfficeHello {
  user: { displayName: string; emailAddress: string };
  /** Requirement sets and their highest supported version. */
  requirementSets: Record<string, string>;
  /** `read` plays a received message (`/dev/outlook?mode=read`); compose otherwise. */
  mode?: 'compose' | 'read';
}

/** Method name → [parameters, result]. */
export interface DevOfficeMethods {
  hello: [[], DevOfficeHello];
  'subject.get': [[], string];
  'subject.set': [[string], void];
  'recipients.get': [[RecipientField], RecipientDetails[]];
  'recipients.set': [[RecipientField, RecipientInput[]], void];
  'recipients.add': [[RecipientField, RecipientInput[]], void];
  'body.getType': [[], BodyFormat];
  'body.get': [[BodyFormat], string];
  'body.set': [[string, BodyFormat], void];
  'customProperties.load': [[], Record<string, unknown>];
  'customProperties.save': [[Record<string, unknown>], void];
  naa: [[string], string];
  /** `OfficeRuntime.auth.getAccessToken` (Office SSO), as event runtimes use it: an access token for our API. */
  'auth.token': [[], string];
}

export type DevOfficeMethod = keyof DevOfficeMethods;

export interface DevOfficeRequest {
  channel: typeof DEV_OFFICE_CHANNEL;
  kind: 'request';
  id: number;
  method: DevOfficeMethod;
  params: unknown[];
}

export interface DevOfficeResponse {
  channel: typeof DEV_OFFICE_CHANNEL;
  kind: 'response';
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { name: string; message: string };
}

/** Narrows a posted message to a channel message of `kind`. */
export function isChannelMessage<K extends 'request' | 'response'>(
  value: unknown,
  kind: K,
): value is K extends 'request' ? DevOfficeRequest : DevOfficeResponse {
  const candidate = value as { channel?: unknown; kind?: unknown; id?: unknown } | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.channel === DEV_OFFICE_CHANNEL &&
    candidate.kind === kind &&
    typeof candidate.id === 'number'
  );
}

/** The host asks the event runtime frame to run a handler (e.g. `OnMessageSend`). */
export interface DevOfficeEventDispatch {
  channel: typeof DEV_OFFICE_CHANNEL;
  kind: 'event';
  id: number;
  /** Manifest action id the handler was associated with. */
  actionId: string;
  /** Office event type, e.g. `OnMessageSend`. */
  type: string;
}

/** The event runtime reports `event.completed(options)` (or that no handler answered). */
export interface DevOfficeEventCompleted {
  channel: typeof DEV_OFFICE_CHANNEL;
  kind: 'eventCompleted';
  id: number;
  options: Record<string, unknown>;
}

/** Narrows a posted message to an event dispatch or completion. */
export function isEventMessage<K extends 'event' | 'eventCompleted'>(
  value: unknown,
  kind: K,
): value is K extends 'event' ? DevOfficeEventDispatch : DevOfficeEventCompleted {
  const candidate = value as { channel?: unknown; kind?: unknown; id?: unknown } | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.channel === DEV_OFFICE_CHANNEL &&
    candidate.kind === kind &&
    typeof candidate.id === 'number'
  );
}
