/**
 * A direct SpreadsheetML writer for WorkbookModel: strings are built part by part and
 * deflated as they are produced into a streaming zip (zip.ts ZipWriter: node's native zlib
 * under node, fflate in the browser), once, so large rollup and provenance sheets write in a
 * fraction of ExcelJS's time and memory. Bulk value rows (`appendRows`) are generated while
 * their sheet is written, never held whole. Covers every SheetModel feature: values (text always as text), formulas with
 * cached values, styles and number formats, column widths, merges, freeze panes, data
 * validation, protection without password, sheet states, A4 print setup, conditional
 * formatting (top/bottom N, expression) and comments. Charts are added afterwards by
 * chart.ts (it finds sheets through workbook.xml and its rels, as written here).
 */
import { ZipWriter } from './zip.js';
import {
  a1,
  columnLetters,
  quoteSheetName,
  cellValueForWrite,
  type CellModel,
  type CellStyle,
  type ConditionalRule,
  type DataValidation,
  type SheetModel,
  type WorkbookModel,
} from '../../core/sheet-model.js';

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Fixed document date and zip entry time: the same model gives the same bytes. */
export const NATIVE_DOC_DATE = '2024-01-01T00:00:00Z';
const ZIP_MTIME = new Date(2024, 0, 1, 0, 0, 0);

// ---------------------------------------------------------------------------------------
// Escaping

const XML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Attribute or element text with XML's special characters escaped. */
export function escXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => XML_ESC[c]);
}

/**
 * Cell text: XML-escaped, characters XML cannot carry written as OOXML _xHHHH_ escapes,
 * and a literal "_xHHHH_" protected as "_x005F_xHHHH_" so it reads back unchanged.
 */
function escCellText(s: string): string {
  let t = s;
  if (t.includes('_x')) t = t.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  t = t.replace(
    // eslint-disable-next-line no-control-regex
    /[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]/g,
    (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  );
  // Lone surrogates cannot be written in UTF-8 XML.
  t = t.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return escXml(t);
}

function tElement(s: string): string {
  const preserve = /^\s|\s$|\n/.test(s);
  return `<t${preserve ? ' xml:space="preserve"' : ''}>${escCellText(s)}</t>`;
}

/** A number in an attribute or validation bound (widths, limits); cell values go through cellValueForWrite. */
function num(v: number): string {
  return Number.isFinite(v) ? String(v) : '0';
}

// ---------------------------------------------------------------------------------------
// Styles

const BUILTIN_FORMATS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '@': 49,
};

class Styles {
  private fonts: string[] = ['<font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'];
  private fontIx = new Map<string, number>([[this.fonts[0], 0]]);
  private fills: string[] = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private fillIx = new Map<string, number>();
  private borders: string[] = ['<border><left/><right/><top/><bottom/><diagonal/></border>'];
  private borderIx = new Map<string, number>();
  private numFmts: string[] = [];
  private numFmtIx = new Map<string, number>();
  private xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private xfIx = new Map<string, number>();
  private byStyle = new Map<string, number>();
  private dxfs: string[] = [];

  private intern(list: string[], ix: Map<string, number>, xml: string): number {
    let i = ix.get(xml);
    if (i === undefined) {
      i = list.length;
      list.push(xml);
      ix.set(xml, i);
    }
    return i;
  }

  numFmtId(code: string): number {
    if (code in BUILTIN_FORMATS) return BUILTIN_FORMATS[code];
    let id = this.numFmtIx.get(code);
    if (id === undefined) {
      id = 164 + this.numFmts.length;
      this.numFmts.push(`<numFmt numFmtId="${id}" formatCode="${escXml(code)}"/>`);
      this.numFmtIx.set(code, id);
    }
    return id;
  }

