import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { loadConfig, type Config } from '../src/config.js';
import { startServer, type RunningServer } from '../src/main.js';
import { teamsAppId } from '../src/teams/app-id.js';
import { startGraphStandIn, type GraphStandIn } from './graph/server.js';
import { createDevHostsRouter, type DemoUser } from './hosts/router.js';
import { GRAPH_AUDIENCE, startIssuer, type StandInIssuer } from './issuer/issuer.js';
import type { AccessTokenClaims } from './issuer/tokens.js';
import { DEMO_TENANT_ID, demoOrg } from './org/generate.js';
import type { GraphUser } from './org/types.js';
import { seedDemoCalendars } from './seed/calendar.seed.js';
import { seedDemoTeams } from './seed/channels.seed.js';
import { runSeeders } from './seed/seed.js';
import { demoSeeders } from './seed/seeders.js';

/** Client id of the demo Entra app registration. */
export const DEMO_CLIENT_ID = '3c0a5e1f-7b2d-4c8e-9f60-1a2b3c4d5e6f';
const DEMO_CLIENT_SECRET = 'demo-only-client-secret';
/** Graph application permissions the demo app holds. */
const DEMO_GRAPH_ROLES = [
  'User.Read.All',
  'TeamsActivity.Send',
  'Calendars.ReadBasic.All',
  'MailboxSettings.Read',
  'Mail.Read',
  'Mail.Send',
];

/** What survives restarts of the demo: the ports of the stand-ins (tokens name the issuer's URL). */
interface DemoState {
  issuerPort: number;
}

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Folder for the database files, issuer key and demo state. */
  dataDir: string;
  /** Port of the server; 0 picks a free one. */
  port: number;
  logLevel?: Config['LOG_LEVEL'];
  /** The demo org's reference day (new hires are dated before it). */
  today?: Date;
  /** Extra environment (e.g. MONGODB_URI, RATE_LIMIT_PER_MINUTE). */
  env?: NodeJS.ProcessEnv;
}

/** The running demo: server, stand-ins and its people. */
export interface RunningDemo {
  url: string;
  server: RunningServer;
  issuer: StandInIssuer;
  graph: GraphStandIn;
  tenantId: string;
  clientId: string;
  people: GraphUser[];
  users: DemoUser[];
  /** A bearer token for our API for a demo user (by UPN). */
  tokenFor(upn: string, overrides?: { expiresInSeconds?: number; issuedAt?: number }): Promise<string>;
  stop(): Promise<void>;
}

/** The demo org's people as the dev hosts and `demo:users` list them. */
export function toDemoUsers(people: GraphUser[]): DemoUser[] {
  const byId = new Map(people.map((person) => [person.id, person]));
  const managers = new Set(people.map((person) => person.managerId).filter((id): id is string => id !== null));
  return people
    .filter((person) => person.accountEnabled)
    .map((person) => ({
      upn: person.userPrincipalName,
      name: person.displayName,
      roles: ['employee', ...(managers.has(person.id) ? ['manager'] : []), ...person.appRoles.map((role) => role.toLowerCase())],
      managerUpn: person.managerId ? (byId.get(person.managerId)?.userPrincipalName ?? null) : null,
    }));
}

/** The claims of an access token for our API issued to a demo person. */
export function demoTokenClaims(person: GraphUser): AccessTokenClaims {
  return {
    tenantId: DEMO_TENANT_ID,
    objectId: person.id,
    audience: DEMO_CLIENT_ID,
    scopes: ['access_as_user'],
    roles: person.appRoles,
    name: person.displayName,
    upn: person.userPrincipalName,
    clientAppId: DEMO_CLIENT_ID,
  };
}

/** Reads the demo state, making one (with a free issuer port) on first use. */
export async function loadDemoState(dataDir: string): Promise<DemoState> {
  const file = path.join(dataDir, 'demo', 'state.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoState;
  const state: DemoState = { issuerPort: await freePort() };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(state, null, 2));
  return state;
}

/** Path of the demo issuer's signing key. */
export function issuerKeyFile(dataDir: string): string {
  return path.join(dataDir, 'demo', 'issuer-key.json');
}

