/**
 * Fast .xlsx reader: bytes → WorkbookGrid. Reads only the parts reading by labels needs
 * (workbook, its rels, shared strings, styles for date formats, worksheets), inflating
 * each within limits, and scans their XML by hand. Never touches the file system, so it
 * runs the same in node and in the task pane.
 */
import {
  RowsSheetGrid,
  cellAddress,
  isBuiltinDateFormatId,
  isDateFormat,
  type GridCell,
  type GridMerge,
  type SheetState,
  type WorkbookGrid,
} from '../../core/grid.js';
import { XlsxReadError } from './read-error.js';
import { attr, decodeOoxmlText, decodeXml, scanXml } from './xml-scan.js';
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

/**
 * A copy of a string that does not keep the whole part's XML alive: a substring of a long
 * string is a view onto it in V8, and values kept in a Submission would otherwise hold every
 * file's decoded XML in memory (10,000 files × tens of KB).
 */
function flat(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

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
  const rootRels = sharedPart('_rels/.rels', (x) => parseRels(x, '_rels/.rels', ''));
  if (rootRels) {
    for (const r of rootRels) {
      if (r.type.endsWith('/officeDocument')) workbookPath = r.target;
    }
  }
  const sheetsMeta = sharedPart(workbookPath, (x) => parseWorkbook(x, workbookPath));
  if (sheetsMeta === null) {
    if (byName.has('xl/workbook.bin')) throw new XlsxReadError('UNSUPPORTED', '这是 Excel 二进制工作簿 (.xlsb)，请另存为 .xlsx 后再提交');
    if (byName.has('mimetype') || byName.has('content.xml'))
      throw new XlsxReadError('NOT_XLSX', '这是 OpenDocument 表格 (.ods)，请另存为 .xlsx 后再提交');
    if (byName.has('encryptedpackage')) throw new XlsxReadError('ENCRYPTED', '文件已加密，无法读取；请取消密码后另存再提交');
    throw new XlsxReadError('NOT_XLSX', '这不是 Excel 工作簿（压缩包内没有 workbook.xml），请确认提交的是 .xlsx 文件');
  }
  const baseDir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
  const relsPath = `${baseDir}_rels/${workbookPath.slice(baseDir.length)}.rels`;
  const relList = sharedPart(relsPath, (x) => parseRels(x, relsPath, baseDir));
  const rels = new Map<string, { type: string; target: string }>();
  if (relList) for (const r of relList) rels.set(r.id, r);
  let sst: string[] = [];
  let dateStyles: boolean[] = [];
  for (const r of rels.values()) {
    if (r.type.endsWith('/sharedStrings')) {
      const x = part(r.target);
      if (x) sst = parseSharedStringsFast(x) ?? parseSharedStrings(x, r.target);
    } else if (r.type.endsWith('/styles')) {
      dateStyles = sharedPart(r.target, (x) => parseStyles(x, r.target)) ?? [];
    }
  }
  if (!relList) {
    // No rels: fall back to the conventional names.
    const x = part(`${baseDir}sharedStrings.xml`);
    if (x) sst = parseSharedStringsFast(x) ?? parseSharedStrings(x, 'sharedStrings.xml');
    const st = part(`${baseDir}styles.xml`);
    if (st) dateStyles = parseStyles(st, 'styles.xml');
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
    return (
      parseSheetFast(xml, m.name, m.state, sst, dateStyles, limits.maxRows, cellBudget, target) ??
      parseSheet(xml, m.name, m.state, sst, dateStyles, limits.maxRows, cellBudget, target)
    );
  });
  return { fileName, sheets };
}

interface Rel {
  id: string;
  type: string;
  target: string;
}

