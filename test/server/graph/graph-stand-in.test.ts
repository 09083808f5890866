import { PageIterator, type Client, type GraphError } from '@microsoft/microsoft-graph-client';
import type { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGraphStandIn, type GraphStandIn } from '../../../server/dev/graph/server.js';
import { deterministicGuid, generateOrg } from '../../../server/dev/org/generate.js';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { standInClient, trustingDispatcher, unsignedToken } from './graph-client.js';

const TENANT_A = '0a0a0a0a-1111-4111-8111-aaaaaaaaaaaa';
const TENANT_B = '0b0b0b0b-2222-4222-8222-bbbbbbbbbbbb';
const SELECT = 'id,displayName,givenName,surname,mail,userPrincipalName,jobTitle,department,employeeHireDate,accountEnabled,manager';

type Item = Record<string, unknown>;
interface Page {
  value: Item[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

let standIn: GraphStandIn;
let dispatcher: Agent;
let clientA: Client;
let clientB: Client;
let orgA: GraphUser[];

/** Follows nextLinks by hand; returns every item, the page count and the final delta link. */
async function drain(client: Client, first: string): Promise<{ items: Item[]; pages: number; deltaLink: string }> {
  const items: Item[] = [];
  let pages = 0;
  let page = (await client.api(first).get()) as Page;
  for (;;) {
    pages++;
    items.push(...page.value);
    if (page['@odata.nextLink']) page = (await client.api(page['@odata.nextLink']).get()) as Page;
    else return { items, pages, deltaLink: page['@odata.deltaLink']! };
  }
}

function expectedDeltaItem(user: GraphUser): Item {
  const item: Item = {
    id: user.id,
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    mail: user.mail,
    userPrincipalName: user.userPrincipalName,
    jobTitle: user.jobTitle,
    department: user.department,
    employeeHireDate: user.employeeHireDate,
    accountEnabled: user.accountEnabled,
  };
  if (user.managerId) item['manager@delta'] = [{ '@odata.type': '#microsoft.graph.user', id: user.managerId }];
  return item;
}

async function rawFetch(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${standIn.origin}${path}`, { ...init, dispatcher } as RequestInit);
}

beforeAll(async () => {
  standIn = await startGraphStandIn();
  dispatcher = trustingDispatcher(standIn);
  clientA = standInClient(standIn, TENANT_A, dispatcher);
  clientB = standInClient(standIn, TENANT_B, dispatcher);
});

afterAll(async () => {
  await standIn.close();
  await dispatcher.close();
});

beforeEach(() => {
  orgA = generateOrg({ size: 1000, tenantId: TENANT_A, seed: 7 });
  standIn.setOrg(TENANT_A, orgA);
  standIn.setOrg(TENANT_B, generateOrg({ size: 30, tenantId: TENANT_B, seed: 8 }));
  standIn.clearRecords();
});

describe('Graph stand-in: full delta', () => {
  it('pages the whole org through PageIterator in ceil(n/200) pages, equal to the generated org', async () => {
    const first = (await clientA.api('/users/delta').select(SELECT).get()) as Page;
    const seen: Item[] = [];
    const iterator = new PageIterator(clientA, first, (item: Item) => {
      seen.push(item);
      return true;
    });
    await iterator.iterate();

    expect(standIn.requestCount('/v1.0/users/delta')).toBe(Math.ceil(1000 / 200));
    expect(iterator.getDeltaLink()).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\/delta\?\$deltatoken=/);
    expect(seen).toHaveLength(1000);
    expect(seen).toEqual(orgA.map(expectedDeltaItem));
    expect(seen.some((item) => 'appRoles' in item || 'managerId' in item)).toBe(false);
  });

  it('puts nextLink on every page but the last and deltaLink only on the last', async () => {
    const pages: Page[] = [];
    let page = (await clientA.api('/users/delta').select('id,displayName').get()) as Page;
    pages.push(page);
    while (page['@odata.nextLink']) {
      page = (await clientA.api(page['@odata.nextLink']).get()) as Page;
      pages.push(page);
    }
    expect(pages.map((p) => p.value.length)).toEqual([200, 200, 200, 200, 200]);
    expect(pages.slice(0, -1).every((p) => p['@odata.nextLink'] && !p['@odata.deltaLink'])).toBe(true);
    expect(pages.at(-1)!['@odata.deltaLink']).toBeTruthy();
    expect(Object.keys(pages[0]!.value[0]!).sort()).toEqual(['displayName', 'id']);
  });

  it('honours Prefer: odata.maxpagesize up to 200', async () => {
    const small = (await clientA.api('/users/delta').header('Prefer', 'odata.maxpagesize=50').select('id').get()) as Page;
    expect(small.value).toHaveLength(50);
    const next = (await clientA.api(small['@odata.nextLink']!).get()) as Page;
    expect(next.value).toHaveLength(50);
    const large = (await clientA.api('/users/delta').header('Prefer', 'odata.maxpagesize=500').select('id').get()) as Page;
    expect(large.value).toHaveLength(200);
  });

  it('resumes from the last good nextLink after a page fails with 500', async () => {
    const first = (await clientA.api('/users/delta').select('id').get()) as Page;
    standIn.failNextPage(TENANT_A);
    const failure = await clientA
      .api(first['@odata.nextLink']!)
      .get()
      .catch((error: GraphError) => error);
    expect((failure as GraphError).statusCode).toBe(500);
    const rest = await drain(clientA, first['@odata.nextLink']!);
    const ids = [...first.value, ...rest.items].map((item) => item['id']);
    expect(ids).toEqual(orgA.map((user) => user.id));
  });
});

describe('Graph stand-in: incremental delta', () => {
  it('returns exactly the changes since the delta link, with both @removed reasons', async () => {
    const { deltaLink } = await drain(clientA, `/users/delta?$select=${SELECT}`);
    const [ceo, vp1, vp2, , someone, another, third, fourth, fifth] = orgA;
    const hire: GraphUser = {
      ...orgA[999]!,
      id: deterministicGuid(TENANT_A, 'new.hire@example'),
      userPrincipalName: 'new.hire@example',
      mail: 'new.hire@example',
      displayName: 'New Hire',
      managerId: vp1!.id,
    };
    standIn.applyChanges(TENANT_A, [
      { op: 'add', user: hire },
      { op: 'update', id: someone!.id, fields: { jobTitle: 'Principal Engineer' } },
      { op: 'setManager', id: another!.id, managerId: vp2!.id },
      { op: 'setManager', id: third!.id, managerId: null },
      { op: 'disable', id: fourth!.id },
      { op: 'delete', id: fifth!.id },
      { op: 'hardDelete', id: orgA[500]!.id },
    ]);

    const changes = await drain(clientA, deltaLink);
    expect(changes.pages).toBe(1);
    const byId = new Map(changes.items.map((item) => [item['id'], item]));
    expect(changes.items).toHaveLength(7);
    expect(byId.get(hire.id)).toEqual(expectedDeltaItem(hire));
    expect(byId.get(someone!.id)).toMatchObject({ jobTitle: 'Principal Engineer' });
    expect(byId.get(someone!.id)).not.toHaveProperty('manager@delta');
    expect(byId.get(another!.id)!['manager@delta']).toEqual([{ '@odata.type': '#microsoft.graph.user', id: vp2!.id }]);
    expect(byId.get(third!.id)!['manager@delta']).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: third!.managerId, '@removed': { reason: 'deleted' } },
    ]);
    expect(byId.get(fourth!.id)).toMatchObject({ accountEnabled: false });
    expect(byId.get(fifth!.id)).toEqual({ id: fifth!.id, '@removed': { reason: 'changed' } });
    expect(byId.get(orgA[500]!.id)).toEqual({ id: orgA[500]!.id, '@removed': { reason: 'deleted' } });
    expect(ceo!.managerId).toBeNull();

    const nothing = await drain(clientA, changes.deltaLink);
    expect(nothing.items).toEqual([]);

    standIn.applyChanges(TENANT_A, [
      { op: 'restore', id: fifth!.id },
      { op: 'hardDelete', id: fifth!.id },
    ]);
    const afterHardDelete = await drain(clientA, changes.deltaLink);
    expect(afterHardDelete.items).toEqual([{ id: fifth!.id, '@removed': { reason: 'deleted' } }]);

    const fromTheStart = await drain(clientA, deltaLink);
    expect(fromTheStart.items).toHaveLength(7);
    expect(fromTheStart.items.find((item) => item['id'] === fifth!.id)).toEqual({
      id: fifth!.id,
      '@removed': { reason: 'deleted' },
    });
  });

  it('pages large change sets and keeps old delta links usable', async () => {
    const { deltaLink } = await drain(clientA, '/users/delta?$select=id,jobTitle');
    standIn.applyChanges(
      TENANT_A,
      orgA.slice(0, 450).map((user) => ({ op: 'update' as const, id: user.id, fields: { jobTitle: `${user.jobTitle} II` } })),
    );
    const changes = await drain(clientA, deltaLink);
    expect(changes.pages).toBe(3);
    expect(changes.items).toEqual(orgA.slice(0, 450).map((user) => ({ id: user.id, jobTitle: `${user.jobTitle} II` })));
    expect(changes.items.every((item) => !('manager@delta' in item))).toBe(true);
  });

  it('refuses tokens from before setOrg with 410', async () => {
    const { deltaLink } = await drain(clientA, '/users/delta?$select=id');
    standIn.setOrg(TENANT_A, orgA);
    const error = (await clientA
      .api(deltaLink)
      .get()
      .catch((e: GraphError) => e)) as GraphError;
    expect(error.statusCode).toBe(410);
  });
});

describe('Graph stand-in: users, manager, direct reports', () => {
  it('pages /users with $top up to 999 and rejects unsupported query options', async () => {
    const result = await drain(clientA, '/users?$top=999&$select=id,userPrincipalName');
    expect(result.pages).toBe(2);
    expect(result.items.map((item) => item['userPrincipalName'])).toEqual(orgA.map((user) => user.userPrincipalName));

    for (const query of [
      '$filter=accountEnabled eq true',
      '$top=1000',
      '$select=id,favouriteColour',
      '$expand=manager',
      '$orderby=displayName',
    ]) {
      const error = (await clientA
        .api(`/users?${query}`)
        .get()
        .catch((e: GraphError) => e)) as GraphError;
      expect(error.statusCode, query).toBe(400);
    }
  });

  it('reads a user by id and by UPN, its manager and its paged direct reports', async () => {
    const ceo = orgA[0]!;
    const vp = orgA[1]!;
    const byUpn = (await clientA.api(`/users/${vp.userPrincipalName}`).select('id,department').get()) as Item;
    expect(byUpn).toMatchObject({ id: vp.id, department: vp.department });
    const manager = (await clientA.api(`/users/${vp.id}/manager`).get()) as Item;
    expect(manager).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: ceo.id });

    const missingManager = (await clientA
      .api(`/users/${ceo.id}/manager`)
      .get()
      .catch((e: GraphError) => e)) as GraphError;
    expect(missingManager.statusCode).toBe(404);
    const missingUser = (await clientA
      .api('/users/nobody@example')
      .get()
      .catch((e: GraphError) => e)) as GraphError;
    expect(missingUser.statusCode).toBe(404);
    expect(missingUser.code).toBe('Request_ResourceNotFound');

    const expectedReports = orgA.filter((user) => user.managerId === ceo.id).map((user) => user.id);
    const reports = await drain(clientA, `/users/${ceo.id}/directReports?$top=2&$select=id`);
    expect(reports.items.map((item) => item['id'])).toEqual(expectedReports);
    expect(reports.pages).toBe(Math.ceil(expectedReports.length / 2));
  });

  it('records activity notifications (204) and the throttle priority header', async () => {
    const recipient = orgA[3]!;
    const response = await clientA
      .api(`/users/${recipient.id}/teamwork/sendActivityNotification`)
      .header('x-ms-throttle-priority', 'low')
      .post({
        topic: { source: 'text', value: 'Weekly OKR check-in', webUrl: 'https://teams.microsoft.com/l/entity/x' },
        activityType: 'checkInDue',
        previewText: { content: 'Your weekly check-in is due' },
      });
    expect(response).toBeUndefined();
    expect(standIn.activityNotifications).toHaveLength(1);
    expect(standIn.activityNotifications[0]).toMatchObject({ tenantId: TENANT_A, userId: recipient.id });
    expect(standIn.requestLog.at(-1)).toMatchObject({ status: 204, throttlePriority: 'low' });
  });
});

describe('Graph stand-in: throttling and $batch', () => {
  it('answers 429 with Retry-After and the SDK RetryHandler retries it', async () => {
    standIn.throttle(TENANT_A, { count: 2, retryAfterSeconds: 1 });
    const started = Date.now();
    const user = (await clientA.api(`/users/${orgA[0]!.id}`).select('id').get()) as Item;
    expect(user['id']).toBe(orgA[0]!.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const statuses = standIn.requestLog.map((entry) => entry.status);
    expect(statuses).toEqual([429, 429, 200]);

    standIn.throttle(TENANT_A, { count: 1, retryAfterSeconds: 7 });
    const raw = await rawFetch(`/v1.0/users/${orgA[0]!.id}`, { headers: { Authorization: `Bearer ${unsignedToken(TENANT_A)}` } });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
  });

  it('throttles individual requests inside a $batch that still answers 200', async () => {
    standIn.throttle(TENANT_A, { count: 1, retryAfterSeconds: 3 });
    const requests = orgA.slice(0, 3).map((user, index) => ({
      id: String(index + 1),
      method: 'GET',
      url: `/users/${user.id}?$select=id,jobTitle`,
    }));
    const batch = (await clientA.api('/$batch').post({ requests })) as {
      responses: { id: string; status: number; headers: Record<string, string>; body: Item }[];
    };
    expect(batch.responses.map((r) => [r.id, r.status])).toEqual([
      ['1', 429],
      ['2', 200],
      ['3', 200],
    ]);
    expect(batch.responses[0]!.headers['Retry-After']).toBe('3');
    expect(batch.responses[0]!.body).toMatchObject({ error: { code: 'TooManyRequests' } });
    expect(batch.responses[2]!.body).toMatchObject({ id: orgA[2]!.id, jobTitle: orgA[2]!.jobTitle });
    expect(standIn.requestCount(`/v1.0/users/${orgA[1]!.id}`, { inBatch: true })).toBe(1);
    expect(standIn.requestCount('/v1.0/$batch')).toBe(1);
  });

  it('rejects a $batch of more than 20 requests', async () => {
    const requests = Array.from({ length: 21 }, (_, index) => ({ id: String(index), method: 'GET', url: '/users?$top=1' }));
    const error = (await clientA
      .api('/$batch')
      .post({ requests })
      .catch((e: GraphError) => e)) as GraphError;
    expect(error.statusCode).toBe(400);
  });
});

describe('Graph stand-in: authentication and tenant isolation', () => {
  it('requires a bearer token and answers 401 with a Graph error body', async () => {
    const response = await rawFetch('/v1.0/users');
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe('InvalidAuthenticationToken');
    expect(body.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const notJwt = await rawFetch('/v1.0/users', { headers: { Authorization: 'Bearer not-a-jwt' } });
    expect(notJwt.status).toBe(401);
  });

  it('serves each tenant its own org and refuses another tenant’s tokens', async () => {
    const a = await drain(clientA, '/users/delta?$select=id');
    const b = await drain(clientB, '/users/delta?$select=id');
    expect(a.items).toHaveLength(1000);
    expect(b.items).toHaveLength(30);
    const idsOfA = new Set(a.items.map((item) => item['id']));
    expect(b.items.filter((item) => idsOfA.has(item['id']))).toEqual([]);

    const deltaError = (await clientB
      .api(a.deltaLink)
      .get()
      .catch((e: GraphError) => e)) as GraphError;
    expect(deltaError.statusCode).toBe(400);
    const firstPageA = (await clientA.api('/users?$top=10').get()) as Page;
    const skipError = (await clientB
      .api(firstPageA['@odata.nextLink']!)
      .get()
      .catch((e: GraphError) => e)) as GraphError;
    expect(skipError.statusCode).toBe(400);
    const foreignUser = (await clientB
      .api(`/users/${orgA[0]!.id}`)
      .get()
      .catch((e: GraphError) => e)) as GraphError;
    expect(foreignUser.statusCode).toBe(404);

    const tampered = a.deltaLink.replace(/\$deltatoken=([^.]+)\./, (_, body: string) => {
      const cursor = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
      return `$deltatoken=${Buffer.from(JSON.stringify({ ...cursor, tenantId: TENANT_B })).toString('base64url')}.`;
    });
    const tamperedError = (await clientB
      .api(tampered)
      .get()
      .catch((e: GraphError) => e)) as GraphError;
    expect(tamperedError.statusCode).toBe(400);
  });

  it('takes the tenant from verifyToken when one is configured', async () => {
    const verified = await startGraphStandIn({
      verifyToken: async (bearer) => {
        if (bearer !== 'good-token') throw new Error('bad signature');
        return { tenantId: TENANT_B };
      },
    });
    const trust = trustingDispatcher(verified);
    try {
      verified.setOrg(TENANT_B, generateOrg({ size: 12, tenantId: TENANT_B }));
      const call = (token: string): Promise<Response> =>
        fetch(`${verified.baseUrl}/users?$select=id`, { headers: { Authorization: `Bearer ${token}` }, dispatcher: trust } as RequestInit);
      const good = await call('good-token');
      expect(good.status).toBe(200);
      expect(((await good.json()) as Page).value).toHaveLength(12);
      expect((await call(unsignedToken(TENANT_B))).status).toBe(401);
    } finally {
      await verified.close();
      await trust.close();
    }
  });
});
