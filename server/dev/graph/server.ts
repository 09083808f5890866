import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate as generateCertificate } from 'selfsigned';
import type { GraphUser } from '../org/types.js';
import { CalendarStandIn, type CalendarControls } from './calendar.js';
import { ChannelStandIn, type ChannelControls } from './channels.js';
import { ChatStandIn, type ChatControls } from './chats.js';
import { MailStandIn, type MailControls } from './mail.js';
import { graphError, managerReference, ok, parseSelect, projectUser, type InnerResponse, type Selection } from './shapes.js';
import { TenantDirectory, type DeltaChange, type OrgChange, type StoredUser } from './store.js';
import { CursorCodec, type PageCursor } from './tokens.js';

export type { OrgChange } from './store.js';
export type { AutomaticRepliesSpec, EventSpec, SeriesSpec, ShowAs } from './calendar.js';
export type { ChatMemberSpec, MeetingChatSpec, StoredChat } from './chats.js';
export type { StoredChannelMessage, StoredTeam, TeamActivityRecord, TeamSpec } from './channels.js';
export type { MailAddress, SendMailRecord, SentMessageSpec, StoredMessage } from './mail.js';

/** One request the stand-in answered (a `$batch` item is logged on its own, with `inBatch`). */
export interface GraphRequestLogEntry {
  at: number;
  /** Tenant from the bearer token; null when authentication failed. */
  tenantId: string | null;
  method: string;
  /** Path including `/v1.0`, without the query string. */
  path: string;
  /** Raw query string without `?`. */
  query: string;
  status: number;
  inBatch: boolean;
  /** Value of the `x-ms-throttle-priority` header, if sent. */
  throttlePriority: string | null;
}

/** A recorded `POST /users/{id}/teamwork/sendActivityNotification`. */
export interface ActivityNotificationRecord {
  at: number;
  tenantId: string;
  /** Object id of the recipient. */
  userId: string;
  body: unknown;
}

/** Options of {@link startGraphStandIn}. */
export interface GraphStandInOptions {
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Verifies a bearer token and names its tenant; without it any bearer is accepted and `tid` is read unverified. */
  verifyToken?: (bearer: string) => Promise<{ tenantId: string }>;
  /** Called after every answered request. */
  log?: (entry: GraphRequestLogEntry) => void;
}

/** A running loopback Microsoft Graph v1.0 stand-in. */
export interface GraphStandIn {
  /** e.g. `https://127.0.0.1:PORT/v1.0` */
  baseUrl: string;
  /** e.g. `https://127.0.0.1:PORT` (what `Client.init({ baseUrl })` wants, with `defaultVersion: "v1.0"`). */
  origin: string;
  port: number;
  /** Self-signed certificate of the stand-in, to trust as a CA. */
  caPem: string;
  /** Replaces a tenant's directory; delta and skip tokens issued before stop working (410). */
  setOrg(tenantId: string, users: readonly GraphUser[]): void;
  /** Applies changes as one new directory version; returns that version. Throws on unknown ids. */
  applyChanges(tenantId: string, changes: readonly OrgChange[]): number;
  /** The tenant's current directory (soft-deleted and hard-deleted people left out). */
  users(tenantId: string): readonly GraphUser[];
  /** Makes the tenant's next `count` requests (including `$batch` items) answer 429 with `Retry-After`. */
  throttle(tenantId: string, options: { count: number; retryAfterSeconds: number }): void;
  /** Makes the tenant's next `count` (default 1) `/users/delta` requests answer 500. */
  failNextPage(tenantId: string, count?: number): void;
  /** Answered requests, oldest first (bounded; oldest entries are dropped past 200,000). */
  readonly requestLog: readonly GraphRequestLogEntry[];
  /** Number of requests answered per path (e.g. `/v1.0/users/delta`), `$batch` items included. */
  requestsByPath(): Record<string, number>;
  /** Number of requests answered for `path`, optionally only those of one tenant or only `$batch` items. */
  requestCount(path: string, filter?: { tenantId?: string; inBatch?: boolean }): number;
  readonly activityNotifications: readonly ActivityNotificationRecord[];
  /** Events, recurring series and automatic replies of the tenants' mailboxes (`calendarView`, `events/{id}`, `mailboxSettings`). */
  readonly calendar: CalendarControls;
  /** Meeting chats and their members (`/chats/{id}`, `/chats/{id}/members`). */
  readonly chats: ChatControls;
  /** Sent Items of the tenants' mailboxes (`/users/{id}/mailFolders/sentitems/messages`). */
  readonly mail: MailControls;
  /** Teams with channels and members; channel messages and team activity notifications the app sent (`/teams/{id}/…`). */
  readonly channels: ChannelControls;
  /** Forgets the request log, counters, recorded activity notifications, channel messages and sendMail requests (teams stay). */
  clearRecords(): void;
  close(): Promise<void>;
}

