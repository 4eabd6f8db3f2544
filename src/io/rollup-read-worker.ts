/**
 * Worker for reading submission files in parallel: path in; out, the reading findings, the head,
 * checks and digest admission needs, and the packed submission serialized for the temporary file
 * (submission-pack.ts), its bytes transferred, not copied.
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { readSubmissionFile } from './submission.js';
import { packForAdmission } from './submission-pack.js';
import type { ReadJob, ReadReply } from './rollup-read.js';

/** One file: its packed result and checks, or why the worker could not read it (the main thread then reads it itself). */
function readJob(job: ReadJob, transfer: ArrayBuffer[]): ReadReply {
  try {
    // The checks on its own figures and its digest are made here too: the admitting thread neither makes
    // them after every file is in nor unpacks the submission, which waits packed on disk.
    const read = packForAdmission(readSubmissionFile(new Uint8Array(readFileSync(job.path)), job.name));
    // Transferred when the bytes are their buffer's only content (V8's serializer gives them one of their own).
    const stored = read.head ? read.stored : null;
    if (stored && stored.byteOffset === 0 && stored.byteLength === stored.buffer.byteLength) transfer.push(stored.buffer as ArrayBuffer);
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
