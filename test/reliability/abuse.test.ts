import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../support/stack.js';
import { victimPath, victimSampling } from './support/fill.js';
import { operationsOf, sampleBody, sampleQuery, type Operation } from './support/openapi.js';
import { buildWorld, call, type Reply, type World } from './support/world.js';

let stack: TestStack;
let world: World;
const MARK = 'reliability-inject';
const XSS = `<script>alert("${MARK}")</script><img src=x onerror=alert(1)>"'&amp;`;

beforeAll(async () => {
  stack = await startStack();
  world = await buildWorld(stack);
});
afterAll(async () => {
  await stack?.stop();
});

function bodyOperations(): Operation[] {
  return operationsOf(world.document).filter((operation) => operation.authenticated && operation.body);
}

function urlOf(operation: Operation): string {
  return victimPath(operation, world) + sampleQuery(operation, world.document, victimSampling(world));
}

/** The first of the victims' tokens the operation accepts a valid body from (their own resources), or the admin's. */
async function actorFor(operation: Operation): Promise<string> {
  const body = sampleBody(operation.body!, world.document, victimSampling(world));
  for (const token of [world.tokens.report, world.tokens.manager, world.tokens.hr]) {
    const reply = await call(stack, operation.method, urlOf(operation), token, body);
    if (reply.status !== 403 && reply.status !== 404) return token;
  }
  return world.tokens.admin;
}

/** Copies of `value` with one leaf string at a time replaced by `replacement`. */
function leafVariants(value: unknown, replacement: unknown): unknown[] {
  if (typeof value === 'string') return [replacement];
  if (Array.isArray(value))
    return value.flatMap((item, index) =>
      leafVariants(item, replacement).map((variant) => value.map((other, at) => (at === index ? variant : other))),
    );
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => leafVariants(item, replacement).map((variant) => ({ ...value, [key]: variant })));
  return [];
}

async function stayedHealthy(): Promise<void> {
  const health = (await (await fetch(`${stack.baseUrl}/api/health`)).json()) as { status: string };
  expect(health.status).toBe('ok');
}

/** Every stored document that contains the injection marker anywhere (keys or values). */
async function storedMarkers(): Promise<string[]> {
  const db = mongoose.connection.db!;
  const found: string[] = [];
  for (const { name } of await db.listCollections().toArray()) {
    for (const document of await db.collection(name).find({}).toArray()) {
      const text = JSON.stringify(document);
      if (text.includes(`$${MARK}`) || text.includes(`${MARK}.`) || text.includes(`"$ne":"${MARK}"`))
        found.push(`${name}: ${text.slice(0, 200)}`);
    }
  }
  return found;
}

/** Sends the first body the operation does not refuse as invalid, stepping `version` past 409s (the sampler cannot know it). */
async function sendRetrying(operation: Operation, token: string, bodies: unknown[]): Promise<Reply> {
  let reply: Reply | undefined;
  for (const body of bodies) {
    reply = await call(stack, operation.method, urlOf(operation), token, body);
    if (reply.status >= 500) console.log(`${operation.id} ${reply.status} on ${JSON.stringify(body)}`);
    const versioned = body && typeof body === 'object' && 'version' in body ? (body as { version: number }) : null;
    for (let step = 1; reply.status === 409 && versioned && step <= 10; step += 1) {
      reply = await call(stack, operation.method, urlOf(operation), token, { ...versioned, version: versioned.version + step });
      if (reply.status >= 500)
        console.log(`${operation.id} ${reply.status} on version ${versioned.version + step}: ${JSON.stringify(body)}`);
    }
    if (reply.status !== 400) return reply;
    if (process.env.RELIABILITY_DEBUG) console.log(operation.id, reply.text.slice(0, 300));
  }
  return reply!;
}

