/**
 * Rollup workbooks as files: write (WorkbookModel → .xlsx) and read back the district rows
 * that `sti rank` ranks (by the codes row and the 单位类型 column of each 汇总 sheet).
 */
import { cellText, type WorkbookGrid } from '../core/grid.js';
import {
  COMPLETENESS_LAYOUT,
  COMPLETENESS_SHEET,
  ENTERPRISE_LAYOUT,
  ENTERPRISE_OWN_TEXT_COLUMNS,
  ENTERPRISE_SHEET,
  NOTES_LAYOUT,
  NOTES_SHEET,
  PROVENANCE_LAYOUT,
  PROVENANCE_SHEET,
  ROLLUP_LAYOUT,
  buildRollupWorkbook,
  enterpriseParts,
  enterpriseRowValues,
  unitNameOfRow,
  type RollupWorkbookOptions,
} from '../core/outputs-rollup.js';
import { isRollupSheet } from '../core/own-output.js';
import { findHeaderRow } from '../core/table-columns.js';
import type { WorkbookModel } from '../core/sheet-model.js';
import type { RankingInputRow } from '../core/ranking.js';
import type { RollupResult } from '../core/rollup-types.js';
import type { Finding } from '../core/types.js';
import { readXlsx } from './xlsx/read.js';
import { writeXlsx } from './xlsx/write.js';
import type { AppendRows } from './xlsx/write-native.js';
import type { ByteSink } from './xlsx/zip.js';

/** 来源 rows beyond this many are streamed as plain value rows (like 企业名录's) instead of model cells. */
const BULK_MIN_ROWS = 1000;

/**
 * Write the rollup workbook in one pass of the native writer (write-native.ts): the styled
 * sheets (汇总, headers, 说明) come from the model; the big plain tables — 企业名录 rows (one
 * per district and firm, hundreds of thousands for a large city) and the per-file rows of
 * 来源 — are generated while their sheet XML is written into the streaming zip, so no giant
 * string or cell-object array is ever built and nothing is compressed twice.
 */
export async function writeRollupWorkbook(
  results: readonly RollupResult[],
  options: RollupWorkbookOptions & { extraFindings?: Finding[]; sink?: ByteSink } = {},
): Promise<Uint8Array> {
  return writeRollupModel(buildRollupWorkbook(results, { ...options, enterpriseRowsInModel: false }), results, options);
}

/**
 * Write a rollup model built with `enterpriseRowsInModel: false` (the 企业名录 rows come from
 * results, streamed into each of its sheets in turn by the same plan as the model's).
 */
export async function writeRollupModel(
  model: WorkbookModel,
  results: readonly RollupResult[],
  options: Pick<RollupWorkbookOptions, 'enterpriseRowsPerSheet'> & {
    /** Where the bytes go as they are ready (a file being written); an empty array is returned then. */
    sink?: ByteSink;
  } = {},
): Promise<Uint8Array> {
  const total = results.filter((r) => r.level === 'district').reduce((a, r) => a + r.enterprises.length, 0);
  const firms = enterpriseRowValues(results)[Symbol.iterator]();
  const bulk: AppendRows[] = enterpriseParts(ENTERPRISE_SHEET, total, options.enterpriseRowsPerSheet).map((part) => ({
    sheet: part.sheet,
    start: ENTERPRISE_LAYOUT.firstDataRow,
    rows: take(firms, part.count),
    ownTextColumns: ENTERPRISE_OWN_TEXT_COLUMNS,
  }));
  const light: WorkbookModel = {
    ...model,
    sheets: model.sheets.map((s) => {
      if (s.name !== PROVENANCE_SHEET) return s;
      // The per-unit cells table starts under its header row (found by the layout's header texts).
      const C = PROVENANCE_LAYOUT.cells;
      const k = s.rows.findIndex((r) => C.header.every((text, c) => r?.[c]?.value === text)) + 1;
      if (k <= 0 || s.rows.length - k < BULK_MIN_ROWS) return s;
      const rows = s.rows;
      bulk.push({
        sheet: s.name,
        start: k,
        rows: (function* () {
          for (let r = k; r < rows.length; r++) yield (rows[r] ?? []).map((c) => c?.value);
        })(),
        // Unit names, file names and cell addresses repeat down the table: all shared strings.
        ownTextColumns: [],
      });
      return { ...s, rows: s.rows.slice(0, k) };
    }),
  };
  return writeXlsx(light, { appendRows: bulk, sink: options.sink });
}

