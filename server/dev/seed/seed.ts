import mongoose, { Schema } from 'mongoose';
import type { Logger } from 'pino';
import type { OrgDirectory } from '../../src/org/org.directory.js';
import type { OrgSync } from '../../src/org/org.sync.js';
import type { TenantsRepo } from '../../src/tenants/tenants.repo.js';
import type { GraphUser } from '../org/types.js';

/** What a seeder gets: the demo tenant, its people, and the server's repositories. */
export interface SeedContext {
  tenantId: string;
  people: GraphUser[];
  today: Date;
  logger: Logger;
  tenants: TenantsRepo;
  directory: OrgDirectory;
  orgSync: OrgSync;
}

/** One step of demo data. Bump `version` when its data changes; each step must itself be idempotent. */
export interface Seeder {
  name: string;
  version: number;
  run(context: SeedContext): Promise<void>;
}

const seedRunSchema = new Schema(
  { tenantId: { type: String, required: true }, name: { type: String, required: true }, version: { type: Number, required: true } },
  { timestamps: true, strict: 'throw' },
);
seedRunSchema.index({ tenantId: 1, name: 1 }, { unique: true });
const SeedRunModel = mongoose.model('DemoSeedRun', seedRunSchema, 'demo_seed_runs');

/** Runs each seeder whose current version has not run for the tenant yet, in order. */
export async function runSeeders(context: SeedContext, seeders: readonly Seeder[]): Promise<string[]> {
  const ran: string[] = [];
  for (const seeder of seeders) {
    const done = await SeedRunModel.findOne({ tenantId: context.tenantId, name: seeder.name }).lean<{ version: number }>();
    if (done && done.version >= seeder.version) continue;
    await seeder.run(context);
    await SeedRunModel.updateOne(
      { tenantId: context.tenantId, name: seeder.name },
      { $set: { version: seeder.version } },
      { upsert: true },
    );
    ran.push(seeder.name);
  }
  if (ran.length > 0) context.logger.info({ seeders: ran }, 'demo data seeded');
  return ran;
}
