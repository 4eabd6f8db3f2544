import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { excelRound, rank, rankChange, rankChangeText, type RankMethod, type RankOrder } from '../../src/core/index.js';
import { expectIndicatorError } from './helpers.js';

type V = number | null;

/** Naive O(n²) RANK.EQ / RANK.AVG / dense, straight from their definitions. */
function naive(values: V[], order: RankOrder, method: RankMethod): V[] {
  const nums = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const better = (a: number, b: number) => (order === 'desc' ? a > b : a < b);
  return values.map((x) => {
    if (x === null || !Number.isFinite(x)) return null;
    const ahead = nums.filter((y) => better(y, x)).length;
    const tied = nums.filter((y) => y === x).length;
    if (method === 'competition') return 1 + ahead;
    if (method === 'average') return 1 + ahead + (tied - 1) / 2;
    return 1 + new Set(nums.filter((y) => better(y, x))).size;
  });
}

// Small pool of values so that ties are frequent; nulls mixed in.
const valueList = fc.array(
  fc.option(
    fc.integer({ min: -6, max: 6 }).map((n) => n / 4),
    { nil: null, freq: 5 },
  ),
  { maxLength: 40 },
);
const orderArb = fc.constantFrom<RankOrder>('desc', 'asc');
const methodArb = fc.constantFrom<RankMethod>('competition', 'dense', 'average');

describe('rank', () => {
  it('competition, dense and average on the textbook tie (1,2,2,4 / 1,2,2,3 / 1,2.5,2.5,4)', () => {
    const v = [90, 80, 80, 70];
    expect(rank(v)).toEqual([1, 2, 2, 4]);
    expect(rank(v, { method: 'dense' })).toEqual([1, 2, 2, 3]);
    expect(rank(v, { method: 'average' })).toEqual([1, 2.5, 2.5, 4]);
    expect(rank(v, { order: 'asc' })).toEqual([4, 2, 2, 1]);
  });

  it('non-numbers take no rank and are not counted', () => {
    expect(rank([5, null, Number.NaN, 7, undefined, Infinity, 5])).toEqual([2, null, null, 1, null, null, 2]);
    expect(rank([])).toEqual([]);
    expect(rank([null, null])).toEqual([null, null]);
  });

  it('decimals: ranks on the displayed value (2.1429 and 2.1410 both print 2.14)', () => {
    expect(rank([2.1429, 2.141, 2.2])).toEqual([2, 3, 1]);
    expect(rank([2.1429, 2.141, 2.2], { decimals: 2 })).toEqual([2, 2, 1]);
  });

  it('refuses an unknown order or method', () => {
    expectIndicatorError(() => rank([1], { order: 'down' as RankOrder }), 'VALUE', '排序方向');
    expectIndicatorError(() => rank([1], { method: 'olympic' as RankMethod }), 'VALUE', '排名方法');
  });

  it('agrees with the naive RANK.EQ / RANK.AVG / dense definitions on random data with ties', () => {
    fc.assert(
      fc.property(valueList, orderArb, methodArb, (values, order, method) => {
        expect(rank(values, { order, method })).toEqual(naive(values, order, method));
      }),
      { numRuns: 1000 },
    );
  });

  it('is invariant under permutation of the list', () => {
    fc.assert(
      fc.property(
        valueList.chain((values) =>
          fc.tuple(
            fc.constant(values),
            fc.shuffledSubarray(
              values.map((_, i) => i),
              { minLength: values.length, maxLength: values.length },
            ),
          ),
        ),
        orderArb,
        methodArb,
        ([values, perm], order, method) => {
          const ranks = rank(values, { order, method });
          const permuted = rank(
            perm.map((i) => values[i]),
            { order, method },
          );
          expect(permuted).toEqual(perm.map((i) => ranks[i]));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('dense ≤ competition ≤ average, element by element; nulls stay null', () => {
    fc.assert(
      fc.property(valueList, orderArb, (values, order) => {
        const c = rank(values, { order });
        const d = rank(values, { order, method: 'dense' });
        const a = rank(values, { order, method: 'average' });
        values.forEach((v, i) => {
          if (v === null) {
            expect([c[i], d[i], a[i]]).toEqual([null, null, null]);
            return;
          }
          expect(d[i]!).toBeLessThanOrEqual(c[i]!);
          expect(c[i]!).toBeLessThanOrEqual(a[i]!);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('the average ranks of the numbers sum to 1 + 2 + … + n (ties share, none lost)', () => {
    fc.assert(
      fc.property(valueList, (values) => {
        const n = values.filter((v) => v !== null).length;
        const sum = rank(values, { method: 'average' }).reduce<number>((s, r) => s + (r ?? 0), 0);
        expect(sum).toBeCloseTo((n * (n + 1)) / 2, 9);
      }),
    );
  });

  it('decimals: d is the same as ranking the values rounded with excelRound', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: -100, max: 100, noNaN: true }), { nil: null }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 3 }),
        methodArb,
        (values, d, method) => {
          expect(rank(values, { decimals: d, method })).toEqual(
            rank(
              values.map((v) => (v === null ? null : excelRound(v, d))),
              { method },
            ),
          );
        },
      ),
    );
  });

  it('handles 100,000 values (one sort, not a quadratic scan)', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_003);
    const r = rank(values);
    expect(r[values.indexOf(Math.max(...values))]).toBe(1);
    expect(new Set(r).size).toBe(100_000);
  });
});

describe('rankChange and rankChangeText', () => {
  it('is previous − current: positive moved up', () => {
    expect(rankChange(5, 2)).toBe(3);
    expect(rankChange(2, 4)).toBe(-2);
    expect(rankChange(3, 3)).toBe(0);
    expect(rankChange(13.5, 13)).toBe(0.5);
  });

  it('a missing rank → NA; rank below 1 or not finite → VALUE', () => {
    expectIndicatorError(() => rankChange(null, 1), 'NA', '位次');
    expectIndicatorError(() => rankChange(1, undefined), 'NA');
    expectIndicatorError(() => rankChange(0, 1), 'VALUE', '不小于1');
    expectIndicatorError(() => rankChange(1, Number.NaN), 'VALUE');
  });

  it('reads 上升 / 下降 / 持平', () => {
    expect(rankChangeText(3)).toBe('上升3位');
    expect(rankChangeText(-2)).toBe('下降2位');
    expect(rankChangeText(0)).toBe('持平');
  });
});
