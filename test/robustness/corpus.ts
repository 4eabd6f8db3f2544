/**
 * A generated corpus of broken and hostile input files (issue 7 §1). Nothing here is
 * committed as a binary: every case is built at test time from a real filled submission
 * (written by our own template writer) by cutting bytes, rewriting its ZIP, or editing its
 * XML parts, plus a few files that are not workbooks at all.
 *
 * Each case says what it must yield: a read-error code (reported as a FILE_UNREADABLE
 * finding whose value is the code) or the finding codes (with sheet and cell where the
 * defect is), and, for hostile cases, texts that must never appear in any output.
 */
import { Deflate, deflateSync, strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoData } from '../../src/core/demo.js';
import type { Submission } from '../../src/core/types.js';
import { withUsccCheckChar } from '../../src/core/uscc.js';
import { writeSubmission } from '../../src/io/template.js';
import { readXlsx, type XlsxReadErrorCode } from '../../src/io/xlsx/read.js';

export interface ExpectedFinding {
  code: string;
  sheet?: string;
  cell?: string;
}

export interface CorpusCase {
  /** Stable id, also the file name stem. */
  id: string;
  /** The class of defect (the report table groups by it). */
  cls: string;
  /** What the case is, in a few words. */
  title: string;
  /** The files of the case (usually one; cross-file defects need two). */
  files: { name: string; bytes: Uint8Array }[];
  /** Read-error code(s) one of which the (first) file must yield; absent when the file reads. */
  readError?: XlsxReadErrorCode | XlsxReadErrorCode[];
  /** Findings that must be reported (code, and where given the sheet and cell). */
  findings?: ExpectedFinding[];
  /** Finding codes that must NOT be reported (e.g. a valid lowercase USCC is not USCC_INVALID). */
  absent?: string[];
  /** Texts that must never appear in any output (resolved entities, file contents). */
  forbidden?: string[];
  /** Texts that must come through as text, exactly (formula-looking names, emoji). */
  keepsText?: string[];
  /** Extra check on the submission read from the first file. */
  check?: (sub: Submission) => void;
  /** Large to build or read: the CLI sweep runs these once in-process, not per command. */
  heavy?: boolean;
}

// ---------------------------------------------------------------------------------------
// The base: a real filled township submission (and a second unit for cross-file cases).

export interface Base {
  township: Submission;
  township2: Submission;
  park: Submission;
  bytes: Uint8Array;
  bytes2: Uint8Array;
  parkBytes: Uint8Array;
  /** Sheet part of each template sheet in the base file, e.g. 指标表 → xl/worksheets/sheet2.xml. */
  part: Record<'guide' | 'ind' | 'ent' | 'meta', string>;
  /** Row (1-based) of each indicator code on 指标表. */
  codeRow: Record<string, number>;
  /** First enterprise row (1-based) on 企业名录. */
  firstEntRow: number;
}

export const IND = '指标表';
export const ENT = '企业名录';
export const META = '_meta';
/** Columns of 指标表 and 企业名录 in the template (A1 letters). */
export const COL = { code: 'A', current: 'D', previous: 'E', target: 'F', note: 'G', uscc: 'A', entName: 'B', revenue: 'K' } as const;

let baseCache: Promise<Base> | null = null;

export function base(): Promise<Base> {
  baseCache ??= makeBase();
  return baseCache;
}

async function makeBase(): Promise<Base> {
  const demo = buildDemoData();
  const towns = demo.submissions.filter((s) => s.unit.kind === 'township');
  const township = towns[0];
  const township2 = towns[1];
  const park = demo.submissions.find((s) => s.unit.kind === 'park')!;
  const bytes = await writeSubmission(township);
  const bytes2 = await writeSubmission(township2);
  const parkBytes = await writeSubmission(park);
  // Find the parts and rows by reading, so the corpus follows the template if it changes.
  const files = unzipSync(bytes);
  const wb = strFromU8(files['xl/workbook.xml']);
  const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
  const partOf = (sheet: string): string => {
    const rid = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(wb)?.[1];
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels);
    const t = target?.[1] ?? target?.[2];
    if (!t) throw new Error(`corpus: no part for ${sheet}`);
    return t.startsWith('/') ? t.slice(1) : `xl/${t}`;
  };
  const grid = readXlsx(bytes, 'base.xlsx');
  const ind = grid.sheets.find((s) => s.name === IND)!;
  const codeRow: Record<string, number> = {};
  for (let r = 0; r <= ind.maxRow; r++) {
    const v = ind.cell(r, 0)?.value;
    if (typeof v === 'string' && /^[A-Z][A-Z0-9_]+$/.test(v)) codeRow[v] = r + 1;
  }
  const ent = grid.sheets.find((s) => s.name === ENT)!;
  let firstEntRow = 0;
  for (let r = 0; r <= ent.maxRow && !firstEntRow; r++) if (ent.cell(r, 0)?.value === township.enterprises[0].uscc) firstEntRow = r + 1;
  if (!codeRow.RD_EXP || !firstEntRow) throw new Error('corpus: base layout not found');
  return {
    township,
    township2,
    park,
    bytes,
    bytes2,
    parkBytes,
    part: { guide: partOf('填报说明'), ind: partOf(IND), ent: partOf(ENT), meta: partOf(META) },
    codeRow,
    firstEntRow,
  };
}

// ---------------------------------------------------------------------------------------
// Byte and XML helpers

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An inline-string cell. */
export const strCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(text)}</t></is></c>`;
/** A number cell with raw <v> text (may be anything) and optional style index. */
export const numCell = (ref: string, v: string, s?: number) => `<c r="${ref}"${s !== undefined ? ` s="${s}"` : ''}><v>${v}</v></c>`;

/** Replace cell `ref` of a sheet XML with `cellXml` (the cell must exist in the base). */
export function setCell(xml: string, ref: string, cellXml: string): string {
  const re = new RegExp(`<c r="${ref}"(?:[^>]*?/>|[^>]*?>.*?</c>)`);
  if (!re.test(xml)) throw new Error(`corpus: no cell ${ref}`);
  return xml.replace(re, cellXml);
}

/** Add a mergeCell element (after sheetData, before anything else that must follow). */
export function addMerge(xml: string, ref: string): string {
  if (xml.includes('<mergeCells'))
    return xml.replace(/<mergeCells count="(\d+)">/, (_m, n) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="${ref}"/>`);
  return xml.replace('</sheetData>', `</sheetData><mergeCells count="1"><mergeCell ref="${ref}"/></mergeCells>`);
}

