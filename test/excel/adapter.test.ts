import { beforeEach, describe, expect, it } from 'vitest';
import { MemWorkbook } from '../support/mem-workbook.js';
import { installMockOffice } from '../support/mock-office.js';
import { createExcelPort } from '../../src/excel/excel-port.js';
import type { SheetModel, CellModel } from '../../src/core/sheet-model.js';
import { columnLetters } from '../../src/core/sheet-model.js';

/** A ranking-shaped sheet: one row per unit, value and rank columns per indicator, a total row of formulas. */
function rankingLike(units: number, indicators: number, name = '城市排名'): SheetModel {
  const header: CellModel[] = [{ value: '单位', style: { bold: true, fill: 'DDEBF7', border: true } }];
  for (let k = 0; k < indicators; k++) {
    header.push({ value: `指标${k + 1}`, style: { bold: true, fill: 'DDEBF7', border: true } });
    header.push({ value: '排名', style: { bold: true, fill: 'DDEBF7', border: true } });
  }
  const rows: CellModel[][] = [header];
  for (let u = 0; u < units; u++) {
    const row: CellModel[] = [{ value: `区${u + 1}`, style: { border: true } }];
    for (let k = 0; k < indicators; k++) {
      const col = columnLetters(1 + 2 * k);
      row.push({
        value: (u * 7 + k * 3) % 11,
        style: { numFmt: '0.00', border: true, locked: false },
        validation: { type: 'decimal', min: 0, allowBlank: true, error: '请输入不小于0的数' },
      });
      row.push({
        value: 1,
        formula: `_xlfn.RANK.EQ(${col}${u + 2},$${col}$2:$${col}$${units + 1},0)`,
        style: { numFmt: '0', border: true },
      });
    }
    rows.push(row);
  }
  const total: CellModel[] = [{ value: '合计', style: { bold: true } }];
  for (let k = 0; k < indicators; k++) {
    const col = columnLetters(1 + 2 * k);
    total.push(
      { value: 0, formula: `SUM(${col}2:${col}${units + 1})`, style: { bold: true, numFmt: '0.00' } },
      null as unknown as CellModel,
    );
  }
  rows.push(total);
  const last = units + 1;
  return {
    name,
    rows,
    columnWidths: [12, ...Array(indicators * 2).fill(10)],
    freeze: { rows: 1, cols: 1 },
    merges: [],
    protect: true,
    conditionalFormats: [
      { range: `B2:B${last}`, rule: { type: 'top', rank: 3, style: { fill: 'C6EFCE', color: '006100' } } },
      { range: `B2:B${last}`, rule: { type: 'bottom', rank: 3, style: { fill: 'FFC7CE', color: '9C0006' } } },
      { range: `C2:C${last}`, rule: { type: 'expression', formula: `C2<=3`, style: { bold: true } } },
    ],
    charts: [
      {
        type: 'column',
        title: '科创指数',
        seriesName: '指标1',
        categoriesRef: `'${name}'!$A$2:$A$${last}`,
        valuesRef: `'${name}'!$B$2:$B$${last}`,
        anchor: { col: 2 + indicators * 2, row: 1, widthCols: 8, heightRows: 16 },
      },
    ],
  };
}

let wb: MemWorkbook;
beforeEach(() => {
  wb = new MemWorkbook(['Sheet1']);
  installMockOffice(wb);
});

