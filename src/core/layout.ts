/**
 * How generated sheets read and print (issue 11 §2): column widths from the content, row
 * heights for wrapped headers, and the print setup every output sheet gets. One rule, used by
 * the builders and by the test that checks every cell written fits its column:
 *
 * - a cell's shown text is its value formatted by its number format (Excel rounding, never toFixed);
 * - CJK and full-width characters count 2 width units, others 1 (Excel's width unit is one digit);
 * - a column is as wide as its widest cell plus padding, between MIN_WIDTH and MAX_WIDTH;
 * - a wrapped cell (headers) takes at most WRAP_WIDTH and its row gets the lines it needs;
 * - text may run on into empty cells to its right (as Excel and LibreOffice draw it); a number never does;
 *   text in a merge (titles, notes) never leaves it, so text that does not fit its merge wraps.
 */
import { excelRound } from './round.js';
import { parseA1, type CellModel, type PrintSetup, type SheetModel } from './sheet-model.js';

export const MIN_WIDTH = 4;
export const MAX_WIDTH = 50;
/** A wrapped header cell asks at most this much of its column. */
export const WRAP_WIDTH = 12;
/** Padding added to the widest text (cell margins, a bold or larger font). */
export const PADDING = 2;
/** Points per printed line of 11-point text, and per line of a larger (title) font. */
export const LINE_HEIGHT = 15;

/** Display width of text: CJK, full-width forms and CJK punctuation count 2. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w += c >= 0x2e80 || (c >= 0x2000 && c <= 0x206f && ch !== ' ') || (c >= 0x2190 && c <= 0x27bf) ? 2 : 1;
  }
  return w;
}

/** Width of the longest line, in units of the default 11-point font (a smaller or larger font scales it). */
const linesWidth = (text: string, fontSize = 11): number => (Math.max(0, ...text.split('\n').map(textWidth)) * fontSize) / 11;

/** The width a cell's shown text needs, in column width units (its font size counted). */
export function cellTextWidth(cell: CellModel | null | undefined): number {
  return linesWidth(shownText(cell), cell?.style?.fontSize ?? 11);
}

/** Digits of |x| rounded (Excel's ROUND) to `decimals`, with thousands separators when asked. */
function fixedDigits(x: number, decimals: number, grouping: boolean): string {
  const r = Math.abs(excelRound(x, decimals));
  const s = r.toString();
  if (/e/i.test(s)) return s;
  const [i, f = ''] = s.split('.');
  const int = grouping ? i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : i;
  return decimals > 0 ? `${int}.${(f + '0'.repeat(decimals)).slice(0, decimals)}` : int;
}

/** The text a number shows under a number format (the formats this product writes: 0, 0.00, #,##0.0, 0.0%, literals, colours, sections). */
export function formatNumberText(v: number, numFmt: string | undefined): string {
  if (!Number.isFinite(v)) return '#NUM!';
  const fmt = numFmt ?? 'General';
  if (fmt === 'General' || fmt === '@') return String(Number(v.toPrecision(10)));
  const sections = fmt.split(';');
  const section = v < 0 && sections[1] !== undefined ? sections[1] : v === 0 && sections[2] !== undefined ? sections[2] : sections[0];
  const showMinus = v < 0 && sections[1] === undefined;
  const body = section.replace(/\[[^\]]*\]/g, '');
  const m = /[#0][#0,]*(\.[0#]+)?%?/.exec(body.replace(/"[^"]*"/g, (q) => 'Q'.repeat(q.length)));
  const literal = (part: string) => part.replace(/"([^"]*)"/g, '$1').replace(/\\(.)/g, '$1');
  if (!m) return literal(body);
  const pattern = m[0];
  const decimals = (m[1] ?? '.').length - 1;
  const percent = pattern.endsWith('%');
  const digits = fixedDigits(percent ? v * 100 : v, decimals, pattern.includes(','));
  return `${showMinus ? '-' : ''}${literal(body.slice(0, m.index))}${digits}${percent ? '%' : ''}${literal(body.slice(m.index + pattern.length))}`;
}

/** Formats whose shown text is not monotone in the magnitude (fitSheet measures those cells one by one). */
const GENERAL_FORMATS = new Set(['General', '@']);

