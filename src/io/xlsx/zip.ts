/**
 * Just enough of ZIP to read an .xlsx safely: the central directory (the sizes the file
 * declares), then inflate only the entries asked for, never past the declared size or the
 * limits. Works on bytes only (browser and node alike).
 */
import { Inflate, inflateSync } from 'fflate';
import { XlsxReadError } from './read-error.js';

export interface ZipEntry {
  name: string;
  crc: number;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export interface ZipLimits {
  /** Largest uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Largest uncompressed size of all entries read. */
  maxTotalBytes: number;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

/** Read the central directory; throws XlsxReadError TRUNCATED when it is not there. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  // End of central directory: the last 22 bytes plus up to 64 KiB of comment.
  let eocd = -1;
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxReadError('TRUNCATED', '文件不完整（压缩包缺少目录区），可能在传输中被截断，请重新获取原文件');
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new XlsxReadError('UNSUPPORTED', '不支持 ZIP64 格式的超大文件');
  if (cdOffset + cdSize > bytes.length) throw new XlsxReadError('TRUNCATED', '文件不完整（压缩包目录区越界），可能在传输中被截断');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw new XlsxReadError('TRUNCATED', '文件已损坏（压缩包目录区无法读取）');
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    const compressedSize = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const localHeaderOffset = u32(bytes, p + 42);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLen);
    const name = (flags & 0x800 ? utf8 : latin1).decode(nameBytes);
    entries.push({ name, crc, method, flags, compressedSize, size, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The raw (still compressed) bytes of an entry, or null when they are not where the headers say. */
export function rawEntryBytes(bytes: Uint8Array, e: ZipEntry): Uint8Array | null {
  const lh = e.localHeaderOffset;
  if (lh + 30 > bytes.length || u32(bytes, lh) !== 0x04034b50) return null;
  const start = lh + 30 + u16(bytes, lh + 26) + u16(bytes, lh + 28);
  const end = start + e.compressedSize;
  return end > bytes.length ? null : bytes.subarray(start, end);
}

/** Small compressed entries inflate in one call into a buffer of the declared size (+1 to see a lie). */
const ONE_SHOT_MAX_COMPRESSED = 256 * 1024;
const CHUNK = 64 * 1024;

/** Inflate one entry, refusing anything larger than declared or than the limit. */
export function readEntry(bytes: Uint8Array, e: ZipEntry, maxBytes: number): Uint8Array {
  if (e.flags & 1) throw new XlsxReadError('ENCRYPTED', '文件已加密（设置了打开密码），请取消密码后另存再提交');
  if (e.size > maxBytes) throw tooLarge(e.name, e.size, maxBytes);
  const lh = e.localHeaderOffset;
  if (lh + 30 > bytes.length || u32(bytes, lh) !== 0x04034b50)
    throw new XlsxReadError('TRUNCATED', `文件已损坏（压缩包条目 ${e.name} 无法读取）`);
  const start = lh + 30 + u16(bytes, lh + 26) + u16(bytes, lh + 28);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw new XlsxReadError('TRUNCATED', `文件不完整（压缩包条目 ${e.name} 被截断）`);
  const data = bytes.subarray(start, end);
  if (e.method === 0) {
    if (e.compressedSize !== e.size) throw new XlsxReadError('CORRUPT', `文件已损坏（条目 ${e.name} 大小不符）`);
    return data;
  }
  if (e.method !== 8) throw new XlsxReadError('UNSUPPORTED', `不支持的压缩方式（条目 ${e.name}，方式 ${e.method}）`);
  const limit = Math.min(e.size, maxBytes);
  if (data.length <= ONE_SHOT_MAX_COMPRESSED) {
    let out: Uint8Array;
    try {
      // Writes past the end of a fixed buffer are dropped: memory stays bounded by the declared size.
      out = inflateSync(data, { out: new Uint8Array(limit + 1) });
    } catch {
      throw new XlsxReadError('CORRUPT', `文件已损坏（条目 ${e.name} 无法解压）`);
    }
    if (out.length > limit) throw bombError(e.name, limit);
    return out;
  }
  // Larger entries: stream, and stop as soon as the output passes the declared size.
  const parts: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > limit) throw bombError(e.name, limit);
    parts.push(chunk);
  });
  try {
    for (let o = 0; o < data.length; o += CHUNK)
      inflater.push(data.subarray(o, Math.min(o + CHUNK, data.length)), o + CHUNK >= data.length);
  } catch (err) {
    if (err instanceof XlsxReadError) throw err;
    throw new XlsxReadError('CORRUPT', `文件已损坏（条目 ${e.name} 无法解压）`);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

function tooLarge(name: string, size: number, max: number): XlsxReadError {
  return new XlsxReadError(
    'TOO_LARGE',
    `文件内容过大：条目 ${name} 解压后 ${(size / 1048576).toFixed(1)} MB，超过上限 ${(max / 1048576).toFixed(0)} MB（可能是压缩炸弹或异常大的工作表）`,
  );
}

function bombError(name: string, limit: number): XlsxReadError {
  return new XlsxReadError('TOO_LARGE', `文件异常：条目 ${name} 解压后超过其声明大小或上限（${limit} 字节），已停止解压（疑似压缩炸弹）`);
}
