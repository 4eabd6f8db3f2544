/** --json written piece by piece is JSON.stringify(value, null, 2), character for character. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LazyArray, writeJson } from '../../src/cli/json-stream.js';

const streamed = (v: unknown, depth?: number) => {
  const parts: string[] = [];
  writeJson(v, (t) => parts.push(t), depth);
  return parts.join('');
};

describe('writeJson', () => {
  it('matches JSON.stringify on any JSON value, at any depth of streaming', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 6 }), (v, depth) => {
        expect(streamed(v, depth)).toBe(JSON.stringify(v, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out what JSON.stringify leaves out, and writes lazy arrays as arrays', () => {
    const v = { a: undefined, b: [undefined, () => 1, 2], c: { d: null, e: undefined }, f: '行\n二', g: [], h: {} };
    expect(streamed(v)).toBe(JSON.stringify(v, null, 2));
    const rows = [
      { x: 1, y: [1, 2, { z: '东湖区' }] },
      { x: 2, y: [] },
    ];
    let made = 0;
    const lazy = new LazyArray(rows.length, (i) => (made++, rows[i]));
    expect(streamed({ levels: lazy, n: 1 })).toBe(JSON.stringify({ levels: rows, n: 1 }, null, 2));
    expect(made).toBe(2);
    expect(streamed({ levels: new LazyArray(0, () => 0) })).toBe(JSON.stringify({ levels: [] }, null, 2));
  });

  it('writes in chunks of about a megabyte, not one string', () => {
    const big = { rows: new LazyArray(3000, (i) => ({ i, text: 'x'.repeat(1000) })) };
    const parts: string[] = [];
    writeJson(big, (t) => parts.push(t));
    expect(parts.length).toBeGreaterThan(2);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(1.1 * 2 ** 20);
  });
});
