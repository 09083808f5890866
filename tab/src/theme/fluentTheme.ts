import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';

/** The theme names Teams reports in its context and theme-change events. */
export type TeamsThemeName = 'default' | 'dark' | 'contrast';

/** Normalizes whatever a host reports (undefined, unknown names) to a Teams theme name. */
export function toTeamsThemeName(value: string | null | undefined): TeamsThemeName {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

/** The Fluent UI v9 theme that matches a Teams theme. */
export function fluentThemeFor(name: TeamsThemeName): Theme {
  switch (name) {
    case 'dark':
      return teamsDarkTheme;
    case 'contrast':
      return teamsHighContrastTheme;
    default:
      return teamsLightTheme;
  }
}
