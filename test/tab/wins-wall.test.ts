import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import type { Win } from '@northstar/server/contract';
import { createElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { mondayOf } from '../../tab/src/components/team/WinsWall.js';
import { linkOf } from '../../tab/src/components/team/wins/PostWin.js';
import { reactionLabel, WinCard } from '../../tab/src/components/team/wins/WinCard.js';
import { SessionContext, type TabSession } from '../../tab/src/context.js';
import { formattersFor } from '../../tab/src/format.js';

const session = { api: {}, host: {}, format: formattersFor('en-US') } as unknown as TabSession;
const render = (node: ReactNode): string =>
  renderToString(
    createElement(FluentProvider, { theme: teamsLightTheme }, createElement(SessionContext.Provider, { value: session }, node)),
  ).replaceAll('<!-- -->', '');

const win = (overrides: Partial<Win> = {}): Win => ({
  id: 'w1',
  teamId: 't1',
  isoWeek: '2026-W50',
  text: '<img src=x onerror=alert(1)> shipped <b>it</b>',
  author: { id: 'p1', name: 'Marcus Lee', upn: 'marcus@x' },
  link: { kind: 'keyResult', id: 'kr1', title: 'Deploys per week', objectiveId: 'o1' },
  reactions: [
    { kind: 'celebrate', count: 2, reacted: true },
    { kind: 'clap', count: 1, reacted: false },
    { kind: 'heart', count: 0, reacted: false },
    { kind: 'rocket', count: 0, reacted: false },
  ],
  createdAt: '2026-12-07T10:00:00.000Z',
  editedAt: null,
  allowedActions: ['react'],
  ...overrides,
});

describe('the wins wall', () => {
  it('renders a win’s HTML as text, with reaction toggles that say what they count', () => {
    const html = render(createElement(WinCard, { win: win(), onChanged: () => undefined, onDeleted: () => undefined }));
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; shipped &lt;b&gt;it&lt;/b&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('aria-label="Celebrate: 2 reactions, including yours"');
    expect(html).toContain('aria-pressed="true"');
    expect(html).toContain('aria-label="Applause: 1 reaction"');
    expect(html).toContain('Deploys per week');
    expect(html).not.toContain('>Edit<');
    expect(html).not.toContain('>Delete<');
  });

  it('shows edit and delete only where allowed, and hides the title of an OKR the viewer cannot see', () => {
    const html = render(
      createElement(WinCard, {
        win: win({ allowedActions: ['update', 'delete', 'react'], link: { kind: 'objective', id: 'o2', title: null, objectiveId: null } }),
        onChanged: () => undefined,
        onDeleted: () => undefined,
      }),
    );
    expect(html).toContain('>Edit<');
    expect(html).toContain('>Delete<');
    expect(html).toContain('an OKR you cannot see');
  });

  it('reads link choices and week starts', () => {
    expect(linkOf('keyResult:abc')).toEqual({ kind: 'keyResult', id: 'abc' });
    expect(linkOf('objective:def')).toEqual({ kind: 'objective', id: 'def' });
    expect(linkOf('')).toBeNull();
    expect(linkOf('initiative:x')).toBeNull();
    expect(reactionLabel('heart', 0, false)).toBe('Love it: 0 reactions');
    expect(mondayOf('2026-W50')).toBe('2026-12-07');
    expect(mondayOf('2026-W01')).toBe('2025-12-29');
  });
});
