import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BASE_LOWER_IS_BETTER_CAP, composite, normaliseWeights, type CompositeMethod, type Direction } from '../../src/core/index.js';
import { expectIndicatorError } from './helpers.js';
import { compositeNoteText } from '../../src/core/notes.js';

type M = (number | null)[][];
const COLS = 3;
const cellArb = fc.option(
  fc.integer({ min: 0, max: 1000 }).map((n) => n / 10),
  { nil: null, freq: 6 },
);
const matrixArb = fc.array(fc.array(cellArb, { minLength: COLS, maxLength: COLS }), { minLength: 1, maxLength: 12 });
const fullMatrixArb = fc.array(
  fc.array(
    fc.integer({ min: 1, max: 1000 }).map((n) => n / 10),
    { minLength: COLS, maxLength: COLS },
  ),
  { minLength: 2, maxLength: 12 },
);
const directionsArb = fc.array(fc.constantFrom<Direction>(1, -1), { minLength: COLS, maxLength: COLS });
const weightsArb = fc.array(fc.integer({ min: 1, max: 20 }), { minLength: COLS, maxLength: COLS });

describe('composite: min–max (default)', () => {
  it('scores (x − min) / (max − min) × 100 per column, then the equal-weight mean', () => {
    const { scores, normalized, notes } = composite([
      [10, 5],
      [20, 15],
      [30, 10],
    ]);
    expect(normalized).toEqual([
      [0, 0],
      [50, 100],
      [100, 50],
    ]);
    expect(scores).toEqual([0, 75, 75]);
    expect(notes).toEqual([]);
  });

  it('stays within 0–100, with any directions and weights, and missing values', () => {
    fc.assert(
      fc.property(matrixArb, directionsArb, weightsArb, (m, directions, weights) => {
        for (const s of composite(m, { directions, weights }).scores) {
          if (s === null) continue;
          expect(s).toBeGreaterThanOrEqual(-1e-9);
          expect(s).toBeLessThanOrEqual(100 + 1e-9);
        }
      }),
    );
  });

  it('an all-equal column scores 100 for everyone and says so', () => {
    const r = composite([
      [5, 1],
      [5, 3],
    ]);
    expect(r.normalized.map((row) => row[0])).toEqual([100, 100]);
    expect(r.notes.map((n) => compositeNoteText(n)).join()).toContain('第1个指标各单位取值相同');
  });
});

describe('composite: monotonicity in each indicator (direction-aware)', () => {
  it.each<CompositeMethod>(['minmax', 'zscore', 'standard', 'base'])(
    '%s: raising one value never lowers that unit (↑) / never raises it (↓)',
    (method) => {
      fc.assert(
        fc.property(
          fullMatrixArb,
          directionsArb,
          weightsArb,
          fc.nat(),
          fc.nat({ max: COLS - 1 }),
          fc.integer({ min: 1, max: 500 }),
          (m, directions, weights, rowSeed, j, bump) => {
            const i = rowSeed % m.length;
            const reference = [50, 50, 50];
            const before = composite(m, { method, directions, weights, reference }).scores[i]!;
            const raised = m.map((row, r) => row.map((x, c) => (r === i && c === j ? x! + bump / 10 : x)));
            const after = composite(raised, { method, directions, weights, reference }).scores[i]!;
            if (directions[j] === 1) expect(after).toBeGreaterThanOrEqual(before - 1e-9);
            else expect(after).toBeLessThanOrEqual(before + 1e-9);
          },
        ),
        { numRuns: 300 },
      );
    },
  );
});

