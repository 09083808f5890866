import { z } from 'zod';

/** A wall-clock time of day, `HH:MM` (24 h). */
export const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

/** Day of the week the weekly OKR mail is due. */
export const WeekdaySchema = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
export type Weekday = z.infer<typeof WeekdaySchema>;

/** An IANA time zone name, e.g. `Europe/Berlin`. */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone');

/** Deadlines of the weekly OKR mail on the check-in day, in the tenant's time zone. */
export const CheckInDeadlinesSchema = z
  .object({
    /** Managers send theirs before this time. */
    manager: TimeOfDaySchema,
    /** Team members send theirs before this time. */
    members: TimeOfDaySchema,
    /** Managers review submissions at this time. */
    review: TimeOfDaySchema,
  })
  .strict();
export type CheckInDeadlines = z.infer<typeof CheckInDeadlinesSchema>;

/** Focus limits of a tenant. */
export const OkrLimitsSchema = z
  .object({
    maxObjectivesPerOwner: z.number().int().min(1).max(5),
    maxKeyResultsPerObjective: z.number().int().min(1).max(5),
  })
  .strict();
export type OkrLimits = z.infer<typeof OkrLimitsSchema>;

/** An Entra group's object id, as the token's `groups` claim lists it. */
export const EntraGroupIdSchema = z.guid();

/** When the Friday wins digest goes to each team's bound channels, in the tenant's time zone. */
export const WinsDigestSettingsSchema = z
  .object({
    enabled: z.boolean(),
    weekday: WeekdaySchema,
    /** Time of day from which the digest goes out (later rounds of the same week catch up). */
    time: TimeOfDaySchema,
  })
  .strict();
export type WinsDigestSettings = z.infer<typeof WinsDigestSettingsSchema>;

/** What an admin may set for their tenant. */
export const TenantSettingsFieldsSchema = z
  .object({
    mission: z.string().trim().max(500),
    northStar: z.string().trim().max(500),
    /** Month (1 = January) the fiscal year starts; quarters are counted from it. */
    fiscalYearStartMonth: z.number().int().min(1).max(12),
    checkInDay: WeekdaySchema,
    deadlines: CheckInDeadlinesSchema,
    timeZone: TimeZoneSchema,
    limits: OkrLimitsSchema,
    /** Entra group (object id) whose members are HR besides holders of the `HR` app role; null for none. */
    hrGroupId: EntraGroupIdSchema.nullable().optional(),
    /** Entra group (object id) whose members are admins besides holders of the `Admin` app role; null for none. */
    adminGroupId: EntraGroupIdSchema.nullable().optional(),
    winsDigest: WinsDigestSettingsSchema,
  })
  .strict();

/** `GET /api/settings`: the tenant's settings (defaults until an admin saves them). */
export const TenantSettingsSchema = TenantSettingsFieldsSchema.extend({
  /** Optimistic-concurrency version; send it back on update. */
  version: z.number().int().min(0),
  allowedActions: z.array(z.enum(['read', 'update'])),
});
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

/** `PUT /api/settings`: a partial update guarded by the version last read. */
export const UpdateTenantSettingsSchema = TenantSettingsFieldsSchema.partial()
  .extend({ version: z.number().int().min(0) })
  .strict();
export type UpdateTenantSettings = z.infer<typeof UpdateTenantSettingsSchema>;

/** Settings a tenant has before an admin changes anything. */
export const DEFAULT_TENANT_SETTINGS: z.infer<typeof TenantSettingsFieldsSchema> = {
  mission: '',
  northStar: '',
  fiscalYearStartMonth: 1,
  checkInDay: 'monday',
  deadlines: { manager: '09:00', members: '12:00', review: '15:00' },
  timeZone: 'UTC',
  limits: { maxObjectivesPerOwner: 3, maxKeyResultsPerObjective: 3 },
  hrGroupId: null,
  adminGroupId: null,
  winsDigest: { enabled: true, weekday: 'friday', time: '15:00' },
};

/** An OKR period id: fiscal year and quarter, e.g. `2026-Q4`. */
export const PeriodIdSchema = z.string().regex(/^\d{4}-Q[1-4]$/, 'must look like 2026-Q4');
export type PeriodId = z.infer<typeof PeriodIdSchema>;

/** A period: a fiscal quarter with its first and last day (ISO dates, inclusive). */
export const PeriodSchema = z.object({
  id: PeriodIdSchema,
  start: z.string().describe('First day, YYYY-MM-DD'),
  end: z.string().describe('Last day, YYYY-MM-DD'),
});
export type Period = z.infer<typeof PeriodSchema>;

/** `GET /api/periods`: the current period and its neighbours. */
export const PeriodListSchema = z.object({
  current: PeriodIdSchema,
  periods: z.array(PeriodSchema),
});
export type PeriodList = z.infer<typeof PeriodListSchema>;
