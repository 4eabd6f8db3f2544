import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { completion, excelRound, growth, per10k, ppChange, rdIntensity, scheduleGap, share } from '../../src/core/index.js';
import { expectIndicatorError } from './helpers.js';

describe('ratio formulas', () => {
  it('compute in percent (56.92, not 0.5692)', () => {
    expect(excelRound(rdIntensity(30782.9, 1210207), 2)).toBe(2.54);
    expect(excelRound(share(74, 130), 2)).toBe(56.92);
    expect(excelRound(completion(28.12, 50), 2)).toBe(56.24);
    expect(excelRound(completion(27.44, 90), 2)).toBe(30.49);
    expect(per10k(35, 70000)).toBeCloseTo(5, 12);
  });

  it.each([
    ['rdIntensity', rdIntensity],
    ['completion', completion],
    ['share', share],
    ['per10k', per10k],
  ] as const)('%s: blank/zero denominator DIV0, negative NUM, blank numerator NA, non-finite VALUE', (_name, f) => {
    expectIndicatorError(() => f(1, 0), 'DIV0', '为零');
    expectIndicatorError(() => f(1, null), 'DIV0');
    expectIndicatorError(() => f(1, undefined), 'DIV0');
    expectIndicatorError(() => f(1, -2), 'NUM', '负数');
    expectIndicatorError(() => f(null, 2), 'NA', '缺少');
    expectIndicatorError(() => f(Number.NaN, 2), 'VALUE', '不是有效数字');
    expectIndicatorError(() => f(1, Infinity), 'VALUE');
  });

  it('a zero or negative numerator is allowed (a district may report 0 or a loss)', () => {
    expect(share(0, 5)).toBe(0);
    expect(share(-1, 4)).toBe(-25);
  });

  it('ratios scale: k·part / k·whole = part / whole', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (a, b, k) => {
          const exact = share(a, b);
          expect(Math.abs(share(a * k, b * k) - exact)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(exact)));
        },
      ),
    );
  });
});

describe('scheduleGap', () => {
  it('is completion − months/12 × 100', () => {
    expect(scheduleGap(75, 100, 9)).toBeCloseTo(0, 12);
    expect(scheduleGap(28.12, 50, 6)).toBeCloseTo(6.24, 12);
    expect(scheduleGap(0, 10, 0)).toBe(0);
    expect(scheduleGap(10, 10, 12)).toBeCloseTo(0, 12);
  });

  it('months outside 0..12 → NUM, missing months → NA, and the completion errors pass through', () => {
    expectIndicatorError(() => scheduleGap(1, 2, 13), 'NUM', '0到12');
    expectIndicatorError(() => scheduleGap(1, 2, -1), 'NUM');
    expectIndicatorError(() => scheduleGap(1, 2, null), 'NA', '已过月数');
    expectIndicatorError(() => scheduleGap(1, 0, 6), 'DIV0');
  });
});

describe('growth and ppChange', () => {
  it('growth = (cur / prev − 1) × 100', () => {
    expect(excelRound(growth(33357.1, 30782.9), 1)).toBe(8.4);
    expect(growth(50, 100)).toBe(-50);
    expect(growth(0, 100)).toBe(-100);
  });

  it('growth: previous 0/blank → DIV0, negative → NUM, current blank → NA', () => {
    expectIndicatorError(() => growth(5, 0), 'DIV0', '上年同期数');
    expectIndicatorError(() => growth(5, null), 'DIV0');
    expectIndicatorError(() => growth(5, -3), 'NUM');
    expectIndicatorError(() => growth(null, 3), 'NA', '本期数');
    expectIndicatorError(() => growth(Number.NaN, 3), 'VALUE');
  });

  it('ppChange = current − previous; either blank → NA; non-finite → VALUE', () => {
    expect(excelRound(ppChange(2.65, 2.56), 2)).toBe(0.09);
    expect(ppChange(1, 3)).toBe(-2);
    expectIndicatorError(() => ppChange(null, 1), 'NA', '本期数');
    expectIndicatorError(() => ppChange(1, undefined), 'NA', '上年同期数');
    expectIndicatorError(() => ppChange(Infinity, 1), 'VALUE');
  });
});