interface InnerRequest {
  method: string;
  /** Path after `/v1.0`, starting with `/`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  tenantId: string;
}

interface TenantControls {
  throttleRemaining: number;
  retryAfterSeconds: number;
  failDeltaRemaining: number;
}

const MAX_DELTA_PAGE = 200;
const DEFAULT_USERS_PAGE = 100;
const MAX_USERS_PAGE = 999;
const MAX_BATCH = 20;
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const LOG_CAPACITY = 200_000;

/** Starts the Graph stand-in on https://127.0.0.1 with a certificate made now. */
export async function startGraphStandIn(options: GraphStandInOptions = {}): Promise<GraphStandIn> {
  const pems = await generateCertificate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 90 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });

  const standIn = new GraphStandInServer(pems.cert, options);
  const server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    standIn.handleHttp(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        const failure = graphError(500, 'UnknownError', error instanceof Error ? error.message : String(error));
        res.writeHead(failure.status, failure.headers).end(JSON.stringify(failure.body));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  standIn.attach(server, port);
  return standIn;
}

class GraphStandInServer implements GraphStandIn {
  baseUrl = '';
  origin = '';
  port = 0;
  readonly requestLog: GraphRequestLogEntry[] = [];
  readonly activityNotifications: ActivityNotificationRecord[] = [];
  private readonly counts = new Map<string, number>();
  private readonly directories = new Map<string, TenantDirectory>();
  private readonly controls = new Map<string, TenantControls>();
  private readonly cursors = new CursorCodec();
  private epochCounter = 0;
  private server: Server | null = null;
  readonly chats = new ChatStandIn(() => this.baseUrl);
  readonly channels = new ChannelStandIn(
    () => this.baseUrl,
    (tenantId, userId, body) => this.activityNotifications.push({ at: Date.now(), tenantId, userId, body }),
  );
  readonly mail = new MailStandIn(
    (tenantId, idOrUpn) => this.directory(tenantId).find(idOrUpn),
    () => this.baseUrl,
  );
  readonly calendar = new CalendarStandIn(
    (tenantId, idOrUpn) => this.directory(tenantId).find(idOrUpn),
    () => this.baseUrl,
  );

  constructor(
    readonly caPem: string,
    private readonly options: GraphStandInOptions,
  ) {}

  attach(server: Server, port: number): void {
    this.server = server;
    this.port = port;
    this.origin = `https://127.0.0.1:${port}`;
    this.baseUrl = `${this.origin}/v1.0`;
  }

  setOrg(tenantId: string, users: readonly GraphUser[]): void {
    this.directories.set(tenantId.toLowerCase(), new TenantDirectory(tenantId, ++this.epochCounter, users));
  }

  applyChanges(tenantId: string, changes: readonly OrgChange[]): number {
    return this.directory(tenantId).apply(changes);
  }

  users(tenantId: string): readonly GraphUser[] {
    return this.directory(tenantId).activeUsers();
  }

