/**
 * The worksheet part (xl/worksheets/sheetN.xml), both directions.
 *
 * Writing: a SheetModel as the XML before <sheetData> (views, freeze panes, columns), its
 * <row> elements (cells by the one cell builder) and the XML after (protection, merges,
 * conditional formats, data validation, page setup, header/footer, drawing, comments'
 * legacy drawing), so that bulk rows can be streamed between them.
 *
 * Reading: rows, cells, merges and hidden rows into a RowsSheetGrid, by a fast path for XML
 * as Excel, WPS, LibreOffice and this project write it and a general scanner for the rest;
 * both put cells through one SheetCells (same checks, same limits, same result).
 */
import { RowsSheetGrid, cellAddress, type GridCell, type GridMerge, type SheetState } from '../../../core/grid.js';
import { PAGE_MARGINS_INCHES } from '../../../core/layout.js';
import { a1, type CellModel, type SheetModel } from '../../../core/sheet-model.js';
import { XlsxReadError } from '../read-error.js';
import { attr, scanXml } from '../xml-scan.js';
import { NS_MAIN, NS_R, XML_HEAD, escapeXml, xmlNumber } from '../xml.js';
import { cellXml, columnAt, columnOf, makeCell, parseRange, rowOf, type SharedStringSink } from './cell.js';
import type { CommentAt } from './comments.js';
import { conditionalFormattingXml } from './conditional-format.js';
import { ValidationCollector } from './data-validation.js';
import { inlineStringText } from './shared-strings.js';
import type { Styles } from './styles.js';

// ---------------------------------------------------------------------------------------
// Writing

/** Relationship ids a worksheet's own rels use. */
export const SHEET_REL_ID = { comments: 'rIdComments1', commentsVml: 'rIdComments2', drawing: 'rIdDrawing1' } as const;

export interface WorksheetParts {
  /** Everything before <sheetData>. */
  head: string;
  /** The model's <row> elements. */
  rows: string[];
  /** 0-based index of the last row written from the model (-1: none). */
  maxRow: number;
  /** Everything after </sheetData>. */
  tail: string;
  /** The sheet's comments (notes), in row-major order. */
  comments: CommentAt[];
}

export interface WorksheetOptions {
  /** The selected tab. */
  selected: boolean;
  /** Rows will be appended after the model's: the dimension (optional in OOXML) is left out. */
  bulk: boolean;
  /** The sheet has a drawing (charts) by relationship SHEET_REL_ID.drawing. */
  drawing: boolean;
}

