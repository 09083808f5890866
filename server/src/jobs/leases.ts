import { randomUUID } from 'node:crypto';
import { LeaseModel } from './lease.model.js';

/** Per-tenant leases so that exactly one server instance runs a scheduled job at a time. */
export class Leases {
  /** This instance's id as written into the leases it holds. */
  readonly holder: string;

  constructor(holder: string = randomUUID()) {
    this.holder = holder;
  }

  /**
   * Takes or renews the lease for `ttlMs`; false when another instance holds a live one. A lease
   * row exists per (tenant, job); taking it is one conditional upsert whose unique index makes a
   * competing insert fail.
   */
  async acquire(tenantId: string, name: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    try {
      const result = await LeaseModel.updateOne(
        { tenantId, name, $or: [{ expiresAt: { $lte: now } }, { holder: this.holder }] },
        { $set: { holder: this.holder, expiresAt: new Date(now.getTime() + ttlMs) } },
        { upsert: true },
      );
      return result.matchedCount + result.upsertedCount > 0;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  /** Gives the lease up early (only if this instance holds it). */
  async release(tenantId: string, name: string): Promise<void> {
    await LeaseModel.updateOne({ tenantId, name, holder: this.holder }, { $set: { expiresAt: new Date(0) } });
  }
}
