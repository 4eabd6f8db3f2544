/**
 * A template inserted into the workbook by the adapter, filled in place, and read back from its
 * sheets by the same adapter: the submission comes out with the values typed in.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemWorkbook } from '../support/mem-workbook.js';
import { installMockOffice } from '../support/mock-office.js';
import { createExcelPort } from '../../src/excel/excel-port.js';
import { createEngine } from '../../src/taskpane/engine-impl.js';

let wb: MemWorkbook;
beforeEach(() => {
  wb = new MemWorkbook(['Sheet1']);
  installMockOffice(wb);
});

describe('template filled in this workbook', () => {
  it('round-trips: insert, type values, read the sheets back as a submission', async () => {
    const port = createExcelPort();
    const engine = createEngine();
    const model = engine.templateWorkbook({ kind: 'township', unitCode: '990101', unitName: '城关街道', year: 2024, period: '2024' });
    await port.writeSheets(model.sheets);

    // The statistician types 本期数 and 上年同期数 for R&D expenditure.
    const sheet = wb.sheet('指标表')!;
    const grid = sheet.toGrid();
    const header = grid.findIndex((r) => r.includes('本期数'));
    const current = grid[header].indexOf('本期数');
    const previous = grid[header].findIndex((v) => typeof v === 'string' && v.startsWith('上年同期数'));
    const row = grid.findIndex((r) => r[0] === 'RD_EXP');
    expect([header, current, previous, row].every((x) => x >= 0)).toBe(true);
    sheet.ensure(row, current).value = 1234.5;
    sheet.ensure(row, previous).value = 1000;

    const before = wb.syncCount;
    const sheets = await port.readSheets(engine.templateSheetNames());
    expect(wb.syncCount - before).toBe(2);
    const imported = await engine.importFiles([], null, () => undefined, [{ fileName: '本工作簿', sheets }]);
    expect(imported.submissions).toHaveLength(1);
    const sub = imported.submissions[0];
    expect(sub.unit).toMatchObject({ code: '990101', name: '城关街道', kind: 'township' });
    expect(sub.fields.RD_EXP.current).toBe(1234.5);
    expect(sub.fields.RD_EXP.previous).toBe(1000);
    expect(sub.fields.RD_EXP.refs.current).toMatchObject({ file: '本工作簿', sheet: '指标表' });
    expect(imported.files).toEqual([expect.objectContaining({ file: '本工作簿', unitName: '城关街道' })]);
  });

  it('names every missing sheet in one message', async () => {
    await expect(createExcelPort().readSheets(['指标表', '企业名录'])).rejects.toThrow('找不到工作表“指标表”、“企业名录”');
  });
});
