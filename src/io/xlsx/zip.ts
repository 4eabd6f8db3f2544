/**
 * Just enough of ZIP to read an .xlsx safely: the central directory (the sizes the file
 * declares), then inflate only the entries asked for, never past the declared size or the
 * limits. Works on bytes only (browser and node alike).
 */
import { Deflate, Inflate, inflateSync } from 'fflate';
import { DeflatePool, type PooledChunk } from './deflate-pool.js';
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

/** The few node:zlib calls the reader and writer use (found at run time, so browser bundles never import it). */
interface NodeZlib {
  deflateRawSync(data: Uint8Array, options: { level: number; finishFlush: number }): Uint8Array;
  inflateRawSync?(data: Uint8Array, options: { maxOutputLength: number }): Uint8Array;
  crc32?(data: Uint8Array, value?: number): number;
  constants: { Z_SYNC_FLUSH: number; Z_FINISH: number };
}

const nodeZlib: NodeZlib | undefined = (() => {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const z = proc?.getBuiltinModule?.('node:zlib') as NodeZlib | undefined;
    return z && typeof z.deflateRawSync === 'function' ? z : undefined;
  } catch {
    return undefined;
  }
})();

/** Small compressed entries inflate in one call into a buffer of the declared size (+1 to see a lie). */
const ONE_SHOT_MAX_COMPRESSED = 256 * 1024;
const CHUNK = 64 * 1024;

/**
 * Inflate one entry, refusing anything larger than declared or than the limit. `jsInflate`: use
 * fflate even under node (the browser's path; for tests).
 */
