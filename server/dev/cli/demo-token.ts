import path from 'node:path';
import { findRepoRoot } from '../../src/paths.js';
import { demoTokenClaims, issuerKeyFile, loadDemoState } from '../demo.js';
import { loadOrCreateSigningKey } from '../issuer/keys.js';
import { signAccessToken } from '../issuer/tokens.js';
import { DEMO_TENANT_ID, demoOrg } from '../org/generate.js';
import type { GraphUser } from '../org/types.js';

/** The demo data folder the server uses: `DATA_DIR`, else `.data` at the repository root. */
export function demoDataDir(): string {
  return process.env.DATA_DIR ?? path.join(findRepoRoot(), '.data');
}

/** The first demo person matching the predicate. */
export function findDemoPerson(predicate: (person: GraphUser) => boolean): GraphUser | undefined {
  return demoOrg({ tenantId: DEMO_TENANT_ID, today: new Date() }).find(predicate);
}

/** The demo org's person with this UPN (case-insensitive), or undefined. */
export function demoPersonByUpn(upn: string): GraphUser | undefined {
  return findDemoPerson((person) => person.userPrincipalName.toLowerCase() === upn.toLowerCase());
}

/** The demo tenant's admin (holder of the `Admin` app role). */
export function demoAdmin(): GraphUser {
  const admin = findDemoPerson((person) => person.appRoles.includes('Admin'));
  if (!admin) throw new Error('The demo org has no admin.');
  return admin;
}

/** Signs an access token for a demo person with the persisted demo issuer key, as the running demo server trusts it. */
export async function mintDemoToken(person: GraphUser, dataDir = demoDataDir()): Promise<string> {
  const state = await loadDemoState(dataDir);
  const key = await loadOrCreateSigningKey(issuerKeyFile(dataDir));
  return signAccessToken(key, `http://127.0.0.1:${state.issuerPort}`, demoTokenClaims(person));
}
