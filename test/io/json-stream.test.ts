/** --json written piece by piece is JSON.stringify(value, null, 2), character for character. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonText, LazyArray, lendJsonTextAt, writeJson } from '../../src/cli/json-stream.js';

/** JSON made for its place, as the rollup makes a district's, copied out of the lent buffer to be held. */
const jsonTextAt = (v: unknown, indent: string, depth: number) =>
  lendJsonTextAt(v, indent, depth, (t) => new JsonText(new Uint8Array(t.utf8), indent, depth));

const decode = (t: string | Uint8Array) => (typeof t === 'string' ? t : new TextDecoder('utf-8', { fatal: true }).decode(t));
const streamed = (v: unknown, depth?: number) => {
  const parts: string[] = [];
  writeJson(v, (t) => parts.push(decode(t)), depth);
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

  it('writes JSON made earlier for its place (as UTF-8) exactly where JSON.stringify would have it', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.string({ unit: 'binary' }), (levels, name) => {
        // Elements of `levels` in the rollup's document: indent 4, two levels still written piece by piece.
        const doc = { name, levels: new LazyArray(levels.length, (i) => jsonTextAt(levels[i], '    ', 2)), after: [1] };
        expect(streamed(doc)).toBe(JSON.stringify({ name, levels, after: [1] }, null, 2));
      }),
      { numRuns: 300 },
    );
    // Larger than the first buffer, Chinese throughout: bytes, never a string of the whole.
    const big = { rows: Array.from({ length: 3000 }, (_, i) => ({ i, 名称: '汇总表：示例区'.repeat(10) })) };
    const made = jsonTextAt(big, '    ', 2);
    expect(made.utf8).toBeInstanceOf(Uint8Array);
    expect(streamed({ levels: new LazyArray(1, () => made) })).toBe(JSON.stringify({ levels: [big] }, null, 2));
    expect(() => streamed({ x: jsonTextAt(big, '', 2) })).toThrow(/another place/);
    // Each keeps its own bytes: made one after the other, held together, written later.
    const both = [jsonTextAt({ 区: '东湖区' }, '    ', 2), jsonTextAt({ 区: '西山区' }, '    ', 2)];
    expect(streamed({ levels: new LazyArray(2, (i) => both[i]) })).toBe(
      JSON.stringify({ levels: [{ 区: '东湖区' }, { 区: '西山区' }] }, null, 2),
    );
  });

  it('writes in chunks of about a megabyte, not one string', () => {
    const big = { rows: new LazyArray(3000, (i) => ({ i, text: 'x'.repeat(1000) })) };
    const parts: string[] = [];
    writeJson(big, (t) => parts.push(decode(t)));
    expect(parts.length).toBeGreaterThan(2);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(1.1 * 2 ** 20);
  });
});
