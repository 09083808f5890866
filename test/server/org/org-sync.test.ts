import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deterministicGuid, generateOrg } from '../../../server/dev/org/generate.js';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { PersonModel, personKey } from '../../../server/src/org/people.model.js';
import { tokenOf } from '../../support/factories.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
let tenantCounter = 0;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** A fresh onboarded tenant whose directory in the Graph stand-in is `size` generated people. */
async function newTenant(size: number): Promise<{ tenantId: string; users: GraphUser[] }> {
  tenantCounter += 1;
  const tenantId = deterministicGuid('org-sync-tests', `tenant-${tenantCounter}`);
  const users = generateOrg({ size, tenantId });
  stack.graph.setOrg(tenantId, users);
  await stack.server.context.tenants.ensure(tenantId, `Org sync test ${tenantCounter}`);
  return { tenantId, users };
}

/** Asserts that the people collection mirrors the stand-in's directory exactly. */
async function expectOrgEqualsStandIn(tenantId: string): Promise<void> {
  const expected = stack.graph.users(tenantId);
  const stored = await PersonModel.find({ tenantId }).lean();
  const byId = new Map(stored.map((person) => [person.id, person]));
  expect(byId.size).toBe(stored.length);
  const active = stored.filter((person) => person.removedReason === null);
  expect(active.length).toBe(expected.length);
  for (const user of expected) {
    const person = byId.get(user.id);
    expect(person, user.userPrincipalName).toBeDefined();
    expect({
      displayName: person!.displayName,
      upn: person!.upn,
      mail: person!.mail,
      jobTitle: person!.jobTitle,
      department: person!.department,
      enabled: person!.enabled,
      managerId: person!.managerId,
      hireDate: person!.hireDate?.toISOString().slice(0, 10),
    }).toEqual({
      displayName: user.displayName,
      upn: user.userPrincipalName,
      mail: user.mail,
      jobTitle: user.jobTitle,
      department: user.department,
      enabled: user.accountEnabled,
      managerId: user.managerId,
      hireDate: user.employeeHireDate.slice(0, 10),
    });
  }
  const expectedIds = new Set(expected.map((user) => user.id));
  for (const person of stored.filter((candidate) => !expectedIds.has(candidate.id))) {
    expect(person.enabled, `${person.upn} should be disabled`).toBe(false);
    expect(person.removedReason).not.toBeNull();
  }
}

function deltaRequests(tenantId: string): number {
  return stack.graph.requestLog.filter((entry) => entry.path === '/v1.0/users/delta' && entry.tenantId?.toLowerCase() === tenantId).length;
}

