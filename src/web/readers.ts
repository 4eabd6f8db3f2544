/**
 * How the web page reads submission files: in Web Workers when the browser allows them (the
 * worker's code is inlined in the page, started from a blob: URL), else on the page in slices,
 * yielding between files so the progress bar moves. Both give exactly what the pane's engine
 * reads on its own (the same readSubmissionFile).
 */
import type { FileReader as EngineFileReader } from '../taskpane/engine-impl.js';
import type { ReadReply, ReadRequest } from './read-protocol.js';

export type ReadMode = 'worker' | 'page';

/** Starts `count` workers from the inlined source; null when the browser refuses (e.g. some file:// settings). */
function startWorkers(source: string, count: number): Worker[] | null {
  try {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const workers = Array.from({ length: count }, () => new Worker(url));
    return workers;
  } catch {
    return null;
  }
}

/** Checks that a worker really runs (a refused blob: worker fails with an error event, not an exception). */
function probe(worker: Worker): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 5000);
    worker.onerror = () => {
      clearTimeout(timer);
      resolve(false);
    };
    worker.onmessage = () => {
      clearTimeout(timer);
      resolve(true);
    };
    // An empty file: the reader answers with a finding, which proves the worker runs.
    worker.postMessage({ id: -1, name: 'probe.xlsx', bytes: new Uint8Array(0) } satisfies ReadRequest);
  });
}

/** A reader over workers, file order kept; progress as each file finishes. */
function workerReader(workers: Worker[]): EngineFileReader {
  return async (files, onProgress) => {
    const results: Awaited<ReturnType<EngineFileReader>> = new Array(files.length);
    let next = 0;
    let done = 0;
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= files.length) return resolve();
              const id = next++;
              const f = files[id];
              w.postMessage({ id, name: f.name, bytes: f.bytes } satisfies ReadRequest);
            };
            w.onerror = (e) => reject(new Error(e.message || '读取文件的后台线程出错'));
            w.onmessage = (e: MessageEvent<ReadReply>) => {
              const r = e.data;
              if (r.error !== undefined) return reject(new Error(`无法读取文件“${files[r.id].name}”：${r.error}`));
              results[r.id] = { file: files[r.id].name, submission: r.submission, findings: r.findings };
              done++;
              void Promise.resolve(onProgress(done, files.length, files[r.id].name)).then(send, reject);
            };
            send();
          }),
      ),
    );
    return results;
  };
}

/**
 * The reader to use: workers when they start and answer, else null (the engine then reads on the
 * page, one file per slice). Decided once, at start-up.
 */
export async function chooseReader(workerSource: string | null): Promise<{ mode: ReadMode; reader: EngineFileReader | null }> {
  if (!workerSource || typeof Worker === 'undefined') return { mode: 'page', reader: null };
  const count = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
  const workers = startWorkers(workerSource, count);
  if (!workers) return { mode: 'page', reader: null };
  const ok = (await Promise.all(workers.map(probe))).every(Boolean);
  if (!ok) {
    for (const w of workers) w.terminate();
    return { mode: 'page', reader: null };
  }
  return { mode: 'worker', reader: workerReader(workers) };
}
