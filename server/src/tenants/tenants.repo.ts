import { TenantModel, type TenantRecord } from './tenants.model.js';

const ONBOARDING_CACHE_MS = 60_000;

/** Tenant records; onboarding checks are cached briefly because every request asks. */
export class TenantsRepo {
  private readonly onboarded = new Map<string, { active: boolean; checkedAt: number }>();

  /** True when the tenant exists and is active. */
  async isOnboarded(tenantId: string): Promise<boolean> {
    const cached = this.onboarded.get(tenantId);
    if (cached && Date.now() - cached.checkedAt < ONBOARDING_CACHE_MS) return cached.active;
    const tenant = await TenantModel.findOne({ tenantId }, { status: 1 }).lean<Pick<TenantRecord, 'status'>>();
    const active = tenant?.status === 'active';
    this.onboarded.set(tenantId, { active, checkedAt: Date.now() });
    return active;
  }

  /** Creates the tenant if missing (idempotent); returns whether it was created. */
  async ensure(tenantId: string, name: string): Promise<boolean> {
    const result = await TenantModel.updateOne({ tenantId }, { $setOnInsert: { tenantId, name, status: 'active' } }, { upsert: true });
    this.onboarded.delete(tenantId);
    return result.upsertedCount > 0;
  }
}
