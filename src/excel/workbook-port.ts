/**
 * What the task pane may ask of the open workbook. Components receive an implementation
 * (src/excel/excel-port.ts in Excel, the same adapter over the in-memory workbook in the
 * preview and tests) and never call `Excel` themselves.
 */
import type { SheetGrid } from '../core/grid.js';
import type { SheetModel } from '../core/sheet-model.js';

export type { SheetGrid };

export interface SheetInfo {
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
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
  /** A sheet read back into the core grid shape (values, formulas, errors, dates), from A1. */
  readSheet(name: string): Promise<SheetGrid>;
  /** Several sheets at once (two syncs in all); a name that does not exist is an error naming it. */
  readSheets(names: readonly string[]): Promise<SheetGrid[]>;
}
