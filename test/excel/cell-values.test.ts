/**
 * The Excel adapter and the preview's in-memory workbook follow the same value rule as the
 * .xlsx writers (cellValueForWrite): a non-finite number becomes the error #NUM! (written as
 * its literal, which Excel enters as that error), a formula without a figure shows blank with
 * its formula kept, a constant without a figure is blank, error-like text stays text.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemWorkbook } from '../support/mem-workbook.js';
import { installMockOffice } from '../support/mock-office.js';
import { parseA1 } from '../../src/core/sheet-model.js';
import { valueForExcel } from '../../src/excel/cell-text.js';
import { createExcelPort } from '../../src/excel/excel-port.js';
import { readXlsx } from '../../src/io/xlsx/read.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { CELL_VALUES_SHEET, RATIO, SHOWN } from '../fixtures/cell-values.js';

let wb: MemWorkbook;
beforeEach(() => {
  wb = new MemWorkbook(['Sheet1']);
  installMockOffice(wb);
});

const at = (ref: string) => parseA1(ref)!;

describe('Excel adapter: values by the one rule', () => {
  it('puts #NUM! (not "" or 0) in range.values for a non-finite number, "" for no figure', () => {
    expect([NaN, Infinity, -Infinity].map((value) => valueForExcel({ value }))).toEqual(Array(3).fill('#NUM!'));
    expect(valueForExcel({ value: NaN, formula: 'A1*2' })).toBe('#NUM!');
    expect([null, undefined, ''].map((value) => valueForExcel({ value }))).toEqual(['', '', '']);
    expect(valueForExcel({ value: null, formula: RATIO })).toBe('');
    // Text that Excel would take as an error keeps the apostrophe: only a real error becomes one.
    expect(valueForExcel({ value: '#NUM!' })).toBe("'#NUM!");
    expect(valueForExcel({ value: 0 })).toBe(0);
  });

  it('writes a non-finite number as the error #NUM!, visible in the sheet and read back as an error', async () => {
    const port = createExcelPort();
    await port.writeSheets([CELL_VALUES_SHEET]);
    const s = wb.sheet('取值规则')!;
    for (const ref of ['E1', 'F1']) expect([ref, s.cell(at(ref).row, at(ref).col)]).toMatchObject([ref, { value: '#NUM!', error: true }]);
    // Formula cells keep their formula; their cached value follows the rule too (Excel recalculates them).
    expect(s.cell(0, 2)).toMatchObject({ formula: '=A2*2', value: '#NUM!', error: true });
    expect(s.cell(0, 3)).toMatchObject({ formula: '=A2*3', value: '#NUM!', error: true });
    const grid = await port.readSheet('取值规则');
    expect(grid.cell(0, 4)).toEqual({ value: null, error: '#NUM!' });
    expect(grid.cell(0, 5)).toEqual({ value: null, error: '#NUM!' });
    expect(grid.cell(0, 8)).toEqual({ value: '#NUM!' });
  });

  it('caches "" under a formula without a figure (never 0), and leaves a constant without one blank', async () => {
    const port = createExcelPort();
    await port.writeSheets([CELL_VALUES_SHEET]);
    const s = wb.sheet('取值规则')!;
    for (const c of [0, 1]) expect(s.cell(0, c)).toMatchObject({ formula: `=${RATIO}`, value: '' });
    for (const c of [6, 7]) expect([c, s.cell(0, c)?.value]).toEqual([c, '']);
    const grid = await port.readSheet('取值规则');
    expect(grid.cell(0, 0)).toEqual({ value: null, formula: RATIO });
    expect([grid.cell(0, 6), grid.cell(0, 7)]).toEqual([undefined, undefined]);
  });

  it('shows every cell as the native .xlsx writer’s file does', async () => {
    await createExcelPort().writeSheets([CELL_VALUES_SHEET]);
    const fromPort = await createExcelPort().readSheet('取值规则');
    const fromFile = readXlsx(await writeXlsx({ sheets: [CELL_VALUES_SHEET] }), 'f.xlsx').sheets[0];
    const shown = (c: { value: unknown; error?: string } | undefined) => c?.error ?? c?.value ?? '';
    for (const [ref, expected] of Object.entries(SHOWN)) {
      const { row, col } = at(ref);
      expect([ref, shown(fromPort.cell(row, col)), shown(fromFile.cell(row, col))]).toEqual([ref, expected, expected]);
    }
  });
});

describe('preview (in-memory workbook)', () => {
  it('shows a formula’s cached "" as blank and a non-finite number as #NUM!', async () => {
    await createExcelPort().writeSheets([CELL_VALUES_SHEET]);
    const grid = wb.sheet('取值规则')!.toGrid();
    expect(grid[0]).toEqual(['', '', '#NUM!', '#NUM!', '#NUM!', '#NUM!', '', '', '#NUM!', '#DIV/0!']);
  });

  it('enters an error literal written to a cell as that error, as Excel does; with the apostrophe it is text', async () => {
    await (globalThis as any).Excel.run(async (context: any) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1:C1');
      range.values = [['#NUM!', "'#NUM!", '#N/A']];
      range.load('values,valueTypes');
      await context.sync();
      expect(range.values).toEqual([['#NUM!', '#NUM!', '#N/A']]);
      expect(range.valueTypes).toEqual([['Error', 'String', 'Error']]);
    });
  });
});
