import { describe, expect, it } from 'vitest';
import type { RedItem, TeamCheckInAgenda } from '../../server/src/contract/index.js';
import {
  agendaKeys,
  agendaProgress,
  appendRedItems,
  confidenceTrend,
  weekLabel,
  withMark,
} from '../../tab/src/components/team/checkin/agenda.js';
import { parseRoute, pathOf } from '../../tab/src/router.js';
import {
  channelContentUrl,
  channelEntityId,
  cleanTeamId,
  parseSection,
  teamOfSearch,
  teamRitualsSubPage,
} from '../../tab/src/pages/teamSections.js';

const TEAM = '6f1c2f4e-0d7a-4b8e-9a51-3c2d1e0f9a8b';

describe('channel tab sections and addresses', () => {
  it('reads the section of a hash or sub-path and falls back to the check-in', () => {
    expect(parseSection('#wins')).toBe('wins');
    expect(parseSection('#/report')).toBe('report');
    expect(parseSection('OKRS')).toBe('okrs');
    expect(parseSection('')).toBe('checkin');
    expect(parseSection('#<script>')).toBe('checkin');
    expect(parseSection(undefined)).toBe('checkin');
  });

  it('builds the content URL and entity id the configuration page saves', () => {
    expect(channelContentUrl('https://northstar.example', TEAM)).toBe(`https://northstar.example/tab/channel?team=${TEAM}`);
    expect(channelEntityId(TEAM)).toBe(`northstar-team:${TEAM}`);
  });

  it('takes the team from ?team= only when it is a plain id', () => {
    expect(teamOfSearch(`?team=${TEAM}&host=teams`)).toBe(TEAM);
    expect(teamOfSearch('?host=teams')).toBeUndefined();
    expect(teamOfSearch('?team=../../api/admin')).toBeUndefined();
    expect(cleanTeamId('<img src=x>')).toBeUndefined();
    expect(cleanTeamId('x'.repeat(101))).toBeUndefined();
  });

  it('routes team-rituals/<teamId>/<section> in the personal app and back', () => {
    expect(parseRoute(`#/team-rituals/${TEAM}/wins`)).toEqual({ page: 'team-rituals', id: TEAM, sub: 'wins' });
    expect(parseRoute(`team-rituals/${TEAM}`)).toEqual({ page: 'team-rituals', id: TEAM });
    expect(pathOf({ page: 'team-rituals', id: TEAM, sub: 'report' })).toBe(`team-rituals/${TEAM}/report`);
    expect(teamRitualsSubPage(TEAM, 'report')).toBe(`team-rituals/${TEAM}/report`);
    expect(teamRitualsSubPage(TEAM, 'checkin')).toBe(`team-rituals/${TEAM}`);
  });
});

const person = { id: 'p1', name: 'Ada', upn: 'ada@x.test' };
const red = (key: string, discussed: RedItem['discussed'] = null): RedItem => ({
  key,
  kind: 'risk',
  person,
  text: 'Late vendor',
  keyResult: null,
  sentAt: null,
  discussed,
});

function agenda(overrides: Partial<TeamCheckInAgenda> = {}): TeamCheckInAgenda {
  return {
    teamId: TEAM,
    teamName: "Ada's team",
    manager: person,
    isoWeek: '2026-W49',
    previousIsoWeek: '2026-W48',
    currentIsoWeek: '2026-W49',
    people: 3,
    company: { key: 'company', periodId: '2026-Q4', objectives: [], atRiskKeyResults: [], discussed: null },
    groups: [
      {
        key: 'group:individuals',
        kind: 'individuals',
        name: 'Individual contributors',
        lead: null,
        people: 2,
        objectives: 0,
        progress: null,
        confidence: null,
        confidenceLastWeek: null,
        confidenceChange: null,
        atRiskKeyResults: 0,
        weeklyMails: { sent: 0, expected: 2 },
        teamObjectives: [],
        discussed: null,
      },
    ],
    metrics: { key: 'metrics', available: true, items: [], inBand: 2, discussed: null },
    redItems: { total: 60, redPriorities: 10, risks: 50, items: [red('risk:a'), red('risk:b')], nextCursor: '2' },
    discussedCount: 2,
    version: 3,
    allowedActions: ['read'],
    ...overrides,
  };
}

describe('check-in agenda helpers', () => {
  it('says which way confidence moved, in words and with an arrow', () => {
    const format = (value: number): string => value.toFixed(1);
    expect(confidenceTrend(1.25, format)).toMatchObject({ direction: 'up', arrow: '↑', words: 'up 1.3 since last week' });
    expect(confidenceTrend(-2, format)).toMatchObject({ direction: 'down', words: 'down 2.0 since last week' });
    expect(confidenceTrend(0.01, format).direction).toBe('flat');
    expect(confidenceTrend(null, format).direction).toBe('unknown');
    expect(confidenceTrend(Number.NaN, format).direction).toBe('unknown');
  });

  it('counts every agenda item, all pages of red items included, for "n of m discussed"', () => {
    expect(agendaProgress(agenda())).toEqual({ discussed: 2, total: 1 + 1 + 1 + 60 });
    expect(agendaProgress(agenda({ discussedCount: 500 })).discussed).toBe(63);
    const metric = {
      key: 'metric:m1',
      metricId: 'm1',
      teamId: TEAM,
      name: 'Uptime',
      unit: '%',
      direction: 'higher_is_better' as const,
      thresholds: { green: 99.9, yellow: 99 },
      ownerId: 'p1',
      isoWeek: '2026-W49',
      value: 98,
      band: 'red' as const,
      previousValue: 99.5,
      discussed: null,
    };
    const withMetric = agenda({ metrics: { key: 'metrics', available: true, items: [metric], inBand: 0, discussed: null } });
    expect(agendaProgress(withMetric).total).toBe(64);
    expect(agendaKeys(withMetric)).toContain('metric:m1');
  });

  it('lists the markable keys in agenda order', () => {
    expect(agendaKeys(agenda(), [red('risk:c')])).toEqual(['company', 'group:individuals', 'metrics', 'risk:a', 'risk:b', 'risk:c']);
  });

  it('appends a page of red items without repeating one already shown, and applies a mark to one', () => {
    const shown = [red('risk:a'), red('risk:b')];
    const merged = appendRedItems(shown, [red('risk:b'), red('risk:c')]);
    expect(merged.map((item) => item.key)).toEqual(['risk:a', 'risk:b', 'risk:c']);
    const mark = { by: person, at: '2026-12-07T09:00:00.000Z' };
    expect(withMark(merged, 'risk:c', mark).map((item) => item.discussed)).toEqual([null, null, mark]);
  });

  it('labels ISO weeks for people', () => {
    expect(weekLabel('2026-W09')).toBe('Week 9, 2026');
  });
});
