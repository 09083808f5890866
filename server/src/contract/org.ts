import { z } from 'zod';
import { PersonRefSchema } from './me.js';

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

/** Query of `GET /api/org/people`: words of a name, UPN or mail address (every word must match), and how many to answer. */
export const PeopleSearchQuerySchema = z
  .object({
    q: z.string().trim().min(2).max(100),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();
export type PeopleSearchQuery = z.infer<typeof PeopleSearchQuerySchema>;

/** A person of the caller's directory, as a people picker shows them. */
export const DirectoryPersonSchema = PersonRefSchema.extend({
  jobTitle: z.string(),
  department: z.string(),
  /** False for accounts disabled in Entra (only HR and admins see those). */
  enabled: z.boolean(),
});
export type DirectoryPerson = z.infer<typeof DirectoryPersonSchema>;

/** `GET /api/org/people`: the best matches, names starting with the query first. */
export const PeopleSearchSchema = z.object({
  items: z.array(DirectoryPersonSchema),
  /** True when more people matched than `limit`. */
  more: z.boolean(),
});
export type PeopleSearch = z.infer<typeof PeopleSearchSchema>;