/** A sheet model as worksheet XML around its rows; styles and shared strings go to their tables. */
export function worksheetParts(sm: SheetModel, styles: Styles, sst: SharedStringSink, options: WorksheetOptions): WorksheetParts {
  const rowsXml: string[] = [];
  const hiddenRows = new Set(sm.hiddenRows ?? []);
  const validations = new ValidationCollector();
  const comments: CommentAt[] = [];
  let maxRow = -1;
  let maxCol = -1;
  for (let r = 0; r < sm.rows.length; r++) {
    const row = sm.rows[r];
    if (!row) continue;
    let cells = '';
    for (let c = 0; c < row.length; c++) {
      const m: CellModel | null | undefined = row[c];
      if (!m) continue;
      const ref = a1(r, c);
      const x = cellXml(ref, m.value, styles.xf(m.style), m.formula, sst);
      if (x) {
        cells += x;
        if (c > maxCol) maxCol = c;
      }
      if (m.validation) validations.add(r, c, m.validation);
      if (m.comment) comments.push({ ref, row: r, col: c, text: m.comment });
    }
    const ht = sm.rowHeights?.[r];
    const hide = hiddenRows.has(r);
    if (cells || ht || hide) {
      rowsXml.push(`<row r="${r + 1}"${ht ? ` ht="${xmlNumber(ht)}" customHeight="1"` : ''}${hide ? ' hidden="1"' : ''}>${cells}</row>`);
      maxRow = r;
    }
  }
  const fit = sm.print?.fitToWidth || (sm.print?.fitToHeight ? 1 : 0);
  let x = XML_HEAD + `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">`;
  if (fit) x += '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
  if (!options.bulk) x += `<dimension ref="${maxRow < 0 ? 'A1' : `A1:${a1(maxRow, Math.max(maxCol, 0))}`}"/>`;
  x += sheetViewsXml(sm, options.selected);
  x += '<sheetFormatPr defaultRowHeight="14.25"/>';
  x += colsXml(sm);
  const head = x;
  x = '';
  if (sm.protect) x += '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0"/>';
  if (sm.merges?.length)
    x += `<mergeCells count="${sm.merges.length}">${sm.merges.map((m) => `<mergeCell ref="${escapeXml(m)}"/>`).join('')}</mergeCells>`;
  x += conditionalFormattingXml(sm.conditionalFormats ?? [], (rule) => styles.dxf(rule.style));
  x += validations.xml();
  const m = PAGE_MARGINS_INCHES;
  x += `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`;
  if (sm.print) {
    const wide = fit === true ? 1 : fit || 0;
    const tall = sm.print.fitToHeight ?? 0;
    x += `<pageSetup paperSize="9" orientation="${sm.print.orientation}"${fit ? ` fitToWidth="${wide}" fitToHeight="${tall}"` : ''}/>`;
    x += headerFooterXml(sm.print);
  }
  // CT_Worksheet order: drawing, then legacyDrawing.
  if (options.drawing) x += `<drawing r:id="${SHEET_REL_ID.drawing}"/>`;
  if (comments.length) x += `<legacyDrawing r:id="${SHEET_REL_ID.commentsVml}"/>`;
  x += '</worksheet>';
  return { head, rows: rowsXml, maxRow, tail: x, comments };
}

function sheetViewsXml(sm: SheetModel, selected: boolean): string {
  let x = `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">`;
  const fr = sm.freeze;
  if (fr && (fr.rows > 0 || fr.cols > 0)) {
    const pane = fr.rows > 0 && fr.cols > 0 ? 'bottomRight' : fr.rows > 0 ? 'bottomLeft' : 'topRight';
    const topLeft = a1(fr.rows, fr.cols);
    x += `<pane${fr.cols > 0 ? ` xSplit="${fr.cols}"` : ''}${fr.rows > 0 ? ` ySplit="${fr.rows}"` : ''} topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/>`;
    x += `<selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/>`;
  }
  return x + '</sheetView></sheetViews>';
}

function colsXml(sm: SheetModel): string {
  const widths = sm.columnWidths ?? [];
  const hidden = new Set(sm.hiddenColumns ?? []);
  if (!widths.some((w) => w) && !hidden.size) return '';
  const colCount = Math.max(widths.length, ...[...hidden].map((c) => c + 1));
  let x = '<cols>';
  for (let i = 0; i < colCount; i++) {
    const w = widths[i];
    if (!w && !hidden.has(i)) continue;
    x += `<col min="${i + 1}" max="${i + 1}" width="${xmlNumber(w || 9)}" customWidth="1"${hidden.has(i) ? ' hidden="1"' : ''}/>`;
  }
  return x + '</cols>';
}

/** The printed page's header (the title) and footer (第 &P 页 共 &N 页, and a note such as 示例数据). */
export function headerFooterXml(p: NonNullable<SheetModel['print']>): string {
  // In header/footer codes & starts a field: a literal ampersand is written &&.
  const lit = (t: string) => escapeXml(t.replace(/&/g, '&&'));
  const head = p.header ? `<oddHeader>&amp;C${lit(p.header)}</oddHeader>` : '';
  const foot = `<oddFooter>${p.footerNote ? `&amp;L${lit(p.footerNote)}` : ''}&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>`;
  return `<headerFooter>${head}${foot}</headerFooter>`;
}

// ---------------------------------------------------------------------------------------
// Reading

