import { onboardingSeeder } from './onboarding.seed.js';
import { okrsSeeder } from './okrs.seed.js';
import { oneOnOnesSeeder } from './oneonones.seed.js';
import { metricsSeeder } from './metrics.seed.js';
import type { Seeder } from './seed.js';
import { winsSeeder } from './wins.seed.js';
import { teamCheckInSeeder } from './teamcheckin.seed.js';

/** The demo tenant is onboarded. */
const tenantSeeder: Seeder = {
  name: 'tenant',
  version: 1,
  async run({ tenantId, tenants }) {
    await tenants.ensure(tenantId, 'Northstar Demo Inc.');
  },
};

/** The demo org is read from the Graph stand-in, the same way production reads Microsoft Graph. */
const orgSeeder: Seeder = {
  name: 'org',
  version: 1,
  async run({ tenantId, orgSync }) {
    const stats = await orgSync.sync(tenantId);
    if (stats.status !== 'ok') throw new Error(`The demo org sync failed: ${stats.errors.join('; ')}`);
  },
};

/** Every demo seeder, in the order they run; later features append theirs. */
export const demoSeeders: readonly Seeder[] = [
  tenantSeeder,
  orgSeeder,
  okrsSeeder,
  onboardingSeeder,
  oneOnOnesSeeder,
  winsSeeder,
  metricsSeeder,
  teamCheckInSeeder,
];
