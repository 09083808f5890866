import express, { type RequestHandler, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { TokenVerifier } from './auth/token-verifier.js';
import type { Config } from './config.js';
import { GraphCalendarSource } from './calendar/calendar.service.js';
import { ClientConfigSchema, HealthSchema, type Health } from './contract/index.js';
import { ApiRouter } from './http/api-router.js';
import { authenticate } from './http/authenticate.js';
import { AppError } from './http/errors.js';
import { notFoundHandler, problemHandler, sendProblem } from './http/problem.js';
import { registerMeRoutes } from './me/me.routes.js';
import { MeService } from './me/me.service.js';
import type { OrgDirectory } from './org/org.directory.js';
import { registerOrgRoutes } from './org/org.routes.js';
import { OkrsCsvService } from './okrs/okrs.csv.js';
import { OkrsRepo } from './okrs/okrs.repo.js';
import { registerOkrRoutes } from './okrs/okrs.routes.js';
import { OkrsService } from './okrs/okrs.service.js';
import { SettingsRepo } from './settings/settings.repo.js';
import { registerSettingsRoutes } from './settings/settings.routes.js';
import { SettingsService } from './settings/settings.service.js';
import { OrgService } from './org/org.service.js';
import type { OrgSync } from './org/org.sync.js';
import type { TenantsRepo } from './tenants/tenants.repo.js';
import { WeeklyRepo } from './weekly/weekly.repo.js';
import { registerWeeklyRoutes } from './weekly/weekly.routes.js';
import { OnboardingRepo } from './onboarding/onboarding.repo.js';
import { registerOnboardingRoutes } from './onboarding/onboarding.routes.js';
import { OnboardingService } from './onboarding/onboarding.service.js';
import { mountOneOnOnes } from './oneonones/oneonones.routes.js';
import { mountWins } from './wins/wins.routes.js';
import { mountProposals } from './proposals/proposals.routes.js';
import { MetricsRepo } from './metrics/metrics.repo.js';
import { registerMetricsRoutes } from './metrics/metrics.routes.js';
import { MetricsService } from './metrics/metrics.service.js';
import { mountChannelTabs } from './channels/channels.routes.js';
import { mountTeamCheckIn } from './teamcheckin/teamcheckin.routes.js';
import { registerReportRoutes, reportsServiceFor } from './reports/reports.routes.js';
import { teamsAppId } from './teams/app-id.js';
import { WeeklyService } from './weekly/weekly.service.js';
import { GraphSentItems } from './weekly/weekly.sentitems.js';

/** What the database module tells the app. */
export interface DatabaseStatus {
  kind: Health['database']['kind'];
  state(): Health['database']['state'];
}

/** Everything the Express app depends on; `main.ts` and the tests build these. */
export interface AppDependencies {
  config: Config;
  logger: Logger;
  version: string;
  database: DatabaseStatus;
  verifyToken: TokenVerifier;
  tenants: TenantsRepo;
  graphFor: (tenantId: string) => Client;
  /** Org questions (manager chain, reports) over the synced directory. */
  directory: OrgDirectory;
  orgSync: OrgSync;
  /** Serves the built tab and add-in (omitted in API-only tests). */
  webRouter?: Router;
  /** Dev host pages; mounted at `/dev` only when configured. */
  devRouter?: Router;
  /** The OKR store with its in-memory read model, shared with the scheduled jobs so a process holds one copy per tenant. */
  okrsRepo?: OkrsRepo;
}

/** Origins allowed to frame the tab and the task pane (Teams, Outlook, Microsoft 365). */
const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.teams.cloud.microsoft',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.outlook.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
];