/** Column XFD, the last column Excel has (0-based). */
const MAX_COL = 16383;
/** More merged ranges than any submission has; past this a sheet is refused, not scanned. */
const MAX_MERGES = 50_000;

/** Cells with content still allowed across the workbook, and the limit they started from. */
export interface CellBudget {
  left: number;
  max: number;
}

/** What reading a worksheet needs besides its XML. */
export interface WorksheetReadContext {
  sheetName: string;
  state: SheetState;
  sst: readonly string[];
  dateStyles: readonly boolean[];
  maxRows: number;
  budget: CellBudget;
  /** The part's zip path, named in errors. */
  partName: string;
}

/** Read a worksheet part: the fast path when the XML allows it, else the general scanner. */
export function readWorksheet(xml: string, ctx: WorksheetReadContext): RowsSheetGrid {
  return parseSheetFast(xml, ctx) ?? parseSheet(xml, ctx);
}

/** The cells, merges and hidden rows read so far, with every check both parsers share. */
class SheetCells {
  readonly rows: (GridCell | undefined)[][] = [];
  readonly merges: GridMerge[] = [];
  readonly hiddenRows: number[] = [];

  // The context's fields are copied once: put() runs for every cell (millions for a hostile file).
  private readonly sst: readonly string[];
  private readonly dateStyles: readonly boolean[];
  private readonly budget: CellBudget;
  private readonly maxRows: number;

  constructor(private readonly ctx: WorksheetReadContext) {
    this.sst = ctx.sst;
    this.dateStyles = ctx.dateStyles;
    this.budget = ctx.budget;
    this.maxRows = ctx.maxRows;
  }

  /** A <row>'s attributes: its 0-based index (r, else the one after `previous`); hidden rows noted. */
  openRow(attrs: string, previous: number): number {
    const r = attr(attrs, 'r');
    let row = r ? Number(r) - 1 : previous + 1;
    if (!(row >= 0)) row = this.rows.length;
    if (attrs.includes('hidden')) {
      const hidden = attr(attrs, 'hidden');
      if (hidden === '1' || hidden === 'true') this.hiddenRows.push(row);
    }
    return row;
  }

  /** Refuse a cell beyond column XFD. */
  checkColumn(col: number, ref: string | undefined): void {
    if (col > MAX_COL) {
      throw new XlsxReadError('CORRUPT', `文件已损坏：工作表“${this.ctx.sheetName}”中的单元格地址 ${ref ?? ''} 超出 Excel 的最大列 XFD`);
    }
  }

  /** A <c>'s content (raw texts, null when absent) at its place. */
  put(row: number, col: number, type: string, v: string | null, f: string | null, is: string | null, style: number): void {
    const sst = this.sst;
    if (type === 's' && v !== null && sst[Number(v)] === undefined) {
      throw new XlsxReadError(
        'CORRUPT',
        `文件已损坏：工作表“${this.ctx.sheetName}”单元格 ${cellAddress(row, col)} 引用的共享字符串（第 ${v.trim()} 项）不存在，内容无法读取；请在 Excel 中打开修复后另存`,
      );
    }
    const cell = makeCell(type, v, f, is, style, sst, this.dateStyles);
    if (!cell) return;
    if (--this.budget.left < 0) {
      throw new XlsxReadError(
        'TOO_MANY_CELLS',
        `工作簿的单元格过多（超过 ${this.budget.max.toLocaleString('en-US')} 个有内容的单元格），不像一份填报表，已停止读取`,
      );
    }
    let target = this.rows[row];
    if (!target) {
      if (row >= this.maxRows) {
        throw new XlsxReadError(
          'TOO_MANY_ROWS',
          `工作表“${this.ctx.sheetName}”的数据超过 ${this.maxRows.toLocaleString('en-US')} 行（第 ${(row + 1).toLocaleString('en-US')} 行有内容），不像一份填报表，已停止读取`,
        );
      }
      target = this.rows[row] = [];
    }
    target[col] = cell;
  }

