import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuerFor } from '../../../server/dev/issuer/tokens.js';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const ADMIN_GROUP = randomUUID();
const HR_GROUP = randomUUID();

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** A user token of the demo tenant with a `groups` claim and no app roles, signed by the stack's issuer. */
async function tokenWithGroups(person: GraphUser, groups: string[]): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    tid: stack.tenantId,
    oid: person.id,
    sub: person.id,
    azp: stack.clientId,
    ver: '2.0',
    scp: 'access_as_user',
    groups,
    name: person.displayName,
    preferred_username: person.userPrincipalName,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: stack.issuer.key.kid })
    .setIssuer(issuerFor(stack.issuer.baseUrl, stack.tenantId))
    .setAudience(stack.clientId)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 600)
    .sign(stack.issuer.key.privateKey);
}

async function call(
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${stack.baseUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

async function settingsVersion(token: string): Promise<number> {
  return (await call(token, 'GET', '/settings')).json.version as number;
}

describe('roles from groups configured per tenant', () => {
  let employee: GraphUser;

  beforeAll(async () => {
    const admin = stack.people.find((person) => person.appRoles.includes('Admin'))!;
    employee = stack.people.find((person) => person.appRoles.length === 0 && person.accountEnabled)!;
    const adminToken = await stack.tokenFor(admin.userPrincipalName);
    const saved = await call(adminToken, 'PUT', '/settings', {
      version: await settingsVersion(adminToken),
      adminGroupId: ADMIN_GROUP.toUpperCase(),
      hrGroupId: HR_GROUP,
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ adminGroupId: ADMIN_GROUP.toUpperCase(), hrGroupId: HR_GROUP });
  });

  it('makes a member of the admin group an admin without the app role', async () => {
    const token = await tokenWithGroups(employee, [randomUUID(), ADMIN_GROUP]);
    const me = await call(token, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.json.roles).toContain('admin');
    expect(me.json.roles).not.toContain('hr');

    const updated = await call(token, 'PUT', '/settings', { version: await settingsVersion(token), mission: 'Set by the admin group' });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ mission: 'Set by the admin group', allowedActions: ['read', 'update'] });
    expect((await call(token, 'GET', '/org/sync')).status).toBe(200);
  });

  it('refuses the same user without the group', async () => {
    const token = await tokenWithGroups(employee, [randomUUID(), HR_GROUP]);
    const me = await call(token, 'GET', '/me');
    expect(me.json.roles).toContain('hr');
    expect(me.json.roles).not.toContain('admin');

    const refused = await call(token, 'PUT', '/settings', {
      version: await settingsVersion(token),
      mission: 'Not allowed',
      adminGroupId: null,
    });
    expect(refused.status).toBe(403);
    expect((await call(token, 'GET', '/org/sync')).status).toBe(403);
    expect((await call(await stack.tokenFor(employee.userPrincipalName), 'PUT', '/settings', { version: 0, mission: 'x' })).status).toBe(
      403,
    );
  });

  it('accepts only GUIDs as group ids, and null to clear one', async () => {
    const token = await tokenWithGroups(employee, [ADMIN_GROUP]);
    const version = await settingsVersion(token);
    expect((await call(token, 'PUT', '/settings', { version, hrGroupId: 'HR people' })).status).toBe(400);
    const cleared = await call(token, 'PUT', '/settings', { version, hrGroupId: null });
    expect(cleared.status).toBe(200);
    expect(cleared.json.hrGroupId).toBeNull();
    expect((await call(await tokenWithGroups(employee, [HR_GROUP]), 'GET', '/me')).json.roles).not.toContain('hr');
  });
});
