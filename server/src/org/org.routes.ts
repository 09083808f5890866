import { OrgSyncStatsSchema, OrgSyncStatusSchema } from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { OrgService } from './org.service.js';

/** `GET /api/org/sync` (last sync) and `POST /api/org/sync` (run one now), for admins. */
export function registerOrgRoutes(api: ApiRouter, service: OrgService): void {
  api.route({
    method: 'get',
    path: '/org/sync',
    operationId: 'getOrgSyncStatus',
    summary: 'The last org sync from Microsoft Graph: time, counts, duration, requests, errors (admins)',
    tags: ['org'],
    errors: [403],
    response: { status: 200, schema: api.schema('OrgSyncStatus', OrgSyncStatusSchema), description: 'Sync status' },
    handler: (req) => service.syncStatus(principalOf(req)),
  });
  api.route({
    method: 'post',
    path: '/org/sync',
    operationId: 'runOrgSync',
    summary: 'Runs an incremental org sync now and answers its stats (admins)',
    tags: ['org'],
    errors: [403],
    response: { status: 200, schema: api.schema('OrgSyncStats', OrgSyncStatsSchema), description: 'What the sync did' },
    handler: (req) => service.runSync(principalOf(req)),
  });
}