function resolveTarget(baseDir: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = (baseDir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function parseRels(xml: string, partName: string, baseDir: string): Rel[] {
  const out: Rel[] = [];
  scanXml(
    xml,
    {
      open(name, a) {
        if (name !== 'Relationship') return;
        if (attr(a, 'TargetMode') === 'External') return;
        const id = attr(a, 'Id');
        const type = attr(a, 'Type') ?? '';
        const target = attr(a, 'Target');
        if (id && target) out.push({ id, type, target: resolveTarget(baseDir, target) });
      },
    },
    partName,
  );
  return out;
}

interface SheetMeta {
  name: string;
  state: SheetState;
  rid: string;
}

function parseWorkbook(xml: string, partName: string): SheetMeta[] {
  const out: SheetMeta[] = [];
  scanXml(
    xml,
    {
      open(name, a) {
        if (name !== 'sheet') return;
        const st = attr(a, 'state');
        out.push({
          name: attr(a, 'name') ?? `Sheet${out.length + 1}`,
          state: st === 'hidden' ? 'hidden' : st === 'veryHidden' ? 'veryHidden' : 'visible',
          rid: attr(a, 'id') ?? '',
        });
      },
    },
    partName,
  );
  return out;
}

function parseSharedStrings(xml: string, partName: string): string[] {
  const out: string[] = [];
  let inSi = false;
  let inT = false;
  let phonetic = 0;
  let buf = '';
  scanXml(
    xml,
    {
      open(name, _a, self) {
        if (name === 'si') {
          inSi = true;
          buf = '';
          if (self) {
            out.push('');
            inSi = false;
          }
        } else if (name === 'rPh') phonetic++;
        else if (name === 't' && inSi && !self) inT = true;
      },
      close(name) {
        if (name === 'si') {
          if (inSi) out.push(flat(buf));
          inSi = false;
        } else if (name === 'rPh') phonetic--;
        else if (name === 't') inT = false;
      },
      text(src, s, e) {
        if (inT && phonetic === 0) buf += decodeOoxmlText(src.slice(s, e));
      },
      cdata(c) {
        if (inT && phonetic === 0) buf += c;
      },
    },
    partName,
  );
  return out;
}

/**
 * Shared strings as Excel and this project write them (unprefixed, no comments, CDATA or
 * DTD): each <si> cut out with indexOf, its <t> runs joined (phonetic runs dropped). Null
 * when the XML is not of that form; the general scanner then reads it.
 */
function parseSharedStringsFast(xml: string): string[] | null {
  if (xml.indexOf('<sst') < 0 || xml.includes('<!--') || xml.includes('<![CDATA[') || xml.includes('<!DOCTYPE')) return null;
  const out: string[] = [];
  let i = xml.indexOf('<si');
  while (i >= 0) {
    const next = xml.charCodeAt(i + 3);
    if (next !== 62 && next !== 47 && next !== 32) return null; // <sil…>? not ours
    const gt = xml.indexOf('>', i + 3);
    if (gt < 0) return null;
    if (xml.charCodeAt(gt - 1) === 47) {
      out.push('');
      i = xml.indexOf('<si', gt + 1);
      continue;
    }
    const end = xml.indexOf('</si>', gt + 1);
    if (end < 0) return null;
    const inner = xml.slice(gt + 1, end);
    // The common case: one plain <t>…</t>.
    let raw: string;
    if (inner.startsWith('<t>') && inner.endsWith('</t>') && inner.indexOf('<', 3) === inner.length - 4) raw = inner.slice(3, -4);
    else raw = inlineStringText(inner);
    out.push(flat(decodeOoxmlText(raw)));
    i = xml.indexOf('<si', end + 5);
  }
  return out;
}

/** For each cellXfs index: does its number format show a date? */
function parseStyles(xml: string, partName: string): boolean[] {
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  scanXml(
    xml,
    {
      open(name, a, self) {
        if (name === 'numFmt') {
          const id = Number(attr(a, 'numFmtId'));
          const code = attr(a, 'formatCode');
          if (Number.isFinite(id) && code !== undefined) custom.set(id, code);
        } else if (name === 'cellXfs') inCellXfs = !self;
        else if (name === 'xf' && inCellXfs) xfs.push(Number(attr(a, 'numFmtId') ?? 0));
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
    },
    partName,
  );
  return xfs.map((id) => {
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : isBuiltinDateFormatId(id);
  });
}

/** Column XFD, the last column Excel has (0-based). */
const MAX_COL = 16383;
/** More merged ranges than any submission has; past this a sheet is refused, not scanned. */
const MAX_MERGES = 50_000;

/** Cells with content still allowed across the workbook, and the limit they started from. */
interface CellBudget {
  left: number;
  max: number;
}

// The refusals are built once here; both sheet parsers (general and fast path) throw them.
const tooManyRows = (sheetName: string, maxRows: number, row: number): XlsxReadError =>
  new XlsxReadError(
    'TOO_MANY_ROWS',
    `工作表“${sheetName}”的数据超过 ${maxRows.toLocaleString('en-US')} 行（第 ${(row + 1).toLocaleString('en-US')} 行有内容），不像一份填报表，已停止读取`,
  );
const tooManyCells = (maxCells: number): XlsxReadError =>
  new XlsxReadError(
    'TOO_MANY_CELLS',
    `工作簿的单元格过多（超过 ${maxCells.toLocaleString('en-US')} 个有内容的单元格），不像一份填报表，已停止读取`,
  );
const tooManyMerges = (sheetName: string): XlsxReadError =>
  new XlsxReadError(
    'TOO_MANY_CELLS',
    `工作表“${sheetName}”的合并单元格过多（超过 ${MAX_MERGES.toLocaleString('en-US')} 处），不像一份填报表，已停止读取`,
  );

/** 'AB12' → 0-based column (27), reading letters only; -1 when there are none. */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : col - 1;
}

function rowOf(ref: string): number {
  let i = 0;
  while (i < ref.length && ref.charCodeAt(i) > 57) i++;
  const n = Number(ref.slice(i));
  return Number.isInteger(n) && n > 0 ? n - 1 : -1;
}

function parseRange(ref: string): GridMerge | null {
  const [a, b = a] = ref.split(':');
  const r0 = rowOf(a);
  const c0 = columnOf(a);
  const r1 = rowOf(b);
  const c1 = columnOf(b);
  if (r0 < 0 || c0 < 0 || r1 < 0 || c1 < 0) return null;
  return { r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) };
}

function parseSheet(
  xml: string,
  sheetName: string,
  state: SheetState,
  sst: string[],
  dateStyles: boolean[],
  maxRows: number,
  budget: CellBudget,
  partName: string,
): RowsSheetGrid {
  const rows: (GridCell | undefined)[][] = [];
  const merges: GridMerge[] = [];
  const hiddenRows: number[] = [];
  let row = -1;
  let col = -1;
  let cur: (GridCell | undefined)[] = [];
  // current cell
  let inCell = false;
  let cellRow = 0;
  let cellCol = 0;
  let type = 'n';
  let style = 0;
  let vText: string | null = null;
  let fText: string | null = null;
  let isText: string | null = null;
  let capture = 0; // 1 = <v>, 2 = <f>, 3 = <t> inside <is>
  let inIs = false;
  let phonetic = 0;

  const rowArray = (r: number) => {
    let a = rows[r];
    if (!a) {
      if (r >= maxRows) {
        throw tooManyRows(sheetName, maxRows, r);
      }
      a = rows[r] = [];
    }
    return a;
  };

  scanXml(
    xml,
    {
      open(name, a, self) {
        switch (name) {
          case 'row': {
            const r = attr(a, 'r');
            row = r ? Number(r) - 1 : row + 1;
            if (!(row >= 0)) row = rows.length;
            col = -1;
            if (a.includes('hidden')) {
              const hidden = attr(a, 'hidden');
              if (hidden === '1' || hidden === 'true') hiddenRows.push(row);
            }
            cur = rows[row] ?? [];
            break;
          }
          case 'c': {
            if (self) {
              // <c r="B34" s="20"/>: a styled blank (templates have thousands) holds no value.
              // Only a cell without r moves the implicit column.
              if (a.indexOf('r=') < 0) col++;
              else {
                const c = columnOf(attr(a, 'r') ?? '');
                if (c >= 0) col = c;
              }
              inCell = false;
              break;
            }
            // One pass over the attributes (r, t, s): this is the hottest tag.
            let ref: string | undefined;
            type = 'n';
            style = 0;
            const n = a.length;
            let i = 0;
            while (i < n) {
              const eq = a.indexOf('=', i);
              if (eq < 0) break;
              let q = eq + 1;
              while (q < n && a.charCodeAt(q) !== 34 && a.charCodeAt(q) !== 39) q++;
              const end = a.indexOf(a[q], q + 1);
              if (q >= n || end < 0) break;
              let k = i;
              while (k < eq && a.charCodeAt(k) <= 32) k++;
              const keyLen = eq - k;
              if (keyLen === 1) {
                const ch = a.charCodeAt(k);
                if (ch === 114 /* r */) ref = a.slice(q + 1, end);
                else if (ch === 116 /* t */) type = a.slice(q + 1, end);
                else if (ch === 115 /* s */) style = Number(a.slice(q + 1, end)) || 0;
              }
              i = end + 1;
            }
            if (ref) {
              const c = columnOf(ref);
              const rr = rowOf(ref);
              cellCol = c >= 0 ? c : col + 1;
              cellRow = rr >= 0 ? rr : row < 0 ? 0 : row;
            } else {
              cellCol = col + 1;
              cellRow = row < 0 ? 0 : row;
            }
            if (cellCol > MAX_COL) {
              throw new XlsxReadError('CORRUPT', `文件已损坏：工作表“${sheetName}”中的单元格地址 ${ref ?? ''} 超出 Excel 的最大列 XFD`);
            }
            col = cellCol;
            vText = null;
            fText = null;
            isText = null;
            inCell = !self;
            break;
          }
          case 'v':
            if (inCell && !self) {
              capture = 1;
              vText = '';
            }
            break;
          case 'f':
            if (inCell) {
              fText = '';
              if (!self) capture = 2;
            }
            break;
          case 'is':
            if (inCell && !self) {
              inIs = true;
              isText = '';
            }
            break;
          case 'rPh':
            if (inIs) phonetic++;
            break;
          case 't':
            if (inIs && !self && phonetic === 0) capture = 3;
            break;
          case 'mergeCell': {
            const ref = attr(a, 'ref');
            const m = ref ? parseRange(ref) : null;
            if (m) merges.push(m);
            if (merges.length > MAX_MERGES) {
              throw tooManyMerges(sheetName);
            }
            break;
          }
        }
      },
      close(name) {
        switch (name) {
          case 'v':
          case 'f':
          case 't':
            capture = 0;
            break;
          case 'rPh':
            if (inIs) phonetic--;
            break;
          case 'is':
            inIs = false;
            break;
          case 'c': {
            if (!inCell) break;
            inCell = false;
            if (type === 's' && vText !== null && sst[Number(vText)] === undefined) {
              throw new XlsxReadError(
                'CORRUPT',
                `文件已损坏：工作表“${sheetName}”单元格 ${cellAddress(cellRow, cellCol)} 引用的共享字符串（第 ${vText.trim()} 项）不存在，内容无法读取；请在 Excel 中打开修复后另存`,
              );
            }
            const cell = makeCell(type, vText, fText, isText, style, sst, dateStyles);
            if (!cell) break;
            if (--budget.left < 0) {
              throw tooManyCells(budget.max);
            }
            const target = cellRow === row ? (rows[row] ? cur : (cur = rowArray(row))) : rowArray(cellRow);
            target[cellCol] = cell;
            break;
          }
        }
      },
      text(src, s, e) {
        if (capture === 0) return;
        const t = src.slice(s, e);
        if (capture === 1) vText += t;
        else if (capture === 2) fText += t;
        else isText += t;
      },
      cdata(c) {
        if (capture === 1) vText += c;
        else if (capture === 2) fText += c;
        else if (capture === 3) isText += c;
      },
    },
    partName,
  );
  return new RowsSheetGrid(sheetName, state, rows, merges, hiddenRows.length ? hiddenRows : undefined);
}

/**
 * The fast path for worksheet XML as Excel, WPS, LibreOffice and this project write it
 * (unprefixed elements, no comments, CDATA or DTD): jumps from '<' to '<' and looks only at
 * <row>, <c> (with its <v>, <f>, <is>) and <mergeCell>; a styled blank <c …/> costs one
 * indexOf. Returns null when the XML is not of that form; the general scanner then reads it,
 * with the same checks and the same result.
 */
function parseSheetFast(
  xml: string,
  sheetName: string,
  state: SheetState,
  sst: string[],
  dateStyles: boolean[],
  maxRows: number,
  budget: CellBudget,
  partName: string,
): RowsSheetGrid | null {
  if (xml.indexOf('<worksheet') < 0 || xml.includes('<!--') || xml.includes('<![CDATA[') || xml.includes('<!DOCTYPE')) return null;
  const rows: (GridCell | undefined)[][] = [];
  const merges: GridMerge[] = [];
  const hiddenRows: number[] = [];
  let row = -1;
  let col = -1;
  /** Where the r value of the last styled blank starts (its column is read only when needed). */
  let lastBlankRef = -1;
  const n = xml.length;
  const broken = (): never => {
    throw new XlsxReadError('BAD_XML', `文件已损坏：${partName} 的 XML 结构不完整（标签未结束）`);
  };
  const isEnd = (code: number) => code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    const c1 = xml.charCodeAt(lt + 1);
    if (c1 === 99 /* c */ && isEnd(xml.charCodeAt(lt + 2))) {
      const gt = xml.indexOf('>', lt + 2);
      if (gt < 0) broken();
      const self = xml.charCodeAt(gt - 1) === 47;
      if (self) {
        // A styled blank: no value. Its column matters only if a later cell has no r.
        // r comes first as Excel writes it: <c r="B34" …/>; else look for it.
        const rp = xml.charCodeAt(lt + 3) === 114 && xml.charCodeAt(lt + 4) === 61 ? lt + 2 : xml.indexOf(' r=', lt + 2);
        if (rp >= 0 && rp < gt) lastBlankRef = rp + 4;
        else {
          if (lastBlankRef >= 0) col = columnAt(xml, lastBlankRef);
          lastBlankRef = -1;
          col++;
        }
        i = gt + 1;
        continue;
      }
      if (lastBlankRef >= 0) {
        col = columnAt(xml, lastBlankRef);
        lastBlankRef = -1;
      }
      // attributes r, t, s in one pass over [lt + 2, gt)
      let ref: string | undefined;
      let refAt = -1;
      let refEnd = -1;
      let type = 'n';
      let style = 0;
      let k = lt + 2;
      const stop = gt;
      while (k < stop) {
        const eq = xml.indexOf('=', k);
        if (eq < 0 || eq >= stop) break;
        let q = eq + 1;
        while (q < stop && xml.charCodeAt(q) !== 34 && xml.charCodeAt(q) !== 39) q++;
        if (q >= stop) break;
        const end = xml.indexOf(xml.charCodeAt(q) === 34 ? '"' : "'", q + 1);
        if (end < 0 || end >= stop) broken();
        let kk = k;
        while (kk < eq && xml.charCodeAt(kk) <= 32) kk++;
        if (eq - kk === 1) {
          const ch = xml.charCodeAt(kk);
          if (ch === 114) {
            // Read column letters and row digits in place (no substring).
            refAt = q + 1;
            refEnd = end;
          } else if (ch === 116) type = xml.slice(q + 1, end);
          else if (ch === 115) style = Number(xml.slice(q + 1, end)) || 0;
        }
        k = end + 1;
      }
      let cellCol: number;
      let cellRow: number;
      if (refAt >= 0) {
        let c = 0;
        let p2 = refAt;
        for (; p2 < refEnd; p2++) {
          const ch = xml.charCodeAt(p2);
          if (ch >= 65 && ch <= 90) c = c * 26 + (ch - 64);
          else if (ch >= 97 && ch <= 122) c = c * 26 + (ch - 96);
          else break;
        }
        let rr = 0;
        const digits = p2;
        for (; p2 < refEnd; p2++) {
          const ch = xml.charCodeAt(p2);
          if (ch >= 48 && ch <= 57) rr = rr * 10 + (ch - 48);
          else break;
        }
        const validRow = p2 === refEnd && p2 > digits && rr > 0;
        cellCol = digits > refAt ? c - 1 : col + 1;
        cellRow = validRow ? rr - 1 : row < 0 ? 0 : row;
        if (cellCol > MAX_COL) ref = xml.slice(refAt, refEnd);
      } else {
        cellCol = col + 1;
        cellRow = row < 0 ? 0 : row;
      }
      col = cellCol;
      if (cellCol > MAX_COL) {
        throw new XlsxReadError('CORRUPT', `文件已损坏：工作表“${sheetName}”中的单元格地址 ${ref ?? ''} 超出 Excel 的最大列 XFD`);
      }
      const close = xml.indexOf('</c>', gt + 1);
      if (close < 0) broken();
      let vText: string | null = null;
      let fText: string | null = null;
      let isText: string | null = null;
      let p = gt + 1;
      while (p < close) {
        const a = xml.indexOf('<', p);
        if (a < 0 || a >= close) break;
        const b = xml.indexOf('>', a);
        if (b < 0 || b > close) broken();
        const ch = xml.charCodeAt(a + 1);
        const selfTag = xml.charCodeAt(b - 1) === 47;
        if (ch === 118 /* v */ && isEnd(xml.charCodeAt(a + 2))) {
          if (selfTag) vText = '';
          else {
            const e = xml.indexOf('</v>', b);
            if (e < 0 || e > close) broken();
            vText = xml.slice(b + 1, e);
            p = e + 4;
            continue;
          }
        } else if (ch === 102 /* f */ && isEnd(xml.charCodeAt(a + 2))) {
          if (selfTag) fText = '';
          else {
            const e = xml.indexOf('</f>', b);
            if (e < 0 || e > close) broken();
            fText = xml.slice(b + 1, e);
            p = e + 4;
            continue;
          }
        } else if (ch === 105 /* i */ && xml.charCodeAt(a + 2) === 115 /* s */ && isEnd(xml.charCodeAt(a + 3))) {
          if (selfTag) isText = '';
          else {
            const e = xml.indexOf('</is>', b);
            if (e < 0 || e > close) broken();
            isText = inlineStringText(xml.slice(b + 1, e));
            p = e + 5;
            continue;
          }
        }
        p = b + 1;
      }
      if (type === 's' && vText !== null && sst[Number(vText)] === undefined) {
        throw new XlsxReadError(
          'CORRUPT',
          `文件已损坏：工作表“${sheetName}”单元格 ${cellAddress(cellRow, cellCol)} 引用的共享字符串（第 ${vText.trim()} 项）不存在，内容无法读取；请在 Excel 中打开修复后另存`,
        );
      }
      const cell = makeCell(type, vText, fText, isText, style, sst, dateStyles);
      if (cell) {
        if (--budget.left < 0) {
          throw tooManyCells(budget.max);
        }
        let target = rows[cellRow];
        if (!target) {
          if (cellRow >= maxRows) {
            throw tooManyRows(sheetName, maxRows, cellRow);
          }
          target = rows[cellRow] = [];
        }
        target[cellCol] = cell;
      }
      i = close + 4;
      continue;
    }
    if (c1 === 114 /* r */ && xml.charCodeAt(lt + 2) === 111 && xml.charCodeAt(lt + 3) === 119 && isEnd(xml.charCodeAt(lt + 4))) {
      const gt = xml.indexOf('>', lt + 4);
      if (gt < 0) broken();
      const a = xml.slice(lt + 4, gt);
      const r = attr(a, 'r');
      row = r ? Number(r) - 1 : row + 1;
      if (!(row >= 0)) row = rows.length;
      col = -1;
      lastBlankRef = -1;
      if (a.includes('hidden')) {
        const hidden = attr(a, 'hidden');
        if (hidden === '1' || hidden === 'true') hiddenRows.push(row);
      }
      i = gt + 1;
      continue;
    }
    if (c1 === 109 /* m */ && xml.startsWith('mergeCell', lt + 1) && isEnd(xml.charCodeAt(lt + 10))) {
      const gt = xml.indexOf('>', lt + 10);
      if (gt < 0) broken();
      const ref = attr(xml.slice(lt + 10, gt), 'ref');
      const m = ref ? parseRange(ref) : null;
      if (m) merges.push(m);
      if (merges.length > MAX_MERGES) {
        throw tooManyMerges(sheetName);
      }
      i = gt + 1;
      continue;
    }
    i = lt + 1;
  }
  if (i === 0 && n > 0 && xml.indexOf('<') < 0) broken();
  return new RowsSheetGrid(sheetName, state, rows, merges, hiddenRows.length ? hiddenRows : undefined);
}

