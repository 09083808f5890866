import { z } from 'zod';
import { teamsAppId } from '@northstar/server/teams';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Settings the app package is built from, all read from the environment. */
export interface PackageEnv {
  /** Public origin of the server, without a trailing slash, e.g. `https://northstar.example.com`. */
  hostUrl: string;
  /** Host (with port when not the default) of `hostUrl`, e.g. `northstar.example.com`. */
  host: string;
  /** Entra application (client) id. */
  entraClientId: string;
  /** The app's own id in the Microsoft 365 catalogue. */
  appId: string;
  /** Delegated scope name of our API, as in the server's `ENTRA_API_SCOPE`. */
  apiScope: string;
  /** Publisher shown in the store and the admin center. */
  developerName: string;
}

/** Raised when the environment cannot produce a package; `problems` lists every bad variable. */
export class PackageEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`The app package cannot be built from this environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageEnvError';
  }
}

const hostUrlSchema = z
  .string({ error: 'HOST_URL is required: the public origin of the server, e.g. https://northstar.example.com' })
  .trim()
  .min(1, 'HOST_URL is required: the public origin of the server, e.g. https://northstar.example.com')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `HOST_URL "${value}" is not a URL` });
      return;
    }
    const local = LOCAL_HOSTNAMES.has(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
      ctx.addIssue({
        code: 'custom',
        message: `HOST_URL "${value}" must use https (http is allowed only for localhost)`,
      });
    }
    if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
      ctx.addIssue({
        code: 'custom',
        message: `HOST_URL "${value}" must be an origin only (scheme, host, optional port), without path, query or credentials`,
      });
    }
  });

const guidSchema = (name: string, meaning: string) =>
  z
    .string({ error: `${name} is required: ${meaning}` })
    .trim()
    .min(1, `${name} is required: ${meaning}`)
    .regex(GUID, `${name} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx): ${meaning}`);

const envSchema = z.object({
  HOST_URL: hostUrlSchema,
  ENTRA_CLIENT_ID: guidSchema('ENTRA_CLIENT_ID', 'the application (client) id of the Entra app registration'),
  APP_ID: guidSchema('APP_ID', "the app's own id in the Microsoft 365 catalogue").optional(),
  ENTRA_API_SCOPE: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]+$/, 'ENTRA_API_SCOPE must be a bare scope name such as access_as_user')
    .default('access_as_user'),
  DEVELOPER_NAME: z.string().trim().min(1).max(32, 'DEVELOPER_NAME must be at most 32 characters').default('Northstar contributors'),
});

/** The APP_ID used when none is set: a name-based (v5) GUID of the Entra client id, stable across builds. */
export function deriveAppId(entraClientId: string): string {
  return teamsAppId(entraClientId);
}

/** Reads and checks the package settings; throws {@link PackageEnvError} listing every problem. */
export function readPackageEnv(env: NodeJS.ProcessEnv = process.env): PackageEnv {
  const blankToUndefined = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);
  const parsed = envSchema.safeParse({
    HOST_URL: blankToUndefined(env.HOST_URL),
    ENTRA_CLIENT_ID: blankToUndefined(env.ENTRA_CLIENT_ID),
    APP_ID: blankToUndefined(env.APP_ID),
    ENTRA_API_SCOPE: blankToUndefined(env.ENTRA_API_SCOPE),
    DEVELOPER_NAME: blankToUndefined(env.DEVELOPER_NAME),
  });
  if (!parsed.success) throw new PackageEnvError(parsed.error.issues.map((issue) => issue.message));
  const url = new URL(parsed.data.HOST_URL);
  const entraClientId = parsed.data.ENTRA_CLIENT_ID.toLowerCase();
  return {
    hostUrl: url.origin,
    host: url.host,
    entraClientId,
    appId: teamsAppId(entraClientId, parsed.data.APP_ID),
    apiScope: parsed.data.ENTRA_API_SCOPE,
    developerName: parsed.data.DEVELOPER_NAME,
  };
}
