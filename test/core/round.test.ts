import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { excelRound } from '../../src/core/index.js';

/**
 * Reference ROUND on exact decimals: value = sign × D × 10^e (D a BigInt of ≤ 15 digits),
 * half away from zero at `digits` decimals, returned as the decimal string of the result.
 */
function referenceRound(negative: boolean, D: bigint, e: number, digits: number): string {
  if (e >= -digits) return `${negative ? '-' : ''}${D}e${e}`;
  const k = BigInt(-digits - e);
  const p = 10n ** k;
  let q = D / p;
  const r = D % p;
  if (2n * r >= p) q += 1n;
  return `${negative ? '-' : ''}${q}e${-digits}`;
}

const zeroless = (x: number) => (x === 0 ? 0 : x);

describe('excelRound', () => {
  it('rounds half away from zero on the decimal value, not the binary one', () => {
    expect(excelRound(2.675, 2)).toBe(2.68);
    expect(excelRound(1.005, 2)).toBe(1.01);
    expect(excelRound(-2.5, 0)).toBe(-3);
    expect(excelRound(2.5, 0)).toBe(3);
    expect(excelRound(-1.005, 2)).toBe(-1.01);
    expect(excelRound(1.0049999, 2)).toBe(1);
    expect(excelRound(0.285, 2)).toBe(0.29);
    expect(excelRound(1234.5678, -2)).toBe(1200);
    expect(excelRound(150, -2)).toBe(200);
    expect(excelRound(30.488888888, 2)).toBe(30.49);
    expect(excelRound(56.923076923, 2)).toBe(56.92);
  });

  it('removes binary noise the way Excel does at 15 significant digits', () => {
    // 74/130*100 = 56.92307692307692…; 0.1 + 0.2 = 0.30000000000000004
    expect(excelRound((74 / 130) * 100, 2)).toBe(56.92);
    expect(excelRound(0.1 + 0.2, 2)).toBe(0.3);
    expect(excelRound(1.15 * 100, 0)).toBe(115);
  });

  it('leaves values that already have few enough decimals, zero, and non-finite values alone', () => {
    expect(excelRound(2.5, 3)).toBe(2.5);
    expect(excelRound(0, 2)).toBe(0);
    expect(excelRound(Number.NaN, 2)).toBeNaN();
    expect(excelRound(Infinity, 2)).toBe(Infinity);
    expect(excelRound(123, 0)).toBe(123);
  });

  it('truncates fractional digits arguments like Excel (ROUND(x, 1.9) = ROUND(x, 1))', () => {
    expect(excelRound(2.675, 2.9)).toBe(2.68);
  });

  it('agrees with exact BigInt decimal rounding on decimals of up to 15 significant digits', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.bigInt({ min: 1n, max: 999_999_999_999_999n }),
        fc.integer({ min: -20, max: 6 }),
        fc.integer({ min: -3, max: 12 }),
        (negative, D, e, digits) => {
          const x = Number(`${negative ? '-' : ''}${D}e${e}`);
          const expected = Number(referenceRound(negative, D, e, digits));
          expect(zeroless(excelRound(x, digits))).toBe(zeroless(expected));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees with the reference on exact ties (…5 at the first dropped digit)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 99_999_999_999_999n }),
        fc.integer({ min: 0, max: 8 }),
        (negative, head, digits) => {
          const D = head * 10n + 5n; // ends in 5: a tie when rounding away the last digit
          const e = -(digits + 1);
          const x = Number(`${negative ? '-' : ''}${D}e${e}`);
          expect(zeroless(excelRound(x, digits))).toBe(zeroless(Number(referenceRound(negative, D, e, digits))));
          expect(Math.abs(excelRound(x, digits))).toBeGreaterThan(Math.abs(x)); // ties go away from zero
        },
      ),
      { numRuns: 2000 },
    );
  });
});
