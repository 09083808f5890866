/**
 * Prints the Graph stand-in's figures for a 100,000-person org: generation time, memory, and a full
 * delta through the Graph SDK. Run: `node --expose-gc --import tsx test/server/graph/measure-stand-in.ts`.
 */
import { PageIterator } from '@microsoft/microsoft-graph-client';
import { startGraphStandIn } from '../../../server/dev/graph/server.js';
import { generateOrg } from '../../../server/dev/org/generate.js';
import { standInClient, trustingDispatcher } from './graph-client.js';

const TENANT = '7a7a7a7a-8888-4888-8888-aaaaaaaaaaaa';
const SIZE = Number(process.argv[2] ?? 100_000);
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();
const heapMb = (): number => {
  collect();
  collect();
  return process.memoryUsage().heapUsed / 1048576;
};

const standIn = await startGraphStandIn();
const dispatcher = trustingDispatcher(standIn);
const baseline = heapMb();

let started = performance.now();
const org = generateOrg({ size: SIZE, tenantId: TENANT });
const generateMs = performance.now() - started;
standIn.setOrg(TENANT, org);
org.length = 0;
const loaded = heapMb();

const client = standInClient(standIn, TENANT, dispatcher);
started = performance.now();
const first = await client
  .api('/users/delta')
  .select('id,displayName,userPrincipalName,jobTitle,department,employeeHireDate,accountEnabled,manager')
  .get();
let items = 0;
await new PageIterator(client, first, () => (items++, true)).iterate();
const deltaMs = performance.now() - started;
const afterDelta = heapMb();

console.log(
  JSON.stringify(
    {
      people: SIZE,
      generateMs: Math.round(generateMs),
      fullDelta: { items, pages: standIn.requestCount('/v1.0/users/delta'), ms: Math.round(deltaMs) },
      heapMb: {
        standInEmpty: +baseline.toFixed(1),
        withOrgLoaded: +loaded.toFixed(1),
        orgCost: +(loaded - baseline).toFixed(1),
        afterFullDelta: +afterDelta.toFixed(1),
      },
      rssMb: +(process.memoryUsage().rss / 1048576).toFixed(1),
    },
    null,
    2,
  ),
);
await standIn.close();
await dispatcher.close();
