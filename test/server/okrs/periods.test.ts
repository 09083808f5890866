import { describe, expect, it } from 'vitest';
import { isoWeekOf, latestStartedIsoWeek, shiftIsoWeek } from '../../../server/src/okrs/periods.js';

describe('the latest ISO week that has begun somewhere', () => {
  it('is next week from Sunday 10:00 UTC, when Monday has begun at UTC+14', () => {
    expect(isoWeekOf(new Date('2026-11-22T09:59:00Z'))).toBe('2026-W47');
    expect(latestStartedIsoWeek(new Date('2026-11-22T09:59:00Z'))).toBe('2026-W47');
    expect(latestStartedIsoWeek(new Date('2026-11-22T10:00:00Z'))).toBe('2026-W48');
    expect(latestStartedIsoWeek(new Date('2026-11-23T10:00:00Z'))).toBe('2026-W48');
  });
});

describe('shifting an ISO week', () => {
  it('crosses year ends, long years included', () => {
    expect(shiftIsoWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftIsoWeek('2027-W01', -1)).toBe('2026-W53');
    expect(shiftIsoWeek('2026-W47', -52)).toBe('2025-W47');
    expect(shiftIsoWeek('2026-W47', 0)).toBe('2026-W47');
  });
});
