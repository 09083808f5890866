import { RetryHandlerOptions, type Client, type GraphRequest } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { instantOfGraphDateTime } from './calendar.timezones.js';

/** Interactive reads do not retry: a slow or throttled mailbox is answered from the cache or left out. */
const NO_RETRY = new RetryHandlerOptions(0, 0);
/** Pages of one calendar view followed at most (with 100 events a page). */
const MAX_PAGES = 10;
const PAGE_SIZE = 100;

const DateTimeTimeZoneSchema = z.object({ dateTime: z.string(), timeZone: z.string().nullish() });
const EmailAddressSchema = z.object({ address: z.string().nullish(), name: z.string().nullish() }).nullish();

/** The properties of `microsoft.graph.event` the calendar feature reads. */
const GraphEventSchema = z.object({
  id: z.string(),
  subject: z.string().nullish(),
  start: DateTimeTimeZoneSchema,
  end: DateTimeTimeZoneSchema,
  isAllDay: z.boolean().nullish(),
  isCancelled: z.boolean().nullish(),
  showAs: z.string().nullish(),
  type: z.string().nullish(),
  seriesMasterId: z.string().nullish(),
  originalStart: z.string().nullish(),
  webLink: z.string().nullish(),
  organizer: z.object({ emailAddress: EmailAddressSchema }).nullish(),
  attendees: z.array(z.object({ type: z.string().nullish(), emailAddress: EmailAddressSchema })).nullish(),
});

const CalendarViewPageSchema = z.object({ value: z.array(GraphEventSchema), '@odata.nextLink': z.string().optional() });

const RecurrenceSchema = z
  .object({
    pattern: z.object({ type: z.string(), interval: z.number().int() }).passthrough(),
    range: z.object({ type: z.string() }).passthrough().nullish(),
  })
  .nullish();

const MailboxSettingsSchema = z.object({
  timeZone: z.string().nullish(),
  automaticRepliesSetting: z
    .object({
      status: z.string(),
      scheduledStartDateTime: DateTimeTimeZoneSchema.nullish(),
      scheduledEndDateTime: DateTimeTimeZoneSchema.nullish(),
    })
    .nullish(),
});

/** One event of a calendar view, with instants in ms and lower-cased participant addresses. */
export interface CalendarEvent {
  id: string;
  subject: string;
  startMs: number;
  endMs: number;
  isAllDay: boolean;
  isCancelled: boolean;
  /** `free`, `tentative`, `busy`, `oof`, `workingElsewhere` or `unknown`. */
  showAs: string;
  /** `singleInstance`, `occurrence`, `exception` or `seriesMaster`. */
  type: string;
  seriesMasterId: string | null;
  /** Usual start of a moved occurrence (ms), when Graph says it. */
  originalStartMs: number | null;
  webLink: string | null;
  organizer: string | null;
  /** Attendee addresses, rooms and other resources left out. */
  attendees: string[];
}

/** Automatic replies of a mailbox. */
export interface AutomaticReplies {
  status: 'disabled' | 'alwaysEnabled' | 'scheduled';
  startMs: number | null;
  endMs: number | null;
}

/** The recurrence of a series master, as far as a cadence follows from it. */
export interface SeriesRecurrence {
  /** `daily`, `weekly`, `absoluteMonthly`, `relativeMonthly`, … */
  patternType: string;
  interval: number;
}

function withSignal(request: GraphRequest, signal: AbortSignal | undefined): GraphRequest {
  return signal ? request.option('signal', signal) : request;
}

const address = (value: z.infer<typeof EmailAddressSchema>): string | null => value?.address?.trim().toLowerCase() || null;

