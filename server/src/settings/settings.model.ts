import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const settingsSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    mission: { type: String, default: '', maxlength: 500 },
    northStar: { type: String, default: '', maxlength: 500 },
    fiscalYearStartMonth: { type: Number, required: true, min: 1, max: 12 },
    checkInDay: { type: String, required: true },
    deadlines: {
      manager: { type: String, required: true },
      members: { type: String, required: true },
      review: { type: String, required: true },
    },
    timeZone: { type: String, required: true },
    limits: {
      maxObjectivesPerOwner: { type: Number, required: true, min: 1, max: 5 },
      maxKeyResultsPerObjective: { type: Number, required: true, min: 1, max: 5 },
    },
    /** Entra group whose members are HR (besides the `HR` app role). */
    hrGroupId: { type: String, default: null },
    /** Entra group whose members are admins (besides the `Admin` app role). */
    adminGroupId: { type: String, default: null },
    /** When the Friday wins digest goes out (absent in documents saved before it existed: the defaults apply). */
    winsDigest: {
      type: new Schema(
        { enabled: { type: Boolean, required: true }, weekday: { type: String, required: true }, time: { type: String, required: true } },
        { _id: false, strict: 'throw' },
      ),
      default: undefined,
    },
    /** Optimistic-concurrency counter; every update is conditional on it. */
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, strict: 'throw', versionKey: false },
);
settingsSchema.index({ tenantId: 1 }, { unique: true });

/** A tenant's OKR settings (one document per tenant; absent means defaults). */
export type SettingsRecord = InferSchemaType<typeof settingsSchema>;

export const SettingsModel = mongoose.model('TenantSettings', settingsSchema, 'tenant_settings');
