import { MePreferencesSchema, MeSchema } from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { MeService } from './me.service.js';

/** `GET /api/me` and `PUT /api/me/preferences`. */
export function registerMeRoutes(api: ApiRouter, service: MeService): void {
  api.route({
    method: 'get',
    path: '/me',
    operationId: 'getMe',
    summary: 'The signed-in caller: name, UPN, tenant, roles and manager',
    tags: ['me'],
    response: { status: 200, schema: api.schema('Me', MeSchema), description: 'The caller' },
    handler: (req) => service.me(principalOf(req)),
  });
  const preferences = api.schema('MePreferences', MePreferencesSchema);
  api.route({
    method: 'put',
    path: '/me/preferences',
    operationId: 'setMyPreferences',
    summary: "Store what the caller's client reports about them: their time zone, which their weekly-mail deadline follows",
    tags: ['me'],
    body: preferences,
    response: { status: 200, schema: preferences, description: 'The stored preferences' },
    handler: (req) => service.setPreferences(principalOf(req), req.body),
  });
}
