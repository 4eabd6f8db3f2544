/**
 * Reading many submission files for a rollup: one file at a time, optionally on a small
 * worker_threads pool. Each submission is kept packed in a temporary file (submission-store.ts)
 * with only its head, the digest the checks across files need, and the checks on its own
 * figures in memory; admission and the rollup load a submission when they need it. Results come
 * back in input order whatever the pool did.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { digestOf, type DigestData, type PackedStrings, type SubmissionHead, type SubmissionSource } from '../core/submission-source.js';
import type { Finding, Submission } from '../core/types.js';
import { finding } from '../core/validate-codes.js';
import { readSubmissionFile, type ReadSubmissionResult } from './submission.js';
import {
  packForAdmission,
  storedMessage,
  SubmissionUnpacker,
  usccsFromBytes,
  usccTextBytes,
  withoutText,
  type ReadForAdmission,
  type TextBytes,
} from './submission-pack.js';
import { keepIn, openStore, SubmissionStore, type StoredAt } from './submission-store.js';

// Each loader is made in a function of its own: a closure keeps its whole scope, and a loader that
// reads from the store must not keep the stored bytes alive too.
// `file`: the name the source's head holds; every load's submission and cells use that one string.
function loadFromStore(unpacker: SubmissionUnpacker, store: SubmissionStore, at: StoredAt, file: string): () => Submission {
  // Lent bytes: the message's typed arrays are views of them, and unpacking copies every value out.
  return () => store.lendBytes(at, (bytes) => unpacker.unpack(storedMessage(bytes), file).submission!);
}

function loadFromMemory(unpacker: SubmissionUnpacker, stored: Uint8Array, file: string): () => Submission {
  return () => unpacker.unpack(storedMessage(stored), file).submission!;
}

function usccsFromStore(store: SubmissionStore, kept: KeptText, shape: PackedStrings): () => PackedStrings {
  return () => store.lendBytes(kept.at, (bytes) => usccsFromBytes(bytes, kept.encoding, shape));
}

/** A read file as a source; its USCCs read back from `store` when they were kept there. */
function readSource(
  r: Extract<ReadForAdmission, { head: SubmissionHead }>,
  load: () => Submission,
  store: SubmissionStore | null,
  usccs: KeptText | null,
): SubmissionSource {
  const keptUsccs = store && usccs ? usccsFromStore(store, usccs, withoutText(r.digest.usccs)) : undefined;
  return { head: r.head, digest: digestOf(r.digest, keptUsccs), load };
}

export interface FileToRead {
  /** Absolute path. */
  path: string;
  /** Name used in findings (relative path as the user gave it). */
  name: string;
}

export interface ReadManyOptions {
  /** Called after each file with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Worker threads (default: env STI_READ_WORKERS, else 2 from 1,000 files on, else 0 = in this thread). */
  workers?: number;
}

export interface ReadManyResult {
  /** One per readable submission, in input order: head and digest in memory, the submission loaded when asked for. */
  sources: SubmissionSource[];
  /** Reading findings (unreadable files, unrecognised cells…), in input order. */
  findings: Finding[];
  /** By file: the checks on a submission's own figures (admit.ts submissionChecks), made beside reading it. */
  checks: Map<string, readonly Finding[]>;
  /** How the files were read (for benchmarks). */
  mode: 'inline' | 'workers';
  /** Let the kept submissions go (the sources can no longer load them). */
  close(): void;
}

function readOne(f: FileToRead): ReadSubmissionResult {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(f.path));
  } catch (e) {
    return {
      submission: null,
      findings: [finding('FILE_UNREADABLE', `文件无法打开：${e instanceof Error ? e.message : String(e)}`, { file: f.name })],
    };
  }
  return readSubmissionFile(bytes, f.name);
}

/** A file read on this thread, as a reading worker gives it back. */
function readHere(f: FileToRead): ReadForAdmission {
  return packForAdmission(readOne(f));
}

/** One empty list for every file with no checks or notes (each came as an array of its own). */
const NOTHING: readonly never[] = Object.freeze([]);

/**
 * Where the read submissions are kept, and the sources admission works from. Texts shared
 * across files (cell names, sheet and township names) are kept once by the one unpacker.
 */
