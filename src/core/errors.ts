/** Error kinds mirror Excel's error values so adapters can map them one to one. */
export type IndicatorErrorCode = 'DIV0' | 'VALUE' | 'NUM' | 'NA';

/** A statistical error with a Chinese message for the statistician. */
export class IndicatorError extends Error {
  readonly code: IndicatorErrorCode;
  constructor(code: IndicatorErrorCode, message: string) {
    super(message);
    this.name = 'IndicatorError';
    this.code = code;
  }
}

export function isIndicatorError(e: unknown): e is IndicatorError {
  return e instanceof IndicatorError;
}
