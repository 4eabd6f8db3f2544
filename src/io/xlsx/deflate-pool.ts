/**
 * Deflating a big zip entry on a second thread while this one goes on producing its XML (under
 * node only). The writer stays synchronous: chunks go through shared memory to one helper thread
 * that runs node's zlib on them, and this thread only blocks (Atomics.wait) when every slot is
 * still being compressed, or when an entry ends and needs its last chunks back.
 *
 * Each chunk is compressed by the same zlib call with the same options as the single-threaded
 * path (an independent raw deflate segment, sync-flushed, the last one finished), so the bytes
 * are the same either way; only where the work runs changes. When the helper cannot start
 * (no worker_threads, no SharedArrayBuffer) callers compress on their own thread.
 */

/** Slots in flight: enough to keep the helper busy while this thread fills the next one. */
const SLOTS = 3;
/** Control words: [0] chunks submitted; per slot: state, input length, output length, options. */
const HEAD = 1;
const PER_SLOT = 4;
const FREE = 0;
const SUBMITTED = 1;
const DONE = 2;

/** The helper's loop: a plain script (it runs as an eval'd worker, so it needs no module of ours). */
const HELPER = `
const { workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const { ctrl: ctrlBuf, inputs: inBufs, outputs: outBufs, slots } = workerData;
const ctrl = new Int32Array(ctrlBuf);
const inputs = inBufs.map((b) => new Uint8Array(b));
const outputs = outBufs.map((b) => new Uint8Array(b));
let next = 0;
for (;;) {
  while (Atomics.load(ctrl, 0) <= next) Atomics.wait(ctrl, 0, next);
  const slot = next % slots;
  const b = ${HEAD} + slot * ${PER_SLOT};
  const options = ctrl[b + 3];
  try {
    const out = zlib.deflateRawSync(inputs[slot].subarray(0, ctrl[b + 1]), {
      level: options & 0xff,
      finishFlush: options & 0x100 ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    });
    if (out.length > outputs[slot].length) ctrl[b + 2] = -1;
    else {
      outputs[slot].set(out);
      ctrl[b + 2] = out.length;
    }
  } catch {
    ctrl[b + 2] = -1;
  }
  Atomics.store(ctrl, b, ${DONE});
  Atomics.notify(ctrl, b);
  next++;
}
`;

interface WorkerLike {
  unref(): void;
  terminate(): unknown;
  on(event: 'error', listener: (e: unknown) => void): unknown;
}
interface WorkerThreads {
  Worker: new (code: string, options: { eval: true; workerData: unknown }) => WorkerLike;
}

/** What a chunk's compressed bytes are handed to (its entry), and the sync deflate used when the helper fails on it. */
export interface PooledChunk {
  deliver(compressed: Uint8Array): void;
  deflateHere(input: Uint8Array, final: boolean): Uint8Array;
}

export class DeflatePool {
  private readonly ctrl: Int32Array;
  private readonly inputs: Uint8Array[];
  private readonly outputs: Uint8Array[];
  private submitted = 0;
  private collected = 0;
  private readonly waiting: PooledChunk[] = [];
  private worker: WorkerLike | null;

  private constructor(worker: WorkerLike, ctrl: Int32Array, inputs: Uint8Array[], outputs: Uint8Array[]) {
    this.worker = worker;
    this.ctrl = ctrl;
    this.inputs = inputs;
    this.outputs = outputs;
  }

  /** A pool for chunks of up to `chunkBytes`, or null when a helper thread cannot be had here. */
  static start(chunkBytes: number): DeflatePool | null {
    try {
      const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
      const threads = proc?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
      if (!threads?.Worker || typeof SharedArrayBuffer !== 'function') return null;
      const ctrlBuf = new SharedArrayBuffer((HEAD + SLOTS * PER_SLOT) * 4);
      const inBufs = Array.from({ length: SLOTS }, () => new SharedArrayBuffer(chunkBytes));
      // Deflate never grows data by more than a few bytes per 16 KB block; a chunk that would not fit is deflated here.
      const outBufs = Array.from({ length: SLOTS }, () => new SharedArrayBuffer(chunkBytes + (chunkBytes >> 6) + 1024));
      const worker = new threads.Worker(HELPER, {
        eval: true,
        workerData: { ctrl: ctrlBuf, inputs: inBufs, outputs: outBufs, slots: SLOTS },
      });
      // Never the reason the process stays up; a helper that dies leaves its chunks to be deflated here (deflateHere).
      worker.unref();
      worker.on('error', () => {});
      return new DeflatePool(
        worker,
        new Int32Array(ctrlBuf),
        inBufs.map((b) => new Uint8Array(b)),
        outBufs.map((b) => new Uint8Array(b)),
      );
    } catch {
      return null;
    }
  }

  /** Queue `input` (copied; the caller may reuse it at once) to be deflated; results are delivered in submission order. */
  submit(input: Uint8Array, level: number, final: boolean, chunk: PooledChunk): void {
    const slot = this.submitted % SLOTS;
    // The slot's previous chunk (SLOTS submissions ago) must be collected first.
    if (this.submitted - this.collected >= SLOTS) this.collectOne();
    const b = HEAD + slot * PER_SLOT;
    this.inputs[slot].set(input);
    this.ctrl[b + 1] = input.length;
    this.ctrl[b + 2] = 0;
    this.ctrl[b + 3] = (level & 0xff) | (final ? 0x100 : 0);
    Atomics.store(this.ctrl, b, SUBMITTED);
    this.waiting.push(chunk);
    this.submitted++;
    Atomics.store(this.ctrl, 0, this.submitted);
    Atomics.notify(this.ctrl, 0);
  }

  /** Wait for every chunk submitted so far and deliver it. */
  drain(): void {
    while (this.collected < this.submitted) this.collectOne();
  }

  /** Stop the helper (after drain; the pool is not used again). */
  close(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private collectOne(): void {
    const slot = this.collected % SLOTS;
    const b = HEAD + slot * PER_SLOT;
    // A helper that stopped answering (it died) is not waited for forever: its chunk is deflated here.
    while (Atomics.load(this.ctrl, b) === SUBMITTED) if (Atomics.wait(this.ctrl, b, SUBMITTED, 30_000) === 'timed-out') break;
    const chunk = this.waiting.shift()!;
    const length = Atomics.load(this.ctrl, b) === DONE ? this.ctrl[b + 2] : -1;
    const out =
      length >= 0
        ? this.outputs[slot].slice(0, length)
        : chunk.deflateHere(this.inputs[slot].slice(0, this.ctrl[b + 1]), (this.ctrl[b + 3] & 0x100) !== 0);
    Atomics.store(this.ctrl, b, FREE);
    this.collected++;
    chunk.deliver(out);
  }
}
