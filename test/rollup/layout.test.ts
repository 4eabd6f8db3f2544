/**
 * The rollup workbook reads and prints well (issue 11 §2): on the demo city, every cell of every
 * sheet fits the width the layout rule gives it (no `###`, no clipped header), wrapped headers get
 * their lines, and every sheet prints A4 with its title in the page header and page numbers.
 */
import { describe, expect, it } from 'vitest';
import { buildDemoData, DEMO_LABEL } from '../../src/core/demo.js';
import { A4_LANDSCAPE_UNITS, MIN_PRINT_SCALE, sheetWidth } from '../../src/core/layout.js';
import { buildRollupWorkbook, ENTERPRISE_SHEET } from '../../src/core/outputs-rollup.js';
import { rollupAll } from '../../src/core/rollup.js';
import type { SheetModel } from '../../src/core/sheet-model.js';
import type { Register } from '../../src/core/types.js';
import { expectEveryCellFits } from '../helpers/layout.js';

describe('rollup workbook layout (demo city)', () => {
  const demo = buildDemoData();
  const { city, districts, admission } = rollupAll(demo.register, demo.submissions);
  const model = buildRollupWorkbook([city, ...districts], { label: DEMO_LABEL, admission });

  it('every cell fits its column (the 企业名录 rows are streamed: its header only)', () => {
    for (const sheet of model.sheets) {
      if (sheet.name === ENTERPRISE_SHEET) expectEveryCellFits({ ...sheet, rows: sheet.rows.slice(0, 3) });
      else expectEveryCellFits(sheet);
    }
  });

  it('every sheet prints A4 with the title in the header, page numbers and the 示例数据 mark in the footer', () => {
    for (const sheet of model.sheets) {
      expect(sheet.print, sheet.name).toMatchObject({ paper: 'A4', footerNote: DEMO_LABEL });
      expect(sheet.print!.header, sheet.name).toBeTruthy();
    }
  });

  it('a district’s 汇总 prints on a few pages: unit columns repeated, fitted wide at a readable scale', () => {
    const sheet = model.sheets.find((s) => s.name === `汇总-${districts[0].unit.name}`)!;
    const print = sheet.print!;
    expect(print).toMatchObject({ orientation: 'landscape', titleColumns: [0, 2] });
    // One page tall: its header rows print once, on the one page (repeating them would change nothing on paper).
    expect(print.titleRows).toBeUndefined();
    const pagesWide = print.fitToWidth as number;
    // Scale never below MIN_PRINT_SCALE; one page tall for 8–20 units.
    expect(sheetWidth(sheet) / (pagesWide * A4_LANDSCAPE_UNITS)).toBeLessThanOrEqual(1 / MIN_PRINT_SCALE + 1e-9);
    expect(pagesWide).toBeLessThanOrEqual(8);
    // Wrapped header labels have rows tall enough for them.
    expect(sheet.rowHeights?.[3]).toBeGreaterThan(15);
  });

  it('a 汇总 that runs past one printed page down repeats its header rows too; a short one only its unit columns', () => {
    const sheetWith = (townships: number) => {
      const register: Register = {
        units: [
          { code: 'D1', name: '测试区', kind: 'district', parentCode: null },
          ...Array.from({ length: townships }, (_, i) => ({
            code: `T${i}`,
            name: `乡镇${i}`,
            kind: 'township' as const,
            parentCode: 'D1',
          })),
        ],
      };
      const { districts: ds } = rollupAll(register, []);
      return buildRollupWorkbook(ds).sheets.find((s) => s.name.startsWith('汇总'))!; // one district: its sheet is 汇总表
    };
    // Printed height at the fitted scale against a landscape A4 page less 1.2 in of margins, worked out here.
    const printedPoints = (s: SheetModel) => {
      const pages = s.print!.fitToWidth as number;
      const scale = Math.min(1, (pages * A4_LANDSCAPE_UNITS) / sheetWidth(s));
      const visible = s.rows.map((_, r) => r).filter((r) => !(s.hiddenRows ?? []).includes(r));
      return visible.reduce((a, r) => a + (s.rowHeights?.[r] ?? 14.25), 0) * scale;
    };
    const short = sheetWith(8);
    const tall = sheetWith(80);
    expect(printedPoints(short)).toBeLessThan(595 - 86.4);
    expect(printedPoints(tall)).toBeGreaterThan(595 - 86.4);
    expect(short.print).toMatchObject({ titleColumns: [0, 2] });
    expect(short.print!.titleRows).toBeUndefined();
    expect(tall.print).toMatchObject({ titleRows: [2, 4], titleColumns: [0, 2] });
  });
});
