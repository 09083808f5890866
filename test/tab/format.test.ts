import { describe, expect, it } from 'vitest';
import { confidenceColor, dateIn, formattersFor, isoWeekOfDate, mondayOf, shiftWeek, weeksBetween } from '../../tab/src/format.js';

describe('ISO weeks', () => {
  it('numbers weeks the ISO way at year boundaries', () => {
    expect(isoWeekOfDate('2026-01-01')).toBe('2026-W01');
    expect(isoWeekOfDate('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOfDate('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOfDate('2026-11-22')).toBe('2026-W47');
  });

  it('finds Mondays, shifts and counts weeks', () => {
    expect(mondayOf('2026-W47')).toBe('2026-11-16');
    expect(mondayOf('2025-W01')).toBe('2024-12-30');
    expect(shiftWeek('2026-W01', -1)).toBe('2025-W52');
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(weeksBetween('2026-W40', '2026-W47')).toBe(7);
  });

  it('reads the calendar date in a time zone', () => {
    const lateUtc = new Date('2026-11-22T23:30:00Z');
    expect(dateIn('UTC', lateUtc)).toBe('2026-11-22');
    expect(dateIn('Europe/Berlin', lateUtc)).toBe('2026-11-23');
  });
});

describe('formatting in the user locale', () => {
  it('formats numbers and dates per locale', () => {
    expect(formattersFor('de-de').number(1234.5)).toBe('1.234,5');
    expect(formattersFor('en-us').number(1234.5)).toBe('1,234.5');
    expect(formattersFor('en-us').percent(0.456)).toBe('46%');
    expect(formattersFor('de-DE').date('2026-03-01')).toBe('01.03.2026');
  });

  it('falls back to English for a locale Intl cannot read', () => {
    expect(formattersFor('not a locale!').locale).toBe('en-US');
  });

  it('colours confidence 7–10 green, 4–6 yellow, 0–3 red', () => {
    expect([0, 3, 4, 6, 7, 10].map(confidenceColor)).toEqual(['red', 'red', 'yellow', 'yellow', 'green', 'green']);
  });
});