  private fontXml(s: CellStyle, forDxf = false): string {
    let x = '<font>';
    if (s.bold) x += '<b/>';
    if (s.italic) x += '<i/>';
    if (!forDxf) x += `<sz val="${s.fontSize ?? 11}"/>`;
    if (s.color) x += `<color rgb="FF${s.color.toUpperCase()}"/>`;
    if (!forDxf) x += '<name val="等线"/><family val="2"/><charset val="134"/>';
    return x + '</font>';
  }

  private byObject = new WeakMap<CellStyle, number>();

  /** The cellXfs index of a style (0 for none). Models reuse style objects: look those up first. */
  xf(s: CellStyle | undefined): number {
    if (!s) return 0;
    const same = this.byObject.get(s);
    if (same !== undefined) return same;
    const i = this.xfByValue(s);
    this.byObject.set(s, i);
    return i;
  }

  private xfByValue(s: CellStyle): number {
    const key = JSON.stringify(s);
    const known = this.byStyle.get(key);
    if (known !== undefined) return known;
    const fontId = s.bold || s.italic || s.color || s.fontSize ? this.intern(this.fonts, this.fontIx, this.fontXml(s)) : 0;
    const fillId = s.fill
      ? this.intern(
          this.fills,
          this.fillIx,
          `<fill><patternFill patternType="solid"><fgColor rgb="FF${s.fill.toUpperCase()}"/><bgColor indexed="64"/></patternFill></fill>`,
        )
      : 0;
    const borderId = s.border
      ? this.intern(
          this.borders,
          this.borderIx,
          '<border>' +
            ['left', 'right', 'top', 'bottom'].map((side) => `<${side} style="thin"><color rgb="FFBFBFBF"/></${side}>`).join('') +
            '<diagonal/></border>',
        )
      : 0;
    const numFmtId = s.numFmt ? this.numFmtId(s.numFmt) : 0;
    let attrs = `numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"`;
    if (numFmtId) attrs += ' applyNumberFormat="1"';
    if (fontId) attrs += ' applyFont="1"';
    if (fillId) attrs += ' applyFill="1"';
    if (borderId) attrs += ' applyBorder="1"';
    let children = '';
    if (s.hAlign || s.vAlign || s.wrap) {
      attrs += ' applyAlignment="1"';
      const v = s.vAlign === 'middle' ? 'center' : s.vAlign;
      children += `<alignment${s.hAlign ? ` horizontal="${s.hAlign}"` : ''}${v ? ` vertical="${v}"` : ''}${s.wrap ? ' wrapText="1"' : ''}/>`;
    }
    if (s.locked === false) {
      attrs += ' applyProtection="1"';
      children += '<protection locked="0"/>';
    }
    const xml = children ? `<xf ${attrs}>${children}</xf>` : `<xf ${attrs}/>`;
    const i = this.intern(this.xfs, this.xfIx, xml);
    this.byStyle.set(key, i);
    return i;
  }

  /** A differential format for conditional formatting. */
  dxf(s: CellStyle): number {
    let x = '<dxf>';
    if (s.bold || s.italic || s.color) x += this.fontXml(s, true);
    if (s.numFmt) x += `<numFmt numFmtId="${this.numFmtId(s.numFmt)}" formatCode="${escXml(s.numFmt)}"/>`;
    if (s.fill) x += `<fill><patternFill patternType="solid"><bgColor rgb="FF${s.fill.toUpperCase()}"/></patternFill></fill>`;
    x += '</dxf>';
    this.dxfs.push(x);
    return this.dxfs.length - 1;
  }

  xml(): string {
    const list = (tag: string, items: string[]) => (items.length ? `<${tag} count="${items.length}">${items.join('')}</${tag}>` : '');
    return (
      XML_HEAD +
      `<styleSheet xmlns="${NS_MAIN}">` +
      list('numFmts', this.numFmts) +
      list('fonts', this.fonts) +
      list('fills', this.fills) +
      list('borders', this.borders) +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      list('cellXfs', this.xfs) +
      '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>' +
      `<dxfs count="${this.dxfs.length}">${this.dxfs.join('')}</dxfs>` +
      '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '</styleSheet>'
    );
  }
}

