/**
 * The tool's own outputs among the submissions: a rollup workbook, a ranking workbook or a
 * register saved into the folder of returned reports is not a submission. Read as one, a
 * rollup gave a thousand errors; it is named once instead (OWN_OUTPUT_SKIPPED) and skipped.
 */
import { cellText, type SheetGrid, type WorkbookGrid } from './grid.js';
import { RANKING_LAYOUT, RANKING_SHEET, SETTINGS_LAYOUT, SETTINGS_SHEET } from './outputs-ranking.js';
import { ROLLUP_LAYOUT } from './outputs-rollup.js';
import { REGISTER_HEADERS, REGISTER_SHEET } from './register.js';
import { SHEET_INDICATORS, SHEET_META, TEMPLATE_SHEETS, normaliseHeader } from './template-schema.js';
import type { Finding } from './types.js';
import { finding } from './validate-codes.js';

export type OwnOutputKind = 'rollup' | 'ranking' | 'register';

/** Rollup sheets are 汇总表 (one unit) or 汇总-<单位> (several). */
const ROLLUP_SHEET_NAME = /^汇总/;
/** Rows searched for the register's header (as the register reader does). */
const REGISTER_HEADER_ROWS = 20;

/** A 汇总 sheet written by `sti rollup` or the task pane: the codes row where readers expect it. */
export function isRollupSheet(sheet: SheetGrid): boolean {
  return (
    ROLLUP_SHEET_NAME.test(sheet.name) && cellText(sheet.cell(ROLLUP_LAYOUT.codeRow, ROLLUP_LAYOUT.codeCol)) === ROLLUP_LAYOUT.codesLabel
  );
}

function isRankingSheet(sheet: SheetGrid): boolean {
  if (sheet.name === RANKING_SHEET) return cellText(sheet.cell(RANKING_LAYOUT.codeRow, RANKING_LAYOUT.codeCol)) === RANKING_LAYOUT.marker;
  if (sheet.name !== SETTINGS_SHEET) return false;
  // Its indicator table's header near the top (the key rows come first).
  const T = SETTINGS_LAYOUT.indicators;
  for (let r = 0; r <= Math.min(sheet.maxRow, 40); r++) if (cellText(sheet.cell(r, T.col.code)) === T.header[T.col.code]) return true;
  return false;
}

const REGISTER_KEY_HEADERS = REGISTER_HEADERS.slice(0, 3).map(normaliseHeader);

/** A register table: 单位代码, 单位名称 and 单位类型 in one header row near the top. */
function isRegisterSheet(sheet: SheetGrid): boolean {
  for (let r = 0; r <= Math.min(sheet.maxRow, REGISTER_HEADER_ROWS - 1); r++) {
    const texts = new Set<string>();
    for (let c = 0; c <= Math.min(sheet.maxCol, 30); c++) texts.add(normaliseHeader(cellText(sheet.cell(r, c))));
    if (REGISTER_KEY_HEADERS.every((h) => texts.has(h))) return true;
  }
  return false;
}

const hasSheet = (grid: WorkbookGrid, name: string): boolean => {
  const n = normaliseHeader(name);
  return grid.sheets.some((s) => normaliseHeader(s.name) === n);
};

/**
 * What the workbook is when it is one of the tool's outputs (or a register), with the sheet that
 * shows it; null for anything else. A workbook with the template's 指标表 or _meta is a
 * submission whatever else it holds (a district may keep its rollup sheets beside its own figures).
 */
export function detectOwnOutput(grid: WorkbookGrid): { kind: OwnOutputKind; sheet: string } | null {
  if (hasSheet(grid, SHEET_INDICATORS) || hasSheet(grid, SHEET_META)) return null;
  const checks: [OwnOutputKind, (s: SheetGrid) => boolean][] = [
    ['rollup', isRollupSheet],
    ['ranking', isRankingSheet],
    ['register', isRegisterSheet],
  ];
  for (const [kind, test] of checks) {
    const sheet = grid.sheets.find(test);
    if (sheet) return { kind, sheet: sheet.name };
  }
  return null;
}

export function ownOutputKind(grid: WorkbookGrid): OwnOutputKind | null {
  return detectOwnOutput(grid)?.kind ?? null;
}

/**
 * Sheets whose cells detectOwnOutput reads in a workbook too big to read whole (a city's
 * rollup lists hundreds of thousands of firms): 汇总…, 城市排名, 排名设置, 单位名录.
 */
export function showsOwnOutput(sheetName: string): boolean {
  return ROLLUP_SHEET_NAME.test(sheetName) || [RANKING_SHEET, SETTINGS_SHEET, REGISTER_SHEET].includes(sheetName);
}

const WHAT_ZH: Record<OwnOutputKind, string> = {
  rollup: '本工具生成的汇总工作簿',
  ranking: '本工具生成的排名工作簿',
  register: '单位名录',
};

/** The one finding for a skipped output: what it is, and that it was not read as a submission. */
export function ownOutputSkipped(file: string, found: { kind: OwnOutputKind; sheet: string }): Finding {
  const tail = found.kind === 'register' ? '；名录请单独指定（命令行用 --register）' : '';
  return finding('OWN_OUTPUT_SKIPPED', `这是${WHAT_ZH[found.kind]}（工作表“${found.sheet}”），不是填报文件，已跳过${tail}`, {
    file,
    sheet: found.sheet,
    value: WHAT_ZH[found.kind],
    expected: `填报模板（${TEMPLATE_SHEETS.join('、')}）`,
  });
}
