/**
 * 网页版: the pane as one offline page (dist/web/sti.html). No workbook is open, so every
 * output is a download; the engine, the components and the texts are the task pane's.
 * The page makes no request to any origin (its Content-Security-Policy forbids it).
 */
import { createEngine } from '../taskpane/engine-impl.js';
import { mountPane } from '../taskpane/mount.js';
import { downloadFile, pageStorage } from '../taskpane/services.js';
import { browserPaneTheme } from '../taskpane/theme.js';
import { chooseReader, type ReadMode } from './readers.js';

declare global {
  interface Window {
    /** For tests and support: how files are read on this page. */
    __stiWeb?: { readMode: ReadMode };
  }
}

async function start(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) return;
  // ?workers=0 reads on the page (support, and the tests of that path).
  const noWorkers = new URLSearchParams(location.search).get('workers') === '0';
  const source = noWorkers ? null : (document.getElementById('sti-read-worker')?.textContent ?? null);
  const { mode, reader } = await chooseReader(source);
  window.__stiWeb = { readMode: mode };
  const engine = createEngine({ readFiles: reader ?? undefined });
  mountPane(root, { engine: () => Promise.resolve(engine), saveFile: downloadFile, storage: pageStorage() }, 'zh-CN', {
    // No Office to ask: the browser's colour scheme (and forced colours) choose the theme.
    theme: browserPaneTheme(),
  });
}

void start();
