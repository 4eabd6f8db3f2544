/**
 * Fuzzing the core (issue 7 §2): parseNumber, validateUscc, rank, composite and excelRound
 * on arbitrary input never fail any other way than their documented IndicatorError, and
 * keep their invariants. Short by default; STI_FUZZ_RUNS=100000 for a long run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composite, COMPOSITE_METHODS } from '../../src/core/composite.js';
import { isIndicatorError } from '../../src/core/errors.js';
import { parseNumber } from '../../src/core/parse.js';
import { rank, RANK_METHODS } from '../../src/core/rank.js';
import { excelRound } from '../../src/core/round.js';
import { validateUscc, withUsccCheckChar } from '../../src/core/uscc.js';
import { runs, timeout } from './runs.js';

/** Only the documented failure is allowed. */
function tryCore<T>(f: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (isIndicatorError(e)) {
      expect(e.message).toMatch(/[\u4e00-\u9fff]/);
      return { ok: false };
    }
    throw e;
  }
}

/** Characters messy submissions are made of. */
const MESSY = [...'0123456789０１２３４５６７８９.,，、。+-−−()（）%％eE 　\u00a0\t万亿千百元约—-/…xX#NaInfity💰😀\u200b'];
const messyText = fc.array(fc.constantFrom(...MESSY), { maxLength: 24 }).map((a) => a.join(''));
const anyText = fc.oneof(messyText, fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 20 }));
/** Any value a cell, a custom-function argument or a JSON file can hand over (objects with a hostile toString cannot reach the core). */
const junk = fc.oneof(
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom(null, undefined, NaN, Infinity, -0),
  fc.bigInt(),
  fc.date(),
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'value', 'x'), fc.integer(), { maxKeys: 2 }).map((d) => ({ ...d })),
);
const toFull = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('parseNumber', () => {
  it(
    'any input: a finite number, null, or an IndicatorError — nothing else',
    () => {
      fc.assert(
        fc.property(fc.oneof(anyText, junk), fc.constantFrom(undefined, '元', '万', '亿'), (input, unit) => {
          const r = tryCore(() => parseNumber(input, unit ? { unit: unit as '元' | '万' | '亿' } : {}));
          if (r.ok) expect(r.value === null || Number.isFinite(r.value), String(input)).toBe(true);
        }),
        runs(3000),
      );
    },
    timeout(30_000),
  );

  it(
    'a number written as text (also full-width, with %, or with spaces) reads back as itself',
    () => {
      fc.assert(
        fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
          const s = String(x);
          expect(parseNumber(s)).toBe(x === 0 ? 0 : x);
          expect(parseNumber(toFull(s))).toBe(x === 0 ? 0 : x);
          expect(parseNumber(`  ${s}\u3000`)).toBe(x === 0 ? 0 : x);
          expect(parseNumber(`${s}%`)).toBe(x === 0 ? 0 : x);
        }),
        runs(2000),
      );
    },
    timeout(30_000),
  );

  it(
    'thousands separators and 万/亿 suffixes scale exactly',
    () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), fc.integer({ min: 0, max: 99 }), (int, frac) => {
          const grouped = int.toLocaleString('en-US');
          const dec = `${int}.${String(frac).padStart(2, '0')}`;
          expect(parseNumber(grouped)).toBe(int);
          expect(parseNumber(`${dec}万`, { unit: '万' })).toBe(Number(dec));
          expect(parseNumber(`${dec}亿`, { unit: '万' })).toBe(Number(`${dec}e4`));
        }),
        runs(1000),
      );
    },
    timeout(30_000),
  );
});

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const body17 = fc.array(fc.constantFrom(...CHARSET), { minLength: 17, maxLength: 17 }).map((a) => a.join(''));

describe('validateUscc', () => {
  it(
    'never throws, on anything',
    () => {
      fc.assert(
        fc.property(fc.oneof(anyText, junk), (x) => {
          const r = validateUscc(x);
          expect(typeof r.valid).toBe('boolean');
          if (!r.valid) expect(r.reason).toMatch(/[\u4e00-\u9fff]/);
        }),
        runs(3000),
      );
    },
    timeout(30_000),
  );

  it(
    'a code with its check character is valid in any case, width or spacing; any single-character change is caught',
    () => {
      fc.assert(
        fc.property(body17, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...CHARSET), (b, pos, ch) => {
          const code = withUsccCheckChar(b);
          expect(validateUscc(code).valid).toBe(true);
          expect(validateUscc(` ${code.toLowerCase()}\u3000`).valid).toBe(true);
          expect(validateUscc(toFull(code)).valid).toBe(true);
          if (code[pos] !== ch) expect(validateUscc(code.slice(0, pos) + ch + code.slice(pos + 1)).valid).toBe(false);
          for (const bad of 'IOZSV') expect(validateUscc(code.slice(0, pos % 17) + bad + code.slice((pos % 17) + 1)).valid).toBe(false);
          expect(validateUscc(code.slice(0, 17)).valid).toBe(false);
          expect(validateUscc(code + '0').valid).toBe(false);
        }),
        runs(2000),
      );
    },
    timeout(30_000),
  );
});

const messyNumber = fc.oneof(
  fc.double(),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(null, undefined, NaN, Infinity, -Infinity, -0, 0, Number.MAX_VALUE, Number.MIN_VALUE, 1e-300),
);

