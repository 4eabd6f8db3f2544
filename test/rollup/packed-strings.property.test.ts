/** A digest's packed strings (submission-source.ts) give back each string as it was, in order. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packedAt, packStrings } from '../../src/core/submission-source.js';

describe('packStrings', () => {
  it('gives back every string, of one width or of any', () => {
    const uscc = fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
    const lists = fc.oneof(fc.array(uscc, { maxLength: 80 }), fc.array(fc.oneof(uscc, fc.string({ maxLength: 20 })), { maxLength: 80 }));
    fc.assert(
      fc.property(lists, (list) => {
        const p = packStrings(list);
        expect(p.count).toBe(list.length);
        expect(Array.from({ length: p.count }, (_, i) => packedAt(p, i))).toEqual(list);
        // One width: no ends kept.
        if (list.every((t) => t.length === 18)) expect(p.ends).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the ends when the widths differ, empty strings included', () => {
    const list = ['91440300MA5F0000X1', '', '无代码:甲镇.xlsx#5', '91440300MA5F0000X1'];
    const p = packStrings(list);
    expect(p.ends).not.toBeNull();
    expect(list.map((_, i) => packedAt(p, i))).toEqual(list);
    expect(packStrings([]).count).toBe(0);
    expect(packStrings(['', '']).ends).toBeNull();
    expect([0, 1].map((i) => packedAt(packStrings(['', '']), i))).toEqual(['', '']);
  });
});
