/**
 * A workbook as read: the cells and the few sheet facts that reading by labels needs,
 * independent of where it came from (an .xlsx file read by src/io/xlsx/read, or live
 * sheets read by the Excel adapter). Pure data: no Office, no node modules.
 *
 * Rows and columns are 0-based everywhere here (row 0 / col 0 is A1), like sheet-model.ts.
 */
import { a1 } from './sheet-model.js';

export type GridValue = string | number | boolean | null;

export interface GridCell {
  /** The value shown (for a formula cell its cached result); null for an error or a blank. */
  value: GridValue;
  /** Excel error text when the cell holds an error value, e.g. '#DIV/0!'. */
  error?: string;
  /** The formula without '=', when the cell has one (shared formulas: the master's text or ''). */
  formula?: string;
  /** A number shown with a date/time format (an Excel serial date). */
  isDate?: boolean;
}

export interface GridMerge {
  /** Inclusive 0-based corners. */
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface SheetGrid {
  name: string;
  state: SheetState;
  /** The cell at 0-based row and column, undefined when there is none. */
  cell(row: number, col: number): GridCell | undefined;
  /** Highest 0-based row index holding a cell; -1 for an empty sheet. */
  maxRow: number;
  /** Highest 0-based column index holding a cell; -1 for an empty sheet. */
  maxCol: number;
  merges: GridMerge[];
  /** 0-based indexes of hidden rows, when known. */
  hiddenRows?: number[];
}

export interface WorkbookGrid {
  /** File name (or workbook name) used in findings. */
  fileName: string;
  sheets: SheetGrid[];
}

/** A SheetGrid over row arrays (rows[r][c]); used by the .xlsx reader and the Excel adapter. */
export class RowsSheetGrid implements SheetGrid {
  maxRow: number;
  maxCol: number;
  constructor(
    public name: string,
    public state: SheetState,
    readonly rows: (GridCell | undefined)[][],
    public merges: GridMerge[] = [],
    public hiddenRows?: number[],
  ) {
    let maxRow = -1;
    let maxCol = -1;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (!row) continue;
      for (let c = row.length - 1; c >= 0; c--) {
        if (row[c] !== undefined) {
          maxRow = r;
          if (c > maxCol) maxCol = c;
          break;
        }
      }
    }
    this.maxRow = maxRow;
    this.maxCol = maxCol;
  }
  cell(row: number, col: number): GridCell | undefined {
    const r = this.rows[row];
    return r ? r[col] : undefined;
  }
}

/**
 * Build a grid from plain 2-D values as the Excel adapter reads them (range.values,
 * range.formulas, range.valueTypes): '' is blank; strings starting with '#' and typed
 * 'Error' are errors; formulas are texts starting with '='.
 */
export function sheetGridFromValues(
  name: string,
  values: unknown[][],
  opts: {
    state?: SheetState;
    formulas?: unknown[][];
    valueTypes?: string[][];
    /** 0-based row and column of values[0][0] on the sheet (a used range need not start at A1). */
    origin?: { row: number; col: number };
    merges?: GridMerge[];
    hiddenRows?: number[];
    /** numberFormat per cell, to mark dates. */
    numberFormats?: unknown[][];
  } = {},
): SheetGrid {
  const r0 = opts.origin?.row ?? 0;
  const c0 = opts.origin?.col ?? 0;
  const rows: (GridCell | undefined)[][] = [];
  for (let i = 0; i < values.length; i++) {
    const src = values[i];
    const out: (GridCell | undefined)[] = [];
    for (let j = 0; j < src.length; j++) {
      const v = src[j];
      const type = opts.valueTypes?.[i]?.[j];
      const f = opts.formulas?.[i]?.[j];
      const formula = typeof f === 'string' && f.startsWith('=') ? f.slice(1) : undefined;
      let cell: GridCell | undefined;
      if (
        type === 'Error' ||
        (typeof v === 'string' && type === undefined && /^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!|GETTING_DATA)$/.test(v))
      ) {
        cell = { value: null, error: String(v) };
      } else if (v === '' || v === null || v === undefined) {
        cell = formula ? { value: null } : undefined;
      } else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') {
        cell = { value: v };
        const nf = opts.numberFormats?.[i]?.[j];
        if (typeof v === 'number' && typeof nf === 'string' && isDateFormat(nf)) cell.isDate = true;
      } else {
        cell = { value: String(v) };
      }
      if (cell && formula) cell.formula = formula;
      out[c0 + j] = cell;
    }
    rows[r0 + i] = out;
  }
  return new RowsSheetGrid(name, opts.state ?? 'visible', rows, opts.merges ?? [], opts.hiddenRows);
}

/** Built-in Excel number format ids that display dates or times. */
export function isBuiltinDateFormatId(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** A custom number format code that shows a date or time (d, m, y, h, s outside quotes, brackets and escapes). */
export function isDateFormat(code: string): boolean {
  if (!code || code === 'General' || code === '@') return false;
  let inQuote = false;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (inQuote) {
      if (ch === '"') inQuote = false;
      continue;
    }
    if (ch === '"') inQuote = true;
    else if (ch === '\\' || ch === '_' || ch === '*') i++;
    else if (ch === '[') {
      const end = code.indexOf(']', i);
      const inner = code.slice(i + 1, end < 0 ? code.length : end).toLowerCase();
      // [h], [mm], [ss] are elapsed-time formats; [Red], [$-804] are not dates.
      if (/^(h+|m+|s+)$/.test(inner)) return true;
      i = end < 0 ? code.length : end;
    } else if (/[dmyhsDMYHS年月日]/.test(ch)) return true;
    else if (ch === ';') return false; // only the first (positive) section decides
  }
  return false;
}

/** 'A1' address of a 0-based cell. */
export const cellAddress = a1;

/** The merge covering a cell, if any. */
export function mergeAt(sheet: SheetGrid, row: number, col: number): GridMerge | undefined {
  for (const m of sheet.merges) if (row >= m.r0 && row <= m.r1 && col >= m.c0 && col <= m.c1) return m;
  return undefined;
}

/** A merge as 'A1:B2'. */
export function mergeRange(m: GridMerge): string {
  return `${a1(m.r0, m.c0)}:${a1(m.r1, m.c1)}`;
}

/** Display text of a cell, as a statistician would read it ('' when blank). */
export function cellText(cell: GridCell | undefined): string {
  if (!cell) return '';
  if (cell.error) return cell.error;
  const v = cell.value;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}
