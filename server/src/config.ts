import { z } from 'zod';

const booleanFromEnv = z.enum(['true', 'false', '1', '0', '']).transform((value) => value === 'true' || value === '1');

const optionalUrl = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined))
  .pipe(z.url().optional());

/**
 * Every environment variable the server reads. The README's configuration table mirrors this list;
 * keep both in step. Values are validated once at start-up and the process exits on bad config.
 */
export const configSchema = z.object({
  /** Port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to bind; loopback by default, `0.0.0.0` behind a load balancer. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Public origin of this server (used for links and the app manifest). */
  HOST_URL: optionalUrl,
  /** MongoDB connection string. Without it the server starts an embedded database (see README). */
  MONGODB_URI: z.string().trim().optional(),
  /** Folder for local state (the embedded database's files when no MONGODB_URI is given), relative to the working directory. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Delay before a crashed local database is restarted (doubles on repeated failures, up to 10 times this). */
  DB_RESTART_DELAY_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  /** Application (client) id of the Entra app registration; the `aud` of access tokens. */
  ENTRA_CLIENT_ID: z.string().min(1),
  /** Client secret of the Entra app, for app-only Graph tokens (client credentials). */
  ENTRA_CLIENT_SECRET: z.string().min(1).optional(),
  /** Issuer template; `{tenantid}` is replaced by the token's `tid`. */
  ENTRA_ISSUER_TEMPLATE: z.string().includes('{tenantid}').default('https://login.microsoftonline.com/{tenantid}/v2.0'),
  /** JWKS document with the issuer's signing keys. */
  ENTRA_JWKS_URL: z.url().default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
  /** Authority host for token requests to Graph (client credentials). */
  ENTRA_AUTHORITY_HOST: z.url().default('https://login.microsoftonline.com'),
  /** Delegated scope our API requires in `scp`. */
  ENTRA_API_SCOPE: z.string().min(1).default('access_as_user'),
  /** Allowed clock skew when checking `exp`/`nbf`, in seconds. */
  TOKEN_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  /** Microsoft Graph base URL including the version segment. */
  GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com/v1.0'),
  /** Optional PEM file with an extra certificate authority to trust for Graph (private proxies, the stand-in). */
  GRAPH_CA_FILE: z.string().min(1).optional(),
  /** Minutes between scheduled org syncs from Graph (0 turns the schedule off). */
  ORG_SYNC_INTERVAL_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(60),
  /** Minutes between rounds of weekly-mail reminders in the Teams activity feed (0 turns them off). */
  WEEKLY_REMINDER_INTERVAL_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(15),
  /**
   * Minutes between checks for the monthly team reports (0 turns them off). On the first working day of a month (tenant
   * time zone, from 08:00) each team using team rituals gets last month's report mailed once, through Graph sendMail.
   */
  MONTHLY_REPORT_INTERVAL_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(60),
  /**
   * Minutes between rounds of the Friday wins digest (0 turns it off). From the tenant's digest time (settings
   * `winsDigest`, default Friday 15:00 tenant time) each team with a bound channel tab gets its week's wins posted once.
   */
  WINS_DIGEST_INTERVAL_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(15),
  /** How long before a person's weekly-mail deadline the "due" reminder goes out. */
  WEEKLY_REMINDER_LEAD_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  /** The app's id in the Microsoft 365 catalogue (as in the app package), for deep links; derived from ENTRA_CLIENT_ID when unset. */
  APP_ID: z.guid().optional(),
  /** Where the Outlook add-in loads Office.js from. */
  OFFICE_JS_URL: z.url().or(z.string().startsWith('/')).default('https://appsforoffice.microsoft.com/lib/1/hosted/office.js'),
  /** Requests per minute per client address before 429. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Largest accepted JSON body. */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i)
    .default('256kb'),
  /** Trust `X-Forwarded-*` from this many proxies (0 = none). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Mounts the dev host pages (`/dev/teams`, `/dev/outlook`); only the demo launcher sets it. */
  DEV_HOSTS: booleanFromEnv.default(false),
  /** People whose Graph hire date is at most this many days ago are enrolled in the onboarding OKR coursework automatically. */
  ONBOARDING_ENROL_WINDOW_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** Days after the hire date the onboarding coursework is due. */
  ONBOARDING_DUE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Seconds a person's Outlook calendar and automatic replies (read through Graph) are reused before they are read again. */
  CALENDAR_CACHE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  /** Milliseconds a request waits for a calendar not read yet before it answers without it (the read finishes into the cache). */
  CALENDAR_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(300),
  /** Days ahead of now a calendar is read; the pair's recurring 1:1 must have an occurrence within them. */
  CALENDAR_LOOKAHEAD_DAYS: z.coerce.number().int().min(7).max(120).default(42),
});

/** The validated configuration. */
export type Config = z.infer<typeof configSchema>;

/** Thrown when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates configuration from an environment object. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return result.data;
}
