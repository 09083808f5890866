import { toDemoUsers } from '../demo.js';
import { DEMO_TENANT_ID, demoOrg } from '../org/generate.js';

/** `npm run -s demo:users`: the demo users, one JSON object a line. */
for (const user of toDemoUsers(demoOrg({ tenantId: DEMO_TENANT_ID, today: new Date() }))) {
  process.stdout.write(`${JSON.stringify(user)}\n`);
}
