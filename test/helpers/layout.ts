/**
 * The layout check every output sheet must pass (issue 11 §2): each cell's shown text fits the
 * width it may use, and a wrapped cell's lines fit its row — computed with the same rule as the
 * builders (src/core/layout.ts), so a `###` or a clipped header is a failing test.
 */
import { expect } from 'vitest';
import { LINE_HEIGHT, availableWidth, cellTextWidth, shownText, textWidth } from '../../src/core/layout.js';
import { parseA1, type SheetModel } from '../../src/core/sheet-model.js';

export function expectEveryCellFits(sheet: SheetModel): void {
  const widths = sheet.columnWidths ?? [];
  const merges = (sheet.merges ?? []).map((m) => {
    const [a, b] = m.split(':');
    const p0 = parseA1(a)!;
    const p1 = parseA1(b ?? a)!;
    return { r0: p0.row, c0: p0.col, r1: p1.row, c1: p1.col };
  });
  const hidden = new Set(sheet.hiddenColumns ?? []);
  const hiddenRows = new Set(sheet.hiddenRows ?? []);
  sheet.rows.forEach((row, r) =>
    (row ?? []).forEach((cell, c) => {
      const text = shownText(cell);
      if (!text || hidden.has(c) || hiddenRows.has(r)) return;
      const within = merges.find((m) => m.r0 <= r && r <= m.r1 && m.c0 <= c && c <= m.c1);
      if (within && (within.r0 !== r || within.c0 !== c)) return; // covered by its merge's first cell
      const have = availableWidth(sheet, widths, r, c, merges);
      const where = `${sheet.name}!${String.fromCharCode(65 + (c % 26))}${r + 1} “${text}”`;
      if (!cell?.style?.wrap) {
        const need = cellTextWidth(cell);
        // Text may overflow only into empty cells (counted in `have`); the last column of a sheet may run on.
        expect(need, `${where} needs ${need}, has ${have}`).toBeLessThanOrEqual(
          have + (typeof cell?.value === 'string' && c === row!.length - 1 ? 1e9 : 0),
        );
        return;
      }
      const size = cell?.style?.fontSize ?? 11;
      const lines = text
        .split('\n')
        .reduce((a, line) => a + Math.max(1, Math.ceil((textWidth(line) * size) / 11 / Math.max(1, have - 1))), 0);
      const rowsSpanned = within ? within.r1 - within.r0 + 1 : 1;
      let height = 0;
      for (let k = r; k < r + rowsSpanned; k++) height += sheet.rowHeights?.[k] ?? LINE_HEIGHT;
      expect(lines * LINE_HEIGHT, `${where}: ${lines} lines in ${height} pt`).toBeLessThanOrEqual(height);
    }),
  );
}
