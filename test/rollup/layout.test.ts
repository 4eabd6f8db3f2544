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

  it('a district’s 汇总 prints on a few pages: header rows and unit columns repeated, fitted wide at a readable scale', () => {
    const sheet = model.sheets.find((s) => s.name === `汇总-${districts[0].unit.name}`)!;
    const print = sheet.print!;
    expect(print).toMatchObject({ orientation: 'landscape', titleRows: [2, 4], titleColumns: [0, 2] });
    const pagesWide = print.fitToWidth as number;
    // Scale never below MIN_PRINT_SCALE; one page tall for 8–20 units.
    expect(sheetWidth(sheet) / (pagesWide * A4_LANDSCAPE_UNITS)).toBeLessThanOrEqual(1 / MIN_PRINT_SCALE + 1e-9);
    expect(pagesWide).toBeLessThanOrEqual(8);
    // Wrapped header labels have rows tall enough for them.
    expect(sheet.rowHeights?.[3]).toBeGreaterThan(15);
  });
});
