/** Worker for reading submission files in parallel: path in, {submission, findings} out. */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { readSubmissionFile } from './submission.js';

parentPort?.on('message', (job: { id: number; path: string; name: string }) => {
  try {
    const result = readSubmissionFile(new Uint8Array(readFileSync(job.path)), job.name);
    parentPort!.postMessage({ id: job.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
