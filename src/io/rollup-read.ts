/**
 * Reading many submission files for a rollup: one file at a time (bytes dropped as soon as
 * the Submission is built, so 10,000 files do not sit in memory), optionally on a small
 * worker_threads pool. Results come back in input order whatever the pool did.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Finding, Submission } from '../core/types.js';
import { readSubmissionFile, type ReadSubmissionResult } from './submission.js';

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
  /** One per readable submission, in input order. */
  submissions: Submission[];
  /** Reading findings (unreadable files, unrecognised cells…), in input order. */
  findings: Finding[];
  /** How the files were read (for benchmarks). */
  mode: 'inline' | 'workers';
}

function readOne(f: FileToRead): ReadSubmissionResult {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(f.path));
  } catch (e) {
    return {
      submission: null,
      findings: [
        {
          severity: 'error',
          code: 'FILE_UNREADABLE',
          message: `文件无法打开：${e instanceof Error ? e.message : String(e)}`,
          file: f.name,
        },
      ],
    };
  }
  return readSubmissionFile(bytes, f.name);
}

function collect(results: ReadSubmissionResult[], mode: ReadManyResult['mode']): ReadManyResult {
  const submissions: Submission[] = [];
  const findings: Finding[] = [];
  for (const r of results) {
    if (r.submission) submissions.push(r.submission);
    findings.push(...r.findings);
  }
  return { submissions, findings, mode };
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
  const results: ReadSubmissionResult[] = [];
  files.forEach((f, i) => {
    results.push(readOne(f));
    options.onProgress?.(i + 1, files.length);
  });
  return collect(results, 'inline');
}

function readWithWorkers(
  files: readonly FileToRead[],
  n: number,
  onProgress?: (done: number, total: number) => void,
): Promise<ReadManyResult> {
  return new Promise((resolve, reject) => {
    const results: ReadSubmissionResult[] = new Array(files.length);
    let next = 0;
    let done = 0;
    let failed = false;
    const pool: Worker[] = [];
    const finish = () => {
      for (const w of pool) void w.terminate();
    };
    const feed = (w: Worker) => {
      if (next >= files.length) return;
      const id = next++;
      w.postMessage({ id, path: files[id].path, name: files[id].name });
    };
    const spawn = workerFactory();
    for (let k = 0; k < Math.min(n, files.length); k++) {
      const w = spawn();
      pool.push(w);
      w.on('message', (msg: { id: number; result?: ReadSubmissionResult; error?: string }) => {
        results[msg.id] = msg.result ?? readOne(files[msg.id]);
        done++;
        onProgress?.(done, files.length);
        if (done === files.length) {
          finish();
          resolve(collect(results, 'workers'));
        } else feed(w);
      });
      w.on('error', (e) => {
        if (failed) return;
        failed = true;
        finish();
        reject(e);
      });
      feed(w);
    }
    if (files.length === 0) resolve(collect([], 'workers'));
  });
}

/**
 * Workers run the reader module itself. Run from TypeScript sources (tsx), a worker first
 * registers tsx's loader, then imports the .ts worker module; from compiled JavaScript, the
 * .js module directly.
 */
function workerFactory(): () => Worker {
  if (!import.meta.url.endsWith('.ts')) {
    const url = new URL('./rollup-read-worker.js', import.meta.url);
    return () => new Worker(url);
  }
  const workerUrl = new URL('./rollup-read-worker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `(async () => { const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(workerUrl)}); })();`;
  return () => new Worker(boot, { eval: true });
}
