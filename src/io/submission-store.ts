/**
 * Packed submissions kept in a temporary file while a command works, so reading 40,000 files
 * does not hold 40,000 submissions in memory: admission decides from heads and digests, and each
 * district's submissions are read back when it is rolled up. Values are kept as the bytes the
 * caller made (a reading worker serializes the submission it read with V8's serializer; a rollup's
 * JSON is UTF-8) and appended in large writes.
 *
 * A reading worker appends to a store of its own through a `StoreWriter` on the store's file
 * descriptor (descriptors belong to the process, not the thread), so a submission's bytes never
 * cross to the main thread: sent across, each buffer lived until the main thread's next full
 * collection, in the worker's malloc arena, which kept that high-water mark (about 45 MB of the
 * peak at 10,000 files).
 *
 * The file is removed as soon as it is open where the system allows it (the space is freed when
 * it is closed, even if the process is killed); elsewhere it is removed on `close()` or at exit.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync, writevSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where a stored value is: byte offset and length in the file. */
export interface StoredAt {
  offset: number;
  length: number;
}

/** Writes are gathered up to this many bytes before they go to the file. */
const WRITE_CHUNK = 1 << 20;
/** …or this many pieces (one gathered write takes them all). */
const MAX_PIECES = 512;

export class SubmissionStore {
  private fd: number | null;
  private readonly dir: string;
  /** The file (gone from its folder already where the system allows). */
  readonly path: string;
  private removed = false;
  /** The disk refused a write: nothing more is put. */
  full = false;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Bytes already in the file. */
  private written = 0;
  private readonly removeAtExit = () => this.close();

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'sti-read-'));
    this.path = join(this.dir, 'submissions.bin');
    this.fd = openSync(this.path, 'w+');
    try {
      unlinkSync(this.path);
      rmSync(this.dir, { recursive: true, force: true });
      this.removed = true;
    } catch {
      // A system that cannot remove an open file (Windows): removed on close or at exit.
      process.once('exit', this.removeAtExit);
    }
  }

  /**
   * The file's descriptor, for one `StoreWriter` (on another thread) to append to; this store puts
   * nothing itself after, and reads what the writer reports with `writtenBy`.
   */
  descriptorForWriter(): number {
    if (this.fd === null) throw new Error('读取缓存已关闭');
    this.hasWriter = true;
    return this.fd;
  }

  /** A writer appends to the file: this store's own puts would overwrite what it wrote. */
  private hasWriter = false;

  /** Bytes the store's writer put at `at`, readable from now on. */
  writtenBy(at: StoredAt): void {
    this.written = Math.max(this.written, at.offset + at.length);
  }

  /**
   * Keep bytes; returns where they are. Bytes not `lent` are kept as they are (the caller does not
   * change them afterwards) and written with the next ones; `lent` bytes are written at once (the
   * caller uses its buffer again), so no copy of them is made or held.
   */
  putBytes(bytes: Uint8Array, lent = false): StoredAt {
    if (this.fd === null) throw new Error('读取缓存已关闭');
    if (this.hasWriter) throw new Error('读取缓存由另一线程写入');
    const at = { offset: this.written + this.pendingBytes, length: bytes.length };
    try {
      if (lent) {
        this.flush();
        this.writeAt(bytes, 0);
        this.written += bytes.length;
      } else {
        this.pending.push(bytes);
        this.pendingBytes += bytes.length;
        if (this.pendingBytes >= WRITE_CHUNK || this.pending.length >= MAX_PIECES) this.flush();
      }
    } catch (e) {
      // Kept, but the file takes no more: the value is readable from memory, the caller keeps the next ones itself.
      if (lent) {
        this.pending.push(new Uint8Array(bytes)); // a copy (Buffer#slice would be a view)
        this.pendingBytes += bytes.length;
      }
      this.full = true;
      throw Object.assign(new Error(`读取缓存文件无法写入：${e instanceof Error ? e.message : String(e)}`), { at });
    }
    return at;
  }

  /** Write `bytes` from `done` on at the end of what the file holds. */
  private writeAt(bytes: Uint8Array, done: number): void {
    while (done < bytes.length) done += writeSync(this.fd!, bytes, done, bytes.length - done, this.written + done);
  }

  /** Kept bytes, read back (a new buffer when from the file). */
  getBytes(at: StoredAt): Uint8Array {
    return this.readBytes(at, Buffer.allocUnsafe(at.length));
  }

  /**
   * Kept bytes lent to `use`, valid only during the call: read from the file into one buffer used
   * again by the next call. Loading 40,000 submissions one after another then leaves no buffer per
   * submission for the collector to find and the allocator to reuse or not.
   */
  lendBytes<T>(at: StoredAt, use: (bytes: Uint8Array) => T): T {
    if (this.lending) return use(this.getBytes(at));
    if (this.scratch.length < at.length) this.scratch = Buffer.allocUnsafe(Math.max(at.length, 2 * this.scratch.length, 1 << 16));
    this.lending = true;
    try {
      return use(this.readBytes(at, this.scratch.subarray(0, at.length)));
    } finally {
      this.lending = false;
    }
  }

  /** The buffer lendBytes reads into (grown to the largest read), and whether it is lent out. */
  private scratch: Buffer = Buffer.alloc(0);
  private lending = false;

  /** Kept bytes: the waiting piece itself, or read from the file into `into` (exactly their length). */
  private readBytes(at: StoredAt, into: Buffer): Uint8Array {
    if (this.fd === null) throw new Error('读取缓存已关闭');
    if (at.length === 0) return new Uint8Array(0);
    // Not in the file yet (or the disk refused it): read from what waits to be written.
    if (at.offset >= this.written) {
      let offset = this.written;
      for (const p of this.pending) {
        if (offset === at.offset && p.length === at.length) return p;
        offset += p.length;
      }
      throw new Error('读取缓存中没有这一项');
    }
    let done = 0;
    while (done < at.length) {
      const n = readSync(this.fd, into, done, at.length - done, at.offset + done);
      if (n <= 0) throw new Error('读取缓存文件不完整');
      done += n;
    }
    return into;
  }

  /**
   * Write what waits. When the disk refuses (full), it throws and what waits stays readable from
   * memory: the caller keeps the rest in memory too.
   */
  private flush(): void {
    if (this.fd === null || this.pendingBytes === 0) return;
    // One gathered write from the pieces where they are (joining them first would copy every byte once more).
    const done = writevSync(this.fd, this.pending, this.written);
    if (done < this.pendingBytes) this.writeAt(Buffer.concat(this.pending, this.pendingBytes), done);
    this.written += this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Close and remove the file (values can no longer be read back). */
  close(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
    this.scratch = Buffer.alloc(0);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.removed) {
      try {
        rmSync(this.dir, { recursive: true, force: true });
        this.removed = true;
        process.removeListener('exit', this.removeAtExit);
      } catch {
        // Left for the system's temporary-file cleanup.
      }
    }
  }
}

