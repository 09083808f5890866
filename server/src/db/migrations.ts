import mongoose, { Schema } from 'mongoose';
import type { Logger } from 'pino';

const migrationSchema = new Schema(
  {
    /** The migration's name. */
    _id: { type: String, required: true },
    /** What it changed, for the log. */
    changed: { type: Number, required: true },
  },
  { timestamps: { createdAt: 'appliedAt', updatedAt: false }, strict: 'throw', versionKey: false },
);

const MigrationModel = mongoose.model('Migration', migrationSchema, 'migrations');

/** A one-time change of stored data; `run` must be safe to repeat if a crash interrupts it. */
export interface Migration {
  name: string;
  /** Returns how many documents it changed. */
  run(): Promise<number>;
}

/** Runs, in order, the migrations this database has not recorded yet (each checked by `_id`). */
export async function runMigrations(migrations: readonly Migration[], logger: Logger): Promise<void> {
  for (const migration of migrations) {
    if (await MigrationModel.exists({ _id: migration.name })) continue;
    const startedAt = Date.now();
    const changed = await migration.run();
    await MigrationModel.create({ _id: migration.name, changed });
    logger.info({ migration: migration.name, changed, ms: Date.now() - startedAt }, 'migration applied');
  }
}
