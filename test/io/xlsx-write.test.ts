import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import type { WorkbookModel } from '../../src/core/sheet-model.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { readXlsx } from '../../src/io/xlsx/read.js';

const dec = new TextDecoder();
const parts = (b: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(b)).map(([k, v]) => [k, dec.decode(v)]));

const MODEL: WorkbookModel = {
  properties: { title: '测试', creator: '测试者' },
  sheets: [
    {
      name: '排名',
      rows: [
        [{ value: '单位', style: { bold: true, fill: 'DDEBF7', border: true } }, { value: '数值' }, { value: '位次' }],
        [
          { value: '=HYPERLINK("http://evil","甲")' },
          { value: 3.14159, style: { numFmt: '0.00' } },
          { formula: '_xlfn.RANK.EQ(B2,$B$2:$B$4)', value: 2 },
        ],
        [{ value: '+乙' }, { value: 7 }, { formula: '_xlfn.RANK.EQ(B3,$B$2:$B$4)', value: 1 }],
        [{ value: '@丙', comment: '批注：示例' }, { value: 1 }, { formula: 'RANK(B4,$B$2:$B$4)', value: 3 }],
        [{ value: '合计' }, { formula: 'SUM(B2:B4)', value: 11.14159 }, { value: true }],
        [
          { value: '输入', style: { locked: false } },
          {
            validation: { type: 'decimal', operator: 'between', min: 0, max: 100, allowBlank: true, error: '0到100' },
            style: { locked: false },
          },
        ],
      ],
      columnWidths: [20, 12, 8],
      freeze: { rows: 1, cols: 1 },
      merges: ['A8:C8'],
      protect: true,
      conditionalFormats: [
        { range: 'B2:B4', rule: { type: 'top', rank: 1, style: { fill: 'C6EFCE', bold: true } } },
        { range: 'B2:B4', rule: { type: 'bottom', rank: 1, style: { fill: 'FFC7CE' } } },
        { range: 'C2:C4', rule: { type: 'expression', formula: 'C2=1', style: { color: 'FF0000' } } },
      ],
      charts: [
        {
          type: 'column',
          title: '数值',
          seriesName: '数值',
          categoriesRef: "'排名'!$A$2:$A$4",
          valuesRef: "'排名'!$B$2:$B$4",
          anchor: { col: 4, row: 1, widthCols: 6, heightRows: 12 },
        },
      ],
      print: { orientation: 'landscape', fitToWidth: true, paper: 'A4' },
    },
    { name: '隐藏', state: 'hidden', rows: [[{ value: 'h' }]] },
    { name: '设置', state: 'veryHidden', rows: [[{ value: 'v' }]] },
  ],
};

describe('xlsx writer', () => {
  it('renders every SheetModel feature', async () => {
    const b = await writeXlsx(MODEL);
    const p = parts(b);
    const wb = p['xl/workbook.xml'];
    expect(wb).toMatch(/name="隐藏"[^>]*state="hidden"/);
    expect(wb).toMatch(/name="设置"[^>]*state="veryHidden"/);
    const s = p['xl/worksheets/sheet1.xml'];
    expect(s).toMatch(/<pane [^>]*xSplit="1"[^>]*ySplit="1"[^>]*state="frozen"/);
    expect(s).toContain('<mergeCell ref="A8:C8"/>');
    expect(s).toMatch(/<col [^>]*width="20/);
    expect(s).toMatch(/<sheetProtection [^>]*sheet="1"/);
    expect(s).toMatch(
      /<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"|<pageSetup [^>]*orientation="landscape"[^>]*paperSize="9"/,
    );
    expect(s).toMatch(/<cfRule type="top10"[^>]*rank="1"/);
    expect(s).toMatch(/<cfRule type="top10"[^>]*bottom="1"/);
    expect(s).toMatch(/<cfRule type="expression"[^>]*>\s*<formula>C2=1<\/formula>/);
    expect(s).toMatch(/<dataValidation type="decimal"[^>]*sqref="B6"/);
    expect(s).toContain('<f>_xlfn.RANK.EQ(B2,$B$2:$B$4)</f><v>2</v>');
    expect(s).toContain('<f>SUM(B2:B4)</f><v>11.14159</v>');
    expect(Object.keys(p).some((k) => /comments\d*\.xml$/.test(k))).toBe(true);
    expect(p['docProps/core.xml']).toContain('<dc:title>测试</dc:title>');
  });

  it('keeps formula-looking text as text, and reads back values and cached formula results', async () => {
    const g = readXlsx(await writeXlsx(MODEL), 'w.xlsx');
    const s = g.sheets[0];
    expect(s.cell(1, 0)).toEqual({ value: '=HYPERLINK("http://evil","甲")' });
    expect(s.cell(2, 0)).toEqual({ value: '+乙' });
    expect(s.cell(3, 0)).toEqual({ value: '@丙' });
    expect(s.cell(1, 2)).toEqual({ value: 2, formula: '_xlfn.RANK.EQ(B2,$B$2:$B$4)' });
    expect(s.cell(4, 1)).toEqual({ value: 11.14159, formula: 'SUM(B2:B4)' });
    expect(s.cell(4, 2)).toEqual({ value: true });
    expect(g.sheets.map((x) => [x.name, x.state])).toEqual([
      ['排名', 'visible'],
      ['隐藏', 'hidden'],
      ['设置', 'veryHidden'],
    ]);
  });

  it('is deterministic and refuses duplicate sheet names', async () => {
    const a = await writeXlsx(MODEL);
    const b = await writeXlsx(MODEL);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    await expect(
      writeXlsx({
        sheets: [
          { name: 'A', rows: [] },
          { name: 'a', rows: [] },
        ],
      }),
    ).rejects.toThrow(/重复/);
  });
});

describe('native writer against ExcelJS', () => {
  it('both engines give workbooks that read back to the same cells, states and merges', async () => {
    const { buildSubmissionModel } = await import('../../src/core/template-schema.js');
    const { baseSubmission } = await import('../fixtures/submissions.js');
    for (const model of [MODEL, buildSubmissionModel(baseSubmission())]) {
      const a = readXlsx(await writeXlsx(model), 'a.xlsx');
      const b = readXlsx(await writeXlsx(model, { engine: 'exceljs' }), 'b.xlsx');
      expect(a.sheets.map((s) => [s.name, s.state, s.maxRow, s.maxCol, s.merges])).toEqual(
        b.sheets.map((s) => [s.name, s.state, s.maxRow, s.maxCol, s.merges]),
      );
      a.sheets.forEach((s, i) => {
        for (let r = 0; r <= s.maxRow; r++)
          for (let c = 0; c <= s.maxCol; c++) expect([s.name, r, c, s.cell(r, c)]).toEqual([s.name, r, c, b.sheets[i].cell(r, c)]);
      });
    }
  });

  it('writes text the XML cannot carry as OOXML escapes and reads it back unchanged', async () => {
    const texts = ['tab\there', 'bell\u0007', 'looks like _x0041_ escape', ' leading and trailing ', '多行\r\n文本', 'emoji 🚀'];
    const g = readXlsx(await writeXlsx({ sheets: [{ name: 'T', rows: texts.map((t) => [{ value: t }]) }] }), 't.xlsx');
    expect(texts.map((_, r) => g.sheets[0].cell(r, 0)?.value)).toEqual(texts);
  });
});
