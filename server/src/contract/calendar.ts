/**
 * Facts read from Outlook through Microsoft Graph that the 1:1s and the weekly mail show: the pair's
 * recurring 1:1 and people's time off (events shown as out of office, automatic replies).
 */
import { z } from 'zod';
import { IsoDateSchema } from './okrs.js';

/** Where a 1:1's `nextDate` came from: the pair's recurring series in Outlook, a date someone set, or the cadence. */
export const NextDateSourceSchema = z.enum(['calendar', 'set', 'cadence']);
export type NextDateSource = z.infer<typeof NextDateSourceSchema>;

/** The next occurrence of the pair's recurring 1:1 in the manager's Outlook calendar. */
export const CalendarOccurrenceSchema = z.object({
  /** ISO instants (UTC). */
  start: z.string(),
  end: z.string(),
  subject: z.string(),
  /** True when this occurrence was moved away from the series' usual time (an exception of the series). */
  rescheduled: z.boolean(),
  /** The usual start of a moved occurrence (ISO instant), when known. */
  originalStart: z.string().nullable(),
  /** Usual dates (`YYYY-MM-DD`, tenant time zone) of occurrences cancelled between now and this one. */
  cancelledDates: z.array(IsoDateSchema),
  /** Link that opens the occurrence in Outlook, when Graph gave one. */
  webLink: z.string().nullable(),
});
export type CalendarOccurrence = z.infer<typeof CalendarOccurrenceSchema>;

/** Where a time-off period was read: an event shown as out of office, or the mailbox's automatic replies. */
export const TimeOffSourceSchema = z.enum(['calendar', 'automatic_replies']);
export type TimeOffSource = z.infer<typeof TimeOffSourceSchema>;

/** A period a person is out of office, by day in the tenant's time zone. */
export const TimeOffPeriodSchema = z.object({
  source: TimeOffSourceSchema,
  /** First day away. */
  start: IsoDateSchema,
  /** Last day away (inclusive); null when automatic replies are on without an end. */
  end: IsoDateSchema.nullable(),
  /** The event's subject; empty for automatic replies. */
  subject: z.string(),
});
export type TimeOffPeriod = z.infer<typeof TimeOffPeriodSchema>;
