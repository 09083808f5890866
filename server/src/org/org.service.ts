import type { Principal } from '../auth/principal.js';
import type { OrgSyncStats, OrgSyncStatus } from '../contract/index.js';
import { authorizeOrg } from './org.policy.js';
import type { OrgSync, SyncProgress } from './org.sync.js';
import { PersonModel } from './people.model.js';

/** Org administration: sync status and on-demand syncs. */
export class OrgService {
  constructor(private readonly orgSync: OrgSync) {}

  /** The tenant's last sync and directory size. */
  async syncStatus(principal: Principal): Promise<OrgSyncStatus> {
    authorizeOrg(principal, 'readSyncStatus');
    const [lastSync, people] = await Promise.all([
      this.orgSync.lastSync(principal.tenantId),
      PersonModel.countDocuments({ tenantId: principal.tenantId }),
    ]);
    return { lastSync, people };
  }

  /** Runs a sync of the caller's tenant now; `onAuthorized` runs once the caller may, before the first page. */
  async runSync(principal: Principal, options: { onAuthorized?: () => void; onProgress?: SyncProgress } = {}): Promise<OrgSyncStats> {
    authorizeOrg(principal, 'runSync');
    options.onAuthorized?.();
    return this.orgSync.sync(principal.tenantId, { onProgress: options.onProgress });
  }
}