export function readEntry(bytes: Uint8Array, e: ZipEntry, maxBytes: number, jsInflate = false): Uint8Array {
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
  if (nodeZlib?.inflateRawSync && !jsInflate) return inflateNative(nodeZlib.inflateRawSync, data, e.name, limit);
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

/**
 * Under node: its native inflater (several times fflate's speed), told to stop one byte past
 * the declared size, so memory stays bounded and a lying entry is refused the same way.
 */
function inflateNative(inflate: NonNullable<NodeZlib['inflateRawSync']>, data: Uint8Array, name: string, limit: number): Uint8Array {
  let out: Uint8Array;
  try {
    out = inflate(data, { maxOutputLength: limit + 1 });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw bombError(name, limit);
    throw new XlsxReadError('CORRUPT', `文件已损坏（条目 ${name} 无法解压）`);
  }
  if (out.length > limit) throw bombError(name, limit);
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

// ---------------------------------------------------------------------------------------
// Writing

let crcTable: Int32Array | undefined;
function crc32Js(data: Uint8Array, crc: number): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function concatBytes(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Input gathered before one deflate call (node backend): large enough to compress well. */
const DEFLATE_CHUNK = 1 << 20;
const encoder = new TextEncoder();

/**
 * One entry being written: text or bytes pushed in pieces, deflated as they come (node's
 * native zlib when there is one, in independently compressed sync-flushed chunks that
 * together form one valid deflate stream; fflate's streaming Deflate otherwise).
 *
 * Text is encoded piece by piece straight into a staging buffer (`encodeInto`): encoding a
 * row at a time is several times faster than building a megabyte string out of rows and
 * encoding that (V8 flattens the concatenation first), and nothing but the buffer is allocated.
 */
export class ZipEntryWriter {
  private crc = 0;
  private size = 0;
  private out: Uint8Array[] = [];
  private outBytes = 0;
  /** The zip's one staging buffer (one entry is written at a time): not a megabyte allocated per entry. */
  private readonly stage: Uint8Array;
  private staged = 0;
  private fflate: Deflate | undefined;
  private done = false;
  /** Chunks handed to the helper thread and not yet back: the entry is complete when none is left after end(). */
  private inHelper = 0;
  private finished = false;
  /** Where the helper's compressed chunks come back to, in order. */
  private readonly pooledChunk: PooledChunk = {
    deliver: (compressed) => {
      this.inHelper--;
      this.keep(compressed);
      this.finishIfComplete();
    },
    deflateHere: (input, final) => this.deflateHere(input, final),
  };

  constructor(
    private readonly zip: ZipWriter,
    readonly name: string,
    private readonly level: number,
  ) {
    this.stage = zip.stagingBuffer();
    if (!zip.zlib) {
      this.fflate = new Deflate({ level: level as 6 }, (chunk) => this.keep(chunk));
    }
  }

  private keep(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.out.push(chunk);
    this.outBytes += chunk.length;
  }

  push(data: string | Uint8Array): void {
    if (this.done) throw new Error(`zip entry ${this.name} already ended`);
    if (typeof data !== 'string') {
      this.pushBytes(data);
      return;
    }
    let text = data;
    for (;;) {
      const { read, written } = encoder.encodeInto(text, this.stage.subarray(this.staged));
      this.staged += written;
      if (read === text.length) break;
      // The buffer is full: compress it and go on with the rest of the text.
      this.flush(false);
      text = text.slice(read);
    }
    if (this.staged >= DEFLATE_CHUNK - 4096) this.flush(false);
  }

  private pushBytes(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.staged + bytes.length <= this.stage.length) {
      this.stage.set(bytes, this.staged);
      this.staged += bytes.length;
      return;
    }
    this.flush(false);
    this.consume(bytes, false);
  }

  /** Compress what is staged (the last call of an entry finishes the stream). */
  private flush(final: boolean): void {
    const bytes = this.staged > 0 ? this.stage.subarray(0, this.staged) : new Uint8Array(0);
    // fflate may keep what it is given: it gets a copy; zlib is done with it when it returns.
    this.consume(this.fflate ? bytes.slice() : bytes, final);
    this.staged = 0;
  }

  private consume(bytes: Uint8Array, final: boolean): void {
    if (bytes.length > 0) {
      this.crc = this.zip.zlib?.crc32 ? this.zip.zlib.crc32(bytes, this.crc) >>> 0 : crc32Js(bytes, this.crc);
      this.size += bytes.length;
    }
    if (this.fflate) {
      this.fflate.push(bytes, final);
      return;
    }
    if (bytes.length === 0 && !final) return;
    // Once a workbook is past its first megabyte, every chunk (a full one, or an entry's last piece) goes to the
    // helper thread, in order; the entry is completed when its last chunk comes back, while this thread goes on.
    const pool = this.zip.helperFor(bytes.length, final);
    if (pool && bytes.length <= DEFLATE_CHUNK) {
      this.inHelper++;
      pool.submit(bytes, this.level, final, this.pooledChunk);
      return;
    }
    // Deflated here (no helper, or bytes larger than a slot): every chunk still with the helper comes back first, to keep the order.
    pool?.drain();
    this.keep(this.deflateHere(bytes, final));
  }

  private deflateHere(bytes: Uint8Array, final: boolean): Uint8Array {
    const z = this.zip.zlib!;
    return z.deflateRawSync(bytes, { level: this.level, finishFlush: final ? z.constants.Z_FINISH : z.constants.Z_SYNC_FLUSH });
  }

  /** End the entry. With the helper thread, its data may still be out: the zip takes it when it is back (ZipWriter.finish waits). */
  end(): void {
    if (this.done) return;
    this.flush(true);
    this.done = true;
    this.zip.entryEnded(this);
    this.finishIfComplete();
  }

  private finishIfComplete(): void {
    if (!this.done || this.inHelper > 0 || this.finished) return;
    this.finished = true;
    this.zip.finishEntry(this.name, this.crc, this.size, this.out, this.outBytes);
    this.out = [];
  }
}

/**
 * A minimal ZIP writer (deflate, no ZIP64, fixed entry time): entries are written one after
 * another, each compressed while it is produced, so no part is ever held uncompressed whole
 * and nothing is zipped twice. The same calls give the same bytes.
 */
/** Where a zip's bytes go as they are ready, in order (a file being written), instead of being gathered. */
export type ByteSink = (bytes: Uint8Array) => void;

export class ZipWriter {
  private chunks: Uint8Array[] = [];
  private offset = 0;
  private central: Uint8Array[] = [];
  private centralBytes = 0;
  private count = 0;
  private open: ZipEntryWriter | null = null;
  private readonly dosTime: number;
  private readonly dosDate: number;

  /** @internal node's zlib, when there is one and it is not turned off. */
  readonly zlib: NodeZlib | undefined;

  /** null: not started yet; false: not to be used (or it could not start). */
  private pool: DeflatePool | null | false;

  private readonly sink: ByteSink | undefined;

  /**
   * `jsDeflate`: use fflate even under node (the browser's path; for tests). `oneThread`: deflate
   * large entries on this thread too (node's zlib otherwise runs them on a helper thread; the bytes are the same).
   * `sink`: each entry's bytes go there as soon as the entry is complete, and `finish()` gives an empty
   * array (a workbook of hundreds of megabytes is not held whole, nor copied into one array).
   */
  constructor(mtime: Date, options: { jsDeflate?: boolean; oneThread?: boolean; sink?: ByteSink } = {}) {
    this.sink = options.sink;
    this.zlib = options.jsDeflate ? undefined : nodeZlib;
    this.pool = this.zlib && !options.oneThread ? null : false;
    this.dosTime = (mtime.getHours() << 11) | (mtime.getMinutes() << 5) | (mtime.getSeconds() >> 1);
    this.dosDate = ((mtime.getFullYear() - 1980) << 9) | ((mtime.getMonth() + 1) << 5) | mtime.getDate();
  }

  private stage: Uint8Array | undefined;

  /** Uncompressed bytes deflated so far (decides when the helper thread is worth starting). */
  private bytesIn = 0;

  /**
   * @internal the helper thread for a chunk of `length` bytes, or null to deflate it here. It is started by the
   * first full chunk or once the workbook is past its first megabyte (a small workbook never starts a thread);
   * from then on every chunk goes to it, so chunks come back in the order they were written.
   */
  helperFor(length: number, final: boolean): DeflatePool | null {
    this.bytesIn += length;
    if (this.pool === null && (!final || this.bytesIn >= DEFLATE_CHUNK)) this.pool = DeflatePool.start(DEFLATE_CHUNK) ?? false;
    return this.pool || null;
  }

  /** @internal an entry has ended (its data may still be with the helper): the next one may start. */
  entryEnded(entry: ZipEntryWriter): void {
    if (this.open === entry) this.open = null;
  }

  /** Stop the helper thread, if one was started (finish() does it; a writer abandoned half-way should too). */
  close(): void {
    if (this.pool) this.pool.close();
    this.pool = false;
  }

  /** @internal the buffer entries stage their bytes in (entries are written one after another). */
  stagingBuffer(): Uint8Array {
    return (this.stage ??= new Uint8Array(DEFLATE_CHUNK));
  }

  /** Start an entry; push its content, then end() it before the next one. */
  entry(name: string, level: number): ZipEntryWriter {
    if (this.open) throw new Error(`zip entry ${this.open.name} not ended`);
    this.open = new ZipEntryWriter(this, name, level);
    return this.open;
  }

  /** A whole entry at once. */
  add(name: string, data: string | Uint8Array, level: number): void {
    const e = this.entry(name, level);
    e.push(data);
    e.end();
  }

  /** @internal called by ZipEntryWriter.end */
  finishEntry(name: string, crc: number, size: number, data: Uint8Array[], compressedSize: number): void {
    const nameBytes = encoder.encode(name);
    const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : 0x800;
    if (size > 0xfffffffe || this.offset + compressedSize > 0xfffffffe || this.count >= 0xffff)
      throw new Error('工作簿过大：超出 ZIP 格式的 4 GB 上限');
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, 8, true);
    lv.setUint16(10, this.dosTime, true);
    lv.setUint16(12, this.dosDate, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, compressedSize, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, nameBytes.length, true);
    lv.setUint16(28, 0, true);
    local.set(nameBytes, 30);
    const cd = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, 8, true);
    cv.setUint16(12, this.dosTime, true);
    cv.setUint16(14, this.dosDate, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, compressedSize, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, this.offset, true);
    cd.set(nameBytes, 46);
    this.central.push(cd);
    this.centralBytes += cd.length;
    this.count++;
    if (this.sink) {
      this.sink(local);
      for (const d of data) this.sink(d);
    } else this.chunks.push(local, ...data);
    this.offset += local.length + compressedSize;
  }

  /** The finished archive (empty when its bytes went to the sink). */
  finish(): Uint8Array {
    if (this.open) throw new Error(`zip entry ${this.open.name} not ended`);
    // Entries whose last chunks are still with the helper are completed (in order) before the directory is written.
    if (this.pool) this.pool.drain();
    this.close();
    const eocd = new Uint8Array(22);
    const v = new DataView(eocd.buffer);
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, this.count, true);
    v.setUint16(10, this.count, true);
    v.setUint32(12, this.centralBytes, true);
    v.setUint32(16, this.offset, true);
    if (this.sink) {
      for (const cd of this.central) this.sink(cd);
      this.sink(eocd);
      this.central = [];
      return new Uint8Array(0);
    }
    const all = [...this.chunks, ...this.central, eocd];
    const out = concatBytes(all, this.offset + this.centralBytes + 22);
    this.chunks = [];
    this.central = [];
    return out;
  }
}
