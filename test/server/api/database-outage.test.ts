import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ env: { DB_RESTART_DELAY_MS: '4000' } });
});
afterAll(async () => {
  await stack?.stop();
});

async function health(): Promise<{ status: string; database: { state: string; kind: string } }> {
  return (await (await fetch(`${stack.baseUrl}/api/health`)).json()) as never;
}

async function waitFor(predicate: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await predicate()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

it('reports the database down, answers 503, and recovers by itself when the database is back', async ({ skip }) => {
  const pid = stack.server.database.pid;
  if (stack.server.database.kind === 'external' || pid === undefined) skip('the database is not a child process of the server');
  const token = await stack.tokenFor('ava.chen@northstar.demo');
  const me = () => fetch(`${stack.baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  expect((await me()).status).toBe(200);

  process.kill(pid!, 'SIGKILL');
  const detectedMs = await waitFor(async () => (await health()).database.state !== 'up', 15_000);
  expect((await health()).status).toBe('degraded');
  const during = await me();
  expect(during.status).toBe(503);
  expect(during.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(((await during.json()) as { code: string }).code).toBe('database_unavailable');

  const recoveredMs = await waitFor(async () => (await health()).database.state === 'up', 30_000);
  expect((await me()).status).toBe(200);
  expect(stack.server.database.pid).not.toBe(pid);
  console.log(`database outage: down detected in ${detectedMs} ms, recovered ${recoveredMs} ms later`);
});
