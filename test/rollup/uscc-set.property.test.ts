/** UsccKeySet (USCC-shaped keys packed, any other key beside them) against the language's own Set. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectSameAsSet } from '../support/set-oracle.js';
import { UsccKeySet } from '../../src/core/uscc-set.js';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const usccShaped = fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
// Keys one character away from each other, in every third of the key (each third is one packed word).
const neighbours = fc
  .tuple(usccShaped, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 0, max: 30 }))
  .chain(([k, at, c]) => fc.constantFrom(k, k.slice(0, at) + USCC_ALPHABET[c] + k.slice(at + 1)));
const keyArb = fc.oneof(
  usccShaped,
  neighbours,
  fc.constantFrom('000000000000000000', 'YYYYYYYYYYYYYYYYYY', '91440300MA5F0000X1', '91440300MA5F0000XI'),
  // 18 characters not all of the alphabet (I, O, S, V, Z, lower case, Chinese): kept apart, still exact.
  fc.stringMatching(/^[0-9A-Za-z]{18}$/),
  fc.constantFrom('无代码:甲镇.xlsx#5', '无代码:乙镇.xlsx#5', '', '企业', '91440300ma5f0000x1', '9144030OMA5F0000X1'),
  fc.string({ maxLength: 20 }),
);

describe('UsccKeySet', () => {
  it('adds and finds exactly what a Set does, whatever size it was told to expect', () => {
    fc.assert(
      fc.property(
        fc.array(keyArb, { maxLength: 2000 }),
        fc.array(keyArb, { maxLength: 50 }),
        fc.oneof(fc.nat(3000), fc.constantFrom(-5, Number.NaN, Number.POSITIVE_INFINITY)),
        (keys, probes, expected) => {
          expectSameAsSet(new UsccKeySet(expected), keys, probes);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('emptied, holds nothing of before and then what a new Set would', () => {
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 300 }), fc.array(keyArb, { maxLength: 300 }), (before, after) => {
        const set = new UsccKeySet(before.length);
        for (const k of before) set.add(k);
        set.clear();
        expect(set.size).toBe(0);
        for (const k of before) expect(set.has(k)).toBe(false);
        expectSameAsSet(set, after, before);
      }),
    );
  });

  it('tells apart codes alike in all but one third (each third is packed on its own)', () => {
    for (const differ of [0, 1, 2]) {
      const set = new UsccKeySet(differ === 1 ? 0 : 10_000);
      const oracle = new Set<string>();
      for (let i = 0; i < 20_000; i++) {
        const part = Array.from({ length: 6 }, (_, k) => USCC_ALPHABET[Math.floor(i / 31 ** k) % 31]).join('');
        const k = 'ABCDEF123456789012'.slice(0, differ * 6) + part + 'ABCDEF123456789012'.slice((differ + 1) * 6);
        expect(set.add(k)).toBe(!oracle.has(k));
        oracle.add(k);
      }
      expect(set.size).toBe(20_000);
      for (const k of oracle) expect(set.add(k)).toBe(false);
      expect(set.has('ABCDEF123456789012'.slice(0, differ * 6) + 'ZZZZZZ' + 'ABCDEF123456789012'.slice((differ + 1) * 6))).toBe(false);
    }
  });

  it('holds two hundred thousand codes told nothing of their number (its arrays grow many times)', () => {
    const set = new UsccKeySet();
    const code = (i: number) => {
      let s = '';
      for (let n = i, k = 0; k < 18; k++, n = Math.floor(n / 31)) s += USCC_ALPHABET[(n + k * 7) % 31];
      return s;
    };
    const oracle = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      const k = code(i * 7919);
      expect(set.add(k)).toBe(!oracle.has(k));
      oracle.add(k);
    }
    expect(set.size).toBe(oracle.size);
    for (let i = 0; i < 200_000; i += 13) expect(set.add(code(i * 7919))).toBe(false);
    expect(set.has(code(200_001 * 7919))).toBe(oracle.has(code(200_001 * 7919)));
  });
});
