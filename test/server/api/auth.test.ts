import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../../server/dev/issuer/tokens.js';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
const ceo = 'ava.chen@northstar.demo';

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function getMe(token?: string): Promise<Response> {
  return fetch(`${stack.baseUrl}/api/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

function personOf(upn: string) {
  const person = stack.people.find((candidate) => candidate.userPrincipalName === upn);
  if (!person) throw new Error(`no ${upn}`);
  return person;
}

async function tokenWith(overrides: Partial<Parameters<typeof signAccessToken>[2]>, baseUrl = stack.issuer.baseUrl) {
  const person = personOf(ceo);
  return signAccessToken(stack.issuer.key, baseUrl, {
    tenantId: stack.tenantId,
    objectId: person.id,
    audience: stack.clientId,
    scopes: ['access_as_user'],
    name: person.displayName,
    upn: person.userPrincipalName,
    clientAppId: stack.clientId,
    ...overrides,
  });
}

async function expectProblem(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as { status: number; code: string; type: string; title: string };
  expect(body).toMatchObject({ status, code, type: `urn:northstar:problem:${code}` });
  expect(body.title).toBeTruthy();
}

describe('authentication', () => {
  it('accepts a demo token and answers who the caller is, with the manager from Graph', async () => {
    const person = stack.people.find((candidate) => candidate.managerId !== null && candidate.appRoles.length === 0)!;
    const response = await getMe(await stack.tokenFor(person.userPrincipalName));
    expect(response.status).toBe(200);
    const manager = personOf(stack.people.find((candidate) => candidate.id === person.managerId)!.userPrincipalName);
    expect(await response.json()).toEqual({
      id: person.id,
      tenantId: stack.tenantId,
      name: person.displayName,
      upn: person.userPrincipalName,
      roles: expect.arrayContaining(['employee']),
      manager: { id: manager.id, name: manager.displayName, upn: manager.userPrincipalName },
    });
  });

  it('derives manager, HR and admin roles', async () => {
    const me = (await (await getMe(await stack.tokenFor(ceo))).json()) as { roles: string[]; manager: unknown };
    expect(me.roles).toEqual(['employee', 'manager']);
    expect(me.manager).toBeNull();
    const hr = stack.people.find((person) => person.appRoles.includes('HR'))!;
    const hrMe = (await (await getMe(await stack.tokenFor(hr.userPrincipalName))).json()) as { roles: string[] };
    expect(hrMe.roles).toContain('hr');
    const admin = stack.people.find((person) => person.appRoles.includes('Admin'))!;
    const adminMe = (await (await getMe(await stack.tokenFor(admin.userPrincipalName))).json()) as { roles: string[] };
    expect(adminMe.roles).toContain('admin');
  });

  it('refuses a request without a token', async () => {
    const response = await getMe();
    await expectProblem(response, 401, 'unauthorized');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a malformed Authorization header', async () => {
    await expectProblem(await fetch(`${stack.baseUrl}/api/me`, { headers: { authorization: 'Basic abc' } }), 401, 'invalid_token');
  });

  it('refuses a token for another audience', async () => {
    await expectProblem(await getMe(await tokenWith({ audience: 'api://someone-else' })), 401, 'invalid_token');
  });

  it('refuses a token from another issuer', async () => {
    await expectProblem(await getMe(await tokenWith({}, 'https://evil.example.com')), 401, 'invalid_token');
  });

  it('refuses a token whose issuer names another tenant than its tid', async () => {
    const token = await new SignJWT({ tid: stack.tenantId, oid: personOf(ceo).id, scp: 'access_as_user', ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: stack.issuer.key.kid })
      .setIssuer(`${stack.issuer.baseUrl}/00000000-0000-0000-0000-000000000001/v2.0`)
      .setAudience(stack.clientId)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(stack.issuer.key.privateKey);
    await expectProblem(await getMe(token), 401, 'invalid_token');
  });

  it('refuses a token with a bad signature', async () => {
    const token = await tokenWith({});
    const [header, payload, signature] = token.split('.');
    const tampered = `${header}.${payload}.${signature!.slice(0, -4)}${signature!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await expectProblem(await getMe(tampered), 401, 'invalid_token');
  });

  it('refuses a token signed by an unknown key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ tid: stack.tenantId, oid: personOf(ceo).id, scp: 'access_as_user' })
      .setProtectedHeader({ alg: 'RS256', kid: stack.issuer.key.kid })
      .setIssuer(`${stack.issuer.baseUrl}/${stack.tenantId}/v2.0`)
      .setAudience(stack.clientId)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    await expectProblem(await getMe(token), 401, 'invalid_token');
  });

  it('refuses an expired token', async () => {
    const issuedAt = Math.floor(Date.now() / 1000) - 7200;
    await expectProblem(await getMe(await tokenWith({ issuedAt, expiresInSeconds: 3600 })), 401, 'invalid_token');
  });

  it('refuses a token without the API scope', async () => {
    await expectProblem(await getMe(await tokenWith({ scopes: ['User.Read'] })), 401, 'invalid_token');
  });

  it('refuses a valid token from a tenant that is not onboarded', async () => {
    await expectProblem(await getMe(await tokenWith({ tenantId: '11111111-2222-3333-4444-555555555555' })), 403, 'tenant_not_onboarded');
  });
});

describe('system endpoints', () => {
  it('reports health with the database up', async () => {
    const response = await fetch(`${stack.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: { state: 'up' } });
  });

  it('serves an OpenAPI document generated from the contract', async () => {
    const document = (await (await fetch(`${stack.baseUrl}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/me', '/api/config']));
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['Me', 'Health', 'ClientConfig']));
  });

  it('answers unknown API routes with a 404 problem', async () => {
    await expectProblem(await fetch(`${stack.baseUrl}/api/nope`), 404, 'not_found');
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await fetch(`${stack.baseUrl}/api/me`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    await expectProblem(response, 400, 'malformed_json');
  });

  it('answers oversized bodies with a 413 problem', async () => {
    const response = await fetch(`${stack.baseUrl}/api/me`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ big: 'x'.repeat(300 * 1024) }),
    });
    await expectProblem(response, 413, 'payload_too_large');
  });
});
