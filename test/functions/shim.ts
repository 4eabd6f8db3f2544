/**
 * A stand-in for the Excel custom-functions runtime global, shaped like
 * @types/custom-functions-runtime: `new CustomFunctions.Error(code, message?)` with `code`
 * one of the ErrorCode strings. Import it before src/functions/functions.ts.
 */
class ExcelError {
  readonly code: string;
  readonly message?: string;
  constructor(code: string, message?: string) {
    this.code = code;
    if (message !== undefined) this.message = message;
  }
}

const ErrorCode = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
  invalidNumber: '#NUM!',
  nullReference: '#NULL!',
  invalidName: '#NAME?',
  invalidReference: '#REF!',
} as const;

export const associated = new Map<string, unknown>();

(globalThis as Record<string, unknown>).CustomFunctions = {
  Error: ExcelError,
  ErrorCode,
  associate: (id: string, fn: unknown) => associated.set(id, fn),
};

export { ExcelError, ErrorCode };

/** An Excel error value as the tests compare it. */
export function isExcelError(x: unknown, code?: string): x is ExcelError {
  return x instanceof ExcelError && (code === undefined || x.code === code);
}

/** Run a custom function and return its thrown Excel error (fails if it returned). */
export function thrown(f: () => unknown): ExcelError {
  try {
    f();
  } catch (e) {
    if (e instanceof ExcelError) return e;
    throw new Error(`expected a CustomFunctions.Error, got ${String(e)}`);
  }
  throw new Error('expected the function to throw an Excel error');
}
