import mongoose, { Schema } from 'mongoose';

const leaseSchema = new Schema(
  {
    tenantId: { type: String, required: true },
    /** The job the lease is for, e.g. `org-sync`. */
    name: { type: String, required: true },
    /** Instance id of the server holding the lease. */
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true, strict: 'throw', versionKey: false },
);
leaseSchema.index({ tenantId: 1, name: 1 }, { unique: true });

export const LeaseModel = mongoose.model('Lease', leaseSchema, 'leases');
