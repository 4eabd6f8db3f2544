/**
 * One cell, both directions. Writing: `cellXml`, the one cell builder, for model cells
 * (text as shared strings) and for bulk appended rows (text inline), values by the model's
 * rule (cellValueForWrite). Reading: `makeCell`, a <c> element's type, <v>, <f> and inline
 * text → GridCell. Also the A1 address helpers the worksheet parsers use.
 */
import type { GridCell, GridMerge } from '../../../core/grid.js';
import { a1, cellValueForWrite, type CellValue } from '../../../core/sheet-model.js';
import { decodeOoxmlText, decodeXml } from '../xml-scan.js';
import { escapeCellText, escapeXml, textElement } from '../xml.js';

/** Where constant text goes: a shared-string table (model cells) or, with null, inline in the cell (bulk rows). */
export interface SharedStringSink {
  id(text: string): number;
}

/**
 * A <c> element ('' for a blank cell without a style). `formula` with or without its '=';
 * a formula's text result is cached inline (t="str"); constant text is a shared string or
 * an inline string, never a formula: '=HYPERLINK(...)' stays text. `ref` '' leaves the r
 * attribute out (the cell right after the previous one in its row, as OOXML allows).
 */
export function cellXml(
  ref: string,
  value: CellValue | undefined,
  style: number,
  formula: string | undefined,
  strings: SharedStringSink | null,
): string {
  const sAttr = style ? ` s="${style}"` : '';
  const r = ref ? ` r="${ref}"` : '';
  if (formula === undefined) {
    // The common cases first (cellValueForWrite's rule for them): constant text and finite numbers.
    if (typeof value === 'string' && value !== '') return textCellXml(r, sAttr, value, strings);
    if (typeof value === 'number' && Number.isFinite(value)) return `<c${r}${sAttr}><v>${value}</v></c>`;
  }
  const isFormula = formula !== undefined;
  const f = isFormula ? `<f>${escapeXml(formula.startsWith('=') ? formula.slice(1) : formula)}</f>` : '';
  // The value rule (blank; "" for a formula without a figure; #NUM! for a non-finite number) is sheet-model's.
  const w = cellValueForWrite(value, isFormula);
  switch (w.type) {
    case 'blank':
      return style ? `<c${r}${sAttr}/>` : '';
    case 'number':
      return `<c${r}${sAttr}>${f}<v>${w.value}</v></c>`;
    case 'boolean':
      return `<c${r}${sAttr} t="b">${f}<v>${w.value ? 1 : 0}</v></c>`;
    case 'error':
      return `<c${r}${sAttr} t="e">${f}<v>${escapeXml(w.value)}</v></c>`;
    case 'text':
      if (isFormula) return `<c${r}${sAttr} t="str">${f}<v>${escapeCellText(w.value)}</v></c>`;
      return textCellXml(r, sAttr, w.value, strings);
  }
}

/** Constant text: a shared string, or inline (xml:space="preserve" only where whitespace must survive, as in the shared strings). */
function textCellXml(r: string, sAttr: string, text: string, strings: SharedStringSink | null): string {
  return strings ? `<c${r}${sAttr} t="s"><v>${strings.id(text)}</v></c>` : `<c${r}${sAttr} t="inlineStr"><is>${textElement(text)}</is></c>`;
}

const columnLetterCache: string[] = [];
/** 0-based column → letters, cached (bulk rows ask for the same few columns hundreds of thousands of times). */
export function columnLetter(c: number): string {
  let l = columnLetterCache[c];
  if (l === undefined) {
    l = a1(0, c).slice(0, -1);
    columnLetterCache[c] = l;
  }
  return l;
}

/**
 * A copy of a string that does not keep the whole part's XML alive: a substring of a long
 * string is a view onto it in V8, and values kept in a Submission would otherwise hold every
 * file's decoded XML in memory (10,000 files × tens of KB).
 */
export function flat(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/**
 * A read cell from its <c> type attribute, raw <v> and <f> text and inline-string text
 * (all still entity-encoded; null when absent); undefined when it holds nothing.
 */
export function makeCell(
  type: string,
  v: string | null,
  f: string | null,
  is: string | null,
  style: number,
  sst: readonly string[],
  dateStyles: readonly boolean[],
): GridCell | undefined {
  let cell: GridCell;
  switch (type) {
    case 's': {
      if (v === null) return f !== null ? { value: null, formula: decodeXml(f) } : undefined;
      const s = sst[Number(v)];
      cell = { value: s === undefined ? null : s };
      break;
    }
    case 'str':
      cell = { value: v === null ? null : flat(decodeOoxmlText(v)) };
      break;
    case 'inlineStr':
      cell = { value: is !== null ? flat(decodeOoxmlText(is)) : v !== null ? flat(decodeOoxmlText(v)) : null };
      break;
    case 'b':
      if (v === null) return f !== null ? { value: null, formula: decodeXml(f) } : undefined;
      cell = { value: v.trim() === '1' || v.trim() === 'true' };
      break;
    case 'e':
      cell = { value: null, error: v === null ? '#N/A' : decodeXml(v).trim() };
      break;
    case 'd':
      if (v === null) return undefined;
      cell = { value: decodeXml(v), isDate: true };
      break;
    default: {
      if (v === null || v.trim() === '') {
        if (f === null) return undefined;
        cell = { value: null };
      } else {
        const n = Number(v);
        cell = { value: Number.isFinite(n) ? n : decodeXml(v) };
        if (typeof cell.value === 'number' && dateStyles[style]) cell.isDate = true;
      }
    }
  }
  if (f !== null) cell.formula = decodeXml(f);
  return cell;
}

/** 'AB12' → 0-based column (27), reading letters only; -1 when there are none. */
export function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : col - 1;
}

/** 'AB12' → 0-based row (11); -1 when there is no valid row number. */
export function rowOf(ref: string): number {
  let i = 0;
  while (i < ref.length && ref.charCodeAt(i) > 57) i++;
  const n = Number(ref.slice(i));
  return Number.isInteger(n) && n > 0 ? n - 1 : -1;
}

/** The 0-based column of the cell reference starting at xml[at] ('AB12"' → 27), read in place. */
export function columnAt(xml: string, at: number): number {
  let c = 0;
  for (let k = at; ; k++) {
    const ch = xml.charCodeAt(k);
    if (ch >= 65 && ch <= 90) c = c * 26 + (ch - 64);
    else if (ch >= 97 && ch <= 122) c = c * 26 + (ch - 96);
    else break;
  }
  return c - 1;
}

/** 'B2:A1' → the normalised rectangle; null when either corner is not an address. */
export function parseRange(ref: string): GridMerge | null {
  const [a, b = a] = ref.split(':');
  const r0 = rowOf(a);
  const c0 = columnOf(a);
  const r1 = rowOf(b);
  const c1 = columnOf(b);
  if (r0 < 0 || c0 < 0 || r1 < 0 || c1 < 0) return null;
  return { r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) };
}
