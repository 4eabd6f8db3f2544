/**
 * A direct SpreadsheetML writer for WorkbookModel: each part's XML is built by its module in
 * parts/ (worksheet and cells, shared strings, styles, workbook and relationships, drawings
 * and charts, comments, data validation, conditional formats) and deflated as it is
 * produced into a streaming zip (zip.ts ZipWriter: node's native zlib under node, fflate in
 * the browser), once, so large rollup and provenance sheets write in a fraction of ExcelJS's
 * time and memory. Bulk value rows (`appendRows`) are generated while their sheet is
 * written, never held whole. Covers every SheetModel feature: values (text always as text),
 * formulas with cached values, styles and number formats, column widths, merges, freeze
 * panes, data validation, protection without password, sheet states, A4 print setup,
 * conditional formatting (top/bottom N, expression), comments and charts.
 */
import type { WorkbookModel } from '../../core/sheet-model.js';
import { cellXml, columnLetter, type SharedStringSink } from './parts/cell.js';
import { commentsVml, commentsXml } from './parts/comments.js';
import { chartCaches, chartRelId, chartXml, drawingXml, planDrawings } from './parts/drawing.js';
import { CONTENT_TYPE, appPropertiesXml, contentTypesXml, corePropertiesXml } from './parts/package.js';
import { REL, relsXml, type Rel } from './parts/relationships.js';
import { SharedStrings } from './parts/shared-strings.js';
import { Styles } from './parts/styles.js';
import { workbookXml } from './parts/workbook.js';
import { SHEET_REL_ID, worksheetParts } from './parts/worksheet.js';
import { ZipWriter, type ByteSink } from './zip.js';

export { NATIVE_DOC_DATE } from './parts/package.js';
export { printTitlesRef } from './parts/workbook.js';

/** Fixed zip entry time: the same model gives the same bytes. */
const ZIP_MTIME = new Date(2024, 0, 1, 0, 0, 0);

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
  /**
   * Columns whose text is each row's own (a firm's code and name): written inline. Text in other
   * columns repeats from row to row (names of units, 是/否, file names) and goes to the shared-string
   * table, once, which makes a bulk sheet a fraction of the size to write, compress and open.
   * Without it, all text is inline.
   */
  ownTextColumns?: readonly number[];
}

export interface NativeWriteOptions {
  /** Bulk rows (hundreds of thousands for a large city) streamed into their sheets' XML. */
  appendRows?: readonly AppendRows[];
  /** Deflate on this thread only (by default node's zlib compresses large parts on a helper thread; same bytes). */
  oneThread?: boolean;
  /** Where the bytes go as they are ready (then an empty array is returned); see ZipWriter. */
  sink?: ByteSink;
}

/**
 * One appended row (1-based `rowNo`): values by the one cell builder, blanks left out, no style; text shared or
 * inline by column. A cell right after the previous one (or in column A) has no r attribute: hundreds of thousands
 * of rows are a quarter shorter to write, compress and open.
 */
function appendRowXml(values: AppendValue[], rowNo: number, strings: readonly (SharedStringSink | null)[]): string {
  let x = `<row r="${rowNo}">`;
  let last = -1;
  for (let ci = 0; ci < values.length; ci++) {
    const v = values[ci];
    if (v === null || v === undefined || v === '') continue;
    const c = cellXml(ci === last + 1 ? '' : columnLetter(ci) + rowNo, v, 0, undefined, strings[ci] ?? null);
    if (c === '') continue;
    x += c;
    last = ci;
  }
  return x + '</row>';
}

/** Per column of appended rows: where its text goes (null: inline). */
function textSinks(a: AppendRows, sst: SharedStringSink, columns: number): (SharedStringSink | null)[] {
  if (!a.ownTextColumns) return new Array<null>(columns).fill(null);
  const own = new Set(a.ownTextColumns);
  return Array.from({ length: columns }, (_, c) => (own.has(c) ? null : sst));
}