/** Builds the Express app without listening. */
export function createApp(deps: AppDependencies): express.Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.set('query parser', 'simple');

  app.use(
    helmet({
      xFrameOptions: false,
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", 'https://appsforoffice.microsoft.com', 'https://res.cdn.office.net'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'", 'https://login.microsoftonline.com'],
          'frame-src': ["'self'", 'https://login.microsoftonline.com'],
          'frame-ancestors': FRAME_ANCESTORS,
        },
      },
    }),
  );
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/api/health' } }));

  const requireDatabase: RequestHandler = (_req, _res, next) => {
    if (deps.database.state() !== 'up') throw new AppError('database_unavailable');
    next();
  };
  const api = new ApiRouter({
    authenticate: authenticate(deps.verifyToken, (tenantId) => deps.tenants.isOnboarded(tenantId)),
    requireDatabase,
  });

  api.route({
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Liveness and database state',
    tags: ['system'],
    authenticated: false,
    usesDatabase: false,
    response: { status: 200, schema: api.schema('Health', HealthSchema), description: 'Health' },
    handler: (): Health => {
      const state = deps.database.state();
      return {
        status: state === 'up' ? 'ok' : 'degraded',
        version: deps.version,
        uptimeSeconds: Math.round(process.uptime()),
        database: { kind: deps.database.kind, state },
      };
    },
  });
  api.route({
    method: 'get',
    path: '/config',
    operationId: 'getClientConfig',
    summary: 'What the tab and add-in need to sign in',
    tags: ['system'],
    authenticated: false,
    usesDatabase: false,
    response: { status: 200, schema: api.schema('ClientConfig', ClientConfigSchema), description: 'Client configuration' },
    handler: () => ({
      entraClientId: config.ENTRA_CLIENT_ID,
      authority: `${config.ENTRA_AUTHORITY_HOST.replace(/\/$/, '')}/organizations`,
      apiScope: `api://${config.ENTRA_CLIENT_ID}/${config.ENTRA_API_SCOPE}`,
    }),
  });
  registerMeRoutes(api, new MeService(deps.graphFor));
  registerOrgRoutes(api, new OrgService(deps.orgSync));
  const settingsService = new SettingsService(new SettingsRepo());
  registerSettingsRoutes(api, settingsService);
  const okrsRepo = deps.okrsRepo ?? new OkrsRepo();
  const okrsService = new OkrsService(okrsRepo, settingsService, deps.directory);
  registerOkrRoutes(api, okrsService, new OkrsCsvService(okrsRepo, okrsService, settingsService, deps.directory));
  const calendar = new GraphCalendarSource(
    deps.graphFor,
    { cacheSeconds: config.CALENDAR_CACHE_SECONDS, waitMs: config.CALENDAR_WAIT_MS, lookaheadDays: config.CALENDAR_LOOKAHEAD_DAYS },
    logger,
  );
  const sentItems = new GraphSentItems(deps.graphFor, { addInId: teamsAppId(config.ENTRA_CLIENT_ID, config.APP_ID) }, logger);
  registerWeeklyRoutes(
    api,
    new WeeklyService(
      new WeeklyRepo(okrsRepo.readModel),
      okrsRepo,
      okrsService,
      settingsService,
      deps.directory,
      calendar,
      undefined,
      undefined,
      sentItems,
      // The wins service is made with the team routes below; the mail reads it only once requests arrive.
      { winsByAuthor: (tenantId, authorId, isoWeeks) => wins.winsByAuthor(tenantId, authorId, isoWeeks) },
    ),
  );
  const onboarding = new OnboardingService(new OnboardingRepo(okrsRepo), okrsService, okrsRepo, settingsService, deps.directory, {
    enrolWindowDays: config.ONBOARDING_ENROL_WINDOW_DAYS,
    dueDays: config.ONBOARDING_DUE_DAYS,
  });
  registerOnboardingRoutes(api, onboarding);
  mountOneOnOnes(api, { okrsRepo, settings: settingsService, directory: deps.directory, onboarding, graphFor: deps.graphFor, calendar });
  /** Health metrics of teams (the check-in agenda and the monthly report read them through this service). */
  const metrics = new MetricsService(new MetricsRepo(okrsRepo.readModel), settingsService, deps.directory);
  registerMetricsRoutes(api, metrics);
  /** Friday wins (the digest, the monthly report and the weekly mail read them through this service). */
  const wins = mountWins(api, { okrsRepo, settings: settingsService, directory: deps.directory });
  mountChannelTabs(api, { directory: deps.directory });
  mountProposals(api, { okrsRepo, okrsService, settings: settingsService, directory: deps.directory });
  mountTeamCheckIn(api, { okrsRepo, settings: settingsService, directory: deps.directory, metrics });
  registerReportRoutes(
    api,
    reportsServiceFor({
      okrsRepo,
      settings: settingsService,
      directory: deps.directory,
      metrics,
      wins,
      graphFor: deps.graphFor,
      appId: teamsAppId(config.ENTRA_CLIENT_ID, config.APP_ID),
    }),
  );

  const openApi = api.openApiDocument({ version: deps.version });
  const apiRateLimit = rateLimit({
    windowMs: 60_000,
    limit: config.RATE_LIMIT_PER_MINUTE,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => sendProblem(res, new AppError('rate_limited'), req.originalUrl.split('?')[0]),
  });

  app.use('/api', apiRateLimit, express.json({ limit: config.BODY_LIMIT, strict: true }));
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.use('/api', api.router);
  app.use('/api', notFoundHandler);

  if (deps.devRouter) app.use('/dev', deps.devRouter);
  if (deps.webRouter) app.use(deps.webRouter);
  app.get('/', (_req, res) => res.redirect('/tab/'));

  app.use(problemHandler(logger));
  return app;
}
