/** Sorting and filtering of the validation report (pure; the table component renders the result). */
import { parseA1 } from '../core/sheet-model.js';
import type { Finding, Severity } from '../core/types.js';

export type FindingSortKey = 'severity' | 'unit' | 'file' | 'sheet' | 'cell' | 'message';

export interface FindingsView {
  severity: 'all' | Severity;
  query: string;
  sort: { key: FindingSortKey; dir: 'ascending' | 'descending' };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Cell addresses sort by row, then column (A2 before A10, Z2 before AA2). */
function cellOrder(cell: string | undefined): number {
  const p = cell ? parseA1(cell) : null;
  return p ? p.row * 20000 + p.col : Number.MAX_SAFE_INTEGER;
}

/** The findings to show, filtered by severity and text (unit, file, sheet, cell, message, value, expected), stably sorted. */
export function selectFindings(findings: readonly Finding[], view: FindingsView, unitOf: (f: Finding) => string): Finding[] {
  const q = view.query.trim().toLowerCase();
  const filtered = findings.filter(
    (f) =>
      (view.severity === 'all' || f.severity === view.severity) &&
      (!q || [unitOf(f), f.file, f.sheet, f.cell, f.message, f.value, f.expected].some((x) => x?.toLowerCase().includes(q))),
  );
  const cmp = (a: Finding, b: Finding): number => {
    switch (view.sort.key) {
      case 'severity':
        return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
      case 'cell':
        // 位置: sheet, then row and column within it.
        if (!a.sheet || !b.sheet) return (a.sheet ? 0 : 1) - (b.sheet ? 0 : 1) || cellOrder(a.cell) - cellOrder(b.cell);
        return collator.compare(a.sheet, b.sheet) || cellOrder(a.cell) - cellOrder(b.cell);
      case 'unit':
        return collator.compare(unitOf(a), unitOf(b));
      default:
        return collator.compare(a[view.sort.key] ?? '', b[view.sort.key] ?? '');
    }
  };
  const sign = view.sort.dir === 'ascending' ? 1 : -1;
  return filtered
    .map((f, i) => ({ f, i }))
    .sort((x, y) => sign * cmp(x.f, y.f) || x.i - y.i)
    .map((x) => x.f);
}

/** Errors and warnings among findings: every step counts them with this, so the same findings give the same numbers. */
export function countFindings(findings: readonly Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}
