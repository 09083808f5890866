import {
  CreateWinSchema,
  TeamWinsParamsSchema,
  UpdateWinSchema,
  WinParamsSchema,
  WinReactionParamsSchema,
  WinSchema,
  WinsWallQuerySchema,
  WinsWallSchema,
} from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import type { OrgDirectory } from '../org/org.directory.js';
import type { SettingsService } from '../settings/settings.service.js';
import { WinsRepo } from './wins.repo.js';
import { WinsService } from './wins.service.js';

/** Builds the wins service from the shared pieces and registers its routes. */
export function mountWins(api: ApiRouter, deps: { okrsRepo: OkrsRepo; settings: SettingsService; directory: OrgDirectory }): WinsService {
  const service = new WinsService(new WinsRepo(deps.okrsRepo.readModel), deps.okrsRepo, deps.settings, deps.directory);
  registerWinRoutes(api, service);
  return service;
}

/** The wins API: a team's weekly wall, posting, editing and deleting a win, and reactions. */
export function registerWinRoutes(api: ApiRouter, service: WinsService): void {
  const win = api.schema('Win', WinSchema);
  const tags = ['wins'];

  api.route({
    method: 'get',
    path: '/teams/:teamId/wins',
    operationId: 'getWinsWall',
    summary: "A team's wins of one week, newest first, with reaction counts (default: this week in the tenant's time zone)",
    tags,
    params: TeamWinsParamsSchema,
    query: WinsWallQuerySchema,
    errors: [404],
    response: { status: 200, schema: api.schema('WinsWall', WinsWallSchema), description: 'The wall' },
    handler: (req) => service.wall(principalOf(req), req.params.teamId, req.query),
  });
  api.route({
    method: 'post',
    path: '/teams/:teamId/wins',
    operationId: 'postWin',
    summary: "Post a win to this week's wall of a team (anyone who sees the team), optionally linked to an objective or key result",
    tags,
    params: TeamWinsParamsSchema,
    body: api.schema('CreateWin', CreateWinSchema),
    errors: [404],
    response: { status: 201, schema: win, description: 'The new win' },
    handler: (req) => service.post(principalOf(req), req.params.teamId, req.body),
  });
  api.route({
    method: 'patch',
    path: '/wins/:winId',
    operationId: 'updateWin',
    summary: 'Edit the text or link of a win (its author)',
    tags,
    params: WinParamsSchema,
    body: api.schema('UpdateWin', UpdateWinSchema),
    errors: [403, 404],
    response: { status: 200, schema: win, description: 'The win after the change' },
    handler: (req) => service.update(principalOf(req), req.params.winId, req.body),
  });
  api.route({
    method: 'delete',
    path: '/wins/:winId',
    operationId: 'deleteWin',
    summary: 'Delete a win (its author or a lead of the team)',
    tags,
    params: WinParamsSchema,
    errors: [403, 404],
    response: { status: 204, schema: null, description: 'Deleted' },
    handler: (req) => service.remove(principalOf(req), req.params.winId),
  });
  api.route({
    method: 'put',
    path: '/wins/:winId/reactions/:kind',
    operationId: 'addWinReaction',
    summary: "Add the caller's reaction of a kind to a win (repeating it changes nothing)",
    tags,
    params: WinReactionParamsSchema,
    errors: [404],
    response: { status: 200, schema: win, description: 'The win with the reaction' },
    handler: (req) => service.react(principalOf(req), req.params.winId, req.params.kind, true),
  });
  api.route({
    method: 'delete',
    path: '/wins/:winId/reactions/:kind',
    operationId: 'removeWinReaction',
    summary: "Remove the caller's reaction of a kind from a win (repeating it changes nothing)",
    tags,
    params: WinReactionParamsSchema,
    errors: [404],
    response: { status: 200, schema: win, description: 'The win without the reaction' },
    handler: (req) => service.react(principalOf(req), req.params.winId, req.params.kind, false),
  });
}
