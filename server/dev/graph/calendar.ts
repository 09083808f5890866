import { createHash } from 'node:crypto';
import { graphDateTime, ianaZoneOf } from '../../src/calendar/calendar.timezones.js';
import { graphError, ok, type InnerResponse } from './shapes.js';
import type { StoredUser } from './store.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;
/** Occurrences a series without an end expands to at most (about ten years of weekly meetings). */
const MAX_OCCURRENCES = 520;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** Free/busy status Graph shows for an event. */
export type ShowAs = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';

/** A weekly recurring meeting, put into the organizer's and every attendee's calendar. */
export interface SeriesSpec {
  organizerId: string;
  attendeeIds: readonly string[];
  subject: string;
  /** First occurrence, an ISO instant (e.g. `2026-12-07T09:00:00Z`). */
  start: string;
  durationMinutes: number;
  /** Weeks between occurrences (1 weekly, 2 every other week, 4 every four weeks). */
  intervalWeeks?: number;
  /** Number of occurrences; absent means no end. */
  occurrences?: number;
  /** Occurrences the organizer cancelled, by the UTC date (`YYYY-MM-DD`) of their original start. */
  cancelled?: readonly string[];
  /** Occurrences moved to another time (exceptions), by the UTC date of their original start. */
  rescheduled?: ReadonlyArray<{ original: string; start: string; durationMinutes?: number }>;
}

/** A one-off event in one person's calendar (e.g. time off marked out of office). */
export interface EventSpec {
  userId: string;
  subject: string;
  /** ISO instant; for all-day events a date `YYYY-MM-DD` (midnight UTC). */
  start: string;
  /** ISO instant, exclusive; for all-day events the day after the last day. */
  end: string;
  showAs?: ShowAs;
  isAllDay?: boolean;
  attendeeIds?: readonly string[];
}

/** Automatic replies of one mailbox, as `mailboxSettings.automaticRepliesSetting` reports them. */
export interface AutomaticRepliesSpec {
  status: 'disabled' | 'alwaysEnabled' | 'scheduled';
  /** ISO instants; used when `status` is `scheduled`. */
  scheduledStart?: string;
  scheduledEnd?: string;
  internalReplyMessage?: string;
  externalReplyMessage?: string;
  externalAudience?: 'none' | 'contactsOnly' | 'all';
}

/** Test and demo controls of the calendar part of the stand-in. */
export interface CalendarControls {
  /** Adds a recurring series; returns its id (the same in every participant's calendar). */
  addSeries(tenantId: string, series: SeriesSpec): string;
  /** Adds a one-off event; returns its id. */
  addEvent(tenantId: string, event: EventSpec): string;
  /** Sets a mailbox's automatic replies (and optionally its time zone). */
  setAutomaticReplies(tenantId: string, userId: string, replies: AutomaticRepliesSpec, timeZone?: string): void;
  /** Makes the tenant's next `count` calendar and mailbox-settings requests answer `status` (default 503), after `delayMs`. */
  failCalendar(tenantId: string, options: { count: number; status?: number; delayMs?: number }): void;
  /** Delays every calendar and mailbox-settings answer of the tenant by `ms` (0 to stop). */
  delayCalendar(tenantId: string, ms: number): void;
  /** Forgets the tenant's (or every tenant's) events, automatic replies and faults. */
  clearCalendars(tenantId?: string): void;
}

/** The request as the calendar part needs it. */
export interface CalendarRequest {
  method: string;
  /** Path segments after `/v1.0`, decoded (`users`, `{id}`, `calendarView` …). */
  segments: readonly string[];
  query: URLSearchParams;
  headers: Record<string, string>;
  tenantId: string;
}

interface StoredSeries extends SeriesSpec {
  id: string;
  createdAt: number;
}
interface StoredEvent extends EventSpec {
  id: string;
  createdAt: number;
}
interface TenantCalendars {
  series: StoredSeries[];
  events: StoredEvent[];
  replies: Map<string, { replies: AutomaticRepliesSpec; timeZone: string }>;
  failures: { count: number; status: number; delayMs: number };
  delayMs: number;
}

