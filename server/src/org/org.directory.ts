import { OrgVersionedCache } from './org-versioned-cache.js';
import { PersonModel, personKey, type PersonRecord } from './people.model.js';
import { findPeople } from './people.reader.js';

interface OrgIndex {
  managerOf: Map<string, string | null>;
  reportsOf: Map<string, string[]>;
}

/**
 * Answers org questions (manager chain, reports, subtree) from a per-tenant in-memory index of
 * manager links, loaded with one query and invalidated when a sync bumps the tenant's org version:
 * each question costs at most one version check and, after a change, one reload.
 */
export class OrgDirectory {
  private readonly indexes = new OrgVersionedCache(loadIndex);
  /** People read so far, kept while the org version is unchanged (null: not in the tenant). */
  private readonly peopleRead = new OrgVersionedCache(() => Promise.resolve(new Map<string, PersonRecord | null>()));

  /** Drops the cached index of a tenant (called by the sync on this instance). */
  invalidate(tenantId: string): void {
    this.indexes.invalidate(tenantId);
    this.peopleRead.invalidate(tenantId);
  }

  /** Several people by id as a map, from memory until the next org sync changes people (read by `_id` the first time). */
  async cachedPeople(tenantId: string, ids: readonly string[]): Promise<Map<string, PersonRecord>> {
    const known = await this.peopleRead.get(tenantId);
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) {
      const rows = await findPeople(tenantId, missing);
      for (const id of missing) known.set(id, null);
      for (const row of rows) known.set(row.id, row);
    }
    const found = new Map<string, PersonRecord>();
    for (const id of ids) {
      const row = known.get(id);
      if (row) found.set(id, row);
    }
    return found;
  }

  /** The person, or null when unknown in the tenant. */
  async person(tenantId: string, userId: string): Promise<PersonRecord | null> {
    return PersonModel.findOne({ _id: personKey(tenantId, userId) }, { _id: 0 }).lean<PersonRecord>();
  }

  /** Several people by id (a lookup by `_id` each for a handful, one query for many). */
  async people(tenantId: string, ids: readonly string[]): Promise<PersonRecord[]> {
    return findPeople(tenantId, ids);
  }

  /** Managers above the person, nearest first; stops at the top or at a cycle. */
  async managerChain(tenantId: string, userId: string): Promise<string[]> {
    const index = await this.index(tenantId);
    const chain: string[] = [];
    const seen = new Set([userId]);
    let current = index.managerOf.get(userId) ?? null;
    while (current && !seen.has(current)) {
      chain.push(current);
      seen.add(current);
      current = index.managerOf.get(current) ?? null;
    }
    return chain;
  }

  /** True when `managerId` is somewhere above `userId`. */
  async isInManagerChain(tenantId: string, managerId: string, userId: string): Promise<boolean> {
    return (await this.managerChain(tenantId, userId)).includes(managerId);
  }

  /** Direct reports' ids. */
  async directReports(tenantId: string, managerId: string): Promise<string[]> {
    return [...((await this.index(tenantId)).reportsOf.get(managerId) ?? [])];
  }

  /** Everyone below the manager (breadth first), cycle-safe. */
  async subtree(tenantId: string, managerId: string): Promise<string[]> {
    const index = await this.index(tenantId);
    const result: string[] = [];
    const seen = new Set([managerId]);
    const queue = [managerId];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const report of index.reportsOf.get(next) ?? []) {
        if (seen.has(report)) continue;
        seen.add(report);
        result.push(report);
        queue.push(report);
      }
    }
    return result;
  }

  private index(tenantId: string): Promise<OrgIndex> {
    return this.indexes.get(tenantId);
  }
}

async function loadIndex(tenantId: string): Promise<OrgIndex> {
  const rows = await PersonModel.find({ tenantId }, { id: 1, managerId: 1, _id: 0 })
    .batchSize(100_000)
    .lean<Array<{ id: string; managerId: string | null }>>();
  const managerOf = new Map<string, string | null>();
  const reportsOf = new Map<string, string[]>();
  for (const row of rows) {
    managerOf.set(row.id, row.managerId);
    if (row.managerId) {
      const reports = reportsOf.get(row.managerId);
      if (reports) reports.push(row.id);
      else reportsOf.set(row.managerId, [row.id]);
    }
  }
  return { managerOf, reportsOf };
}
