/**
 * Rollup workbooks as files: write (WorkbookModel → .xlsx) and read back the district rows
 * that `sti rank` ranks (by the codes row and the 单位类型 column of each 汇总 sheet).
 */
import { cellText, type WorkbookGrid } from '../core/grid.js';
import { ROLLUP_LAYOUT, ROW_TYPE_ZH, buildRollupWorkbook, type RollupWorkbookOptions } from '../core/outputs-rollup.js';
import type { RankingInputRow } from '../core/ranking.js';
import type { RollupResult } from '../core/rollup-types.js';
import type { Finding } from '../core/types.js';
import { readXlsx } from './xlsx/read.js';
import { writeXlsx } from './xlsx/write.js';

export async function writeRollupWorkbook(
  results: readonly RollupResult[],
  options: RollupWorkbookOptions & { extraFindings?: Finding[] } = {},
): Promise<Uint8Array> {
  return writeXlsx(buildRollupWorkbook(results, options));
}

export interface RollupWorkbookRows {
  /** District rows (a district's 合计 row, or a district row of a city sheet), with every coded column. */
  districts: (RankingInputRow & { parentCode: string | null; sheet: string })[];
  /** Report period as written in 说明 (报告期), when found. */
  period: string | null;
}

/** Is this workbook a rollup workbook written by sti rollup (a 汇总 sheet with the codes row)? */
export function isRollupGrid(grid: WorkbookGrid): boolean {
  return grid.sheets.some((s) => /^汇总/.test(s.name) && cellText(s.cell(ROLLUP_LAYOUT.codeRow, 0)) === '指标代码');
}

/** Read the district rows of a rollup workbook (values are the cached results of its formulas). */
export function readRollupGrid(grid: WorkbookGrid): RollupWorkbookRows {
  const L = ROLLUP_LAYOUT;
  const districts: RollupWorkbookRows['districts'] = [];
  for (const s of grid.sheets) {
    if (!/^汇总/.test(s.name) || cellText(s.cell(L.codeRow, 0)) !== '指标代码') continue;
    const codes: { col: number; code: string }[] = [];
    for (let c = L.firstValueCol; c <= s.maxCol; c++) {
      const code = cellText(s.cell(L.codeRow, c));
      if (code) codes.push({ col: c, code });
    }
    let cityCode: string | null = null;
    for (let r = L.firstDataRow; r <= s.maxRow; r++)
      if (cellText(s.cell(r, L.typeCol)) === ROW_TYPE_ZH.cityTotal) cityCode = cellText(s.cell(r, L.codeCol));
    for (let r = L.firstDataRow; r <= s.maxRow; r++) {
      const type = cellText(s.cell(r, L.typeCol));
      if (type !== ROW_TYPE_ZH.districtTotal && type !== ROW_TYPE_ZH.district) continue;
      const values: Record<string, number | null> = {};
      for (const { col, code } of codes) {
        const v = s.cell(r, col)?.value;
        values[code] = typeof v === 'number' && Number.isFinite(v) ? v : null;
      }
      const name = cellText(s.cell(r, L.nameCol)).replace(/合计$/, '');
      districts.push({ unitCode: cellText(s.cell(r, L.codeCol)), unitName: name, values, parentCode: cityCode, sheet: s.name });
    }
  }
  let period: string | null = null;
  const notes = grid.sheets.find((s) => s.name === '说明');
  if (notes)
    for (let r = 0; r <= Math.min(notes.maxRow, 20); r++)
      if (cellText(notes.cell(r, 0)) === '报告期') period = cellText(notes.cell(r, 1)) || null;
  return { districts, period };
}

export function readRollupWorkbook(bytes: Uint8Array, fileName: string): RollupWorkbookRows {
  return readRollupGrid(readXlsx(bytes, fileName));
}
