/**
 * A small RFC 4180 CSV reader for the acceptance tables in ../shared/data/public:
 * quoted fields (with "" escapes, commas and newlines inside), one header row.
 */
import { readFileSync } from 'node:fs';

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

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