/** The 0-based column of the cell reference starting at xml[at] ('AB12"' → 27). */
function columnAt(xml: string, at: number): number {
  let c = 0;
  for (let k = at; ; k++) {
    const ch = xml.charCodeAt(k);
    if (ch >= 65 && ch <= 90) c = c * 26 + (ch - 64);
    else if (ch >= 97 && ch <= 122) c = c * 26 + (ch - 96);
    else break;
  }
  return c - 1;
}

/** The text of an inline string's <is> content: its <t> runs, without phonetic (<rPh>) runs; still encoded. */
function inlineStringText(inner: string): string {
  const body = inner.includes('<rPh') ? inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : inner;
  let out = '';
  const re = /<t(?:\s[^>]*)?>([^<]*)<\/t>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) out += m[1];
  return out;
}

function makeCell(
  type: string,
  v: string | null,
  f: string | null,
  is: string | null,
  style: number,
  sst: string[],
  dateStyles: boolean[],
): GridCell | undefined {
  let cell: GridCell;
  switch (type) {
    case 's': {
      if (v === null) return f !== null ? { value: null, formula: decodeXml(f) } : undefined;
      const s = sst[Number(v)];
      cell = { value: s === undefined ? null : s };
      break;
    }
    case 'str':
      cell = { value: v === null ? null : flat(decodeOoxmlText(v)) };
      break;
    case 'inlineStr':
      cell = { value: is !== null ? flat(decodeOoxmlText(is)) : v !== null ? flat(decodeOoxmlText(v)) : null };
      break;
    case 'b':
      if (v === null) return f !== null ? { value: null, formula: decodeXml(f) } : undefined;
      cell = { value: v.trim() === '1' || v.trim() === 'true' };
      break;
    case 'e':
      cell = { value: null, error: v === null ? '#N/A' : decodeXml(v).trim() };
      break;
    case 'd':
      if (v === null) return undefined;
      cell = { value: decodeXml(v), isDate: true };
      break;
    default: {
      if (v === null || v.trim() === '') {
        if (f === null) return undefined;
        cell = { value: null };
      } else {
        const n = Number(v);
        cell = { value: Number.isFinite(n) ? n : decodeXml(v) };
        if (typeof cell.value === 'number' && dateStyles[style]) cell.isDate = true;
      }
    }
  }
  if (f !== null) cell.formula = decodeXml(f);
  return cell;
}