class Collector {
  /**
   * null: no temporary file could be made (a locked-down temporary folder) or the disk took no
   * more: submissions are kept in memory, packed, instead.
   */
  private store: SubmissionStore | null = openStore();
  private readonly unpacker = new SubmissionUnpacker();
  readonly sources: (SubmissionSource | undefined)[];
  readonly findings: Finding[][];
  readonly checks: (readonly Finding[] | undefined)[];

  constructor(private readonly files: readonly FileToRead[]) {
    this.sources = new Array(files.length);
    this.findings = new Array(files.length);
    this.checks = new Array(files.length);
  }

  /**
   * One string for each text many files repeat: each file's head comes as its own copy (from a
   * worker's message), and 40,000 copies of the template's id, the period or a district's code
   * add up (several MB).
   */
  private readonly texts = new Map<string, string>();
  private shared<T>(t: T): T {
    if (typeof t !== 'string') return t;
    const had = this.texts.get(t);
    if (had !== undefined) return had as T;
    this.texts.set(t, t);
    return t;
  }

  /** The head and digest with their repeated texts shared, and the file's name the one given (not a copy). */
  private shareTexts(i: number, head: SubmissionHead, digest: DigestData): void {
    if (head.file === this.files[i].name) head.file = this.files[i].name;
    head.templateId = this.shared(head.templateId);
    head.templateVersion = this.shared(head.templateVersion);
    head.period = this.shared(head.period);
    head.unit.kind = this.shared(head.unit.kind);
    head.unit.parentCode = this.shared(head.unit.parentCode);
    digest.listSheet = this.shared(digest.listSheet);
    if (digest.explained.length === 0) digest.explained = NOTHING;
  }

  /**
   * A file read; `kept`: where its reading worker already kept its submission and USCCs (they are
   * then absent from `r`), in `store`.
   */
  add(i: number, r: ReadForAdmission, store?: SubmissionStore | null, kept?: KeptInStore): void {
    this.findings[i] = r.findings;
    if (!r.head) return;
    this.shareTexts(i, r.head, r.digest);
    if (store && kept) {
      store.writtenBy(kept.submission);
      if (kept.usccs) store.writtenBy(kept.usccs.at);
      this.sources[i] = readSource(r, loadFromStore(this.unpacker, store, kept.submission, r.head.file), store, kept.usccs);
    } else {
      // Read here, or sent by a worker without a store: kept in this collector's store when it has one.
      const usccs = this.store && r.digest.usccs.count > 0 ? keepText(this.store, usccTextBytes(r.digest.usccs)) : null;
      this.sources[i] = readSource(r, this.keep(r.stored, r.head.file), this.store, usccs);
    }
    this.checks[i] = r.checks.length > 0 ? r.checks : NOTHING;
  }

  /**
   * A store for a reading worker to write to itself (null when no temporary file can be made: the
   * worker sends its bytes). Closed with the collector's own.
   */
  storeForWorker(): SubmissionStore | null {
    const store = openStore();
    if (store) this.workerStores.push(store);
    return store;
  }

  private readonly workerStores: SubmissionStore[] = [];

  /** Keep a serialized packed submission (on disk when possible); how to load it back. */
  private keep(stored: Uint8Array, file: string): () => Submission {
    const at = keepIn(this.store, stored);
    return at && this.store ? loadFromStore(this.unpacker, this.store, at, file) : loadFromMemory(this.unpacker, stored, file);
  }

  /** Let the kept submissions go (a read that failed). */
  close(): void {
    for (const store of this.stores()) store.close();
  }

  private stores(): SubmissionStore[] {
    return this.store ? [this.store, ...this.workerStores] : [...this.workerStores];
  }

  result(mode: ReadManyResult['mode']): ReadManyResult {
    const sources: SubmissionSource[] = [];
    const checks = new Map<string, readonly Finding[]>();
    this.sources.forEach((src, i) => {
      if (!src) return;
      sources.push(src);
      if (this.checks[i]) checks.set(src.head.file, this.checks[i]!);
    });
    return { sources, findings: this.findings.flat(), checks, mode, close: closerOf(this.stores()) };
  }
}

