/**
 * Worker for reading submission files in parallel: path in; out, the reading findings, the head,
 * checks and digest admission needs, and where it kept the packed submission, serialized, and its
 * digest's USCCs in its store (submission-store.ts `StoreWriter`); when it has no store or the disk
 * takes no more, the serialized bytes themselves (transferred, not copied) and the USCCs in the digest.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readSubmissionFile } from './submission.js';
import { packForAdmission, usccTextBytes, withoutText } from './submission-pack.js';
import { StoreWriter } from './submission-store.js';
import type { ReadJob, ReadReply, ReadWorkerData } from './rollup-read.js';

const storeFd = (workerData as ReadWorkerData | undefined)?.storeFd;
const writer = typeof storeFd === 'number' ? new StoreWriter(storeFd) : null;
const NOTHING = new Uint8Array(0);

/** One file: its packed result and checks, or why the worker could not read it (the main thread then reads it itself). */
function readJob(job: ReadJob, transfer: ArrayBuffer[]): ReadReply {
  try {
    // The checks on its own figures and its digest are made here too: the admitting thread neither makes
    // them after every file is in nor unpacks the submission, which waits packed on disk.
    const read = packForAdmission(readSubmissionFile(new Uint8Array(readFileSync(job.path)), job.name));
    if (!read.head) return { id: job.id, read };
    const at = writer?.put(read.stored);
    if (at) {
      // Its USCCs too: the main thread holds each file's digest until admission, and the codes are most of it.
      const usccs = read.digest.usccs;
      const text = usccs.count > 0 ? usccTextBytes(usccs) : null;
      const textAt = text ? writer!.put(text.bytes) : null;
      const digest = textAt ? { ...read.digest, usccs: withoutText(usccs) } : read.digest;
      const kept = { submission: at, usccs: textAt ? { at: textAt, encoding: text!.encoding } : null };
      return { id: job.id, read: { ...read, stored: NOTHING, digest }, kept };
    }
    // Transferred when the bytes are their buffer's only content (V8's serializer gives them one of their own).
    const stored = read.stored;
    if (stored.byteOffset === 0 && stored.byteLength === stored.buffer.byteLength) transfer.push(stored.buffer as ArrayBuffer);
    return { id: job.id, read };
  } catch (e) {
    return { id: job.id, error: e instanceof Error ? e.message : String(e) };
  }
}

// A few files per message each way: a message has a fixed cost (thousands of files, thousands of messages).
parentPort?.on('message', (jobs: ReadJob[]) => {
  const transfer: ArrayBuffer[] = [];
  const replies = jobs.map((job) => readJob(job, transfer));
  try {
    parentPort!.postMessage(replies, transfer);
  } catch (e) {
    // A result that cannot be sent (it could not be cloned): each of these files is read by the main thread instead.
    const error = e instanceof Error ? e.message : String(e);
    parentPort!.postMessage(jobs.map((job) => ({ id: job.id, error }) satisfies ReadReply));
  }
});
