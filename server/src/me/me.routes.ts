import { MeSchema } from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { MeService } from './me.service.js';

/** `GET /api/me`. */
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
}
