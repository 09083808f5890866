import { RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import type { OrgSyncStats } from '../contract/index.js';
import type { OrgDirectory } from './org.directory.js';
import { OrgStateModel } from './org-state.model.js';
import { PeopleWriter, type PersonFields } from './people.writer.js';

/** Properties read from Graph; `manager` arrives as `manager@delta`. */
export const USER_SELECT = [
  'id',
  'displayName',
  'mail',
  'userPrincipalName',
  'jobTitle',
  'department',
  'employeeHireDate',
  'accountEnabled',
  'manager',
];

const INITIAL_DELTA = `/users/delta?$select=${USER_SELECT.join(',')}`;
/** Retries for 429/503/504 per request, honouring Retry-After (the library's maximum is 10). */
const RETRY = new RetryHandlerOptions(3, 10);

interface DeltaUser {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  employeeHireDate?: string | null;
  accountEnabled?: boolean | null;
  'manager@delta'?: Array<{ id: string; '@removed'?: unknown }>;
  '@removed'?: { reason?: string };
}

interface DeltaPage {
  value: DeltaUser[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** Reports progress after each page. */
export type SyncProgress = (progress: { pages: number; people: number }) => void;

/** Dependencies of the org sync. */
export interface OrgSyncDeps {
  graphFor: (tenantId: string) => Client;
  directory: OrgDirectory;
  logger: Logger;
}

/**
 * Keeps the `people` collection equal to the tenant's directory through Graph delta queries:
 * the first sync pages through everyone, later ones apply only changes. Progress is stored after
 * every page, so a sync that dies resumes from the last stored page; writes are idempotent upserts.
 */
export class OrgSync {
  private readonly running = new Map<string, Promise<OrgSyncStats>>();

  constructor(private readonly deps: OrgSyncDeps) {}

  /** Syncs one tenant; concurrent calls for the same tenant share one run. `full` discards the delta link. */
  sync(tenantId: string, options: { full?: boolean; onProgress?: SyncProgress } = {}): Promise<OrgSyncStats> {
    let run = this.running.get(tenantId);
    if (!run) {
      run = this.run(tenantId, options).finally(() => this.running.delete(tenantId));
      this.running.set(tenantId, run);
    }
    return run;
  }

  /** The last sync's stats, or null before the first. */
  async lastSync(tenantId: string): Promise<OrgSyncStats | null> {
    const state = await OrgStateModel.findOne({ tenantId }, { lastSync: 1, _id: 0 }).lean<{ lastSync: OrgSyncStats | null }>();
    return state?.lastSync ?? null;
  }

  private async run(tenantId: string, options: { full?: boolean; onProgress?: SyncProgress }): Promise<OrgSyncStats> {
    const startedAt = new Date();
    const state = await OrgStateModel.findOneAndUpdate(
      { tenantId },
      { $setOnInsert: { tenantId, orgVersion: 0 } },
      { upsert: true, returnDocument: 'after' },
    ).lean<{ deltaLink: string | null; resumeLink: string | null; fullSyncInProgress?: boolean }>();
    const resumed = !options.full && Boolean(state?.resumeLink);
    let link = options.full ? null : (state?.resumeLink ?? state?.deltaLink ?? null);
    const stats: OrgSyncStats = {
      kind: resumed ? (state?.fullSyncInProgress ? 'full' : 'incremental') : link ? 'incremental' : 'full',
      status: 'ok',
      resumed,
      startedAt: startedAt.toISOString(),
      finishedAt: startedAt.toISOString(),
      durationMs: 0,
      requests: 0,
      pages: 0,
      upserted: 0,
      changed: 0,
      removed: 0,
      errors: [],
    };
    await OrgStateModel.updateOne({ tenantId }, { $set: { fullSyncInProgress: stats.kind === 'full' } });
    const graph = this.deps.graphFor(tenantId);
    const people = await PeopleWriter.open(tenantId);
    // People a complete full sync did not see have left the directory; a resumed one saw only part of it.
    const seen = new Set<string>();
    let restartedFull = false;

    try {
      for (;;) {
        let page: DeltaPage;
        try {
          stats.requests += 1;
          page = (await graph
            .api(link ?? INITIAL_DELTA)
            .header('x-ms-throttle-priority', 'low')
            .middlewareOptions([RETRY])
            .get()) as DeltaPage;
        } catch (error) {
          if (statusOf(error) === 410 && !restartedFull) {
            // Graph no longer knows the delta or resume token: start over with a full sync.
            restartedFull = true;
            link = null;
            stats.kind = 'full';
            stats.resumed = false;
            await OrgStateModel.updateOne({ tenantId }, { $set: { deltaLink: null, resumeLink: null, fullSyncInProgress: true } });
            continue;
          }
          throw error;
        }
        stats.pages += 1;
        const counts = await this.applyPage(people, page.value ?? [], stats.kind === 'full', seen);
        stats.upserted += counts.inserted;
        stats.changed += counts.modified;
        stats.removed += counts.removed;
        options.onProgress?.({ pages: stats.pages, people: seen.size });

        const next = page['@odata.nextLink'];
        if (next) {
          await OrgStateModel.updateOne({ tenantId }, { $set: { resumeLink: next } });
          link = next;
          continue;
        }
        const deltaLink = page['@odata.deltaLink'];
        if (!deltaLink) throw new Error('A delta page had neither @odata.nextLink nor @odata.deltaLink.');
        if (stats.kind === 'full' && !stats.resumed) {
          const gone = people.ids().filter((id) => !seen.has(id) && people.get(id)?.removedReason === null);
          const result = await people.apply(gone.map((id) => ({ id, set: { enabled: false, removedReason: 'deleted' as const } })));
          stats.removed += result.modified;
        }
        await this.finish(tenantId, stats, startedAt, { deltaLink, resumeLink: null, fullSyncInProgress: false });
        return stats;
      }
    } catch (error) {
      stats.status = 'failed';
      stats.errors.push(describe(error));
      this.deps.logger.error(
        { tenantId, err: describe(error), pages: stats.pages },
        'org sync failed; it will resume from the last stored page',
      );
      await this.finish(tenantId, stats, startedAt, {});
      return stats;
    }
  }

  private async applyPage(
    people: PeopleWriter,
    users: DeltaUser[],
    full: boolean,
    seen: Set<string>,
  ): Promise<{ inserted: number; modified: number; removed: number }> {
    const changes: Array<{ id: string; set: Partial<PersonFields>; create?: boolean }> = [];
    let removals = 0;
    for (const user of users) {
      if (!user?.id) continue;
      if (user['@removed']) {
        if (full) continue;
        removals += 1;
        const reason = user['@removed'].reason === 'deleted' ? 'deleted' : 'changed';
        changes.push({ id: user.id, set: { enabled: false, removedReason: reason }, create: false });
        continue;
      }
      seen.add(user.id);
      const set: Partial<PersonFields> = { removedReason: null };
      if (user.displayName !== undefined) set.displayName = user.displayName ?? '';
      if (user.mail !== undefined) set.mail = user.mail ?? '';
      if (user.userPrincipalName !== undefined) set.upn = user.userPrincipalName ?? '';
      if (user.jobTitle !== undefined) set.jobTitle = user.jobTitle ?? '';
      if (user.department !== undefined) set.department = user.department ?? '';
      if (user.employeeHireDate !== undefined) set.hireDate = user.employeeHireDate ? new Date(user.employeeHireDate) : null;
      if (user.accountEnabled !== undefined) set.enabled = user.accountEnabled !== false;
      const managerDelta = user['manager@delta'];
      if (managerDelta) set.managerId = managerDelta.find((entry) => !entry['@removed'])?.id ?? null;
      else if (full) set.managerId = null;
      changes.push({ id: user.id, set });
    }
    const written = await people.apply(changes);
    const removed = Math.min(removals, written.modified);
    return { inserted: written.inserted, modified: written.modified - removed, removed };
  }

  private async finish(
    tenantId: string,
    stats: OrgSyncStats,
    startedAt: Date,
    links: Record<string, string | boolean | null>,
  ): Promise<void> {
    const finishedAt = new Date();
    stats.finishedAt = finishedAt.toISOString();
    stats.durationMs = finishedAt.getTime() - startedAt.getTime();
    const changedPeople = stats.upserted + stats.changed + stats.removed > 0;
    await OrgStateModel.updateOne(
      { tenantId },
      { $set: { ...links, lastSync: stats }, ...(changedPeople ? { $inc: { orgVersion: 1 } } : {}) },
    );
    if (changedPeople) this.deps.directory.invalidate(tenantId);
    this.deps.logger.info({ tenantId, ...stats, errors: stats.errors.length }, 'org sync finished');
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | null)?.statusCode;
}

function describe(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return status ? `Graph answered ${status}: ${message}` : message;
}