// ---------------------------------------------------------------------------------------
// Shared strings

class SharedStrings {
  private ix = new Map<string, number>();
  private items: string[] = [];
  count = 0;
  id(s: string): number {
    this.count++;
    let i = this.ix.get(s);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(`<si>${tElement(s)}</si>`);
      this.ix.set(s, i);
    }
    return i;
  }
  get size(): number {
    return this.items.length;
  }
  xml(): string {
    return XML_HEAD + `<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.items.length}">${this.items.join('')}</sst>`;
  }
}

// ---------------------------------------------------------------------------------------
// Sheets

function cellXml(ref: string, m: CellModel, s: number, sst: SharedStrings): string {
  const sAttr = s ? ` s="${s}"` : '';
  const isFormula = m.formula !== undefined;
  const f = isFormula ? `<f>${escXml(m.formula!.startsWith('=') ? m.formula!.slice(1) : m.formula!)}</f>` : '';
  // The value rule (blank; "" for a formula without a figure; #NUM! for a non-finite number) is sheet-model's.
  const w = cellValueForWrite(m.value, isFormula);
  switch (w.type) {
    case 'blank':
      return s ? `<c r="${ref}"${sAttr}/>` : '';
    case 'number':
      return `<c r="${ref}"${sAttr}>${f}<v>${w.value}</v></c>`;
    case 'boolean':
      return `<c r="${ref}"${sAttr} t="b">${f}<v>${w.value ? 1 : 0}</v></c>`;
    case 'error':
      return `<c r="${ref}"${sAttr} t="e">${f}<v>${escXml(w.value)}</v></c>`;
    case 'text':
      // A formula's text result is cached inline (t="str"; "" as <v></v>). Constant text is a
      // shared string, never a formula: '=HYPERLINK(...)' stays text.
      return isFormula
        ? `<c r="${ref}"${sAttr} t="str">${f}<v>${escCellText(w.value)}</v></c>`
        : `<c r="${ref}"${sAttr} t="s"><v>${sst.id(w.value)}</v></c>`;
  }
}

function validationXml(v: DataValidation, sqref: string): string {
  let attrs = `type="${v.type}"`;
  let formulas = '';
  if (v.type === 'list') {
    formulas = `<formula1>${escXml(`"${(v.list ?? []).map((x) => x.replace(/"/g, '""')).join(',')}"`)}</formula1>`;
  } else {
    const op = v.operator ?? 'greaterThanOrEqual';
    if (op !== 'between') attrs += ` operator="${op}"`;
    if (op === 'between') formulas = `<formula1>${num(v.min ?? 0)}</formula1><formula2>${num(v.max ?? 0)}</formula2>`;
    else if (op === 'lessThanOrEqual') formulas = `<formula1>${num(v.max ?? 0)}</formula1>`;
    else formulas = `<formula1>${num(v.min ?? v.max ?? 0)}</formula1>`;
  }
  if (v.allowBlank) attrs += ' allowBlank="1"';
  if (v.prompt) attrs += ` showInputMessage="1" prompt="${escXml(v.prompt)}"`;
  attrs += ' showErrorMessage="1"';
  if (v.errorTitle) attrs += ` errorTitle="${escXml(v.errorTitle)}"`;
  if (v.error) attrs += ` error="${escXml(v.error)}"`;
  return `<dataValidation ${attrs} sqref="${sqref}">${formulas}</dataValidation>`;
}

