/**
 * The task pane entry in Excel. The page (taskpane.html) is the shared runtime: it also hosts
 * the custom functions bundle. Office.js comes from Microsoft's CDN, as Office requires.
 */
import { createExcelPort } from '../excel/excel-port.js';
import { pickLanguage } from './i18n/index.js';
import { loadEngine } from './engine.js';
import { mountPane } from './mount.js';
import { downloadFile, pageStorage } from './services.js';
import { officePaneTheme } from './theme.js';
import { zhCN } from './i18n/zh-CN.js';

/** Office's theme, where the host reports one (older hosts throw or give nothing). */
function officeTheme(): Office.OfficeTheme | undefined {
  try {
    return Office.context.officeTheme ?? undefined;
  } catch {
    return undefined;
  }
}

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
    { theme: officePaneTheme(officeTheme()) },
  );
}

if (typeof Office !== 'undefined') void Office.onReady((info) => start(info.host ? String(info.host) : null));
else start(null);
