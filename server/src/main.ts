import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Router } from 'express';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { createTokenVerifier } from './auth/token-verifier.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { connectMongoose, databaseState, disconnectMongoose } from './db/connection.js';
import { startDatabase, type RunningDatabase } from './db/launcher.js';
import { runMigrations } from './db/migrations.js';
import { ActivityFeed } from './graph/activity-feed.js';
import { createGraphClientFactory } from './graph/graph-client.js';
import { createGraphTokenProvider } from './graph/token-provider.js';
import { Leases } from './jobs/leases.js';
import { Scheduler } from './jobs/scheduler.js';
import { createLogger } from './logger.js';
import { checkInIdsMigration } from './okrs/okrs.migrations.js';
import { OkrsRepo } from './okrs/okrs.repo.js';
import { OnboardingReminders } from './onboarding/onboarding.reminders.js';
import { onboardingServiceFor } from './onboarding/onboarding.service.js';
import { OrgDirectory } from './org/org.directory.js';
import { OrgSync } from './org/org.sync.js';
import { PreferencesRepo } from './me/preferences.repo.js';
import { monthlyReportsFor, type MonthlyReports } from './reports/reports.job.js';
import { findRepoRoot } from './paths.js';
import { SettingsRepo } from './settings/settings.repo.js';
import { SettingsService } from './settings/settings.service.js';
import { teamsAppId } from './teams/index.js';
import { TenantsRepo } from './tenants/tenants.repo.js';
import { version } from './version.js';
import { WeeklyReminders } from './weekly/weekly.reminders.js';
import { winsDigestFor, type WinsDigest } from './wins/wins.digest.js';
import { createWebRouter } from './web/web.router.js';

/** Extra wiring a launcher may add (the demo launcher mounts the dev hosts). */
export interface ServerExtras {
  devRouter?: Router;
  /** Called once the database is connected, before listening (the demo launcher seeds here). */
  onDatabaseReady?: (context: ServerContext) => Promise<void>;
}

/** The server's long-lived services, as launchers and seeders see them. */
export interface ServerContext {
  logger: Logger;
  tenants: TenantsRepo;
  directory: OrgDirectory;
  orgSync: OrgSync;
  scheduler: Scheduler;
  /** Weekly-mail reminders in the Teams activity feed (run by the scheduler; tests call `run` with a chosen time). */
  weeklyReminders: WeeklyReminders;
  /** Overdue onboarding coursework reminders, after enrolling recent hires. */
  onboardingReminders: OnboardingReminders;
  /** Last month's team reports mailed on the first working day (run by the scheduler; tests call `run(tenantId, now)`). */
  monthlyReports: MonthlyReports;
  /** The Friday wins digest to bound team channels (run by the scheduler; tests call `run(tenantId, now)`). */
  winsDigest: WinsDigest;
}

/** A running server. */
export interface RunningServer {
  url: string;
  config: Config;
  database: RunningDatabase;
  logger: Logger;
  context: ServerContext;
  close(): Promise<void>;
}

const repoRoot = findRepoRoot();
/** Overdue coursework is checked hourly (reminders go out once a week per person). */
const ONBOARDING_REMINDER_INTERVAL_MS = 60 * 60_000;

