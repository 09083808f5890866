import { PageIterator } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Agent } from 'undici';
import { startGraphStandIn, type GraphStandIn } from '../../../server/dev/graph/server.js';
import { generateOrg } from '../../../server/dev/org/generate.js';
import { standInClient, trustingDispatcher } from './graph-client.js';

const TENANT = '5e5e5e5e-6666-4666-8666-eeeeeeeeeeee';
const SIZE = 100_000;

let standIn: GraphStandIn;
let dispatcher: Agent;

beforeAll(async () => {
  standIn = await startGraphStandIn();
  dispatcher = trustingDispatcher(standIn);
});

afterAll(async () => {
  await standIn.close();
  await dispatcher.close();
});

it('pages a full delta of 100,000 people through the SDK in 500 pages, then an incremental one', async () => {
  const org = generateOrg({ size: SIZE, tenantId: TENANT });
  standIn.setOrg(TENANT, org);
  const client = standInClient(standIn, TENANT, dispatcher);

  const started = performance.now();
  const first = await client
    .api('/users/delta')
    .header('x-ms-throttle-priority', 'low')
    .select('id,displayName,userPrincipalName,jobTitle,department,employeeHireDate,accountEnabled,manager')
    .get();
  let count = 0;
  let withManager = 0;
  const iterator = new PageIterator(client, first, (item: Record<string, unknown>) => {
    count++;
    if (item['manager@delta']) withManager++;
    return true;
  });
  await iterator.iterate();
  const elapsed = performance.now() - started;
  const pages = standIn.requestCount('/v1.0/users/delta');
  console.info(`full delta of ${SIZE}: ${pages} pages in ${elapsed.toFixed(0)} ms`);

  expect(count).toBe(SIZE);
  expect(withManager).toBe(SIZE - 1);
  expect(pages).toBe(SIZE / 200);
  expect(elapsed).toBeLessThan(60_000);

  standIn.applyChanges(TENANT, [{ op: 'disable', id: org[12_345]!.id }]);
  const changes = await client.api(iterator.getDeltaLink()!).get();
  expect(changes.value).toEqual([expect.objectContaining({ id: org[12_345]!.id, accountEnabled: false })]);
  expect(changes['@odata.deltaLink']).toBeTruthy();
}, 120_000);
