/** CompactStringSet against the language's own Set. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectSameAsSet } from '../support/set-oracle.js';
import { CompactStringSet } from '../../src/core/string-set.js';

describe('CompactStringSet', () => {
  it('adds and finds exactly what a Set does (ASCII, Chinese, lone surrogates, empty and long keys, many repeats)', () => {
    const key = fc.oneof(
      fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{18}$/),
      fc.string({ maxLength: 4 }),
      fc.constantFrom('无代码:甲镇.xlsx#5', '无代码:乙镇.xlsx#5', '', 'x'.repeat(300), '企业'),
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('\uD800', '\uD801', '\uDC00x', '\uFFFD'),
    );
    fc.assert(
      fc.property(fc.array(key, { maxLength: 3000 }), fc.array(key, { maxLength: 50 }), (keys, probes) => {
        expectSameAsSet(new CompactStringSet(), keys, probes);
      }),
      { numRuns: 60 },
    );
  });

  it('holds a hundred thousand codes (the table and buffers grow many times)', () => {
    const set = new CompactStringSet();
    for (let i = 0; i < 100_000; i++) set.add(`91${String(i).padStart(16, '0')}`);
    for (let i = 0; i < 100_000; i += 7) expect(set.add(`91${String(i).padStart(16, '0')}`)).toBe(false);
    expect(set.size).toBe(100_000);
    expect(set.has('910000000000100000')).toBe(false);
    expect(set.has('910000000000099999')).toBe(true);
  });
});