/** The text a cell shows (its value, or a formula's cached value). */
export function shownText(cell: CellModel | null | undefined): string {
  const v = cell?.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumberText(v, cell?.style?.numFmt);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

interface Merge {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

function mergesOf(sheet: SheetModel): Merge[] {
  return (sheet.merges ?? []).flatMap((m) => {
    const [a, b] = m.split(':');
    const p0 = parseA1(a);
    const p1 = parseA1(b ?? a);
    return p0 && p1 ? [{ r0: p0.row, c0: p0.col, r1: p1.row, c1: p1.col }] : [];
  });
}

const isText = (cell: CellModel | null | undefined): boolean => typeof cell?.value === 'string';
const isEmpty = (cell: CellModel | null | undefined): boolean => cell?.value === undefined || cell?.value === null || cell?.value === '';

/**
 * The width a cell's text may use: its column (or its merge), plus, for unwrapped text, the
 * empty cells to its right it runs on into.
 */
export function availableWidth(sheet: SheetModel, widths: readonly number[], r: number, c: number, merges = mergesOf(sheet)): number {
  const m = merges.find((x) => x.r0 === r && x.c0 === c);
  const last = m ? m.c1 : c;
  let w = 0;
  for (let k = c; k <= last; k++) w += widths[k] ?? 8.43;
  const cell = sheet.rows[r]?.[c];
  // Text runs on into empty neighbours, but never out of a merge (Excel and LibreOffice clip it there).
  if (isText(cell) && !cell?.style?.wrap && !m) {
    const row = sheet.rows[r] ?? [];
    const cols = Math.max(row.length, widths.length);
    const coveredByMerge = (k: number) => merges.some((x) => x.r0 <= r && r <= x.r1 && x.c0 <= k && k <= x.c1);
    for (let k = last + 1; k < cols && isEmpty(row[k]) && !coveredByMerge(k); k++) w += widths[k] ?? 8.43;
  }
  return w;
}

/**
 * Column widths and row heights from the content (see the module comment). `keep` columns keep the
 * width the builder gave (e.g. a column whose rows are streamed later); `wrapWidths` lets wrapped
 * body text in a column (messages, reasons) ask for more than a header's WRAP_WIDTH.
 */
export function fitSheet(sheet: SheetModel, options: { keep?: number[]; wrapWidths?: Record<number, number> } = {}): SheetModel {
  const merges = mergesOf(sheet);
  const keep = new Set(options.keep ?? []);
  const need: number[] = [];
  const wideMerges = merges.filter((m) => m.c1 > m.c0);
  // Most rows (every body row of a large sheet) cross no merge across columns: they skip the search.
  const mergedRows = new Set<number>();
  for (const m of wideMerges) for (let r = m.r0; r <= m.r1; r++) mergedRows.add(r);
  const inMultiColumnMerge = (r: number, c: number) =>
    mergedRows.has(r) && wideMerges.some((m) => m.r0 <= r && r <= m.r1 && m.c0 <= c && c <= m.c1);
  const hiddenRows = new Set(sheet.hiddenRows ?? []);
  // Numbers under a fixed format are not formatted one by one: under one format (and font and wrap)
  // the widest shown text is that of the largest magnitude of its sign (rounding and grouping never
  // shorten a larger number), so each column keeps those extremes and formats only them. General
  // is not monotone (0.123456789 is wider than 1): those cells are measured one by one.
  const extremes = new Map<string, { c: number; cell: CellModel; maxPos: number; minNeg: number; zero: boolean }>();
  // The group key of a cell's column and style; a column's cells mostly share one style object, so its last key is kept.
  const lastStyle: CellModel['style'][] = [];
  const lastKey: string[] = [];
  const groupKey = (c: number, st: CellModel['style']): string => {
    if (lastKey[c] !== undefined && lastStyle[c] === st) return lastKey[c];
    lastStyle[c] = st;
    return (lastKey[c] = `${c}\u0000${st?.numFmt ?? ''}\u0000${st?.fontSize ?? 11}\u0000${st?.wrap ? 1 : 0}`);
  };
  sheet.rows.forEach((row, r) =>
    (row ?? []).forEach((cell, c) => {
      // A hidden row (the codes row) shows nothing: it does not size a column.
      if (!cell || hiddenRows.has(r) || inMultiColumnMerge(r, c)) return;
      const v = cell.value;
      const st = cell.style;
      if (typeof v === 'number' && Number.isFinite(v) && st?.numFmt && !GENERAL_FORMATS.has(st.numFmt)) {
        const key = groupKey(c, st);
        let e = extremes.get(key);
        if (!e) extremes.set(key, (e = { c, cell, maxPos: -1, minNeg: 1, zero: false }));
        if (v > 0) e.maxPos = Math.max(e.maxPos, v);
        else if (v < 0) e.minNeg = Math.min(e.minNeg, v);
        else e.zero = true;
        return;
      }
      const text = shownText(cell);
      if (!text) return;
      const w = cellTextWidth(cell) + PADDING;
      // Unwrapped text may run on to the right; only numbers (and wrapped text, up to its cap) size a column.
      if (isText(cell) && !cell.style?.wrap) {
        const next = row?.[c + 1];
        if (isEmpty(next) && !inMultiColumnMerge(r, c + 1)) return;
      }
      need[c] = Math.max(need[c] ?? 0, cell.style?.wrap ? Math.min(w, options.wrapWidths?.[c] ?? WRAP_WIDTH) : w);
    }),
  );
  for (const e of extremes.values()) {
    const values = [...(e.maxPos > 0 ? [e.maxPos] : []), ...(e.minNeg < 0 ? [e.minNeg] : []), ...(e.zero ? [0] : [])];
    for (const value of values) {
      const w = cellTextWidth({ ...e.cell, value }) + PADDING;
      need[e.c] = Math.max(need[e.c] ?? 0, e.cell.style?.wrap ? Math.min(w, options.wrapWidths?.[e.c] ?? WRAP_WIDTH) : w);
    }
  }
  const given = sheet.columnWidths ?? [];
  const cols = Math.max(need.length, given.length);
  const widths: number[] = [];
  for (let c = 0; c < cols; c++) {
    if (keep.has(c) && given[c]) widths[c] = given[c];
    else widths[c] = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, need[c] ?? given[c] ?? MIN_WIDTH));
  }
  // Unwrapped cells of a merge across columns (group headers, titles): widen the merge's last column if the text needs it.
  for (const m of merges) {
    if (m.c1 === m.c0) continue;
    const cell = sheet.rows[m.r0]?.[m.c0];
    if (!cell || cell.style?.wrap) continue;
    const w = cellTextWidth(cell) + PADDING;
    const have = availableWidth({ ...sheet, merges: sheet.merges }, widths, m.r0, m.c0, merges);
    if (w > have && !isText(cell)) widths[m.c1] = Math.min(MAX_WIDTH, widths[m.c1] + (w - have));
  }
  // Text that does not fit its merge wraps inside it (a note across the table's width).
  const rows = sheet.rows.map((row) => (row ? [...row] : row));
  for (const m of merges) {
    const cell = rows[m.r0]?.[m.c0];
    if (!cell || !isText(cell) || cell.style?.wrap) continue;
    if (cellTextWidth(cell) + PADDING > availableWidth(sheet, widths, m.r0, m.c0, merges))
      rows[m.r0]![m.c0] = { ...cell, style: { ...(cell.style ?? {}), wrap: true, vAlign: 'top' } };
  }
  sheet = { ...sheet, rows };
  // Wrapped cells: the lines they need at their width; titles in a larger font get a taller row.
  const rowHeights: Record<number, number> = { ...(sheet.rowHeights ?? {}) };
  sheet.rows.forEach((row, r) =>
    (row ?? []).forEach((cell, c) => {
      if (!cell || hiddenRows.has(r)) return;
      const size = cell.style?.fontSize ?? 11;
      // A number shows one line: at the normal size without wrapping it asks no height.
      if (typeof cell.value === 'number' && !cell.style?.wrap && size <= 11) return;
      const text = shownText(cell);
      if (!text) return;
      const lineHeight = Math.max(LINE_HEIGHT, Math.ceil(size * 1.45));
      let lines = text.split('\n').length;
      if (cell.style?.wrap) {
        const m = merges.find((x) => x.r0 === r && x.c0 === c);
        const width = availableWidth(sheet, widths, r, c, merges) - 1;
        lines = text.split('\n').reduce((a, line) => a + Math.max(1, Math.ceil((textWidth(line) * size) / 11 / Math.max(1, width))), 0);
        // A merge down several rows shares its height among them.
        if (m && m.r1 > m.r0) lines = Math.ceil(lines / (m.r1 - m.r0 + 1));
      }
      if (lines <= 1 && size <= 11) return;
      rowHeights[r] = Math.max(rowHeights[r] ?? 0, lines * lineHeight + 2);
    }),
  );
  return { ...sheet, columnWidths: widths, rowHeights };
}