/**
 * Made outside the collector: a closure keeps its whole scope, and `close` lives as long as the
 * admitted submissions may be loaded (the whole rollup); it must not keep every source's digest.
 */
function closerOf(stores: SubmissionStore[]): () => void {
  return () => {
    for (const store of stores) store.close();
  };
}

export async function readSubmissionFiles(files: readonly FileToRead[], options: ReadManyOptions = {}): Promise<ReadManyResult> {
  const env = Number(process.env.STI_READ_WORKERS);
  const workers =
    options.workers ?? (Number.isInteger(env) && env >= 0 && process.env.STI_READ_WORKERS ? env : files.length >= 1000 ? 2 : 0);
  if (workers > 0) {
    try {
      return await readWithWorkers(files, workers, options.onProgress);
    } catch {
      // Workers unavailable (e.g. a runtime that cannot load the worker module): read inline.
    }
  }
  const collector = new Collector(files);
  files.forEach((f, i) => {
    collector.add(i, readHere(f));
    options.onProgress?.(i + 1, files.length);
  });
  return collector.result('inline');
}

const ignore = (): void => {};

/** A file for a reading worker. */
export interface ReadJob {
  id: number;
  path: string;
  name: string;
}

/** A worker's answer for one file: its packed result, checks and digest, or the error that stopped it. */
export interface ReadReply {
  id: number;
  read?: ReadForAdmission;
  /** Where the worker kept the file in its store (`read.stored` is then empty, and so is the digest's USCC text when kept). */
  kept?: KeptInStore;
  error?: string;
}

/** Where a file's bytes are in a store: its packed submission, and its digest's USCC text (null: in the digest). */
export interface KeptInStore {
  submission: StoredAt;
  usccs: KeptText | null;
}

export interface KeptText {
  at: StoredAt;
  encoding: TextBytes['encoding'];
}

/** Keep a text's bytes in a store: where, or null when it takes no more (the text stays where it was). */
function keepText(store: SubmissionStore, text: TextBytes): KeptText | null {
  const at = keepIn(store, text.bytes);
  return at ? { at, encoding: text.encoding } : null;
}

/** What a reading worker starts with (its workerData). */
export interface ReadWorkerData {
  /** The descriptor of the store the worker appends its files' packed submissions to (none: it sends their bytes). */
  storeFd: number | null;
}

/** Batches handed to each worker ahead of its results. */
const QUEUED_PER_WORKER = 2;
/** Files per message at most (fewer towards the end, so the workers finish together). */
const BATCH = 8;

function readWithWorkers(
  files: readonly FileToRead[],
  n: number,
  onProgress?: (done: number, total: number) => void,
): Promise<ReadManyResult> {
  return new Promise((resolve, reject) => {
    let collector: Collector | null = new Collector(files);
    let next = 0;
    let done = 0;
    let failed = false;
    const pool: Worker[] = [];
    const finish = () => {
      for (const w of pool) {
        // A worker lives on a little after terminate(): its handlers (and through them this read's
        // promise and every submission read) must not live with it.
        w.removeAllListeners();
        w.on('error', ignore);
        void w.terminate();
      }
    };
    const feed = (w: Worker) => {
      if (next >= files.length) return;
      const size = Math.max(1, Math.min(BATCH, Math.floor((files.length - next) / (n * (QUEUED_PER_WORKER + 1)))));
      const jobs: ReadJob[] = [];
      for (const end = Math.min(files.length, next + size); next < end; next++)
        jobs.push({ id: next, path: files[next].path, name: files[next].name });
      w.postMessage(jobs);
    };
    const spawn = workerFactory();
    for (let k = 0; k < Math.min(n, files.length); k++) {
      const store = collector.storeForWorker();
      let w: Worker;
      try {
        w = spawn({ storeFd: store?.descriptorForWriter() ?? null });
      } catch (e) {
        // No worker could be started: the caller reads inline, with stores of its own.
        failed = true;
        finish();
        collector.close();
        collector = null;
        reject(e);
        return;
      }
      pool.push(w);
      w.on('message', (replies: ReadReply[]) => {
        if (!collector) return;
        for (const msg of replies) {
          if (!msg.read) collector.add(msg.id, readHere(files[msg.id]));
          else collector.add(msg.id, msg.read, store, msg.kept);
        }
        done += replies.length;
        onProgress?.(done, files.length);
        if (done === files.length) {
          finish();
          const out = collector.result('workers');
          // The workers' handlers live on a little after terminate(): they must not keep this read's sources.
          collector = null;
          resolve(out);
        } else feed(w);
      });
      w.on('error', (e) => {
        if (failed) return;
        failed = true;
        finish();
        collector?.close();
        collector = null;
        reject(e);
      });
      // A few files queued per worker, so it does not wait for this thread between files.
      for (let q = 0; q < QUEUED_PER_WORKER; q++) feed(w);
    }
    if (files.length === 0) {
      resolve(collector.result('workers'));
      collector = null;
    }
  });
}