/** Equal validations grouped into rectangles (row-major): [range, key]. */
function validationRanges(keys: Map<number, string>): [string, string][] {
  const out: [string, string][] = [];
  const done = new Set<number>();
  const order = [...keys.keys()].sort((a, b) => a - b);
  const W = 16384;
  for (const start of order) {
    if (done.has(start)) continue;
    const key = keys.get(start)!;
    const r0 = Math.floor(start / W);
    const c0 = start % W;
    let r1 = r0;
    while (keys.get((r1 + 1) * W + c0) === key && !done.has((r1 + 1) * W + c0)) r1++;
    let c1 = c0;
    const columnMatches = (c: number) => {
      for (let r = r0; r <= r1; r++) if (keys.get(r * W + c) !== key || done.has(r * W + c)) return false;
      return true;
    };
    while (columnMatches(c1 + 1)) c1++;
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) done.add(r * W + c);
    out.push([r0 === r1 && c0 === c1 ? a1(r0, c0) : `${a1(r0, c0)}:${a1(r1, c1)}`, key]);
  }
  return out;
}

interface SheetParts {
  /** Everything before <sheetData>. */
  head: string;
  /** The model's <row> elements. */
  rows: string[];
  /** 0-based index of the last row written from the model (-1: none). */
  maxRow: number;
  /** Everything after </sheetData>. */
  tail: string;
  comments?: { xml: string; vml: string };
}

function cfRuleXml(rule: ConditionalRule, dxfId: number, priority: number): string {
  if (rule.type === 'expression')
    return `<cfRule type="expression" dxfId="${dxfId}" priority="${priority}"><formula>${escXml(rule.formula)}</formula></cfRule>`;
  return `<cfRule type="top10" dxfId="${dxfId}" priority="${priority}" rank="${rule.rank}"${rule.type === 'bottom' ? ' bottom="1"' : ''}/>`;
}

