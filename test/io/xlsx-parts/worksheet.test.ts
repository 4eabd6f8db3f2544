/**
 * The worksheet, model ⇄ XML: the XML around the rows (views, columns, merges, protection,
 * page setup, drawing) written from a SheetModel, and rows, cells, merges and hidden rows
 * read back, by the fast path and the general scanner alike.
 */
import { describe, expect, it } from 'vitest';
import type { GridCell } from '../../../src/core/grid.js';
import type { SheetModel } from '../../../src/core/sheet-model.js';
import { SharedStrings } from '../../../src/io/xlsx/parts/shared-strings.js';
import { Styles } from '../../../src/io/xlsx/parts/styles.js';
import {
  headerFooterXml,
  parseSheet,
  parseSheetFast,
  readWorksheet,
  worksheetParts,
  type WorksheetReadContext,
} from '../../../src/io/xlsx/parts/worksheet.js';
import { isXlsxReadError } from '../../../src/io/xlsx/read-error.js';

const write = (sm: SheetModel, opts: Partial<{ selected: boolean; bulk: boolean; drawing: boolean }> = {}) => {
  const sst = new SharedStrings();
  const parts = worksheetParts(sm, new Styles(), sst, { selected: false, bulk: false, drawing: false, ...opts });
  return { ...parts, sst, xml: parts.head + '<sheetData>' + parts.rows.join('') + '</sheetData>' + parts.tail };
};

const ctx = (sst: string[] = [], over: Partial<WorksheetReadContext> = {}): WorksheetReadContext => ({
  sheetName: '表',
  state: 'visible',
  sst,
  dateStyles: [],
  maxRows: 1000,
  budget: { left: 1000, max: 1000 },
  partName: 'xl/worksheets/sheet1.xml',
  ...over,
});

/** The sheet's cells as { A1: value } (formulas as '=…'). */
function cells(grid: { maxRow: number; maxCol: number; cell(r: number, c: number): GridCell | undefined }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let r = 0; r <= grid.maxRow; r++)
    for (let c = 0; c <= grid.maxCol; c++) {
      const x = grid.cell(r, c);
      if (x)
        out[String.fromCharCode(65 + c) + (r + 1)] = x.formula !== undefined ? [x.error ?? x.value, '=' + x.formula] : (x.error ?? x.value);
    }
  return out;
}

