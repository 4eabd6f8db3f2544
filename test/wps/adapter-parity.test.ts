/**
 * The pane's whole flow (insert template, import, roll up, rank, rank again over last year's
 * sheet) through the WPS adapter on a fake ET object model, and through the Excel adapter on
 * the in-memory Office mock: the sheets written must hold the same values, formulas, number
 * formats, styles, merges, hidden rows and columns, freeze panes, validations, conditional
 * formats, charts, comments and visibility. Reading back through each adapter gives the same
 * grids, so the pane's "read this workbook" and "last year's ranking" steps see the same data.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemWorkbook, type MemSheet } from '../support/mem-workbook.js';
import { installMockOffice } from '../support/mock-office.js';
import { cellText, type SheetGrid } from '../../src/core/grid.js';
import { buildDemoData } from '../../src/core/demo.js';
import type { SheetModel } from '../../src/core/sheet-model.js';
import { createExcelPort } from '../../src/excel/excel-port.js';
import type { WorkbookPort, WriteOptions } from '../../src/excel/workbook-port.js';
import { writeDemoFiles } from '../../src/io/demo.js';
import { CITY_ROLLUP, type ImportResult } from '../../src/taskpane/engine-types.js';
import { createEngine } from '../../src/taskpane/engine-impl.js';
import { defaultSettings } from '../../src/taskpane/settings.js';
import { bgr, createWpsPort } from '../../src/wps/wps-port.js';
import { FakeApplication, type FakeSheet } from '../support/fake-et.js';

const norm = (a: string) => a.replace(/\$/g, '').replace(/^.*!/, '');
const color = (hex: string | undefined) => (hex ? bgr(hex) : undefined);

/** What a sheet holds, host-neutral. */
function excelSnapshot(s: MemSheet) {
  const cells: Record<string, unknown> = {};
  for (const [key, c] of s.cells) {
    const entry = {
      value: c.error ? `ERR:${c.value}` : c.value === '' ? null : c.value,
      formula: c.formula ?? null,
      numberFormat: c.numberFormat && c.numberFormat !== 'General' ? c.numberFormat : null,
      bold: Boolean(c.bold),
      fill: color(c.fill) ?? null,
      fontColor: color(c.fontColor) ?? null,
      wrap: Boolean(c.wrap),
      border: Boolean(c.border),
      unlocked: c.locked === false,
    };
    if (isEmpty(entry)) continue;
    cells[key] = entry;
  }
  return {
    visibility: { Visible: -1, Hidden: 0, VeryHidden: 2 }[s.visibility],
    cells,
    merges: [...s.merges].map(norm).sort(),
    hiddenRows: [...s.hiddenRows].sort((a, b) => a - b),
    hiddenColumns: [...s.hiddenColumns].sort((a, b) => a - b),
    freeze: s.freeze,
    protected: s.protected,
    validations: s.validations.map((v) => norm(v.address)).sort(),
    conditionalFormats: s.conditionalFormats.map((c) => [
      norm(c.address),
      c.type === 'Custom' ? String(c.rule.formula) : c.rule.type === 'TopItems' ? `top ${c.rule.rank}` : `bottom ${c.rule.rank}`,
      color(c.format.fill) ?? null,
    ]),
    charts: s.charts.map((c) => [c.title, c.seriesName, norm(c.sourceAddress), norm(c.xAxisAddress ?? '')]),
    comments: [...s.comments.entries()].map(([k, v]) => [norm(k), v]).sort(),
  };
}

function wpsSnapshot(s: FakeSheet) {
  const cells: Record<string, unknown> = {};
  for (const [key, c] of s.cells) {
    const entry = {
      value: c.error ? `ERR:${c.error}` : c.value === '' ? null : c.value,
      formula: c.formula ?? null,
      numberFormat: c.numberFormat && c.numberFormat !== 'General' ? c.numberFormat : null,
      bold: Boolean(c.bold),
      fill: c.fill ?? null,
      fontColor: c.fontColor ?? null,
      wrap: Boolean(c.wrap),
      border: Boolean(c.border),
      unlocked: c.locked === false,
    };
    if (isEmpty(entry)) continue;
    cells[key] = entry;
  }
  return {
    visibility: s.Visible,
    cells,
    merges: [...s.merges].map(norm).sort(),
    hiddenRows: [...s.hiddenRows].sort((a, b) => a - b),
    hiddenColumns: [...s.hiddenColumns].sort((a, b) => a - b),
    freeze: s.freeze,
    protected: s.protectedSheet,
    validations: s.validations.map((v) => norm(v.address)).sort(),
    conditionalFormats: s.conditionalFormats.map((c) => [
      norm(c.address),
      c.kind === 'expression' ? c.formula : `${c.kind} ${c.rank}`,
      c.fill ?? null,
    ]),
    charts: s.charts.map((c) => [c.title, c.seriesName, norm(c.source), norm(c.categories)]),
    comments: [...s.cells.entries()]
      .filter(([, c]) => c.comment !== undefined)
      .map(([k, c]) => [keyToA1(k), c.comment])
      .sort(),
  };
}

