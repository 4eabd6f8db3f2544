/**
 * Ranking workbooks as files: write (WorkbookModel → .xlsx, with its native chart) and read
 * last year's back — its ranks and index (城市排名) and its caliber (排名设置) — for
 * 位次变化 and for using the same settings again.
 */
import type { CompositeMethod, Aggregation, Direction } from '../core/composite.js';
import { cellText, type WorkbookGrid } from '../core/grid.js';
import {
  INDEX_CODE,
  RANKING_LAYOUT,
  RANKING_SHEET,
  RANK_SUFFIX,
  SETTINGS_LAYOUT,
  SETTINGS_SHEET,
  buildRankingWorkbook,
  type RankingWorkbookOptions,
} from '../core/outputs-ranking.js';
import type { RankMethod } from '../core/rank.js';
import type { PreviousRanking, RankingTable } from '../core/ranking.js';
import { findHeaderRow } from '../core/table-columns.js';
import { yesNoFromText } from '../core/vocabulary.js';
import { readXlsx } from './xlsx/read.js';
import { writeXlsx } from './xlsx/write.js';

export async function writeRankingWorkbook(table: RankingTable, options: RankingWorkbookOptions): Promise<Uint8Array> {
  const model = buildRankingWorkbook(table, options);
  // The native writer writes the model's chart (drawing and chart parts) itself.
  return writeXlsx(model);
}

/** Settings read from a 排名设置 sheet (what was given; absent keys stay undefined). */
export interface RankingSettingsRead {
  method?: RankMethod;
  decimals?: 'display' | 'full';
  indexMethod?: CompositeMethod | 'none';
  aggregation?: Aggregation;
  year?: number | null;
  period?: string | null;
  /** The parent the units were ranked under (e.g. 示例市), as written with the ranking. */
  parentName?: string | null;
  /** Ranked values resting on incomplete totals: unit code → indicator code → what the total lacks. */
  incomplete?: Record<string, Record<string, string>>;
  /** Ranked indicators, in order. */
  indicators?: string[];
  /** Index indicators with their direction, weight and reference. */
  index?: { code: string; direction: Direction; weight: number; reference: number | null }[];
}

export interface RankingWorkbookRead {
  previous: PreviousRanking;
  settings: RankingSettingsRead;
  /** Per-indicator values and ranks by unit (for callers who compare indicators too). */
  rows: { unitCode: string; unitName: string; values: Record<string, number | null>; ranks: Record<string, number | null> }[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Read a ranking workbook written by sti rank (city ranking sheet + settings). Throws a Chinese Error when it is not one. */
export function readRankingGrid(grid: WorkbookGrid): RankingWorkbookRead {
  const sheet = grid.sheets.find((s) => s.name === RANKING_SHEET);
  const L = RANKING_LAYOUT;
  if (!sheet || cellText(sheet.cell(L.codeRow, L.codeCol)) !== L.marker) {
    throw new Error(`“${grid.fileName}”不是 sti rank 生成的排名工作簿（缺少“${RANKING_SHEET}”工作表或其指标代码行）`);
  }
  const colOf = new Map<string, number>();
  for (let c = 0; c <= sheet.maxCol; c++) {
    const code = cellText(sheet.cell(L.codeRow, c));
    if (code) colOf.set(code, c);
  }
  const rows: RankingWorkbookRead['rows'] = [];
  const units: PreviousRanking['units'] = [];
  for (let r = L.firstDataRow; r <= sheet.maxRow; r++) {
    const code = cellText(sheet.cell(r, L.codeCol));
    const name = cellText(sheet.cell(r, L.nameCol));
    if (!code || !name) break;
    const values: Record<string, number | null> = {};
    const ranks: Record<string, number | null> = {};
    for (const [k, c] of colOf) {
      if (k.includes(':')) {
        if (k.endsWith(RANK_SUFFIX)) ranks[k.slice(0, -RANK_SUFFIX.length)] = num(sheet.cell(r, c)?.value);
      } else values[k] = num(sheet.cell(r, c)?.value);
    }
    rows.push({ unitCode: code, unitName: name, values, ranks });
    units.push({ unitCode: code, unitName: name, index: values[INDEX_CODE] ?? null, rank: ranks[INDEX_CODE] ?? null });
  }
  const settings = readSettings(grid);
  return { previous: { year: settings.year ?? null, method: settings.method, units }, settings, rows };
}

function readSettings(grid: WorkbookGrid): RankingSettingsRead {
  const s = grid.sheets.find((x) => x.name === SETTINGS_SHEET);
  const out: RankingSettingsRead = {};
  if (!s) return out;
  const { keys: K, keyTexts: KEY, indicators: T, incomplete: I } = SETTINGS_LAYOUT;
  // The key rows run until the indicator table's header (found by its code and name headers).
  const tableHeader = findHeaderRow(s, T, 0, ['code', 'name', 'unit']);
  const keysEnd = tableHeader >= 0 ? tableHeader : s.maxRow + 1;
  for (let r = 0; r < keysEnd; r++) {
    const key = cellText(s.cell(r, K.col.key));
    const v = cellText(s.cell(r, K.col.value));
    if (key === KEY.method && ['competition', 'dense', 'average'].includes(v)) out.method = v as RankMethod;
    if (key === KEY.decimals && (v === 'display' || v === 'full')) out.decimals = v;
    if (key === KEY.indexMethod && ['minmax', 'zscore', 'standard', 'base', 'none'].includes(v))
      out.indexMethod = v as CompositeMethod | 'none';
    if (key === KEY.aggregation && (v === 'arithmetic' || v === 'geometric')) out.aggregation = v;
    if (key === KEY.year) out.year = num(s.cell(r, K.col.value)?.value) ?? (Number(v) || null);
    if (key === KEY.period) out.period = v || null;
    if (key === KEY.parent) out.parentName = v || null;
  }
  if (tableHeader >= 0) {
    out.indicators = [];
    out.index = [];
    const at = (r: number, key: keyof typeof T.col) => s.cell(r, T.col[key]);
    for (let r = tableHeader + 1; r <= s.maxRow; r++) {
      const code = cellText(at(r, 'code'));
      if (!code) break;
      if (yesNoFromText(cellText(at(r, 'ranked'))) === true) out.indicators.push(code);
      if (yesNoFromText(cellText(at(r, 'inIndex'))) === true) {
        const dir = num(at(r, 'direction')?.value);
        out.index.push({
          code,
          direction: dir === -1 ? -1 : 1,
          weight: num(at(r, 'weight')?.value) ?? 1,
          reference: num(at(r, 'reference')?.value),
        });
      }
    }
  }
  // The table of values resting on incomplete totals, after the indicators (found by its reason header).
  const h = findHeaderRow(s, I, Math.max(tableHeader, 0), ['reason']);
  if (h >= 0)
    for (let r = h + 1; r <= s.maxRow; r++) {
      const unit = cellText(s.cell(r, I.col.unitCode));
      if (!unit) break;
      ((out.incomplete ??= {})[unit] ??= {})[cellText(s.cell(r, I.col.code))] = cellText(s.cell(r, I.col.reason));
    }
  return out;
}

export function readRankingWorkbook(bytes: Uint8Array, fileName: string): RankingWorkbookRead {
  return readRankingGrid(readXlsx(bytes, fileName));
}