/** Total width of a sheet's columns (width units). */
export function sheetWidth(sheet: SheetModel): number {
  return (sheet.columnWidths ?? []).reduce((a, w, i) => a + ((sheet.hiddenColumns ?? []).includes(i) ? 0 : w || 8.43), 0);
}

/** Page margins of every output sheet, in inches (both .xlsx writers write these). */
export const PAGE_MARGINS_INCHES = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } as const;
/** Height of an A4 page (595 × 842 pt) less the top and bottom margins, in points: landscape and portrait. */
const PRINTABLE_HEIGHT_POINTS = {
  landscape: 595 - (PAGE_MARGINS_INCHES.top + PAGE_MARGINS_INCHES.bottom) * 72,
  portrait: 842 - (PAGE_MARGINS_INCHES.top + PAGE_MARGINS_INCHES.bottom) * 72,
} as const;
/** A row's height when the sheet does not set one (Excel's default for 11-point 等线). */
const DEFAULT_ROW_POINTS = 14.25;

/** The printed height of a sheet's visible rows at 100%, in points. */
export function sheetHeightPoints(sheet: SheetModel): number {
  const hidden = new Set(sheet.hiddenRows ?? []);
  let height = 0;
  for (let r = 0; r < sheet.rows.length; r++) if (!hidden.has(r)) height += sheet.rowHeights?.[r] ?? DEFAULT_ROW_POINTS;
  return height;
}