/**
 * Appends to a store's file from another thread (a reading worker), at offsets of its own; the
 * store reads what it is told was written (`SubmissionStore.writtenBy`).
 */
export class StoreWriter {
  private written = 0;
  /** The disk refused a write: nothing more is put (the caller sends its bytes instead). */
  private full = false;

  constructor(private readonly fd: number) {}

  /** Write `bytes` (the caller may reuse them after); where they are, or null when the disk takes no more. */
  put(bytes: Uint8Array): StoredAt | null {
    if (this.full) return null;
    try {
      for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
    } catch {
      this.full = true;
      return null;
    }
    const at = { offset: this.written, length: bytes.length };
    this.written += bytes.length;
    return at;
  }
}

/**
 * Keep bytes in the store when it can take them: where they are, or null when the caller must keep
 * them itself (no store, or the disk takes no more; bytes the disk refused stay readable in the store).
 */
export function keepIn(store: SubmissionStore | null, bytes: Uint8Array, lent = false): StoredAt | null {
  if (!store || store.full) return null;
  try {
    return store.putBytes(bytes, lent);
  } catch (e) {
    return (e as { at?: StoredAt }).at ?? null;
  }
}

/** A store, or null when no temporary file can be made (the caller keeps its values in memory). */
export function openStore(): SubmissionStore | null {
  try {
    return new SubmissionStore();
  } catch {
    return null;
  }
}