/**
 * Workers run the reader module itself. From compiled JavaScript, the .js worker module directly.
 * From TypeScript sources (tsx), the worker and what it imports are bundled once per process by
 * esbuild (tsx's own compiler, already installed) into one plain script, so a worker starts
 * without tsx's module hooks (a fixed cost of a few tenths of a second per worker); when esbuild
 * is not there, a worker registers tsx's loader and imports the .ts module.
 */
function workerFactory(): (workerData: ReadWorkerData) => Worker {
  if (!import.meta.url.endsWith('.ts')) {
    const url = new URL('./rollup-read-worker.js', import.meta.url);
    return (workerData) => new Worker(url, { workerData });
  }
  const entry = fileURLToPath(new URL('./rollup-read-worker.ts', import.meta.url));
  const bundled = bundledWorker(entry);
  if (bundled !== null) return (workerData) => new Worker(bundled, { eval: true, workerData });
  const workerUrl = pathToFileURL(entry).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `(async () => { const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(workerUrl)}); })();`;
  return (workerData) => new Worker(boot, { eval: true, workerData });
}

let workerScript: string | null | undefined;

/** Where the bundled worker is kept between runs, with the sources it was built from (path → mtime and size). */
const WORKER_CACHE = join(tmpdir(), `sti-rollup-cache-${process.getuid?.() ?? 'user'}`, 'rollup-read-worker.json');

interface CachedWorker {
  inputs: Record<string, [mtimeMs: number, size: number]>;
  code: string;
}

const stamp = (path: string): [number, number] | null => {
  try {
    const st = statSync(path);
    return [st.mtimeMs, st.size];
  } catch {
    return null;
  }
};

/**
 * The worker module and its imports as one CommonJS script (null when esbuild cannot be loaded).
 * Bundling takes most of a second, so the script is kept in the temporary folder and used again
 * while none of the source files it was built from has changed.
 */
function bundledWorker(entry: string): string | null {
  if (workerScript !== undefined) return workerScript;
  try {
    const cached = JSON.parse(readFileSync(WORKER_CACHE, 'utf8')) as CachedWorker;
    const fresh = Object.entries(cached.inputs).every(([path, [mtime, size]]) => {
      const now = stamp(path);
      return now !== null && now[0] === mtime && now[1] === size;
    });
    if (fresh && cached.inputs[entry] && typeof cached.code === 'string') return (workerScript = cached.code);
  } catch {
    // No cache yet, or unreadable: build.
  }
  try {
    const require = createRequire(import.meta.url);
    const esbuild = require('esbuild') as typeof import('esbuild');
    const out = esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      metafile: true,
      absWorkingDir: dirname(entry),
      logLevel: 'silent',
    });
    workerScript = out.outputFiles[0].text;
    try {
      const inputs: CachedWorker['inputs'] = {};
      for (const rel of Object.keys(out.metafile.inputs)) {
        const path = resolvePath(dirname(entry), rel);
        const st = stamp(path);
        if (st) inputs[path] = st;
      }
      mkdirSync(dirname(WORKER_CACHE), { recursive: true });
      const tmp = `${WORKER_CACHE}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ inputs, code: workerScript } satisfies CachedWorker));
      renameSync(tmp, WORKER_CACHE);
    } catch {
      // A cache that cannot be written only costs the next run the bundling again.
    }
  } catch {
    workerScript = null;
  }
  return workerScript;
}
