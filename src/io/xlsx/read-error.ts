/** Why a file could not be read as a workbook. Messages are Chinese, for the statistician. */
export type XlsxReadErrorCode =
  | 'EMPTY'
  | 'NOT_ZIP'
  | 'TRUNCATED'
  | 'CORRUPT'
  | 'LEGACY_XLS'
  | 'ENCRYPTED'
  | 'CSV'
  | 'NOT_XLSX'
  | 'UNSUPPORTED'
  | 'TOO_LARGE'
  | 'TOO_MANY_ROWS'
  | 'TOO_MANY_CELLS'
  | 'BAD_XML';

export class XlsxReadError extends Error {
  constructor(
    readonly code: XlsxReadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'XlsxReadError';
  }
}

export function isXlsxReadError(e: unknown): e is XlsxReadError {
  return e instanceof XlsxReadError;
}