describe('Excel adapter over the in-memory workbook', () => {
  it('costs the same number of context.sync() for 3 and 60 units (and 2 or 20 indicators)', async () => {
    const port = createExcelPort();
    const counts: number[] = [];
    for (const [units, indicators] of [
      [3, 2],
      [60, 20],
    ]) {
      const before = wb.syncCount;
      const result = await port.writeSheets([
        rankingLike(units, indicators, `排名${units}`),
        { name: `设置${units}`, rows: [[{ value: '方法' }, { value: 'minmax' }]] },
      ]);
      counts.push(wb.syncCount - before);
      expect(result.syncs).toBe(wb.syncCount - before);
    }
    expect(counts[0]).toBe(2);
    expect(counts[1]).toBe(counts[0]);

    const before = wb.syncCount;
    await port.readSheet('排名60');
    const readSyncs = wb.syncCount - before;
    expect(readSyncs).toBe(2);
    const b2 = wb.syncCount;
    await port.listSheets();
    expect(wb.syncCount - b2).toBe(1);
  });

  it('writes values, formulas without _xlfn, number formats, styles, validation, conditional formats, chart, freeze, protection', async () => {
    const port = createExcelPort();
    await port.writeSheets([rankingLike(6, 3)]);
    const s = wb.sheet('城市排名')!;
    expect(s).toBeDefined();
    expect(s.cell(1, 0)?.value).toBe('区1');
    expect(s.cell(1, 2)?.formula).toBe('=RANK.EQ(B2,$B$2:$B$7,0)');
    expect(s.cell(7, 1)?.formula).toBe('=SUM(B2:B7)');
    expect(s.cell(1, 1)?.numberFormat).toBe('0.00');
    expect(s.cell(0, 0)?.bold).toBe(true);
    expect(s.cell(0, 6)?.fill).toBe('#DDEBF7');
    expect(s.cell(2, 1)?.locked).toBe(false);
    expect(s.cell(2, 0)?.locked).toBeUndefined();
    expect(s.validations.some((v) => v.address === 'B2:B7' || v.address.startsWith('B2'))).toBe(true);
    expect(s.conditionalFormats.map((c) => [c.type, c.rule.type ?? c.rule.formula])).toEqual([
      ['TopBottom', 'TopItems'],
      ['TopBottom', 'BottomItems'],
      ['Custom', '=C2<=3'],
    ]);
    expect(s.charts).toHaveLength(1);
    expect(s.charts[0]).toMatchObject({ type: 'ColumnClustered', title: '科创指数', seriesName: '指标1' });
    expect(s.charts[0].sourceAddress).toBe("'城市排名'!B2:B7");
    expect(s.charts[0].xAxisAddress).toBe("'城市排名'!A2:A7");
    expect(s.freeze).toEqual({ rows: 1, cols: 1 });
    expect(s.protected).toBe(true);
    expect(s.columnWidths.get(0)).toBeGreaterThan(s.columnWidths.get(1)!);
    expect(wb.activeSheet).toBe('城市排名');
  });

  it('applies the print setup, row heights and hidden machine rows and columns as the .xlsx files have them', async () => {
    const port = createExcelPort();
    const model = {
      ...rankingLike(6, 3),
      rowHeights: { 0: 32 },
      hiddenRows: [7],
      hiddenColumns: [2],
      print: {
        orientation: 'landscape' as const,
        paper: 'A4' as const,
        fitToWidth: 2,
        titleRows: [0, 0] as [number, number],
        titleColumns: [0, 0] as [number, number],
        header: '示例市排名 & 设置',
        footerNote: '示例数据',
      },
    };
    await port.writeSheets([model]);
    const s = wb.sheet('城市排名')!;
    expect(s.rowHeights.get(0)).toBe(32);
    expect(s.hiddenRows.has(7)).toBe(true);
    expect(s.hiddenColumns.has(2)).toBe(true);
    expect(s.pageLayout).toMatchObject({
      orientation: 'Landscape',
      paperSize: 'A4',
      zoom: { horizontalFitToPages: 2, verticalFitToPages: 0 },
      printTitleRows: '$1:$1',
      printTitleColumns: '$A:$A',
      headersFooters: { centerHeader: '示例市排名 && 设置', centerFooter: '第 &P 页 共 &N 页', leftFooter: '示例数据' },
    });
  });

  it('never overwrites an existing sheet: writes "名称 (2)" and points its own references at the new name', async () => {
    const port = createExcelPort();
    await port.writeSheets([rankingLike(3, 1)]);
    const original = wb.sheet('城市排名')!;
    original.ensure(0, 0).value = '用户自己改过';
    const second = await port.writeSheets([rankingLike(3, 1)]);
    expect(second.written).toEqual([{ requested: '城市排名', name: '城市排名 (2)', replaced: false }]);
    expect(wb.sheet('城市排名')!.cell(0, 0)?.value).toBe('用户自己改过');
    const copy = wb.sheet('城市排名 (2)')!;
    expect(copy.cell(1, 0)?.value).toBe('区1');
    expect(copy.charts[0].sourceAddress).toBe("'城市排名 (2)'!B2:B4");
    const third = await port.writeSheets([rankingLike(3, 1)]);
    expect(third.written[0].name).toBe('城市排名 (3)');
    expect(wb.sheets.map((x) => x.name)).toEqual(['Sheet1', '城市排名', '城市排名 (2)', '城市排名 (3)']);
  });

  it('replaces a sheet only when asked, keeping one sheet of that name and its position unused by leftovers', async () => {
    const port = createExcelPort();
    await port.writeSheets([rankingLike(3, 1)]);
    wb.sheet('城市排名')!.ensure(0, 0).value = '旧';
    const r = await port.writeSheets([rankingLike(4, 1)], { onConflict: 'replace' });
    expect(r.written[0]).toEqual({ requested: '城市排名', name: '城市排名', replaced: true });
    expect(wb.sheets.map((x) => x.name)).toEqual(['Sheet1', '城市排名']);
    expect(wb.sheet('城市排名')!.cell(0, 0)?.value).toBe('单位');
    expect(wb.sheet('城市排名')!.cell(4, 0)?.value).toBe('区4');
  });

  it('replacing the only sheet of the workbook works (the new sheet exists before the old one goes)', async () => {
    const port = createExcelPort();
    const r = await port.writeSheets([{ name: 'Sheet1', rows: [[{ value: 'x' }]] }], { onConflict: 'replace' });
    expect(r.written[0].replaced).toBe(true);
    expect(wb.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    expect(wb.sheet('Sheet1')!.cell(0, 0)?.value).toBe('x');
  });

  it('writes text that looks like a formula or a number as text, never as a formula', async () => {
    const port = createExcelPort();
    const texts = ['=HYPERLINK("http://x","点我")', '+1', '-', '-3', '@SUM(A1)', "'引号", '0012', '2024-01', 'TRUE', '普通文字'];
    await port.writeSheets([{ name: '文本', rows: texts.map((t) => [{ value: t }]) }]);
    const s = wb.sheet('文本')!;
    texts.forEach((t, r) => {
      expect(s.cell(r, 0)?.formula).toBeUndefined();
      expect(s.cell(r, 0)?.value).toBe(t);
    });
    // A text-formatted cell needs no apostrophe: the format keeps it text.
    await port.writeSheets([
      {
        name: '文本格式',
        rows: [
          [
            { value: '=1+1', style: { numFmt: '@' } },
            { value: '0012', style: { numFmt: '@' } },
          ],
        ],
      },
    ]);
    const tf = wb.sheet('文本格式')!;
    expect([tf.cell(0, 0)?.value, tf.cell(0, 0)?.formula, tf.cell(0, 0)?.prefixQuoted]).toEqual(['=1+1', undefined, false]);
    expect(tf.cell(0, 1)?.value).toBe('0012');
    const grid = await port.readSheet('文本');
    expect(texts.map((_, r) => grid.cell(r, 0)?.value)).toEqual(texts);
    expect(texts.every((_, r) => grid.cell(r, 0)?.formula === undefined)).toBe(true);
  });

  it('hides _meta very hidden, sanitises names Excel refuses, and reads a sheet back into a grid from A1', async () => {
    const port = createExcelPort();
    const r = await port.writeSheets([
      {
        name: '指标表',
        rows: [
          [{ value: '指标代码' }, { value: '本期数' }],
          [{ value: 'RD_EXP' }, { value: 12.5 }],
        ],
      },
      { name: '_meta', state: 'veryHidden', rows: [[{ value: 'templateId' }, { value: 'township' }]] },
      { name: '汇总/2024:[草稿]', rows: [[null, { value: 1, formula: "SUM('指标表'!B2)" }]] },
    ]);
    expect(r.written.map((w) => w.name)).toEqual(['指标表', '_meta', '汇总_2024__草稿_']);
    expect(wb.sheet('_meta')!.visibility).toBe('VeryHidden');
    expect(wb.activeSheet).toBe('指标表');
    const grid = await port.readSheet('汇总_2024__草稿_');
    expect([grid.maxRow, grid.maxCol]).toEqual([0, 1]);
    expect(grid.cell(0, 0)).toBeUndefined();
    expect(grid.cell(0, 1)).toEqual({ value: 1, formula: "SUM('指标表'!B2)" });
    const meta = await port.readSheet('_meta');
    expect(meta.state).toBe('veryHidden');
    expect(meta.cell(0, 1)?.value).toBe('township');
    await expect(port.readSheet('不存在')).rejects.toThrow('找不到工作表');
    const list = await port.listSheets();
    expect(list).toContainEqual({ name: '_meta', visibility: 'VeryHidden' });
  });

  it('renames cross-sheet references when a referenced sheet of the same write gets a suffix', async () => {
    const port = createExcelPort();
    await port.writeSheets([{ name: '数据', rows: [[{ value: 1 }]] }]);
    const r = await port.writeSheets([
      { name: '数据', rows: [[{ value: 2 }]] },
      { name: '结果', rows: [[{ value: 2, formula: "'数据'!A1*2" }]] },
    ]);
    expect(r.written.map((w) => w.name)).toEqual(['数据 (2)', '结果']);
    expect(wb.sheet('结果')!.cell(0, 0)?.formula).toBe("='数据 (2)'!A1*2");
  });
});

describe('sparse models', () => {
  it('accepts rows and cells left out of a SheetModel (holes are empty)', async () => {
    const port = createExcelPort();
    const rows: CellModel[][] = [];
    rows[0] = [{ value: '标题' }];
    rows[3] = [];
    rows[3][2] = { value: 5, formula: 'SUM(1,4)', style: { bold: true } };
    await port.writeSheets([{ name: '稀疏', rows }]);
    const s = wb.sheet('稀疏')!;
    expect(s.cell(0, 0)?.value).toBe('标题');
    expect(s.cell(3, 2)).toMatchObject({ value: 5, formula: '=SUM(1,4)', bold: true });
  });
});

describe('the in-memory workbook keeps Office.js batch rules', () => {
  it('converts number-like text as Excel does (so the adapter’s text protection is tested for real)', async () => {
    await (globalThis as any).Excel.run(async (context: any) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1:D1').values = [['0012', 'TRUE', '5%', "'0012"]];
      await context.sync();
    });
    expect(wb.sheet('Sheet1')!.toGrid()[0]).toEqual([12, true, 0.05, '0012']);
  });

  it('refuses to read a property that was not loaded and synced', async () => {
    await (globalThis as any).Excel.run(async (context: any) => {
      const sheets = context.workbook.worksheets;
      expect(() => sheets.items).toThrow(/load/);
      sheets.load('items/name');
      await context.sync();
      expect(sheets.items.map((s: any) => s.name)).toEqual(['Sheet1']);
    });
  });

  it('reports a wrong-sized array and a duplicate sheet at sync', async () => {
    await expect(
      (globalThis as any).Excel.run(async (context: any) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1:B2').values = [[1]];
        await context.sync();
      }),
    ).rejects.toThrow(/不一致/);
    await expect(
      (globalThis as any).Excel.run(async (context: any) => {
        context.workbook.worksheets.add('sheet1');
        await context.sync();
      }),
    ).rejects.toThrow(/同名/);
  });
});
