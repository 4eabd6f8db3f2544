/**
 * The temporary file read submissions wait in (io/submission-store.ts): values come back equal
 * (typed arrays as typed arrays) whether still waiting to be written or already in the file, the
 * file is gone from the folder at once, and a read works the same when no temporary file can be made.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDemoData } from '../../src/core/demo.js';
import { writeDemoFiles } from '../../src/io/demo.js';
import { readSubmissionFiles } from '../../src/io/rollup-read.js';
import { deserialize, serialize } from 'node:v8';
import { digestAsData } from '../support/digest-data.js';
import { StoreWriter, SubmissionStore, type StoredAt } from '../../src/io/submission-store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('SubmissionStore', () => {
  it('gives back what was put, before and after it reaches the file; nothing is left in the temporary folder', () => {
    const store = new SubmissionStore();
    // The store's folder is removed as soon as its file is open (POSIX; Windows removes it on close or at exit).
    if (process.platform !== 'win32') expect(existsSync(dirname(store.path))).toBe(false);
    const values = Array.from({ length: 300 }, (_, i) => ({
      i,
      text: `单位${i}`.repeat(i % 7),
      numbers: Float64Array.from({ length: 1000 + i }, (_, k) => k * i + 0.5),
      nothing: null,
    }));
    const put = (v: unknown) => store.putBytes(serialize(v));
    const get = <T>(a: StoredAt) => deserialize(store.getBytes(a)) as T;
    const first = put(values[0]);
    // Still waiting to be written (well under the write chunk).
    expect(get(first)).toEqual(values[0]);
    const at = [first, ...values.slice(1).map(put)];
    // Over 2 MB in all: most are in the file now, the last few wait.
    at.forEach((a, i) => expect(get(a)).toEqual(values[i]));
    expect(get<{ numbers: Float64Array }>(at[5]).numbers).toBeInstanceOf(Float64Array);
    store.close();
    expect(() => get(at[0])).toThrow('读取缓存已关闭');
    expect(() => put(1)).toThrow('读取缓存已关闭');
  });

  it('keeps bytes as they are, many small pieces and pieces cut from larger buffers alike', () => {
    const store = new SubmissionStore();
    const big = Buffer.from('前'.repeat(1 << 19));
    const pieces = [
      ...Array.from({ length: 2000 }, (_, i) => Buffer.from(`第${i}项`)),
      big.subarray(3, 3 + (1 << 20)),
      new Uint8Array(0),
      Buffer.from('最后'),
    ];
    const at = pieces.map((p) => store.putBytes(p));
    const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
    for (const i of [0, 1999, 700, 2000, 2001, 2002, 5]) expect(hex(store.getBytes(at[i]))).toBe(hex(pieces[i]));
    // Lent bytes: the caller fills its buffer again right after; what was kept is what it held then.
    const buffer = Buffer.from('区级汇总一');
    const lentAt = store.putBytes(buffer, true);
    const after = store.putBytes(Buffer.from('之后'));
    buffer.write('被改写了…');
    expect(store.getBytes(lentAt).toString()).toBe('区级汇总一');
    expect(store.getBytes(after).toString()).toBe('之后');
    expect(hex(store.getBytes(at[3]))).toBe(hex(pieces[3]));
    // Lent back: right during the call, whatever was read before; a read inside a read gets its own.
    for (const i of [2000, 3, 1999, 2000])
      expect(
        store.lendBytes(at[i], (b) => {
          const inner = store.lendBytes(at[7], hex);
          return [hex(b), inner];
        }),
      ).toEqual([hex(pieces[i]), hex(pieces[7])]);
    store.close();
  });
});

describe('StoreWriter (a reading worker appending to its store)', () => {
  it('writes at offsets of its own; the store reads what it is told of, and puts nothing itself after', () => {
    const store = new SubmissionStore();
    const writer = new StoreWriter(store.descriptorForWriter());
    const values = Array.from({ length: 50 }, (_, i) => ({
      i,
      text: `乡镇${i}`.repeat(i),
      numbers: Float64Array.from({ length: 100 * i }, (_, k) => k / 3),
    }));
    const bytes = values.map((v) => serialize(v));
    const at = bytes.map((b) => writer.put(b)!);
    expect(at.map((a) => a.offset)).toEqual(bytes.map((_, i) => bytes.slice(0, i).reduce((n, b) => n + b.length, 0)));
    // Told of in any order (the worker's replies come in batches); each reads back as written.
    for (const i of [3, 0, 49, 10]) store.writtenBy(at[i]);
    for (const i of [0, 3, 10, 49, 20]) expect(deserialize(store.getBytes(at[i]))).toEqual(values[i]);
    expect(store.lendBytes(at[7], (b) => deserialize(b))).toEqual(values[7]);
    expect(() => store.putBytes(Buffer.from('主线程'))).toThrow('读取缓存由另一线程写入');
    store.close();
    expect(() => store.getBytes(at[0])).toThrow('读取缓存已关闭');
  });

  it('says the disk took nothing (null) when a write fails, and puts nothing more', () => {
    const store = new SubmissionStore();
    const fd = store.descriptorForWriter();
    const writer = new StoreWriter(fd);
    expect(writer.put(Buffer.from('第一份'))).toEqual({ offset: 0, length: 9 });
    store.close(); // the descriptor is gone: the next write fails
    expect(writer.put(Buffer.from('第二份'))).toBeNull();
    expect(writer.put(new Uint8Array(0))).toBeNull();
  });
});

describe('reading without a usable temporary folder', () => {
  it('keeps the submissions in memory instead: the same sources, loaded equal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sti-nostore-'));
    dirs.push(dir);
    const data = buildDemoData();
    data.submissions = data.submissions.slice(0, 6);
    const written = await writeDemoFiles(data, dir);
    const files = written.submissions.map((p) => ({ path: p, name: basename(p) }));
    const normal = await readSubmissionFiles(files, { workers: 0 });
    const saved = process.env.TMPDIR;
    const missing = join(dir, 'no', 'such', 'folder');
    process.env.TMPDIR = missing;
    let inMemory;
    let pooled;
    try {
      inMemory = await readSubmissionFiles(files, { workers: 0 });
      // Workers with no store to write to send their bytes, kept in memory the same way.
      pooled = await readSubmissionFiles(files, { workers: 2 });
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(existsSync(missing)).toBe(false);
    expect(inMemory.sources.map((s) => s.load())).toEqual(normal.sources.map((s) => s.load()));
    expect(pooled.mode).toBe('workers');
    expect(pooled.sources.map((s) => s.load())).toEqual(normal.sources.map((s) => s.load()));
    expect(pooled.findings).toEqual(normal.findings);
    expect(inMemory.sources.map((s) => digestAsData(s.digest))).toEqual(normal.sources.map((s) => digestAsData(s.digest)));
    expect(pooled.sources.map((s) => digestAsData(s.digest))).toEqual(normal.sources.map((s) => digestAsData(s.digest)));
    expect(inMemory.findings).toEqual(normal.findings);
    normal.close();
    inMemory.close();
    pooled.close();
  }, 60_000);
});
