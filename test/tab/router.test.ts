import { describe, expect, it } from 'vitest';
import { parseRoute, pathOf } from '../../tab/src/router.js';
import { pairId, parsePair } from '../../tab/src/data/oneOnOnes.js';

describe('tab routes', () => {
  it('reads hashes and Teams sub-page ids alike', () => {
    expect(parseRoute('#/objectives/abc123')).toEqual({ page: 'objectives', id: 'abc123' });
    expect(parseRoute('one-on-ones/0000-1')).toEqual({ page: 'one-on-ones', id: '0000-1' });
    expect(parseRoute('#/team')).toEqual({ page: 'team' });
  });

  it('sends unknown or empty routes home', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute(undefined)).toEqual({ page: 'home' });
    expect(parseRoute('#/admin/secret')).toEqual({ page: 'home' });
  });

  it('round-trips ids that need escaping', () => {
    const route = { page: 'objectives', id: 'a/b c' } as const;
    expect(parseRoute(pathOf(route))).toEqual(route);
  });
});

describe('1:1 route ids', () => {
  const me = { id: 'me', manager: { id: 'boss' } };

  it('names a pair manager~report and reads it back', () => {
    expect(pairId({ managerId: 'm', reportId: 'r' })).toBe('m~r');
    expect(parsePair('m~r', me)).toEqual({ managerId: 'm', reportId: 'r' });
  });

  it('reads a lone id as my report, or as me with my manager', () => {
    expect(parsePair('r', me)).toEqual({ managerId: 'me', reportId: 'r' });
    expect(parsePair('me', me)).toEqual({ managerId: 'boss', reportId: 'me' });
    expect(parsePair('me', { id: 'me', manager: null })).toBeUndefined();
  });
});
