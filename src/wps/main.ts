/**
 * The WPS add-in's entry page (index.html, loaded by WPS 表格 at start-up, never shown): the
 * ribbon's callbacks and the STI custom functions. The button opens the pane (taskpane.html)
 * with wps.CreateTaskPane; a second click hides or shows it again.
 */
import './polyfills.js';
import { registerStiFunctions, type WpsFunctionMetadata } from './functions.js';

declare const __STI_WPS_FUNCTIONS__: WpsFunctionMetadata[];

type AddinRoot = WPS.AddonRoot & WPS.EtAddonRoot;
interface RibbonControl {
  Id: string;
}

function root(): AddinRoot | undefined {
  const w = window as unknown as { wps?: AddinRoot; Application?: AddinRoot };
  return w.wps ?? w.Application;
}

const PANE_KEY = 'sti_taskpane_id';

function paneUrl(): string {
  return new URL('taskpane.html', document.location.href).href;
}

function togglePane(host: AddinRoot): void {
  const id = Number(host.PluginStorage.getItem(PANE_KEY));
  if (id) {
    try {
      const pane = host.GetTaskPane(id);
      pane.Visible = !pane.Visible;
      return;
    } catch {
      // The pane was closed with its document: create a new one.
    }
  }
  const pane = host.CreateTaskPane(paneUrl(), '科技指标汇总助手');
  pane.DockPosition = 2 as Kso.MsoCTPDockPosition; // msoCTPDockPositionRight
  pane.Width = 420;
  pane.Visible = true;
  host.PluginStorage.setItem(PANE_KEY, pane.ID);
}

const callbacks = {
  OnAddinLoad(ribbonUI: unknown): boolean {
    const host = root() as unknown as { ribbonUI?: unknown } | undefined;
    if (host && typeof host.ribbonUI !== 'object') host.ribbonUI = ribbonUI;
    return true;
  },
  OnAction(control: RibbonControl): boolean {
    const host = root();
    if (!host) return false;
    if (control.Id === 'stiShowPane') {
      try {
        togglePane(host);
      } catch (e) {
        alert(`无法打开科技指标汇总助手：${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return true;
  },
  GetImage(control: RibbonControl): string {
    return control.Id === 'stiShowPane' ? 'assets/icon-32.png' : '';
  },
};

Object.assign(window, callbacks);

try {
  registerStiFunctions(root(), __STI_WPS_FUNCTIONS__);
} catch (e) {
  // A WPS without custom functions still gets the pane; the reason is in the developer console.
  console.error('STI 自定义函数注册失败', e);
}