/** Starts issuer, Graph stand-in, database and server with the seeded demo org. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const dataDir = path.resolve(options.dataDir);
  const today = options.today ?? new Date();
  const state = await loadDemoState(dataDir);
  const issuer = await startIssuer({
    port: (await isPortFree(state.issuerPort)) ? state.issuerPort : 0,
    keyFile: issuerKeyFile(dataDir),
    clients: [{ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, graphRoles: DEMO_GRAPH_ROLES }],
  });

  const graphJwks = createRemoteJWKSet(new URL(issuer.jwksUrl));
  const graph = await startGraphStandIn({
    verifyToken: async (bearer) => {
      const { payload } = await jwtVerify(bearer, graphJwks, { audience: GRAPH_AUDIENCE, algorithms: ['RS256'] });
      return { tenantId: String(payload.tid) };
    },
  });
  const people = demoOrg({ tenantId: DEMO_TENANT_ID, today });
  graph.setOrg(DEMO_TENANT_ID, people);
  seedDemoCalendars(graph, DEMO_TENANT_ID, people, today);
  seedDemoTeams(graph, DEMO_TENANT_ID, people);
  const caFile = path.join(dataDir, 'demo', 'graph-ca.pem');
  writeFileSync(caFile, graph.caPem);

  const users = toDemoUsers(people);
  const byUpn = new Map(people.map((person) => [person.userPrincipalName.toLowerCase(), person]));
  const tokenFor: RunningDemo['tokenFor'] = (upn, overrides = {}) => {
    const person = byUpn.get(upn.toLowerCase());
    if (!person) return Promise.reject(new Error(`No demo user ${upn}`));
    return issuer.issueToken({ ...demoTokenClaims(person), ...overrides });
  };

  const config = loadConfig({
    ...options.env,
    PORT: String(options.port),
    DATA_DIR: dataDir,
    LOG_LEVEL: options.logLevel ?? 'info',
    ENTRA_CLIENT_ID: DEMO_CLIENT_ID,
    ENTRA_CLIENT_SECRET: DEMO_CLIENT_SECRET,
    ENTRA_ISSUER_TEMPLATE: issuer.issuerTemplate,
    ENTRA_JWKS_URL: issuer.jwksUrl,
    ENTRA_AUTHORITY_HOST: issuer.baseUrl,
    GRAPH_BASE_URL: graph.baseUrl,
    GRAPH_CA_FILE: caFile,
    OFFICE_JS_URL: '/dev/office.js',
    DEV_HOSTS: 'true',
  });
  let server: RunningServer;
  try {
    server = await startServer(config, {
      devRouter: createDevHostsRouter({
        listUsers: () => users,
        issueToken: (upn) => tokenFor(upn),
        createMeeting: (upns) => {
          const members = upns.flatMap((upn) => byUpn.get(upn.toLowerCase()) ?? []);
          const chat = graph.chats.createMeetingChat(DEMO_TENANT_ID, {
            topic: members.map((person) => person.displayName).join(' / '),
            members: members.map((person, index) => ({
              userId: person.id,
              displayName: person.displayName,
              email: person.mail,
              ...(index === 0 ? { roles: ['owner' as const] } : {}),
            })),
          });
          return { chatId: chat.id, meetingId: chat.meetingId };
        },
        deliverSentMail: (upn, mail) => {
          const { customProperties, ...message } = mail;
          const sent = graph.mail.deliverSent(DEMO_TENANT_ID, upn, {
            ...message,
            customProperties: { [teamsAppId(config.ENTRA_CLIENT_ID, config.APP_ID)]: customProperties },
          });
          return { id: sent.id, sentDateTime: sent.sentDateTime };
        },
      }),
      onDatabaseReady: async ({ logger, tenants, directory, orgSync }) => {
        await runSeeders({ tenantId: DEMO_TENANT_ID, people, today, logger, tenants, directory, orgSync }, demoSeeders);
      },
    });
  } catch (error) {
    await Promise.all([graph.close(), issuer.close()]);
    throw error;
  }

  return {
    url: server.url,
    server,
    issuer,
    graph,
    tenantId: DEMO_TENANT_ID,
    clientId: DEMO_CLIENT_ID,
    people,
    users,
    tokenFor,
    stop: async () => {
      await server.close();
      await Promise.all([graph.close(), issuer.close()]);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
