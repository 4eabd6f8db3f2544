/**
 * How many cases each fuzz property runs. The short default runs inside `npm test`; a long
 * run is `STI_FUZZ_RUNS=100000 npx vitest run test/fuzz` (the core properties then run that
 * many cases; the ones that read or write whole workbooks a fixed fraction of it: reader
 * ÷10, random grids ÷4, rank on edited rollups ÷50, rollup on perturbed data ÷100).
 * STI_FUZZ_SEED replays a failing run (fast-check prints the seed and path).
 */
import type { Parameters } from 'fast-check';

const env = Number(process.env.STI_FUZZ_RUNS);
export const LONG = Number.isInteger(env) && env > 0;

/** fast-check parameters: `short` runs by default, STI_FUZZ_RUNS (÷ `heavyDivisor`) when set. */
export function runs(short: number, heavyDivisor = 1): Parameters<unknown> {
  const seed = Number(process.env.STI_FUZZ_SEED);
  return {
    numRuns: LONG ? Math.max(1, Math.floor(env / heavyDivisor)) : short,
    ...(Number.isInteger(seed) ? { seed } : {}),
  };
}

/** Vitest timeout for a property: generous for long runs. */
export const timeout = (shortMs: number) => (LONG ? 24 * 3600 * 1000 : shortMs);
