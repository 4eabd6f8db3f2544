import { createRoot } from 'react-dom/client';
import { App } from './components/App.js';
import type { Language } from './i18n/index.js';
import type { PaneServices } from './services.js';
import { injectPaneCss } from './styles.js';

/** Renders the pane into `root` (Excel's task pane and the preview page share this). */
export function mountPane(root: HTMLElement, services: PaneServices, language: Language): void {
  injectPaneCss(root.ownerDocument);
  createRoot(root).render(<App services={services} initialLanguage={language} />);
}
