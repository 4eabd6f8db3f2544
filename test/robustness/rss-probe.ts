/**
 * Child-process probe: read one file as a submission and report the peak resident memory
 * the read added (process.resourceUsage().maxRSS is the whole-life peak, so the baseline
 * is taken after the modules loaded). Used by memory.test.ts; prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { readSubmissionFile } from '../../src/io/submission.js';

const file = process.argv[2];
const bytes = new Uint8Array(readFileSync(file));
// Warm the code paths on a tiny input so JIT and lazy module state are in the baseline.
readSubmissionFile(new Uint8Array([0x50, 0x4b, 0x05, 0x06]), 'warm.xlsx');
const baselineKb = process.resourceUsage().maxRSS;
const t0 = performance.now();
const r = readSubmissionFile(bytes, file);
const ms = performance.now() - t0;
const peakKb = process.resourceUsage().maxRSS;
const unreadable = r.findings.find((f) => f.code === 'FILE_UNREADABLE');
process.stdout.write(
  JSON.stringify({
    fileMb: bytes.length / 1048576,
    baselineMb: baselineKb / 1024,
    peakMb: peakKb / 1024,
    deltaMb: (peakKb - baselineKb) / 1024,
    ms,
    code: unreadable?.value ?? null,
    message: unreadable?.message ?? null,
  }) + '\n',
);
