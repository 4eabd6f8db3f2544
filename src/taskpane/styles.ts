/** The pane's few layout rules (Fluent supplies the rest). */
export const PANE_CSS = `
html, body { margin: 0; padding: 0; }
.sti-app { min-height: 100vh; padding: 8px 12px 24px; box-sizing: border-box; }
.sti-header { display: flex; flex-direction: column; gap: 2px; margin-bottom: 8px; }
.sti-header h1 { margin: 0; font-size: 20px; }
.sti-step { display: flex; flex-direction: column; gap: 10px; padding-top: 10px; }
.sti-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; }
.sti-row > * { flex: 1 1 120px; min-width: 0; }
.sti-counts > * { flex: 0 0 auto; }
.sti-actions { display: flex; flex-wrap: wrap; gap: 8px; }
.sti-scroll { max-height: 360px; overflow: auto; }
.sti-muted { color: #616161; }
.sti-wrap { overflow-wrap: anywhere; word-break: break-word; }
.sti-scroll table td { vertical-align: top; padding-top: 4px; padding-bottom: 4px; }
.sti-step p { margin: 0; }
.sti-step h3 { margin: 4px 0 0; }
`;

export function injectPaneCss(doc: Document = document): void {
  if (doc.getElementById('sti-pane-css')) return;
  const style = doc.createElement('style');
  style.id = 'sti-pane-css';
  style.textContent = PANE_CSS;
  doc.head.appendChild(style);
}
