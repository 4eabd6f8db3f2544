import { expect } from 'vitest';
import { IndicatorError, type IndicatorErrorCode } from '../../src/core/index.js';

/** The IndicatorError a call throws (fails the test if it returns or throws something else). */
export function indicatorError(f: () => unknown): IndicatorError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IndicatorError);
    return e as IndicatorError;
  }
  throw new Error('expected an IndicatorError');
}

/** Expect an IndicatorError with this code and a Chinese message. */
export function expectIndicatorError(f: () => unknown, code: IndicatorErrorCode, messagePart?: string): void {
  const e = indicatorError(f);
  expect(e.code).toBe(code);
  expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  if (messagePart !== undefined) expect(e.message).toContain(messagePart);
}