/** Starts database, app and HTTP listener from a validated configuration. */
export async function startServer(config: Config, extras: ServerExtras = {}): Promise<RunningServer> {
  const logger = createLogger(config.LOG_LEVEL);
  const database = await startDatabase({
    dataDir: path.resolve(config.DATA_DIR, 'db'),
    mongodbUri: config.MONGODB_URI,
    logger,
    restartBackoff: { initialMs: config.DB_RESTART_DELAY_MS, maxMs: config.DB_RESTART_DELAY_MS * 10 },
  });
  await connectMongoose(database.uri, logger);
  await runMigrations([checkInIdsMigration], logger);

  const tokenProvider = createGraphTokenProvider({
    authorityHost: config.ENTRA_AUTHORITY_HOST,
    clientId: config.ENTRA_CLIENT_ID,
    clientSecret: config.ENTRA_CLIENT_SECRET ?? '',
  });
  const graphFor = createGraphClientFactory({ baseUrl: config.GRAPH_BASE_URL, caFile: config.GRAPH_CA_FILE, tokenProvider });
  const tenants = new TenantsRepo();
  const directory = new OrgDirectory();
  const orgSync = new OrgSync({ graphFor, directory, logger });
  const leases = new Leases();
  const okrsRepo = new OkrsRepo();
  const scheduler = new Scheduler(leases, logger);
  const feed = new ActivityFeed(graphFor, teamsAppId(config.ENTRA_CLIENT_ID, config.APP_ID));
  const weeklyReminders = new WeeklyReminders({
    settings: new SettingsService(new SettingsRepo()),
    preferences: new PreferencesRepo(),
    feed,
    logger,
    leadMinutes: config.WEEKLY_REMINDER_LEAD_MINUTES,
  });
  const onboarding = onboardingServiceFor(directory, config);
  const onboardingReminders = new OnboardingReminders({ onboarding, feed, logger });
  const monthlyReports = monthlyReportsFor({
    directory,
    graphFor,
    appId: teamsAppId(config.ENTRA_CLIENT_ID, config.APP_ID),
    logger,
    holder: leases.holder,
    okrsRepo,
  });
  const winsDigest = winsDigestFor({
    directory,
    graphFor,
    appId: teamsAppId(config.ENTRA_CLIENT_ID, config.APP_ID),
    leases,
    logger,
    okrsRepo,
  });
  const context: ServerContext = {
    logger,
    tenants,
    directory,
    orgSync,
    scheduler,
    weeklyReminders,
    onboardingReminders,
    monthlyReports,
    winsDigest,
  };
  await extras.onDatabaseReady?.(context);
  if (config.ORG_SYNC_INTERVAL_MINUTES > 0) {
    scheduler.start({
      name: 'org-sync',
      intervalMs: config.ORG_SYNC_INTERVAL_MINUTES * 60_000,
      run: async (tenantId) => {
        await orgSync.sync(tenantId);
        await onboarding.enrolRecentHires(tenantId);
      },
    });
  }

  if (config.WEEKLY_REMINDER_INTERVAL_MINUTES > 0) {
    scheduler.start({
      name: 'weekly-reminders',
      intervalMs: config.WEEKLY_REMINDER_INTERVAL_MINUTES * 60_000,
      run: async (tenantId) => {
        const summary = await weeklyReminders.run(tenantId);
        if (!summary.idle) logger.info(summary, 'weekly-mail reminders sent');
      },
    });
    scheduler.start({
      name: 'onboarding-reminders',
      intervalMs: ONBOARDING_REMINDER_INTERVAL_MS,
      run: async (tenantId) => {
        const summary = await onboardingReminders.run(tenantId);
        if (summary.sent + summary.failed > 0) logger.info(summary, 'onboarding reminders sent');
      },
    });
  }

  if (config.MONTHLY_REPORT_INTERVAL_MINUTES > 0) {
    scheduler.start({
      name: 'monthly-team-reports',
      intervalMs: config.MONTHLY_REPORT_INTERVAL_MINUTES * 60_000,
      run: async (tenantId) => {
        const summary = await monthlyReports.run(tenantId);
        if (summary.sent + summary.failed > 0) logger.info(summary, 'monthly team reports mailed');
      },
    });
  }

  if (config.WINS_DIGEST_INTERVAL_MINUTES > 0) {
    scheduler.start({
      name: 'wins-digest',
      intervalMs: config.WINS_DIGEST_INTERVAL_MINUTES * 60_000,
      run: async (tenantId) => {
        const summary = await winsDigest.run(tenantId);
        if (summary.channel + summary.activity + summary.failed > 0) logger.info(summary, 'wins digests delivered');
      },
    });
  }

  const app = createApp({
    config,
    logger,
    version,
    database: { kind: database.kind, state: databaseState },
    verifyToken: createTokenVerifier({
      jwksUrl: config.ENTRA_JWKS_URL,
      issuerTemplate: config.ENTRA_ISSUER_TEMPLATE,
      audience: config.ENTRA_CLIENT_ID,
      requiredScope: config.ENTRA_API_SCOPE,
      clockSkewSeconds: config.TOKEN_CLOCK_SKEW_SECONDS,
    }),
    tenants,
    graphFor,
    directory,
    orgSync,
    okrsRepo,
    webRouter: createWebRouter({
      officeJsUrl: config.OFFICE_JS_URL,
      tabDist: path.join(repoRoot, 'tab', 'dist'),
      addinDist: path.join(repoRoot, 'addin', 'dist'),
      iconsDir: path.join(repoRoot, 'manifest', 'icons'),
    }),
    devRouter: config.DEV_HOSTS ? extras.devRouter : undefined,
  });

  const server = app.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
  logger.info({ url, database: database.kind }, 'Northstar is listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      });
      await scheduler.stop();
      await disconnectMongoose();
      await database.stop();
    })());
  return { url, config, database, logger, context, close };
}

/** Stops the server on SIGTERM/SIGINT, letting requests in flight finish. */
export function closeOnSignals(running: { close(): Promise<void>; logger: Logger }, extraClose?: () => Promise<void>): void {
  const shutdown = (signal: string) => {
    running.logger.info({ signal }, 'shutting down');
    void running
      .close()
      .then(() => extraClose?.())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Loads config or exits with the list of problems. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfigOrExit();
  startServer(config)
    .then((running) => closeOnSignals(running))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
