import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import type { CheckIn, KeyResult } from '@northstar/server/contract';
import { createElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ConfidenceHeatmap } from '../../tab/src/components/Heatmap.js';
import { ConfidenceBadge, keyResultFigures } from '../../tab/src/components/Okr.js';
import { Loaded } from '../../tab/src/components/PageState.js';
import type { Resource } from '../../tab/src/data/useResource.js';
import { formattersFor } from '../../tab/src/format.js';

const render = (node: ReactNode): string =>
  renderToString(createElement(FluentProvider, { theme: teamsLightTheme }, node)).replaceAll('<!-- -->', '');
const format = formattersFor('en-US');
const reload = (): void => undefined;

function keyResult(overrides: Partial<KeyResult> = {}): KeyResult {
  return {
    id: 'kr1',
    objectiveId: 'o1',
    title: 'Weekly active teams',
    owner: { id: 'p1', name: 'Ava', upn: 'ava@x' },
    kind: 'increase_to',
    start: 0,
    target: 1200,
    current: 300.5,
    unit: 'teams',
    dueDate: null,
    indicator: 'lagging',
    weight: null,
    initiatives: [],
    progress: 0.25,
    lastCheckIn: null,
    version: 0,
    allowedActions: ['read'],
    ...overrides,
  };
}

describe('page states', () => {
  const child = (data: string[]): ReactNode => createElement('p', { id: 'content' }, data.join(','));

  it('shows a loading indicator, then the content', () => {
    const loading: Resource<string[]> & { reload(): void } = { status: 'loading', reload };
    expect(render(createElement(Loaded<string[]>, { resource: loading, what: 'the team', children: child }))).toContain(
      'Loading the team…',
    );
    const ready: Resource<string[]> & { reload(): void } = { status: 'ready', data: ['a', 'b'], reload };
    expect(render(createElement(Loaded<string[]>, { resource: ready, what: 'the team', children: child }))).toContain('a,b');
  });

  it('shows the empty message when there is nothing to show', () => {
    const ready: Resource<string[]> & { reload(): void } = { status: 'ready', data: [], reload };
    const html = render(
      createElement(Loaded<string[]>, {
        resource: ready,
        what: 'x',
        isEmpty: (data) => data.length === 0,
        empty: 'Nothing yet',
        children: child,
      }),
    );
    expect(html).toContain('data-testid="empty-state"');
    expect(html).toContain('Nothing yet');
    expect(html).not.toContain('id="content"');
  });

  it('shows the error with a way to try again', () => {
    const failed: Resource<string[]> & { reload(): void } = { status: 'error', error: new Error('HTTP 503'), reload };
    const html = render(createElement(Loaded<string[]>, { resource: failed, what: 'the team', children: child }));
    expect(html).toContain('Could not load the team.');
    expect(html).toContain('HTTP 503');
    expect(html).toContain('Try again');
  });
});

describe('OKR figures', () => {
  it('says confidence in words as well as colour', () => {
    expect(render(createElement(ConfidenceBadge, { confidence: 3, format }))).toContain('Confidence 3 · off track');
    expect(render(createElement(ConfidenceBadge, { confidence: 8, format }))).toContain('Confidence 8 · on track');
    expect(render(createElement(ConfidenceBadge, { confidence: null, format }))).toContain('No check-in');
  });

  it('formats current and target in the locale, and milestones as done or not', () => {
    expect(keyResultFigures(keyResult(), format)).toBe('300.5 of 1,200 teams');
    expect(keyResultFigures(keyResult(), formattersFor('de-DE'))).toBe('300,5 of 1.200 teams');
    expect(keyResultFigures(keyResult({ kind: 'milestone', current: 1, target: 1 }), format)).toBe('Done');
  });

  it('draws a heatmap of the last weeks with a cell per week, newest last', () => {
    const checkIn = (isoWeek: string, confidence: number): CheckIn => ({
      keyResultId: 'kr1',
      isoWeek,
      value: 1,
      confidence,
      confidenceColor: 'green',
      note: '',
      authorId: 'p1',
      at: '2026-11-16T10:00:00Z',
    });
    const html = render(
      createElement(ConfidenceHeatmap, {
        keyResults: [keyResult()],
        checkIns: new Map([['kr1', [checkIn('2026-W47', 2), checkIn('2026-W45', 8)]]]),
        thisWeek: '2026-W47',
        weeks: 3,
        caption: 'Confidence by week',
        format,
      }),
    );
    const cells = [...html.matchAll(/<td[^>]*title="([^"]+)"[^>]*>([^<]*)<\/td>/g)].map((match) => [match[1], match[2]]);
    expect(cells).toEqual([
      ['2026-W45: confidence 8 (green)', '8'],
      ['2026-W46: no check-in', '–'],
      ['2026-W47: confidence 2 (red)', '2'],
    ]);
  });
});
