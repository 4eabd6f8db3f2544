import { describe, it, expect, vi } from 'vitest';
import { ExcelError } from './shim.js';
import { guard, toExcelError } from '../../src/functions/errors.js';
import { IndicatorError } from '../../src/core/index.js';

describe('core errors → CustomFunctions.Error', () => {
  it.each([
    ['DIV0', '#DIV/0!', false],
    ['VALUE', '#VALUE!', true],
    ['NUM', '#NUM!', false],
    ['NA', '#N/A', true],
  ] as const)('%s → %s (Chinese message kept: %s)', (code, excel, keepsMessage) => {
    const e = toExcelError(new IndicatorError(code, '中文说明'));
    expect(e).toBeInstanceOf(ExcelError);
    expect(e.code).toBe(excel);
    expect(e.message).toBe(keepsMessage ? '中文说明' : undefined);
  });

  it('an unexpected exception is #VALUE! with its text, an Excel error passes through', () => {
    const e = toExcelError(new TypeError('boom'));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toBe('计算出错：boom');
    const original = new ExcelError('#N/A', 'x');
    expect(toExcelError(original)).toBe(original);
  });

  it('guard() rethrows as the Excel error and returns values untouched', () => {
    expect(guard(() => 5)).toBe(5);
    expect(() =>
      guard(() => {
        throw new IndicatorError('NA', '缺少');
      }),
    ).toThrow(ExcelError);
  });
});

describe('outside Excel', () => {
  it('runtime.ts gives the appended CustomFunctions.associate calls a no-op target', async () => {
    const g = globalThis as Record<string, unknown>;
    const saved = g.CustomFunctions;
    delete g.CustomFunctions;
    try {
      vi.resetModules();
      await import('../../src/functions/runtime.js');
      const cf = g.CustomFunctions as { associate: (id: string, f: unknown) => void };
      expect(typeof cf.associate).toBe('function');
      expect(() => cf.associate('RDINTENSITY', () => 0)).not.toThrow();
    } finally {
      g.CustomFunctions = saved;
    }
  });

  it('runtime.ts leaves an existing CustomFunctions global alone', async () => {
    const g = globalThis as Record<string, unknown>;
    const before = g.CustomFunctions;
    vi.resetModules();
    await import('../../src/functions/runtime.js');
    expect(g.CustomFunctions).toBe(before);
  });
});
