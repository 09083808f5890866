import { randomBytes, randomUUID } from 'node:crypto';
import { graphError, ok, type InnerResponse } from './shapes.js';
import type { StoredUser } from './store.js';

/** An address as Graph shows it in `from` and `toRecipients`. */
export interface MailAddress {
  name: string;
  address: string;
}

/** What a test or the dev Outlook host hands over as a sent message. */
export interface SentMessageSpec {
  subject: string;
  /** HTML or plain text, as `bodyType` says. */
  body?: string;
  bodyType?: 'html' | 'text';
  to?: readonly MailAddress[];
  cc?: readonly MailAddress[];
  /** The sender's add-in custom properties: add-in id (the manifest's id) → name → value, as Exchange stores them. */
  customProperties?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** When it was sent; now when absent. */
  sentDateTime?: Date;
}

/** A message of a mailbox's Sent Items. */
export interface StoredMessage {
  id: string;
  subject: string;
  body: { contentType: 'html' | 'text'; content: string };
  from: MailAddress;
  toRecipients: MailAddress[];
  ccRecipients: MailAddress[];
  sentDateTime: string;
  /** MAPI named properties as Graph names them (`String {guid} Name …`) → value. */
  extendedProperties: Record<string, string>;
}

/** Sent Items of the tenants' mailboxes. */
export interface MailControls {
  /** Puts a message into the sender's Sent Items as Exchange does on send; throws for an unknown sender. */
  deliverSent(tenantId: string, senderIdOrUpn: string, spec: SentMessageSpec): StoredMessage;
  /** The sender's Sent Items, oldest first. */
  sentItems(tenantId: string, userIdOrUpn: string): readonly StoredMessage[];
  /** Makes the tenant's next `count` Sent Items reads answer `status` (e.g. 500, or 429 with Retry-After). */
  failNextReads(tenantId: string, count: number, status: 429 | 500 | 503): void;
  /** Every accepted `POST /users/{id}/sendMail`, oldest first (all tenants when `tenantId` is absent). */
  sentMails(tenantId?: string): readonly SendMailRecord[];
  /** Makes the tenant's next `count` sendMail requests answer `status` (403: the app lacks `Mail.Send` for the mailbox). */
  refuseSendMail(tenantId: string, count: number, status?: 403 | 429 | 500): void;
  /** Forgets the recorded sendMail requests (Sent Items stay). */
  clearSentMails(): void;
}

/** A `POST /users/{id}/sendMail` the stand-in accepted (202). */
export interface SendMailRecord {
  at: number;
  tenantId: string;
  /** Object id of the mailbox owner the mail was sent from. */
  senderId: string;
  /** The `request-id` the stand-in answered with. */
  requestId: string;
  clientRequestId: string | null;
  /** The request body as received: `{ message: { subject, body, toRecipients, … }, saveToSentItems }`. */
  body: { message: SendMailMessage; saveToSentItems?: boolean };
}

/** The `message` of a sendMail request, as far as the stand-in checks it. */
export interface SendMailMessage {
  subject: string;
  body: { contentType: string; content: string };
  toRecipients: Array<{ emailAddress: { address: string; name?: string } }>;
  ccRecipients?: Array<{ emailAddress: { address: string; name?: string } }>;
}

interface MailRequest {
  method: string;
  segments: string[];
  query: URLSearchParams;
  tenantId: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** PS_PUBLIC_STRINGS, where Exchange keeps an add-in's custom properties as `cecp-<add-in id>`. */
const PUBLIC_STRINGS = '{00020329-0000-0000-C000-000000000046}';
const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;
const SUPPORTED_QUERY = new Set(['$filter', '$select', '$expand', '$top', '$skip', '$orderby']);
const SELECTABLE = new Set(['id', 'subject', 'sentDateTime', 'from', 'toRecipients', 'ccRecipients', 'body']);
const SENT_FILTER = /^sentDateTime\s+ge\s+(\S+)$/i;
const EXPAND = /^singleValueExtendedProperties\(\$filter=id eq '([^']+)'\)$/i;