  throttle(tenantId: string, options: { count: number; retryAfterSeconds: number }): void {
    const controls = this.control(tenantId);
    controls.throttleRemaining = options.count;
    controls.retryAfterSeconds = options.retryAfterSeconds;
  }

  failNextPage(tenantId: string, count = 1): void {
    this.control(tenantId).failDeltaRemaining = count;
  }

  requestsByPath(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  requestCount(path: string, filter: { tenantId?: string; inBatch?: boolean } = {}): number {
    if (filter.tenantId === undefined && filter.inBatch === undefined) return this.counts.get(path) ?? 0;
    const tenant = filter.tenantId?.toLowerCase();
    return this.requestLog.filter(
      (entry) =>
        entry.path === path &&
        (tenant === undefined || entry.tenantId?.toLowerCase() === tenant) &&
        (filter.inBatch === undefined || entry.inBatch === filter.inBatch),
    ).length;
  }

  clearRecords(): void {
    this.requestLog.length = 0;
    this.activityNotifications.length = 0;
    this.channels.clear();
    this.mail.clearSentMails();
    this.counts.clear();
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Answers one HTTP request: authentication, `$batch`, or a single Graph call. */
  async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const headers = lowerCaseHeaders(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const rawBody = await readBody(req);
    let tenantId: string | null = null;
    let response: InnerResponse;

    const auth = await this.authenticate(headers['authorization']);
    if ('error' in auth) response = auth.error;
    else if (!url.pathname.startsWith('/v1.0/')) {
      tenantId = auth.tenantId;
      response = graphError(400, 'BadRequest', `Invalid version or path: '${url.pathname}'.`);
    } else {
      tenantId = auth.tenantId;
      const body = parseJsonBody(rawBody, headers['content-type']);
      const path = url.pathname.slice('/v1.0'.length);
      if (body instanceof Error) response = graphError(400, 'BadRequest', body.message);
      else if (path === '/$batch') {
        response = method === 'POST' ? await this.batch(body, tenantId, headers) : methodNotAllowed(method, path);
      } else {
        response = await this.dispatch({ method, path, query: url.searchParams, headers, body, tenantId });
      }
    }

    this.record({
      at: Date.now(),
      tenantId,
      method,
      path: url.pathname,
      query: url.search.slice(1),
      status: response.status,
      inBatch: false,
      throttlePriority: headers['x-ms-throttle-priority'] ?? null,
    });
    const outHeaders: Record<string, string> = {
      ...response.headers,
      'request-id': response.headers['request-id'] ?? randomUUID(),
      'client-request-id': headers['client-request-id'] ?? randomUUID(),
    };
    if (response.body === undefined) {
      res.writeHead(response.status, outHeaders).end();
    } else {
      const payload = JSON.stringify(response.body);
      outHeaders['Content-Length'] = String(Buffer.byteLength(payload));
      res.writeHead(response.status, outHeaders).end(payload);
    }
  }

  private async authenticate(authorization: string | undefined): Promise<{ tenantId: string } | { error: InnerResponse }> {
    const unauthorized = (message: string): { error: InnerResponse } => ({
      error: graphError(401, 'InvalidAuthenticationToken', message, { 'WWW-Authenticate': 'Bearer' }),
    });
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return unauthorized('Access token is empty.');
    const bearer = match[1]!;
    if (this.options.verifyToken) {
      try {
        return { tenantId: (await this.options.verifyToken(bearer)).tenantId };
      } catch (error) {
        return unauthorized(`Access token validation failure: ${error instanceof Error ? error.message : 'invalid'}.`);
      }
    }
    const tid = unverifiedTenant(bearer);
    return tid ? { tenantId: tid } : unauthorized('Access token is not a JWT with a tid claim.');
  }

  private async batch(body: unknown, tenantId: string, outerHeaders: Record<string, string>): Promise<InnerResponse> {
    const requests = (body as { requests?: unknown } | null)?.requests;
    if (!Array.isArray(requests) || requests.length === 0) {
      return graphError(400, 'BadRequest', 'A $batch body needs a non-empty "requests" array.');
    }
    if (requests.length > MAX_BATCH) {
      return graphError(400, 'BadRequest', `A $batch may hold at most ${MAX_BATCH} requests; got ${requests.length}.`);
    }
    const ids = new Set<string>();
    for (const item of requests as unknown[]) {
      const candidate = item as { id?: unknown; method?: unknown; url?: unknown } | null;
      if (
        typeof candidate?.id !== 'string' ||
        candidate.id === '' ||
        typeof candidate.method !== 'string' ||
        typeof candidate.url !== 'string'
      ) {
        return graphError(400, 'BadRequest', 'Every $batch request needs string "id", "method" and "url".');
      }
      if (ids.has(candidate.id)) return graphError(400, 'BadRequest', `Duplicate $batch request id '${candidate.id}'.`);
      ids.add(candidate.id);
    }

    const responses: { id: string; status: number; headers: Record<string, string>; body?: unknown }[] = [];
    for (const item of requests as { id: string; method: string; url: string; headers?: unknown; body?: unknown }[]) {
      const headers: Record<string, string> = {};
      if (item.headers && typeof item.headers === 'object') {
        for (const [name, value] of Object.entries(item.headers as Record<string, unknown>)) {
          if (typeof value === 'string') headers[name.toLowerCase()] = value;
        }
      }
      const throttlePriority = headers['x-ms-throttle-priority'] ?? outerHeaders['x-ms-throttle-priority'] ?? null;
      let response: InnerResponse;
      let path = '/';
      let query = '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(item.url)) {
        response = graphError(400, 'BadRequest', 'A $batch request url must be relative, e.g. "/users/{id}".');
      } else {
        const relative = item.url.replace(/^\/+/, '');
        const questionMark = relative.indexOf('?');
        path = `/${questionMark === -1 ? relative : relative.slice(0, questionMark)}`;
        query = questionMark === -1 ? '' : relative.slice(questionMark + 1);
        response = await this.dispatch({
          method: item.method.toUpperCase(),
          path,
          query: new URLSearchParams(query),
          headers,
          body: item.body,
          tenantId,
        });
      }
      this.record({
        at: Date.now(),
        tenantId,
        method: item.method.toUpperCase(),
        path: `/v1.0${path}`,
        query,
        status: response.status,
        inBatch: true,
        throttlePriority,
      });
      responses.push({ id: item.id, status: response.status, headers: response.headers, body: response.body });
    }
    return ok({ responses });
  }

  /** Answers one Graph call (top level or inside `$batch`) after throttling and fault injection. */
  private async dispatch(request: InnerRequest): Promise<InnerResponse> {
    const controls = this.control(request.tenantId);
    if (controls.throttleRemaining > 0) {
      controls.throttleRemaining--;
      return graphError(429, 'TooManyRequests', 'Too many requests; retry after the interval in Retry-After.', {
        'Retry-After': String(controls.retryAfterSeconds),
      });
    }

    const segments = request.path
      .split('/')
      .filter((segment) => segment !== '')
      .map(decodeURIComponent);
    if (this.chats.handles(segments)) return this.chats.handle({ ...request, segments });
    if (this.channels.handles(segments)) return this.channels.handle({ ...request, segments });
    if (segments[0] !== 'users') {
      return graphError(400, 'BadRequest', `Resource not found for the segment '${segments[0] ?? ''}'.`);
    }
    if (this.calendar.handles(segments)) return this.calendar.handle({ ...request, segments });
    if (this.mail.handles(segments)) return this.mail.handle({ ...request, segments });
    const directory = this.directory(request.tenantId);
    const { method } = request;

    if (segments.length === 1) return method === 'GET' ? this.listUsers(request, directory) : methodNotAllowed(method, request.path);
    if (segments.length === 2 && (segments[1] === 'delta' || segments[1] === 'delta()')) {
      if (method !== 'GET') return methodNotAllowed(method, request.path);
      if (controls.failDeltaRemaining > 0) {
        controls.failDeltaRemaining--;
        return graphError(500, 'UnknownError', 'The delta page could not be produced (injected failure).');
      }
      return this.delta(request, directory);
    }

    const user = directory.find(segments[1]!);
    const notFound = (): InnerResponse =>
      graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${segments[1]}' does not exist or one of its queried reference-property objects are not present.`,
      );
    if (segments.length === 2) {
      if (method !== 'GET') return methodNotAllowed(method, request.path);
      const unsupported = rejectQuery(request.query, ['$select']);
      if (unsupported) return unsupported;
      const selection = parseSelect(request.query.get('$select'), false);
      if ('error' in selection) return graphError(400, 'Request_BadRequest', selection.error);
      if (!user) return notFound();
      return ok({ '@odata.context': this.context(selection, '/$entity'), ...projectUser(user, selection.properties) });
    }
    if (segments.length === 3 && segments[2] === 'manager') {
      if (method !== 'GET') return methodNotAllowed(method, request.path);
      const unsupported = rejectQuery(request.query, ['$select']);
      if (unsupported) return unsupported;
      const selection = parseSelect(request.query.get('$select'), false);
      if ('error' in selection) return graphError(400, 'Request_BadRequest', selection.error);
      const manager = user?.managerId ? directory.find(user.managerId) : undefined;
      if (!user) return notFound();
      if (!manager) {
        return graphError(
          404,
          'Request_ResourceNotFound',
          `Resource 'manager' does not exist or one of its queried reference-property objects are not present.`,
        );
      }
      return ok({
        '@odata.context': `${this.baseUrl}/$metadata#directoryObjects/$entity`,
        '@odata.type': '#microsoft.graph.user',
        ...projectUser(manager, selection.properties),
      });
    }
    if (segments.length === 3 && segments[2] === 'directReports') {
      if (method !== 'GET') return methodNotAllowed(method, request.path);
      return this.directReports(request, directory, user, segments[1]!);
    }
    if (segments.length === 4 && segments[2] === 'teamwork' && segments[3] === 'sendActivityNotification') {
      if (method !== 'POST') return methodNotAllowed(method, request.path);
      const unsupported = rejectQuery(request.query, []);
      if (unsupported) return unsupported;
      if (!user) return notFound();
      const body = request.body as { topic?: unknown; activityType?: unknown; previewText?: unknown } | null;
      if (!body || typeof body !== 'object' || typeof body.activityType !== 'string' || !body.topic || typeof body.topic !== 'object') {
        return graphError(400, 'BadRequest', 'sendActivityNotification needs "topic" and "activityType".');
      }
      this.activityNotifications.push({ at: Date.now(), tenantId: request.tenantId, userId: user.id, body });
      return { status: 204, headers: {} };
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${segments.slice(2).join('/')}'.`);
  }

  private listUsers(request: InnerRequest, directory: TenantDirectory): InnerResponse {
    const unsupported = rejectQuery(request.query, ['$select', '$top', '$skiptoken']);
    if (unsupported) return unsupported;
    let cursor: Extract<PageCursor, { kind: 'users' }>;
    const skipToken = request.query.get('$skiptoken');
    if (skipToken !== null) {
      const decoded = this.readCursor(skipToken, request.tenantId, directory);
      if ('error' in decoded) return decoded.error;
      if (decoded.cursor.kind !== 'users') return invalidToken();
      cursor = decoded.cursor;
    } else {
      const selection = parseSelect(request.query.get('$select'), false);
      if ('error' in selection) return graphError(400, 'Request_BadRequest', selection.error);
      const pageSize = readTop(request.query.get('$top')) ?? preferredPageSize(request.headers, MAX_USERS_PAGE) ?? DEFAULT_USERS_PAGE;
      if (pageSize === 'invalid') return graphError(400, 'Request_BadRequest', `Invalid value for $top; use 1 to ${MAX_USERS_PAGE}.`);
      cursor = {
        kind: 'users',
        tenantId: directory.tenantId,
        epoch: directory.epoch,
        offset: 0,
        pageSize,
        select: selection.explicit ? selection.properties : null,
      };
    }
    const selection = selectionOf(cursor.select);
    const users = directory.activeUsers();
    const end = cursor.offset + cursor.pageSize;
    const body: Record<string, unknown> = { '@odata.context': this.context(selection, '') };
    if (end < users.length) {
      body['@odata.nextLink'] = `${this.baseUrl}/users?$skiptoken=${this.cursors.encode({ ...cursor, offset: end })}`;
    }
    body['value'] = users.slice(cursor.offset, end).map((user) => projectUser(user, selection.properties));
    return ok(body);
  }

  private directReports(request: InnerRequest, directory: TenantDirectory, user: StoredUser | undefined, key: string): InnerResponse {
    const unsupported = rejectQuery(request.query, ['$select', '$top', '$skiptoken']);
    if (unsupported) return unsupported;
    if (!user) {
      return graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
    let cursor: Extract<PageCursor, { kind: 'reports' }>;
    const skipToken = request.query.get('$skiptoken');
    if (skipToken !== null) {
      const decoded = this.readCursor(skipToken, request.tenantId, directory);
      if ('error' in decoded) return decoded.error;
      if (decoded.cursor.kind !== 'reports' || decoded.cursor.managerId !== user.id) return invalidToken();
      cursor = decoded.cursor;
    } else {
      const selection = parseSelect(request.query.get('$select'), false);
      if ('error' in selection) return graphError(400, 'Request_BadRequest', selection.error);
      const pageSize = readTop(request.query.get('$top')) ?? DEFAULT_USERS_PAGE;
      if (pageSize === 'invalid') return graphError(400, 'Request_BadRequest', `Invalid value for $top; use 1 to ${MAX_USERS_PAGE}.`);
      cursor = {
        kind: 'reports',
        tenantId: directory.tenantId,
        epoch: directory.epoch,
        managerId: user.id,
        offset: 0,
        pageSize,
        select: selection.explicit ? selection.properties : null,
      };
    }
    const selection = selectionOf(cursor.select);
    const reports = directory.directReports(user.id);
    const end = cursor.offset + cursor.pageSize;
    const body: Record<string, unknown> = { '@odata.context': `${this.baseUrl}/$metadata#directoryObjects` };
    if (end < reports.length) {
      body['@odata.nextLink'] =
        `${this.baseUrl}/users/${user.id}/directReports?$skiptoken=${this.cursors.encode({ ...cursor, offset: end })}`;
    }
    body['value'] = reports
      .slice(cursor.offset, end)
      .map((report) => ({ '@odata.type': '#microsoft.graph.user', ...projectUser(report, selection.properties) }));
    return ok(body);
  }

  private delta(request: InnerRequest, directory: TenantDirectory): InnerResponse {
    const unsupported = rejectQuery(request.query, ['$select', '$skiptoken', '$deltatoken']);
    if (unsupported) return unsupported;
    const skipToken = request.query.get('$skiptoken');
    const deltaToken = request.query.get('$deltatoken');
    if (skipToken !== null && deltaToken !== null) {
      return graphError(400, 'Request_BadRequest', 'Use either $skiptoken or $deltatoken, not both.');
    }

    let cursor: PageCursor;
    if (skipToken === null && (deltaToken === null || deltaToken === 'latest')) {
      const selection = parseSelect(request.query.get('$select'), true);
      if ('error' in selection) return graphError(400, 'Request_BadRequest', selection.error);
      const select = selection.explicit ? [...selection.properties, ...(selection.manager ? ['manager'] : [])] : null;
      const pageSize = preferredPageSize(request.headers, MAX_DELTA_PAGE) ?? MAX_DELTA_PAGE;
      if (deltaToken === 'latest') {
        cursor = { kind: 'deltaLink', tenantId: directory.tenantId, epoch: directory.epoch, version: directory.version, pageSize, select };
        return this.deltaPage(directory, cursor, selection, [], 0, directory.version, null);
      }
      const { version } = directory.beginFullSync();
      cursor = { kind: 'fullSync', tenantId: directory.tenantId, epoch: directory.epoch, version, offset: 0, pageSize, select };
    } else {
      const decoded = this.readCursor((skipToken ?? deltaToken)!, request.tenantId, directory);
      if ('error' in decoded) return decoded.error;
      cursor = decoded.cursor;
      const expectedKinds = skipToken !== null ? ['fullSync', 'changes'] : ['deltaLink'];
      if (!expectedKinds.includes(cursor.kind)) return invalidToken();
    }

    const selection = selectionOf(cursor.select);
    switch (cursor.kind) {
      case 'fullSync': {
        const users = directory.snapshot(cursor.version);
        if (!users) return syncStateGone();
        return this.deltaPage(directory, cursor, selection, users, cursor.offset, cursor.version, null);
      }
      case 'changes':
        return this.deltaPage(
          directory,
          cursor,
          selection,
          directory.changesBetween(cursor.from, cursor.to),
          cursor.offset,
          cursor.to,
          cursor.from,
        );
      case 'deltaLink': {
        const to = directory.version;
        const changes = directory.changesBetween(cursor.version, to);
        const next: PageCursor = {
          kind: 'changes',
          tenantId: cursor.tenantId,
          epoch: cursor.epoch,
          from: cursor.version,
          to,
          offset: 0,
          pageSize: cursor.pageSize,
          select: cursor.select,
        };
        return this.deltaPage(directory, next, selection, changes, 0, to, cursor.version);
      }
      default:
        return invalidToken();
    }
  }

  /** One delta page over either a full-sync snapshot (`from` null) or a change set. */
  private deltaPage(
    directory: TenantDirectory,
    cursor: PageCursor,
    selection: Selection,
    items: readonly StoredUser[] | readonly DeltaChange[],
    offset: number,
    to: number,
    from: number | null,
  ): InnerResponse {
    const end = offset + cursor.pageSize;
    const value: Record<string, unknown>[] = [];
    for (let i = offset; i < end && i < items.length; i++) {
      const item = items[i]!;
      value.push(from === null ? this.fullSyncItem(item as StoredUser, selection) : this.changeItem(item as DeltaChange, selection));
    }
    const body: Record<string, unknown> = { '@odata.context': this.context(selection, '') };
    if (end < items.length) {
      const next: PageCursor = cursor.kind === 'fullSync' || cursor.kind === 'changes' ? { ...cursor, offset: end } : cursor;
      body['@odata.nextLink'] = `${this.baseUrl}/users/delta?$skiptoken=${this.cursors.encode(next)}`;
    } else {
      const link: PageCursor = {
        kind: 'deltaLink',
        tenantId: directory.tenantId,
        epoch: directory.epoch,
        version: to,
        pageSize: cursor.pageSize,
        select: cursor.select,
      };
      body['@odata.deltaLink'] = `${this.baseUrl}/users/delta?$deltatoken=${this.cursors.encode(link)}`;
    }
    body['value'] = value;
    return ok(body);
  }

  private fullSyncItem(user: StoredUser, selection: Selection): Record<string, unknown> {
    const item = projectUser(user, selection.properties);
    if (selection.manager && user.managerId !== null) item['manager@delta'] = [managerReference(user.managerId, false)];
    return item;
  }

  private changeItem(change: DeltaChange, selection: Selection): Record<string, unknown> {
    if (change.kind === 'removed') return { id: change.id, '@removed': { reason: change.reason } };
    const item = projectUser(change.user, selection.properties);
    if (selection.manager && change.managerChanged) {
      if (change.managerAdded !== null) item['manager@delta'] = [managerReference(change.managerAdded, false)];
      else if (change.managerRemoved !== null) item['manager@delta'] = [managerReference(change.managerRemoved, true)];
    }
    return item;
  }

  private readCursor(token: string, tenantId: string, directory: TenantDirectory): { cursor: PageCursor } | { error: InnerResponse } {
    const cursor = this.cursors.decode(token);
    if (!cursor || cursor.tenantId.toLowerCase() !== tenantId.toLowerCase()) return { error: invalidToken() };
    if (cursor.epoch !== directory.epoch) return { error: syncStateGone() };
    return { cursor };
  }

  private context(selection: Selection, suffix: string): string {
    const shape = selection.explicit ? `users(${[...selection.properties, ...(selection.manager ? ['manager'] : [])].join(',')})` : 'users';
    return `${this.baseUrl}/$metadata#${shape}${suffix}`;
  }

  private directory(tenantId: string): TenantDirectory {
    const key = tenantId.toLowerCase();
    let directory = this.directories.get(key);
    if (!directory) {
      directory = new TenantDirectory(tenantId, ++this.epochCounter, []);
      this.directories.set(key, directory);
    }
    return directory;
  }

  private control(tenantId: string): TenantControls {
    const key = tenantId.toLowerCase();
    let controls = this.controls.get(key);
    if (!controls) {
      controls = { throttleRemaining: 0, retryAfterSeconds: 1, failDeltaRemaining: 0 };
      this.controls.set(key, controls);
    }
    return controls;
  }

  private record(entry: GraphRequestLogEntry): void {
    if (this.requestLog.length >= LOG_CAPACITY) this.requestLog.splice(0, LOG_CAPACITY / 4);
    this.requestLog.push(entry);
    this.counts.set(entry.path, (this.counts.get(entry.path) ?? 0) + 1);
    this.options.log?.(entry);
  }
}

function selectionOf(select: string[] | null): Selection {
  const parsed = parseSelect(select === null ? null : select.join(','), true);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

function invalidToken(): InnerResponse {
  return graphError(400, 'Request_BadRequest', 'The skip token or delta token is not valid for this request.');
}

function syncStateGone(): InnerResponse {
  return graphError(410, 'SyncStateNotFound', 'The sync state behind this token is gone; start a new full delta sync.');
}

function methodNotAllowed(method: string, path: string): InnerResponse {
  return graphError(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed on '${path}'.`);
}

/** 400 for any query option outside `allowed` (the stand-in never ignores options silently). */
function rejectQuery(query: URLSearchParams, allowed: readonly string[]): InnerResponse | null {
  const seen = new Set<string>();
  for (const name of query.keys()) {
    if (!allowed.includes(name)) {
      return graphError(400, 'Request_BadRequest', `The query option '${name}' is not supported here by the Graph stand-in.`);
    }
    if (seen.has(name)) return graphError(400, 'Request_BadRequest', `The query option '${name}' is given more than once.`);
    seen.add(name);
  }
  return null;
}

function readTop(raw: string | null): number | 'invalid' | null {
  if (raw === null) return null;
  if (!/^\d+$/.test(raw)) return 'invalid';
  const top = Number(raw);
  return top >= 1 && top <= MAX_USERS_PAGE ? top : 'invalid';
}

/** Page size from `Prefer: odata.maxpagesize=N`, capped at `max`. */
function preferredPageSize(headers: Record<string, string>, max: number): number | null {
  const match = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(headers['prefer'] ?? '');
  if (!match) return null;
  const size = Number(match[1]);
  return size >= 1 ? Math.min(size, max) : null;
}

function unverifiedTenant(bearer: string): string | null {
  const parts = bearer.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { tid?: unknown };
    return typeof payload.tid === 'string' && payload.tid !== '' ? payload.tid : null;
  } catch {
    return null;
  }
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers[name] = value;
    else if (Array.isArray(value)) headers[name] = value.join(', ');
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return null;
  if (!/json/i.test(contentType ?? '')) return new Error('Request bodies must be application/json.');
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return new Error('The request body is not valid JSON.');
  }
}
