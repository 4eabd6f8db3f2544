/**
 * A workbook described as data. Core builders (templates, rollup and ranking sheets)
 * produce it; adapters render it: src/io to .xlsx bytes, src/excel to live worksheets.
 * One description, two renderers, so the file and the add-in never drift apart.
 */

export type CellValue = string | number | boolean | null;

export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  /** Font colour, 'RRGGBB'. */
  color?: string;
  /** Solid fill colour, 'RRGGBB'. */
  fill?: string;
  fontSize?: number;
  /** Excel number format, e.g. '0.00', '#,##0', '@'. */
  numFmt?: string;
  hAlign?: 'left' | 'center' | 'right';
  vAlign?: 'top' | 'middle' | 'bottom';
  wrap?: boolean;
  /** Thin border on all four sides. */
  border?: boolean;
  /** false: an input cell the user may edit on a protected sheet. Default true (locked). */
  locked?: boolean;
}

export interface DataValidation {
  type: 'decimal' | 'whole' | 'list' | 'textLength';
  operator?: 'between' | 'greaterThanOrEqual' | 'lessThanOrEqual' | 'equal';
  min?: number;
  max?: number;
  /** For 'list': the allowed texts. */
  list?: string[];
  allowBlank: boolean;
  /** Chinese error shown when the entry is refused. */
  errorTitle?: string;
  error?: string;
  /** Chinese input prompt. */
  prompt?: string;
}

export interface CellModel {
  /** The value; for a formula cell, its cached result (so files open with numbers shown). */
  value?: CellValue;
  /** A formula without the leading '=' (functions newer than Excel 2007 with the _xlfn. prefix). */
  formula?: string;
  style?: CellStyle;
  validation?: DataValidation;
  /** A cell comment (批注). */
  comment?: string;
}

export type ConditionalRule =
  { type: 'top' | 'bottom'; rank: number; style: CellStyle } | { type: 'expression'; formula: string; style: CellStyle };

export interface ConditionalFormat {
  /** A1 range on this sheet, e.g. 'C2:C7'. */
  range: string;
  rule: ConditionalRule;
}

export interface ChartModel {
  type: 'column' | 'bar';
  title: string;
  seriesName: string;
  /** Sheet-qualified absolute references, e.g. "'城市排名'!$A$3:$A$8". */
  categoriesRef: string;
  valuesRef: string;
  /** Top-left cell (0-based) and size in cells. */
  anchor: { col: number; row: number; widthCols: number; heightRows: number };
}

export interface SheetModel {
  name: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** Row-major cells from A1; null or missing = empty. */
  rows: (CellModel | null | undefined)[][];
  /** Column widths in characters, from column A. */
  columnWidths?: number[];
  freeze?: { rows: number; cols: number };
  /** A1 ranges to merge, e.g. 'A1:G1'. */
  merges?: string[];
  /** Protect the sheet without a password (locked cells read-only, unlocked cells editable). */
  protect?: boolean;
  conditionalFormats?: ConditionalFormat[];
  charts?: ChartModel[];
  print?: PrintSetup;
  /** Row heights in points by 0-based row (wrapped headers get the lines they need). */
  rowHeights?: Record<number, number>;
  /** 0-based columns hidden on screen and in print (machine codes a reader needs, a person does not). */
  hiddenColumns?: number[];
  /** 0-based rows hidden on screen and in print (the codes row readers find columns by). */
  hiddenRows?: number[];
}

/** How a sheet prints: A4, orientation, fit, repeated titles, page header and footer. */
export interface PrintSetup {
  orientation: 'portrait' | 'landscape';
  /** true or 1: one page wide; n: n pages wide; the height is never limited unless fitToHeight. */
  fitToWidth?: boolean | number;
  /** Pages tall (a table meant to print on one page: 1). */
  fitToHeight?: number;
  paper?: 'A4';
  /** 0-based first and last row repeated at the top of every printed page. */
  titleRows?: [number, number];
  /** 0-based first and last column repeated at the left of every printed page. */
  titleColumns?: [number, number];
  /** Centre of the page header (e.g. the title); the footer says 第 &P 页 共 &N 页 and `footerNote`. */
  header?: string;
  /** Said at the left of the footer (e.g. 示例数据). */
  footerNote?: string;
}

export interface WorkbookModel {
  sheets: SheetModel[];
  properties?: { title?: string; creator?: string };
}

// ---------------------------------------------------------------------------------------
// What a writer puts in a cell: one rule for every renderer (native .xlsx, ExcelJS, Office.js)

/**
 * The error value a non-finite number (NaN, ±Infinity) is written as. The core never means
 * to produce one; if one arrives anyway, it shows as an error the statistician sees and
 * formulas propagate (what Excel itself gives for an impossible number), never as 0 or blank.
 */
export const NON_FINITE_ERROR = '#NUM!';

/** Excel's error literals (a cached formula result that is one of these is an error, not text). */
export const ERROR_LITERAL = /^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!)$/;

/** A cell value as every writer must write it (see cellValueForWrite). */
export type WriteValue =
  | { type: 'blank' }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'text'; value: string }
  | { type: 'error'; value: string };

const BLANK: WriteValue = { type: 'blank' };
const EMPTY_TEXT: WriteValue = { type: 'text', value: '' };
const NON_FINITE: WriteValue = { type: 'error', value: NON_FINITE_ERROR };

/**
 * The one rule for writing a cell's value (a constant, or a formula's cached result), used by
 * the .xlsx writers (src/io/xlsx), the Excel adapter (src/excel) and so the preview:
 *
 * - Constant with no figure (null, undefined, ''): blank. An empty-string constant is blank
 *   too, as Excel stores it when '' is entered.
 * - Formula whose engine result is null or '': the empty text "" — what our formulas
 *   (IF(...,"",...)) give on recalculation in Excel and LibreOffice. Never a missing cache:
 *   viewers that do not recalculate (Protected View, previews) show a formula without a
 *   cached value as 0.
 * - A number that is not finite (NaN, ±Infinity), constant or cached: the error #NUM!
 *   (NON_FINITE_ERROR), never 0 and never blank.
 * - A formula's cached text that is an error literal ('#DIV/0!'…): that error. A constant
 *   text is always text, whatever it looks like.
 */
export function cellValueForWrite(value: CellValue | undefined, isFormula = false): WriteValue {
  if (typeof value === 'number') return Number.isFinite(value) ? { type: 'number', value } : NON_FINITE;
  if (value === null || value === undefined || value === '') return isFormula ? EMPTY_TEXT : BLANK;
  if (typeof value === 'boolean') return { type: 'boolean', value };
  if (isFormula && ERROR_LITERAL.test(value)) return { type: 'error', value };
  return { type: 'text', value };
}

/** 0-based column index → letters (0 → A, 26 → AA). */
export function columnLetters(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 0-based row and column → 'A1'. */
export function a1(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

/** 'AB12' → { row: 11, col: 27 } (0-based); null when not a cell address. */
export function parseA1(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.toUpperCase());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

/** A sheet name quoted for use in a formula reference: 'My Sheet' → "'My Sheet'". */
export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Most characters Excel allows in a sheet name. */
export const MAX_SHEET_NAME = 31;

/** Excel refuses : \ / ? * [ ] in sheet names, a leading or trailing apostrophe, and more than 31 characters. */
export function sanitizeSheetName(name: string): string {
  let s = name
    .replace(/[:\\/?*[\]]/g, '_')
    .replace(/^'+|'+$/g, '')
    .trim();
  if (s === '') s = 'Sheet';
  return s.slice(0, MAX_SHEET_NAME);
}
