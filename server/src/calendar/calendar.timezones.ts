import { DateTime } from 'luxon';
import { findIana } from 'windows-iana';

/** The IANA zone for a time-zone name as Exchange writes it (Windows, e.g. `W. Europe Standard Time`, or IANA), or null when unknown. */
export function ianaZoneOf(name: string): string | null {
  if (DateTime.local().setZone(name).isValid) return name;
  const candidates = findIana(name);
  return candidates && candidates.length > 0 ? candidates[0]! : null;
}

/** The instant (ms) of a Graph `dateTimeTimeZone` (wall clock `dateTime` in `timeZone`); NaN when either is unreadable. */
export function instantOfGraphDateTime(value: { dateTime: string; timeZone?: string | null }): number {
  const zone = ianaZoneOf(value.timeZone || 'UTC');
  if (!zone) return Number.NaN;
  const parsed = DateTime.fromISO(value.dateTime.replace(/(\.\d{3})\d+$/, '$1'), { zone });
  return parsed.isValid ? parsed.toMillis() : Number.NaN;
}

/** An instant as Graph's `dateTimeTimeZone.dateTime` in an IANA zone: wall clock with seven fractional digits, no offset. */
export function graphDateTime(ms: number, ianaZone: string): string {
  return `${DateTime.fromMillis(ms, { zone: ianaZone }).toFormat("yyyy-LL-dd'T'HH:mm:ss")}.0000000`;
}
