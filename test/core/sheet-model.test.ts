import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { a1, columnLetters, parseA1, quoteSheetName } from '../../src/core/index.js';

describe('A1 addresses', () => {
  it('column letters: A, Z, AA, AZ, BA, ZZ, AAA, XFD', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
    expect(a1(0, 0)).toBe('A1');
    expect(a1(11, 27)).toBe('AB12');
  });

  it('parseA1 reads back what a1 writes, with or without $', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_048_575 }), fc.integer({ min: 0, max: 16_383 }), (row, col) => {
        expect(parseA1(a1(row, col))).toEqual({ row, col });
        expect(parseA1(`$${columnLetters(col)}$${row + 1}`)).toEqual({ row, col });
      }),
    );
    expect(parseA1('ab12')).toEqual({ row: 11, col: 27 });
    expect(parseA1('A1:B2')).toBeNull();
    expect(parseA1('12')).toBeNull();
  });

  it('quotes sheet names for formulas, doubling apostrophes', () => {
    expect(quoteSheetName('城市排名')).toBe("'城市排名'");
    expect(quoteSheetName("It's")).toBe("'It''s'");
  });
});
