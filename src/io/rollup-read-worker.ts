/** Worker for reading submission files in parallel: path in, the packed {submission, findings} (submission-pack.ts) and the checks on its figures out. */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { submissionChecks } from '../core/admit.js';
import { readSubmissionFile } from './submission.js';
import { packResult } from './submission-pack.js';

parentPort?.on('message', (job: { id: number; path: string; name: string }) => {
  try {
    const read = readSubmissionFile(new Uint8Array(readFileSync(job.path)), job.name);
    // The checks on its own figures are made here too, so the admitting thread does not make them after every file is in.
    const checks = read.submission ? submissionChecks(read.submission, read.findings) : undefined;
    const { message, transfer } = packResult(read);
    parentPort!.postMessage({ id: job.id, message, checks }, transfer);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