/** One event instance in one mailbox, before it is shaped as JSON. */
interface Instance {
  id: string;
  seriesMasterId: string | null;
  type: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  subject: string;
  startMs: number;
  endMs: number;
  originalStartMs: number | null;
  isAllDay: boolean;
  isCancelled: boolean;
  showAs: ShowAs;
  organizer: StoredUser | undefined;
  attendees: Array<StoredUser | undefined>;
  isOrganizer: boolean;
  createdAt: number;
  recurrence: Record<string, unknown> | null;
}

function instantOf(value: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
}

function opaqueId(...parts: string[]): string {
  return `AAMkAG${createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 40)}`;
}

function readTimeZone(headers: Record<string, string>): string | null {
  const match = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(headers['prefer'] ?? '');
  return match ? match[1]! : null;
}

function readPageSize(query: URLSearchParams, headers: Record<string, string>): number | 'invalid' {
  const top = query.get('$top');
  if (top !== null) {
    if (!/^\d+$/.test(top) || Number(top) < 1 || Number(top) > MAX_PAGE) return 'invalid';
    return Number(top);
  }
  const match = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(headers['prefer'] ?? '');
  return match && Number(match[1]) >= 1 ? Math.min(Number(match[1]), MAX_PAGE) : DEFAULT_PAGE;
}

/** Calendars (`calendarView`, `events/{id}`) and `mailboxSettings` of the stand-in's mailboxes. */
export class CalendarStandIn implements CalendarControls {
  private readonly tenants = new Map<string, TenantCalendars>();

  constructor(
    /** Finds an active user of a tenant by id or UPN. */
    private readonly findUser: (tenantId: string, idOrUpn: string) => StoredUser | undefined,
    /** e.g. `https://127.0.0.1:PORT/v1.0`, read when a link is built. */
    private readonly baseUrl: () => string,
  ) {}

  addSeries(tenantId: string, series: SeriesSpec): string {
    if (!Number.isFinite(instantOf(series.start))) throw new Error(`series start ${series.start} is not an instant`);
    const id = opaqueId('series', tenantId, String(this.tenant(tenantId).series.length), series.subject, series.start);
    this.tenant(tenantId).series.push({ ...series, id, createdAt: Date.now() });
    return id;
  }

  addEvent(tenantId: string, event: EventSpec): string {
    if (!Number.isFinite(instantOf(event.start)) || !Number.isFinite(instantOf(event.end))) {
      throw new Error(`event ${event.subject} needs a start and an end`);
    }
    const id = opaqueId('event', tenantId, String(this.tenant(tenantId).events.length), event.userId, event.start);
    this.tenant(tenantId).events.push({ ...event, id, createdAt: Date.now() });
    return id;
  }

  setAutomaticReplies(tenantId: string, userId: string, replies: AutomaticRepliesSpec, timeZone = 'UTC'): void {
    this.tenant(tenantId).replies.set(userId.toLowerCase(), { replies, timeZone });
  }

  failCalendar(tenantId: string, options: { count: number; status?: number; delayMs?: number }): void {
    this.tenant(tenantId).failures = { count: options.count, status: options.status ?? 503, delayMs: options.delayMs ?? 0 };
  }

  delayCalendar(tenantId: string, ms: number): void {
    this.tenant(tenantId).delayMs = ms;
  }

  clearCalendars(tenantId?: string): void {
    if (tenantId === undefined) this.tenants.clear();
    else this.tenants.delete(tenantId.toLowerCase());
  }

  /** True for the paths this part answers: `/users/{id}/calendarView`, `/users/{id}/events/{id}`, `/users/{id}/mailboxSettings`. */
  handles(segments: readonly string[]): boolean {
    return (
      segments[0] === 'users' &&
      ((segments.length === 3 && (segments[2] === 'calendarView' || segments[2] === 'mailboxSettings')) ||
        (segments.length === 4 && segments[2] === 'events'))
    );
  }