/** Excel's last row: a workbook with a row beyond it does not open (callers split long lists over sheets). */
const EXCEL_MAX_ROWS = 1_048_576;

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
  const active = model.sheets.findIndex((s) => (s.state ?? 'visible') === 'visible');
  if (active < 0) throw new Error('工作簿至少需要一个可见的工作表');
  const hasComments = model.sheets.map((sm) => sm.rows.some((row) => row?.some((m) => m?.comment)));
  const drawings = planDrawings(model);
  // Every chart's data is checked before anything is written (a bad reference is the caller's error).
  const caches = drawings.map((d) => d?.charts.map(({ chart }) => chartCaches(model, chart)));
  const overrides: { part: string; type: string }[] = [];
  model.sheets.forEach((_, i) => {
    const n = i + 1;
    overrides.push({ part: `/xl/worksheets/sheet${n}.xml`, type: CONTENT_TYPE.worksheet });
    if (hasComments[i]) overrides.push({ part: `/xl/comments${n}.xml`, type: CONTENT_TYPE.comments });
    const d = drawings[i];
    if (d) {
      overrides.push({ part: `/xl/drawings/drawing${d.drawingNo}.xml`, type: CONTENT_TYPE.drawing });
      for (const c of d.charts) overrides.push({ part: `/xl/charts/chart${c.chartNo}.xml`, type: CONTENT_TYPE.chart });
    }
  });
  const zip = new ZipWriter(ZIP_MTIME, { oneThread: options.oneThread, sink: options.sink });
  // A refusal half-way (a row past Excel's last) must not leave the deflate helper thread running.
  try {
    const put = (name: string, text: string) => zip.add(name, text, text.length > 1_000_000 ? LEVEL_LARGE : LEVEL_SMALL);
    // [Content_Types].xml first, as Excel writes it.
    put('[Content_Types].xml', contentTypesXml(overrides, hasComments.some(Boolean)));
    model.sheets.forEach((sm, i) => {
      const n = i + 1;
      const appends = appendBySheet.get(sm.name);
      const drawing = drawings[i];
      const parts = worksheetParts(sm, styles, sst, {
        selected: i === active,
        bulk: appends !== undefined,
        drawing: drawing !== undefined,
      });
      const name = `xl/worksheets/sheet${n}.xml`;
      if (!appends) {
        let length = parts.head.length + parts.tail.length + 24;
        for (const r of parts.rows) length += r.length;
        const entry = zip.entry(name, length > 1_000_000 ? LEVEL_LARGE : LEVEL_SMALL);
        entry.push(parts.head + (parts.rows.length ? '<sheetData>' : '<sheetData/>'));
        for (const r of parts.rows) entry.push(r);
        entry.push((parts.rows.length ? '</sheetData>' : '') + parts.tail);
        entry.end();
      } else {
        const entry = zip.entry(name, LEVEL_BULK);
        entry.push(parts.head + '<sheetData>');
        for (const r of parts.rows) entry.push(r);
        let next = parts.maxRow + 1;
        for (const a of appends) {
          if (a.start < next) throw new Error(`追加行与已有行重叠：${sm.name} 第 ${a.start + 1} 行`);
          let rowNo = a.start;
          let sinks: (SharedStringSink | null)[] | null = null;
          for (const values of a.rows) {
            rowNo++;
            if (rowNo > EXCEL_MAX_ROWS) throw new Error(`工作表“${sm.name}”超过 Excel 的最大行数 ${EXCEL_MAX_ROWS}`);
            if (sinks === null || sinks.length < values.length) sinks = textSinks(a, sst, values.length);
            // Each row goes to the zip as it is made (encoded into its buffer, never gathered into a long string).
            entry.push(appendRowXml(values, rowNo, sinks));
          }
          next = rowNo;
        }
        entry.push('</sheetData>' + parts.tail);
        entry.end();
      }
      const sheetRels: Rel[] = [];
      if (parts.comments.length) {
        put(`xl/comments${n}.xml`, commentsXml(parts.comments));
        put(`xl/drawings/vmlDrawing${n}.vml`, commentsVml(parts.comments, n));
        sheetRels.push(
          { id: SHEET_REL_ID.comments, type: REL.comments, target: `../comments${n}.xml` },
          { id: SHEET_REL_ID.commentsVml, type: REL.vmlDrawing, target: `../drawings/vmlDrawing${n}.vml` },
        );
      }
      if (drawing) {
        drawing.charts.forEach(({ chart, chartNo }, k) => {
          const { categories, values } = caches[i]![k];
          put(`xl/charts/chart${chartNo}.xml`, chartXml(chart, categories, values));
        });
        put(`xl/drawings/drawing${drawing.drawingNo}.xml`, drawingXml(drawing.charts.map((c) => c.chart)));
        put(
          `xl/drawings/_rels/drawing${drawing.drawingNo}.xml.rels`,
          relsXml(
            drawing.charts.map(({ chartNo }, k) => ({ id: chartRelId(k), type: REL.chart, target: `../charts/chart${chartNo}.xml` })),
          ),
        );
        sheetRels.push({ id: SHEET_REL_ID.drawing, type: REL.drawing, target: `../drawings/drawing${drawing.drawingNo}.xml` });
      }
      if (sheetRels.length) put(`xl/worksheets/_rels/sheet${n}.xml.rels`, relsXml(sheetRels));
    });
    put('xl/workbook.xml', workbookXml(model, active));
    const n = model.sheets.length;
    put(
      'xl/_rels/workbook.xml.rels',
      relsXml([
        ...model.sheets.map((_, i) => ({ id: `rId${i + 1}`, type: REL.worksheet, target: `worksheets/sheet${i + 1}.xml` })),
        { id: `rId${n + 1}`, type: REL.styles, target: 'styles.xml' },
        { id: `rId${n + 2}`, type: REL.sharedStrings, target: 'sharedStrings.xml' },
      ]),
    );
    put('xl/sharedStrings.xml', sst.xml());
    put('xl/styles.xml', styles.xml());
    put('docProps/core.xml', corePropertiesXml(model));
    put('docProps/app.xml', appPropertiesXml(model));
    put(
      '_rels/.rels',
      relsXml([
        { id: 'rId1', type: REL.officeDocument, target: 'xl/workbook.xml' },
        { id: 'rId2', type: REL.coreProperties, target: 'docProps/core.xml' },
        { id: 'rId3', type: REL.extendedProperties, target: 'docProps/app.xml' },
      ]),
    );
    return zip.finish();
  } finally {
    zip.close();
  }
}