describe('org sync from Microsoft Graph', () => {
  it('syncs a full directory in one request per 200 people, in the background priority', async () => {
    const { tenantId } = await newTenant(1000);
    const stats = await stack.server.context.orgSync.sync(tenantId);
    expect(stats).toMatchObject({ kind: 'full', status: 'ok', pages: 5, requests: 5, upserted: 1000, errors: [] });
    expect(deltaRequests(tenantId)).toBe(5);
    const priorities = stack.graph.requestLog
      .filter((entry) => entry.tenantId?.toLowerCase() === tenantId)
      .map((entry) => entry.throttlePriority);
    expect(new Set(priorities)).toEqual(new Set(['low']));
    await expectOrgEqualsStandIn(tenantId);
  });

  it('applies joins, leavers, field and manager changes incrementally', async () => {
    const { tenantId, users } = await newTenant(300);
    await stack.server.context.orgSync.sync(tenantId);
    const [a, b, c, d, e, f] = users.slice(10, 16) as [GraphUser, GraphUser, GraphUser, GraphUser, GraphUser, GraphUser];
    const newcomer: GraphUser = {
      ...a,
      id: deterministicGuid(tenantId, 'newcomer'),
      userPrincipalName: 'new.comer@example.com',
      mail: 'new.comer@example.com',
      displayName: 'New Comer',
      managerId: b.id,
      appRoles: [],
    };
    stack.graph.applyChanges(tenantId, [
      { op: 'add', user: newcomer },
      { op: 'update', id: a.id, fields: { jobTitle: 'Principal Engineer', department: 'Platform' } },
      { op: 'setManager', id: c.id, managerId: d.id },
      { op: 'disable', id: d.id },
      { op: 'delete', id: e.id },
      { op: 'hardDelete', id: f.id },
    ]);
    const before = deltaRequests(tenantId);
    const stats = await stack.server.context.orgSync.sync(tenantId);
    expect(stats).toMatchObject({ kind: 'incremental', status: 'ok', upserted: 1, removed: 2 });
    expect(deltaRequests(tenantId) - before).toBe(1);
    await expectOrgEqualsStandIn(tenantId);
    const removed = await PersonModel.find({ tenantId, id: { $in: [e.id, f.id] } }).lean();
    expect(removed.map((person) => person.removedReason).sort()).toEqual(['changed', 'deleted']);

    const directory = stack.server.context.directory;
    expect(await directory.directReports(tenantId, b.id)).toContain(newcomer.id);
    expect((await directory.managerChain(tenantId, c.id))[0]).toBe(d.id);
  });

  it('rides out a 429 storm by honouring Retry-After', async () => {
    const { tenantId } = await newTenant(400);
    stack.graph.throttle(tenantId, { count: 4, retryAfterSeconds: 1 });
    const started = Date.now();
    const stats = await stack.server.context.orgSync.sync(tenantId);
    expect(stats.status).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_500);
    const throttled = stack.graph.requestLog.filter((entry) => entry.tenantId?.toLowerCase() === tenantId && entry.status === 429);
    expect(throttled.length).toBe(4);
    await expectOrgEqualsStandIn(tenantId);
  });

  it('resumes a sync that died midway from the last stored page, without duplicates', async () => {
    const { tenantId } = await newTenant(1000);
    const failed = await stack.server.context.orgSync.sync(tenantId, {
      onProgress: ({ pages }) => {
        if (pages === 2) stack.graph.failNextPage(tenantId);
      },
    });
    expect(failed.status).toBe('failed');
    expect(failed.pages).toBe(2);
    expect(failed.errors[0]).toMatch(/500/);
    expect(await PersonModel.countDocuments({ tenantId })).toBe(400);

    const resumed = await stack.server.context.orgSync.sync(tenantId);
    expect(resumed).toMatchObject({ status: 'ok', resumed: true, kind: 'full', pages: 3 });
    expect(await PersonModel.countDocuments({ tenantId })).toBe(1000);
    await expectOrgEqualsStandIn(tenantId);

    const last = await stack.server.context.orgSync.lastSync(tenantId);
    expect(last?.status).toBe('ok');
  });

  it('handles manager cycles and missing managers without hanging', async () => {
    const { tenantId, users } = await newTenant(50);
    const [x, y] = users.slice(5, 7) as [GraphUser, GraphUser];
    stack.graph.applyChanges(tenantId, [
      { op: 'setManager', id: x.id, managerId: y.id },
      { op: 'setManager', id: y.id, managerId: x.id },
    ]);
    await stack.server.context.orgSync.sync(tenantId);
    const directory = stack.server.context.directory;
    expect(await directory.managerChain(tenantId, x.id)).toEqual([y.id]);
    expect(await directory.subtree(tenantId, x.id)).toContain(y.id);
    await PersonModel.updateOne({ _id: personKey(tenantId, users[9]!.id) }, { $set: { managerId: deterministicGuid(tenantId, 'ghost') } });
    stack.server.context.directory.invalidate(tenantId);
    expect(await directory.managerChain(tenantId, users[9]!.id)).toEqual([deterministicGuid(tenantId, 'ghost')]);
  });

  it('starts over with a full sync when Graph no longer knows the delta token', async () => {
    const { tenantId } = await newTenant(200);
    await stack.server.context.orgSync.sync(tenantId);
    const replacement = generateOrg({ size: 250, tenantId, seed: 99 });
    stack.graph.setOrg(tenantId, replacement);
    const stats = await stack.server.context.orgSync.sync(tenantId);
    expect(stats).toMatchObject({ status: 'ok', kind: 'full' });
    await expectOrgEqualsStandIn(tenantId);
  });
});

