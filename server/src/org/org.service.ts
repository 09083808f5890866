import type { Principal } from '../auth/principal.js';
import type { OrgSyncStats, OrgSyncStatus, PeopleSearch, PeopleSearchQuery } from '../contract/index.js';
import { authorizeOrg, seesDisabledPeople } from './org.policy.js';
import { presentPeopleSearch } from './org.presenter.js';
import type { OrgSync, SyncProgress } from './org.sync.js';
import { PersonModel } from './people.model.js';
import { PeopleSearchIndex } from './people.search.js';

/** Org administration (sync status and on-demand syncs) and the directory search behind people pickers. */
export class OrgService {
  constructor(
    private readonly orgSync: OrgSync,
    private readonly peopleIndex: PeopleSearchIndex = new PeopleSearchIndex(),
  ) {}

  /** `GET /api/org/people?q=`: people of the caller's tenant by name, UPN or mail; disabled accounts only for HR and admins. */
  async searchPeople(principal: Principal, query: PeopleSearchQuery): Promise<PeopleSearch> {
    authorizeOrg(principal, 'searchPeople');
    const { items, more } = await this.peopleIndex.search(principal.tenantId, query.q, {
      limit: query.limit,
      includeDisabled: seesDisabledPeople(principal),
    });
    return presentPeopleSearch(items, more);
  }

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
