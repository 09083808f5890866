import { OrgStateModel } from './org-state.model.js';

interface Entry<T> {
  version: number;
  checkedAt: number;
  value: T;
}

/**
 * A per-tenant value derived from the synced directory, trusted for `checkMs` and then kept only
 * while the tenant's org version (bumped by every org sync that changed people) is unchanged; a
 * check is one small read, a reload happens once per change and is shared by concurrent callers.
 */
export class OrgVersionedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly loading = new Map<string, Promise<T>>();

  constructor(
    private readonly load: (tenantId: string) => Promise<T>,
    private readonly checkMs = 5_000,
  ) {}

  /** Drops a tenant's value (after a sync on this instance). */
  invalidate(tenantId: string): void {
    this.entries.delete(tenantId);
  }

  /** The tenant's current value. */
  async get(tenantId: string): Promise<T> {
    const cached = this.entries.get(tenantId);
    if (cached && Date.now() - cached.checkedAt < this.checkMs) return cached.value;
    const state = await OrgStateModel.findOne({ tenantId }, { orgVersion: 1, _id: 0 }).lean<{ orgVersion: number }>();
    const version = state?.orgVersion ?? 0;
    if (cached && cached.version === version) {
      cached.checkedAt = Date.now();
      return cached.value;
    }
    let loading = this.loading.get(tenantId);
    if (!loading) {
      loading = this.load(tenantId)
        .then((value) => {
          this.entries.set(tenantId, { version, checkedAt: Date.now(), value });
          return value;
        })
        .finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, loading);
    }
    return loading;
  }
}
