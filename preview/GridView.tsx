import { useEffect, useMemo, useState } from 'react';
import { evaluateRule } from './cf-eval.js';
import type { MemCell, MemSheet, MemWorkbook } from '../test/support/mem-workbook.js';
import { columnLetters } from '../src/core/sheet-model.js';

/** Shows a number roughly as its number format would ('0.00' → 2 decimals, '0.0"%"'…). */
function display(cell: MemCell | undefined): string {
  if (!cell) return '';
  // A formula's cached "" shows blank, as in Excel; the formula text only when the mock has no value for it.
  const v = cell.formula && cell.value === null ? cell.formula : cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' && cell.numberFormat && cell.numberFormat !== 'General' && cell.numberFormat !== '@') {
    const m = /0(?:\.(0+))?/.exec(cell.numberFormat);
    if (m) {
      const d = m[1]?.length ?? 0;
      return v.toLocaleString('en-US', {
        minimumFractionDigits: d,
        maximumFractionDigits: d,
        useGrouping: cell.numberFormat.includes(','),
      });
    }
  }
  return String(v);
}

function cssColor(c: string | undefined): string | undefined {
  if (!c) return undefined;
  return c.startsWith('#') ? c : `#${c}`;
}

/** Which cells a conditional format hits (top/bottom and formula rules), so the preview shows the highlight. */
function conditionalFills(sheet: MemSheet): Map<string, { fill?: string; color?: string }> {
  const out = new Map<string, { fill?: string; color?: string }>();
  for (const cf of sheet.conditionalFormats) {
    const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(cf.address);
    if (!m) continue;
    const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const c0 = col(m[1]);
    const r0 = Number(m[2]) - 1;
    const c1 = m[3] ? col(m[3]) : c0;
    const r1 = m[4] ? Number(m[4]) - 1 : r0;
    if (cf.type === 'Custom') {
      const get = (r: number, c: number) => sheet.cell(r, c)?.value ?? null;
      for (let r = r0; r <= r1; r++)
        for (let c = c0; c <= c1; c++) {
          if (!out.has(`${r},${c}`) && evaluateRule(String(cf.rule.formula ?? ''), get, { dr: r - r0, dc: c - c0 })) {
            out.set(`${r},${c}`, { fill: cf.format.fill, color: cf.format.fontColor });
          }
        }
      continue;
    }
    if (cf.type !== 'TopBottom') continue;
    const cells: { key: string; v: number }[] = [];
    for (let r = r0; r <= r1; r++)
      for (let c = c0; c <= c1; c++) {
        const v = sheet.cell(r, c)?.value;
        if (typeof v === 'number') cells.push({ key: `${r},${c}`, v });
      }
    const rank = Number(cf.rule.rank ?? 0);
    const top = cf.rule.type === 'TopItems';
    const sorted = [...cells].sort((a, b) => (top ? b.v - a.v : a.v - b.v));
    const threshold = sorted[Math.min(rank, sorted.length) - 1]?.v;
    if (threshold === undefined) continue;
    for (const x of cells)
      if (top ? x.v >= threshold : x.v <= threshold) out.set(x.key, { fill: cf.format.fill, color: cf.format.fontColor });
  }
  return out;
}

function ChartPreview({ wb, sheet }: { wb: MemWorkbook; sheet: MemSheet }) {
  return (
    <>
      {sheet.charts.map((chart, i) => {
        const read = (addr?: string) => {
          if (!addr) return [] as (string | number | boolean | null)[];
          const bang = addr.lastIndexOf('!');
          let name = addr.slice(0, bang);
          if (name.startsWith("'")) name = name.slice(1, -1).replace(/''/g, "'");
          const s = wb.sheet(name);
          const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(addr.slice(bang + 1));
          if (!s || !m) return [];
          const col = (x: string) => [...x].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
          const out: (string | number | boolean | null)[] = [];
          for (let r = Number(m[2]) - 1; r <= Number(m[4]) - 1; r++) out.push(s.cell(r, col(m[1]))?.value ?? null);
          return out;
        };
        const values = read(chart.sourceAddress).map((v) => (typeof v === 'number' ? v : 0));
        const labels = read(chart.xAxisAddress).map((v) => String(v ?? ''));
        const max = Math.max(1, ...values);
        const w = 36;
        return (
          <figure
            key={i}
            data-testid="preview-chart"
            style={{ margin: '8px 12px', background: '#fff', border: '1px solid #ddd', padding: 8, display: 'inline-block' }}
          >
            <figcaption style={{ fontWeight: 600, fontSize: 13 }}>
              {chart.title}{' '}
              <span style={{ color: '#888', fontWeight: 400 }}>
                （{chart.type}，{chart.sourceAddress}）
              </span>
            </figcaption>
            <svg width={values.length * w + 20} height={170} role="img" aria-label={chart.title}>
              {values.map((v, j) => {
                const h = (v / max) * 120;
                return (
                  <g key={j} transform={`translate(${10 + j * w},0)`}>
                    <rect x={6} y={130 - h} width={w - 12} height={h} fill="#4472C4" />
                    <text x={w / 2} y={126 - h} fontSize={10} textAnchor="middle">
                      {String(Math.round(v * 10) / 10)}
                    </text>
                    <text x={w / 2} y={146} fontSize={10} textAnchor="middle">
                      {labels[j]?.slice(0, 4)}
                    </text>
                  </g>
                );
              })}
            </svg>
          </figure>
        );
      })}
    </>
  );
}

