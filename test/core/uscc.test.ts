import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { normalizeUscc, validateUscc, withUsccCheckChar } from '../../src/core/index.js';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const first17 = fc.array(fc.constantFrom(...CHARSET), { minLength: 17, maxLength: 17 }).map((a) => a.join(''));

describe('validateUscc (GB 32100-2015)', () => {
  it("accepts the standard's example code", () => {
    expect(validateUscc('91350100M000100Y43')).toEqual({ valid: true, normalized: '91350100M000100Y43', expectedCheckChar: '3' });
  });

  it('accepts every code completed by withUsccCheckChar', () => {
    fc.assert(
      fc.property(first17, (head) => {
        const code = withUsccCheckChar(head);
        expect(code).toHaveLength(18);
        const r = validateUscc(code);
        expect(r.valid).toBe(true);
        expect(r.normalized).toBe(code);
        expect(r.expectedCheckChar).toBe(code[17]);
      }),
    );
  });

  it('detects every single-character corruption', () => {
    fc.assert(
      fc.property(first17, (head) => {
        const code = withUsccCheckChar(head);
        for (let p = 0; p < 18; p++) {
          for (const c of CHARSET) {
            if (c === code[p]) continue;
            const bad = code.slice(0, p) + c + code.slice(p + 1);
            const r = validateUscc(bad);
            expect(r.valid, bad).toBe(false);
            expect(r.reason).toContain('统一社会信用代码校验位错误');
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('normalises: trims, full-width → half-width, lower → upper case', () => {
    const toFull = (s: string) => s.replace(/[0-9A-Za-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    const code = '91350100M000100Y43';
    for (const variant of [
      ` ${code}\t`,
      code.toLowerCase(),
      toFull(code),
      `${code.slice(0, 9)} ${code.slice(9)}`,
      `\u3000${toFull(code.toLowerCase())}`,
    ]) {
      expect(validateUscc(variant)).toMatchObject({ valid: true, normalized: code });
    }
    expect(normalizeUscc(' ９１ab ')).toBe('91AB');
  });

  it('wrong length, forbidden characters (I O Z S V) and non-strings are reported', () => {
    expect(validateUscc('9135010').reason).toBe('统一社会信用代码应为18位，实际为7位');
    expect(validateUscc('').reason).toContain('实际为0位');
    expect(validateUscc(null).valid).toBe(false);
    for (const ch of 'IOZSV') {
      const r = validateUscc(`9135010${ch}M000100Y43`);
      expect(r.valid).toBe(false);
      expect(r.expectedCheckChar).toBeNull();
      expect(r.reason).toBe(`第8位“${ch}”不是统一社会信用代码允许的字符`);
    }
    expect(validateUscc('91350100M000100Y4I').reason).toContain('校验位错误');
  });
});
