import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphStandIn, type GraphStandIn } from '../../../server/dev/graph/server.js';
import { generateOrg } from '../../../server/dev/org/generate.js';
import type { GraphUser } from '../../../server/dev/org/types.js';
import { batchGet } from '../../../server/src/graph/batch.js';
import { standInClient, trustingDispatcher } from './graph-client.js';

const TENANT = '0c0c0c0c-3333-4333-8333-cccccccccccc';
let standIn: GraphStandIn;
let dispatcher: Agent;
let people: GraphUser[];

beforeAll(async () => {
  standIn = await startGraphStandIn();
  dispatcher = trustingDispatcher(standIn);
  people = generateOrg({ size: 60, tenantId: TENANT });
  standIn.setOrg(TENANT, people);
});
afterAll(async () => {
  await dispatcher?.close();
  await standIn?.close();
});

describe('batchGet', () => {
  it('answers every request, 20 per $batch call', async () => {
    const requests = people.slice(0, 45).map((person) => ({ id: person.id, url: `/users/${person.id}?$select=id,displayName` }));
    const before = standIn.requestCount('/v1.0/$batch', { tenantId: TENANT });
    const answers = await batchGet(standInClient(standIn, TENANT, dispatcher), requests);
    expect(standIn.requestCount('/v1.0/$batch', { tenantId: TENANT }) - before).toBe(3);
    expect(answers.size).toBe(45);
    for (const person of people.slice(0, 45)) {
      expect(answers.get(person.id)).toEqual({
        status: 200,
        body: expect.objectContaining({ id: person.id, displayName: person.displayName }),
      });
    }
  });

  it('retries only the requests throttled inside a 200 batch, after their Retry-After', async () => {
    const waits: number[] = [];
    standIn.throttle(TENANT, { count: 2, retryAfterSeconds: 2 });
    const requests = people.slice(0, 5).map((person) => ({ id: person.id, url: `/users/${person.id}/manager?$select=id` }));
    const answers = await batchGet(standInClient(standIn, TENANT, dispatcher), requests, {
      background: true,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([2000]);
    for (const person of people.slice(0, 5)) {
      const answer = answers.get(person.id)!;
      if (person.managerId) expect(answer).toEqual({ status: 200, body: expect.objectContaining({ id: person.managerId }) });
      else expect(answer.status).toBe(404);
    }
    const throttled = standIn.requestLog.filter((entry) => entry.inBatch && entry.status === 429 && entry.tenantId === TENANT);
    expect(throttled).toHaveLength(2);
    expect(throttled.every((entry) => entry.throttlePriority === 'low')).toBe(true);
  });

  it('gives up after maxRetries and reports the last answer', async () => {
    standIn.throttle(TENANT, { count: 10, retryAfterSeconds: 1 });
    const [person] = people;
    const answers = await batchGet(standInClient(standIn, TENANT, dispatcher), [{ id: 'a', url: `/users/${person!.id}` }], {
      maxRetries: 2,
      sleep: async () => {},
    });
    expect(answers.get('a')?.status).toBe(429);
    standIn.throttle(TENANT, { count: 0, retryAfterSeconds: 0 });
  });
});
