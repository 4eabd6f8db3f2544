/**
 * The pane follows its host's theme: Excel reports it (Office.context.officeTheme), the web page
 * follows the browser (prefers-color-scheme); a forced-colours (high contrast) display wins in both.
 * Light is the default and renders as the pane always did.
 */
import { teamsHighContrastTheme, webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';

export type PaneTheme = 'light' | 'dark' | 'highContrast';

export function fluentTheme(theme: PaneTheme | undefined): Theme {
  return theme === 'dark' ? webDarkTheme : theme === 'highContrast' ? teamsHighContrastTheme : webLightTheme;
}

type MatchMedia = ((query: string) => { matches: boolean }) | undefined;

const forcedColors = (matchMedia: MatchMedia): boolean => Boolean(matchMedia?.('(forced-colors: active)').matches);

/** Relative luminance (0–1) of '#rrggbb' or 'rrggbb'; null for anything else. */
function luminance(color: string | undefined): number | null {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color?.trim() ?? '');
  if (!m) return null;
  const [r, g, b] = m.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Office's theme as Excel reports it (isDarkTheme, else a dark body background); light when it reports none. */
export function officePaneTheme(
  officeTheme: { isDarkTheme?: boolean; bodyBackgroundColor?: string } | undefined,
  matchMedia: MatchMedia = globalThis.matchMedia?.bind(globalThis),
): PaneTheme {
  if (forcedColors(matchMedia)) return 'highContrast';
  if (!officeTheme) return 'light';
  if (typeof officeTheme.isDarkTheme === 'boolean') return officeTheme.isDarkTheme ? 'dark' : 'light';
  const l = luminance(officeTheme.bodyBackgroundColor);
  return l !== null && l < 0.2 ? 'dark' : 'light';
}

/** The browser's preference (the web page has no Office to ask). */
export function browserPaneTheme(matchMedia: MatchMedia = globalThis.matchMedia?.bind(globalThis)): PaneTheme {
  if (forcedColors(matchMedia)) return 'highContrast';
  return matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
