import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const personSchema = new Schema(
  {
    /** `<tenantId>:<object id>`: lookups and updates by `_id` are the ones the embedded database does without a scan. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    /** Entra object id. */
    id: { type: String, required: true },
    displayName: { type: String, default: '' },
    mail: { type: String, default: '' },
    upn: { type: String, default: '' },
    jobTitle: { type: String, default: '' },
    department: { type: String, default: '' },
    /** `employeeHireDate` from Graph, when set. */
    hireDate: { type: Date, default: null },
    /** False when the account is disabled in Entra or the person was removed from the directory. */
    enabled: { type: Boolean, default: true },
    /** Entra object id of the manager; null at the top of the org or when unknown. */
    managerId: { type: String, default: null },
    /** Set when Graph reported the person removed (`changed` = soft-deleted, `deleted` = gone); the person is kept. */
    removedReason: { type: String, enum: ['changed', 'deleted', null], default: null },
  },
  { timestamps: true, strict: 'throw', versionKey: false },
);
personSchema.index({ tenantId: 1, id: 1 }, { unique: true });
personSchema.index({ tenantId: 1, managerId: 1 });
personSchema.index({ tenantId: 1, upn: 1 });

/** The `_id` of a person. */
export function personKey(tenantId: string, id: string): string {
  return `${tenantId}:${id}`;
}

/** A person of a tenant's directory, as synced from Microsoft Graph. */
export type PersonRecord = InferSchemaType<typeof personSchema>;

export const PersonModel = mongoose.model('Person', personSchema, 'people');
