import { randomBytes } from 'node:crypto';
import { signAccessToken } from '../../../server/dev/issuer/tokens.js';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { isoWeekOf } from '../../../server/src/okrs/periods.js';
import { insertPeople, onboardTenant, tokenOf } from '../../support/factories.js';
import type { TestStack } from '../../support/stack.js';
import type { OpenApiDocument } from './openapi.js';

/** A response as the suite keeps it: status, raw text and parsed JSON when it is JSON. */
export interface Reply<T = unknown> {
  status: number;
  text: string;
  body: T;
  headers: Headers;
}

/** Calls the API with an optional bearer token and JSON body. */
export async function call<T = unknown>(
  stack: TestStack,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, text, body: parsed as T, headers: response.headers };
}

/** The second tenant: a small org whose boss holds every app role. */
export const OTHER_TENANT = '7d1f0c3e-5a4b-4c2d-9e8f-0a1b2c3d4e5f';
const otherPeople: GraphUser[] = [
  {
    id: 'a1a1a1a1-0000-4000-8000-000000000001',
    displayName: 'Oscar Other',
    userPrincipalName: 'oscar@other.example',
    mail: 'oscar@other.example',
    jobTitle: 'CEO',
    department: 'Board',
    managerId: null,
    accountEnabled: true,
    appRoles: ['Admin', 'HR'],
  },
  {
    id: 'a1a1a1a1-0000-4000-8000-000000000002',
    displayName: 'Olga Other',
    userPrincipalName: 'olga@other.example',
    mail: 'olga@other.example',
    jobTitle: 'Engineer',
    department: 'Board',
    managerId: 'a1a1a1a1-0000-4000-8000-000000000001',
    accountEnabled: true,
    appRoles: [],
  },
] as GraphUser[];

/** Everybody and everything the isolation, abuse and concurrency cases act on. */
export interface World {
  document: OpenApiDocument;
  periodId: string;
  isoWeek: string;
  /** Victim manager, their direct report, an unrelated plain employee, HR and admin of the demo tenant. */
  manager: GraphUser;
  report: GraphUser;
  employee: GraphUser;
  hr: GraphUser;
  admin: GraphUser;
  tokens: { manager: string; report: string; employee: string; hr: string; admin: string; otherAdmin: string };
  /** Resource ids of the victims, by kind. */
  ids: {
    objective: string;
    keyResult: string;
    talkingPoint: string;
    actionItem: string;
    enrolee: string | null;
    courseworkObjective: string | null;
    courseworkKeyResult: string | null;
    lesson: string | null;
    /** A win the report posted on the manager's team wall. */
    win: string;
    /** A health metric of the manager's team, owned by the report. */
    metric: string;
    /** A Teams channel whose tab the manager bound to their team. */
    channel: string;
    /** A company proposal of the admin (open to the whole tenant, decided by admins). */
    proposal: string;
  };
  /** Secret strings planted in the victims' private data; no attacker may ever see one. */
  canaries: string[];
}

function canary(label: string): string {
  return `canary-${label}-${randomBytes(6).toString('hex')}`;
}

function expectOk<T>(reply: Reply<T>, what: string): T {
  if (reply.status >= 300) throw new Error(`${what}: ${reply.status} ${reply.text.slice(0, 300)}`);
  return reply.body;
}

