import { RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import { z } from 'zod';

/** Interactive reads do not retry: a slow or throttled mailbox is simply asked again later. */
const NO_RETRY = new RetryHandlerOptions(0, 0);
const PAGE_SIZE = 50;
/** Pages of Sent Items followed at most (a week of an author's sent mail). */
const MAX_PAGES = 10;
/** Name of the custom property the add-in tags the weekly mail with (addin/src/host/office.ts WEEKLY_TAG_PROPERTY). */
const WEEKLY_TAG_PROPERTY = 'northstarWeekly';

/**
 * The MAPI named property Exchange keeps an Outlook add-in's custom properties in (MS-OXCEXT 2.2.5):
 * PS_PUBLIC_STRINGS, name `cecp-<add-in id>`, the id lower-cased without braces or `urn:uuid:`.
 */
export function customPropertiesId(addInId: string): string {
  const id = addInId
    .toLowerCase()
    .replace(/[{}]/g, '')
    .replace(/^urn:uuid:/, '');
  return `String {00020329-0000-0000-C000-000000000046} Name cecp-${id}`;
}

const SentMessageSchema = z.object({
  id: z.string(),
  sentDateTime: z.string().nullish(),
  singleValueExtendedProperties: z.array(z.object({ id: z.string(), value: z.string().nullish() })).nullish(),
});
const SentItemsPageSchema = z.object({ value: z.array(SentMessageSchema), '@odata.nextLink': z.string().optional() });

/** Where a weekly mail that was sent without telling Northstar can be found afterwards; never throws. */
export interface SentItemsSource {
  /** When the author's mail tagged with this report was sent (at or after `sinceMs`), or null when none is found (or in time). */
  sentAt(tenantId: string, authorId: string, reportId: string, isoWeek: string, sinceMs: number): Promise<Date | null>;
}

/** Used where no mailbox is wired: nothing is ever found. */
export const NO_SENT_ITEMS: SentItemsSource = { sentAt: () => Promise.resolve(null) };

/** Options of {@link GraphSentItems}. */
export interface SentItemsOptions {
  /** The Outlook add-in's id (the unified manifest's `id`). */
  addInId: string;
  /** How long an answer (found or not) is reused before the mailbox is asked again. */
  cacheMs?: number;
  /** How long a read waits for Graph before it answers "not found". */
  timeoutMs?: number;
  /** Most answers kept in memory. */
  maxEntries?: number;
}

/** Reads the tag of one message's custom properties; null unless it names the report and week. */
function taggedSentAt(message: z.infer<typeof SentMessageSchema>, propertyId: string, reportId: string, isoWeek: string): Date | null {
  const property = message.singleValueExtendedProperties?.find((candidate) => candidate.id.toLowerCase() === propertyId.toLowerCase());
  if (!property?.value || !message.sentDateTime) return null;
  try {
    const all = JSON.parse(property.value) as Record<string, unknown>;
    const raw = all[WEEKLY_TAG_PROPERTY];
    const tag = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { reportId?: unknown; isoWeek?: unknown } | null;
    if (tag?.reportId !== reportId || tag.isoWeek !== isoWeek) return null;
  } catch {
    return null;
  }
  const sent = new Date(message.sentDateTime);
  return Number.isFinite(sent.getTime()) ? sent : null;
}

/**
 * The author's Sent Items read app-only through Microsoft Graph (`Mail.Read`): finds the message the
 * add-in tagged with the report. Answers are cached per report for a short while and a read that takes
 * longer than `timeoutMs` (or fails) answers null, so a weekly read never waits on Graph for long.
 */
export class GraphSentItems implements SentItemsSource {
  private readonly propertyId: string;
  private readonly cacheMs: number;
  private readonly timeoutMs: number;
  private readonly maxEntries: number;
  private readonly answers = new Map<string, { until: number; sentAt: Promise<Date | null> }>();

  constructor(
    private readonly graphFor: (tenantId: string) => Client,
    options: SentItemsOptions,
    private readonly logger?: Logger,
  ) {
    this.propertyId = customPropertiesId(options.addInId);
    this.cacheMs = options.cacheMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 1_500;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  sentAt(tenantId: string, authorId: string, reportId: string, isoWeek: string, sinceMs: number): Promise<Date | null> {
    const key = `${tenantId}|${authorId}|${reportId}|${isoWeek}`;
    const now = Date.now();
    const cached = this.answers.get(key);
    if (cached && cached.until > now) return cached.sentAt;
    if (this.answers.size >= this.maxEntries) {
      for (const [staleKey, entry] of this.answers) if (entry.until <= now) this.answers.delete(staleKey);
      if (this.answers.size >= this.maxEntries) this.answers.clear();
    }
    const sentAt = this.read(tenantId, authorId, reportId, isoWeek, sinceMs);
    this.answers.set(key, { until: now + this.cacheMs, sentAt });
    return sentAt;
  }

  private async read(tenantId: string, authorId: string, reportId: string, isoWeek: string, sinceMs: number): Promise<Date | null> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const graph = this.graphFor(tenantId);
      const query = new URLSearchParams({
        $filter: `sentDateTime ge ${new Date(sinceMs).toISOString()}`,
        $select: 'id,subject,sentDateTime',
        $expand: `singleValueExtendedProperties($filter=id eq '${this.propertyId}')`,
        $top: String(PAGE_SIZE),
      });
      let link: string | undefined = `/users/${encodeURIComponent(authorId)}/mailFolders/sentitems/messages?${query.toString()}`;
      let found: Date | null = null;
      for (let page = 0; link && page < MAX_PAGES; page += 1) {
        const body = SentItemsPageSchema.parse(await graph.api(link).middlewareOptions([NO_RETRY]).option('signal', signal).get());
        for (const message of body.value) {
          const sent = taggedSentAt(message, this.propertyId, reportId, isoWeek);
          if (sent && (!found || sent < found)) found = sent;
        }
        link = body['@odata.nextLink'];
      }
      return found;
    } catch (error) {
      this.logger?.debug({ err: error, tenantId, authorId }, 'sent items not read');
      return null;
    }
  }
}