  /** A <mergeCell>'s attributes. */
  merge(attrs: string): void {
    const ref = attr(attrs, 'ref');
    const m = ref ? parseRange(ref) : null;
    if (m) this.merges.push(m);
    if (this.merges.length > MAX_MERGES) {
      throw new XlsxReadError(
        'TOO_MANY_CELLS',
        `工作表“${this.ctx.sheetName}”的合并单元格过多（超过 ${MAX_MERGES.toLocaleString('en-US')} 处），不像一份填报表，已停止读取`,
      );
    }
  }

  grid(): RowsSheetGrid {
    return new RowsSheetGrid(
      this.ctx.sheetName,
      this.ctx.state,
      this.rows,
      this.merges,
      this.hiddenRows.length ? this.hiddenRows : undefined,
    );
  }
}

/** The general reader: any prefixes, comments, CDATA and DTDs, through the XML scanner. */
export function parseSheet(xml: string, ctx: WorksheetReadContext): RowsSheetGrid {
  const out = new SheetCells(ctx);
  let row = -1;
  let col = -1;
  // current cell
  let inCell = false;
  let cellRow = 0;
  let cellCol = 0;
  let type = 'n';
  let style = 0;
  let vText: string | null = null;
  let fText: string | null = null;
  let isText: string | null = null;
  let capture = 0; // 1 = <v>, 2 = <f>, 3 = <t> inside <is>
  let inIs = false;
  let phonetic = 0;

  scanXml(
    xml,
    {
      open(name, a, self) {
        switch (name) {
          case 'row':
            row = out.openRow(a, row);
            col = -1;
            break;
          case 'c': {
            if (self) {
              // <c r="B34" s="20"/>: a styled blank (templates have thousands) holds no value.
              // Only a cell without r moves the implicit column.
              if (a.indexOf('r=') < 0) col++;
              else {
                const c = columnOf(attr(a, 'r') ?? '');
                if (c >= 0) col = c;
              }
              inCell = false;
              break;
            }
            // One pass over the attributes (r, t, s): this is the hottest tag.
            let ref: string | undefined;
            type = 'n';
            style = 0;
            const n = a.length;
            let i = 0;
            while (i < n) {
              const eq = a.indexOf('=', i);
              if (eq < 0) break;
              let q = eq + 1;
              while (q < n && a.charCodeAt(q) !== 34 && a.charCodeAt(q) !== 39) q++;
              const end = a.indexOf(a[q], q + 1);
              if (q >= n || end < 0) break;
              let k = i;
              while (k < eq && a.charCodeAt(k) <= 32) k++;
              const keyLen = eq - k;
              if (keyLen === 1) {
                const ch = a.charCodeAt(k);
                if (ch === 114 /* r */) ref = a.slice(q + 1, end);
                else if (ch === 116 /* t */) type = a.slice(q + 1, end);
                else if (ch === 115 /* s */) style = Number(a.slice(q + 1, end)) || 0;
              }
              i = end + 1;
            }
            if (ref) {
              const c = columnOf(ref);
              const rr = rowOf(ref);
              cellCol = c >= 0 ? c : col + 1;
              cellRow = rr >= 0 ? rr : row < 0 ? 0 : row;
            } else {
              cellCol = col + 1;
              cellRow = row < 0 ? 0 : row;
            }
            out.checkColumn(cellCol, ref);
            col = cellCol;
            vText = null;
            fText = null;
            isText = null;
            inCell = !self;
            break;
          }
          case 'v':
            if (inCell && !self) {
              capture = 1;
              vText = '';
            }
            break;
          case 'f':
            if (inCell) {
              fText = '';
              if (!self) capture = 2;
            }
            break;
          case 'is':
            if (inCell && !self) {
              inIs = true;
              isText = '';
            }
            break;
          case 'rPh':
            if (inIs) phonetic++;
            break;
          case 't':
            if (inIs && !self && phonetic === 0) capture = 3;
            break;
          case 'mergeCell':
            out.merge(a);
            break;
        }
      },
      close(name) {
        switch (name) {
          case 'v':
          case 'f':
          case 't':
            capture = 0;
            break;
          case 'rPh':
            if (inIs) phonetic--;
            break;
          case 'is':
            inIs = false;
            break;
          case 'c':
            if (!inCell) break;
            inCell = false;
            out.put(cellRow, cellCol, type, vText, fText, isText, style);
            break;
        }
      },
      text(src, s, e) {
        if (capture === 0) return;
        const t = src.slice(s, e);
        if (capture === 1) vText += t;
        else if (capture === 2) fText += t;
        else isText += t;
      },
      cdata(c) {
        if (capture === 1) vText += c;
        else if (capture === 2) fText += c;
        else if (capture === 3) isText += c;
      },
    },
    ctx.partName,
  );
  return out.grid();
}