describe('composite: weights', () => {
  it('scaling all weights changes nothing (they are normalised to sum 1)', () => {
    fc.assert(
      fc.property(
        matrixArb,
        weightsArb,
        fc.integer({ min: 2, max: 1000 }),
        fc.constantFrom<CompositeMethod>('minmax', 'zscore'),
        (m, w, k, method) => {
          const a = composite(m, { weights: w, method }).scores;
          const b = composite(m, { weights: w.map((x) => x * k), method }).scores;
          a.forEach((s, i) => (s === null ? expect(b[i]).toBeNull() : expect(b[i]).toBeCloseTo(s, 9)));
        },
      ),
    );
  });

  it('omitted weights are equal weights', () => {
    fc.assert(
      fc.property(matrixArb, (m) => {
        expect(composite(m).scores).toEqual(composite(m, { weights: [7, 7, 7] }).scores);
      }),
    );
  });

  it('normaliseWeights: sum 1; wrong count, negative or all-zero weights → VALUE', () => {
    expect(normaliseWeights([1, 3], 2)).toEqual([0.25, 0.75]);
    expect(normaliseWeights(undefined, 4)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expectIndicatorError(() => normaliseWeights([1, 2], 3), 'VALUE', '权重应为3个');
    expectIndicatorError(() => normaliseWeights([1, -1], 2), 'VALUE', '非负');
    expectIndicatorError(() => normaliseWeights([0, 0], 2), 'VALUE', '大于0');
    expectIndicatorError(() => normaliseWeights([1, Number.NaN], 2), 'VALUE');
  });
});

describe('composite: missing values', () => {
  it('re-normalise the weights over the indicators a unit has, and the note names the row and column', () => {
    const m: M = [
      [0, 0, 0],
      [10, null, 10],
      [20, 20, 20],
    ];
    const r = composite(m, { weights: [1, 2, 1] });
    // Row 2 has columns 1 and 3, both normalised to 50: (1·50 + 1·50) / 2, not (1·50 + 2·0 + 1·50) / 4.
    expect(r.scores[1]).toBeCloseTo(50, 12);
    expect(r.normalized[1][1]).toBeNull();
    expect(r.notes.map((n) => compositeNoteText(n)).join()).toContain('第2行缺少第2个指标，按其余指标重新归一化权重');
  });

  it('a row with no usable value gets no score (null, noted), never zero', () => {
    const r = composite([
      [1, 2],
      [null, null],
      [3, 4],
    ]);
    expect(r.scores[1]).toBeNull();
    expect(r.notes.map((n) => compositeNoteText(n)).join()).toContain('第2行没有可用指标');
  });

  it('a missing value never counts as zero: adding a unit of missing data does not change the others', () => {
    fc.assert(
      fc.property(matrixArb, (m) => {
        const withBlank = composite([...m, [null, null, null]]).scores;
        expect(withBlank.slice(0, m.length)).toEqual(composite(m).scores);
        expect(withBlank[m.length]).toBeNull();
      }),
    );
  });
});

describe('composite: zscore, standard, base, geometric', () => {
  it('zscore: (x − mean) / sd per column (population sd); zscoreTo100 maps the scores to 0–100', () => {
    const r = composite([[1], [2], [3]], { method: 'zscore' });
    const sd = Math.sqrt(2 / 3);
    expect(r.scores[0]).toBeCloseTo(-1 / sd, 12);
    expect(r.scores[1]).toBeCloseTo(0, 12);
    expect(composite([[1], [2], [3]], { method: 'zscore', zscoreTo100: true }).scores).toEqual([0, 50, 100]);
    expect(
      composite([[4], [4]], { method: 'zscore' })
        .notes.map((n) => compositeNoteText(n))
        .join(),
    ).toContain('标准分均记为0');
  });

  it('standard: x / standard × 100 capped at 100; reversed: standard / x × 100', () => {
    const r = composite(
      [
        [1.5, 4],
        [3.5, 1],
        [2.5, 0],
      ],
      { method: 'standard', reference: [2.5, 2], directions: [1, -1] },
    );
    expect(r.normalized).toEqual([
      [60, 50],
      [100, 100],
      [100, 100],
    ]);
  });

  it('base: x / base × 100 (not capped)', () => {
    // CII-style: 2023 domain values over 2015 = 100.
    const r = composite([[177.1, 155.0, 199.7, 129.4]], { method: 'base', reference: [100, 100, 100, 100] });
    expect(r.scores[0]).toBeCloseTo((177.1 + 155.0 + 199.7 + 129.4) / 4, 10);
  });

  it('geometric aggregation: weighted geometric mean of the normalised scores', () => {
    const r = composite([[50, 200]], { method: 'base', reference: [100, 100], aggregation: 'geometric' });
    expect(r.scores[0]).toBeCloseTo(Math.sqrt(50 * 200), 10);
  });

  it('bad settings → VALUE with Chinese messages', () => {
    expectIndicatorError(() => composite([[1]], { method: 'median' as CompositeMethod }), 'VALUE', '未知的指数方法');
    expectIndicatorError(() => composite([[1, 2]], { directions: [1] }), 'VALUE', '指标方向');
    expectIndicatorError(() => composite([[1, 2]], { directions: [1, 0 as Direction] }), 'VALUE');
    expectIndicatorError(() => composite([[1, 2]], { method: 'standard' }), 'VALUE', '标准值');
    expectIndicatorError(() => composite([[1, 2]], { method: 'base', reference: [1] }), 'VALUE', '基期值');
    expectIndicatorError(() => composite([[1, 2]], { method: 'base', reference: [1, 0] }), 'VALUE', '应为正数');
    expectIndicatorError(() => composite([[1, 2]], { weights: [1, 2, 3] }), 'VALUE', '权重');
  });

  it('an empty peer set gives no scores', () => {
    expect(composite([]).scores).toEqual([]);
  });
});

describe('composite: a lower-is-better value at 0 (a 清零对象 cleared) under standard and base', () => {
  // Column 1 lower is better (e.g. 营业收入1亿元以上无研发活动规上工业企业数), column 2 higher is better.
  const reference = [10, 50];
  const directions: Direction[] = [-1, 1];
  const matrixWith = (x: number): M => [
    [x, 40],
    [6, 55],
    [12, 30],
  ];

  it.each<CompositeMethod>(['standard', 'base'])(
    '%s: 0 scores the cap, is used with its full weight, and beats any positive value',
    (method) => {
      const atZero = composite(matrixWith(0), { method, reference, directions });
      const cap = method === 'standard' ? 100 : BASE_LOWER_IS_BETTER_CAP;
      expect(atZero.normalized[0][0]).toBe(cap);
      expect(Number.isFinite(atZero.scores[0])).toBe(true);
      // Equal weights over both columns, not re-normalised onto column 2 alone.
      expect(atZero.scores[0]).toBeCloseTo((cap + Math.min(method === 'standard' ? 100 : Infinity, (40 / 50) * 100)) / 2, 10);
      expect(atZero.notes.map((n) => compositeNoteText(n)).join()).not.toContain('重新归一化');
      for (const aggregation of ['arithmetic', 'geometric'] as const) {
        const zeroScore = composite(matrixWith(0), { method, reference, directions, aggregation }).scores[0]!;
        for (const x of [1e-9, 0.01, 1, 4.99, 5, 5.01, 10, 1000]) {
          const positive = composite(matrixWith(x), { method, reference, directions, aggregation }).scores[0]!;
          expect(zeroScore, `${aggregation} x=${x}`).toBeGreaterThanOrEqual(positive - 1e-9);
        }
      }
    },
  );

  it('base: every value at or below half the base scores 200 (noted); above it, base / x × 100', () => {
    const r = composite(
      [
        [0, 40],
        [5, 55],
        [4, 30],
        [8, 30],
      ],
      { method: 'base', reference, directions },
    );
    expect(r.normalized.map((row) => row[0])).toEqual([200, 200, 200, 125]);
    expect(r.notes.map((n) => compositeNoteText(n))).toContain(
      '第1个指标（越小越好）：第1、2、3行不高于基期值的一半（含为0），得分按上限200计',
    );
    // Higher is better is not capped: 55 / 50 × 100.
    expect(r.normalized[1][1]).toBeCloseTo(110, 12);
  });
});

describe('composite: improving one value never lowers that unit’s score (property, every method and aggregation)', () => {
  const valueArb = fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: 1000 }).map((n) => n / 10),
    fc.integer({ min: -200, max: 0 }).map((n) => n / 10),
  );
  const cellOrBlankArb = fc.option(valueArb, { nil: null, freq: 8 });
  const anyMatrixArb = fc.array(fc.array(cellOrBlankArb, { minLength: COLS, maxLength: COLS }), { minLength: 1, maxLength: 8 });
  const referenceArb = fc.array(
    fc.integer({ min: 1, max: 2000 }).map((n) => n / 10),
    { minLength: COLS, maxLength: COLS },
  );
  const someZeroWeightsArb = fc
    .array(fc.integer({ min: 0, max: 5 }), { minLength: COLS, maxLength: COLS })
    .filter((w) => w.some((x) => x > 0));
  // Better by a step, or (lower is better) cleared to 0.
  const improvementArb = fc.oneof(
    fc.integer({ min: 1, max: 500 }).map((n) => ({ step: n / 10, toZero: false })),
    fc.constant({ step: 0, toZero: true }),
  );

  it.each<CompositeMethod>(['minmax', 'zscore', 'standard', 'base'])('%s', (method) => {
    fc.assert(
      fc.property(
        anyMatrixArb,
        directionsArb,
        someZeroWeightsArb,
        referenceArb,
        fc.constantFrom<'arithmetic' | 'geometric'>('arithmetic', 'geometric'),
        fc.nat(),
        fc.nat({ max: COLS - 1 }),
        valueArb,
        improvementArb,
        (m, directions, weights, reference, aggregation, rowSeed, j, valueIfBlank, improvement) => {
          const i = rowSeed % m.length;
          const before = m.map((row) => [...row]);
          if (before[i][j] === null) before[i][j] = valueIfBlank;
          const x = before[i][j]!;
          const better = directions[j] === 1 ? x + improvement.step : improvement.toZero ? Math.min(x, 0) : x - improvement.step;
          const after = before.map((row, r) => row.map((v, c) => (r === i && c === j ? better : v)));
          const options = { method, directions, weights, reference, aggregation };
          const scoreBefore = composite(before, options).scores[i];
          const scoreAfter = composite(after, options).scores[i];
          // Definition: the unit's own score, before and after; no score stays no score.
          if (scoreBefore === null) {
            expect(scoreAfter).toBeNull();
            return;
          }
          expect(scoreAfter).not.toBeNull();
          expect(Number.isFinite(scoreAfter)).toBe(true);
          expect(scoreAfter!).toBeGreaterThanOrEqual(scoreBefore - 1e-9 * Math.max(1, Math.abs(scoreBefore)));
        },
      ),
      { numRuns: 400 },
    );
  });
});
