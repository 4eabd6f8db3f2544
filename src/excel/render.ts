/**
 * Queues a SheetModel onto a live worksheet: whole-range writes (one numberFormat, one
 * values array, formula blocks), styles and validations grouped into rectangles, then
 * merges, widths, freeze panes, conditional formats, charts, comments, protection and
 * visibility. Nothing here syncs: the caller syncs once for any number of sheets.
 */
import type { CellModel, CellStyle, ChartModel, ConditionalFormat, DataValidation, SheetModel } from '../core/sheet-model.js';
import { columnLetters } from '../core/sheet-model.js';
import { formulaForExcel, valueForExcel } from './cell-text.js';
import { renameSheetRefs, sheetRef, splitSheetAddress } from './names.js';

export interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/**
 * Groups cells with the same key into rectangles: runs along each row, then identical runs
 * on consecutive rows merge. A uniformly styled table becomes a handful of ranges.
 */
export function groupRects<T>(model: SheetModel, keyOf: (cell: CellModel) => string | null, sample: (cell: CellModel) => T) {
  const done: { rect: Rect; key: string; item: T }[] = [];
  let open = new Map<string, { rect: Rect; key: string; item: T }>();
  for (let r = 0; r < model.rows.length; r++) {
    const row = model.rows[r] ?? [];
    const next = new Map<string, { rect: Rect; key: string; item: T }>();
    let c = 0;
    while (c < row.length) {
      const cell = row[c];
      const key = cell ? keyOf(cell) : null;
      if (key === null || !cell) {
        c++;
        continue;
      }
      let end = c + 1;
      while (end < row.length && row[end] && keyOf(row[end]!) === key) end++;
      const id = `${c}:${end}:${key}`;
      const prev = open.get(id);
      if (prev && prev.rect.row + prev.rect.rows === r) {
        prev.rect.rows++;
        next.set(id, prev);
        open.delete(id);
      } else next.set(id, { rect: { row: r, col: c, rows: 1, cols: end - c }, key, item: sample(cell) });
      c = end;
    }
    for (const v of open.values()) done.push(v);
    open = next;
  }
  for (const v of open.values()) done.push(v);
  return done;
}

/** The part of a style that is set through range.format (the number format goes in the numberFormat array). */
function formatKey(style: CellStyle | undefined): string | null {
  if (!style) return null;
  const { numFmt: _numFmt, ...rest } = style;
  void _numFmt;
  const keys = Object.keys(rest).filter((k) => rest[k as keyof typeof rest] !== undefined);
  if (keys.length === 0) return null;
  return JSON.stringify(keys.sort().map((k) => [k, rest[k as keyof typeof rest]]));
}

const H_ALIGN = { left: 'Left', center: 'Center', right: 'Right' } as const;
const V_ALIGN = { top: 'Top', middle: 'Center', bottom: 'Bottom' } as const;

function color(rgb: string): string {
  return rgb.startsWith('#') ? rgb : `#${rgb}`;
}

function applyStyle(range: Excel.Range, style: CellStyle, rect: Rect): void {
  const f = range.format;
  if (style.bold !== undefined) f.font.bold = style.bold;
  if (style.italic !== undefined) f.font.italic = style.italic;
  if (style.color) f.font.color = color(style.color);
  if (style.fontSize) f.font.size = style.fontSize;
  if (style.fill) f.fill.color = color(style.fill);
  if (style.hAlign) f.horizontalAlignment = H_ALIGN[style.hAlign];
  if (style.vAlign) f.verticalAlignment = V_ALIGN[style.vAlign];
  if (style.wrap !== undefined) f.wrapText = style.wrap;
  if (style.border) {
    const edges: Excel.BorderIndex[] = [
      Excel.BorderIndex.edgeTop,
      Excel.BorderIndex.edgeBottom,
      Excel.BorderIndex.edgeLeft,
      Excel.BorderIndex.edgeRight,
    ];
    if (rect.rows > 1) edges.push(Excel.BorderIndex.insideHorizontal);
    if (rect.cols > 1) edges.push(Excel.BorderIndex.insideVertical);
    for (const e of edges) f.borders.getItem(e).style = Excel.BorderLineStyle.continuous;
  }
  // New cells are locked; only input cells need a write.
  if (style.locked === false) f.protection.locked = false;
}

function validationRule(v: DataValidation): Excel.DataValidationRule {
  if (v.type === 'list') return { list: { inCellDropDown: true, source: (v.list ?? []).join(',') } };
  const op =
    v.operator ?? (v.min !== undefined && v.max !== undefined ? 'between' : v.max !== undefined ? 'lessThanOrEqual' : 'greaterThanOrEqual');
  const operator = {
    between: Excel.DataValidationOperator.between,
    greaterThanOrEqual: Excel.DataValidationOperator.greaterThanOrEqualTo,
    lessThanOrEqual: Excel.DataValidationOperator.lessThanOrEqualTo,
    equal: Excel.DataValidationOperator.equalTo,
  }[op];
  const basic: Excel.BasicDataValidation =
    op === 'between'
      ? { operator, formula1: v.min ?? 0, formula2: v.max ?? 0 }
      : { operator, formula1: (op === 'lessThanOrEqual' ? v.max : v.min) ?? 0 };
  if (v.type === 'whole') return { wholeNumber: basic };
  if (v.type === 'textLength') return { textLength: basic };
  return { decimal: basic };
}

