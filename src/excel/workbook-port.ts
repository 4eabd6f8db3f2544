/**
 * What the task pane may ask of the open workbook. Components receive an implementation
 * (src/excel/excel-port.ts in Excel, the same adapter over the in-memory workbook in the
 * preview and tests) and never call `Excel` themselves.
 */
import type { CellValue, SheetModel } from '../core/sheet-model.js';

export interface SheetInfo {
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
}

/** A sheet read back: the used range from A1, values and formulas ('' where none). */
export interface SheetGrid {
  name: string;
  /** Displayed values (formula cells: their calculated value). */
  values: CellValue[][];
  /** '=…' for formula cells, '' elsewhere. */
  formulas: string[][];
}

/** When a sheet of that name exists: keep it and write under a new name "名称 (2)", or replace it (asked first). */
export type ConflictMode = 'rename' | 'replace';

export interface WriteOptions {
  onConflict?: ConflictMode;
  /** The sheet to show when done (its requested name). */
  activate?: string;
}

export interface WriteResult {
  /** Requested name → the name it was written under. */
  written: { requested: string; name: string; replaced: boolean }[];
  /** context.sync() calls this action cost. */
  syncs: number;
}

export interface WorkbookPort {
  listSheets(): Promise<SheetInfo[]>;
  writeSheets(sheets: readonly SheetModel[], options?: WriteOptions): Promise<WriteResult>;
  readSheet(name: string): Promise<SheetGrid>;
}
