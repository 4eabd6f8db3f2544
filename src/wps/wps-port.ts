/**
 * The WorkbookPort over WPS 表格's object model: the pane's second host (Excel's is
 * src/excel/excel-port.ts). ET is synchronous, so there is no batching to do: each sheet is
 * written as whole ranges (one Value2 array, number formats and styles per rectangle,
 * formulas per relative-fill block) and read back through its used range in a few calls.
 * What ET's object model refuses (a chart type, a conditional format, print setup) is left
 * out and said once, in Chinese, through `onNotice`; the data is always written.
 */
import { sheetGridFromValues, type SheetGrid, type SheetState } from '../core/grid.js';
import {
  columnLetters,
  type CellStyle,
  type ChartModel,
  type ConditionalFormat,
  type DataValidation,
  type SheetModel,
} from '../core/sheet-model.js';
import { formulaForExcel, valueForExcel } from '../excel/cell-text.js';
import { freeSheetName, planSheetNames, renameSheetRefs, splitSheetAddress } from '../excel/names.js';
import { groupRects } from '../excel/render.js';
import type { SheetInfo, WorkbookPort, WriteOptions, WriteResult } from '../excel/workbook-port.js';
import { COM_ERRORS, XL, type EtApplication, type EtRange, type EtSheets, type EtWorksheet } from './et.js';
import { fillBlocks } from './formula-fill.js';

export interface WpsPortOptions {
  /** A Chinese sentence for something WPS could not do (the data itself was written). */
  onNotice?: (message: string) => void;
}

const VISIBILITY: Record<number, SheetInfo['visibility']> = { [-1]: 'Visible', 0: 'Hidden', 2: 'VeryHidden' };
const STATE: Record<SheetInfo['visibility'], SheetState> = { Visible: 'visible', Hidden: 'hidden', VeryHidden: 'veryHidden' };

