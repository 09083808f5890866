import { describe, expect, it } from 'vitest';
import { PackageEnvError, deriveAppId, readPackageEnv } from '../../manifest/src/env.js';
import { TEST_ENV } from './support.js';

const problemsOf = (vars: Record<string, string | undefined>): string[] => {
  try {
    readPackageEnv(vars);
  } catch (error) {
    if (error instanceof PackageEnvError) return error.problems;
    throw error;
  }
  return [];
};

describe('readPackageEnv', () => {
  it('reads the deployment and derives a stable APP_ID from ENTRA_CLIENT_ID', () => {
    const env = readPackageEnv(TEST_ENV);
    expect(env).toMatchObject({
      hostUrl: 'https://northstar.example.com',
      host: 'northstar.example.com',
      entraClientId: TEST_ENV.ENTRA_CLIENT_ID,
      apiScope: 'access_as_user',
    });
    expect(env.appId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(env.appId).toBe(deriveAppId(TEST_ENV.ENTRA_CLIENT_ID.toUpperCase()));
    expect(env.appId).not.toBe(deriveAppId('3f2a9c1e-7b4d-4e8a-9c2f-1a5b6d7e8f91'));
    expect(env.appId).not.toBe(env.entraClientId);
  });

  it('uses APP_ID when set and strips a trailing slash from HOST_URL', () => {
    const env = readPackageEnv({ ...TEST_ENV, HOST_URL: 'https://northstar.example.com/', APP_ID: 'A1B2C3D4-0000-4000-8000-000000000001' });
    expect(env.hostUrl).toBe('https://northstar.example.com');
    expect(env.appId).toBe('a1b2c3d4-0000-4000-8000-000000000001');
  });

  it('fails with a clear message when ENTRA_CLIENT_ID is missing', () => {
    expect(() => readPackageEnv({ HOST_URL: TEST_ENV.HOST_URL })).toThrow(
      /ENTRA_CLIENT_ID is required: the application \(client\) id of the Entra app registration/,
    );
    expect(problemsOf({ HOST_URL: TEST_ENV.HOST_URL, ENTRA_CLIENT_ID: '  ' })).toEqual([
      'ENTRA_CLIENT_ID is required: the application (client) id of the Entra app registration',
    ]);
  });

  it('lists every bad variable at once', () => {
    expect(problemsOf({ ENTRA_CLIENT_ID: 'not-a-guid', APP_ID: 'nope' })).toEqual([
      'HOST_URL is required: the public origin of the server, e.g. https://northstar.example.com',
      'ENTRA_CLIENT_ID must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx): the application (client) id of the Entra app registration',
      "APP_ID must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx): the app's own id in the Microsoft 365 catalogue",
    ]);
  });

  it('allows plain http only for localhost, and only an origin', () => {
    expect(readPackageEnv({ ...TEST_ENV, HOST_URL: 'http://localhost:3000' })).toMatchObject({
      hostUrl: 'http://localhost:3000',
      host: 'localhost:3000',
    });
    expect(problemsOf({ ...TEST_ENV, HOST_URL: 'http://northstar.example.com' })).toEqual([
      'HOST_URL "http://northstar.example.com" must use https (http is allowed only for localhost)',
    ]);
    expect(problemsOf({ ...TEST_ENV, HOST_URL: 'https://northstar.example.com/app' })).toEqual([
      'HOST_URL "https://northstar.example.com/app" must be an origin only (scheme, host, optional port), without path, query or credentials',
    ]);
    expect(problemsOf({ ...TEST_ENV, HOST_URL: 'northstar.example.com' })).toEqual(['HOST_URL "northstar.example.com" is not a URL']);
  });
});
