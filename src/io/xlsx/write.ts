/**
 * WorkbookModel → .xlsx bytes. The default engine is the direct SpreadsheetML writer
 * (write-native.ts: fast, bounded memory, charts included); `engine: 'exceljs'` renders
 * through ExcelJS (loaded only then; a devDependency: tests compare the two engines; it
 * writes no charts). Either way text is always
 * written as text (never turned into a formula), formulas carry cached values, and the
 * bytes are deterministic (fixed document dates, fixed zip entry times and order).
 */
import type ExcelJS from 'exceljs';
import { PAGE_MARGINS_INCHES } from '../../core/layout.js';
import { writeXlsxNative, type AppendRows } from './write-native.js';
import type { ByteSink } from './zip.js';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { ValidationCollector, listFormula } from './parts/data-validation.js';
import {
  cellValueForWrite,
  parseA1,
  type CellModel,
  type CellStyle,
  type DataValidation,
  type SheetModel,
  type WorkbookModel,
} from '../../core/sheet-model.js';

/** The fixed date written as created/modified, so the same model gives the same bytes. */
export const FIXED_DOC_DATE = new Date(Date.UTC(2024, 0, 1, 0, 0, 0));
const ZIP_MTIME = new Date(2024, 0, 1, 0, 0, 0);

export interface WriteOptions {
  /** 'native' (default) or 'exceljs'. */
  engine?: 'native' | 'exceljs';
  /** ExcelJS engine only: re-zip with fixed entry dates for byte-identical output (default true). */
  deterministic?: boolean;
  /** Native engine only: value-only rows streamed after a sheet's model rows (see write-native.ts). */
  appendRows?: readonly AppendRows[];
  /** Native engine only: the bytes go here as they are ready, and an empty array is returned (see ZipWriter). */
  sink?: ByteSink;
}

const BORDER_THIN = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };

function toFont(s: CellStyle): Partial<ExcelJS.Font> | undefined {
  if (!s.bold && !s.italic && !s.color && !s.fontSize) return undefined;
  const f: Partial<ExcelJS.Font> = { name: '等线' };
  if (s.bold) f.bold = true;
  if (s.italic) f.italic = true;
  if (s.color) f.color = { argb: 'FF' + s.color.toUpperCase() };
  f.size = s.fontSize ?? 11;
  return f;
}

function applyStyle(cell: ExcelJS.Cell, s: CellStyle): void {
  const font = toFont(s);
  if (font) cell.font = font;
  if (s.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF' + s.fill.toUpperCase() } };
  if (s.numFmt) cell.numFmt = s.numFmt;
  if (s.hAlign || s.vAlign || s.wrap) {
    cell.alignment = {
      ...(s.hAlign ? { horizontal: s.hAlign } : {}),
      ...(s.vAlign ? { vertical: s.vAlign } : {}),
      ...(s.wrap ? { wrapText: true } : {}),
    };
  }
  if (s.border) cell.border = { top: BORDER_THIN, left: BORDER_THIN, bottom: BORDER_THIN, right: BORDER_THIN };
  if (s.locked === false) cell.protection = { locked: false };
}

function toValidation(v: DataValidation): ExcelJS.DataValidation {
  const dv: ExcelJS.DataValidation = {
    type: v.type,
    allowBlank: v.allowBlank,
    showErrorMessage: true,
    errorStyle: 'stop',
    formulae: [],
  } as ExcelJS.DataValidation;
  if (v.type === 'list') {
    dv.formulae = [listFormula(v.list ?? [])];
  } else {
    dv.operator = v.operator ?? 'greaterThanOrEqual';
    if (dv.operator === 'between') dv.formulae = [v.min ?? 0, v.max ?? 0];
    else if (dv.operator === 'lessThanOrEqual') dv.formulae = [v.max ?? 0];
    else dv.formulae = [v.min ?? v.max ?? 0];
  }
  if (v.errorTitle) dv.errorTitle = v.errorTitle;
  if (v.error) dv.error = v.error;
  if (v.prompt) {
    dv.showInputMessage = true;
    dv.prompt = v.prompt;
  }
  return dv;
}

/** The value of one cell by the shared rule (cellValueForWrite), as ExcelJS takes it. */
function excelJsValue(m: CellModel, isFormula: boolean): ExcelJS.CellValue | undefined {
  const w = cellValueForWrite(m.value, isFormula);
  switch (w.type) {
    case 'blank':
      return undefined;
    case 'error':
      return { error: w.value } as ExcelJS.CellErrorValue;
    default:
      // Text stays text: ExcelJS writes a plain string as a string cell, never as a formula,
      // whatever it starts with ('=HYPERLINK(...)', '+1', '@x'); a formula's "" is cached as t="str".
      return w.value;
  }
}

function setValue(cell: ExcelJS.Cell, m: CellModel): void {
  if (m.formula !== undefined) {
    const formula = m.formula.startsWith('=') ? m.formula.slice(1) : m.formula;
    cell.value = { formula, result: excelJsValue(m, true) } as ExcelJS.CellFormulaValue;
    return;
  }
  const v = excelJsValue(m, false);
  if (v !== undefined) cell.value = v;
}

function addSheet(wb: ExcelJS.Workbook, sm: SheetModel): void {
  const ws = wb.addWorksheet(sm.name, {
    state: sm.state ?? 'visible',
    views: sm.freeze && (sm.freeze.rows || sm.freeze.cols) ? [{ state: 'frozen', xSplit: sm.freeze.cols, ySplit: sm.freeze.rows }] : [{}],
    pageSetup: sm.print
      ? {
          paperSize: 9, // A4 (the only paper the model names)
          orientation: sm.print.orientation,
          ...(sm.print.fitToWidth ? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 } : {}),
          margins: { ...PAGE_MARGINS_INCHES },
        }
      : undefined,
  });
  sm.columnWidths?.forEach((w, i) => {
    if (w) ws.getColumn(i + 1).width = w;
  });
  // Data validations are grouped into rectangles as the native writer groups them (ExcelJS's
  // own grouping sorts addresses as text, A10 before A4, and writes overlapping ranges).
  const validations = new ValidationCollector();
  for (let r = 0; r < sm.rows.length; r++) {
    const row = sm.rows[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      const m = row[c];
      if (!m) continue;
      const cell = ws.getCell(r + 1, c + 1);
      setValue(cell, m);
      if (m.style) applyStyle(cell, m.style);
      if (m.validation) validations.add(r, c, m.validation);
      if (m.comment) cell.note = m.comment;
    }
  }
  // ExcelJS's typings omit worksheet.dataValidations (a range-keyed store it writes as is).
  const dvs = (ws as unknown as { dataValidations: { add(range: string, dv: ExcelJS.DataValidation): void } }).dataValidations;
  for (const { sqref, validation } of validations.ranges()) dvs.add(sqref, toValidation(validation));
  for (const range of sm.merges ?? []) ws.mergeCells(range);
  for (const cf of sm.conditionalFormats ?? []) {
    const style = cfStyle(cf.rule.style);
    const rule: ExcelJS.ConditionalFormattingRule =
      cf.rule.type === 'expression'
        ? ({ type: 'expression', priority: 1, formulae: [cf.rule.formula], style } as ExcelJS.ConditionalFormattingRule)
        : ({
            type: 'top10',
            priority: 1,
            rank: cf.rule.rank,
            bottom: cf.rule.type === 'bottom',
            percent: false,
            style,
          } as ExcelJS.ConditionalFormattingRule);
    ws.addConditionalFormatting({ ref: cf.range, rules: [rule] });
  }
  if (sm.protect) {
    // No password: locked cells are read-only, unlocked input cells stay editable.
    // ExcelJS's typings omit sheetProtection; protect() is async only for password hashing.
    (ws as unknown as { sheetProtection: Record<string, boolean> }).sheetProtection = {
      // ExcelJS options say what stays allowed: selecting any cell, widening columns and rows.
      sheet: true,
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatColumns: true,
      formatRows: true,
    };
  }
}