/** The next `n` items of an iterator (the sheets of 企业名录 share one list, written in turn). */
function* take<T>(items: Iterator<T>, n: number): Generator<T> {
  for (let i = 0; i < n; i++) {
    const next = items.next();
    if (next.done) return;
    yield next.value;
  }
}

export interface RollupWorkbookRows {
  /** District rows (a district's 合计 row, or a district row of a city sheet), with every coded column. */
  districts: (RankingInputRow & { parentCode: string | null; sheet: string })[];
  /** The city total row (市合计) of a city workbook, with every coded column and what it lacks; null in a district workbook. */
  city: RankingInputRow | null;
  /** Report period as written in 说明 (报告期), when found. */
  period: string | null;
}

/** Is this workbook a rollup workbook written by sti rollup (a 汇总 sheet with the codes row)? */
export function isRollupGrid(grid: WorkbookGrid): boolean {
  return grid.sheets.some(isRollupSheet);
}

/** Read the district rows of a rollup workbook (values are the cached results of its formulas). */
export function readRollupGrid(grid: WorkbookGrid): RollupWorkbookRows {
  const L = ROLLUP_LAYOUT;
  const districts: RollupWorkbookRows['districts'] = [];
  let city: RollupWorkbookRows['city'] = null;
  for (const s of grid.sheets) {
    if (!isRollupSheet(s)) continue;
    const codes: { col: number; code: string }[] = [];
    for (let c = L.firstValueCol; c <= s.maxCol; c++) {
      const code = cellText(s.cell(L.codeRow, c));
      if (code) codes.push({ col: c, code });
    }
    const T = L.rowTypes;
    let cityCode: string | null = null;
    for (let r = L.firstDataRow; r <= s.maxRow; r++)
      if (cellText(s.cell(r, L.typeCol)) === T.cityTotal) cityCode = cellText(s.cell(r, L.codeCol));
    for (let r = L.firstDataRow; r <= s.maxRow; r++) {
      const type = cellText(s.cell(r, L.typeCol));
      if (type !== T.districtTotal && type !== T.district && type !== T.cityTotal) continue;
      const values: Record<string, number | null> = {};
      for (const { col, code } of codes) {
        const v = s.cell(r, col)?.value;
        values[code] = typeof v === 'number' && Number.isFinite(v) ? v : null;
      }
      const name = unitNameOfRow(cellText(s.cell(r, L.nameCol)));
      if (type === T.cityTotal) {
        city ??= { unitCode: cellText(s.cell(r, L.codeCol)), unitName: name, values };
        continue;
      }
      // A city workbook shows each district twice (a row of the city sheet, the total of its own sheet): same figures, read once.
      if (districts.some((d) => d.unitCode === cellText(s.cell(r, L.codeCol)))) continue;
      districts.push({ unitCode: cellText(s.cell(r, L.codeCol)), unitName: name, values, parentCode: cityCode, sheet: s.name });
    }
  }
  // 报送情况: which totals are incomplete (a district's value resting on one is marked when ranked).
  const completeness = grid.sheets.find((s) => s.name === COMPLETENESS_SHEET);
  if (completeness) {
    const T = COMPLETENESS_LAYOUT.totals;
    const h = findHeaderRow(completeness, T, 0, ['unitCode']);
    for (let r = h < 0 ? completeness.maxRow + 1 : h + 1; r <= completeness.maxRow; r++) {
      const unitCode = cellText(completeness.cell(r, T.col.unitCode));
      if (!unitCode) break;
      const d = districts.find((x) => x.unitCode === unitCode) ?? (city?.unitCode === unitCode ? city : undefined);
      if (!d) continue;
      (d.incomplete ??= {})[cellText(completeness.cell(r, T.col.code))] = cellText(completeness.cell(r, T.col.reason)) || '合计不完整';
    }
  }
  let period: string | null = null;
  const notes = grid.sheets.find((s) => s.name === NOTES_SHEET);
  const N = NOTES_LAYOUT;
  if (notes && cellText(notes.cell(N.periodRow, N.keyCol)) === N.periodKey) period = cellText(notes.cell(N.periodRow, N.valueCol)) || null;
  return { districts, city, period };
}

export function readRollupWorkbook(bytes: Uint8Array, fileName: string): RollupWorkbookRows {
  return readRollupGrid(readXlsx(bytes, fileName));
}
