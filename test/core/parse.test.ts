import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseNumber, toHalfWidth } from '../../src/core/index.js';
import { expectIndicatorError } from './helpers.js';

describe('parseNumber', () => {
  it.each([
    ['1,234.5', 1234.5],
    ['１２３', 123],
    ['１，２３４．５', 1234.5],
    ['1.2亿', 120_000_000],
    ['2000万', 20_000_000],
    ['2000万元', 20_000_000],
    ['1.5万亿', 1.5e12],
    ['56.92%', 56.92],
    ['  42 ', 42],
    ['-3.5', -3.5],
    ['−3.5', -3.5],
    ['(123)', -123],
    ['1e3', 1000],
    ['.5', 0.5],
    ['3千', 3000],
  ])('%s → %d', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });

  it.each(['', '   ', '—', '——', '-', '--', '/', '／', '…', '无', 'N/A'])('blank mark %j → null', (text) => {
    expect(parseNumber(text)).toBeNull();
  });

  it('null and undefined are blank; numbers pass through', () => {
    expect(parseNumber(null)).toBeNull();
    expect(parseNumber(undefined)).toBeNull();
    expect(parseNumber(12.5)).toBe(12.5);
    expect(parseNumber(0)).toBe(0);
  });

  it('converts to the unit asked for, exactly (decimal shift, not float multiply)', () => {
    expect(parseNumber('1.2亿', { unit: '万' })).toBe(12000);
    expect(parseNumber('2000万', { unit: '亿' })).toBe(0.2);
    expect(parseNumber('28.12亿', { unit: '万' })).toBe(281200);
    expect(parseNumber('3万', { unit: '元' })).toBe(30000);
    expect(parseNumber('0.07亿', { unit: '万' })).toBe(700);
    // An amount written in 元 is converted too (was taken as already in the target unit).
    expect(parseNumber('5000元', { unit: '万' })).toBe(0.5);
    expect(parseNumber('12,000元', { unit: '万' })).toBe(1.2);
    expect(parseNumber('5000元')).toBe(5000);
    expect(parseNumber('5000元', { unit: '元' })).toBe(5000);
    // A bare number is already in the unit asked for.
    expect(parseNumber('5000', { unit: '万' })).toBe(5000);
    expect(parseNumber(5000, { unit: '亿' })).toBe(5000);
  });

  it.each([['abc'], ['1.2.3'], ['12abc'], ['1,23'], ['亿'], ['%']])('garbage %j → VALUE with the text quoted', (text) => {
    expectIndicatorError(() => parseNumber(text), 'VALUE', text);
  });

  it('booleans, objects and non-finite numbers → VALUE', () => {
    expectIndicatorError(() => parseNumber(true), 'VALUE', '逻辑值');
    expectIndicatorError(() => parseNumber({}), 'VALUE');
    expectIndicatorError(() => parseNumber(Number.NaN), 'VALUE');
    expectIndicatorError(() => parseNumber(Infinity), 'VALUE');
  });

  it('reads back any finite number printed plainly, and integers with thousands separators', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(parseNumber(String(x))).toBe(x === 0 ? 0 : x);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(parseNumber(n.toLocaleString('en-US'))).toBe(n);
      }),
    );
  });

  it('toHalfWidth maps full-width ASCII and ideographic spaces', () => {
    expect(toHalfWidth('ＡＢＣ１２３　％')).toBe('ABC123 %');
  });
});
