/** Worker for reading submission files in parallel: path in, the packed {submission, findings} out (submission-pack.ts). */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { readSubmissionFile } from './submission.js';
import { packResult } from './submission-pack.js';

parentPort?.on('message', (job: { id: number; path: string; name: string }) => {
  try {
    const { message, transfer } = packResult(readSubmissionFile(new Uint8Array(readFileSync(job.path)), job.name));
    parentPort!.postMessage({ id: job.id, message }, transfer);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
