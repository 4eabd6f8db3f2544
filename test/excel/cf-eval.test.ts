import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../preview/cf-eval.js';

// Column B (index 1) rows 6..11 hold ranks 1..6.
const ranks = [2, 4, 6, 3, 1, 5];
const get = (r: number, c: number) => (c === 1 && r >= 5 && r <= 10 ? ranks[r - 5] : c === 2 ? '文本' : null);
const hits = (formula: string) => ranks.map((_, i) => evaluateRule(formula, get, { dr: i, dc: 0 }));

describe('preview conditional-format evaluator', () => {
  it('top three by a relative reference that moves with the cell', () => {
    expect(hits('=AND(ISNUMBER(B6),B6<=3)')).toEqual([true, false, false, true, true, false]);
  });
  it('bottom three with an absolute range', () => {
    expect(hits('AND(ISNUMBER(B6),B6>MAX($B$6:$B$11)-3,B6>3)')).toEqual([false, true, true, false, false, true]);
  });
  it('text is not a number; unknown functions are no highlight, not a crash', () => {
    expect(evaluateRule('ISNUMBER(C6)', get, { dr: 0, dc: 0 })).toBe(false);
    expect(evaluateRule('FOO(B6)', get, { dr: 0, dc: 0 })).toBe(false);
    expect(evaluateRule('(B6+1)*2=6', get, { dr: 0, dc: 0 })).toBe(true);
  });
});