function keyToA1(key: string): string {
  const [r, c] = key.split(',').map(Number);
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return `${s}${r + 1}`;
}

function isEmpty(e: Record<string, unknown>): boolean {
  return (
    e.value === null &&
    e.formula === null &&
    e.numberFormat === null &&
    !e.bold &&
    e.fill === null &&
    e.fontColor === null &&
    !e.wrap &&
    !e.border &&
    !e.unlocked
  );
}

function gridText(g: SheetGrid): string[][] {
  const out: string[][] = [];
  for (let r = 0; r <= g.maxRow; r++) {
    const row: string[] = [];
    for (let c = 0; c <= g.maxCol; c++) {
      const cell = g.cell(r, c);
      row.push(`${cellText(cell)}${cell?.formula ? ` ={${cell.formula}}` : ''}${cell?.isDate ? ' (date)' : ''}`);
    }
    out.push(row);
  }
  return out;
}

describe('WPS adapter on a fake ET runs the pane flow like the Excel adapter', () => {
  let dir: string;
  let excelWb: MemWorkbook;
  let app: FakeApplication;
  let excel: WorkbookPort;
  let wps: WorkbookPort;
  const notices: string[] = [];
  const engine = createEngine();
  let imported: ImportResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sti-wps-'));
    excelWb = new MemWorkbook(['Sheet1']);
    installMockOffice(excelWb);
    excel = createExcelPort();
    app = new FakeApplication(['Sheet1']);
    wps = createWpsPort(() => app, { onNotice: (m) => notices.push(m) });
    const files = await writeDemoFiles(buildDemoData(), dir);
    const inputs = files.submissions.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) }));
    const register = { name: basename(files.register), bytes: new Uint8Array(readFileSync(files.register)) };
    imported = await engine.importFiles(inputs, register, () => {});
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function writeBoth(sheets: readonly SheetModel[], options: WriteOptions) {
    const a = await excel.writeSheets(sheets, options);
    const b = await wps.writeSheets(sheets, options);
    expect(b.written).toEqual(a.written);
    return b;
  }

  function expectSameWorkbooks() {
    expect(app.workbook.sheets.map((s) => s.Name)).toEqual(excelWb.sheets.map((s) => s.name));
    for (const s of excelWb.sheets) {
      const w = app.workbook.sheet(s.name)!;
      expect(wpsSnapshot(w), s.name).toEqual(excelSnapshot(s));
    }
  }

  it('insert template: the same sheets, cells, validations and protection', async () => {
    const tpl = engine.templateWorkbook({ kind: 'township', unitCode: '110101001', unitName: '示例街道', year: 2024, period: '2024' });
    await writeBoth(tpl.sheets, { activate: tpl.sheets[0].name });
    expectSameWorkbooks();
    expect(app.workbook.sheets.length).toBeGreaterThan(2);
    // A very hidden _meta sheet, as in Excel.
    expect(app.workbook.sheets.some((s) => s.Visible === 2)).toBe(true);
    // Read back (the pane's "read this workbook" import) gives the same grids and the same import result.
    const names = engine.templateSheetNames().filter((n) => app.workbook.sheet(n));
    const [fromExcel, fromWps] = [await excel.readSheets(names), await wps.readSheets(names)];
    expect(fromWps.map(gridText)).toEqual(fromExcel.map(gridText));
    expect(fromWps.map((g) => g.state)).toEqual(fromExcel.map((g) => g.state));
    const a = await engine.importFiles([], null, () => undefined, [{ fileName: '本工作簿', sheets: fromExcel }]);
    const b = await engine.importFiles([], null, () => undefined, [{ fileName: '本工作簿', sheets: fromWps }]);
    expect(b.findings.map((f) => [f.code, f.severity, f.message])).toEqual(a.findings.map((f) => [f.code, f.severity, f.message]));
    expect(b.files).toEqual(a.files);
  });

  it('roll up a district and the whole city: the same sheets', async () => {
    const district = engine.districts(imported)[0];
    for (const code of [district.code, CITY_ROLLUP]) {
      const out = engine.rollup(imported, code);
      await writeBoth(out.sheets, { activate: out.mainSheet });
    }
    expectSameWorkbooks();
    const rollupSheets = app.workbook.sheets.filter((s) => [...s.cells.values()].some((c) => c.formula));
    expect(rollupSheets.length).toBeGreaterThan(0);
  }, 120_000);

  it('rank: the same ranking sheets with live formulas, highlights and the chart; a second ranking reads the first back', async () => {
    const settings = defaultSettings(
      engine.indexIndicators().map((i) => i.code),
      'zh-CN',
    );
    const first = await engine.rank(imported, settings, null);
    await writeBoth(first.sheets, { activate: first.mainSheet });
    expectSameWorkbooks();
    const ranking = app.workbook.sheet(first.mainSheet)!;
    expect([...ranking.cells.values()].some((c) => /RANK\.(EQ|AVG)\(/.test(c.formula ?? ''))).toBe(true);
    expect(ranking.charts).toHaveLength(1);
    expect(ranking.conditionalFormats.length).toBeGreaterThan(0);

    // Last year's ranking read back through each host gives the same comparison.
    const [prevExcel] = await excel.readSheets([first.mainSheet]);
    const [prevWps] = await wps.readSheets([first.mainSheet]);
    expect(gridText(prevWps)).toEqual(gridText(prevExcel));
    const secondExcel = await engine.rank(imported, settings, prevExcel);
    const secondWps = await engine.rank(imported, settings, prevWps);
    expect(secondWps.rows).toEqual(secondExcel.rows);

    // Replacing keeps one sheet of each name; the old one is deleted with alerts off and restored after.
    await writeBoth(secondWps.sheets, { onConflict: 'replace', activate: secondWps.mainSheet });
    expectSameWorkbooks();
    expect(app.DisplayAlerts).toBe(true);
    expect(app.workbook.sheets.filter((s) => s.Name.startsWith('~'))).toEqual([]);
    // Renaming writes "名称 (2)".
    const third = await writeBoth(secondWps.sheets.slice(0, 1), { onConflict: 'rename' });
    expect(third.written[0].name).toMatch(/ \(2\)$/);
    expectSameWorkbooks();
    expect(notices).toEqual([]);
  }, 120_000);
});

