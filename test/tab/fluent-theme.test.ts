import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';
import { describe, expect, it } from 'vitest';
import { fluentThemeFor, toTeamsThemeName } from '../../tab/src/theme/fluentTheme.js';

describe('Teams theme → Fluent theme', () => {
  it('maps each Teams theme to its Fluent UI v9 Teams theme', () => {
    expect(fluentThemeFor('default')).toBe(teamsLightTheme);
    expect(fluentThemeFor('dark')).toBe(teamsDarkTheme);
    expect(fluentThemeFor('contrast')).toBe(teamsHighContrastTheme);
  });

  it('gives the dark and contrast themes a dark background and the default a light one', () => {
    expect(fluentThemeFor('default').colorNeutralBackground1).toBe('#ffffff');
    expect(fluentThemeFor('dark').colorNeutralBackground1).not.toBe('#ffffff');
    expect(fluentThemeFor('contrast').colorNeutralBackground1).toBe('#000000');
  });

  it('treats unknown or missing host themes as the default theme', () => {
    expect(toTeamsThemeName('dark')).toBe('dark');
    expect(toTeamsThemeName('contrast')).toBe('contrast');
    expect(toTeamsThemeName('default')).toBe('default');
    expect(toTeamsThemeName(undefined)).toBe('default');
    expect(toTeamsThemeName(null)).toBe('default');
    expect(toTeamsThemeName('Dark ')).toBe('default');
  });
});
