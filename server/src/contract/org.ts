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

/** `GET /api/org/sync`. */
export const OrgSyncStatusSchema = z.object({
  lastSync: OrgSyncStatsSchema.nullable(),
  people: z.number().int().describe('People in the directory, enabled or not'),
});
export type OrgSyncStatus = z.infer<typeof OrgSyncStatusSchema>;