/** Plants private victim data (a private objective, a weekly report, a 1:1, onboarding coursework) and mints attackers' tokens. */
export async function buildWorld(stack: TestStack): Promise<World> {
  const document = (await (await fetch(`${stack.baseUrl}/api/openapi.json`)).json()) as OpenApiDocument;
  const people = stack.people.filter((person) => person.accountEnabled);
  const byId = new Map(people.map((person) => [person.id, person]));
  const reportsOf = (id: string) => people.filter((person) => person.managerId === id);
  const chainOf = (person: GraphUser): string[] => {
    const chain: string[] = [];
    for (let current = person.managerId; current; current = byId.get(current)?.managerId ?? null) chain.push(current);
    return chain;
  };
  const manager = people.find(
    (person) =>
      person.managerId &&
      person.appRoles.length === 0 &&
      reportsOf(person.id).some((r) => r.appRoles.length === 0 && reportsOf(r.id).length === 0),
  )!;
  const report = reportsOf(manager.id).find((person) => person.appRoles.length === 0 && reportsOf(person.id).length === 0)!;
  const employee = people.find(
    (person) =>
      person.appRoles.length === 0 &&
      reportsOf(person.id).length === 0 &&
      person.id !== report.id &&
      !chainOf(report).includes(person.id) &&
      person.managerId !== manager.id,
  )!;
  const hr = people.find((person) => person.appRoles.includes('HR'))!;
  const admin = people.find((person) => person.appRoles.includes('Admin'))!;

  await onboardTenant(OTHER_TENANT, 'Other tenant');
  await insertPeople(OTHER_TENANT, otherPeople);
  const tokens = {
    manager: await stack.tokenFor(manager.userPrincipalName, { expiresInSeconds: 4 * 3600 }),
    report: await stack.tokenFor(report.userPrincipalName, { expiresInSeconds: 4 * 3600 }),
    employee: await stack.tokenFor(employee.userPrincipalName, { expiresInSeconds: 4 * 3600 }),
    hr: await stack.tokenFor(hr.userPrincipalName, { expiresInSeconds: 4 * 3600 }),
    admin: await stack.tokenFor(admin.userPrincipalName, { expiresInSeconds: 4 * 3600 }),
    otherAdmin: await tokenOf(stack, OTHER_TENANT, otherPeople[0]!),
  };

  const canaries = {
    objective: canary('objective'),
    keyResult: canary('kr'),
    weekly: canary('weekly'),
    talkingPoint: canary('tp'),
    notes: canary('notes'),
    action: canary('action'),
    comment: canary('comment'),
    privateNotes: canary('private'),
    win: canary('win'),
    metric: canary('metric'),
  };
  const periods = expectOk(await call<{ current: string }>(stack, 'GET', '/api/periods', tokens.report), 'periods');
  const periodId = periods.current;
  const isoWeek = isoWeekOf(new Date());

  const objective = expectOk(
    await call<{ id: string; keyResults: Array<{ id: string }> }>(stack, 'POST', '/api/objectives', tokens.report, {
      periodId,
      level: 'person',
      title: `Private plan ${canaries.objective}`,
      why: canaries.objective,
      visibility: 'private',
      state: 'active',
      keyResults: [{ title: `Secret result ${canaries.keyResult}`, kind: 'increase_to', start: 0, target: 10 }],
    }),
    'private objective',
  );
  const weekly = expectOk(await call<{ version: number }>(stack, 'GET', `/api/weekly/${isoWeek}`, tokens.report), 'weekly draft');
  expectOk(
    await call(stack, 'PUT', `/api/weekly/${isoWeek}`, tokens.report, {
      version: weekly.version,
      risks: canaries.weekly,
      timeOff: canaries.weekly,
    }),
    'weekly save',
  );

  const pair = `/api/one-on-ones/${manager.id}/${report.id}`;
  const agenda = expectOk(await call<{ notes: { version: number } }>(stack, 'GET', pair, tokens.manager), '1:1 agenda');
  const talkingPoint = expectOk(
    await call<{ id?: string; talkingPoints?: Array<{ id: string; text: string }> }>(
      stack,
      'POST',
      `${pair}/talking-points`,
      tokens.manager,
      { text: canaries.talkingPoint },
    ),
    'talking point',
  );
  const actionItem = expectOk(
    await call<{ id?: string; actionItems?: Array<{ id: string; title: string }> }>(stack, 'POST', `${pair}/action-items`, tokens.manager, {
      title: canaries.action,
      ownerId: report.id,
    }),
    'action item',
  );
  expectOk(await call(stack, 'PUT', `${pair}/notes`, tokens.manager, { version: agenda.notes.version, text: canaries.notes }), '1:1 notes');
  const privateNotes = expectOk(
    await call<{ occurrence: number; version: number }>(stack, 'GET', `${pair}/private-notes`, tokens.manager),
    'private notes',
  );
  expectOk(
    await call(stack, 'PUT', `${pair}/private-notes`, tokens.manager, {
      occurrence: privateNotes.occurrence,
      version: privateNotes.version,
      text: canaries.privateNotes,
    }),
    'private notes save',
  );

  const cohort = await call<{ items: Array<{ person: { id: string } }> }>(stack, 'GET', '/api/onboarding/cohort', tokens.hr);
  const enrolee = cohort.status === 200 ? (cohort.body.items[0]?.person.id ?? null) : null;
  let courseworkObjective: string | null = null;
  let courseworkKeyResult: string | null = null;
  if (enrolee) {
    const coursework = await call<{ objectives: Array<{ id: string; keyResults: Array<{ id: string }> }> }>(
      stack,
      'GET',
      `/api/onboarding/enrolments/${enrolee}`,
      tokens.hr,
    );
    courseworkObjective = coursework.body.objectives?.[0]?.id ?? null;
    courseworkKeyResult = coursework.body.objectives?.[0]?.keyResults?.[0]?.id ?? null;
    if (courseworkObjective)
      await call(stack, 'POST', `/api/onboarding/enrolments/${enrolee}/comments`, tokens.hr, {
        target: { kind: 'objective', id: courseworkObjective },
        text: canaries.comment,
      });
  }
  const course = await call<{ lessons: Array<{ id: string }> }>(stack, 'GET', '/api/onboarding/lessons', tokens.report);
  const win = expectOk(
    await call<{ id: string }>(stack, 'POST', `/api/teams/${manager.id}/wins`, tokens.report, { text: canaries.win }),
    'win',
  );

  const metric = expectOk(
    await call<{ id: string }>(stack, 'POST', `/api/teams/${manager.id}/metrics`, tokens.manager, {
      name: `Health ${canaries.metric}`,
      direction: 'higher_is_better',
      thresholds: { green: 10, yellow: 5 },
      ownerId: report.id,
    }),
    'metric',
  );
  expectOk(
    await call(stack, 'PUT', `/api/teams/${manager.id}/metrics/${metric.id}/values/${isoWeek}`, tokens.report, { value: 7 }),
    'metric value',
  );

  const channel = '19:reliability-victim@thread.tacv2';
  expectOk(
    await call(stack, 'PUT', `/api/channel-tabs/${encodeURIComponent(channel)}`, tokens.manager, {
      groupId: '00000000-0000-4000-8000-0000000000b2',
      teamId: manager.id,
      channelName: 'Victim team channel',
    }),
    'channel tab',
  );

  const proposal = expectOk(
    await call<{ id: string }>(stack, 'POST', '/api/proposals', tokens.admin, {
      periodId,
      level: 'company',
      title: 'Answer every customer within a day',
      why: 'Slow answers lose renewals.',
    }),
    'proposal',
  );

  const idOf = (created: { id?: string } & Record<string, unknown>, list: string, text: string): string => {
    if (created.id) return created.id;
    const items = (created[list] ?? []) as Array<{ id: string; text?: string; title?: string }>;
    const found = items.find((item) => item.text === text || item.title === text);
    if (!found) throw new Error(`no id for ${text}`);
    return found.id;
  };
  return {
    document,
    periodId,
    isoWeek,
    manager,
    report,
    employee,
    hr,
    admin,
    tokens,
    ids: {
      objective: objective.id,
      keyResult: objective.keyResults[0]!.id,
      talkingPoint: idOf(talkingPoint, 'talkingPoints', canaries.talkingPoint),
      actionItem: idOf(actionItem, 'actionItems', canaries.action),
      enrolee,
      courseworkObjective,
      courseworkKeyResult,
      lesson: course.status === 200 ? (course.body.lessons[0]?.id ?? null) : null,
      win: win.id,
      metric: metric.id,
      channel,
      proposal: proposal.id,
    },
    canaries: Object.values(canaries),
  };
}

/** Tokens that must all be refused before anything else happens: name → token (null for none). */
export async function brokenTokens(stack: TestStack, person: GraphUser): Promise<Record<string, string | null>> {
  const claims = {
    tenantId: stack.tenantId,
    objectId: person.id,
    audience: stack.clientId,
    scopes: ['access_as_user'],
    roles: person.appRoles,
    name: person.displayName,
    upn: person.userPrincipalName,
    clientAppId: stack.clientId,
  };
  const valid = await signAccessToken(stack.issuer.key, stack.issuer.baseUrl, claims);
  const [header, payload, signature] = valid.split('.') as [string, string, string];
  const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
  return {
    'no token': null,
    'expired token': await signAccessToken(stack.issuer.key, stack.issuer.baseUrl, {
      ...claims,
      issuedAt: Math.floor(Date.now() / 1000) - 7200,
      expiresInSeconds: 3600,
    }),
    'wrong audience': await signAccessToken(stack.issuer.key, stack.issuer.baseUrl, { ...claims, audience: 'api://someone-else' }),
    'wrong issuer': await signAccessToken(stack.issuer.key, 'https://evil.example.com', claims),
    'tampered signature': `${header}.${payload}.${flipped}`,
  };
}