/** Rewrite the parts of a zip (string → string, null deletes, new names add). */
export function editZip(bytes: Uint8Array, edits: Record<string, ((xml: string) => string) | string | Uint8Array | null>): Uint8Array {
  const files = unzipSync(bytes);
  const out: Zippable = {};
  for (const [name, data] of Object.entries(files)) {
    if (name.endsWith('/')) continue;
    const e = edits[name];
    if (e === null) continue;
    if (e === undefined) out[name] = data;
    else if (typeof e === 'function') out[name] = strToU8(e(strFromU8(data)));
    else out[name] = typeof e === 'string' ? strToU8(e) : e;
  }
  for (const [name, e] of Object.entries(edits)) {
    if (name in files || e === null || typeof e === 'function') continue;
    out[name] = typeof e === 'string' ? strToU8(e) : e;
  }
  return zipSync(out, { level: 6, mtime: new Date(2024, 0, 1) });
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
const put16 = (b: Uint8Array, o: number, v: number) => {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
};
const put32 = (b: Uint8Array, o: number, v: number) => {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
};

/** Offsets of the end-of-central-directory record and of each central entry (by name). */
function zipLayout(b: Uint8Array): { eocd: number; central: Map<string, number> } {
  let eocd = -1;
  for (let i = b.length - 22; i >= 0; i--) if (u32(b, i) === 0x06054b50) ((eocd = i), (i = -1));
  const central = new Map<string, number>();
  let p = u32(b, eocd + 16);
  for (let i = 0; i < u16(b, eocd + 10); i++) {
    const n = u16(b, p + 28);
    central.set(strFromU8(b.subarray(p + 46, p + 46 + n)), p);
    p += 46 + n + u16(b, p + 30) + u16(b, p + 32);
  }
  return { eocd, central };
}

/** Patch the central-directory entry of `name` (a copy of the bytes). */
function patchCentral(bytes: Uint8Array, name: string, patch: (b: Uint8Array, at: number) => void): Uint8Array {
  const b = bytes.slice();
  const { central } = zipLayout(b);
  const at = central.get(name);
  if (at === undefined) throw new Error(`corpus: no zip entry ${name}`);
  patch(b, at);
  return b;
}

/** Deflate `total` bytes of `unit` repeated, streaming (the plain text never exists whole). */
function deflateRepeated(unit: string, total: number): Uint8Array {
  const chunkText = unit.repeat(Math.max(1, Math.floor((1 << 20) / unit.length)));
  const chunk = strToU8(chunkText);
  const parts: Uint8Array[] = [];
  const d = new Deflate({ level: 1 }, (c) => parts.push(c));
  let done = 0;
  while (done + chunk.length < total) {
    d.push(chunk);
    done += chunk.length;
  }
  d.push(chunk.subarray(0, total - done), true);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

/**
 * A zip whose entry `name` holds pre-deflated data inflating to `size` bytes, written by
 * hand (fflate cannot take pre-compressed data). `declared` is the size put in the headers.
 */
export function zipWithRaw(plain: Zippable, name: string, deflated: Uint8Array, declared: number): Uint8Array {
  const z = unzipSync(zipSync(plain, { level: 0 }));
  const entries: { name: string; data: Uint8Array; method: number; size: number }[] = [];
  for (const [n, d] of Object.entries(z)) entries.push({ name: n, data: d, method: 0, size: d.length });
  entries.push({ name, data: deflated, method: 8, size: declared });
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const nb = strToU8(e.name);
    const lh = new Uint8Array(30 + nb.length);
    put32(lh, 0, 0x04034b50);
    put16(lh, 4, 20);
    put16(lh, 6, 0x800);
    put16(lh, 8, e.method);
    put32(lh, 18, e.data.length);
    put32(lh, 22, e.size);
    put16(lh, 26, nb.length);
    lh.set(nb, 30);
    const cd = new Uint8Array(46 + nb.length);
    put32(cd, 0, 0x02014b50);
    put16(cd, 4, 20);
    put16(cd, 6, 20);
    put16(cd, 8, 0x800);
    put16(cd, 10, e.method);
    put32(cd, 20, e.data.length);
    put32(cd, 24, e.size);
    put16(cd, 28, nb.length);
    put32(cd, 42, offset);
    cd.set(nb, 46);
    chunks.push(lh, e.data);
    central.push(cd);
    offset += lh.length + e.data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  put32(eocd, 0, 0x06054b50);
  put16(eocd, 8, entries.length);
  put16(eocd, 10, entries.length);
  put32(eocd, 12, cdSize);
  put32(eocd, 16, offset);
  const all = [...chunks, ...central, eocd];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of all) (out.set(c, o), (o += c.length));
  return out;
}

/** The parts of a minimal workbook with one sheet whose XML part is `sheetPart`. */
function minimalWorkbookParts(sheetName = '指标表'): Zippable {
  return {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
  };
}

const SHEET_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_CLOSE = '</sheetData></worksheet>';

/** A minimal workbook whose only sheet has exactly this sheetData content. */
export function minimalWorkbook(sheetData: string, sheetName?: string): Uint8Array {
  return zipSync(
    { ...minimalWorkbookParts(sheetName), 'xl/worksheets/sheet1.xml': strToU8(SHEET_OPEN + sheetData + SHEET_CLOSE) },
    { level: 6, mtime: new Date(2024, 0, 1) },
  );
}

/** An OLE2 compound file header followed by a directory sector naming these streams (UTF-16LE). */
function ole2(streams: string[]): Uint8Array {
  const b = new Uint8Array(512 * 4);
  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  put16(b, 0x18, 0x3e);
  put16(b, 0x1a, 3);
  put16(b, 0x1c, 0xfffe);
  put16(b, 0x1e, 9);
  put16(b, 0x20, 6);
  // Directory entries in sector 1 (offset 512): 128 bytes each, name in UTF-16LE.
  ['Root Entry', ...streams].forEach((name, i) => {
    const at = 512 + i * 128;
    for (let k = 0; k < name.length; k++) put16(b, at + 2 * k, name.charCodeAt(k));
    put16(b, at + 64, (name.length + 1) * 2);
    b[at + 66] = i === 0 ? 5 : 2;
  });
  return b;
}

function utf16le(s: string, bom = true): Uint8Array {
  const b = new Uint8Array((bom ? 2 : 0) + s.length * 2);
  let o = 0;
  if (bom) ((b[0] = 0xff), (b[1] = 0xfe), (o = 2));
  for (let i = 0; i < s.length; i++) put16(b, o + 2 * i, s.charCodeAt(i));
  return b;
}

/** Deterministic pseudo-random bytes. */
export function noise(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    b[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return b;
}

const MB = 1024 * 1024;

/**
 * The heavy cases take seconds to deflate; several test files use them, so their bytes are
 * kept in the temp dir, keyed by this file's content (any edit here rebuilds them).
 */
const CACHE_DIR = join(
  tmpdir(),
  `sti-corpus-cache-${createHash('sha256')
    .update(readFileSync(import.meta.filename))
    .digest('hex')
    .slice(0, 16)}`,
);
function cached(id: string, build: () => Uint8Array): Uint8Array {
  const p = join(CACHE_DIR, `${id}.bin`);
  if (existsSync(p)) return new Uint8Array(readFileSync(p));
  const bytes = build();
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${p}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, p); // atomic: a parallel test file sees the whole file or none
  return bytes;
}

// ---------------------------------------------------------------------------------------
// The corpus

/** `heavy: false` leaves out the cases that take long to build (bombs, 100 MB, 1,048,576 rows, 2 M cells). */
export async function buildCorpus(opts: { heavy?: boolean } = {}): Promise<CorpusCase[]> {
  const withHeavy = opts.heavy !== false;
  const B = await base();
  const cases: CorpusCase[] = [];
  const one = (c: Omit<CorpusCase, 'files'> & { bytes: Uint8Array; ext?: string }) => {
    const { bytes, ext, ...rest } = c;
    cases.push({ ...rest, files: [{ name: `${c.id}.${ext ?? 'xlsx'}`, bytes }] });
  };
  const ind = (f: (xml: string) => string) => editZip(B.bytes, { [B.part.ind]: f });
  const ent = (f: (xml: string) => string) => editZip(B.bytes, { [B.part.ent]: f });
  const row = (code: string) => B.codeRow[code];
  const cur = (code: string) => `${COL.current}${row(code)}`;
  const e0 = B.firstEntRow;
  const dataRow = (code: string) => `<row r="${row(code)}">`;

  // --- Not a workbook, or not one we can open ---------------------------------------
  one({ id: 'empty-file', cls: '非 xlsx 文件', title: '0 字节', bytes: new Uint8Array(0), readError: 'EMPTY' });
  one({
    id: 'zip-truncated-half',
    cls: '截断/损坏的压缩包',
    title: '只有前一半字节',
    bytes: B.bytes.slice(0, B.bytes.length >> 1),
    readError: 'TRUNCATED',
  });
  one({
    id: 'zip-truncated-tail',
    cls: '截断/损坏的压缩包',
    title: '缺最后 30 字节（目录区尾部）',
    bytes: B.bytes.slice(0, B.bytes.length - 30),
    readError: 'TRUNCATED',
  });
  one({ id: 'zip-only-header', cls: '截断/损坏的压缩包', title: '只有 ZIP 签名', bytes: B.bytes.slice(0, 4), readError: 'TRUNCATED' });
  one({ id: 'random-bytes', cls: '非 xlsx 文件', title: '随机字节改名 .xlsx', bytes: noise(4096, 7), readError: 'NOT_ZIP' });
  one({
    id: 'png-renamed',
    cls: '非 xlsx 文件',
    title: 'PNG 图片改名 .xlsx',
    bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...noise(200, 3)]),
    readError: 'NOT_ZIP',
  });
  one({
    id: 'pdf-renamed',
    cls: '非 xlsx 文件',
    title: 'PDF 改名 .xlsx',
    bytes: new Uint8Array([...strToU8('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'), 0, 1, 2, ...noise(100, 4)]),
    readError: 'NOT_ZIP',
  });
  one({ id: 'plain-text', cls: '非 xlsx 文件', title: '纯文本改名 .xlsx', bytes: strToU8('本期研发经费一千二百万'), readError: 'NOT_ZIP' });
  one({
    id: 'html-as-xls',
    cls: '非 xlsx 文件',
    title: '网页表格导出改名 .xlsx',
    bytes: strToU8('<html><head><meta charset="utf-8"></head><body><table><tr><td>指标代码</td><td>本期数</td></tr></table></body></html>'),
    readError: 'NOT_XLSX',
  });
  one({
    id: 'xml-spreadsheet-2003',
    cls: '非 xlsx 文件',
    title: 'Excel 2003 XML 表格',
    bytes: strToU8(
      '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="指标表"/></Workbook>',
    ),
    readError: 'NOT_XLSX',
  });
  one({
    id: 'csv-renamed',
    cls: 'CSV',
    title: 'CSV 改名 .xlsx',
    bytes: strToU8('指标代码,指标名称,本期数\nRD_EXP,R&D经费,1234.5\n'),
    readError: 'CSV',
  });
  one({
    id: 'csv-utf16',
    cls: 'CSV',
    title: 'Excel“Unicode 文本”（UTF-16 制表符分隔）',
    bytes: utf16le('指标代码\t本期数\r\nRD_EXP\t1234.5\r\n'),
    readError: 'CSV',
  });
  one({
    id: 'csv-ext',
    cls: 'CSV',
    title: '.csv 文件直接提交',
    bytes: strToU8('\uFEFF指标代码,本期数\r\nRD_EXP,1234.5\r\n'),
    ext: 'csv',
    readError: 'CSV',
  });
  one({
    id: 'legacy-xls',
    cls: '旧版 .xls',
    title: 'Excel 97-2003 工作簿 (.xls)',
    bytes: ole2(['Workbook', '\u0005SummaryInformation']),
    ext: 'xls',
    readError: 'LEGACY_XLS',
  });
  one({ id: 'legacy-xls-renamed', cls: '旧版 .xls', title: '.xls 改名 .xlsx', bytes: ole2(['Workbook']), readError: 'LEGACY_XLS' });
  one({
    id: 'encrypted-ole2',
    cls: '加密工作簿',
    title: '设置了打开密码（OLE2 EncryptedPackage）',
    bytes: ole2(['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces']),
    readError: 'ENCRYPTED',
  });
  one({
    id: 'zip-encrypted-entries',
    cls: '加密工作簿',
    title: 'ZIP 条目加密（传统 ZIP 密码）',
    bytes: (() => {
      let b = B.bytes;
      for (const name of [B.part.ind, 'xl/workbook.xml']) b = patchCentral(b, name, (x, at) => put16(x, at + 8, u16(x, at + 8) | 1));
      return b;
    })(),
    readError: 'ENCRYPTED',
  });
  one({
    id: 'zip-not-xlsx',
    cls: '非 xlsx 文件',
    title: '普通压缩包（含 readme.txt）改名 .xlsx',
    bytes: zipSync({ 'readme.txt': strToU8('hello') }),
    readError: 'NOT_XLSX',
  });
  one({
    id: 'ods-renamed',
    cls: '非 xlsx 文件',
    title: 'OpenDocument 表格 (.ods) 改名',
    bytes: zipSync({
      mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'),
      'content.xml': strToU8('<office:document-content/>'),
    }),
    readError: 'NOT_XLSX',
  });
  one({
    id: 'xlsb-renamed',
    cls: '非 xlsx 文件',
    title: '二进制工作簿 (.xlsb) 改名',
    bytes: zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.bin': noise(300, 9) }),
    readError: 'UNSUPPORTED',
  });
  one({
    id: 'zip-method-bzip2',
    cls: '截断/损坏的压缩包',
    title: '不支持的压缩方式（bzip2）',
    bytes: patchCentral(B.bytes, B.part.ind, (b, at) => put16(b, at + 10, 12)),
    readError: 'UNSUPPORTED',
  });
  one({
    id: 'zip-corrupt-deflate',
    cls: '截断/损坏的压缩包',
    title: '工作表压缩数据中间被改写',
    bytes: (() => {
      const b = B.bytes.slice();
      const at = zipLayout(b).central.get(B.part.ind)!;
      const lh = u32(b, at + 42);
      const start = lh + 30 + u16(b, lh + 26) + u16(b, lh + 28);
      const len = u32(b, at + 20);
      b.set(noise(64, 11), start + (len >> 1));
      return b;
    })(),
    readError: ['CORRUPT', 'BAD_XML', 'TOO_LARGE'],
  });
  one({
    id: 'zip-stored-size-lie',
    cls: '截断/损坏的压缩包',
    title: '未压缩条目声明大小与实际不符',
    bytes: patchCentral(zipSync(minimalWorkbookParts(), { level: 0 }), 'xl/workbook.xml', (b, at) =>
      put32(b, at + 24, u32(b, at + 24) + 5),
    ),
    readError: 'CORRUPT',
  });
  one({
    id: 'zip64-marker',
    cls: '截断/损坏的压缩包',
    title: 'ZIP64 标记（条目数 0xFFFF）',
    bytes: (() => {
      const b = B.bytes.slice();
      put16(b, zipLayout(b).eocd + 10, 0xffff);
      return b;
    })(),
    readError: ['UNSUPPORTED', 'TRUNCATED'],
  });
  one({
    id: 'zip-cd-offset-out',
    cls: '截断/损坏的压缩包',
    title: '目录区偏移越界',
    bytes: (() => {
      const b = B.bytes.slice();
      put32(b, zipLayout(b).eocd + 16, b.length + 100);
      return b;
    })(),
    readError: 'TRUNCATED',
  });
  one({
    id: 'zip-local-header-bad',
    cls: '截断/损坏的压缩包',
    title: '条目本地头偏移错误',
    bytes: patchCentral(B.bytes, B.part.ind, (b, at) => put32(b, at + 42, 7)),
    readError: 'TRUNCATED',
  });

  // --- Size: bombs, huge sheets, too many rows and cells ------------------------------
  if (withHeavy) {
    const rowUnit = '<row><c t="inlineStr"><is><t>炸弹</t></is></c><c><v>1</v></c></row>';
    const bomb200 = cached('bomb-200mb', () => deflateRepeated(rowUnit, 200 * MB));
    one({
      id: 'zip-bomb-lying',
      cls: '压缩炸弹/超大文件',
      title: `压缩炸弹：${Math.round(bomb200.length / 1024)} KB 解压到 200 MB，声明只有 16 KB`,
      bytes: zipWithRaw(minimalWorkbookParts(), 'xl/worksheets/sheet1.xml', bomb200, 16 * 1024),
      readError: 'TOO_LARGE',
      heavy: true,
    });
    one({
      id: 'zip-bomb-declared',
      cls: '压缩炸弹/超大文件',
      title: '压缩炸弹：如实声明解压后 200 MB',
      bytes: zipWithRaw(minimalWorkbookParts(), 'xl/worksheets/sheet1.xml', bomb200, 200 * MB),
      readError: 'TOO_LARGE',
      heavy: true,
    });
    one({
      id: 'zip-bomb-zero-size',
      cls: '压缩炸弹/超大文件',
      title: '压缩炸弹：声明大小为 0',
      bytes: zipWithRaw(minimalWorkbookParts(), 'xl/worksheets/sheet1.xml', bomb200, 0),
      readError: ['TOO_LARGE', 'CORRUPT'],
      heavy: true,
    });
  }
  const realRows = (n: number, from = 1) => {
    let s = '';
    for (let r = from; r < from + n; r++)
      s += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>企业${r}</t></is></c><c r="B${r}"><v>${r}.5</v></c></row>`;
    return s;
  };
  if (withHeavy) {
    // A 100 MB sheet of real rows: refused from its declared size before inflating.
    const unit = realRows(1000, 1);
    const sheet100 = cached('sheet-100mb', () => deflateRepeated(unit, 100 * MB));
    one({
      id: 'sheet-100mb',
      cls: '压缩炸弹/超大文件',
      title: '100 MB 的工作表（真实行）',
      bytes: zipWithRaw(minimalWorkbookParts(), 'xl/worksheets/sheet1.xml', sheet100, 100 * MB),
      readError: 'TOO_LARGE',
      heavy: true,
    });
  }
  one({
    id: 'parts-total-too-large',
    cls: '压缩炸弹/超大文件',
    title: '各部分都在单项上限内，合计超过总上限',
    bytes: (() => {
      // Four sheets each declaring 60 MB (real content small): the declared total passes 160 MB.
      const parts = minimalWorkbookParts();
      const wb =
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        [1, 2, 3, 4].map((i) => `<sheet name="S${i}" sheetId="${i}" r:id="rId${i}"/>`).join('') +
        '</sheets></workbook>';
      const rels =
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        [1, 2, 3, 4]
          .map(
            (i) =>
              `<Relationship Id="rId${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i}.xml"/>`,
          )
          .join('') +
        '</Relationships>';
      let z: Uint8Array = zipSync({
        ...parts,
        'xl/workbook.xml': strToU8(wb),
        'xl/_rels/workbook.xml.rels': strToU8(rels),
        ...Object.fromEntries([1, 2, 3, 4].map((i) => [`xl/worksheets/sheet${i}.xml`, strToU8(SHEET_OPEN + SHEET_CLOSE)])),
      });
      for (const i of [1, 2, 3, 4]) z = patchCentral(z, `xl/worksheets/sheet${i}.xml`, (b, at) => put32(b, at + 24, 60 * MB));
      return z;
    })(),
    readError: ['TOO_LARGE', 'CORRUPT'],
  });
  if (withHeavy) {
    // 1,048,576 rows (every row of an Excel sheet): refused at the row limit, in bounded time.
    const data = cached('rows-1048576', () => {
      const d = new Deflate({ level: 1 });
      const parts: Uint8Array[] = [];
      d.ondata = (c) => parts.push(c);
      d.push(strToU8(SHEET_OPEN));
      const block = 4096;
      for (let r = 1; r <= 1_048_576; r += block) {
        let s = '';
        for (let k = r; k < r + block; k++) s += `<row r="${k}"><c r="A${k}"><v>${k}</v></c></row>`;
        d.push(strToU8(s));
      }
      d.push(strToU8(SHEET_CLOSE), true);
      const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) (data.set(p, o), (o += p.length));
      return data;
    });
    const size =
      SHEET_OPEN.length +
      SHEET_CLOSE.length +
      Array.from({ length: 7 }, (_, i) => i + 1).reduce((n, digits) => {
        const lo = 10 ** (digits - 1);
        const hi = Math.min(10 ** digits - 1, 1_048_576);
        return n + (hi >= lo ? (hi - lo + 1) * (`<row r=""><c r="A"><v></v></c></row>`.length + 3 * digits) : 0);
      }, 0);
    one({
      id: 'rows-1048576',
      cls: '压缩炸弹/超大文件',
      title: '1,048,576 行（整张工作表）',
      bytes: zipWithRaw(minimalWorkbookParts(), 'xl/worksheets/sheet1.xml', data, size),
      readError: 'TOO_MANY_ROWS',
      heavy: true,
    });
  }
  one({
    id: 'row-at-1048576',
    cls: '压缩炸弹/超大文件',
    title: '只有一个单元格，在第 1,048,576 行',
    bytes: minimalWorkbook('<row r="1048576"><c r="A1048576"><v>1</v></c></row>'),
    readError: 'TOO_MANY_ROWS',
  });
  if (withHeavy)
    one({
      id: 'too-many-cells',
      cls: '压缩炸弹/超大文件',
      title: '超过 200 万个有值的单元格',
      bytes: cached('too-many-cells', () => {
        const cells = '<c><v>1</v></c>'.repeat(20);
        const rows = 100_001;
        return zipWithRaw(
          minimalWorkbookParts(),
          'xl/worksheets/sheet1.xml',
          deflateRepeated(`<row>${cells}</row>`, rows * (cells.length + 11)),
          rows * (cells.length + 11),
        );
      }),
      readError: ['TOO_MANY_CELLS', 'BAD_XML'],
      heavy: true,
    });
  one({
    id: 'sparse-far-corner',
    cls: '压缩炸弹/超大文件',
    title: '稀疏的大范围：表头行 XFD 列一个单元格，第 199,999 行一个单元格',
    bytes: ent((x) =>
      x
        .replace(/(<row r="3"[^>]*>.*?)(<\/row>)/, `$1${strCell('XFD3', '备用')}$2`)
        .replace('</sheetData>', `<row r="199999">${strCell('A199999', 'x')}</row></sheetData>`),
    ),
    findings: [{ code: 'USCC_INVALID', sheet: ENT, cell: 'A199999' }],
  });
  one({
    id: 'cell-ref-beyond-xfd',
    cls: '单元格地址异常',
    title: '单元格地址超出 XFD 列（r="ZZZZZ4"）',
    bytes: ind((x) => setCell(x, cur('RD_EXP'), numCell('ZZZZZ' + row('RD_EXP'), '5'))),
    readError: ['CORRUPT', 'BAD_XML'],
  });
  one({
    id: 'cell-ref-beyond-row',
    cls: '单元格地址异常',
    title: '单元格地址超出最大行（r="D99999999"）',
    bytes: ind((x) => setCell(x, cur('RD_EXP'), numCell('D99999999', '5'))),
    readError: ['TOO_MANY_ROWS', 'CORRUPT'],
  });

  // --- XML: entities, DOCTYPE, namespaces, broken structure -------------------------
  const xxe = (target: string) => `<!DOCTYPE x [<!ENTITY xxe SYSTEM "${target}"><!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>`;
  one({
    id: 'xxe-sharedstrings',
    cls: 'XML 外部实体/DOCTYPE',
    title: '共享字符串里的外部实体 file:///etc/passwd',
    bytes: editZip(B.bytes, {
      'xl/sharedStrings.xml': (x) =>
        x.replace(/(<\?xml[^>]*\?>)/, `$1${xxe('file:///etc/passwd')}`).replace(/<si><t>([^<]*)<\/t><\/si>/, '<si><t>&xxe;$1</t></si>'),
    }),
    forbidden: ['root:x:0:0', '/bin/bash', '/usr/sbin/nologin'],
  });
  one({
    id: 'xxe-cell',
    cls: 'XML 外部实体/DOCTYPE',
    title: '数值单元格里的外部实体',
    bytes: ind((x) =>
      setCell(
        x.replace(/(<\?xml[^>]*\?>)/, `$1${xxe('file:///etc/passwd')}`),
        cur('RD_EXP'),
        `<c r="${cur('RD_EXP')}" t="inlineStr"><is><t>&xxe;</t></is></c>`,
      ),
    ),
    findings: [{ code: 'UNPARSABLE', sheet: IND, cell: cur('RD_EXP') }],
    forbidden: ['root:x:0:0', '/bin/bash'],
  });
  one({
    id: 'xxe-workbook',
    cls: 'XML 外部实体/DOCTYPE',
    title: 'workbook.xml 的工作表名用外部实体',
    bytes: editZip(B.bytes, {
      'xl/workbook.xml': (x) =>
        x.replace(/(<\?xml[^>]*\?>)/, `$1${xxe('file:///etc/hostname')}`).replace('name="填报说明"', 'name="&xxe;"'),
    }),
    findings: [{ code: 'SHEET_GUIDE_MISSING' }],
    forbidden: ['root:x:0:0'],
  });
  {
    let lol = '<!ENTITY lol "lol">';
    for (let i = 1; i <= 9; i++) lol += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
    one({
      id: 'billion-laughs',
      cls: 'XML 外部实体/DOCTYPE',
      title: '“十亿笑声”实体膨胀',
      bytes: ind((x) =>
        setCell(
          x.replace(/(<\?xml[^>]*\?>)/, `$1<!DOCTYPE lolz [${lol}]>`),
          cur('RD_EXP'),
          `<c r="${cur('RD_EXP')}" t="inlineStr"><is><t>&lol9;</t></is></c>`,
        ),
      ),
      findings: [{ code: 'UNPARSABLE', sheet: IND, cell: cur('RD_EXP') }],
      forbidden: ['lollollollollol'],
    });
  }
  one({
    id: 'doctype-system-dtd',
    cls: 'XML 外部实体/DOCTYPE',
    title: '外部 DTD（http 地址）',
    bytes: ind((x) => x.replace(/(<\?xml[^>]*\?>)/, '$1<!DOCTYPE worksheet SYSTEM "http://127.0.0.1:9/x.dtd">')),
    check: (s) => expectEq(s.fields.RD_EXP?.current, B.township.fields.RD_EXP.current, 'RD_EXP read'),
  });
  one({
    id: 'rels-external-target',
    cls: 'XML 外部实体/DOCTYPE',
    title: '关系指向外部网址与 ../../etc/passwd',
    bytes: editZip(B.bytes, {
      'xl/_rels/workbook.xml.rels': (x) =>
        x.replace(
          '</Relationships>',
          '<Relationship Id="rX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="http://127.0.0.1:9/x.xlsx" TargetMode="External"/><Relationship Id="rX2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="../../../../../../etc/passwd"/></Relationships>',
        ),
    }),
    forbidden: ['root:x:0:0'],
  });
  one({
    id: 'strict-ooxml-namespace',
    cls: 'XML 结构异常',
    title: 'Strict OOXML 命名空间',
    bytes: editZip(
      B.bytes,
      Object.fromEntries(
        [B.part.ind, B.part.ent, B.part.meta, 'xl/workbook.xml', 'xl/sharedStrings.xml'].map((p) => [
          p,
          (x: string) =>
            x.replace(/http:\/\/schemas\.openxmlformats\.org\/spreadsheetml\/2006\/main/g, 'http://purl.oclc.org/ooxml/spreadsheetml/main'),
        ]),
      ),
    ),
    check: (s) => expectEq(s.fields.RD_EXP?.current, B.township.fields.RD_EXP.current, 'RD_EXP read'),
  });
  one({
    id: 'wrong-namespace',
    cls: 'XML 结构异常',
    title: '工作表用了错误的命名空间（urn:evil）',
    bytes: ind((x) => x.replace(/xmlns="[^"]+"/, 'xmlns="urn:evil"')),
    check: (s) => expectEq(s.fields.RD_EXP?.current, B.township.fields.RD_EXP.current, 'RD_EXP read'),
  });
  one({
    id: 'prefixed-elements',
    cls: 'XML 结构异常',
    title: '所有元素带 x: 前缀',
    bytes: ind((x) =>
      x
        .replace(/<(\/?)([a-zA-Z]+)([ >/])/g, (_m, sl, n, e) => (n === 'xml' ? _m : `<${sl}x:${n}${e}`))
        .replace('<x:worksheet ', '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '),
    ),
    check: (s) => expectEq(s.fields.RD_EXP?.current, B.township.fields.RD_EXP.current, 'RD_EXP read'),
  });
  one({
    id: 'xml-truncated',
    cls: 'XML 结构异常',
    title: '工作表 XML 在标签中间被截断',
    bytes: ind((x) => x.slice(0, x.indexOf(`<c r="${cur('IND_FIRMS')}"`) + 6)),
    readError: 'BAD_XML',
  });
  one({
    id: 'xml-garbage',
    cls: 'XML 结构异常',
    title: '工作表部分是二进制垃圾',
    bytes: editZip(B.bytes, { [B.part.ind]: noise(5000, 21) }),
    readError: ['BAD_XML'],
    findings: [],
  });
  one({
    id: 'xml-utf16',
    cls: 'XML 结构异常',
    title: '工作表 XML 用 UTF-16 编码',
    bytes: editZip(B.bytes, {
      [B.part.ind]: utf16le(strFromU8(unzipSync(B.bytes)[B.part.ind]).replace('encoding="UTF-8"', 'encoding="UTF-16"')),
    }),
    check: (s) => expectEq(s.fields.RD_EXP?.current, B.township.fields.RD_EXP.current, 'RD_EXP read'),
  });
  one({
    id: 'sst-index-out-of-range',
    cls: '共享字符串越界',
    title: '单元格引用不存在的共享字符串 #99999',
    bytes: ind((x) => setCell(x, cur('RD_EXP'), `<c r="${cur('RD_EXP')}" t="s"><v>99999</v></c>`)),
    readError: ['CORRUPT', 'BAD_XML'],
    findings: [],
  });
  one({
    id: 'sst-index-negative',
    cls: '共享字符串越界',
    title: '共享字符串索引为 -1 / 非数字',
    bytes: ind((x) => setCell(x, cur('RD_EXP'), `<c r="${cur('RD_EXP')}" t="s"><v>-1</v></c>`)),
    readError: ['CORRUPT', 'BAD_XML'],
  });
  one({
    id: 'sst-missing-part',
    cls: '共享字符串越界',
    title: '缺少 sharedStrings.xml',
    bytes: editZip(B.bytes, { 'xl/sharedStrings.xml': null }),
    readError: ['CORRUPT', 'BAD_XML'],
  });
  one({
    id: 'cells-out-of-order',
    cls: '单元格地址异常',
    title: '同一行内单元格倒序',
    bytes: ind((x) =>
      x.replace(
        new RegExp(`(${dataRow('RD_EXP').slice(0, -1)}[^>]*>)(.*?)(</row>)`),
        (_m, a, cells: string, z) => a + (cells.match(/<c [^>]*?(?:\/>|>.*?<\/c>)/g) ?? []).reverse().join('') + z,
      ),
    ),
    check: (s) =>
      expectEq(
        JSON.stringify([s.fields.RD_EXP?.current, s.fields.RD_EXP?.previous, s.fields.RD_EXP?.target]),
        JSON.stringify([B.township.fields.RD_EXP.current, B.township.fields.RD_EXP.previous, B.township.fields.RD_EXP.target]),
        'RD_EXP row read in order',
      ),
  });
  one({
    id: 'rows-out-of-order',
    cls: '单元格地址异常',
    title: '行倒序排列',
    bytes: ind((x) =>
      x.replace(
        /<sheetData>(.*)<\/sheetData>/,
        (_m, rows: string) => `<sheetData>${(rows.match(/<row [^>]*>.*?<\/row>/g) ?? []).reverse().join('')}</sheetData>`,
      ),
    ),
    check: (s) => expectEq(s.fields.IND_FIRMS?.current, B.township.fields.IND_FIRMS.current, 'IND_FIRMS read'),
  });
  one({
    id: 'no-r-attributes',
    cls: '单元格地址异常',
    title: '行和单元格都没有 r 属性',
    bytes: ind((x) => x.replace(/ r="[A-Z]*\d+"/g, '')),
    check: (s) => expectEq(s.fields.RD_EXP?.current, B.township.fields.RD_EXP.current, 'RD_EXP read'),
  });
  one({
    id: 'cdata-and-char-refs',
    cls: 'XML 结构异常',
    title: 'CDATA 和字符引用写数值',
    bytes: ind((x) =>
      setCell(
        setCell(x, cur('RD_EXP'), `<c r="${cur('RD_EXP')}"><v><![CDATA[1234.5]]></v></c>`),
        cur('IND_FIRMS'),
        `<c r="${cur('IND_FIRMS')}" t="inlineStr"><is><t>&#49;&#50;</t></is></c>`,
      ),
    ),
    check: (s) => {
      expectEq(s.fields.RD_EXP?.current, 1234.5, 'CDATA');
      expectEq(s.fields.IND_FIRMS?.current, 12, 'char refs');
    },
  });
  one({
    id: 'lone-surrogate-escape',
    cls: 'XML 结构异常',
    title: '_xD800_ 孤立代理项与控制字符',
    bytes: ent((x) => setCell(x, `${COL.entName}${e0}`, strCell(`${COL.entName}${e0}`, '坏字符_xD800__x0001_公司'))),
    check: (s) => expectEq(s.enterprises[0].name.includes('公司'), true, 'name kept'),
  });

  // --- Sheets: missing, renamed, hidden, extra ---------------------------------------
  const dropSheet = (name: string, bytes = B.bytes) =>
    editZip(bytes, { 'xl/workbook.xml': (x) => x.replace(new RegExp(`<sheet [^>]*name="${name}"[^>]*/>`), '') });
  one({
    id: 'missing-indicator-sheet',
    cls: '工作表缺失/改名/隐藏',
    title: '缺少“指标表”',
    bytes: dropSheet(IND),
    findings: [{ code: 'SHEET_MISSING' }],
  });
  one({
    id: 'missing-meta-sheet',
    cls: '工作表缺失/改名/隐藏',
    title: '缺少 _meta',
    bytes: dropSheet(META),
    findings: [{ code: 'META_MISSING' }],
  });
  one({
    id: 'missing-both-sheets',
    cls: '工作表缺失/改名/隐藏',
    title: '没有“指标表”和“企业名录”',
    bytes: dropSheet(ENT, dropSheet(IND)),
    findings: [{ code: 'SHEET_NOT_A_TEMPLATE' }],
  });
  one({
    id: 'no-sheets',
    cls: '工作表缺失/改名/隐藏',
    title: '工作簿里没有工作表',
    bytes: editZip(B.bytes, { 'xl/workbook.xml': (x) => x.replace(/<sheets>.*<\/sheets>/, '<sheets/>') }),
    findings: [{ code: 'SHEET_NOT_A_TEMPLATE' }],
  });
  one({
    id: 'sheet-part-missing',
    cls: '工作表缺失/改名/隐藏',
    title: '“指标表”的 XML 部分不存在',
    bytes: editZip(B.bytes, { [B.part.ind]: null }),
    findings: [{ code: 'HEADER_NOT_FOUND', sheet: IND }],
  });
  one({
    id: 'renamed-sheet',
    cls: '工作表缺失/改名/隐藏',
    title: '“指标表”改名为 Sheet1',
    bytes: editZip(B.bytes, { 'xl/workbook.xml': (x) => x.replace(`name="${IND}"`, 'name="Sheet1"') }),
    findings: [{ code: 'SHEET_RENAMED', sheet: 'Sheet1' }],
    check: (s) => expectEq(s.fields.RD_EXP?.current, B.township.fields.RD_EXP.current, 'read by content'),
  });
  {
    const extra = (state: string) =>
      editZip(B.bytes, {
        'xl/workbook.xml': (x) => x.replace('</sheets>', `<sheet name="附表" sheetId="9" state="${state}" r:id="rId99"/></sheets>`),
        'xl/_rels/workbook.xml.rels': (x) =>
          x.replace(
            '</Relationships>',
            '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet99.xml"/></Relationships>',
          ),
        'xl/worksheets/sheet99.xml': SHEET_OPEN + `<row r="1">${strCell('A1', '补充数据')}${numCell('B1', '987654')}</row>` + SHEET_CLOSE,
      });
    one({
      id: 'hidden-sheet-data',
      cls: '工作表缺失/改名/隐藏',
      title: '隐藏的工作表里有数据',
      bytes: extra('hidden'),
      findings: [{ code: 'SHEET_EXTRA', sheet: '附表' }],
    });
    one({
      id: 'veryhidden-sheet-data',
      cls: '工作表缺失/改名/隐藏',
      title: '深度隐藏的工作表里有数据',
      bytes: extra('veryHidden'),
      findings: [{ code: 'SHEET_EXTRA', sheet: '附表' }],
    });
  }
  one({
    id: 'hidden-row-indicator',
    cls: '合并单元格/隐藏行',
    title: '指标表中隐藏的行有数据',
    bytes: ind((x) => x.replace(new RegExp(`<row r="${row('IND_FIRMS')}"`), `<row r="${row('IND_FIRMS')}" hidden="1"`)),
    findings: [{ code: 'HIDDEN_ROW_DATA', sheet: IND, cell: `A${row('IND_FIRMS')}` }],
  });
  one({
    id: 'hidden-row-enterprise',
    cls: '合并单元格/隐藏行',
    title: '企业名录中隐藏的行有数据',
    bytes: ent((x) => x.replace(new RegExp(`<row r="${e0 + 1}"`), `<row r="${e0 + 1}" hidden="true"`)),
    findings: [{ code: 'HIDDEN_ROW_DATA', sheet: ENT, cell: `A${e0 + 1}` }],
  });
  one({
    id: 'merged-input',
    cls: '合并单元格/隐藏行',
    title: '填报区合并单元格',
    bytes: ind((x) => addMerge(x, `${COL.current}${row('IND_FIRMS')}:${COL.previous}${row('IND_FIRMS_RD')}`)),
    findings: [{ code: 'MERGED_INPUT', sheet: IND, cell: cur('IND_FIRMS') }],
  });
  one({
    id: 'merged-enterprise',
    cls: '合并单元格/隐藏行',
    title: '企业名录合并单元格',
    bytes: ent((x) => addMerge(x, `C${e0}:D${e0 + 2}`)),
    findings: [{ code: 'MERGED_INPUT', sheet: ENT, cell: `C${e0}` }],
  });

  one({
    id: 'many-merges',
    cls: '合并单元格/隐藏行',
    title: '表外列 60,000 个合并单元格，每个都有值',
    bytes: ind((x) => {
      let rows = '';
      let merges = '';
      for (let i = 0; i < 60_000; i++) {
        const r = 100 + i;
        rows += `<row r="${r}">${strCell(`J${r}`, '注')}</row>`;
        merges += `<mergeCell ref="J${r}:K${r}"/>`;
      }
      return x.replace('</sheetData>', `${rows}</sheetData><mergeCells count="60000">${merges}</mergeCells>`);
    }),
    // Refused as too many merges, or read with the stray data reported (never silently skipped).
    readError: ['TOO_MANY_CELLS'],
  });

  // --- Values ------------------------------------------------------------------------
  const valueCase = (id: string, cls: string, title: string, code: string, cell: string, expect: string, absent?: string[]) =>
    one({
      id,
      cls,
      title,
      bytes: ind((x) => setCell(x, cur(code), cell.replace('@REF', cur(code)))),
      findings: [{ code: expect, sheet: IND, cell: cur(code) }],
      absent,
    });
  valueCase(
    'date-style-number',
    '日期填在数字栏',
    '数字栏填了日期（日期格式）',
    'RD_EXP',
    `<c r="@REF" s="@DATE"><v>45352</v></c>`,
    'DATE_VALUE',
  );
  valueCase(
    'date-typed-cell',
    '日期填在数字栏',
    '数字栏是 ISO 日期单元格 (t="d")',
    'RD_EXP',
    `<c r="@REF" t="d"><v>2024-03-01T00:00:00</v></c>`,
    'DATE_VALUE',
  );
  valueCase('date-text', '日期填在数字栏', '数字栏填了文字日期“2024年3月1日”', 'RD_EXP', strCell('@REF', '2024年3月1日'), 'UNPARSABLE');
  valueCase('yuan-text', '元与万元', '万元栏填“52000000元”', 'RD_EXP', strCell('@REF', '52000000元'), 'UNIT_IN_TEXT');
  one({
    id: 'scale-anomaly',
    cls: '元与万元',
    title: '本期数按元填报（上年同期的 1 万倍）',
    bytes: ind((x) => setCell(x, cur('RD_EXP'), numCell(cur('RD_EXP'), String((B.township.fields.RD_EXP.previous ?? 1000) * 10000)))),
    findings: [{ code: 'SCALE_ANOMALY', sheet: IND, cell: cur('RD_EXP') }],
  });
  one({
    id: 'header-unit-yuan',
    cls: '元与万元',
    title: '企业名录表头写“营业收入（元）”',
    bytes: ent((x) => x),
    findings: [{ code: 'HEADER_UNIT_MISMATCH', sheet: ENT }],
  });
  valueCase(
    'fullwidth-digits',
    '全角/表情/特殊空格',
    '全角数字和全角空格“　１２３４．５　”',
    'RD_EXP',
    strCell('@REF', '　１２３４．５　'),
    'TEXT_NUMBER',
    ['UNPARSABLE'],
  );
  valueCase(
    'ideographic-space-thousands',
    '全角/表情/特殊空格',
    '千分位与不间断空格“1,234\u00a0”',
    'RD_EXP',
    strCell('@REF', '1,234\u00a0'),
    'TEXT_NUMBER',
    ['UNPARSABLE'],
  );
  valueCase('emoji-in-number', '全角/表情/特殊空格', '数字栏里有表情“12👍”', 'RD_EXP', strCell('@REF', '12👍'), 'UNPARSABLE');
  valueCase('huge-number-text', '极端数值', '“1e400”（超出范围）', 'RD_EXP', strCell('@REF', '1e400'), 'UNPARSABLE');
  valueCase('huge-number-raw', '极端数值', '<v>1e999</v>（无穷大）', 'RD_EXP', numCell('@REF', '1e999'), 'UNPARSABLE');
  // Finite, but past anything a statistic can be (and past Excel's 9.99E+307): sums would overflow to Infinity.
  valueCase('huge-finite-raw', '极端数值', '<v>1.7e308</v>（超出 Excel 范围）', 'RD_EXP', numCell('@REF', '1.7e308'), 'UNPARSABLE');
  valueCase('huge-finite-text', '极端数值', '文本“9e20”', 'RD_EXP', strCell('@REF', '9e20'), 'UNPARSABLE');
  valueCase('nan-raw', '极端数值', '<v>NaN</v>', 'RD_EXP', numCell('@REF', 'NaN'), 'UNPARSABLE');
  valueCase('nan-text', '极端数值', '文本“NaN”', 'RD_EXP', strCell('@REF', 'NaN'), 'UNPARSABLE');
  valueCase('infinity-text', '极端数值', '文本“Infinity”', 'RD_EXP', strCell('@REF', 'Infinity'), 'UNPARSABLE');
  valueCase('hex-text', '极端数值', '文本“0x1F”', 'RD_EXP', strCell('@REF', '0x1F'), 'UNPARSABLE');
  valueCase('negative-amount', '极端数值', '负的金额', 'RD_EXP', numCell('@REF', '-12.5'), 'NEGATIVE_VALUE');
  one({
    id: 'negative-zero',
    cls: '极端数值',
    title: '<v>-0</v>（负零）',
    bytes: ind((x) => setCell(x, cur('RD_EXP'), numCell(cur('RD_EXP'), '-0'))),
    absent: ['NEGATIVE_VALUE', 'UNPARSABLE'],
    check: (s) => expectEq(Object.is(s.fields.RD_EXP?.current, -0) || s.fields.RD_EXP?.current === 0, true, '-0 reads as zero'),
  });
  valueCase('excel-error', '极端数值', '错误值 #DIV/0!', 'RD_EXP', `<c r="@REF" t="e"><f>1/0</f><v>#DIV/0!</v></c>`, 'EXCEL_ERROR');
  valueCase('formula-no-cache', '极端数值', '公式没有缓存结果', 'RD_EXP', `<c r="@REF"><f>SUM(1,2)</f></c>`, 'FORMULA_NO_VALUE');
  valueCase('boolean-in-number', '极端数值', '数字栏填逻辑值 TRUE', 'RD_EXP', `<c r="@REF" t="b"><v>1</v></c>`, 'UNPARSABLE');
  valueCase('percent-in-amount', '极端数值', '万元栏填“56%”', 'RD_EXP', strCell('@REF', '56%'), 'UNPARSABLE');
  valueCase('count-not-integer', '极端数值', '家数填 3.5', 'IND_FIRMS', numCell('@REF', '3.5'), 'NOT_INTEGER');
  valueCase('huge-text-cell', '极端数值', '数字栏里 1 MB 的文本', 'RD_EXP', strCell('@REF', '九'.repeat(MB / 3)), 'UNPARSABLE');
  one({
    id: 'part-exceeds-whole',
    cls: '逻辑关系',
    title: '有研发活动企业数大于规上工业企业数',
    bytes: ind((x) =>
      setCell(x, cur('IND_FIRMS_RD'), numCell(cur('IND_FIRMS_RD'), String((B.township.fields.IND_FIRMS.current ?? 0) + 5))),
    ),
    findings: [{ code: 'PART_EXCEEDS_WHOLE', sheet: IND }],
  });
  one({
    id: 'duplicate-code-row',
    cls: '逻辑关系',
    title: '同一指标代码出现两次',
    bytes: ind((x) => setCell(x, `A${row('IND_FIRMS_RD')}`, strCell(`A${row('IND_FIRMS_RD')}`, 'IND_FIRMS'))),
    findings: [{ code: 'DUPLICATE_CODE', sheet: IND, cell: `A${row('IND_FIRMS_RD')}` }],
  });
  one({
    id: 'unknown-code-row',
    cls: '逻辑关系',
    title: '未知指标代码',
    bytes: ind((x) => setCell(x, `A${row('IND_FIRMS_RD')}`, strCell(`A${row('IND_FIRMS_RD')}`, 'XX_HACK'))),
    findings: [{ code: 'UNKNOWN_CODE', sheet: IND, cell: `A${row('IND_FIRMS_RD')}` }],
  });
  one({
    id: 'extra-column-data',
    cls: '逻辑关系',
    title: '表外列有数据',
    bytes: ind((x) => x.replace(new RegExp(`(<row r="${row('RD_EXP')}"[^>]*>.*?)(</row>)`), `$1${numCell(`J${row('RD_EXP')}`, '777')}$2`)),
    findings: [{ code: 'COLUMN_UNKNOWN', sheet: IND, cell: `J${row('RD_EXP')}` }],
  });
  const metaValue = (key: string, value: string) =>
    editZip(B.bytes, {
      [B.part.meta]: (x) => {
        // _meta rows are key | value | 说明; the key is a shared string: find its row by the key text.
        const sst = strFromU8(unzipSync(B.bytes)['xl/sharedStrings.xml']).match(/<si>.*?<\/si>/g) ?? [];
        const idx = sst.findIndex((si) => si === `<si><t>${key}</t></si>`);
        const r = new RegExp(`<c r="A(\\d+)"[^>]*t="s"[^>]*><v>${idx}</v></c>`).exec(x)?.[1];
        if (!r) throw new Error(`corpus: no _meta key ${key}`);
        return setCell(x, `B${r}`, strCell(`B${r}`, value));
      },
    });
  one({
    id: 'template-version-wrong',
    cls: '模板标识',
    title: '模板版本 0.9',
    bytes: metaValue('template_version', '0.9'),
    findings: [{ code: 'TEMPLATE_VERSION' }],
  });
  one({
    id: 'template-id-wrong',
    cls: '模板标识',
    title: '模板标识被改',
    bytes: metaValue('template_id', 'OTHER-TEMPLATE'),
    findings: [{ code: 'TEMPLATE_UNKNOWN' }],
  });
  one({
    id: 'meta-period-garbage',
    cls: '模板标识',
    title: '报告期填成“=1+1”',
    bytes: metaValue('period', '=1+1'),
    findings: [{ code: 'META_INVALID', sheet: META }],
  });
  one({
    id: 'meta-unit-kind-unknown',
    cls: '模板标识',
    title: '单位类型“火星”',
    bytes: metaValue('unit_kind', '火星'),
    findings: [{ code: 'META_INVALID', sheet: META }],
  });

  // --- Formula-looking text, emoji, names --------------------------------------------
  const hostileNames = ['=HYPERLINK("http://127.0.0.1:9/x","点击领奖")', "+1+cmd|' /C calc'!A0", '-2+3', '@SUM(1,1)', '=1+1'];
  {
    const sub: Submission = structuredClone(B.township);
    sub.unit = { ...sub.unit, name: '=HYPERLINK("http://127.0.0.1:9/u","城关街道")' };
    sub.enterprises = sub.enterprises.map((e, i) => (i < hostileNames.length ? { ...e, name: hostileNames[i] } : e));
    one({
      id: 'formula-text-names',
      cls: '像公式的文本',
      title: '单位名称和企业名称以 = + - @ 开头',
      bytes: await writeSubmission(sub),
      keepsText: [sub.unit.name, ...hostileNames],
      check: (s) => {
        expectEq(s.unit.name, sub.unit.name, 'unit name kept as text');
        hostileNames.forEach((n, i) => expectEq(s.enterprises[i].name, n, `enterprise ${i} name kept`));
      },
    });
  }
  one({
    id: 'formula-text-inline',
    cls: '像公式的文本',
    title: '备注栏和企业名称里以 = 开头的内联文本',
    bytes: editZip(B.bytes, {
      [B.part.ind]: (x) => setCell(x, `${COL.note}${row('RD_EXP')}`, strCell(`${COL.note}${row('RD_EXP')}`, "=cmd|'/c calc'!A1")),
      [B.part.ent]: (x) => setCell(x, `${COL.entName}${e0}`, strCell(`${COL.entName}${e0}`, '@HYPERLINK("http://127.0.0.1:9")')),
    }),
    keepsText: ["=cmd|'/c calc'!A1", '@HYPERLINK("http://127.0.0.1:9")'],
    check: (s) => expectEq(s.fields.RD_EXP?.note, "=cmd|'/c calc'!A1", 'note kept'),
  });
  {
    const sub: Submission = structuredClone(B.township);
    sub.unit = { ...sub.unit, name: '城关街道🚀\u3000（示例）' };
    sub.enterprises[0] = { ...sub.enterprises[0], name: '👩‍🔬 光电科技 有限公司\u3000' };
    one({
      id: 'emoji-names',
      cls: '全角/表情/特殊空格',
      title: '名称里有表情、组合表情和全角空格',
      bytes: await writeSubmission(sub),
      keepsText: ['城关街道🚀\u3000（示例）', '👩‍🔬 光电科技 有限公司'],
      check: (s) => expectEq(s.unit.name, '城关街道🚀\u3000（示例）', 'unit name'),
    });
  }

  // --- USCC edge cases ---------------------------------------------------------------
  const goodUscc = B.township.enterprises[0].uscc;
  const usccCase = (id: string, title: string, value: string, expect: string | null, extra: Partial<CorpusCase> = {}) =>
    one({
      id,
      cls: '统一社会信用代码',
      title,
      bytes: ent((x) => setCell(x, `${COL.uscc}${e0}`, strCell(`${COL.uscc}${e0}`, value))),
      findings: expect ? [{ code: expect, sheet: ENT, cell: `${COL.uscc}${e0}` }] : [],
      absent: expect ? undefined : ['USCC_INVALID', 'USCC_MISSING'],
      ...extra,
    });
  usccCase('uscc-lowercase', '小写字母（有效代码）', goodUscc.toLowerCase(), null, {
    check: (s) => expectEq(s.enterprises[0].uscc, goodUscc, 'normalised'),
  });
  usccCase(
    'uscc-fullwidth',
    '全角字符（有效代码）',
    goodUscc.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    null,
    { check: (s) => expectEq(s.enterprises[0].uscc, goodUscc, 'normalised') },
  );
  usccCase(
    'uscc-inner-spaces',
    '中间有空格和全角空格',
    `${goodUscc.slice(0, 6)} ${goodUscc.slice(6, 12)}\u3000${goodUscc.slice(12)}`,
    null,
  );
  usccCase('uscc-17-chars', '17 位', goodUscc.slice(0, 17), 'USCC_INVALID');
  usccCase('uscc-19-chars', '19 位', goodUscc + '1', 'USCC_INVALID');
  usccCase('uscc-letter-I', '含字母 I', 'I' + goodUscc.slice(1), 'USCC_INVALID');
  usccCase('uscc-letters-OZSV', '含字母 O/Z/S/V', withUsccCheckChar('91OZSV' + goodUscc.slice(6, 17)).slice(0, 17) + '0', 'USCC_INVALID');
  usccCase('uscc-wrong-check', '校验位错误', goodUscc.slice(0, 17) + (goodUscc[17] === '0' ? '1' : '0'), 'USCC_INVALID');
  usccCase('uscc-number-cell', '代码存成数字（丢了前导字符）', '9.1E+17', 'USCC_INVALID');
  one({
    id: 'uscc-missing',
    cls: '统一社会信用代码',
    title: '企业行缺代码',
    bytes: ent((x) => setCell(x, `${COL.uscc}${e0}`, `<c r="${COL.uscc}${e0}"/>`)),
    findings: [{ code: 'USCC_MISSING', sheet: ENT, cell: `${COL.uscc}${e0}` }],
  });
  one({
    id: 'uscc-duplicate-in-file',
    cls: '统一社会信用代码',
    title: '同一企业在名录中两次',
    bytes: ent((x) => setCell(x, `${COL.uscc}${e0 + 1}`, strCell(`${COL.uscc}${e0 + 1}`, goodUscc))),
    findings: [{ code: 'USCC_DUPLICATE_IN_FILE', sheet: ENT }],
  });

  // --- More structure ----------------------------------------------------------------
  one({
    id: 'duplicate-sheet-names',
    cls: '工作表缺失/改名/隐藏',
    title: '两张名为“指标表”的工作表（第二张有数据）',
    bytes: editZip(B.bytes, {
      'xl/workbook.xml': (x) => x.replace('</sheets>', `<sheet name="${IND}" sheetId="9" r:id="rId99"/></sheets>`),
      'xl/_rels/workbook.xml.rels': (x) =>
        x.replace(
          '</Relationships>',
          '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet99.xml"/></Relationships>',
        ),
      'xl/worksheets/sheet99.xml': SHEET_OPEN + `<row r="1">${strCell('A1', '另一份数据')}${numCell('B1', '42')}</row>` + SHEET_CLOSE,
    }),
    findings: [{ code: 'SHEET_EXTRA', sheet: IND }],
  });
  one({
    id: 'many-sheets',
    cls: '工作表缺失/改名/隐藏',
    title: '5,000 张空工作表',
    bytes: editZip(B.bytes, {
      'xl/workbook.xml': (x) =>
        x.replace(
          '</sheets>',
          Array.from({ length: 5000 }, (_, i) => `<sheet name="S${i}" sheetId="${100 + i}" r:id="rId${100 + i}"/>`).join('') + '</sheets>',
        ),
    }),
    findings: [{ code: 'SHEET_EXTRA_EMPTY', sheet: 'S4999' }],
  });
  one({
    id: 'sheet-name-char-refs',
    cls: 'XML 结构异常',
    title: '工作表名用字符引用写成（&#25351;&#26631;&#34920;）',
    bytes: editZip(B.bytes, {
      'xl/workbook.xml': (x) => x.replace(`name="${IND}"`, `name="${[...IND].map((c) => `&#${c.codePointAt(0)};`).join('')}"`),
    }),
    absent: ['SHEET_RENAMED', 'SHEET_MISSING'],
    check: (s) => expectEq(s.fields.RD_EXP?.current, B.township.fields.RD_EXP.current, 'RD_EXP read'),
  });
  one({
    id: 'uscc-as-number',
    cls: '统一社会信用代码',
    title: '代码存成数字单元格（913501001234567890）',
    bytes: ent((x) => setCell(x, `${COL.uscc}${e0}`, numCell(`${COL.uscc}${e0}`, '913501001234567890'))),
    findings: [{ code: 'USCC_INVALID', sheet: ENT, cell: `${COL.uscc}${e0}` }],
  });
  one({
    id: 'formula-cell-name',
    cls: '像公式的文本',
    title: '企业名称是真公式 =HYPERLINK(…)（缓存值“点我”）',
    bytes: ent((x) =>
      setCell(
        x,
        `${COL.entName}${e0}`,
        `<c r="${COL.entName}${e0}" t="str"><f>HYPERLINK("http://127.0.0.1:9/f","点我")</f><v>点我</v></c>`,
      ),
    ),
    keepsText: ['点我'],
    check: (s) => expectEq(s.enterprises[0].name, '点我', 'the shown value is the name; the formula is not carried'),
  });
  if (withHeavy)
    one({
      id: 'million-empty-hidden-rows',
      cls: '合并单元格/隐藏行',
      title: '指标表末尾 1,000,000 个隐藏的空行',
      bytes: ind((x) => x.replace('</sheetData>', '<row hidden="1"/>'.repeat(1_000_000) + '</sheetData>')),
      absent: ['HIDDEN_ROW_DATA'],
      check: (s) => expectEq(s.fields.RD_EXP?.current, B.township.fields.RD_EXP.current, 'RD_EXP read'),
      heavy: true,
    });

  // --- Across files ------------------------------------------------------------------
  cases.push({
    id: 'duplicate-unit',
    cls: '重复单位',
    title: '同一单位同一报告期报送两份',
    files: [
      { name: 'duplicate-unit-a.xlsx', bytes: B.bytes },
      { name: 'duplicate-unit-b.xlsx', bytes: ind((x) => x) },
    ],
    findings: [{ code: 'DUPLICATE_SUBMISSION' }],
  });
  cases.push({
    id: 'uscc-two-townships',
    cls: '重复单位',
    title: '同一企业被两个乡镇填报',
    files: [
      { name: 'uscc-two-townships-a.xlsx', bytes: B.bytes },
      {
        name: 'uscc-two-townships-b.xlsx',
        bytes: editZip(B.bytes2, {
          [(await base()).part.ent]: (x) => setCell(x, `${COL.uscc}${e0}`, strCell(`${COL.uscc}${e0}`, goodUscc)),
        }),
      },
    ],
    findings: [{ code: 'USCC_CONFLICT' }],
  });

  // The header-unit case edits a shared string: do it properly now that helpers exist.
  const hu = cases.find((c) => c.id === 'header-unit-yuan')!;
  hu.files[0].bytes = editZip(B.bytes, {
    'xl/sharedStrings.xml': (x) => x.replace('营业收入(万元)', '营业收入（元）').replace('营业收入（万元）', '营业收入（元）'),
  });
  // Date style: add a cellXfs entry with built-in date format 14 and point the cell at it.
  for (const c of cases.filter((c) => c.id === 'date-style-number')) {
    const files = unzipSync(c.files[0].bytes);
    const styles = strFromU8(files['xl/styles.xml']);
    const count = Number(/<cellXfs count="(\d+)"/.exec(styles)![1]);
    c.files[0].bytes = editZip(c.files[0].bytes, {
      'xl/styles.xml': styles.replace(
        /<cellXfs count="\d+">(.*?)<\/cellXfs>/,
        (_m, xfs) =>
          `<cellXfs count="${count + 1}">${xfs}<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>`,
      ),
      [B.part.ind]: (x) => x.replace('s="@DATE"', `s="${count}"`),
    });
  }
  return cases;
}

function expectEq(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Write every case's files into `dir` (one sub-directory per case); returns case id → file paths. */
export function writeCorpus(dir: string, cases: CorpusCase[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of cases) {
    const d = join(dir, c.id);
    mkdirSync(d, { recursive: true });
    out.set(
      c.id,
      c.files.map((f) => {
        const p = join(d, f.name);
        writeFileSync(p, f.bytes);
        return p;
      }),
    );
  }
  return out;
}

export { deflateSync };
