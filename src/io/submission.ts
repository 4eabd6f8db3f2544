/** A submission file (bytes) → Submission + findings. Read errors become findings; never throws for bad input. */
import { parseCsv } from '../core/csv.js';
import { sheetGridFromValues } from '../core/grid.js';
import { detectOwnOutput, ownOutputSkipped, showsOwnOutput } from '../core/own-output.js';
import { readSubmission, type ReadSubmissionResult } from '../core/read-submission.js';
import { finding } from '../core/validate-codes.js';
import { SHEET_GUIDE } from '../core/template-schema.js';
import { decodeCsvBytes } from './register.js';
import { readXlsx, isXlsxReadError, type XlsxReadErrorCode, type XlsxReadOptions } from './xlsx/read.js';

export type { ReadSubmissionResult } from '../core/read-submission.js';

export function readSubmissionFile(bytes: Uint8Array, fileName: string, options: XlsxReadOptions = {}): ReadSubmissionResult {
  let grid;
  try {
    // 填报说明's text is never read (only its presence): skip inflating and scanning it.
    grid = readXlsx(bytes, fileName, { sheetFilter: (name) => name !== SHEET_GUIDE, ...options });
  } catch (e) {
    const own = isXlsxReadError(e) ? ownOutputBehind(e.code, bytes, fileName, options) : null;
    if (own) return { submission: null, findings: [ownOutputSkipped(fileName, own)] };
    const message = isXlsxReadError(e) ? e.message : `文件无法读取：${e instanceof Error ? e.message : String(e)}`;
    const value = isXlsxReadError(e) ? e.code : undefined;
    return {
      submission: null,
      findings: [finding('FILE_UNREADABLE', message, { file: fileName, value, expected: '用下发模板填写的 .xlsx 文件' })],
    };
  }
  try {
    return readSubmission(grid);
  } catch (e) {
    // A bug in reading must not lose the file: report it as unreadable, with the reason.
    return {
      submission: null,
      findings: [finding('FILE_UNREADABLE', `读取时出错：${e instanceof Error ? e.message : String(e)}`, { file: fileName })],
    };
  }
}

const CSV_HEAD_BYTES = 64 * 1024;

/**
 * The tool's own output behind a read refusal: a city's rollup workbook can pass the cell limit
 * (its 企业名录), read again with only the sheets that show what it is; a register saved as .csv
 * is text, not a workbook. Null when it is neither (the refusal stands).
 */
function ownOutputBehind(
  code: XlsxReadErrorCode,
  bytes: Uint8Array,
  fileName: string,
  options: XlsxReadOptions,
): ReturnType<typeof detectOwnOutput> {
  try {
    if (code === 'CSV') {
      // The header is in the first lines: a huge text file is not decoded whole (cut at a line end).
      const head = bytes.length > CSV_HEAD_BYTES ? bytes.subarray(0, bytes.lastIndexOf(0x0a, CSV_HEAD_BYTES) + 1) : bytes;
      const rows = parseCsv(decodeCsvBytes(head), { separator: 'auto' });
      const sheetName = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''); // Excel names a CSV's sheet after the file
      return detectOwnOutput({ fileName, sheets: [sheetGridFromValues(sheetName, rows)] });
    }
    if (code === 'TOO_LARGE' || code === 'TOO_MANY_ROWS' || code === 'TOO_MANY_CELLS')
      return detectOwnOutput(readXlsx(bytes, fileName, { ...options, sheetFilter: showsOwnOutput }));
  } catch {
    // Not readable that way either: the original refusal is the message.
  }
  return null;
}