/** Width units that print across a landscape A4 page at 100% (25 cm printable, about 7 px per unit). */
export const A4_LANDSCAPE_UNITS = 135;
/** Smallest scale fitting to width may use before a sheet is split over more pages wide (statisticians read 8-point figures). */
export const MIN_PRINT_SCALE = 0.6;

/**
 * The print setup of an output sheet: A4; landscape when the table is wider than a portrait page;
 * fitted to one page wide, or to as many pages wide as keep the scale readable; titles and unit
 * columns repeated; the title in the page header; 第 &P 页 共 &N 页 and the label (示例数据) in the footer.
 */
export function printSetup(
  sheet: SheetModel,
  options: {
    title: string;
    label?: string;
    titleRows?: [number, number];
    /**
     * Header rows repeated only when the sheet prints taller than one page. A sheet that repeats both
     * rows and columns costs LibreOffice about half a second to open, growing with the number of such
     * sheets (a city of 600 district sheets did not open in half an hour); on a sheet one page tall,
     * repeated rows print nothing different.
     */
    titleRowsIfTall?: [number, number];
    titleColumns?: [number, number];
    onePage?: boolean;
  },
): PrintSetup {
  const width = sheetWidth(sheet);
  const landscape = width > A4_LANDSCAPE_UNITS * 0.7;
  const page = landscape ? A4_LANDSCAPE_UNITS : A4_LANDSCAPE_UNITS * 0.7;
  const pagesWide = Math.max(1, Math.ceil(width / (page / MIN_PRINT_SCALE)));
  const scale = width > 0 ? Math.min(1, (pagesWide * page) / width) : 1;
  const tall = sheetHeightPoints(sheet) * scale > PRINTABLE_HEIGHT_POINTS[landscape ? 'landscape' : 'portrait'] * 0.9;
  const titleRows = options.titleRows ?? (tall ? options.titleRowsIfTall : undefined);
  return {
    orientation: landscape ? 'landscape' : 'portrait',
    paper: 'A4',
    fitToWidth: pagesWide,
    ...(options.onePage ? { fitToHeight: 1 } : {}),
    ...(titleRows ? { titleRows } : {}),
    ...(options.titleColumns ? { titleColumns: options.titleColumns } : {}),
    header: options.title,
    ...(options.label ? { footerNote: options.label } : {}),
  };
}
