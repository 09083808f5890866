import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const orgStateSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    /** Bumped by every sync that changed people; org caches compare it. */
    orgVersion: { type: Number, required: true, default: 0 },
    /** Graph delta link for the next incremental sync. */
    deltaLink: { type: String, default: null },
    /** Next page of a sync in progress, to resume from after a crash. */
    resumeLink: { type: String, default: null },
    /** True while a full sync is under way (so a resumed run knows what it continues). */
    fullSyncInProgress: { type: Boolean, default: false },
    /** Stats of the last finished (or failed) sync. */
    lastSync: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: true, strict: 'throw', versionKey: false },
);
orgStateSchema.index({ tenantId: 1 }, { unique: true });

/** Per-tenant org sync state. */
export type OrgStateRecord = InferSchemaType<typeof orgStateSchema>;

export const OrgStateModel = mongoose.model('OrgState', orgStateSchema, 'org_states');
