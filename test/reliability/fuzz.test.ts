import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, type TestStack } from '../support/stack.js';
import { formatFuzz, fuzzStack, schemathesisBinary } from './fuzz.js';

/** The full budget runs with RELIABILITY_FULL=1 (`npm run test:reliability`); `npm test` runs a trimmed one. */
const full = process.env.RELIABILITY_FULL === '1';
const budget = full
  ? { maxExamples: Number(process.env.FUZZ_MAX_EXAMPLES ?? 50), maxTimeSeconds: Number(process.env.FUZZ_MAX_TIME ?? 900) }
  : { maxExamples: 5, maxTimeSeconds: 60 };
const binary = schemathesisBinary();
let stack: TestStack;

beforeAll(async () => {
  if (binary) stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

it.skipIf(!binary)(
  'fuzzes every operation of the OpenAPI document: no 5xx, no response breaking its own schema',
  async () => {
    const result = await fuzzStack(stack, budget, binary!);
    console.log(formatFuzz(result));
    expect(result.operations).toBeGreaterThan(20);
    expect(result.cases).toBeGreaterThan(result.operations);
    // A 5xx, or no response at all (a crash or a hang), fails the run.
    expect(Object.keys(result.statuses).filter((status) => status.startsWith('5') || status === 'none')).toEqual([]);
    expect(result.failures).toEqual([]);
    // The fuzzer's own generation errors are tolerated on a few operations, not on the run as a whole.
    expect(result.toolErrors.length).toBeLessThan(result.operations / 4);
  },
  1_800_000,
);
