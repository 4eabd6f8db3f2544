/**
 * Fast .xlsx reader: bytes → WorkbookGrid. Reads only the parts reading by labels needs
 * (workbook, its rels, shared strings, styles for date formats, worksheets), inflating
 * each within limits; each part's XML is read by its module in parts/. Never touches the
 * file system, so it runs the same in node and in the task pane.
 */
import { RowsSheetGrid, type WorkbookGrid } from '../../core/grid.js';
import { readRels, type Rel } from './parts/relationships.js';
import { readSharedStrings } from './parts/shared-strings.js';
import { readDateStyles } from './parts/styles.js';
import { readWorkbook } from './parts/workbook.js';
import { readWorksheet, type CellBudget } from './parts/worksheet.js';
import { XlsxReadError } from './read-error.js';
import { rawEntryBytes, readEntry, zipEntries, type ZipEntry } from './zip.js';

export { XlsxReadError, isXlsxReadError } from './read-error.js';
export type { XlsxReadErrorCode } from './read-error.js';

export interface XlsxReadOptions {
  /** Largest uncompressed part (default 64 MiB). */
  maxEntryBytes?: number;
  /** Largest uncompressed total of the parts read (default 160 MiB). */
  maxTotalBytes?: number;
  /** Highest row number holding a value (default 200,000). */
  maxRows?: number;
  /** Most cells with a value in the workbook (default 2,000,000). */
  maxCells?: number;
  /** Read only the sheets whose names pass (the others are listed with no cells). */
  sheetFilter?: (name: string) => boolean;
}

export const DEFAULT_READ_LIMITS = {
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 160 * 1024 * 1024,
  maxRows: 200_000,
  maxCells: 2_000_000,
} as const;

/** Shared parts are cached only when small (their compressed bytes are kept to compare). */
const SHARED_PART_MAX = 64 * 1024;
const SHARED_PARTS_MAX = 256;
const sharedParts = new Map<string, { raw: Uint8Array; value: unknown }>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const utf8 = new TextDecoder('utf-8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');

/** What the first bytes say the file is; throws a typed read error for anything but a zip. */
export function sniffWorkbookBytes(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new XlsxReadError('EMPTY', '文件为空（0 字节）');
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    if (containsUtf16(bytes, 'EncryptedPackage')) {
      throw new XlsxReadError('ENCRYPTED', '文件已加密（设置了打开密码），无法读取；请取消密码后另存为 .xlsx 再提交');
    }
    throw new XlsxReadError('LEGACY_XLS', '这是旧版 Excel 97-2003 (.xls) 文件，请在 Excel 中“另存为” .xlsx 格式后再提交');
  }
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5 || bytes[2] === 7)) return;
  if (bytes.length >= 2 && bytes[0] === 0x50 && bytes[1] === 0x4b) return;
  const head = bytes.subarray(0, Math.min(bytes.length, 4096));
  let text: string | null = null;
  if (!head.includes(0)) {
    try {
      text = strictUtf8.decode(head, { stream: true });
    } catch {
      text = null; // not UTF-8 text: binary (an image, a PDF…), not a CSV
    }
  } else if (head[0] === 0xff && head[1] === 0xfe) text = utf16le.decode(head);
  // eslint-disable-next-line no-control-regex
  if (text !== null && /[\x00-\x08\x0e-\x1a\x1c-\x1f]/.test(text)) text = null;
  if (text !== null) {
    const t = text.replace(/^\uFEFF/, '').trimStart();
    if (/^<(!DOCTYPE\s+html|html|\?xml|table|meta|head)/i.test(t)) {
      throw new XlsxReadError(
        'NOT_XLSX',
        '这不是 .xlsx 文件（内容是网页或 XML 文本，可能由其他系统导出后改了扩展名），请在 Excel 中另存为 .xlsx',
      );
    }
    if (/[,\t，;]/.test(t) || /\r?\n/.test(t)) {
      throw new XlsxReadError('CSV', '这是 CSV/文本文件，不是 .xlsx 工作簿；请使用下发的 .xlsx 模板填报');
    }
    throw new XlsxReadError('NOT_ZIP', '这不是 .xlsx 文件（内容是纯文本）；请使用下发的 .xlsx 模板填报');
  }
  throw new XlsxReadError('NOT_ZIP', '这不是 .xlsx 文件（无法识别的文件格式），请在 Excel 中另存为 .xlsx');
}

function containsUtf16(bytes: Uint8Array, s: string): boolean {
  const first = s.charCodeAt(0);
  outer: for (let i = 0; i + s.length * 2 <= bytes.length; i++) {
    if (bytes[i] !== first || bytes[i + 1] !== 0) continue;
    for (let k = 1; k < s.length; k++) if (bytes[i + 2 * k] !== s.charCodeAt(k) || bytes[i + 2 * k + 1] !== 0) continue outer;
    return true;
  }
  return false;
}

function decodeText(b: Uint8Array): string {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return utf16le.decode(b.subarray(2));
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return utf16be.decode(b.subarray(2));
  return utf8.decode(b); // TextDecoder drops a UTF-8 BOM itself
}

