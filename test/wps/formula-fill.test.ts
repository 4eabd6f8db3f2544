/** Formulas written as relative-fill blocks in ET: the shift, and which cells may share one write. */
import { describe, expect, it } from 'vitest';
import { canFill, fillBlocks, shiftFormula } from '../../src/wps/formula-fill.js';

describe('shiftFormula', () => {
  it('moves relative parts, keeps $-anchored ones, quoted text, sheet names and function names', () => {
    expect(shiftFormula('=RANK.EQ(B2,$B$2:$B$7,0)', 1, 0)).toBe('=RANK.EQ(B3,$B$2:$B$7,0)');
    expect(shiftFormula('=SUM(B2:C2)+$A1+A$1', 2, 1)).toBe('=SUM(C4:D4)+$A3+B$1');
    expect(shiftFormula(`=IF(A1="B2",'城市排名'!C3,LOG10(D4))`, 1, 1)).toBe(`=IF(B2="B2",'城市排名'!D4,LOG10(E5))`);
    expect(shiftFormula("='It''s A1'!A1", 1, 0)).toBe("='It''s A1'!A2");
    expect(shiftFormula('=A1', -1, 0)).toBeNull();
  });

  it('formulas with whole-column or whole-row references are never filled', () => {
    expect(canFill('=SUM(B:B)')).toBe(false);
    expect(canFill('=SUM(3:5)')).toBe(false);
    expect(canFill('=SUM("B:B")')).toBe(true);
    const blocks = fillBlocks([['=SUM(B:B)'], ['=SUM(B:B)']]);
    expect(blocks).toHaveLength(2);
  });
});

describe('fillBlocks', () => {
  it('one block for a column of relative copies, separate blocks where the pattern breaks', () => {
    const f = [
      ['=RANK.EQ(B2,$B$2:$B$4,0)', '=B2*2', ''],
      ['=RANK.EQ(B3,$B$2:$B$4,0)', '=B3*2', '=1'],
      ['=RANK.EQ(B9,$B$2:$B$4,0)', '=B4*2', ''],
    ];
    const blocks = fillBlocks(f, 1, 0);
    expect(blocks).toEqual([
      { row: 1, col: 0, rows: 2, cols: 1, formula: '=RANK.EQ(B2,$B$2:$B$4,0)' },
      { row: 1, col: 1, rows: 3, cols: 1, formula: '=B2*2' },
      { row: 2, col: 2, rows: 1, cols: 1, formula: '=1' },
      { row: 3, col: 0, rows: 1, cols: 1, formula: '=RANK.EQ(B9,$B$2:$B$4,0)' },
    ]);
    // Every cell is covered exactly once, and each is the shift of its block's formula.
    for (const b of blocks)
      for (let i = 0; i < b.rows; i++)
        for (let k = 0; k < b.cols; k++) expect(shiftFormula(b.formula, i, k)).toBe(f[b.row - 1 + i][b.col + k]);
  });
});