function sheetXml(sm: SheetModel, styles: Styles, sst: SharedStrings, selected: boolean, sheetNo: number, bulk: boolean): SheetParts {
  const rowsXml: string[] = [];
  const hiddenRows = new Set(sm.hiddenRows ?? []);
  const dvKeys = new Map<number, string>();
  const dvByKey = new Map<string, DataValidation>();
  const comments: { ref: string; row: number; col: number; text: string }[] = [];
  let maxRow = -1;
  let maxCol = -1;
  for (let r = 0; r < sm.rows.length; r++) {
    const row = sm.rows[r];
    if (!row) continue;
    let cells = '';
    for (let c = 0; c < row.length; c++) {
      const m = row[c];
      if (!m) continue;
      const ref = a1(r, c);
      const x = cellXml(ref, m, styles.xf(m.style), sst);
      if (x) {
        cells += x;
        if (c > maxCol) maxCol = c;
      }
      if (m.validation) {
        const key = JSON.stringify(m.validation);
        dvKeys.set(r * 16384 + c, key);
        if (!dvByKey.has(key)) dvByKey.set(key, m.validation);
      }
      if (m.comment) comments.push({ ref, row: r, col: c, text: m.comment });
    }
    const ht = sm.rowHeights?.[r];
    const hide = hiddenRows.has(r);
    if (cells || ht || hide) {
      rowsXml.push(`<row r="${r + 1}"${ht ? ` ht="${num(ht)}" customHeight="1"` : ''}${hide ? ' hidden="1"' : ''}>${cells}</row>`);
      maxRow = r;
    }
  }
  const fit = sm.print?.fitToWidth || (sm.print?.fitToHeight ? 1 : 0);
  let x = XML_HEAD + `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">`;
  if (fit) x += '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
  // With appended rows the last row is known only at the end: the dimension (optional in OOXML) is left out.
  if (!bulk) x += `<dimension ref="${maxRow < 0 ? 'A1' : `A1:${a1(maxRow, Math.max(maxCol, 0))}`}"/>`;
  x += `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">`;
  const fr = sm.freeze;
  if (fr && (fr.rows > 0 || fr.cols > 0)) {
    const pane = fr.rows > 0 && fr.cols > 0 ? 'bottomRight' : fr.rows > 0 ? 'bottomLeft' : 'topRight';
    x += `<pane${fr.cols > 0 ? ` xSplit="${fr.cols}"` : ''}${fr.rows > 0 ? ` ySplit="${fr.rows}"` : ''} topLeftCell="${a1(fr.rows, fr.cols)}" activePane="${pane}" state="frozen"/>`;
    x += `<selection pane="${pane}" activeCell="${a1(fr.rows, fr.cols)}" sqref="${a1(fr.rows, fr.cols)}"/>`;
  }
  x += '</sheetView></sheetViews>';
  x += '<sheetFormatPr defaultRowHeight="14.25"/>';
  const widths = sm.columnWidths ?? [];
  const hidden = new Set(sm.hiddenColumns ?? []);
  const colCount = Math.max(widths.length, ...[...hidden].map((c) => c + 1));
  if (widths.some((w) => w) || hidden.size) {
    x += '<cols>';
    for (let i = 0; i < colCount; i++) {
      const w = widths[i];
      if (!w && !hidden.has(i)) continue;
      x += `<col min="${i + 1}" max="${i + 1}" width="${num(w || 9)}" customWidth="1"${hidden.has(i) ? ' hidden="1"' : ''}/>`;
    }
    x += '</cols>';
  }
  const head = x;
  x = '';
  if (sm.protect) x += '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0"/>';
  if (sm.merges?.length)
    x += `<mergeCells count="${sm.merges.length}">${sm.merges.map((m) => `<mergeCell ref="${escXml(m)}"/>`).join('')}</mergeCells>`;
  let priority = 1;
  for (const cf of sm.conditionalFormats ?? []) {
    x += `<conditionalFormatting sqref="${escXml(cf.range)}">${cfRuleXml(cf.rule, styles.dxf(cf.rule.style), priority++)}</conditionalFormatting>`;
  }
  const ranges = validationRanges(dvKeys);
  if (ranges.length)
    x += `<dataValidations count="${ranges.length}">${ranges.map(([sq, key]) => validationXml(dvByKey.get(key)!, sq)).join('')}</dataValidations>`;
  x += '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>';
  if (sm.print) {
    const wide = fit === true ? 1 : fit || 0;
    const tall = sm.print.fitToHeight ?? 0;
    x += `<pageSetup paperSize="9" orientation="${sm.print.orientation}"${fit ? ` fitToWidth="${wide}" fitToHeight="${tall}"` : ''}/>`;
    x += headerFooterXml(sm.print);
  }
  if (comments.length) x += '<legacyDrawing r:id="rIdComments2"/>';
  x += '</worksheet>';
  return { head, rows: rowsXml, maxRow, tail: x, comments: comments.length ? commentParts(comments, sheetNo) : undefined };
}

/** Print titles as the workbook's defined names (one per sheet that repeats rows or columns). */
function definedNamesXml(model: WorkbookModel): string {
  const names = model.sheets
    .map((sm, i) => ({ ref: printTitlesRef(sm), i }))
    .filter((x): x is { ref: string; i: number } => x.ref !== null)
    .map((x) => `<definedName name="_xlnm.Print_Titles" localSheetId="${x.i}">${escXml(x.ref)}</definedName>`);
  return names.length ? `<definedNames>${names.join('')}</definedNames>` : '';
}

/** The printed page's header (the title) and footer (第 &P 页 共 &N 页, and a note such as 示例数据). */
function headerFooterXml(p: NonNullable<SheetModel['print']>): string {
  // In header/footer codes & starts a field: a literal ampersand is written &&.
  const lit = (t: string) => escXml(t.replace(/&/g, '&&'));
  const head = p.header ? `<oddHeader>&amp;C${lit(p.header)}</oddHeader>` : '';
  const foot = `<oddFooter>${p.footerNote ? `&amp;L${lit(p.footerNote)}` : ''}&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>`;
  return `<headerFooter>${head}${foot}</headerFooter>`;
}

