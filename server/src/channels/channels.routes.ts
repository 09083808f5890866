import { BindChannelTabSchema, ChannelTabParamsSchema, ChannelTabSchema } from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { OrgDirectory } from '../org/org.directory.js';
import { ChannelTabsRepo } from './channels.repo.js';
import { ChannelTabsService } from './channels.service.js';

/** Builds the channel tab service and registers its routes. */
export function mountChannelTabs(api: ApiRouter, deps: { directory: OrgDirectory }): ChannelTabsService {
  const service = new ChannelTabsService(new ChannelTabsRepo(), deps.directory);
  registerChannelTabRoutes(api, service);
  return service;
}

/** `GET/PUT /api/channel-tabs/:channelId` (the channel id URL-encoded). */
export function registerChannelTabRoutes(api: ApiRouter, service: ChannelTabsService): void {
  const tab = api.schema('ChannelTab', ChannelTabSchema);
  const tags = ['channel-tabs'];
  api.route({
    method: 'get',
    path: '/channel-tabs/:channelId',
    operationId: 'getChannelTab',
    summary: 'The team a channel tab shows (404 when unconfigured or not the caller’s team to see)',
    tags,
    params: ChannelTabParamsSchema,
    errors: [404],
    response: { status: 200, schema: tab, description: 'The binding' },
    handler: (req) => service.get(principalOf(req), req.params.channelId),
  });
  api.route({
    method: 'put',
    path: '/channel-tabs/:channelId',
    operationId: 'bindChannelTab',
    summary: "Bind a channel's tab to a team (the team's manager, someone above them or an admin)",
    tags,
    params: ChannelTabParamsSchema,
    body: api.schema('BindChannelTab', BindChannelTabSchema),
    errors: [403, 404],
    response: { status: 200, schema: tab, description: 'The binding after the change' },
    handler: (req) => service.bind(principalOf(req), req.params.channelId, req.body),
  });
}
