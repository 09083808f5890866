import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../../server/src/calendar/calendar.graph.js';
import { cadenceOf, nextOccurrence, pairSeries, timeOffPeriods } from '../../../server/src/calendar/calendar.rules.js';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;
const NOW = Date.parse('2026-12-07T12:00:00Z');
const manager = { id: 'm', addresses: ['mia@x.test'] };
const report = { id: 'r', addresses: ['ravi@x.test', 'ravi.upn@x.test'] };

const event = (overrides: Partial<CalendarEvent>): CalendarEvent => ({
  id: String(Math.random()),
  subject: '1:1',
  startMs: NOW + HOUR_MS,
  endMs: NOW + 2 * HOUR_MS,
  isAllDay: false,
  isCancelled: false,
  showAs: 'busy',
  type: 'occurrence',
  seriesMasterId: 'S',
  originalStartMs: null,
  webLink: null,
  organizer: 'mia@x.test',
  attendees: ['ravi.upn@x.test'],
  ...overrides,
});

describe('calendar rules', () => {
  it('takes only series whose participants are exactly the pair (rooms ignored, single events ignored)', () => {
    const groups = pairSeries(
      [
        event({ seriesMasterId: 'A' }),
        event({ seriesMasterId: 'B', attendees: ['ravi@x.test', 'third@x.test'] }),
        event({ seriesMasterId: null, type: 'singleInstance' }),
        event({ seriesMasterId: 'C', organizer: 'ravi@x.test', attendees: ['MIA@x.test'.toLowerCase()] }),
        event({ seriesMasterId: 'D', attendees: ['mia@x.test'] }),
      ],
      manager,
      report,
    );
    expect([...groups.keys()]).toEqual(['A', 'C']);
  });

  it('finds the next occurrence past cancelled ones and gaps in a weekly pattern, and a moved one', () => {
    const base = NOW + HOUR_MS;
    const group = [
      event({ startMs: base, endMs: base + HOUR_MS, isCancelled: true, type: 'exception', originalStartMs: base }),
      // base + 1 week is missing: the organizer cancelled it.
      event({
        startMs: base + 2 * WEEK_MS + HOUR_MS,
        endMs: base + 2 * WEEK_MS + 2 * HOUR_MS,
        type: 'exception',
        originalStartMs: base + 2 * WEEK_MS,
      }),
      event({ startMs: base + 3 * WEEK_MS, endMs: base + 3 * WEEK_MS + HOUR_MS }),
    ];
    const next = nextOccurrence(group, { patternType: 'weekly', interval: 1 }, NOW, 'UTC')!;
    expect(next).toMatchObject({
      start: new Date(base + 2 * WEEK_MS + HOUR_MS).toISOString(),
      rescheduled: true,
      originalStart: new Date(base + 2 * WEEK_MS).toISOString(),
      cancelledDates: ['2026-12-07', '2026-12-14'],
    });
    expect(nextOccurrence(group.slice(0, 1), null, NOW, 'UTC')).toBeNull();
    expect([cadenceOf({ patternType: 'weekly', interval: 2 }), cadenceOf({ patternType: 'daily', interval: 1 })]).toEqual([
      'biweekly',
      null,
    ]);
  });

  it('reads time off from out-of-office events and automatic replies, by day in the tenant’s time zone', () => {
    const periods = timeOffPeriods(
      [
        event({
          showAs: 'oof',
          seriesMasterId: null,
          subject: 'Trip',
          startMs: Date.parse('2026-12-08T23:30:00Z'),
          endMs: Date.parse('2026-12-09T10:00:00Z'),
        }),
        event({ showAs: 'oof', isCancelled: true, startMs: NOW, endMs: NOW + HOUR_MS }),
        event({ showAs: 'busy', startMs: NOW, endMs: NOW + HOUR_MS }),
      ],
      { status: 'scheduled', startMs: Date.parse('2026-12-14T08:00:00Z'), endMs: Date.parse('2026-12-16T17:00:00Z') },
      { nowMs: NOW, fromMs: NOW, toMs: NOW + 2 * WEEK_MS },
      'Europe/Berlin',
    );
    expect(periods).toEqual([
      { source: 'calendar', start: '2026-12-09', end: '2026-12-09', subject: 'Trip' },
      { source: 'automatic_replies', start: '2026-12-14', end: '2026-12-16', subject: '' },
    ]);
    expect(
      timeOffPeriods(
        [],
        { status: 'scheduled', startMs: NOW - 3 * WEEK_MS, endMs: NOW - WEEK_MS },
        { nowMs: NOW, fromMs: NOW, toMs: NOW + WEEK_MS },
        'UTC',
      ),
    ).toEqual([]);
  });
});