function cfStyle(s: CellStyle): Partial<ExcelJS.Style> {
  const out: Partial<ExcelJS.Style> = {};
  const font = toFont(s);
  if (font) {
    delete font.name;
    delete font.size;
    out.font = font;
  }
  // Conditional-format fills use bgColor in the dxf.
  if (s.fill) out.fill = { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FF' + s.fill.toUpperCase() } };
  if (s.numFmt) out.numFmt = s.numFmt;
  return out;
}

/** Build the ExcelJS workbook for a model. */
export async function toExcelJs(model: WorkbookModel): Promise<ExcelJS.Workbook> {
  const { default: ExcelJSRuntime } = await import('exceljs');
  const wb = new ExcelJSRuntime.Workbook();
  wb.creator = model.properties?.creator ?? 'STI Rollup 科技指标汇总助手';
  wb.lastModifiedBy = wb.creator;
  if (model.properties?.title) wb.title = model.properties.title;
  wb.created = FIXED_DOC_DATE;
  wb.modified = FIXED_DOC_DATE;
  wb.calcProperties = { fullCalcOnLoad: true };
  const seen = new Set<string>();
  for (const sm of model.sheets) {
    const key = sm.name.toLowerCase();
    if (seen.has(key)) throw new Error(`工作表名称重复：${sm.name}`);
    seen.add(key);
    addSheet(wb, sm);
  }
  // The first visible sheet is the active one.
  const firstVisible = model.sheets.findIndex((s) => (s.state ?? 'visible') === 'visible');
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: Math.max(0, firstVisible), visibility: 'visible' }];
  return wb;
}

/** Render a model as .xlsx bytes. */
export async function writeXlsx(model: WorkbookModel, options: WriteOptions = {}): Promise<Uint8Array> {
  if (options.engine !== 'exceljs') return writeXlsxNative(model, { appendRows: options.appendRows, sink: options.sink });
  if (options.appendRows?.length || options.sink) throw new Error('appendRows and sink need the native engine');
  const wb = await toExcelJs(model);
  const buf = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  return options.deterministic === false ? buf : normaliseZip(buf);
}

/** Re-zip with fixed entry times (and stable order), so equal content gives equal bytes. */
export function normaliseZip(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  const out: Zippable = {};
  // [Content_Types].xml first, as Excel writes it; then the rest in their original order.
  const names = Object.keys(files);
  names.sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : 0));
  for (const name of names) out[name] = [files[name], { level: 6, mtime: ZIP_MTIME }];
  return zipSync(out, { mtime: ZIP_MTIME });
}

/** Validate an A1 range used by a model (for early, clear errors in builders). */
export function isA1Range(range: string): boolean {
  const [a, b = a] = range.split(':');
  return parseA1(a) !== null && parseA1(b) !== null;
}
