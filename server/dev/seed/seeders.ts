import type { Seeder } from './seed.js';

/** The demo tenant is onboarded. */
const tenantSeeder: Seeder = {
  name: 'tenant',
  version: 1,
  async run({ tenantId, tenants }) {
    await tenants.ensure(tenantId, 'Northstar Demo Inc.');
  },
};

/** Every demo seeder, in the order they run; later features append theirs. */
export const demoSeeders: readonly Seeder[] = [tenantSeeder];