/** _xlnm.Print_Titles of a sheet (columns, then rows, as Excel writes them), or null. */
export function printTitlesRef(sm: SheetModel): string | null {
  const p = sm.print;
  if (!p || (!p.titleRows && !p.titleColumns)) return null;
  const q = quoteSheetName(sm.name);
  const parts: string[] = [];
  if (p.titleColumns) parts.push(`${q}!$${columnLetters(p.titleColumns[0])}:$${columnLetters(p.titleColumns[1])}`);
  if (p.titleRows) parts.push(`${q}!$${p.titleRows[0] + 1}:$${p.titleRows[1] + 1}`);
  return parts.join(',');
}

function commentParts(list: { ref: string; row: number; col: number; text: string }[], sheetNo: number): { xml: string; vml: string } {
  const xml =
    XML_HEAD +
    `<comments xmlns="${NS_MAIN}"><authors><author>STI Rollup</author></authors><commentList>` +
    list.map((c) => `<comment ref="${c.ref}" authorId="0"><text>${tElement(c.text)}</text></comment>`).join('') +
    '</commentList></comments>';
  const shapes = list
    .map(
      (c, i) =>
        `<v:shape id="_x0000_s${sheetNo * 1024 + 1 + i}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:144pt;height:60pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
        '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
        `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${c.col + 1}, 15, ${c.row}, 2, ${c.col + 4}, 15, ${c.row + 4}, 16</x:Anchor>` +
        `<x:AutoFill>False</x:AutoFill><x:Row>${c.row}</x:Row><x:Column>${c.col}</x:Column></x:ClientData></v:shape>`,
    )
    .join('');
  const vml =
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${sheetNo}"/></o:shapelayout>` +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    shapes +
    '</xml>';
  return { xml, vml };
}

function rels(list: { id: string; type: string; target: string }[]): string {
  return (
    XML_HEAD +
    `<Relationships xmlns="${NS_PKG_REL}">${list.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${escXml(r.target)}"/>`).join('')}</Relationships>`
  );
}

// ---------------------------------------------------------------------------------------
// Appended rows: plain values streamed after a sheet's model rows

export type AppendValue = string | number | boolean | null | undefined;

/** Value-only rows written after a sheet's model rows, generated while that sheet is written. */
export interface AppendRows {
  /** Sheet name (as in the model). */
  sheet: string;
  /** 0-based row of the first appended row; at or after the model's last written row. */
  start: number;
  rows: Iterable<AppendValue[]>;
}

export interface NativeWriteOptions {
  /** Bulk rows (hundreds of thousands for a large city) streamed into their sheets' XML. */
  appendRows?: readonly AppendRows[];
}

// XML 1.0 forbids most control characters; they cannot come from a cell anyway.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// Most texts (names, codes) need no change: one test instead of four replaces.
// eslint-disable-next-line no-control-regex
const NEEDS_APPEND_ESC = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const escAppendText = (t: string): string =>
  NEEDS_APPEND_ESC.test(t) ? t.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : t;

const columnLetterCache: string[] = [];
function columnLetter(c: number): string {
  let l = columnLetterCache[c];
  if (l === undefined) {
    l = a1(0, c).slice(0, -1);
    columnLetterCache[c] = l;
  }
  return l;
}

/** One appended row: numbers, booleans, text as inline strings, errors; blanks left out; no style (values by cellValueForWrite). */
function appendRowXml(values: AppendValue[], rowNo: number): string {
  let x = `<row r="${rowNo}">`;
  for (let ci = 0; ci < values.length; ci++) {
    const v = values[ci];
    // Hundreds of thousands of rows: blanks, text and finite numbers (cellValueForWrite's rule
    // for them) are written inline; anything else goes through cellValueForWrite itself.
    if (v === null || v === undefined || v === '') continue;
    const ref = columnLetter(ci) + rowNo;
    if (typeof v === 'string') x += `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escAppendText(v)}</t></is></c>`;
    else if (typeof v === 'number' && Number.isFinite(v)) x += `<c r="${ref}"><v>${v}</v></c>`;
    else {
      const w = cellValueForWrite(v);
      if (w.type === 'boolean') x += `<c r="${ref}" t="b"><v>${w.value ? 1 : 0}</v></c>`;
      else if (w.type === 'error') x += `<c r="${ref}" t="e"><v>${escXml(w.value)}</v></c>`;
    }
  }
  return x + '</row>';
}

/** Text gathered before it is encoded and deflated. */
const BATCH_CHARS = 1 << 20;
/** Deflate levels: small parts 6; large parts 3 (about twice as fast for about the same size); sheets with appended rows 1. */
const LEVEL_SMALL = 6;
const LEVEL_LARGE = 3;
const LEVEL_BULK = 1;

/** Render a model as .xlsx bytes, directly, in one pass through a streaming zip. */
export function writeXlsxNative(model: WorkbookModel, options: NativeWriteOptions = {}): Uint8Array {
  if (model.sheets.length === 0) throw new Error('工作簿至少需要一个工作表');
  const seen = new Set<string>();
  for (const s of model.sheets) {
    if (!s.name || s.name.length > 31 || /[\\/?*[\]:]/.test(s.name))
      throw new Error(`工作表名称不合法：“${s.name}”（不超过31个字符，不含 \\ / ? * [ ] :）`);
    const k = s.name.toLowerCase();
    if (seen.has(k)) throw new Error(`工作表名称重复：${s.name}`);
    seen.add(k);
  }
  const appendBySheet = new Map<string, AppendRows[]>();
  for (const a of options.appendRows ?? []) {
    if (!model.sheets.some((s) => s.name === a.sheet)) throw new Error(`追加行的工作表不存在：${a.sheet}`);
    appendBySheet.set(a.sheet, [...(appendBySheet.get(a.sheet) ?? []), a]);
  }
  const styles = new Styles();
  const sst = new SharedStrings();
  let active = model.sheets.findIndex((s) => (s.state ?? 'visible') === 'visible');
  if (active < 0) throw new Error('工作簿至少需要一个可见的工作表');
  const hasComments = model.sheets.map((sm) => sm.rows.some((row) => row?.some((m) => m?.comment)));
  const anyComments = hasComments.some(Boolean);
  const overrides: string[] = [];
  model.sheets.forEach((_, i) => {
    const n = i + 1;
    overrides.push(
      `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    );
    if (hasComments[i])
      overrides.push(
        `<Override PartName="/xl/comments${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>`,
      );
  });
  const types =
    XML_HEAD +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    (anyComments ? '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>' : '') +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    overrides.join('') +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    '</Types>';
  const zip = new ZipWriter(ZIP_MTIME);
  const put = (name: string, text: string) => zip.add(name, text, text.length > 1_000_000 ? LEVEL_LARGE : LEVEL_SMALL);
  // [Content_Types].xml first, as Excel writes it.
  put('[Content_Types].xml', types);
  model.sheets.forEach((sm, i) => {
    const n = i + 1;
    const appends = appendBySheet.get(sm.name);
    const parts = sheetXml(sm, styles, sst, i === active, n, appends !== undefined);
    const name = `xl/worksheets/sheet${n}.xml`;
    if (!appends) {
      let length = parts.head.length + parts.tail.length + 24;
      for (const r of parts.rows) length += r.length;
      const entry = zip.entry(name, length > 1_000_000 ? LEVEL_LARGE : LEVEL_SMALL);
      const rest = writeRows(entry, parts.head + (parts.rows.length ? '<sheetData>' : '<sheetData/>'), parts.rows).text;
      entry.push(rest + (parts.rows.length ? '</sheetData>' : '') + parts.tail);
      entry.end();
    } else {
      const entry = zip.entry(name, LEVEL_BULK);
      const batch = writeRows(entry, parts.head + '<sheetData>', parts.rows);
      let text = batch.text;
      let next = parts.maxRow + 1;
      for (const a of appends) {
        if (a.start < next) throw new Error(`追加行与已有行重叠：${sm.name} 第 ${a.start + 1} 行`);
        let rowNo = a.start;
        for (const values of a.rows) {
          rowNo++;
          text += appendRowXml(values, rowNo);
          if (text.length > BATCH_CHARS) {
            entry.push(text);
            text = '';
          }
        }
        next = rowNo;
      }
      entry.push(text + '</sheetData>' + parts.tail);
      entry.end();
    }
    if (parts.comments) {
      put(`xl/comments${n}.xml`, parts.comments.xml);
      put(`xl/drawings/vmlDrawing${n}.vml`, parts.comments.vml);
      put(
        `xl/worksheets/_rels/sheet${n}.xml.rels`,
        rels([
          { id: 'rIdComments1', type: `${REL}/comments`, target: `../comments${n}.xml` },
          { id: 'rIdComments2', type: `${REL}/vmlDrawing`, target: `../drawings/vmlDrawing${n}.vml` },
        ]),
      );
    }
  });
  active = Math.max(0, active);
  const sheetsXml = model.sheets
    .map(
      (s, i) =>
        `<sheet name="${escXml(s.name)}" sheetId="${i + 1}"${s.state && s.state !== 'visible' ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`,
    )
    .join('');
  put(
    'xl/workbook.xml',
    XML_HEAD +
      `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><workbookPr/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300" activeTab="${active}"/></bookViews>` +
      `<sheets>${sheetsXml}</sheets>${definedNamesXml(model)}<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>`,
  );
  const n = model.sheets.length;
  put(
    'xl/_rels/workbook.xml.rels',
    rels([
      ...model.sheets.map((_, i) => ({ id: `rId${i + 1}`, type: `${REL}/worksheet`, target: `worksheets/sheet${i + 1}.xml` })),
      { id: `rId${n + 1}`, type: `${REL}/styles`, target: 'styles.xml' },
      { id: `rId${n + 2}`, type: `${REL}/sharedStrings`, target: 'sharedStrings.xml' },
    ]),
  );
  put('xl/sharedStrings.xml', sst.xml());
  put('xl/styles.xml', styles.xml());
  const title = model.properties?.title;
  const creator = model.properties?.creator ?? 'STI Rollup 科技指标汇总助手';
  put(
    'docProps/core.xml',
    XML_HEAD +
      '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      (title ? `<dc:title>${escXml(title)}</dc:title>` : '') +
      `<dc:creator>${escXml(creator)}</dc:creator><cp:lastModifiedBy>${escXml(creator)}</cp:lastModifiedBy>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${NATIVE_DOC_DATE}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${NATIVE_DOC_DATE}</dcterms:modified>` +
      '</cp:coreProperties>',
  );
  put(
    'docProps/app.xml',
    XML_HEAD +
      '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
      `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>工作表</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
      `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${model.sheets.map((s) => `<vt:lpstr>${escXml(s.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
      '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>',
  );
  put(
    '_rels/.rels',
    rels([
      { id: 'rId1', type: `${REL}/officeDocument`, target: 'xl/workbook.xml' },
      {
        id: 'rId2',
        type: 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
        target: 'docProps/core.xml',
      },
      { id: 'rId3', type: `${REL}/extended-properties`, target: 'docProps/app.xml' },
    ]),
  );
  return zip.finish();
}

/**
 * Push a head and row elements in batches of about BATCH_CHARS; returns the text not yet
 * pushed (the caller ends the entry with it).
 */
function writeRows(entry: { push(text: string): void }, head: string, rows: string[]): { text: string } {
  let text = head;
  for (const r of rows) {
    text += r;
    if (text.length > BATCH_CHARS) {
      entry.push(text);
      text = '';
    }
  }
  return { text };
}
