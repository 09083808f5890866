import { z } from 'zod';
import { TimeZoneSchema } from './settings.js';

/** A person as other responses refer to them. */
export const PersonRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  upn: z.string(),
});
export type PersonRef = z.infer<typeof PersonRefSchema>;

/** Roles Northstar knows; `manager` is derived from having reports, `hr`/`admin` from app roles or the tenant's configured groups. */
export const RoleSchema = z.enum(['employee', 'manager', 'hr', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

/** `GET /api/me`: the signed-in caller. */
export const MeSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  upn: z.string(),
  roles: z.array(RoleSchema),
  manager: PersonRefSchema.nullable(),
});
export type Me = z.infer<typeof MeSchema>;

/** `PUT /api/me/preferences`: what the caller's own client tells us about them. */
export const MePreferencesSchema = z
  .object({
    /** IANA time zone of the caller's device; weekly-mail deadlines and reminders follow it. */
    timeZone: TimeZoneSchema,
  })
  .strict();
export type MePreferences = z.infer<typeof MePreferencesSchema>;