  /** Answers one calendar or mailbox-settings request (after the injected delay or failure, if any). */
  async handle(request: CalendarRequest): Promise<InnerResponse> {
    const tenant = this.tenant(request.tenantId);
    if (tenant.failures.count > 0) {
      tenant.failures.count -= 1;
      const { status, delayMs } = tenant.failures;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return graphError(
        status,
        status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
        'The mailbox is not reachable (injected failure).',
        {
          'Retry-After': '1',
        },
      );
    }
    if (tenant.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, tenant.delayMs));
    if (request.method !== 'GET') {
      return graphError(405, 'ErrorInvalidRequest', `The HTTP method '${request.method}' is not allowed here by the Graph stand-in.`);
    }
    const user = this.findUser(request.tenantId, request.segments[1]!);
    if (!user) {
      return graphError(404, 'ErrorInvalidUser', `The requested user '${request.segments[1]}' is invalid.`);
    }
    if (request.segments[2] === 'mailboxSettings') return this.mailboxSettings(request, user);
    if (request.segments[2] === 'events') return this.event(request, user, request.segments[3]!);
    return this.calendarView(request, user);
  }

  private calendarView(request: CalendarRequest, user: StoredUser): InnerResponse {
    const { query } = request;
    for (const name of query.keys()) {
      if (!['startDateTime', 'endDateTime', '$select', '$top', '$skip', '$orderby'].includes(name)) {
        return graphError(400, 'BadRequest', `The query option '${name}' is not supported here by the Graph stand-in.`);
      }
    }
    const startRaw = query.get('startDateTime');
    const endRaw = query.get('endDateTime');
    if (!startRaw || !endRaw) {
      return graphError(
        400,
        'ErrorInvalidParameter',
        'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      );
    }
    const withZone = (raw: string): string => (/(Z|[+-]\d{2}:\d{2})$/i.test(raw) ? raw : `${raw}Z`);
    const from = Date.parse(withZone(startRaw));
    const to = Date.parse(withZone(endRaw));
    if (!Number.isFinite(from) || !Number.isFinite(to)) {
      return graphError(400, 'ErrorInvalidParameter', 'StartDateTime and EndDateTime must be ISO 8601 date-times.');
    }
    const orderBy = query.get('$orderby');
    if (orderBy !== null && !/^start\/dateTime( asc)?$/i.test(orderBy)) {
      return graphError(400, 'BadRequest', `Ordering by '${orderBy}' is not supported by the Graph stand-in.`);
    }
    const pageSize = readPageSize(query, request.headers);
    if (pageSize === 'invalid') return graphError(400, 'BadRequest', `Invalid value for $top; use 1 to ${MAX_PAGE}.`);
    const skipRaw = query.get('$skip') ?? '0';
    if (!/^\d+$/.test(skipRaw)) return graphError(400, 'BadRequest', 'Invalid value for $skip.');
    const skip = Number(skipRaw);
    const select = this.parseSelect(query.get('$select'));
    if ('error' in select) return select.error;
    const zone = this.zoneOf(request.headers);

    const instances = this.instancesOf(request.tenantId, user)
      .filter((instance) => instance.type !== 'seriesMaster' && instance.startMs < to && instance.endMs > from)
      .sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));
    const page = instances.slice(skip, skip + pageSize);
    const body: Record<string, unknown> = {
      '@odata.context': `${this.baseUrl()}/$metadata#users('${user.id}')/calendarView`,
    };
    if (skip + pageSize < instances.length) {
      const next = new URLSearchParams();
      next.set('startDateTime', startRaw);
      next.set('endDateTime', endRaw);
      if (query.get('$select') !== null) next.set('$select', query.get('$select')!);
      if (orderBy !== null) next.set('$orderby', orderBy);
      if (query.get('$top') !== null) next.set('$top', String(pageSize));
      next.set('$skip', String(skip + pageSize));
      body['@odata.nextLink'] = `${this.baseUrl()}/users/${user.id}/calendarView?${next.toString()}`;
    }
    body['value'] = page.map((instance) => this.shape(instance, user, zone.name, select.fields));
    return ok(body, zone.applied ? { 'Preference-Applied': `outlook.timezone="${zone.name}"` } : {});
  }

  private event(request: CalendarRequest, user: StoredUser, eventId: string): InnerResponse {
    for (const name of request.query.keys()) {
      if (name !== '$select')
        return graphError(400, 'BadRequest', `The query option '${name}' is not supported here by the Graph stand-in.`);
    }
    const select = this.parseSelect(request.query.get('$select'));
    if ('error' in select) return select.error;
    const zone = this.zoneOf(request.headers);
    const instance = this.instancesOf(request.tenantId, user).find((candidate) => candidate.id === eventId);
    if (!instance) return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return ok(
      {
        '@odata.context': `${this.baseUrl()}/$metadata#users('${user.id}')/events/$entity`,
        ...this.shape(instance, user, zone.name, select.fields),
      },
      zone.applied ? { 'Preference-Applied': `outlook.timezone="${zone.name}"` } : {},
    );
  }

  private mailboxSettings(request: CalendarRequest, user: StoredUser): InnerResponse {
    for (const name of request.query.keys()) {
      if (name !== '$select')
        return graphError(400, 'BadRequest', `The query option '${name}' is not supported here by the Graph stand-in.`);
    }
    const stored = this.tenant(request.tenantId).replies.get(user.id.toLowerCase());
    const replies = stored?.replies ?? { status: 'disabled' };
    const timeZone = stored?.timeZone ?? 'UTC';
    const now = Date.now();
    const scheduled = (value: string | undefined, fallback: number) => ({
      dateTime: graphDateTime(value ? instantOf(value) : fallback, 'UTC'),
      timeZone: 'UTC',
    });
    const all: Record<string, unknown> = {
      archiveFolder: opaqueId('archive', user.id),
      timeZone,
      automaticRepliesSetting: {
        status: replies.status,
        externalAudience: replies.externalAudience ?? 'all',
        internalReplyMessage: replies.internalReplyMessage ?? '',
        externalReplyMessage: replies.externalReplyMessage ?? '',
        scheduledStartDateTime: scheduled(replies.scheduledStart, Math.floor(now / DAY_MS) * DAY_MS),
        scheduledEndDateTime: scheduled(replies.scheduledEnd, Math.floor(now / DAY_MS) * DAY_MS + DAY_MS),
      },
      language: { locale: 'en-US', displayName: 'English (United States)' },
      workingHours: {
        daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        startTime: '08:00:00.0000000',
        endTime: '17:00:00.0000000',
        timeZone: { name: timeZone },
      },
      dateFormat: 'M/d/yyyy',
      timeFormat: 'h:mm tt',
      delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
      userPurpose: 'user',
    };
    const selectRaw = request.query.get('$select');
    const body: Record<string, unknown> = { '@odata.context': `${this.baseUrl()}/$metadata#users('${user.id}')/mailboxSettings` };
    if (selectRaw === null) return ok({ ...body, ...all });
    for (const name of selectRaw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      if (!(name in all))
        return graphError(400, 'BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.mailboxSettings'.`);
      body[name] = all[name];
    }
    return ok(body);
  }

  private parseSelect(raw: string | null): { fields: Set<string> | null } | { error: InnerResponse } {
    if (raw === null) return { fields: null };
    const fields = new Set<string>();
    for (const name of raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      if (!EVENT_PROPERTIES.has(name)) {
        return { error: graphError(400, 'BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.event'.`) };
      }
      fields.add(name);
    }
    return { fields };
  }

  private zoneOf(headers: Record<string, string>): { name: string; iana: string; applied: boolean } {
    const requested = readTimeZone(headers);
    const iana = requested ? ianaZoneOf(requested) : null;
    return requested && iana ? { name: requested, iana, applied: true } : { name: 'UTC', iana: 'UTC', applied: false };
  }

  /** Every event instance in the user's calendar: series masters, their occurrences and exceptions, and one-off events. */
  private instancesOf(tenantId: string, user: StoredUser): Instance[] {
    const tenant = this.tenant(tenantId);
    const key = user.id.toLowerCase();
    const out: Instance[] = [];
    for (const series of tenant.series) {
      const isOrganizer = series.organizerId.toLowerCase() === key;
      if (!isOrganizer && !series.attendeeIds.some((id) => id.toLowerCase() === key)) continue;
      const organizer = this.findUser(tenantId, series.organizerId);
      const attendees = series.attendeeIds.map((id) => this.findUser(tenantId, id));
      const masterId = opaqueId('master', series.id, key);
      const first = instantOf(series.start);
      const interval = series.intervalWeeks ?? 1;
      const duration = series.durationMinutes * MINUTE_MS;
      const count = Math.min(series.occurrences ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
      const base = { subject: series.subject, organizer, attendees, isOrganizer, createdAt: series.createdAt, isAllDay: false };
      out.push({
        ...base,
        id: masterId,
        seriesMasterId: null,
        type: 'seriesMaster',
        startMs: first,
        endMs: first + duration,
        originalStartMs: null,
        isCancelled: false,
        showAs: 'busy',
        recurrence: {
          pattern: {
            type: 'weekly',
            interval,
            month: 0,
            dayOfMonth: 0,
            daysOfWeek: [WEEKDAYS[new Date(first).getUTCDay()]],
            firstDayOfWeek: 'sunday',
            index: 'first',
          },
          range: {
            type: series.occurrences ? 'numbered' : 'noEnd',
            startDate: new Date(first).toISOString().slice(0, 10),
            endDate: '0001-01-01',
            recurrenceTimeZone: 'UTC',
            numberOfOccurrences: series.occurrences ?? 0,
          },
        },
      });
      for (let index = 0; index < count; index += 1) {
        const originalStart = first + index * interval * WEEK_MS;
        const date = new Date(originalStart).toISOString().slice(0, 10);
        const id = opaqueId('occurrence', series.id, key, date);
        const cancelled = (series.cancelled ?? []).includes(date);
        // The organizer's calendar drops a cancelled occurrence; attendees keep it, marked cancelled, until they remove it.
        if (cancelled && isOrganizer) continue;
        const moved = (series.rescheduled ?? []).find((entry) => entry.original === date);
        const startMs = moved ? instantOf(moved.start) : originalStart;
        const endMs = startMs + (moved?.durationMinutes ? moved.durationMinutes * MINUTE_MS : duration);
        out.push({
          ...base,
          id,
          subject: cancelled ? `Canceled: ${series.subject}` : series.subject,
          seriesMasterId: masterId,
          type: cancelled || moved ? 'exception' : 'occurrence',
          startMs,
          endMs,
          originalStartMs: originalStart,
          isCancelled: cancelled,
          showAs: cancelled ? 'free' : 'busy',
          recurrence: null,
        });
      }
    }
    for (const event of tenant.events) {
      const isOrganizer = event.userId.toLowerCase() === key;
      if (!isOrganizer && !(event.attendeeIds ?? []).some((id) => id.toLowerCase() === key)) continue;
      out.push({
        id: opaqueId('single', event.id, key),
        seriesMasterId: null,
        type: 'singleInstance',
        subject: event.subject,
        startMs: instantOf(event.start),
        endMs: instantOf(event.end),
        originalStartMs: null,
        isAllDay: event.isAllDay ?? false,
        isCancelled: false,
        showAs: event.showAs ?? 'busy',
        organizer: this.findUser(tenantId, event.userId),
        attendees: (event.attendeeIds ?? []).map((id) => this.findUser(tenantId, id)),
        isOrganizer,
        createdAt: event.createdAt,
        recurrence: null,
      });
    }
    return out;
  }

  /** An instance as Graph's `microsoft.graph.event` JSON, seen from `owner`'s mailbox, in `zone`. */
  private shape(instance: Instance, owner: StoredUser, zone: string, fields: Set<string> | null): Record<string, unknown> {
    const iana = ianaZoneOf(zone) ?? 'UTC';
    const email = (person: StoredUser | undefined) =>
      person ? { name: person.displayName, address: person.mail || person.userPrincipalName } : { name: '', address: '' };
    const created = new Date(instance.createdAt).toISOString();
    const organizerResponse = { response: 'organizer', time: '0001-01-01T00:00:00Z' };
    const attendeeResponse = { response: 'accepted', time: created };
    const all: Record<string, unknown> = {
      createdDateTime: created,
      lastModifiedDateTime: created,
      changeKey: opaqueId('change', instance.id).slice(6, 30),
      categories: [],
      transactionId: null,
      originalStartTimeZone: 'UTC',
      originalEndTimeZone: 'UTC',
      iCalUId: `040000008200E00074C5B7101A82E008${createHash('md5')
        .update(instance.seriesMasterId ?? instance.id)
        .digest('hex')
        .toUpperCase()}`,
      uid: `040000008200E00074C5B7101A82E008${createHash('md5')
        .update(instance.seriesMasterId ?? instance.id)
        .digest('hex')
        .toUpperCase()}`,
      reminderMinutesBeforeStart: 15,
      isReminderOn: !instance.isCancelled,
      hasAttachments: false,
      subject: instance.subject,
      bodyPreview: '',
      importance: 'normal',
      sensitivity: 'normal',
      isAllDay: instance.isAllDay,
      isCancelled: instance.isCancelled,
      isOrganizer: instance.isOrganizer,
      responseRequested: true,
      seriesMasterId: instance.seriesMasterId,
      showAs: instance.showAs,
      type: instance.type,
      webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(instance.id)}&exvsurl=1&path=/calendar/item`,
      onlineMeetingUrl: null,
      isOnlineMeeting: false,
      onlineMeetingProvider: 'unknown',
      allowNewTimeProposals: true,
      occurrenceId:
        instance.type === 'occurrence' || instance.type === 'exception'
          ? `OID.${instance.seriesMasterId}.${new Date(instance.originalStartMs!).toISOString().slice(0, 10)}`
          : null,
      isDraft: false,
      hideAttendees: false,
      responseStatus: instance.isOrganizer ? organizerResponse : attendeeResponse,
      body: { contentType: 'html', content: '' },
      start: { dateTime: graphDateTime(instance.startMs, iana), timeZone: zone },
      end: { dateTime: graphDateTime(instance.endMs, iana), timeZone: zone },
      originalStart: instance.originalStartMs === null ? null : new Date(instance.originalStartMs).toISOString().replace('.000Z', 'Z'),
      location: { displayName: '', locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} },
      locations: [],
      recurrence: instance.recurrence,
      attendees: instance.attendees.map((person) => ({
        type: 'required',
        status: { response: instance.isOrganizer ? 'accepted' : 'none', time: '0001-01-01T00:00:00Z' },
        emailAddress: email(person),
      })),
      organizer: { emailAddress: email(instance.organizer ?? owner) },
      onlineMeeting: null,
    };
    const out: Record<string, unknown> = { '@odata.etag': `W/"${all['changeKey'] as string}"`, id: instance.id };
    for (const [name, value] of Object.entries(all)) if (fields === null || fields.has(name)) out[name] = value;
    return out;
  }

  private tenant(tenantId: string): TenantCalendars {
    const key = tenantId.toLowerCase();
    let tenant = this.tenants.get(key);
    if (!tenant) {
      tenant = { series: [], events: [], replies: new Map(), failures: { count: 0, status: 503, delayMs: 0 }, delayMs: 0 };
      this.tenants.set(key, tenant);
    }
    return tenant;
  }
}

/** Properties of `microsoft.graph.event` the stand-in serves (and accepts in `$select`). */
const EVENT_PROPERTIES = new Set([
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'transactionId',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'iCalUId',
  'uid',
  'reminderMinutesBeforeStart',
  'isReminderOn',
  'hasAttachments',
  'subject',
  'bodyPreview',
  'importance',
  'sensitivity',
  'isAllDay',
  'isCancelled',
  'isOrganizer',
  'responseRequested',
  'seriesMasterId',
  'showAs',
  'type',
  'webLink',
  'onlineMeetingUrl',
  'isOnlineMeeting',
  'onlineMeetingProvider',
  'allowNewTimeProposals',
  'occurrenceId',
  'isDraft',
  'hideAttendees',
  'responseStatus',
  'body',
  'start',
  'end',
  'originalStart',
  'location',
  'locations',
  'recurrence',
  'attendees',
  'organizer',
  'onlineMeeting',
  'id',
]);
