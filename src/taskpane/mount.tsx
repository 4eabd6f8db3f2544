import { createRoot } from 'react-dom/client';
import { App } from './components/App.js';
import type { Language } from './i18n/index.js';
import type { PaneServices } from './services.js';
import type { PaneTheme } from './theme.js';

export interface MountOptions {
  /** The host's theme (Excel: officePaneTheme; the web page: browserPaneTheme); light when not given. */
  theme?: PaneTheme;
}

/** Renders the pane into `root` (Excel's task pane, WPS, the web page and the preview share this). */
export function mountPane(root: HTMLElement, services: PaneServices, language: Language, options: MountOptions = {}): void {
  createRoot(root).render(<App services={services} initialLanguage={language} theme={options.theme} />);
}