describe('found by this suite', () => {
  it('answers 409, not 500, when an update renames an objective or key result to a title already taken', async () => {
    const create = (title: string) =>
      call<{ id: string; version: number; keyResults: Array<{ id: string; version: number }> }>(
        stack,
        'POST',
        '/api/objectives',
        world.tokens.report,
        {
          periodId: '2039-Q3',
          level: 'person',
          title,
          keyResults: [
            { title: 'First', kind: 'increase_to', start: 0, target: 10 },
            { title: 'Second', kind: 'increase_to', start: 0, target: 10 },
          ],
        },
      );
    const first = await create(`Taken ${Date.now()}`);
    const second = await create(`Other ${Date.now()}`);
    expect([first.status, second.status]).toEqual([201, 201]);
    const renamed = await call<{ code: string }>(stack, 'PATCH', `/api/objectives/${second.body.id}`, world.tokens.report, {
      version: second.body.version,
      title: (await call<{ title: string }>(stack, 'GET', `/api/objectives/${first.body.id}`, world.tokens.report)).body.title,
    });
    expect(renamed.status).toBe(409);
    expect(renamed.body.code).toBe('duplicate');
    const keyResult = second.body.keyResults[1]!;
    const clash = await call<{ code: string }>(stack, 'PATCH', `/api/key-results/${keyResult.id}`, world.tokens.report, {
      version: keyResult.version,
      title: 'First',
    });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('duplicate');
  });
});

