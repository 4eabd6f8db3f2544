/**
 * The one CSV reader (RFC 4180): quoted fields with doubled quotes, separators and line breaks
 * inside quotes, CRLF or LF, a leading BOM dropped. Used for register files (`sti validate
 * --register 名录.csv`), the public acceptance tables and LibreOffice's recalculated output.
 */

export interface CsvOptions {
  /** Field separator; 'auto' picks from the first line: `,` then `，` then tab then `;`. Default `,`. */
  separator?: string | 'auto';
  /** Throw on a quoted field still open at the end of the text (default: keep what was read). */
  strict?: boolean;
  /** Drop empty lines (rows of one empty field). */
  skipBlankLines?: boolean;
}

/** The separator of delimited text from its first line: comma, full-width comma, tab or semicolon. */
export function sniffCsvSeparator(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  for (const sep of [',', '，', '\t', ';']) if (firstLine.includes(sep)) return sep;
  return ',';
}

/** Rows of fields; a quote opens a quoted field only at the start of a field. */
export function parseCsv(input: string, options: CsvOptions = {}): string[][] {
  const text = input.replace(/^\uFEFF/, '');
  const sep = options.separator === 'auto' ? sniffCsvSeparator(text) : (options.separator ?? ',');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted && options.strict) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return options.skipBlankLines ? rows.filter((r) => !(r.length === 1 && r[0] === '')) : rows;
}
