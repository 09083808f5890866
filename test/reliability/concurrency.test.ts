import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../support/stack.js';
import { buildWorld, call, type World } from './support/world.js';

let stack: TestStack;
let world: World;
const full = process.env.RELIABILITY_FULL === '1';

beforeAll(async () => {
  stack = await startStack();
  world = await buildWorld(stack);
});
afterAll(async () => {
  await stack?.stop();
});

/** A versioned text field behind the API: read it, write it guarded by a version, as one of several writers. */
interface Contended {
  read(): Promise<{ version: number; text: string }>;
  write(writer: number, version: number, text: string): Promise<number>;
}

function resources(): Record<string, Contended> {
  const objective = `/api/objectives/${world.ids.objective}`;
  const weekly = `/api/weekly/${world.isoWeek}`;
  const notes = `/api/one-on-ones/${world.manager.id}/${world.report.id}`;
  return {
    'objective why (owner and manager)': {
      read: async () => {
        const { body } = await call<{ version: number; why: string }>(stack, 'GET', objective, world.tokens.report);
        return { version: body.version, text: body.why };
      },
      write: async (writer, version, text) =>
        (await call(stack, 'PATCH', objective, writer % 2 ? world.tokens.report : world.tokens.manager, { version, why: text })).status,
    },
    'weekly report risks (author on two devices)': {
      read: async () => {
        const { body } = await call<{ version: number; risks: string }>(stack, 'GET', weekly, world.tokens.report);
        return { version: body.version, text: body.risks };
      },
      write: async (_writer, version, text) => (await call(stack, 'PUT', weekly, world.tokens.report, { version, risks: text })).status,
    },
    'tenant settings north star (admin)': {
      read: async () => {
        const { body } = await call<{ version: number; northStar: string }>(stack, 'GET', '/api/settings', world.tokens.admin);
        return { version: body.version, text: body.northStar };
      },
      write: async (_writer, version, text) =>
        (await call(stack, 'PUT', '/api/settings', world.tokens.admin, { version, northStar: text })).status,
    },
    '1:1 notes (manager and report)': {
      read: async () => {
        const { body } = await call<{ notes: { version: number; text: string } }>(stack, 'GET', notes, world.tokens.manager);
        return { version: body.notes.version, text: body.notes.text };
      },
      write: async (writer, version, text) =>
        (await call(stack, 'PUT', `${notes}/notes`, writer % 2 ? world.tokens.report : world.tokens.manager, { version, text })).status,
    },
  };
}

describe('conflicting edits', () => {
  it('of many writes with the same version exactly one wins, the rest get 409, and the stored text is the winner’s', async () => {
    const started = Date.now();
    const figures: string[] = [];
    for (const [name, resource] of Object.entries(resources())) {
      const before = await resource.read();
      const texts = Array.from({ length: 6 }, (_, writer) => `race ${writer} ${Date.now()}`);
      const statuses = await Promise.all(texts.map((text, writer) => resource.write(writer, before.version, text)));
      const winners = statuses.flatMap((status, writer) => (status === 200 ? [writer] : []));
      expect({ name, statuses: [...statuses].sort() }).toEqual({ name, statuses: [200, 409, 409, 409, 409, 409] });
      const after = await resource.read();
      expect(after).toEqual({ version: before.version + 1, text: texts[winners[0]!] });
      figures.push(`${name}: ${statuses.join('/')}`);
    }
    console.log(`same-version races: ${figures.join('; ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });

  it('loses no update when writers re-read and retry on 409', async () => {
    const started = Date.now();
    const writers = full ? 4 : 3;
    const rounds = full ? 5 : 2;
    const figures: string[] = [];
    for (const [name, resource] of Object.entries(resources())) {
      const initial = await resource.read();
      let conflicts = 0;
      const writer = async (id: number) => {
        for (let round = 0; round < rounds; round += 1) {
          for (let attempt = 0; ; attempt += 1) {
            if (attempt > 50) throw new Error(`${name}: writer ${id} starved`);
            const current = await resource.read();
            const status = await resource.write(id, current.version, `${current.text} w${id}r${round}`.trim());
            if (status === 200) break;
            expect(status).toBe(409);
            conflicts += 1;
          }
        }
      };
      await Promise.all(Array.from({ length: writers }, (_, id) => writer(id)));
      const final = await resource.read();
      const tags = final.text.split(' ').filter((word) => /^w\d+r\d+$/.test(word));
      const expected = Array.from({ length: writers * rounds }, (_, index) => `w${index % writers}r${Math.floor(index / writers)}`);
      expect({ name, tags: [...tags].sort() }).toEqual({ name, tags: expected.sort() });
      expect(final.version).toBe(initial.version + writers * rounds);
      figures.push(`${name}: ${writers * rounds} writes kept, ${conflicts} 409s retried`);
    }
    console.log(`read-modify-write with retries: ${figures.join('; ')}; 0 lost updates (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });
});