describe('worksheet: model → XML', () => {
  it.each<{
    name: string;
    sm: Partial<SheetModel>;
    opts?: Partial<{ selected: boolean; bulk: boolean; drawing: boolean }>;
    has: string[];
    hasNot?: string[];
  }>([
    {
      name: 'empty sheet',
      sm: {},
      has: ['<dimension ref="A1"/>', '<sheetView workbookViewId="0"></sheetView>'],
      hasNot: ['<cols>', '<pageSetup'],
    },
    { name: 'selected tab', sm: {}, opts: { selected: true }, has: ['<sheetView tabSelected="1" workbookViewId="0">'] },
    {
      name: 'frozen header rows and first column',
      sm: { freeze: { rows: 2, cols: 1 } },
      has: [
        '<pane xSplit="1" ySplit="2" topLeftCell="B3" activePane="bottomRight" state="frozen"/><selection pane="bottomRight" activeCell="B3" sqref="B3"/>',
      ],
    },
    {
      name: 'frozen rows only',
      sm: { freeze: { rows: 3, cols: 0 } },
      has: ['<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>'],
    },
    {
      name: 'widths and hidden columns',
      sm: { columnWidths: [12, 0, 30.5], hiddenColumns: [4] },
      has: [
        '<cols><col min="1" max="1" width="12" customWidth="1"/><col min="3" max="3" width="30.5" customWidth="1"/><col min="5" max="5" width="9" customWidth="1" hidden="1"/></cols>',
      ],
    },
    {
      name: 'merges',
      sm: { merges: ['A1:G1', 'A2:B2'] },
      has: ['<mergeCells count="2"><mergeCell ref="A1:G1"/><mergeCell ref="A2:B2"/></mergeCells>'],
    },
    {
      name: 'protection without password',
      sm: { protect: true },
      has: ['<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0"/>'],
    },
    {
      name: 'A4 landscape fitted to one page wide',
      sm: { print: { orientation: 'landscape', fitToWidth: true, header: '排名 R&D' } },
      has: [
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>',
        '<oddHeader>&amp;C排名 R&amp;&amp;D</oddHeader>',
      ],
    },
    {
      name: 'bulk rows follow: no dimension',
      sm: { rows: [[{ value: 1 }]] },
      opts: { bulk: true },
      has: ['<sheetViews>'],
      hasNot: ['<dimension'],
    },
    { name: 'a drawing (charts)', sm: {}, opts: { drawing: true }, has: ['<drawing r:id="rIdDrawing1"/></worksheet>'] },
  ])('$name', ({ sm, opts, has, hasNot }) => {
    const { xml } = write({ name: '表', rows: [], ...sm }, opts);
    for (const h of has) expect(xml).toContain(h);
    for (const h of hasNot ?? []) expect(xml).not.toContain(h);
  });

  it('writes rows with heights and hidden flags, the dimension, and the tail in CT_Worksheet order', () => {
    const sm: SheetModel = {
      name: '表',
      rows: [
        [{ value: '标题', comment: '注' }],
        [],
        [
          { value: 1, validation: { type: 'decimal', min: 0, allowBlank: true } },
          { formula: 'A3*2', value: 2 },
        ],
      ],
      rowHeights: { 0: 30 },
      hiddenRows: [1],
      merges: ['A1:B1'],
      protect: true,
      conditionalFormats: [{ range: 'A3:A3', rule: { type: 'top', rank: 1, style: { bold: true } } }],
      print: { orientation: 'portrait', footerNote: '示例数据' },
    };
    const { rows, tail, xml, comments, maxRow } = write(sm, { drawing: true });
    expect(rows).toEqual([
      '<row r="1" ht="30" customHeight="1"><c r="A1" t="s"><v>0</v></c></row>',
      '<row r="2" hidden="1"></row>',
      '<row r="3"><c r="A3"><v>1</v></c><c r="B3"><f>A3*2</f><v>2</v></c></row>',
    ]);
    expect(maxRow).toBe(2);
    expect(xml).toContain('<dimension ref="A1:B3"/>');
    expect(comments).toEqual([{ ref: 'A1', row: 0, col: 0, text: '注' }]);
    const order = [
      '<sheetProtection',
      '<mergeCells',
      '<conditionalFormatting',
      '<dataValidations',
      '<pageMargins',
      '<pageSetup',
      '<headerFooter',
      '<drawing',
      '<legacyDrawing',
    ];
    const at = order.map((tag) => tail.indexOf(tag));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('header and footer: literal ampersands doubled, page numbers in the footer', () => {
    expect(headerFooterXml({ orientation: 'portrait', footerNote: 'A&B' })).toBe(
      '<headerFooter><oddFooter>&amp;LA&amp;&amp;B&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter></headerFooter>',
    );
  });

  it('reads back what it writes', () => {
    const sm: SheetModel = {
      name: '表',
      rows: [
        [{ value: '代码' }, { value: 'A&B <公司>' }],
        [{ value: 1.5 }, { value: true }, { formula: 'A2*2', value: 3 }],
        [{ value: '_x0041_' }],
      ],
      merges: ['A1:B1'],
      hiddenRows: [2],
    };
    const { xml, sst } = write(sm);
    const strings = [...sst.xml().matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) =>
      m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace('_x005F_', '_'),
    );
    const grid = readWorksheet(xml, ctx(strings));
    expect(cells(grid)).toEqual({ A1: '代码', B1: 'A&B <公司>', A2: 1.5, B2: true, C2: [3, '=A2*2'], A3: '_x0041_' });
    expect(grid.merges).toEqual([{ r0: 0, c0: 0, r1: 0, c1: 1 }]);
    expect(grid.hiddenRows).toEqual([2]);
  });
});

describe('worksheet: XML → model (fast path and general scanner agree)', () => {
  const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  it.each<{ name: string; body: string; out: Record<string, unknown>; fast?: boolean }>([
    {
      name: 'shared strings and numbers',
      body: '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1"><v>2</v></c></row>',
      out: { A1: '乙', B1: 2 },
    },
    {
      name: 'cells without r follow the previous',
      body: '<row><c><v>1</v></c><c r="C1" s="1"/><c><v>3</v></c></row><row><c><v>4</v></c></row>',
      out: { A1: 1, D1: 3, A2: 4 },
    },
    {
      name: 'inline strings without phonetic runs',
      body: '<row r="2"><c r="B2" t="inlineStr"><is><t>漢</t><rPh><t>かん</t></rPh><r><t>字</t></r></is></c></row>',
      out: { B2: '漢字' },
    },
    {
      name: 'formula with text result and error',
      body: '<row r="1"><c r="A1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>',
      out: { A1: ['ab', '="a"&"b"'], B1: ['#DIV/0!', '=1/0'] },
    },
    { name: 'styled blanks hold nothing', body: '<row r="1"><c r="A1" s="3"/><c r="B1" s="3"></c></row>', out: {} },
    { name: 'prefixed elements (general scanner)', body: '', out: { A1: 7 }, fast: false },
    {
      name: 'CDATA value (general scanner)',
      body: '<row r="1"><c r="A1" t="str"><v><![CDATA[<x>]]></v></c></row>',
      out: { A1: '<x>' },
      fast: false,
    },
  ])('$name', ({ name, body, out, fast = true }) => {
    const xml = name.startsWith('prefixed')
      ? '<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>'
      : `<worksheet ${NS}><sheetData>${body}</sheetData></worksheet>`;
    const c = () => ctx(['甲', '乙']);
    expect(cells(readWorksheet(xml, c()))).toEqual(out);
    expect(cells(parseSheet(xml, c()))).toEqual(out);
    const f = parseSheetFast(xml, c());
    if (fast) expect(cells(f!)).toEqual(out);
    else expect(f).toBeNull();
  });

  it.each([
    { name: 'a shared string that does not exist', body: '<row r="1"><c r="A1" t="s"><v>9</v></c></row>', code: 'CORRUPT' },
    { name: 'a column beyond XFD', body: '<row r="1"><c r="XFE1"><v>1</v></c></row>', code: 'CORRUPT' },
    { name: 'too many rows', body: '<row r="5000"><c r="A5000"><v>1</v></c></row>', code: 'TOO_MANY_ROWS' },
    { name: 'too many cells', body: '<row r="1">' + '<c><v>1</v></c>'.repeat(1001) + '</row>', code: 'TOO_MANY_CELLS' },
  ])('refuses $name, by both parsers', ({ body, code }) => {
    const xml = `<worksheet ${NS}><sheetData>${body}</sheetData></worksheet>`;
    for (const parse of [parseSheet, (x: string, c: WorksheetReadContext) => parseSheetFast(x, c)!]) {
      let error: unknown;
      try {
        parse(xml, ctx(['甲']));
      } catch (e) {
        error = e;
      }
      expect(isXlsxReadError(error) && error.code).toBe(code);
    }
  });
});
