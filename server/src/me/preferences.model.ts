import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const preferencesSchema = new Schema(
  {
    /** `<tenantId>:<user id>`, like the person it belongs to. */
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    userId: { type: String, required: true },
    /** IANA time zone reported by the person's own client. */
    timeZone: { type: String, required: true },
  },
  { timestamps: true, strict: 'throw', versionKey: false },
);

/** What a person's own client told us about them. */
export type PreferencesRecord = InferSchemaType<typeof preferencesSchema>;

export const PreferencesModel = mongoose.model('Preferences', preferencesSchema, 'preferences');