/**
 * The fast path for worksheet XML as Excel, WPS, LibreOffice and this project write it
 * (unprefixed elements, no comments, CDATA or DTD): jumps from '<' to '<' and looks only at
 * <row>, <c> (with its <v>, <f>, <is>) and <mergeCell>; a styled blank <c …/> costs one
 * indexOf. Returns null when the XML is not of that form; the general scanner then reads it,
 * with the same checks and the same result.
 */
export function parseSheetFast(xml: string, ctx: WorksheetReadContext): RowsSheetGrid | null {
  if (xml.indexOf('<worksheet') < 0 || xml.includes('<!--') || xml.includes('<![CDATA[') || xml.includes('<!DOCTYPE')) return null;
  const out = new SheetCells(ctx);
  let row = -1;
  let col = -1;
  /** Where the r value of the last styled blank starts (its column is read only when needed). */
  let lastBlankRef = -1;
  const n = xml.length;
  const broken = (): never => {
    throw new XlsxReadError('BAD_XML', `文件已损坏：${ctx.partName} 的 XML 结构不完整（标签未结束）`);
  };
  const isEnd = (code: number) => code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    const c1 = xml.charCodeAt(lt + 1);
    if (c1 === 99 /* c */ && isEnd(xml.charCodeAt(lt + 2))) {
      const gt = xml.indexOf('>', lt + 2);
      if (gt < 0) broken();
      const self = xml.charCodeAt(gt - 1) === 47;
      if (self) {
        // A styled blank: no value. Its column matters only if a later cell has no r.
        // r comes first as Excel writes it: <c r="B34" …/>; else look for it.
        const rp = xml.charCodeAt(lt + 3) === 114 && xml.charCodeAt(lt + 4) === 61 ? lt + 2 : xml.indexOf(' r=', lt + 2);
        if (rp >= 0 && rp < gt) lastBlankRef = rp + 4;
        else {
          if (lastBlankRef >= 0) col = columnAt(xml, lastBlankRef);
          lastBlankRef = -1;
          col++;
        }
        i = gt + 1;
        continue;
      }
      if (lastBlankRef >= 0) {
        col = columnAt(xml, lastBlankRef);
        lastBlankRef = -1;
      }
      // attributes r, t, s in one pass over [lt + 2, gt)
      let ref: string | undefined;
      let refAt = -1;
      let refEnd = -1;
      let type = 'n';
      let style = 0;
      let k = lt + 2;
      const stop = gt;
      while (k < stop) {
        const eq = xml.indexOf('=', k);
        if (eq < 0 || eq >= stop) break;
        let q = eq + 1;
        while (q < stop && xml.charCodeAt(q) !== 34 && xml.charCodeAt(q) !== 39) q++;
        if (q >= stop) break;
        const end = xml.indexOf(xml.charCodeAt(q) === 34 ? '"' : "'", q + 1);
        if (end < 0 || end >= stop) broken();
        let kk = k;
        while (kk < eq && xml.charCodeAt(kk) <= 32) kk++;
        if (eq - kk === 1) {
          const ch = xml.charCodeAt(kk);
          if (ch === 114) {
            // Read column letters and row digits in place (no substring).
            refAt = q + 1;
            refEnd = end;
          } else if (ch === 116) type = xml.slice(q + 1, end);
          else if (ch === 115) style = Number(xml.slice(q + 1, end)) || 0;
        }
        k = end + 1;
      }
      let cellCol: number;
      let cellRow: number;
      if (refAt >= 0) {
        let c = 0;
        let p2 = refAt;
        for (; p2 < refEnd; p2++) {
          const ch = xml.charCodeAt(p2);
          if (ch >= 65 && ch <= 90) c = c * 26 + (ch - 64);
          else if (ch >= 97 && ch <= 122) c = c * 26 + (ch - 96);
          else break;
        }
        let rr = 0;
        const digits = p2;
        for (; p2 < refEnd; p2++) {
          const ch = xml.charCodeAt(p2);
          if (ch >= 48 && ch <= 57) rr = rr * 10 + (ch - 48);
          else break;
        }
        const validRow = p2 === refEnd && p2 > digits && rr > 0;
        cellCol = digits > refAt ? c - 1 : col + 1;
        cellRow = validRow ? rr - 1 : row < 0 ? 0 : row;
        if (cellCol > MAX_COL) ref = xml.slice(refAt, refEnd);
      } else {
        cellCol = col + 1;
        cellRow = row < 0 ? 0 : row;
      }
      col = cellCol;
      out.checkColumn(cellCol, ref);
      const close = xml.indexOf('</c>', gt + 1);
      if (close < 0) broken();
      let vText: string | null = null;
      let fText: string | null = null;
      let isText: string | null = null;
      let p = gt + 1;
      while (p < close) {
        const a = xml.indexOf('<', p);
        if (a < 0 || a >= close) break;
        const b = xml.indexOf('>', a);
        if (b < 0 || b > close) broken();
        const ch = xml.charCodeAt(a + 1);
        const selfTag = xml.charCodeAt(b - 1) === 47;
        if (ch === 118 /* v */ && isEnd(xml.charCodeAt(a + 2))) {
          if (selfTag) vText = '';
          else {
            const e = xml.indexOf('</v>', b);
            if (e < 0 || e > close) broken();
            vText = xml.slice(b + 1, e);
            p = e + 4;
            continue;
          }
        } else if (ch === 102 /* f */ && isEnd(xml.charCodeAt(a + 2))) {
          if (selfTag) fText = '';
          else {
            const e = xml.indexOf('</f>', b);
            if (e < 0 || e > close) broken();
            fText = xml.slice(b + 1, e);
            p = e + 4;
            continue;
          }
        } else if (ch === 105 /* i */ && xml.charCodeAt(a + 2) === 115 /* s */ && isEnd(xml.charCodeAt(a + 3))) {
          if (selfTag) isText = '';
          else {
            const e = xml.indexOf('</is>', b);
            if (e < 0 || e > close) broken();
            isText = inlineStringText(xml.slice(b + 1, e));
            p = e + 5;
            continue;
          }
        }
        p = b + 1;
      }
      out.put(cellRow, cellCol, type, vText, fText, isText, style);
      i = close + 4;
      continue;
    }
    if (c1 === 114 /* r */ && xml.charCodeAt(lt + 2) === 111 && xml.charCodeAt(lt + 3) === 119 && isEnd(xml.charCodeAt(lt + 4))) {
      const gt = xml.indexOf('>', lt + 4);
      if (gt < 0) broken();
      row = out.openRow(xml.slice(lt + 4, gt), row);
      col = -1;
      lastBlankRef = -1;
      i = gt + 1;
      continue;
    }
    if (c1 === 109 /* m */ && xml.startsWith('mergeCell', lt + 1) && isEnd(xml.charCodeAt(lt + 10))) {
      const gt = xml.indexOf('>', lt + 10);
      if (gt < 0) broken();
      out.merge(xml.slice(lt + 10, gt));
      i = gt + 1;
      continue;
    }
    i = lt + 1;
  }
  if (i === 0 && n > 0 && xml.indexOf('<') < 0) broken();
  return out.grid();
}
