/**
 * Core errors → Excel errors. The core throws IndicatorError with an Excel-like code and a
 * Chinese message; Excel shows custom messages only for #VALUE! and #N/A, so the message is
 * passed for those two and dropped for #DIV/0! and #NUM! (the runtime refuses it there).
 */
import { IndicatorError, type IndicatorErrorCode } from '../core/index.js';

/** CustomFunctions.ErrorCode values (divisionByZero, invalidValue, invalidNumber, notAvailable) as literals. */
const EXCEL_CODE: Record<IndicatorErrorCode, `${CustomFunctions.ErrorCode}`> = {
  DIV0: '#DIV/0!',
  VALUE: '#VALUE!',
  NUM: '#NUM!',
  NA: '#N/A',
};

/** Error codes whose custom message Excel displays. */
const WITH_MESSAGE = new Set<IndicatorErrorCode>(['VALUE', 'NA']);

/** The CustomFunctions.Error for anything a wrapper caught. */
export function toExcelError(e: unknown): CustomFunctions.Error {
  if (isExcelError(e)) return e;
  if (e instanceof IndicatorError) {
    const code = EXCEL_CODE[e.code] as CustomFunctions.ErrorCode;
    return WITH_MESSAGE.has(e.code) ? new CustomFunctions.Error(code, e.message) : new CustomFunctions.Error(code);
  }
  const detail = e instanceof Error ? e.message : String(e);
  return new CustomFunctions.Error(EXCEL_CODE.VALUE as CustomFunctions.ErrorCode, `计算出错：${detail}`);
}

/** Run a whole-function computation; any failure becomes the function's Excel error. */
export function guard<T>(compute: () => T): T {
  try {
    return compute();
  } catch (e) {
    throw toExcelError(e);
  }
}

function isExcelError(e: unknown): e is CustomFunctions.Error {
  return typeof CustomFunctions !== 'undefined' && typeof CustomFunctions.Error === 'function' && e instanceof CustomFunctions.Error;
}
