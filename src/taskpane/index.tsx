/**
 * The task pane entry in Excel. The page (taskpane.html) is the shared runtime: it also hosts
 * the custom functions bundle. Office.js comes from Microsoft's CDN, as Office requires.
 */
import { createExcelPort } from '../excel/excel-port.js';
import { pickLanguage } from './i18n/index.js';
import { loadEngine } from './engine.js';
import { mountPane } from './mount.js';
import { downloadFile, pageStorage } from './services.js';
import { zhCN } from './i18n/zh-CN.js';

function start(host: string | null): void {
  const root = document.getElementById('root');
  if (!root) return;
  if (typeof Office === 'undefined' || typeof Excel === 'undefined' || host !== 'Excel') {
    root.textContent = zhCN['app.noExcel'];
    return;
  }
  let engine: ReturnType<typeof loadEngine> | null = null;
  // A failed load (e.g. a chunk that did not arrive) is retried on the next action.
  const getEngine = () => (engine ??= loadEngine().catch((e: unknown) => ((engine = null), Promise.reject(e))));
  mountPane(
    root,
    {
      port: createExcelPort(),
      engine: getEngine,
      saveFile: downloadFile,
      storage: pageStorage(),
    },
    pickLanguage(Office.context.displayLanguage),
  );
}

if (typeof Office !== 'undefined') void Office.onReady((info) => start(info.host ? String(info.host) : null));
else start(null);
