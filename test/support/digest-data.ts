import type { SubmissionDigest } from '../../src/core/submission-source.js';

/** A digest with its USCCs read out (its `usccs` is a function, which no two digests share), to compare as data. */
export function digestAsData(d: SubmissionDigest): Omit<SubmissionDigest, 'usccs'> & { usccs: ReturnType<SubmissionDigest['usccs']> } {
  return { ...d, usccs: d.usccs() };
}