describe('rank', () => {
  it(
    'ranks every finite value within 1..n, null elsewhere; order of the list does not matter; ties agree with RANK.EQ / 中国式 / RANK.AVG',
    () => {
      fc.assert(
        fc.property(
          fc.array(messyNumber, { maxLength: 40 }),
          fc.constantFrom(...RANK_METHODS),
          fc.constantFrom('desc' as const, 'asc' as const),
          fc.option(fc.integer({ min: -2, max: 6 }), { nil: undefined }),
          fc.infiniteStream(fc.nat()),
          (values, method, order, decimals, rnd) => {
            const r = rank(values, { method, order, decimals });
            const finite = values.map((v) =>
              typeof v === 'number' && Number.isFinite(v) ? (decimals === undefined ? v : excelRound(v, decimals)) : null,
            );
            const keys = finite.filter((v): v is number => v !== null);
            finite.forEach((k, i) => {
              if (k === null) {
                expect(r[i]).toBeNull();
                return;
              }
              const better = keys.filter((o) => (order === 'desc' ? o > k : o < k));
              const equal = keys.filter((o) => o === k).length;
              const expected =
                method === 'competition'
                  ? better.length + 1
                  : method === 'dense'
                    ? new Set(better).size + 1
                    : better.length + (equal + 1) / 2;
              expect(r[i]).toBe(expected);
              expect(r[i]).toBeGreaterThanOrEqual(1);
              expect(r[i]).toBeLessThanOrEqual(keys.length);
            });
            // Shuffle: each value keeps its rank.
            const perm = values.map((_, i) => i);
            const it = rnd[Symbol.iterator]();
            for (let i = perm.length - 1; i > 0; i--) {
              const j = it.next().value % (i + 1);
              [perm[i], perm[j]] = [perm[j], perm[i]];
            }
            const r2 = rank(
              perm.map((i) => values[i]),
              { method, order, decimals },
            );
            perm.forEach((src, k) => expect(r2[k]).toBe(r[src]));
          },
        ),
        runs(1500),
      );
    },
    timeout(30_000),
  );

  it('bad options fail only with IndicatorError', () => {
    fc.assert(
      fc.property(fc.array(messyNumber, { maxLength: 5 }), junk, junk, (values, method, order) => {
        tryCore(() => rank(values, { method: method as never, order: order as never }));
      }),
      runs(500),
    );
  });
});

describe('composite', () => {
  const cell = fc.oneof(
    fc.double({ min: -1e6, max: 1e6 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constant(null),
    fc.constantFrom(NaN, Infinity, 0, 1.7e308, -1.7e308),
  );
  const matrix = fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), { maxLength: 12 });

  it('a zero weight leaves the index as if the indicator were not there (also for the geometric mean, where a 0 score would give 0 × log 0)', () => {
    const m = [
      [10, 5],
      [20, 0],
      [30, 7],
    ];
    for (const aggregation of ['arithmetic', 'geometric'] as const) {
      const withZero = composite(m, { method: 'minmax', weights: [1, 0], aggregation }).scores;
      const alone = composite(
        m.map((r) => [r[0]]),
        { method: 'minmax', aggregation },
      ).scores;
      expect(withZero, aggregation).toEqual(alone);
    }
  });
  it(
    'any matrix, method, weights and directions: scores or an IndicatorError; minmax scores in 0..100; never NaN',
    () => {
      fc.assert(
        fc.property(
          matrix,
          fc.constantFrom(...COMPOSITE_METHODS),
          fc.option(fc.array(fc.oneof(fc.double({ min: -2, max: 5 }), fc.constantFrom(0, NaN)), { maxLength: 6 }), { nil: undefined }),
          fc.option(fc.array(fc.constantFrom(1 as const, -1 as const), { maxLength: 6 }), { nil: undefined }),
          fc.option(fc.array(fc.oneof(fc.double({ min: -10, max: 1e4 }), fc.constant(null)), { maxLength: 6 }), { nil: undefined }),
          fc.constantFrom('arithmetic' as const, 'geometric' as const),
          (m, method, weights, directions, reference, aggregation) => {
            const r = tryCore(() => composite(m, { method, weights, directions, reference, aggregation }));
            if (!r.ok) return;
            expect(r.value.scores).toHaveLength(m.length);
            for (const s of r.value.scores) {
              if (s === null) continue;
              expect(Number.isFinite(s), JSON.stringify({ m, method, weights, directions, reference, aggregation, s })).toBe(true);
              if (method === 'minmax') {
                expect(s).toBeGreaterThanOrEqual(-1e-9);
                expect(s).toBeLessThanOrEqual(100 + 1e-9);
              }
            }
          },
        ),
        runs(2000),
      );
    },
    timeout(30_000),
  );
});

describe('excelRound', () => {
  it(
    'finite in, finite out; idempotent; symmetric; never further than half a unit of the last kept digit',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.double({ noNaN: true }),
            fc.double({ min: -1e6, max: 1e6 }),
            fc.integer().map((i) => i / 1000),
          ),
          fc.integer({ min: -10, max: 12 }),
          (x, d) => {
            const r = excelRound(x, d);
            if (!Number.isFinite(x)) {
              expect(Object.is(r, x)).toBe(true);
              return;
            }
            expect(Number.isFinite(r)).toBe(true);
            expect(excelRound(r, d) === r, `idempotent for ${x}, ${d}`).toBe(true); // ±0 alike
            expect(excelRound(-x, d) === -r, `round(-x) = -round(x) for ${x}, ${d}`).toBe(true); // ±0 alike
            if (Math.abs(x) < 1e15 && d <= 12) {
              const unit = 10 ** -d;
              // Rounding works on the 15 significant digits Excel shows, so allow that much slack.
              expect(Math.abs(r - x)).toBeLessThanOrEqual(unit / 2 + Math.abs(x) * 1e-14 + 1e-300);
            }
          },
        ),
        runs(3000),
      );
    },
    timeout(30_000),
  );
});