function applyValidation(range: Excel.Range, v: DataValidation): void {
  range.dataValidation.rule = validationRule(v);
  range.dataValidation.ignoreBlanks = v.allowBlank;
  if (v.error) {
    range.dataValidation.errorAlert = {
      message: v.error,
      title: v.errorTitle ?? '输入有误',
      showAlert: true,
      style: Excel.DataValidationAlertStyle.stop,
    };
  }
  if (v.prompt) range.dataValidation.prompt = { message: v.prompt, title: v.errorTitle ?? '', showPrompt: true };
}

function applyConditionalFormat(ws: Excel.Worksheet, cf: ConditionalFormat, renames: ReadonlyMap<string, string>): void {
  const range = ws.getRange(cf.range);
  const rule = cf.rule;
  let format: Excel.ConditionalRangeFormat;
  if (rule.type === 'expression') {
    const added = range.conditionalFormats.add(Excel.ConditionalFormatType.custom);
    added.custom.rule.formula = formulaForExcel(renameSheetRefs(rule.formula, renames));
    format = added.custom.format;
  } else {
    const added = range.conditionalFormats.add(Excel.ConditionalFormatType.topBottom);
    added.topBottom.rule = {
      rank: rule.rank,
      type: rule.type === 'top' ? Excel.ConditionalTopBottomCriterionType.topItems : Excel.ConditionalTopBottomCriterionType.bottomItems,
    };
    format = added.topBottom.format;
  }
  if (rule.style.fill) format.fill.color = color(rule.style.fill);
  if (rule.style.color) format.font.color = color(rule.style.color);
  if (rule.style.bold !== undefined) format.font.bold = rule.style.bold;
}

function chartRange(
  ws: Excel.Worksheet,
  sheets: Excel.WorksheetCollection,
  ref: string,
  renames: ReadonlyMap<string, string>,
): Excel.Range {
  const { sheet, address } = splitSheetAddress(ref);
  if (!sheet) return ws.getRange(address);
  return sheets.getItem(renames.get(sheet) ?? sheet).getRange(address);
}

function addChart(ws: Excel.Worksheet, sheets: Excel.WorksheetCollection, chart: ChartModel, renames: ReadonlyMap<string, string>): void {
  const type = chart.type === 'bar' ? Excel.ChartType.barClustered : Excel.ChartType.columnClustered;
  const added = ws.charts.add(type, chartRange(ws, sheets, chart.valuesRef, renames), Excel.ChartSeriesBy.columns);
  added.title.text = chart.title;
  const series = added.series.getItemAt(0);
  series.name = chart.seriesName;
  series.setXAxisValues(chartRange(ws, sheets, chart.categoriesRef, renames));
  const a = chart.anchor;
  const start = `${columnLetters(a.col)}${a.row + 1}`;
  const end = `${columnLetters(a.col + Math.max(1, a.widthCols) - 1)}${a.row + Math.max(1, a.heightRows)}`;
  added.setPosition(start, end);
}

/** Column width in points for a width in characters (Calibri 11: about 7 px per character plus padding). */
export function widthInPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 10) / 10;
}

export interface RenderContext {
  worksheets: Excel.WorksheetCollection;
  /** Requested sheet name → written name, for formulas and chart references. */
  renames: ReadonlyMap<string, string>;
  /** workbook.comments when the host supports them (ExcelApi 1.10), else null. */
  comments: Excel.CommentCollection | null;
  /** Whether the host has worksheet.pageLayout (ExcelApi 1.9) for the print setup. */
  pageLayout?: boolean;
}

/** The sheet's print setup as in the .xlsx files: A4, orientation, fit, repeated titles, header and footer. */
function applyPrintSetup(ws: Excel.Worksheet, print: NonNullable<SheetModel['print']>): void {
  const layout = ws.pageLayout;
  layout.orientation = print.orientation === 'landscape' ? Excel.PageOrientation.landscape : Excel.PageOrientation.portrait;
  layout.paperSize = Excel.PaperType.a4;
  const wide = print.fitToWidth === true ? 1 : print.fitToWidth || 0;
  if (wide || print.fitToHeight) layout.zoom = { horizontalFitToPages: wide || 1, verticalFitToPages: print.fitToHeight ?? 0 };
  if (print.titleRows) layout.setPrintTitleRows(`$${print.titleRows[0] + 1}:$${print.titleRows[1] + 1}`);
  if (print.titleColumns) layout.setPrintTitleColumns(`$${columnLetters(print.titleColumns[0])}:$${columnLetters(print.titleColumns[1])}`);
  const pages = layout.headersFooters.defaultForAllPages;
  if (print.header) pages.centerHeader = print.header.replace(/&/g, '&&');
  pages.centerFooter = '第 &P 页 共 &N 页';
  if (print.footerNote) pages.leftFooter = print.footerNote.replace(/&/g, '&&');
}

