/** The unit register as a file: .xlsx (sheet 单位名录) or .csv with the same headers. */
import { parseCsv } from '../core/csv.js';
import { cellText } from '../core/grid.js';
import { KIND_TO_ZH, REGISTER_HEADERS, REGISTER_SHEET, parseRegisterTable } from '../core/register.js';
import { normaliseHeader } from '../core/template-schema.js';
import type { Finding, Register } from '../core/types.js';
import type { CellModel, WorkbookModel } from '../core/sheet-model.js';
import { finding } from '../core/validate-codes.js';
import { yesNoWord } from '../core/vocabulary.js';
import { isXlsxReadError, readXlsx } from './xlsx/read.js';
import { writeXlsx } from './xlsx/write.js';

export interface RegisterReadResult {
  /** Null when the file could not be read at all. */
  register: Register | null;
  findings: Finding[];
}

/** Decode CSV bytes: UTF-8 (with or without BOM), else GB18030 (what Chinese Excel saves). */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    try {
      return new TextDecoder('gb18030').decode(bytes);
    } catch {
      return new TextDecoder('utf-8').decode(bytes);
    }
  }
}

/** Read a register file; problems are findings (never throws for bad input). */
export function readRegisterFile(bytes: Uint8Array, fileName: string): RegisterReadResult {
  const isCsv = /\.(csv|txt|tsv)$/i.test(fileName) || !(bytes[0] === 0x50 && bytes[1] === 0x4b);
  if (isCsv && !(bytes[0] === 0xd0 && bytes[1] === 0xcf)) {
    // Comma, full-width comma, tab or semicolon: whatever Excel or WPS saved.
    const rows = parseCsv(decodeCsvBytes(bytes), { separator: 'auto' });
    return parseRegisterTable(rows, fileName);
  }
  let grid;
  try {
    grid = readXlsx(bytes, fileName);
  } catch (e) {
    const msg = isXlsxReadError(e) ? e.message : String(e);
    return { register: null, findings: [finding('FILE_UNREADABLE', `名录文件无法读取：${msg}`, { file: fileName })] };
  }
  const want = normaliseHeader(REGISTER_SHEET);
  const sheet =
    grid.sheets.find((s) => normaliseHeader(s.name) === want) ?? grid.sheets.find((s) => s.state === 'visible' && s.maxRow >= 0);
  if (!sheet)
    return {
      register: null,
      findings: [finding('REGISTER_INVALID', `名录文件中没有“${REGISTER_SHEET}”工作表`, { file: fileName, expected: REGISTER_SHEET })],
    };
  const rows: string[][] = [];
  for (let r = 0; r <= sheet.maxRow; r++) {
    const row: string[] = [];
    for (let c = 0; c <= sheet.maxCol; c++) row.push(cellText(sheet.cell(r, c)));
    rows.push(row);
  }
  return parseRegisterTable(rows, fileName, sheet.name);
}

/** The register as a workbook (sheet 单位名录), for `sti demo` and for users to edit. */
export function registerModel(register: Register): WorkbookModel {
  const head: CellModel[] = REGISTER_HEADERS.map((h) => ({
    value: h,
    style: { bold: true, fill: 'DDEBF7', border: true, hAlign: 'center' },
  }));
  const rows: CellModel[][] = [head];
  for (const u of register.units) {
    rows.push([
      { value: u.code, style: { numFmt: '@', border: true } },
      { value: u.name, style: { border: true } },
      { value: KIND_TO_ZH[u.kind], style: { border: true, hAlign: 'center' } },
      { value: u.parentCode ?? '', style: { numFmt: '@', border: true } },
      { value: u.kind === 'park' ? yesNoWord(Boolean(u.partitionMember)) : '', style: { border: true, hAlign: 'center' } },
    ]);
  }
  return {
    sheets: [
      {
        name: REGISTER_SHEET,
        rows,
        columnWidths: [16, 24, 10, 16, 10],
        freeze: { rows: 1, cols: 0 },
        print: { orientation: 'portrait', fitToWidth: true, paper: 'A4' },
      },
    ],
    properties: { title: '单位名录' },
  };
}

export function writeRegister(register: Register): Promise<Uint8Array> {
  return writeXlsx(registerModel(register));
}

/** The register as CSV text (UTF-8 with BOM so Excel opens it right). */
export function registerCsv(register: Register): string {
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [REGISTER_HEADERS.join(',')];
  for (const u of register.units)
    lines.push(
      [u.code, u.name, KIND_TO_ZH[u.kind], u.parentCode ?? '', u.kind === 'park' ? yesNoWord(Boolean(u.partitionMember)) : '']
        .map(q)
        .join(','),
    );
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