/** The Graph name of an add-in's custom-properties property. */
function customPropertiesName(addInId: string): string {
  return `String ${PUBLIC_STRINGS} Name cecp-${addInId.toLowerCase().replace(/[{}]/g, '')}`;
}

/** `GET /users/{id}/mailFolders/sentitems/messages` (also `mailFolders('SentItems')`) with Graph's shapes, `$filter` on sentDateTime, `$top`, `$skip` and `@odata.nextLink`. */
export class MailStandIn implements MailControls {
  private readonly mailboxes = new Map<string, StoredMessage[]>();
  private readonly failures = new Map<string, { count: number; status: number }>();
  private readonly sendRefusals = new Map<string, { count: number; status: number }>();
  private readonly sent: SendMailRecord[] = [];

  constructor(
    private readonly findUser: (tenantId: string, idOrUpn: string) => StoredUser | undefined,
    private readonly baseUrl: () => string,
  ) {}

  deliverSent(tenantId: string, senderIdOrUpn: string, spec: SentMessageSpec): StoredMessage {
    const sender = this.findUser(tenantId, senderIdOrUpn);
    if (!sender) throw new Error(`no user ${senderIdOrUpn} in tenant ${tenantId}`);
    const extendedProperties: Record<string, string> = {};
    for (const [addInId, values] of Object.entries(spec.customProperties ?? {})) {
      if (Object.keys(values).length > 0) extendedProperties[customPropertiesName(addInId)] = JSON.stringify(values);
    }
    const message: StoredMessage = {
      id: `AAMkA${randomBytes(36).toString('base64url')}=`,
      subject: spec.subject,
      body: { contentType: spec.bodyType ?? 'html', content: spec.body ?? '' },
      from: { name: sender.displayName ?? '', address: sender.mail ?? sender.userPrincipalName },
      toRecipients: (spec.to ?? []).map((recipient) => ({ ...recipient })),
      ccRecipients: (spec.cc ?? []).map((recipient) => ({ ...recipient })),
      sentDateTime: (spec.sentDateTime ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      extendedProperties,
    };
    const key = this.key(tenantId, sender.id);
    this.mailboxes.set(key, [...(this.mailboxes.get(key) ?? []), message]);
    return message;
  }

  sentItems(tenantId: string, userIdOrUpn: string): readonly StoredMessage[] {
    const user = this.findUser(tenantId, userIdOrUpn);
    return user ? (this.mailboxes.get(this.key(tenantId, user.id)) ?? []) : [];
  }

  failNextReads(tenantId: string, count: number, status: 429 | 500 | 503): void {
    this.failures.set(tenantId.toLowerCase(), { count, status });
  }

  sentMails(tenantId?: string): readonly SendMailRecord[] {
    return tenantId === undefined ? [...this.sent] : this.sent.filter((record) => record.tenantId.toLowerCase() === tenantId.toLowerCase());
  }

  clearSentMails(): void {
    this.sent.length = 0;
  }

  refuseSendMail(tenantId: string, count: number, status: 403 | 429 | 500 = 403): void {
    this.sendRefusals.set(tenantId.toLowerCase(), { count, status });
  }

  /** True for the paths this part of the stand-in answers (segments after `/v1.0`, URL-decoded). */
  handles(segments: readonly string[]): boolean {
    if (segments[0] === 'users' && segments.length === 3 && segments[2]!.toLowerCase() === 'sendmail') return true;
    if (segments[0] !== 'users' || segments[segments.length - 1] !== 'messages') return false;
    if (segments.length === 5) return segments[2]!.toLowerCase() === 'mailfolders';
    return segments.length === 4 && /^mailFolders\('[^']*'\)$/i.test(segments[2]!);
  }

  /** Answers a Sent Items read or a sendMail. */
  handle(request: MailRequest): InnerResponse {
    if (request.segments.length === 3) return this.sendMail(request);
    const [, userId = '', folderSegment = ''] = request.segments;
    const folder = request.segments.length === 5 ? request.segments[3]! : /\('([^']*)'\)/.exec(folderSegment)![1]!;
    if (request.method !== 'GET') {
      return graphError(405, 'ErrorInvalidRequest', `The OData request is not supported (method ${request.method}).`);
    }
    const failure = this.failures.get(request.tenantId.toLowerCase());
    if (failure && failure.count > 0) {
      failure.count -= 1;
      return failure.status === 429
        ? graphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', { 'Retry-After': '1' })
        : graphError(failure.status, 'UnknownError', 'The mailbox could not be read (injected failure).');
    }
    for (const name of request.query.keys()) {
      if (!SUPPORTED_QUERY.has(name))
        return graphError(400, 'BadRequest', `The query option '${name}' is not supported here by the Graph stand-in.`);
    }
    if (folder.toLowerCase() !== 'sentitems')
      return graphError(404, 'ErrorItemNotFound', 'The specified folder could not be found in the store.');
    const user = this.findUser(request.tenantId, userId);
    if (!user) return graphError(404, 'ErrorInvalidUser', `The requested user '${userId}' is invalid.`);

    let since = Number.NEGATIVE_INFINITY;
    const filter = request.query.get('$filter');
    if (filter !== null) {
      const match = SENT_FILTER.exec(filter.trim());
      const at = match ? Date.parse(match[1]!) : Number.NaN;
      if (!Number.isFinite(at)) return graphError(400, 'BadRequest', `Invalid filter clause: ${filter}`);
      since = at;
    }
    const select = request.query.get('$select');
    const properties = select === null ? [...SELECTABLE] : select.split(',').map((name) => name.trim());
    const unknown = properties.find((name) => !SELECTABLE.has(name));
    if (unknown)
      return graphError(400, 'RequestBroker--ParseUri', `Could not find a property named '${unknown}' on type 'microsoft.graph.message'.`);
    const expand = request.query.get('$expand');
    let expandedId: string | null = null;
    if (expand !== null) {
      const match = EXPAND.exec(expand.trim());
      if (!match) return graphError(400, 'BadRequest', `Parsing OData Select and Expand failed: ${expand}`);
      expandedId = match[1]!;
    }
    const top = request.query.has('$top') ? Number(request.query.get('$top')) : DEFAULT_PAGE;
    const skip = request.query.has('$skip') ? Number(request.query.get('$skip')) : 0;
    if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE)
      return graphError(400, 'BadRequest', `Invalid $top: ${request.query.get('$top')}`);
    if (!Number.isInteger(skip) || skip < 0) return graphError(400, 'BadRequest', `Invalid $skip: ${request.query.get('$skip')}`);

