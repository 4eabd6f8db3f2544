/**
 * The web page's file reader in a Web Worker: bytes in, {submission, findings} out, so a batch
 * of a thousand files does not freeze the page. Same reader as the CLI and the pane.
 */
import { readSubmissionFile } from '../io/submission.js';
import type { ReadRequest, ReadReply } from './read-protocol.js';

const scope = self as unknown as { onmessage: ((e: MessageEvent<ReadRequest>) => void) | null; postMessage(m: ReadReply): void };

scope.onmessage = (e) => {
  const job = e.data;
  try {
    const r = readSubmissionFile(job.bytes, job.name);
    scope.postMessage({ id: job.id, submission: r.submission, findings: r.findings });
  } catch (err) {
    scope.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
};
