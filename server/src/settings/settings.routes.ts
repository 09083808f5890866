import { PeriodListSchema, TenantSettingsSchema, UpdateTenantSettingsSchema } from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { SettingsService } from './settings.service.js';

/** `GET/PUT /api/settings`, `GET /api/periods`. */
export function registerSettingsRoutes(api: ApiRouter, service: SettingsService): void {
  const settings = api.schema('TenantSettings', TenantSettingsSchema);
  api.route({
    method: 'get',
    path: '/settings',
    operationId: 'getSettings',
    summary: "The tenant's mission, north star, cadence and limits",
    tags: ['settings'],
    response: { status: 200, schema: settings, description: 'Settings' },
    handler: (req) => service.get(principalOf(req)),
  });
  api.route({
    method: 'put',
    path: '/settings',
    operationId: 'updateSettings',
    summary: 'Change the tenant settings (admins)',
    tags: ['settings'],
    body: api.schema('UpdateTenantSettings', UpdateTenantSettingsSchema),
    errors: [403, 409],
    response: { status: 200, schema: settings, description: 'Settings after the change' },
    handler: (req) => service.update(principalOf(req), req.body),
  });
  api.route({
    method: 'get',
    path: '/periods',
    operationId: 'listPeriods',
    summary: 'The current OKR period and its neighbours',
    tags: ['settings'],
    response: { status: 200, schema: api.schema('PeriodList', PeriodListSchema), description: 'Periods' },
    handler: (req) => service.periods(principalOf(req)),
  });
}