    const messages = (this.mailboxes.get(this.key(request.tenantId, user.id)) ?? [])
      .filter((message) => Date.parse(message.sentDateTime) >= since)
      .sort((a, b) => b.sentDateTime.localeCompare(a.sentDateTime));
    const page = messages.slice(skip, skip + top);
    const path = `${this.baseUrl()}/users/${encodeURIComponent(userId)}/mailFolders/sentitems/messages`;
    const body: Record<string, unknown> = {
      '@odata.context': `${this.baseUrl()}/$metadata#users('${encodeURIComponent(userId)}')/mailFolders('sentitems')/messages(${properties.join(',')})`,
      value: page.map((message) => this.shape(message, properties, expandedId)),
    };
    if (skip + top < messages.length) {
      const next = new URLSearchParams(request.query);
      next.set('$top', String(top));
      next.set('$skip', String(skip + top));
      body['@odata.nextLink'] = `${path}?${next.toString()}`;
    }
    return ok(body);
  }

  /** `POST /users/{id}/sendMail`: checks the body as Graph does, records it, files a copy in Sent Items and answers 202 without a body. */
  private sendMail(request: MailRequest): InnerResponse {
    if (request.method !== 'POST')
      return graphError(405, 'ErrorInvalidRequest', `The OData request is not supported (method ${request.method}).`);
    for (const name of request.query.keys())
      return graphError(400, 'BadRequest', `The query option '${name}' is not supported here by the Graph stand-in.`);
    const user = this.findUser(request.tenantId, request.segments[1]!);
    if (!user) return graphError(404, 'ErrorInvalidUser', `The requested user '${request.segments[1]}' is invalid.`);
    const refusal = this.sendRefusals.get(request.tenantId.toLowerCase());
    if (refusal && refusal.count > 0) {
      refusal.count -= 1;
      return refusal.status === 403
        ? graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.')
        : graphError(
            refusal.status,
            refusal.status === 429 ? 'ApplicationThrottled' : 'UnknownError',
            'sendMail failed (injected failure).',
            {
              ...(refusal.status === 429 ? { 'Retry-After': '1' } : {}),
            },
          );
    }
    const body = request.body as { message?: Partial<SendMailMessage>; saveToSentItems?: unknown } | null;
    const message = body?.message;
    const recipients = (list: unknown): list is SendMailMessage['toRecipients'] =>
      Array.isArray(list) &&
      list.every((item) => typeof (item as { emailAddress?: { address?: unknown } })?.emailAddress?.address === 'string');
    if (
      !message ||
      typeof message !== 'object' ||
      typeof message.subject !== 'string' ||
      !message.body ||
      typeof message.body.content !== 'string' ||
      !/^(html|text)$/i.test(String(message.body.contentType)) ||
      !recipients(message.toRecipients) ||
      message.toRecipients.length === 0 ||
      (message.ccRecipients !== undefined && !recipients(message.ccRecipients))
    ) {
      return graphError(
        400,
        'ErrorInvalidRecipients',
        'The message needs a subject, a body { contentType, content } and at least one recipient.',
      );
    }
    if (body.saveToSentItems !== undefined && typeof body.saveToSentItems !== 'boolean')
      return graphError(400, 'BadRequest', 'saveToSentItems must be a boolean.');
    const requestId = randomUUID();
    this.sent.push({
      at: Date.now(),
      tenantId: request.tenantId,
      senderId: user.id,
      requestId,
      clientRequestId: request.headers?.['client-request-id'] ?? null,
      body: structuredClone(body) as SendMailRecord['body'],
    });
    if (body.saveToSentItems !== false) {
      const address = (item: { emailAddress: { address: string; name?: string } }) => ({
        name: item.emailAddress.name ?? '',
        address: item.emailAddress.address,
      });
      this.deliverSent(request.tenantId, user.id, {
        subject: message.subject,
        body: message.body.content,
        bodyType: message.body.contentType.toLowerCase() === 'text' ? 'text' : 'html',
        to: message.toRecipients.map(address),
        cc: (message.ccRecipients ?? []).map(address),
      });
    }
    return { status: 202, headers: { 'request-id': requestId }, body: undefined };
  }

  private shape(message: StoredMessage, properties: readonly string[], expandedId: string | null): Record<string, unknown> {
    const shaped: Record<string, unknown> = { '@odata.etag': `W/"${message.id.slice(5, 21)}"`, id: message.id };
    const fields: Record<string, unknown> = {
      subject: message.subject,
      sentDateTime: message.sentDateTime,
      body: message.body,
      from: { emailAddress: message.from },
      toRecipients: message.toRecipients.map((emailAddress) => ({ emailAddress })),
      ccRecipients: message.ccRecipients.map((emailAddress) => ({ emailAddress })),
    };
    for (const name of properties) if (name !== 'id') shaped[name] = fields[name];
    if (expandedId !== null) {
      const found = Object.entries(message.extendedProperties).find(([id]) => id.toLowerCase() === expandedId.toLowerCase());
      // Graph leaves the navigation property out when the message does not have the property.
      if (found) shaped.singleValueExtendedProperties = [{ id: found[0], value: found[1] }];
    }
    return shaped;
  }

  private key(tenantId: string, userId: string): string {
    return `${tenantId.toLowerCase()}|${userId}`;
  }
}
