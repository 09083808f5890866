import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const tenantSchema = new Schema(
  {
    /** Entra tenant id. */
    tenantId: { type: String, required: true },
    name: { type: String, required: true, maxlength: 200 },
    /** `active` tenants may sign in; `suspended` ones are refused. */
    status: { type: String, enum: ['active', 'suspended'], required: true, default: 'active' },
  },
  { timestamps: true, strict: 'throw' },
);
tenantSchema.index({ tenantId: 1 }, { unique: true });

/** A tenant (organization) onboarded to Northstar. */
export type TenantRecord = InferSchemaType<typeof tenantSchema>;

export const TenantModel = mongoose.model('Tenant', tenantSchema, 'tenants');