describe('abuse', () => {
  it('answers 413 to an oversized body on every operation that takes one', async () => {
    const started = Date.now();
    const huge = JSON.stringify({ padding: 'x'.repeat(400 * 1024) });
    const failures: string[] = [];
    for (const operation of bodyOperations()) {
      const reply = await call<{ code: string }>(stack, operation.method, urlOf(operation), world.tokens.admin, huge);
      if (reply.status !== 413) failures.push(`${operation.method} ${operation.path}: ${reply.status}`);
    }
    console.log(
      `oversized bodies: ${bodyOperations().length} operations, ${failures.length} not 413 (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    expect(failures).toEqual([]);
    await stayedHealthy();
  });

  it('refuses deeply nested bodies with 4xx and keeps serving', async () => {
    const started = Date.now();
    const nestedObject = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
    const nestedArray = '['.repeat(100_000) + ']'.repeat(100_000);
    const failures: string[] = [];
    for (const operation of bodyOperations()) {
      for (const body of [nestedObject, nestedArray]) {
        const reply = await call(stack, operation.method, urlOf(operation), world.tokens.admin, body);
        if (reply.status < 400 || reply.status >= 500)
          failures.push(`${operation.method} ${operation.path}: ${reply.status} ${reply.text.slice(0, 120)}`);
      }
      const sample = sampleBody(operation.body!, world.document, victimSampling(world)) as Record<string, unknown>;
      let deep: unknown = 'x';
      for (let level = 0; level < 500; level += 1) deep = { deep };
      for (const key of Object.keys(sample).slice(0, 3)) {
        const reply = await call(stack, operation.method, urlOf(operation), world.tokens.admin, { ...sample, [key]: deep });
        if (reply.status < 400 || reply.status >= 500)
          failures.push(`${operation.method} ${operation.path} .${key}: ${reply.status} ${reply.text.slice(0, 120)}`);
      }
    }
    console.log(
      `deeply nested bodies: ${bodyOperations().length} operations, ${failures.length} failures (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    expect(failures).toEqual([]);
    await stayedHealthy();
  });

  it('refuses operator injection in every field, in keys and in query strings, and stores none of it', async () => {
    const started = Date.now();
    const failures: string[] = [];
    let attempts = 0;
    for (const operation of bodyOperations()) {
      const actor = await actorFor(operation);
      const sample = sampleBody(operation.body!, world.document, { ...victimSampling(world), allOptionals: true });
      const variants = [
        ...leafVariants(sample, { $ne: MARK }),
        ...leafVariants(sample, { $gt: '' }),
        { ...(sample as object), [`$${MARK}`]: 1 },
        { ...(sample as object), [`${MARK}.x`]: 1 },
        { ...(sample as object), $where: 'sleep(1000)' },
      ];
      for (const variant of variants) {
        attempts += 1;
        const reply = await call(stack, operation.method, urlOf(operation), actor, variant);
        if (reply.status < 400 || reply.status >= 500)
          failures.push(`${operation.method} ${operation.path} ${JSON.stringify(variant).slice(0, 160)}: ${reply.status}`);
      }
    }
    for (const operation of operationsOf(world.document).filter(
      (candidate) => candidate.method === 'GET' && candidate.queryParams.length > 0,
    )) {
      for (const parameter of operation.queryParams) {
        for (const suffix of [`[$ne]=${MARK}`, `[$gt]=`, `=${encodeURIComponent(JSON.stringify({ $gt: '' }))}`]) {
          attempts += 1;
          const reply = await call(stack, 'GET', `${victimPath(operation, world)}?${parameter.name}${suffix}`, world.tokens.employee);
          if (reply.status >= 500 || world.canaries.some((canary) => reply.text.includes(canary)))
            failures.push(`GET ${operation.path}?${parameter.name}${suffix}: ${reply.status}`);
        }
      }
    }
    for (const operation of operationsOf(world.document).filter(
      (candidate) => candidate.authenticated && candidate.pathParams.length > 0,
    )) {
      attempts += 1;
      const path = operation.path.replace(/\{[^}]+\}/g, encodeURIComponent(JSON.stringify({ $gt: '' })));
      const reply = await call(stack, operation.method, path, world.tokens.admin, operation.body ? {} : undefined);
      if (reply.status !== 400 && reply.status !== 404) failures.push(`${operation.method} ${path}: ${reply.status}`);
    }
    const stored = await storedMarkers();
    console.log(
      `operator injection: ${attempts} attempts, ${failures.length} not refused, ${stored.length} stored (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    expect(failures).toEqual([]);
    expect(stored).toEqual([]);
    await stayedHealthy();
  });

  it('takes HTML and script in every text field as plain text and escapes it where it renders HTML', async () => {
    const started = Date.now();
    const failures: string[] = [];
    const stored: string[] = [];
    const statuses: string[] = [];
    for (const operation of bodyOperations()) {
      const actor = await actorFor(operation);
      const reply = await sendRetrying(operation, actor, [
        sampleBody(operation.body!, world.document, victimSampling(world, XSS)),
        sampleBody(operation.body!, world.document, { ...victimSampling(world, XSS), allOptionals: true }),
      ]);
      statuses.push(`${operation.id} ${reply.status}`);
      if (reply.status >= 500) failures.push(`${operation.method} ${operation.path}: ${reply.status}`);
      if (reply.status < 300) {
        if (!/^application\/json/.test(reply.headers.get('content-type') ?? '') && reply.status !== 204)
          failures.push(`${operation.method} ${operation.path}: answered ${reply.headers.get('content-type')}`);
        if (reply.text.includes(XSS.slice(0, 20).replace(/"/g, '\\"'))) stored.push(`${operation.method} ${operation.path}`);
        if (reply.text.includes('&lt;script'))
          failures.push(`${operation.method} ${operation.path}: HTML-escaped inside JSON (double escaping)`);
      }
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    }

    const draft = await call<{ version: number }>(stack, 'GET', `/api/weekly/${world.isoWeek}`, world.tokens.report);
    const saved = await call(stack, 'PUT', `/api/weekly/${world.isoWeek}`, world.tokens.report, {
      version: draft.body.version,
      risks: XSS,
      timeOff: XSS,
      priorities: [{ title: XSS.slice(0, 200) }],
    });
    expect(saved.status).toBe(200);
    const mail = await call<{ html: string; text: string; subject: string }>(
      stack,
      'GET',
      `/api/weekly/${world.isoWeek}/render`,
      world.tokens.report,
    );
    expect(mail.status).toBe(200);
    expect(mail.body.html).not.toContain('<script');
    expect(mail.body.html).not.toMatch(/<img[^>]*onerror/i);
    expect(mail.body.html).toContain('&lt;script&gt;');
    expect(mail.body.text).toContain('<script>');
    console.log(
      `HTML/script in text fields: ${bodyOperations().length} operations, stored verbatim as text by ${stored.length} (${stored.join(', ')}), ${failures.length} failures, weekly mail HTML escaped (${((Date.now() - started) / 1000).toFixed(1)} s); answers: ${statuses.join(', ')}`,
    );
    expect(failures).toEqual([]);
    expect(stored.length).toBeGreaterThan(3);
  });
});
