/**
 * The task pane page in WPS 表格 (taskpane.html): the same pane as in Excel (mountPane), over
 * the WPS adapter. Host detection is this page itself: WPS opens it through the ribbon button.
 * What WPS could not do when writing (a chart, a conditional format) is said above the pane.
 */
import './polyfills.js';
import { loadEngine } from '../taskpane/engine.js';
import { mountPane } from '../taskpane/mount.js';
import { downloadFile, pageStorage } from '../taskpane/services.js';
import type { EtApplication } from './et.js';
import { createWpsPort } from './wps-port.js';

function application(): EtApplication | null {
  const w = window as unknown as { Application?: EtApplication; wps?: EtApplication };
  return w.Application ?? w.wps ?? null;
}

/** Saves through WPS's own "另存为" dialog and file system where it has them, else as a browser download. */
function saveFile(bytes: Uint8Array, fileName: string): void {
  const w = window as unknown as {
    Application?: { GetSaveAsFilename?: (name: string, filter: string) => unknown };
    wps?: { FileSystem?: WPS.FileSystem };
  };
  const fs = w.wps?.FileSystem;
  const ask = w.Application?.GetSaveAsFilename;
  if (fs && typeof fs.writeAsBinaryString === 'function' && typeof ask === 'function') {
    const ext = fileName.split('.').pop() ?? 'xlsx';
    const target = ask.call(w.Application, fileName, `${ext.toUpperCase()} 文件 (*.${ext}),*.${ext}`);
    if (typeof target !== 'string' || !target) return; // cancelled
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    if (fs.writeAsBinaryString(target, binary)) return;
  }
  downloadFile(bytes, fileName);
}

function start(): void {
  const root = document.getElementById('root');
  if (!root) return;
  const app = application();
  if (!app) {
    root.textContent = '请在 WPS 表格中通过“科技指标”选项卡打开本助手。';
    return;
  }
  const notices = document.getElementById('notices');
  const onNotice = (message: string) => {
    if (!notices) return;
    const p = document.createElement('p');
    p.setAttribute('role', 'status');
    p.textContent = message;
    notices.appendChild(p);
  };
  let engine: ReturnType<typeof loadEngine> | null = null;
  const getEngine = () => (engine ??= loadEngine().catch((e: unknown) => ((engine = null), Promise.reject(e))));
  mountPane(
    root,
    { port: createWpsPort(() => application()!, { onNotice }), engine: getEngine, saveFile, storage: pageStorage() },
    'zh-CN',
  );
}

start();