describe('where ET refuses something, the data is written and a Chinese notice says what is missing', () => {
  it('a chart the object model cannot add', async () => {
    const app = new FakeApplication(['Sheet1']);
    const notices: string[] = [];
    const port = createWpsPort(() => app, { onNotice: (m) => notices.push(m) });
    // Every sheet refuses charts (Shapes.AddChart throws), as an ET build without the chart type would.
    const sheet = app.workbook.sheets[0];
    const proto = Object.getPrototypeOf(sheet) as object;
    const original = Object.getOwnPropertyDescriptor(proto, 'Shapes')!;
    Object.defineProperty(proto, 'Shapes', {
      get: () => ({
        AddChart: () => {
          throw new Error('不支持的图表类型');
        },
      }),
      configurable: true,
    });
    try {
      const result = await port.writeSheets([
        {
          name: '排名',
          rows: [
            [{ value: '甲' }, { value: 3 }],
            [{ value: '乙' }, { value: 5 }],
          ],
          charts: [
            {
              type: 'column',
              title: '科创指数',
              seriesName: '指数',
              categoriesRef: "'排名'!$A$1:$A$2",
              valuesRef: "'排名'!$B$1:$B$2",
              anchor: { col: 3, row: 0, widthCols: 4, heightRows: 8 },
            },
          ],
        },
      ]);
      expect(result.written[0].name).toBe('排名');
    } finally {
      Object.defineProperty(proto, 'Shapes', original);
    }
    expect(app.workbook.sheet('排名')!.cell(1, 1)?.value).toBe(5);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/工作表“排名”的图表“科创指数”未能在 WPS 中生成.*不支持的图表类型.*数据已写入/);
  });

  it('no open workbook is a Chinese error, not a crash', async () => {
    const port = createWpsPort(() => ({ ActiveWorkbook: null, ActiveWindow: null, DisplayAlerts: true, ScreenUpdating: true }));
    await expect(port.listSheets()).rejects.toThrow(/没有打开的工作簿/);
  });
});