/** 'RRGGBB' → the BGR number ET's Color properties take (as VBA's RGB()). */
export function bgr(rgb: string): number {
  const hex = rgb.replace(/^#/, '');
  const r = parseInt(hex.slice(0, 2), 16);
  const g = parseInt(hex.slice(2, 4), 16);
  const b = parseInt(hex.slice(4, 6), 16);
  return r + g * 256 + b * 65536;
}

function a1(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

function rangeOf(ws: EtWorksheet, row: number, col: number, rows = 1, cols = 1): EtRange {
  return rows === 1 && cols === 1 ? ws.Range(a1(row, col)) : ws.Range(`${a1(row, col)}:${a1(row + rows - 1, col + cols - 1)}`);
}

function workbookOf(app: EtApplication) {
  const wb = app.ActiveWorkbook;
  if (!wb) throw new Error('WPS 表格中没有打开的工作簿：请先新建或打开一个工作簿，再使用本助手。');
  return wb;
}

function sheetList(sheets: EtSheets): EtWorksheet[] {
  const out: EtWorksheet[] = [];
  for (let i = 1; i <= sheets.Count; i++) out.push(sheets.Item(i));
  return out;
}

function findSheet(sheets: EtSheets, name: string): EtWorksheet | null {
  const lower = name.toLowerCase();
  return sheetList(sheets).find((s) => s.Name.toLowerCase() === lower) ?? null;
}

/** Value2 of a range is a scalar for one cell, a 2-D array (rows of columns) otherwise. */
function asGrid(v: unknown): unknown[][] {
  if (Array.isArray(v)) return v.map((row) => (Array.isArray(row) ? row : [row]));
  return [[v]];
}

export function createWpsPort(getApp: () => EtApplication, options: WpsPortOptions = {}): WorkbookPort {
  const notice = (m: string) => options.onNotice?.(m);

  function readSheets(names: readonly string[]): SheetGrid[] {
    const sheets = workbookOf(getApp()).Worksheets;
    const found = names.map((n) => findSheet(sheets, n));
    const missing = names.filter((_, i) => !found[i]);
    if (missing.length) throw new Error(`找不到工作表${missing.map((n) => `“${n}”`).join('、')}`);
    return found.map((ws) => readSheet(ws!));
  }

  return {
    async listSheets(): Promise<SheetInfo[]> {
      return sheetList(workbookOf(getApp()).Worksheets).map((s) => ({ name: s.Name, visibility: VISIBILITY[s.Visible] ?? 'Visible' }));
    },

    async writeSheets(models: readonly SheetModel[], opts: WriteOptions = {}): Promise<WriteResult> {
      const app = getApp();
      const sheets = workbookOf(app).Worksheets;
      const mode = opts.onConflict ?? 'rename';
      const existing = sheetList(sheets).map((s) => s.Name);
      const { plan, renames, taken } = planSheetNames(models, existing, mode);

      const alerts = app.DisplayAlerts;
      const updating = app.ScreenUpdating;
      // Deleting a sheet asks for confirmation unless alerts are off; redrawing per write is slow.
      app.DisplayAlerts = false;
      app.ScreenUpdating = false;
      const problems = new Set<string>();
      try {
        // A replaced sheet steps aside under a temporary name and goes once its successor exists.
        const retired: EtWorksheet[] = [];
        for (const p of plan) {
          if (!p.replaces) continue;
          const old = findSheet(sheets, p.replaces)!;
          const temp = freeSheetName(`~${p.replaces}`.slice(0, 28), taken);
          taken.add(temp);
          old.Name = temp;
          retired.push(old);
        }
        const added: EtWorksheet[] = [];
        for (const p of plan) {
          const ws = sheets.Add(undefined, sheets.Item(sheets.Count));
          ws.Name = p.name;
          added.push(ws);
        }
        plan.forEach((p, i) => renderSheet(app, added[i], p.model, p.name, sheets, renames, problems));
        for (const old of retired) old.Delete();
        const show = opts.activate ? renames.get(opts.activate) : plan.find((p) => (p.model.state ?? 'visible') === 'visible')?.name;
        if (show) findSheet(sheets, show)?.Activate();
      } finally {
        app.DisplayAlerts = alerts;
        app.ScreenUpdating = updating;
      }
      for (const m of problems) notice(m);
      // ET has no context.sync(): nothing is queued, every call takes effect at once.
      return { written: plan.map((p) => ({ requested: p.model.name, name: p.name, replaced: p.replaces !== null })), syncs: 0 };
    },

    async readSheet(name: string): Promise<SheetGrid> {
      return readSheets([name])[0];
    },

    async readSheets(names: readonly string[]): Promise<SheetGrid[]> {
      return readSheets(names);
    },
  };
}

/** The used range's values, formulas and (per column) number formats, as the core's grid. */
function readSheet(ws: EtWorksheet): SheetGrid {
  const state = STATE[VISIBILITY[ws.Visible] ?? 'Visible'];
  const used = ws.UsedRange;
  const raw = asGrid(used.Value2);
  if (
    raw.length === 1 &&
    raw[0].length === 1 &&
    (raw[0][0] === undefined || raw[0][0] === null || raw[0][0] === '') &&
    !String(used.Formula ?? '').startsWith('=')
  ) {
    return sheetGridFromValues(ws.Name, [], { state });
  }
  const formulasRaw = asGrid(used.Formula);
  const valueTypes: string[][] = [];
  const values = raw.map((row, i) => {
    const types: string[] = [];
    const out = row.map((v) => {
      if (typeof v === 'number' && COM_ERRORS[v]) {
        types.push('Error');
        return COM_ERRORS[v];
      }
      types.push(
        typeof v === 'number'
          ? 'Double'
          : typeof v === 'boolean'
            ? 'Boolean'
            : v === null || v === undefined || v === ''
              ? 'Empty'
              : 'String',
      );
      return v === null || v === undefined ? '' : v;
    });
    valueTypes[i] = types;
    return out;
  });
  // A formula's text never equals its value; a text constant that starts with '=' does.
  const formulas = formulasRaw.map((row, i) =>
    row.map((f, j) => (typeof f === 'string' && f.startsWith('=') && f !== values[i]?.[j] ? f : '')),
  );
  const width = values.reduce((w, r) => Math.max(w, r.length), 0);
  const numberFormats: string[][] = values.map(() => []);
  const columns = used.Columns;
  for (let j = 0; j < width; j++) {
    const column = columns.Item(j + 1);
    const nf = column.NumberFormat as unknown;
    for (let i = 0; i < values.length; i++) {
      if (typeof nf === 'string') numberFormats[i][j] = nf;
      else if (typeof values[i][j] === 'number') numberFormats[i][j] = String(column.Item(i + 1, 1).NumberFormat ?? 'General');
      else numberFormats[i][j] = 'General';
    }
  }
  return sheetGridFromValues(ws.Name, values, {
    state,
    formulas,
    valueTypes,
    numberFormats,
    origin: { row: used.Row - 1, col: used.Column - 1 },
  });
}

function styleKey(style: CellStyle | undefined): string | null {
  if (!style) return null;
  const { numFmt: _numFmt, ...rest } = style;
  void _numFmt;
  const keys = Object.keys(rest).filter((k) => rest[k as keyof typeof rest] !== undefined);
  return keys.length ? JSON.stringify(keys.sort().map((k) => [k, rest[k as keyof typeof rest]])) : null;
}

function applyStyle(range: EtRange, style: CellStyle): void {
  if (style.bold !== undefined) range.Font.Bold = style.bold;
  if (style.italic !== undefined) range.Font.Italic = style.italic;
  if (style.color) range.Font.Color = bgr(style.color);
  if (style.fontSize) range.Font.Size = style.fontSize;
  if (style.fill) range.Interior.Color = bgr(style.fill);
  if (style.hAlign) range.HorizontalAlignment = { left: XL.hLeft, center: XL.hCenter, right: XL.hRight }[style.hAlign];
  if (style.vAlign) range.VerticalAlignment = { top: XL.vTop, middle: XL.vCenter, bottom: XL.vBottom }[style.vAlign];
  if (style.wrap !== undefined) range.WrapText = style.wrap;
  // Borders.LineStyle on a range draws its edges and the lines inside it.
  if (style.border) range.Borders.LineStyle = XL.continuous;
  if (style.locked === false) range.Locked = false;
}

function applyValidation(range: EtRange, v: DataValidation): void {
  const val = range.Validation;
  val.Delete();
  if (v.type === 'list') {
    val.Add(XL.validateList, XL.alertStop, XL.between, (v.list ?? []).join(','));
  } else {
    const op =
      v.operator ??
      (v.min !== undefined && v.max !== undefined ? 'between' : v.max !== undefined ? 'lessThanOrEqual' : 'greaterThanOrEqual');
    const operator = { between: XL.between, greaterThanOrEqual: XL.greaterEqual, lessThanOrEqual: XL.lessEqual, equal: XL.equal }[op];
    const type = v.type === 'whole' ? XL.validateWhole : v.type === 'textLength' ? XL.validateTextLength : XL.validateDecimal;
    const f1 = String((op === 'lessThanOrEqual' ? v.max : v.min) ?? 0);
    if (op === 'between') val.Add(type, XL.alertStop, operator, String(v.min ?? 0), String(v.max ?? 0));
    else val.Add(type, XL.alertStop, operator, f1);
  }
  val.IgnoreBlank = v.allowBlank;
  if (v.error) {
    val.ShowError = true;
    val.ErrorTitle = v.errorTitle ?? '输入有误';
    val.ErrorMessage = v.error;
  }
  if (v.prompt) {
    val.ShowInput = true;
    val.InputTitle = v.errorTitle ?? '';
    val.InputMessage = v.prompt;
  }
}

function applyConditionalFormat(ws: EtWorksheet, cf: ConditionalFormat, renames: ReadonlyMap<string, string>): void {
  const range = ws.Range(cf.range);
  const rule = cf.rule;
  let target: { Interior: { Color: unknown }; Font: { Color: unknown; Bold: unknown } };
  if (rule.type === 'expression') {
    target = range.FormatConditions.Add(XL.expression, undefined, formulaForExcel(renameSheetRefs(rule.formula, renames)));
  } else {
    const top = range.FormatConditions.AddTop10();
    top.TopBottom = rule.type === 'top' ? XL.top10Top : XL.top10Bottom;
    top.Rank = rule.rank;
    target = top;
  }
  if (rule.style.fill) target.Interior.Color = bgr(rule.style.fill);
  if (rule.style.color) target.Font.Color = bgr(rule.style.color);
  if (rule.style.bold !== undefined) target.Font.Bold = rule.style.bold;
}

function chartRange(ws: EtWorksheet, sheets: EtSheets, ref: string, renames: ReadonlyMap<string, string>): EtRange {
  const { sheet, address } = splitSheetAddress(ref);
  const target = sheet ? findSheet(sheets, renames.get(sheet) ?? sheet) : ws;
  if (!target) throw new Error(`找不到工作表“${sheet}”`);
  return target.Range(address.replace(/\$/g, ''));
}

function addChart(ws: EtWorksheet, sheets: EtSheets, chart: ChartModel, renames: ReadonlyMap<string, string>): void {
  const a = chart.anchor;
  const topLeft = rangeOf(ws, a.row, a.col);
  const bottomRight = rangeOf(ws, a.row + Math.max(1, a.heightRows) - 1, a.col + Math.max(1, a.widthCols) - 1);
  const width = bottomRight.Left + bottomRight.Width - topLeft.Left;
  const height = bottomRight.Top + bottomRight.Height - topLeft.Top;
  const type = chart.type === 'bar' ? XL.barClustered : XL.columnClustered;
  const added = ws.Shapes.AddChart(type, topLeft.Left, topLeft.Top, width, height).Chart;
  added.SetSourceData(chartRange(ws, sheets, chart.valuesRef, renames), XL.byColumns);
  added.HasTitle = true;
  added.ChartTitle.Text = chart.title;
  added.HasLegend = false;
  const series = added.SeriesCollection().Item(1);
  series.Name = chart.seriesName;
  series.XValues = chartRange(ws, sheets, chart.categoriesRef, renames);
}

function applyPrintSetup(ws: EtWorksheet, print: NonNullable<SheetModel['print']>): void {
  const ps = ws.PageSetup;
  ps.Orientation = print.orientation === 'landscape' ? XL.landscape : XL.portrait;
  ps.PaperSize = XL.paperA4;
  const wide = print.fitToWidth === true ? 1 : print.fitToWidth || 0;
  if (wide || print.fitToHeight) {
    ps.Zoom = false;
    ps.FitToPagesWide = wide || 1;
    ps.FitToPagesTall = print.fitToHeight ?? false;
  }
  if (print.titleRows) ps.PrintTitleRows = `$${print.titleRows[0] + 1}:$${print.titleRows[1] + 1}`;
  if (print.titleColumns) ps.PrintTitleColumns = `$${columnLetters(print.titleColumns[0])}:$${columnLetters(print.titleColumns[1])}`;
  if (print.header) ps.CenterHeader = print.header.replace(/&/g, '&&');
  ps.CenterFooter = '第 &P 页 共 &N 页';
  if (print.footerNote) ps.LeftFooter = print.footerNote.replace(/&/g, '&&');
}

/** Runs one optional part of a sheet; when ET refuses it, the reason is said once and the rest goes on. */
function optional(problems: Set<string>, what: string, sheet: string, f: () => void): void {
  try {
    f();
  } catch (e) {
    const detail = e instanceof Error && e.message ? `（${e.message}）` : '';
    problems.add(`工作表“${sheet}”的${what}未能在 WPS 中生成${detail}；数据已写入，可在 WPS 中手动补上。`);
  }
}

function renderSheet(
  app: EtApplication,
  ws: EtWorksheet,
  model: SheetModel,
  name: string,
  sheets: EtSheets,
  renames: ReadonlyMap<string, string>,
  problems: Set<string>,
): void {
  const nRows = model.rows.length;
  let nCols = 0;
  for (let r = 0; r < nRows; r++) nCols = Math.max(nCols, model.rows[r]?.length ?? 0);
  if (nRows > 0 && nCols > 0) {
    // Number formats first (a '@' cell keeps what is written as text), then one Value2 array.
    for (const { rect, item } of groupRects(
      model,
      (cell) => cell.style?.numFmt ?? null,
      (cell) => cell.style!.numFmt!,
    )) {
      rangeOf(ws, rect.row, rect.col, rect.rows, rect.cols).NumberFormat = item;
    }
    const values: (string | number | boolean)[][] = [];
    const formulas: string[][] = [];
    for (let r = 0; r < nRows; r++) {
      const vr: (string | number | boolean)[] = [];
      const fr: string[] = [];
      for (let c = 0; c < nCols; c++) {
        const cell = model.rows[r]?.[c];
        vr.push(valueForExcel(cell));
        fr.push(cell?.formula ? formulaForExcel(renameSheetRefs(cell.formula, renames)) : '');
      }
      values.push(vr);
      formulas.push(fr);
    }
    rangeOf(ws, 0, 0, nRows, nCols).Value2 = values;
    for (const block of fillBlocks(formulas)) {
      rangeOf(ws, block.row, block.col, block.rows, block.cols).Formula = block.formula;
    }
    for (const { rect, item } of groupRects(
      model,
      (cell) => styleKey(cell.style),
      (cell) => cell.style!,
    )) {
      applyStyle(rangeOf(ws, rect.row, rect.col, rect.rows, rect.cols), item);
    }
    optional(problems, '数据有效性', name, () => {
      for (const { rect, item } of groupRects(
        model,
        (cell) => (cell.validation ? JSON.stringify(cell.validation) : null),
        (cell) => cell.validation!,
      )) {
        applyValidation(rangeOf(ws, rect.row, rect.col, rect.rows, rect.cols), item);
      }
    });
    optional(problems, '批注', name, () => {
      for (let r = 0; r < nRows; r++)
        for (let c = 0; c < (model.rows[r]?.length ?? 0); c++) {
          const comment = model.rows[r]?.[c]?.comment;
          if (comment) rangeOf(ws, r, c).AddComment(comment);
        }
    });
  }

  for (const m of model.merges ?? []) ws.Range(m).Merge();
  const widths = model.columnWidths ?? [];
  for (let c = 0; c < widths.length;) {
    let end = c + 1;
    while (end < widths.length && widths[end] === widths[c]) end++;
    // ET's ColumnWidth is in characters, as the model's widths are.
    if (widths[c] > 0) rangeOf(ws, 0, c, 1, end - c).EntireColumn.ColumnWidth = widths[c];
    c = end;
  }
  for (const [r, h] of Object.entries(model.rowHeights ?? {})) rangeOf(ws, Number(r), 0).EntireRow.RowHeight = h;
  for (const r of model.hiddenRows ?? []) rangeOf(ws, r, 0).EntireRow.Hidden = true;
  for (const c of model.hiddenColumns ?? []) rangeOf(ws, 0, c).EntireColumn.Hidden = true;

  if (model.print) optional(problems, '打印设置', name, () => applyPrintSetup(ws, model.print!));
  if (model.freeze && (model.freeze.rows > 0 || model.freeze.cols > 0)) {
    optional(problems, '冻结窗格', name, () => {
      // Freezing is a window setting in ET, as in Excel: on the active sheet.
      ws.Activate();
      const win = app.ActiveWindow;
      if (!win) throw new Error('没有活动窗口');
      win.FreezePanes = false;
      win.SplitRow = model.freeze!.rows;
      win.SplitColumn = model.freeze!.cols;
      win.FreezePanes = true;
    });
  }
  for (const cf of model.conditionalFormats ?? []) optional(problems, '条件格式', name, () => applyConditionalFormat(ws, cf, renames));
  for (const chart of model.charts ?? []) optional(problems, `图表“${chart.title}”`, name, () => addChart(ws, sheets, chart, renames));

  if (model.protect) optional(problems, '工作表保护', name, () => ws.Protect(undefined, true, true, true, false, false, true, true));
  if (model.state === 'hidden') ws.Visible = XL.sheetHidden;
  else if (model.state === 'veryHidden') ws.Visible = XL.sheetVeryHidden;
}
