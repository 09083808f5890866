import type { Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import type { CalendarOccurrence, OneOnOneCadence, TimeOffPeriod } from '../contract/index.js';
import { StaleWhileRevalidateCache } from './calendar.cache.js';
import {
  graphStatusOf,
  readAutomaticReplies,
  readCalendarView,
  readSeriesRecurrence,
  type AutomaticReplies,
  type CalendarEvent,
  type SeriesRecurrence,
} from './calendar.graph.js';
import { cadenceOf, nextOccurrence, pairSeries, timeOffPeriods, type PersonAddresses } from './calendar.rules.js';

const DAY_MS = 86_400_000;
/** A Graph load that takes longer than this is abandoned (the caller stopped waiting long before). */
const LOAD_TIMEOUT_MS = 10_000;
/** Series masters whose recurrence is read per calendar at most. */
const MAX_SERIES_READS = 25;
/** Answers that mean "this mailbox has nothing to tell us" (no mailbox, no permission), cached like a success. */
const NOTHING_TO_READ = new Set([403, 404]);

export type { PersonAddresses } from './calendar.rules.js';

/** The pair's next 1:1 from the manager's calendar and the cadence of its series. */
export interface PairMeeting {
  occurrence: CalendarOccurrence;
  /** From the series' recurrence; null when it is none of the cadences Northstar knows. */
  cadence: OneOnOneCadence | null;
}

/** What the 1:1s and the weekly mail read from people's Outlook calendars; never throws, answers "nothing known" instead. */
export interface CalendarSource {
  /** The pair's next 1:1 from the manager's calendar; null without a recurring series (or when it cannot be read in time). */
  pairMeeting(tenantId: string, timeZone: string, manager: PersonAddresses, report: PersonAddresses): Promise<PairMeeting | null>;
  /**
   * The person's out-of-office periods overlapping `[fromMs, toMs)`; empty when none (or when they cannot be read in time).
   * With `wait: false` a calendar not yet cached is only started loading (for reads on someone's critical path).
   */
  timeOff(tenantId: string, timeZone: string, personId: string, fromMs: number, toMs: number, wait?: boolean): Promise<TimeOffPeriod[]>;
}

/** Used where no calendar is wired (tests of other features): nobody has a series or time off. */
export const NO_CALENDAR: CalendarSource = {
  pairMeeting: () => Promise.resolve(null),
  timeOff: () => Promise.resolve([]),
};

/** Options of {@link GraphCalendarSource}. */
export interface CalendarOptions {
  /** How long a person's calendar and automatic replies are reused before they are read again. */
  cacheSeconds: number;
  /** How long a request waits for a calendar not read yet before it answers without it. */
  waitMs: number;
  /** Days ahead of now a calendar is read (the 1:1 series must have an occurrence in them). */
  lookaheadDays: number;
  /** Most people whose calendars are kept in memory. */
  maxEntries?: number;
}

interface PersonCalendar {
  /** From a day before the read to `lookaheadDays` after it. */
  events: CalendarEvent[];
  /** Recurrence of the series masters with exactly two participants. */
  recurrences: Map<string, SeriesRecurrence | null>;
}

const EMPTY_CALENDAR: PersonCalendar = { events: [], recurrences: new Map() };

/** A transient Graph failure (not "no mailbox"): the tenant is not asked again for a while. */
class TransientGraphError extends Error {}

/**
 * Calendars and automatic replies read app-only through Microsoft Graph, cached per person: requests are
 * answered from the cache, wait at most `waitMs` for a first read, and a tenant whose Graph fails is left
 * alone for a minute, so the agenda never depends on Graph being quick or up.
 */
export class GraphCalendarSource implements CalendarSource {
  private readonly calendars: StaleWhileRevalidateCache<PersonCalendar>;
  private readonly replies: StaleWhileRevalidateCache<AutomaticReplies | null>;
  /** Tenants whose Graph failed, until when they are not asked. */
  private readonly downUntil = new Map<string, number>();
  private readonly failureTtlMs: number;

  constructor(
    private readonly graphFor: (tenantId: string) => Client,
    private readonly options: CalendarOptions,
    private readonly logger?: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.failureTtlMs = Math.min(60_000, options.cacheSeconds * 1000);
    const cacheOptions = {
      ttlMs: options.cacheSeconds * 1000,
      failureTtlMs: this.failureTtlMs,
      maxEntries: options.maxEntries ?? 20_000,
      clock,
      onError: (key: string, error: unknown) => this.failed(key, error),
    };
    this.calendars = new StaleWhileRevalidateCache(cacheOptions);
    this.replies = new StaleWhileRevalidateCache(cacheOptions);
  }

  async pairMeeting(tenantId: string, timeZone: string, manager: PersonAddresses, report: PersonAddresses): Promise<PairMeeting | null> {
    const calendar = await this.calendarOf(tenantId, manager.id);
    if (!calendar) return null;
    const now = this.clock();
    let best: PairMeeting | null = null;
    for (const [masterId, group] of pairSeries(calendar.events, manager, report)) {
      const recurrence = calendar.recurrences.get(masterId) ?? null;
      const occurrence = nextOccurrence(group, recurrence, now, timeZone);
      if (occurrence && (!best || occurrence.start < best.occurrence.start)) best = { occurrence, cadence: cadenceOf(recurrence) };
    }
    return best;
  }

  async timeOff(tenantId: string, timeZone: string, personId: string, fromMs: number, toMs: number, wait = true): Promise<TimeOffPeriod[]> {
    const waitMs = wait ? this.options.waitMs : 0;
    const [calendar, replies] = await Promise.all([
      this.calendarOf(tenantId, personId, waitMs),
      this.repliesOf(tenantId, personId, waitMs),
    ]);
    if (!calendar && !replies) return [];
    return timeOffPeriods(calendar?.events ?? [], replies ?? null, { nowMs: this.clock(), fromMs, toMs }, timeZone);
  }

  /** Forgets every cached calendar (tests). */
  clear(): void {
    this.calendars.clear();
    this.replies.clear();
    this.downUntil.clear();
  }

  private isDown(tenantId: string): boolean {
    const until = this.downUntil.get(tenantId);
    if (until === undefined) return false;
    if (until > this.clock()) return true;
    this.downUntil.delete(tenantId);
    return false;
  }

  private calendarOf(tenantId: string, personId: string, waitMs = this.options.waitMs): Promise<PersonCalendar | undefined> {
    if (this.isDown(tenantId)) return Promise.resolve(undefined);
    return this.calendars.get(`${tenantId}:${personId}`, () => this.loadCalendar(tenantId, personId), waitMs);
  }

  private async repliesOf(tenantId: string, personId: string, waitMs = this.options.waitMs): Promise<AutomaticReplies | null | undefined> {
    if (this.isDown(tenantId)) return undefined;
    return this.replies.get(
      `${tenantId}:${personId}`,
      () => this.load(tenantId, null, (graph, signal) => readAutomaticReplies(graph, personId, signal)),
      waitMs,
    );
  }

  private async loadCalendar(tenantId: string, personId: string): Promise<PersonCalendar> {
    const now = this.clock();
    const events = await this.load(tenantId, [] as CalendarEvent[], (graph, signal) =>
      readCalendarView(graph, personId, now - DAY_MS, now + this.options.lookaheadDays * DAY_MS, signal),
    );
    if (events.length === 0) return EMPTY_CALENDAR;
    const twoPeople = [
      ...new Set(
        events
          .filter(
            (event) => event.seriesMasterId && new Set([...(event.organizer ? [event.organizer] : []), ...event.attendees]).size === 2,
          )
          .map((event) => event.seriesMasterId!),
      ),
    ].slice(0, MAX_SERIES_READS);
    const recurrences = new Map<string, SeriesRecurrence | null>();
    await Promise.all(
      twoPeople.map(async (masterId) => {
        try {
          recurrences.set(
            masterId,
            await this.load(tenantId, null, (graph, signal) => readSeriesRecurrence(graph, personId, masterId, signal)),
          );
        } catch {
          recurrences.set(masterId, null);
        }
      }),
    );
    return { events, recurrences };
  }

  /** Runs one Graph read with a timeout; "no mailbox" and "not allowed" answer `nothing`, other failures are transient. */
  private async load<T>(tenantId: string, nothing: T, read: (graph: Client, signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await read(this.graphFor(tenantId), AbortSignal.timeout(LOAD_TIMEOUT_MS));
    } catch (error) {
      const status = graphStatusOf(error);
      if (status !== undefined && NOTHING_TO_READ.has(status)) return nothing;
      throw new TransientGraphError(
        `Graph calendar read failed${status ? ` (${status})` : ''}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private failed(key: string, error: unknown): void {
    const tenantId = key.slice(0, key.indexOf(':'));
    this.downUntil.set(tenantId, this.clock() + this.failureTtlMs);
    this.logger?.warn(
      { tenantId, err: error instanceof Error ? error.message : String(error) },
      'calendar read failed; answering without it',
    );
  }
}
