/**
 * fitSheet sizes a column of numbers from the extremes of each format (layout.ts); the oracle
 * here measures every cell's shown text, one by one, as a reader of the rule would.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_WIDTH, MIN_WIDTH, PADDING, cellTextWidth, fitSheet } from '../../src/core/layout.js';
import type { CellModel, SheetModel } from '../../src/core/sheet-model.js';

const FORMATS = ['0', '0.00', '#,##0', '#,##0.0', '#,##0.00', '0.0%', '0.00%', '0.0"%"', '0.00;[Red]-0.00', 'General', undefined];

const numberCell = fc.record({
  value: fc.oneof(
    fc.double({ min: -1e9, max: 1e9, noNaN: true }),
    fc.integer({ min: -100000, max: 100000 }),
    fc.constantFrom(0, 9.995, 99.95, 0.995, -9.995, 999999.5, 0.1234567891),
  ),
  numFmt: fc.constantFrom(...FORMATS),
  fontSize: fc.constantFrom(undefined, 11, 12),
});

describe('fitSheet widths of number columns', () => {
  it('equal the widest shown text of any cell of the column (every cell measured)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.option(numberCell, { nil: null }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 }),
        (grid) => {
          const rows: (CellModel | null)[][] = grid.map((row) =>
            row.map((c) =>
              c === null
                ? null
                : { value: c.value, style: { ...(c.numFmt ? { numFmt: c.numFmt } : {}), ...(c.fontSize ? { fontSize: c.fontSize } : {}) } },
            ),
          );
          const sheet: SheetModel = { name: 't', rows };
          const got = fitSheet(sheet).columnWidths ?? [];
          const cols = Math.max(...rows.map((r) => r.length));
          for (let c = 0; c < cols; c++) {
            let need = 0;
            let any = false;
            for (const row of rows) {
              const cell = row[c];
              if (!cell) continue;
              any = true;
              need = Math.max(need, cellTextWidth(cell) + PADDING);
            }
            const expected = any ? Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, need)) : MIN_WIDTH;
            expect(got[c] ?? MIN_WIDTH).toBe(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
