/** The pane follows its host's theme: Office's report in Excel, the browser's preference on the web page. */
import { teamsHighContrastTheme, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { describe, expect, it } from 'vitest';
import { browserPaneTheme, fluentTheme, officePaneTheme } from '../../src/taskpane/theme.js';

const media = (matching: string[]) => (query: string) => ({ matches: matching.includes(query) });

describe('pane theme', () => {
  it('Excel: isDarkTheme decides; else a dark body background; none reported is light', () => {
    const none = media([]);
    expect(officePaneTheme({ isDarkTheme: true, bodyBackgroundColor: '#ffffff' }, none)).toBe('dark');
    expect(officePaneTheme({ isDarkTheme: false, bodyBackgroundColor: '#000000' }, none)).toBe('light');
    expect(officePaneTheme({ bodyBackgroundColor: '#262626' }, none)).toBe('dark');
    expect(officePaneTheme({ bodyBackgroundColor: '#E6E6E6' }, none)).toBe('light');
    expect(officePaneTheme({ bodyBackgroundColor: 'not a colour' }, none)).toBe('light');
    expect(officePaneTheme(undefined, none)).toBe('light');
  });

  it('forced colours (high contrast) win in Excel and on the web page', () => {
    const hc = media(['(forced-colors: active)', '(prefers-color-scheme: dark)']);
    expect(officePaneTheme({ isDarkTheme: false }, hc)).toBe('highContrast');
    expect(browserPaneTheme(hc)).toBe('highContrast');
  });

  it('web page: prefers-color-scheme', () => {
    expect(browserPaneTheme(media(['(prefers-color-scheme: dark)']))).toBe('dark');
    expect(browserPaneTheme(media([]))).toBe('light');
    expect(browserPaneTheme(undefined)).toBe('light');
  });

  it('maps to Fluent’s themes; light (and none) is webLightTheme, as before', () => {
    expect(fluentTheme(undefined)).toBe(webLightTheme);
    expect(fluentTheme('light')).toBe(webLightTheme);
    expect(fluentTheme('dark')).toBe(webDarkTheme);
    expect(fluentTheme('highContrast')).toBe(teamsHighContrastTheme);
  });
});
