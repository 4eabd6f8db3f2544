/**
 * The acceptance tables in ../shared/data/public as records (one header row), read with the
 * core CSV reader (src/core/csv.ts).
 */
import { readFileSync } from 'node:fs';
import { parseCsv as parseCoreCsv } from '../../src/core/csv.js';

/** The core CSV reader, strict (an unterminated quote is an error) and without blank lines. */
export const parseCsv = (text: string): string[][] => parseCoreCsv(text, { strict: true, skipBlankLines: true });

/** Rows as objects keyed by the header; a row with a different field count is an error. */
export function readCsvRecords(path: string | URL): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  return rows.map((r, i) => {
    if (r.length !== header.length)
      throw new Error(`CSV ${String(path)}: row ${i + 2} has ${r.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((h, k) => [h, r[k]]));
  });
}

/** The public acceptance data directory (../shared/data/public from the repository root). */
export const PUBLIC_DATA = new URL('../../../shared/data/public/', import.meta.url);

export function publicTable(file: string): Record<string, string>[] {
  return readCsvRecords(new URL(file, PUBLIC_DATA));
}
