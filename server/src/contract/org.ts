import { z } from 'zod';

/** What one org sync did; admins read it through the API. */
export const OrgSyncStatsSchema = z.object({
  kind: z.enum(['full', 'incremental']),
  status: z.enum(['ok', 'failed']),
  /** True when the sync continued one that had died midway. */
  resumed: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  /** Graph requests made (retries after 429 inside the client library are not counted). */
  requests: z.number().int(),
  pages: z.number().int(),
  upserted: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  errors: z.array(z.string()),
});
export type OrgSyncStats = z.infer<typeof OrgSyncStatsSchema>;

/** One line of `POST /api/org/sync` streamed as `application/x-ndjson`, written after every page. */
export const OrgSyncProgressSchema = z.object({
  pages: z.number().int(),
  /** People seen so far in this sync. */
  people: z.number().int(),
});
export type OrgSyncProgress = z.infer<typeof OrgSyncProgressSchema>;

/** The line that ends an `application/x-ndjson` sync stream when the sync could not run to its stats. */
export const OrgSyncStreamErrorSchema = z.object({ error: z.object({ code: z.string(), detail: z.string() }) });
export type OrgSyncStreamError = z.infer<typeof OrgSyncStreamErrorSchema>;

/** `GET /api/org/sync`. */
export const OrgSyncStatusSchema = z.object({
  lastSync: OrgSyncStatsSchema.nullable(),
  people: z.number().int().describe('People in the directory, enabled or not'),
});
export type OrgSyncStatus = z.infer<typeof OrgSyncStatusSchema>;
