/**
 * The browser preview: the real task pane over an in-memory workbook, with a grid view of its
 * sheets. No office.js and no network: the mock supplies the Office and Excel globals.
 * `window.__sti` exposes the workbook to the browser tests.
 */
import { createRoot } from 'react-dom/client';
import { createExcelPort } from '../src/excel/excel-port.js';
import { loadEngine, type PaneEngine } from '../src/taskpane/engine.js';
import { pickLanguage } from '../src/taskpane/i18n/index.js';
import { mountPane } from '../src/taskpane/mount.js';
import { downloadFile, pageStorage } from '../src/taskpane/services.js';
import { GridView } from './GridView.js';
import { MemWorkbook } from '../test/support/mem-workbook.js';
import { installMockOffice } from '../test/support/mock-office.js';

const params = new URLSearchParams(location.search);
const wb = new MemWorkbook(['Sheet1']);
installMockOffice(wb, window as unknown as Record<string, unknown>, params.get('lang') ?? 'zh-CN');

const downloads: { fileName: string; size: number }[] = [];
let engine: Promise<PaneEngine> | null = null;
(window as unknown as { __sti: unknown }).__sti = { workbook: wb, downloads };

mountPane(
  document.getElementById('pane')!,
  {
    port: createExcelPort(),
    engine: () => (engine ??= loadEngine().catch((e) => ((engine = null), Promise.reject(e)))),
    saveFile: (bytes, fileName) => {
      downloads.push({ fileName, size: bytes.length });
      downloadFile(bytes, fileName);
    },
    storage: pageStorage(),
  },
  pickLanguage(Office.context.displayLanguage),
  // ?theme=dark|highContrast shows the pane as Office's dark or high-contrast theme would.
  { theme: (['dark', 'highContrast'] as const).find((t) => t === params.get('theme')) ?? 'light' },
);

createRoot(document.getElementById('workbook')!).render(<GridView wb={wb} />);