describe('org sync API', () => {
  it('shows the last sync to admins only', async () => {
    const admin = stack.people.find((person) => person.appRoles.includes('Admin'))!;
    const employee = stack.people.find((person) => person.appRoles.length === 0)!;
    const asAdmin = await fetch(`${stack.baseUrl}/api/org/sync`, {
      headers: { authorization: `Bearer ${await stack.tokenFor(admin.userPrincipalName)}` },
    });
    expect(asAdmin.status).toBe(200);
    const body = (await asAdmin.json()) as { people: number; lastSync: { status: string; kind: string } };
    expect(body.people).toBe(stack.people.length);
    expect(body.lastSync).toMatchObject({ status: 'ok' });

    const asEmployee = await fetch(`${stack.baseUrl}/api/org/sync`, {
      headers: { authorization: `Bearer ${await stack.tokenFor(employee.userPrincipalName)}` },
    });
    expect(asEmployee.status).toBe(403);
    expect((await fetch(`${stack.baseUrl}/api/org/sync`)).status).toBe(401);
  });

  it('lets an admin run a sync now', async () => {
    const admin = stack.people.find((person) => person.appRoles.includes('Admin'))!;
    const response = await fetch(`${stack.baseUrl}/api/org/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await stack.tokenFor(admin.userPrincipalName)}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: 'incremental', status: 'ok' });
  });
});

describe('org sync API streamed as ndjson', () => {
  async function adminTokenOf(tenantId: string, users: GraphUser[]): Promise<string> {
    return tokenOf(stack, tenantId, users[0]!, ['Admin']);
  }

  it('writes one line per page and the stats last, the same stats GET answers afterwards', async () => {
    const { tenantId, users } = await newTenant(450);
    const authorization = `Bearer ${await adminTokenOf(tenantId, users)}`;
    const response = await fetch(`${stack.baseUrl}/api/org/sync`, {
      method: 'POST',
      headers: { authorization, accept: 'application/x-ndjson' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);

    const lines: unknown[] = [];
    const decoder = new TextDecoder();
    let buffered = '';
    const reader = response.body!.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      buffered += decoder.decode(chunk.value, { stream: true });
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      for (const line of complete.filter(Boolean)) {
        lines.push(JSON.parse(line));
      }
    }
    expect(buffered).toBe('');
    expect(lines.slice(0, -1)).toEqual([
      { pages: 1, people: 200 },
      { pages: 2, people: 400 },
      { pages: 3, people: 450 },
    ]);
    const stats = lines.at(-1);
    expect(stats).toMatchObject({ kind: 'full', status: 'ok', pages: 3, upserted: 450, errors: [] });

    const status = await fetch(`${stack.baseUrl}/api/org/sync`, { headers: { authorization } });
    expect(((await status.json()) as { lastSync: unknown }).lastSync).toEqual(stats);
  });

  it('answers plain JSON without the ndjson Accept header, and 403 problem+json to non-admins before streaming', async () => {
    const { tenantId, users } = await newTenant(10);
    const asAdmin = await fetch(`${stack.baseUrl}/api/org/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await adminTokenOf(tenantId, users)}`, accept: 'application/json' },
    });
    expect(asAdmin.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await asAdmin.json()).toMatchObject({ kind: 'full', status: 'ok', upserted: 10 });

    const asEmployee = await fetch(`${stack.baseUrl}/api/org/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(stack, tenantId, users[1]!, [])}`, accept: 'application/x-ndjson' },
    });
    expect(asEmployee.status).toBe(403);
    expect(asEmployee.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