/** Tabs and a table for the in-memory workbook, refreshed after every sync. */
export function GridView({ wb }: { wb: MemWorkbook }) {
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => wb.onChange(() => setVersion((v) => v + 1)), [wb]);
  const current = (selected && wb.sheet(selected)) || (wb.activeSheet && wb.sheet(wb.activeSheet)) || wb.sheets[0];
  // Follow the add-in's activate() after each write.
  useEffect(() => setSelected(null), [version]);
  const grid = useMemo(() => {
    if (!current) return null;
    const b = current.usedBounds();
    const spans = new Map<string, { rowSpan: number; colSpan: number }>();
    const covered = new Set<string>();
    for (const m of current.merges) {
      const x = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(m);
      if (!x) continue;
      const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const [r0, c0, r1, c1] = [Number(x[2]) - 1, col(x[1]), Number(x[4]) - 1, col(x[3])];
      spans.set(`${r0},${c0}`, { rowSpan: r1 - r0 + 1, colSpan: c1 - c0 + 1 });
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (r !== r0 || c !== c0) covered.add(`${r},${c}`);
    }
    const cols = b ? b.c1 + 1 : 0;
    // Column widths are in points in Excel; 64 px is Excel's default column.
    const widths = Array.from({ length: cols }, (_, c) => Math.round((current.columnWidths.get(c) ?? 48) * (4 / 3)));
    return { rows: b ? b.r1 + 1 : 0, cols, widths, cf: conditionalFills(current), spans, covered };
  }, [current, version]);

  return (
    <>
      <div style={{ padding: '6px 12px', fontSize: 12, color: '#555', borderBottom: '1px solid #ddd', background: '#fff' }}>
        预览：内存中的工作簿（不是 Excel）。与 Excel 同步次数：<span data-testid="sync-count">{wb.syncCount}</span>
      </div>
      <div style={{ flex: '1 1 auto', overflow: 'auto' }} data-testid="preview-grid">
        {current && grid && (
          <>
            <table
              style={{
                borderCollapse: 'collapse',
                fontSize: 12,
                background: '#fff',
                tableLayout: 'fixed',
                width: grid.widths.reduce((a, b) => a + b, 32),
              }}
              data-sheet={current.name}
            >
              <colgroup>
                <col style={{ width: 32 }} />
                {Array.from({ length: grid.cols }, (_, c) => (
                  <col key={c} style={{ width: grid.widths[c] }} />
                ))}
              </colgroup>
              <thead>
                <tr>
                  <th style={{ background: '#eee', border: '1px solid #ccc', minWidth: 28 }} />
                  {Array.from({ length: grid.cols }, (_, c) => (
                    <th
                      key={c}
                      style={{
                        background: '#eee',
                        border: '1px solid #ccc',
                        fontWeight: 400,
                      }}
                    >
                      {columnLetters(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: grid.rows }, (_, r) => (
                  <tr key={r}>
                    <th style={{ background: '#eee', border: '1px solid #ccc', fontWeight: 400 }}>{r + 1}</th>
                    {Array.from({ length: grid.cols }, (_, c) => {
                      if (grid.covered.has(`${r},${c}`)) return null;
                      const span = grid.spans.get(`${r},${c}`);
                      const cell = current.cell(r, c);
                      const cf = grid.cf.get(`${r},${c}`);
                      return (
                        <td
                          key={c}
                          rowSpan={span?.rowSpan}
                          colSpan={span?.colSpan}
                          title={cell?.formula ?? undefined}
                          data-cell={`${columnLetters(c)}${r + 1}`}
                          style={{
                            border: '1px solid #e0e0e0',
                            padding: '1px 4px',
                            whiteSpace: cell?.wrap ? 'normal' : 'nowrap',
                            // Text runs on over empty neighbours, as in Excel.
                            overflow:
                              typeof cell?.value === 'string' && !cell.wrap && !current.cell(r, c + 1)?.value && !span
                                ? 'visible'
                                : 'hidden',
                            textOverflow: 'ellipsis',
                            fontWeight: cell?.bold || cf ? 600 : 400,
                            color: cssColor(cf?.color ?? cell?.fontColor),
                            background: cssColor(cf?.fill ?? cell?.fill),
                            textAlign: typeof cell?.value === 'number' ? 'right' : ((cell?.hAlign?.toLowerCase() as 'left') ?? 'left'),
                          }}
                        >
                          {display(cell)}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
            <ChartPreview wb={wb} sheet={current} />
          </>
        )}
      </div>
      <div
        role="tablist"
        style={{ display: 'flex', gap: 2, padding: '4px 8px', borderTop: '1px solid #ccc', background: '#f0f0f0', overflowX: 'auto' }}
      >
        {wb.sheets.map((s) => (
          <button
            key={s.id}
            role="tab"
            aria-selected={s === current}
            data-testid="sheet-tab"
            onClick={() => setSelected(s.name)}
            style={{
              border: '1px solid #bbb',
              borderTop: s === current ? '2px solid #217346' : '1px solid #bbb',
              background: s === current ? '#fff' : '#e8e8e8',
              padding: '3px 10px',
              fontSize: 12,
              cursor: 'pointer',
              fontStyle: s.visibility === 'Visible' ? 'normal' : 'italic',
              color: s.visibility === 'Visible' ? '#000' : '#888',
              whiteSpace: 'nowrap',
            }}
          >
            {s.name}
            {s.visibility !== 'Visible' ? '（隐藏）' : ''}
          </button>
        ))}
      </div>
    </>
  );
}
