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

/** How long a chunk may take on the helper before it is taken for dead (a 1 MB chunk takes milliseconds). */
const HELPER_TIMEOUT_MS = 15_000;
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
const { workerData } = process.getBuiltinModule('node:worker_threads');
const zlib = process.getBuiltinModule('node:zlib');
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
  /** The helper stopped answering: it is stopped, and every chunk from then on is deflated on this thread. */
  private dead = false;

  private constructor(
    worker: WorkerLike,
    ctrl: Int32Array,
    inputs: Uint8Array[],
    outputs: Uint8Array[],
    private readonly timeoutMs: number,
  ) {
    this.worker = worker;
    this.ctrl = ctrl;
    this.inputs = inputs;
    this.outputs = outputs;
  }

  /** A pool for chunks of up to `chunkBytes`, or null when a helper thread cannot be had here. `timeoutMs`: for tests. */
  static start(chunkBytes: number, timeoutMs = HELPER_TIMEOUT_MS): DeflatePool | null {
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
        timeoutMs,
      );
    } catch {
      return null;
    }
  }

  /** Queue `input` (copied; the caller may reuse it at once) to be deflated; results are delivered in submission order. */
  submit(input: Uint8Array, level: number, final: boolean, chunk: PooledChunk): void {
    // The slot's previous chunk (SLOTS submissions ago) must be collected first (which may find the helper dead).
    if (!this.dead && this.submitted - this.collected >= SLOTS) this.collectOne();
    if (this.dead) {
      chunk.deliver(chunk.deflateHere(input, final));
      return;
    }
    const slot = this.submitted % SLOTS;
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
    while (this.collected < this.submitted && !this.dead) this.collectOne();
  }

  /** Stop the helper (after drain; the pool is not used again). */
  close(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private collectOne(): void {
    const slot = this.collected % SLOTS;
    const b = HEAD + slot * PER_SLOT;
    while (Atomics.load(this.ctrl, b) === SUBMITTED) {
      if (Atomics.wait(this.ctrl, b, SUBMITTED, this.timeoutMs) !== 'timed-out') continue;
      // A 1 MB chunk takes milliseconds: the helper died or hangs. It is stopped and never read again (a late
      // answer must not land in a reused slot), and this chunk and every one after it is deflated here.
      this.giveUp();
      return;
    }
    const chunk = this.waiting.shift()!;
    const length = this.ctrl[b + 2];
    const out = length >= 0 ? this.outputs[slot].slice(0, length) : chunk.deflateHere(this.inputOf(slot), this.isFinal(slot));
    Atomics.store(this.ctrl, b, FREE);
    this.collected++;
    chunk.deliver(out);
  }

  private inputOf(slot: number): Uint8Array {
    return this.inputs[slot].slice(0, this.ctrl[HEAD + slot * PER_SLOT + 1]);
  }

  private isFinal(slot: number): boolean {
    return (this.ctrl[HEAD + slot * PER_SLOT + 3] & 0x100) !== 0;
  }

  /** Stop the helper and deflate, in order, every chunk still waiting for it (their inputs are still in their slots). */
  private giveUp(): void {
    this.dead = true;
    this.close();
    while (this.collected < this.submitted) {
      const slot = this.collected % SLOTS;
      const chunk = this.waiting.shift()!;
      this.collected++;
      chunk.deliver(chunk.deflateHere(this.inputOf(slot), this.isFinal(slot)));
    }
  }
}
