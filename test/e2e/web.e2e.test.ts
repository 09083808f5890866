import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../support/stack.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

function get(pathname: string): Promise<Response> {
  return fetch(`${stack.baseUrl}${pathname}`, { redirect: 'manual' });
}

describe('serving the built tab and add-in', () => {
  it('serves HTML uncached and falls back to index.html for client-side routes', async () => {
    for (const pathname of ['/tab/', '/tab/config', '/tab/okrs/team?week=12', '/addin/']) {
      const response = await get(pathname);
      expect(response.status, pathname).toBe(200);
      expect(response.headers.get('content-type'), pathname).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control'), pathname).toBe('no-cache');
      expect(await response.text(), pathname).toContain('<div id="root">');
    }
  });

  it('caches hashed assets for a year and answers 404 for missing ones', async () => {
    const [asset] = readdirSync(path.join(root, 'tab', 'dist', 'assets')).filter((name) => name.endsWith('.js'));
    const response = await get(`/tab/assets/${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect((await get('/tab/assets/index-missing.js')).status).toBe(404);
  });

  it('redirects the bare app paths to their trailing-slash form', async () => {
    const response = await get('/tab?x=1');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/tab/?x=1');
  });

  it('does not leave the dist folder', async () => {
    expect((await get('/tab/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await get('/addin/%2e%2e/%2e%2e/package.json')).status).not.toBe(200);
    expect((await get('/tab/%E0%A4%A')).status).toBeLessThan(500);
  });
});