/** Read an .xlsx workbook from its bytes. Throws XlsxReadError (Chinese message) when it cannot. */
export function readXlsx(bytes: Uint8Array, fileName: string, options: XlsxReadOptions = {}): WorkbookGrid {
  const limits = { ...DEFAULT_READ_LIMITS, ...options };
  sniffWorkbookBytes(bytes);
  let entries: ZipEntry[];
  try {
    entries = zipEntries(bytes);
  } catch (e) {
    if (e instanceof XlsxReadError) throw e;
    throw new XlsxReadError('CORRUPT', '文件已损坏，无法作为压缩包读取');
  }
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) byName.set(e.name.replace(/^\/+/, '').replace(/\\/g, '/').toLowerCase(), e);
  let total = 0;
  const part = (name: string): string | null => {
    const e = byName.get(name.toLowerCase());
    if (!e) return null;
    total += e.size;
    if (total > limits.maxTotalBytes) {
      throw new XlsxReadError(
        'TOO_LARGE',
        `文件内容过大：解压后超过 ${Math.round(limits.maxTotalBytes / 1048576)} MB 上限（可能是压缩炸弹或异常大的工作表）`,
      );
    }
    return decodeText(readEntry(bytes, e, limits.maxEntryBytes));
  };
  /**
   * Parts every submission of one template shares byte for byte (workbook, rels, styles):
   * parsed once, then recognised by their compressed bytes (compared in full, not just the CRC).
   */
  const sharedPart = <T>(name: string, parse: (xml: string) => T): T | null => {
    const e = byName.get(name.toLowerCase());
    if (!e) return null;
    const raw = e.compressedSize <= SHARED_PART_MAX ? rawEntryBytes(bytes, e) : null;
    const key = `${name}\u0000${e.crc}\u0000${e.size}\u0000${e.method}`;
    if (raw) {
      const hit = sharedParts.get(key);
      if (hit && sameBytes(hit.raw, raw)) return hit.value as T;
    }
    const xml = part(name);
    if (xml === null) return null;
    const value = parse(xml);
    if (raw) {
      if (sharedParts.size >= SHARED_PARTS_MAX) sharedParts.clear();
      sharedParts.set(key, { raw: raw.slice(), value });
    }
    return value;
  };

  // Where the workbook part is (almost always xl/workbook.xml).
  let workbookPath = 'xl/workbook.xml';
  const rootRels = sharedPart('_rels/.rels', (x) => readRels(x, '_rels/.rels', ''));
  if (rootRels) {
    for (const r of rootRels) {
      if (r.type.endsWith('/officeDocument')) workbookPath = r.target;
    }
  }
  const sheetsMeta = sharedPart(workbookPath, (x) => readWorkbook(x, workbookPath));
  if (sheetsMeta === null) {
    if (byName.has('xl/workbook.bin')) throw new XlsxReadError('UNSUPPORTED', '这是 Excel 二进制工作簿 (.xlsb)，请另存为 .xlsx 后再提交');
    if (byName.has('mimetype') || byName.has('content.xml'))
      throw new XlsxReadError('NOT_XLSX', '这是 OpenDocument 表格 (.ods)，请另存为 .xlsx 后再提交');
    if (byName.has('encryptedpackage')) throw new XlsxReadError('ENCRYPTED', '文件已加密，无法读取；请取消密码后另存再提交');
    throw new XlsxReadError('NOT_XLSX', '这不是 Excel 工作簿（压缩包内没有 workbook.xml），请确认提交的是 .xlsx 文件');
  }
  const baseDir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
  const relsPath = `${baseDir}_rels/${workbookPath.slice(baseDir.length)}.rels`;
  const relList = sharedPart(relsPath, (x) => readRels(x, relsPath, baseDir));
  const rels = new Map<string, Rel>();
  if (relList) for (const r of relList) rels.set(r.id, r);
  let sst: string[] = [];
  let dateStyles: boolean[] = [];
  for (const r of rels.values()) {
    if (r.type.endsWith('/sharedStrings')) {
      const x = part(r.target);
      if (x) sst = readSharedStrings(x, r.target);
    } else if (r.type.endsWith('/styles')) {
      dateStyles = sharedPart(r.target, (x) => readDateStyles(x, r.target)) ?? [];
    }
  }
  if (!relList) {
    // No rels: fall back to the conventional names.
    const x = part(`${baseDir}sharedStrings.xml`);
    if (x) sst = readSharedStrings(x, 'sharedStrings.xml');
    const st = part(`${baseDir}styles.xml`);
    if (st) dateStyles = readDateStyles(st, 'styles.xml');
  }

  const cellBudget: CellBudget = { left: limits.maxCells, max: limits.maxCells };
  const sheets = sheetsMeta.map((m, idx) => {
    const target = rels.get(m.rid)?.target ?? `${baseDir}worksheets/sheet${idx + 1}.xml`;
    if (options.sheetFilter && !options.sheetFilter(m.name)) return new RowsSheetGrid(m.name, m.state, []);
    const xml = part(target);
    if (xml === null) {
      // A chartsheet or a missing part: listed, with no cells.
      return new RowsSheetGrid(m.name, m.state, []);
    }
    return readWorksheet(xml, {
      sheetName: m.name,
      state: m.state,
      sst,
      dateStyles,
      maxRows: limits.maxRows,
      budget: cellBudget,
      partName: target,
    });
  });
  return { fileName, sheets };
}
