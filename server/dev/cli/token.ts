import path from 'node:path';
import { findRepoRoot } from '../../src/paths.js';
import { demoTokenClaims, issuerKeyFile, loadDemoState } from '../demo.js';
import { loadOrCreateSigningKey } from '../issuer/keys.js';
import { signAccessToken } from '../issuer/tokens.js';
import { DEMO_TENANT_ID, demoOrg } from '../org/generate.js';

/** `npm run -s demo:token -- <upn>`: prints an access token for a demo user, nothing else. */
async function main(): Promise<void> {
  const upn = process.argv[2];
  const dataDir = process.env.DATA_DIR ?? path.join(findRepoRoot(), '.data');
  const person = demoOrg({ tenantId: DEMO_TENANT_ID, today: new Date() }).find(
    (candidate) => candidate.userPrincipalName.toLowerCase() === upn?.toLowerCase(),
  );
  if (!person) {
    console.error(`Usage: npm run -s demo:token -- <userPrincipalName>\n${upn ? `No demo user ${upn}; ` : ''}see npm run -s demo:users`);
    process.exit(2);
  }
  const state = await loadDemoState(dataDir);
  const key = await loadOrCreateSigningKey(issuerKeyFile(dataDir));
  const token = await signAccessToken(key, `http://127.0.0.1:${state.issuerPort}`, demoTokenClaims(person));
  process.stdout.write(`${token}\n`);
}

void main();
