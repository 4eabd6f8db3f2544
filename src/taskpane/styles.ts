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
.sti-small { font-size: 12px; }
.sti-error { color: #b10e1c; }
/* Six tabs do not fit a 320–350 px pane on one line: they wrap instead of running off the edge. */
.sti-app [role='tablist'] { flex-wrap: wrap; }
/* Fluent's inputs keep a 250 px minimum: in a narrow pane they take the width they are given. */
.sti-app .fui-Input, .sti-app .fui-Select, .sti-app .fui-Textarea { min-width: 0; max-width: 100%; }
/* Count badges wrap their text (English labels are long). */
.sti-counts .fui-Badge { height: auto; min-height: 24px; white-space: normal; }
/* In a narrow pane the report's four columns left the 问题 column a few characters wide:
   each finding becomes a block (badge, unit, place, then the message at full width). */
@media (max-width: 520px) {
  .sti-findings thead { display: none; }
  .sti-findings table, .sti-findings tbody, .sti-findings tr, .sti-findings td { display: block; width: auto; height: auto; }
  .sti-findings tr { padding: 6px 0; }
  .sti-findings td { padding: 0 4px; min-height: 0; }
  .sti-findings td:nth-child(-n+3) { display: inline-block; margin-right: 8px; }
}
.sti-dragging { outline: 2px dashed #0f6cbd; outline-offset: 4px; }
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
