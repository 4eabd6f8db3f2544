/** A submission file (bytes) → Submission + findings. Read errors become findings; never throws for bad input. */
import { readSubmission, type ReadSubmissionResult } from '../core/read-submission.js';
import { finding } from '../core/validate-codes.js';
import { SHEET_GUIDE } from '../core/template-schema.js';
import { readXlsx, isXlsxReadError, type XlsxReadOptions } from './xlsx/read.js';

export type { ReadSubmissionResult } from '../core/read-submission.js';

export function readSubmissionFile(bytes: Uint8Array, fileName: string, options: XlsxReadOptions = {}): ReadSubmissionResult {
  let grid;
  try {
    // 填报说明's text is never read (only its presence): skip inflating and scanning it.
    grid = readXlsx(bytes, fileName, { sheetFilter: (name) => name !== SHEET_GUIDE, ...options });
  } catch (e) {
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
