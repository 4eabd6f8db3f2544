/**
 * A table on an output sheet described once: its columns by key, left to right, with their
 * header texts. The builder writes the header and each row by key from it; readers find the
 * header row and each column from the same object — never by a column number of their own.
 */
import { cellText, type SheetGrid } from './grid.js';

export interface TableColumns<K extends string> {
  /** Header texts, left to right. */
  readonly header: readonly string[];
  /** Each key's 0-based column. */
  readonly col: Readonly<Record<K, number>>;
}

export function tableColumns<const K extends string>(defs: readonly (readonly [K, string])[]): TableColumns<K> {
  const col = {} as Record<K, number>;
  defs.forEach(([key], i) => (col[key] = i));
  return { header: defs.map(([, text]) => text), col };
}

/** A row of the table from cells by key (a key left out is an empty cell). */
export function rowByKey<K extends string, T>(table: TableColumns<K>, cells: Partial<Record<K, T>>): (T | null)[] {
  const row: (T | null)[] = table.header.map(() => null);
  for (const key of Object.keys(cells) as K[]) row[table.col[key]] = cells[key] ?? null;
  return row;
}

/** The first row at or after `from` whose header cells are the table's (the key columns' texts), or -1. */
export function findHeaderRow<K extends string>(sheet: SheetGrid, table: TableColumns<K>, from = 0, keys?: readonly K[]): number {
  const cols = keys ? keys.map((k) => table.col[k]) : table.header.map((_, i) => i);
  for (let r = from; r <= sheet.maxRow; r++) if (cols.every((c) => cellText(sheet.cell(r, c)) === table.header[c])) return r;
  return -1;
}
