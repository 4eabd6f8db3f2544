import { describe, it, expect, vi } from 'vitest';
import './shim.js';

// Count the core rank() calls behind STI.RANK: the whole ref must be ranked once, not once per value.
const calls = vi.hoisted(() => ({ rank: 0 }));
vi.mock('../../src/core/index.js', async (importOriginal) => {
  const core = await importOriginal<typeof import('../../src/core/index.js')>();
  return {
    ...core,
    rank: (...args: Parameters<typeof core.rank>) => {
      calls.rank++;
      return core.rank(...args);
    },
  };
});

const { rankFn } = await import('../../src/functions/functions.js');

describe('STI.RANK over a range', () => {
  it('ranks a 2,000-cell ref once for 2,000 values and agrees with a per-value count', () => {
    const values = Array.from({ length: 2000 }, (_, i) => [Math.round(Math.sin(i) * 300) / 10]);
    calls.rank = 0;
    const out = rankFn(values, values);
    expect(calls.rank).toBe(1);
    for (let i = 0; i < values.length; i += 97) {
      const v = values[i][0];
      expect(out[i][0]).toBe(1 + values.filter((r) => r[0] > v).length);
    }
  });
});