function toEvent(raw: z.infer<typeof GraphEventSchema>): CalendarEvent {
  const originalStart = raw.originalStart ? Date.parse(raw.originalStart) : Number.NaN;
  return {
    id: raw.id,
    subject: raw.subject ?? '',
    startMs: instantOfGraphDateTime(raw.start),
    endMs: instantOfGraphDateTime(raw.end),
    isAllDay: raw.isAllDay ?? false,
    isCancelled: raw.isCancelled ?? false,
    showAs: raw.showAs ?? 'unknown',
    type: raw.type ?? 'singleInstance',
    seriesMasterId: raw.seriesMasterId ?? null,
    originalStartMs: Number.isFinite(originalStart) ? originalStart : null,
    webLink: raw.webLink ?? null,
    organizer: address(raw.organizer?.emailAddress),
    attendees: (raw.attendees ?? []).flatMap((attendee) =>
      attendee.type === 'resource' ? [] : address(attendee.emailAddress) ? [address(attendee.emailAddress)!] : [],
    ),
  };
}

const EVENT_SELECT = 'subject,start,end,isAllDay,isCancelled,showAs,type,seriesMasterId,originalStart,webLink,organizer,attendees';

/** `GET /users/{id}/calendarView` between two instants, in UTC, following `@odata.nextLink`. */
export async function readCalendarView(
  graph: Client,
  userId: string,
  fromMs: number,
  toMs: number,
  signal?: AbortSignal,
): Promise<CalendarEvent[]> {
  const query = new URLSearchParams({
    startDateTime: new Date(fromMs).toISOString(),
    endDateTime: new Date(toMs).toISOString(),
    $select: EVENT_SELECT,
    $top: String(PAGE_SIZE),
  });
  let link: string | undefined = `/users/${encodeURIComponent(userId)}/calendarView?${query.toString()}`;
  const events: CalendarEvent[] = [];
  for (let page = 0; link && page < MAX_PAGES; page += 1) {
    const body = CalendarViewPageSchema.parse(
      await withSignal(graph.api(link).header('Prefer', 'outlook.timezone="UTC"').middlewareOptions([NO_RETRY]), signal).get(),
    );
    for (const raw of body.value) events.push(toEvent(raw));
    link = body['@odata.nextLink'];
  }
  return events.filter((event) => Number.isFinite(event.startMs) && Number.isFinite(event.endMs));
}

/** `GET /users/{id}/events/{seriesMasterId}?$select=recurrence`: the pattern of a series, or null when it has none. */
export async function readSeriesRecurrence(
  graph: Client,
  userId: string,
  seriesMasterId: string,
  signal?: AbortSignal,
): Promise<SeriesRecurrence | null> {
  const body = z.object({ recurrence: RecurrenceSchema }).parse(
    await withSignal(
      graph
        .api(`/users/${encodeURIComponent(userId)}/events/${encodeURIComponent(seriesMasterId)}`)
        .query({ $select: 'recurrence' })
        .middlewareOptions([NO_RETRY]),
      signal,
    ).get(),
  );
  return body.recurrence ? { patternType: body.recurrence.pattern.type, interval: body.recurrence.pattern.interval } : null;
}

/** `GET /users/{id}/mailboxSettings`: the automatic replies of the mailbox. */
export async function readAutomaticReplies(graph: Client, userId: string, signal?: AbortSignal): Promise<AutomaticReplies> {
  const body = MailboxSettingsSchema.parse(
    await withSignal(
      graph
        .api(`/users/${encodeURIComponent(userId)}/mailboxSettings`)
        .query({ $select: 'automaticRepliesSetting,timeZone' })
        .middlewareOptions([NO_RETRY]),
      signal,
    ).get(),
  );
  const setting = body.automaticRepliesSetting;
  const status = setting?.status === 'alwaysEnabled' || setting?.status === 'scheduled' ? setting.status : 'disabled';
  const instant = (value: z.infer<typeof DateTimeTimeZoneSchema> | null | undefined): number | null => {
    const ms = value ? instantOfGraphDateTime(value) : Number.NaN;
    return Number.isFinite(ms) ? ms : null;
  };
  return { status, startMs: instant(setting?.scheduledStartDateTime), endMs: instant(setting?.scheduledEndDateTime) };
}

/** The HTTP status of a Graph client error, if it has one. */
export function graphStatusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | null)?.statusCode;
}
