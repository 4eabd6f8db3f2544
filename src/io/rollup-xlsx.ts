/**
 * Rollup workbooks as files: write (WorkbookModel → .xlsx) and read back the district rows
 * that `sti rank` ranks (by the codes row and the 单位类型 column of each 汇总 sheet).
 */
import { cellText, type WorkbookGrid } from '../core/grid.js';
import { Zip, ZipDeflate, strFromU8, strToU8, unzipSync } from 'fflate';
import {
  ENTERPRISE_LAYOUT,
  ENTERPRISE_SHEET,
  ROLLUP_LAYOUT,
  ROW_TYPE_ZH,
  buildRollupWorkbook,
  enterpriseRowValues,
  type RollupWorkbookOptions,
} from '../core/outputs-rollup.js';
import { columnLetters, type WorkbookModel } from '../core/sheet-model.js';
import { sheetPartPath } from './xlsx/chart.js';
import type { RankingInputRow } from '../core/ranking.js';
import type { RollupResult } from '../core/rollup-types.js';
import type { Finding } from '../core/types.js';
import { readXlsx } from './xlsx/read.js';
import { writeXlsx } from './xlsx/write.js';

/** 来源 rows beyond this many go straight to sheet XML instead of through ExcelJS. */
const BULK_MIN_ROWS = 1000;

type Value = string | number | boolean | null | undefined;
interface BulkPart {
  name: string;
  /** 0-based row of the first appended row. */
  start: number;
  rows: Iterable<Value[]>;
}

/**
 * Write the rollup workbook. ExcelJS renders the styled sheets (汇总, headers, 说明); the big
 * plain tables — 企业名录 rows (one per district and firm, hundreds of thousands for a large
 * city) and the per-file rows of 来源 — are streamed into their sheet XML and through a
 * streaming zip, so no giant string or cell-object array is ever built.
 */
export async function writeRollupWorkbook(
  results: readonly RollupResult[],
  options: RollupWorkbookOptions & { extraFindings?: Finding[] } = {},
): Promise<Uint8Array> {
  return writeRollupModel(buildRollupWorkbook(results, { ...options, enterpriseRowsInModel: false }), results);
}

/** Write a rollup model built with `enterpriseRowsInModel: false` (the 企业名录 rows come from results). */
export async function writeRollupModel(model: WorkbookModel, results: readonly RollupResult[]): Promise<Uint8Array> {
  const bulk: BulkPart[] = [{ name: ENTERPRISE_SHEET, start: ENTERPRISE_LAYOUT.firstDataRow, rows: enterpriseRowValues(results) }];
  const light: WorkbookModel = {
    ...model,
    sheets: model.sheets.map((s) => {
      if (s.name !== '来源') return s;
      const k = s.rows.findIndex((r) => r?.[1]?.value === '单位代码') + 1;
      if (k <= 0 || s.rows.length - k < BULK_MIN_ROWS) return s;
      bulk.push({ name: s.name, start: k, rows: s.rows.slice(k).map((r) => (r ?? []).map((c) => c?.value)) });
      return { ...s, rows: s.rows.slice(0, k) };
    }),
  };
  return appendRows(await writeXlsx(light), bulk);
}

// XML 1.0 forbids most control characters; they cannot come from a cell anyway.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const escXml = (t: string): string => t.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function rowXml(values: Value[], r: number): { xml: string; maxCol: number } {
  let cells = '';
  let maxCol = -1;
  values.forEach((v, ci) => {
    if (v === null || v === undefined || v === '') return;
    const ref = `${columnLetters(ci)}${r}`;
    maxCol = ci;
    if (typeof v === 'number') cells += Number.isFinite(v) ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="e"><v>#NUM!</v></c>`;
    else if (typeof v === 'boolean') cells += `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
    else cells += `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escXml(v)}</t></is></c>`;
  });
  return { xml: `<row r="${r}">${cells}</row>`, maxCol };
}

/**
 * Re-zip written .xlsx bytes, appending value-only rows (text as inline strings) to the named
 * sheets. The rows are generated, deflated and emitted in batches.
 */
export function appendRows(bytes: Uint8Array, parts: BulkPart[]): Uint8Array {
  const files = unzipSync(bytes);
  const workbook = strFromU8(files['xl/workbook.xml']);
  const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
  const byPath = new Map(parts.map((p) => [sheetPartPath(workbook, rels, p.name), p]));
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    chunks.push(data);
  });
  const names = Object.keys(files).sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : 0));
  for (const name of names) {
    // Bulk sheets: fast deflate (they are most of the bytes and most of the time).
    const entry = new ZipDeflate(name, { level: byPath.has(name) ? 1 : 6 });
    entry.mtime = ZIP_MTIME;
    zip.add(entry);
    const part = byPath.get(name);
    if (!part) {
      entry.push(files[name], true);
      continue;
    }
    // The dimension is dropped (optional in OOXML) since the last row is known only at the end.
    const xml = strFromU8(files[name]).replace(/<dimension ref="[^"]*"\/>/, '');
    const close = xml.includes('</sheetData>') ? '</sheetData>' : '<sheetData/>';
    const at = xml.indexOf(close);
    entry.push(strToU8(xml.slice(0, at) + (close === '<sheetData/>' ? '<sheetData>' : '')));
    let batch = '';
    let r = part.start;
    for (const values of part.rows) {
      r++;
      batch += rowXml(values, r).xml;
      if (batch.length > 1 << 20) {
        entry.push(strToU8(batch));
        batch = '';
      }
    }
    entry.push(strToU8(batch + '</sheetData>' + xml.slice(at + close.length)), true);
  }
  zip.end();
  const total = chunks.reduce((a, c) => a + c.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

const ZIP_MTIME = new Date(2024, 0, 1, 0, 0, 0);

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
      // A city workbook shows each district twice (a row of the city sheet, the total of its own sheet): same figures, read once.
      if (districts.some((d) => d.unitCode === cellText(s.cell(r, L.codeCol)))) continue;
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
