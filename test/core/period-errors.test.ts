import { describe, it, expect } from 'vitest';
import { IndicatorError, formatPeriod, isIndicatorError, monthsElapsed, parsePeriod, periodLabelZh, ratio } from '../../src/core/index.js';
import { expectIndicatorError } from './helpers.js';

describe('IndicatorError', () => {
  it('carries an Excel-like code and a Chinese message', () => {
    const e = new IndicatorError('DIV0', '分母为零');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('IndicatorError');
    expect([e.code, e.message]).toEqual(['DIV0', '分母为零']);
    expect(isIndicatorError(e)).toBe(true);
    expect(isIndicatorError(new Error('x'))).toBe(false);
  });
});

describe('ratio', () => {
  it('is numerator / denominator × factor, naming both sides in its errors', () => {
    expect(ratio(3, 4, 1000, ['高企数', '企业数'])).toBe(750);
    expectIndicatorError(() => ratio(3, 0, 1000, ['高企数', '企业数']), 'DIV0', '企业数');
    expectIndicatorError(() => ratio(null, 4, 1000, ['高企数', '企业数']), 'NA', '高企数');
  });
});

describe('periods', () => {
  it('parses a whole year and cumulative months, and formats them back', () => {
    expect(parsePeriod('2024')).toEqual({ year: 2024, fromMonth: 1, toMonth: 12 });
    expect(parsePeriod(' 2024-01..09 ')).toEqual({ year: 2024, fromMonth: 1, toMonth: 9 });
    expect(formatPeriod(parsePeriod('2024-1..9'))).toBe('2024-01..09');
    expect(formatPeriod(parsePeriod('2024'))).toBe('2024');
  });

  it('months elapsed (for 时序进度) and the Chinese label', () => {
    expect(monthsElapsed(parsePeriod('2024-01..09'))).toBe(9);
    expect(monthsElapsed(parsePeriod('2024'))).toBe(12);
    expect(periodLabelZh(parsePeriod('2024-01..09'))).toBe('2024年1-9月');
    expect(periodLabelZh(parsePeriod('2023'))).toBe('2023年');
  });

  it.each(['24', '2024-13..14', '2024-09..01', '2024-00..03', '2024年', ''])('refuses %j with a VALUE error', (text) => {
    expectIndicatorError(() => parsePeriod(text), 'VALUE', '报告期格式');
  });
});

describe('periodTextZh (titles of the rollup, ranking and demo outputs)', () => {
  it('labels a period, gives nothing for none and shows unparsable text as given', async () => {
    const { periodTextZh } = await import('../../src/core/period.js');
    expect(periodTextZh('2024')).toBe('2024年');
    expect(periodTextZh('2024-01..09')).toBe('2024年1-9月');
    expect(periodTextZh(null)).toBe('');
    expect(periodTextZh('上半年')).toBe('上半年');
  });
});
