/**
 * Engine throughput: core `rank` and the STI.RANK custom function (spilled: the whole column
 * ranked against itself) over 10,000 and 100,000 values, core `composite` and STI.COMPOSITE over
 * 1,000 units × 30 indicators; and the n log n claim checked at two sizes.
 *
 *   tsx bench/engine.ts            # prints the JSON of results
 */
import { composite } from '../src/core/composite.js';
import { rank } from '../src/core/rank.js';
import { compositeFn, rankFn } from '../src/functions/functions.js';
import { prng } from '../src/core/synthetic.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median ms of one call, over enough repetitions to last about `budgetMs` (at least `minReps`). */
function time(fn: () => unknown, budgetMs = 1500, minReps = 5): { ms: number; reps: number } {
  fn(); // warm-up (JIT)
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minReps || (performance.now() - start < budgetMs && samples.length < 200)) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), reps: samples.length };
}

/** Values like indicator values: two decimals, so ties occur as in real tables. */
function values(n: number, seed: number): number[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => Math.round(rnd() * 10000) / 100);
}

export interface EngineResult {
  rank: { n: number; coreMs: number; functionMs: number; coreReps: number; functionReps: number }[];
  nlogn: { n1: number; n2: number; timeRatio: number; nlognRatio: number; linearRatio: number; functionTimeRatio: number };
  /** The same check one decade up (core only), where both sizes are past the CPU caches. */
  nlognLarge: { n1: number; n2: number; timeRatio: number; nlognRatio: number; coreMs2: number };
  composite: { rows: number; cols: number; coreMs: number; functionMs: number; coreMinmaxMs: number; coreZscoreMs: number };
  composite2: { rows: number; cols: number; coreMs: number };
}

export function runEngine(): EngineResult {
  const sizes = [10_000, 100_000];
  const rankRows = sizes.map((n) => {
    const xs = values(n, n);
    const column = xs.map((x) => [x]);
    const core = time(() => rank(xs));
    const fn = time(() => {
      const out = rankFn(column, column);
      if (out.length !== n) throw new Error('STI.RANK: wrong spill size');
    });
    return { n, coreMs: core.ms, functionMs: fn.ms, coreReps: core.reps, functionReps: fn.reps };
  });
  // Sanity: the custom function and the core agree.
  {
    const xs = values(1000, 7);
    const a = rank(xs);
    const b = rankFn(
      xs.map((x) => [x]),
      xs.map((x) => [x]),
    ).map((r) => r[0]);
    if (a.some((r, i) => r !== b[i])) throw new Error('STI.RANK and core rank disagree');
  }
  const [a, b] = rankRows;
  const nlogn = (n: number) => n * Math.log2(n);
  const million = values(1_000_000, 1_000_000);
  const c = time(() => rank(million), 3000, 3);

  const rnd = prng(30);
  const matrix = (rows: number, cols: number) =>
    Array.from({ length: rows }, () => Array.from({ length: cols }, () => (rnd() < 0.02 ? null : Math.round(rnd() * 100000) / 100)));
  const m = matrix(1000, 30);
  const coreMinmax = time(() => composite(m));
  const coreZ = time(() => composite(m, { method: 'zscore', zscoreTo100: true }));
  const fnM = m.map((row) => row.map((x) => (x === null ? '' : x)));
  const fn = time(() => {
    const out = compositeFn(fnM);
    if (out.length !== 1000) throw new Error('STI.COMPOSITE: wrong spill size');
  });
  const m2 = matrix(10_000, 30);
  const core2 = time(() => composite(m2));
  return {
    rank: rankRows,
    nlogn: {
      n1: a.n,
      n2: b.n,
      timeRatio: b.coreMs / a.coreMs,
      nlognRatio: nlogn(b.n) / nlogn(a.n),
      linearRatio: b.n / a.n,
      functionTimeRatio: b.functionMs / a.functionMs,
    },
    nlognLarge: { n1: b.n, n2: million.length, timeRatio: c.ms / b.coreMs, nlognRatio: nlogn(million.length) / nlogn(b.n), coreMs2: c.ms },
    composite: { rows: 1000, cols: 30, coreMs: coreMinmax.ms, functionMs: fn.ms, coreMinmaxMs: coreMinmax.ms, coreZscoreMs: coreZ.ms },
    composite2: { rows: 10_000, cols: 30, coreMs: core2.ms },
  };
}

const invokedDirectly = process.argv[1] && /bench[\\/]engine\.ts$/.test(process.argv[1]);
if (invokedDirectly) console.log(JSON.stringify(runEngine(), null, 2));
