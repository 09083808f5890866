import {
  MarkDiscussedSchema,
  TeamCheckInAgendaSchema,
  TeamCheckInParamsSchema,
  TeamCheckInQuerySchema,
  TeamCheckInTeamParamsSchema,
} from '../contract/index.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import type { OrgDirectory } from '../org/org.directory.js';
import type { SettingsService } from '../settings/settings.service.js';
import { TeamCheckInRepo } from './teamcheckin.repo.js';
import { TeamCheckInService, type TeamMetricsSource } from './teamcheckin.service.js';

/** Builds the team check-in service from the shared pieces and registers its routes. */
export function mountTeamCheckIn(
  api: ApiRouter,
  deps: { okrsRepo: OkrsRepo; settings: SettingsService; directory: OrgDirectory; metrics?: TeamMetricsSource },
): TeamCheckInService {
  const service = new TeamCheckInService(new TeamCheckInRepo(deps.okrsRepo), deps.settings, deps.directory, deps.metrics);
  registerTeamCheckInRoutes(api, service);
  return service;
}

/** The team check-in API: the agenda of a week and the facilitator's discussed marks. */
export function registerTeamCheckInRoutes(api: ApiRouter, service: TeamCheckInService): void {
  const agenda = api.schema('TeamCheckInAgenda', TeamCheckInAgendaSchema);
  const query = TeamCheckInQuerySchema;
  const tags = ['team-check-in'];
  api.route({
    method: 'get',
    path: '/teams/:teamId/check-ins/current',
    operationId: 'getCurrentTeamCheckIn',
    summary: "This week's team check-in agenda (tenant time zone); members read, leads facilitate",
    tags,
    params: TeamCheckInTeamParamsSchema,
    query,
    errors: [404],
    response: { status: 200, schema: agenda, description: 'The agenda' },
    handler: (req) => service.current(principalOf(req), req.params.teamId, req.query),
  });
  api.route({
    method: 'get',
    path: '/teams/:teamId/check-ins/:isoWeek',
    operationId: 'getTeamCheckIn',
    summary: 'The team check-in agenda of a week: company OKRs, the groups, health metrics out of band, red priorities and risks (paged)',
    tags,
    params: TeamCheckInParamsSchema,
    query,
    errors: [404],
    response: { status: 200, schema: agenda, description: 'The agenda' },
    handler: (req) => service.agenda(principalOf(req), req.params.teamId, req.params.isoWeek, req.query),
  });
  api.route({
    method: 'put',
    path: '/teams/:teamId/check-ins/:isoWeek/discussed',
    operationId: 'markTeamCheckInDiscussed',
    summary: 'Mark an agenda item discussed or not (the team’s manager, someone above them or an admin)',
    tags,
    params: TeamCheckInParamsSchema,
    body: api.schema('MarkDiscussed', MarkDiscussedSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: agenda, description: 'The agenda after the change' },
    handler: (req) => service.markDiscussed(principalOf(req), req.params.teamId, req.params.isoWeek, req.body),
  });
}
