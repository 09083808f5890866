import type { Client } from '@microsoft/microsoft-graph-client';
import {
  GenerateTeamReportSchema,
  TeamReportListSchema,
  TeamReportParamsSchema,
  TeamReportSchema,
  TeamReportsParamsSchema,
} from '../contract/index.js';
import { ActivityFeed } from '../graph/activity-feed.js';
import { GraphMailer } from '../graph/send-mail.js';
import type { ApiRouter } from '../http/api-router.js';
import { principalOf } from '../http/authenticate.js';
import type { OkrsRepo } from '../okrs/okrs.repo.js';
import type { OrgDirectory } from '../org/org.directory.js';
import type { SettingsService } from '../settings/settings.service.js';
import { ReportsRepo } from './reports.repo.js';
import { ReportsService, type MonthMetricsSource, type WeekWinsSource } from './reports.service.js';

/** The personal-app page of a team's rituals, opened at its Report section (the deep link of the report mail). */
export const teamRitualsSubPage = (teamId: string): string => `team-rituals/${teamId}/report`;

/** Builds the monthly report service from the shared pieces. */
export function reportsServiceFor(deps: {
  okrsRepo: OkrsRepo;
  settings: SettingsService;
  directory: OrgDirectory;
  metrics: MonthMetricsSource;
  wins: WeekWinsSource;
  graphFor: (tenantId: string) => Client;
  /** The app's id in the Microsoft 365 catalogue (for the deep link). */
  appId: string;
}): ReportsService {
  const feed = new ActivityFeed(deps.graphFor, deps.appId);
  return new ReportsService({
    repo: new ReportsRepo(deps.okrsRepo.readModel),
    okrsRepo: deps.okrsRepo,
    settings: deps.settings,
    directory: deps.directory,
    metrics: deps.metrics,
    wins: deps.wins,
    mailer: new GraphMailer(deps.graphFor),
    linkOf: (teamId) => feed.deepLink(teamRitualsSubPage(teamId)),
  });
}

/** The monthly team report API: the months available, one month's report (stored or a preview), generating and mailing it. */
export function registerReportRoutes(api: ApiRouter, service: ReportsService): void {
  const tags = ['team-reports'];
  const report = api.schema('TeamReport', TeamReportSchema);
  api.route({
    method: 'get',
    path: '/teams/:teamId/reports',
    operationId: 'listTeamReports',
    summary: "The last twelve months of a team's monthly report: which are stored and mailed",
    tags,
    params: TeamReportsParamsSchema,
    errors: [404],
    response: { status: 200, schema: api.schema('TeamReportList', TeamReportListSchema), description: 'The months' },
    handler: (req) => service.list(principalOf(req), req.params.teamId),
  });
  api.route({
    method: 'get',
    path: '/teams/:teamId/reports/:month',
    operationId: 'getTeamReport',
    summary: 'A team’s report of a month: the stored snapshot, or a preview computed now (`preview: true`)',
    tags,
    params: TeamReportParamsSchema,
    errors: [404],
    response: { status: 200, schema: report, description: 'The report' },
    handler: (req) => service.get(principalOf(req), req.params.teamId, req.params.month),
  });
  api.route({
    method: 'post',
    path: '/teams/:teamId/reports/:month/generate',
    operationId: 'generateTeamReport',
    summary: 'Leads: store a fresh snapshot of the month; with `send: true` also mail it to the manager and their manager (once)',
    tags,
    params: TeamReportParamsSchema,
    body: api.schema('GenerateTeamReport', GenerateTeamReportSchema),
    errors: [403, 404, 409],
    response: { status: 200, schema: report, description: 'The stored report with its delivery state' },
    handler: (req) => service.generate(principalOf(req), req.params.teamId, req.params.month, req.body),
  });
}