/** Queues everything of `model` onto `ws` (named `name`). No sync. */
export function renderSheet(ws: Excel.Worksheet, model: SheetModel, name: string, rc: RenderContext): void {
  const nRows = model.rows.length;
  let nCols = 0;
  for (let r = 0; r < nRows; r++) nCols = Math.max(nCols, model.rows[r]?.length ?? 0);
  if (nRows > 0 && nCols > 0) {
    const formats: string[][] = [];
    const values: (string | number | boolean)[][] = [];
    for (let r = 0; r < nRows; r++) {
      const fr: string[] = [];
      const vr: (string | number | boolean)[] = [];
      for (let c = 0; c < nCols; c++) {
        const cell = model.rows[r]?.[c];
        fr.push(cell?.style?.numFmt ?? 'General');
        // A formula cell gets its cached value first, so a host that does not calculate still shows it.
        vr.push(valueForExcel(cell));
      }
      formats.push(fr);
      values.push(vr);
    }
    const all = ws.getRangeByIndexes(0, 0, nRows, nCols);
    all.numberFormat = formats;
    all.values = values;

    const formulaBlocks = groupRects(
      model,
      (cell) => (cell.formula ? 'f' : null),
      () => null,
    );
    for (const { rect } of formulaBlocks) {
      const block: string[][] = [];
      for (let r = rect.row; r < rect.row + rect.rows; r++) {
        const row: string[] = [];
        for (let c = rect.col; c < rect.col + rect.cols; c++) {
          row.push(formulaForExcel(renameSheetRefs(model.rows[r][c]!.formula!, rc.renames)));
        }
        block.push(row);
      }
      ws.getRangeByIndexes(rect.row, rect.col, rect.rows, rect.cols).formulas = block;
    }

    for (const { rect, item } of groupRects(
      model,
      (cell) => formatKey(cell.style),
      (cell) => cell.style!,
    )) {
      applyStyle(ws.getRangeByIndexes(rect.row, rect.col, rect.rows, rect.cols), item, rect);
    }
    for (const { rect, item } of groupRects(
      model,
      (cell) => (cell.validation ? JSON.stringify(cell.validation) : null),
      (cell) => cell.validation!,
    )) {
      applyValidation(ws.getRangeByIndexes(rect.row, rect.col, rect.rows, rect.cols), item);
    }
    if (rc.comments) {
      for (let r = 0; r < nRows; r++) {
        const row = model.rows[r] ?? [];
        for (let c = 0; c < row.length; c++) {
          const cell = row[c];
          if (cell?.comment) rc.comments.add(`${sheetRef(name)}!${columnLetters(c)}${r + 1}`, cell.comment);
        }
      }
    }
  }

  for (const m of model.merges ?? []) ws.getRange(m).merge(false);

  const widths = model.columnWidths ?? [];
  for (let c = 0; c < widths.length;) {
    let end = c + 1;
    while (end < widths.length && widths[end] === widths[c]) end++;
    if (widths[c] > 0) ws.getRangeByIndexes(0, c, 1, end - c).format.columnWidth = widthInPoints(widths[c]);
    c = end;
  }

  // Wrapped headers get the lines they need; machine rows and columns (codes) are hidden, as in the .xlsx files.
  for (const [r, h] of Object.entries(model.rowHeights ?? {})) ws.getRangeByIndexes(Number(r), 0, 1, 1).format.rowHeight = h;
  for (const r of model.hiddenRows ?? []) ws.getRangeByIndexes(r, 0, 1, 1).rowHidden = true;
  for (const c of model.hiddenColumns ?? []) ws.getRangeByIndexes(0, c, 1, 1).columnHidden = true;

  if (model.print && rc.pageLayout) applyPrintSetup(ws, model.print);

  if (model.freeze) {
    const { rows, cols } = model.freeze;
    if (rows > 0 && cols > 0) ws.freezePanes.freezeAt(ws.getRangeByIndexes(0, 0, rows, cols));
    else if (rows > 0) ws.freezePanes.freezeRows(rows);
    else if (cols > 0) ws.freezePanes.freezeColumns(cols);
  }

  for (const cf of model.conditionalFormats ?? []) applyConditionalFormat(ws, cf, rc.renames);
  for (const chart of model.charts ?? []) addChart(ws, rc.worksheets, chart, rc.renames);

  if (model.protect) ws.protection.protect({ allowFormatColumns: true, allowFormatRows: true, allowAutoFilter: true });
  if (model.state === 'hidden') ws.visibility = Excel.SheetVisibility.hidden;
  else if (model.state === 'veryHidden') ws.visibility = Excel.SheetVisibility.veryHidden;
}
