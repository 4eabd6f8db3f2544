/**
 * Where `sti rollup`'s time goes: the same library calls the command makes (read + validate +
 * roll up, write the rollup workbook, write the --json), timed one by one in one process.
 * `--no-workbook` is `sti rollup --json` without `--out` (the rollup's computing part alone, with
 * output comparable to the peer's): each district becomes JSON as it is rolled up (rollupFilesToJson).
 *
 *   tsx bench/ours-phases.ts <DIR> <REGISTER> [--no-workbook]
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rollupFiles, rollupFilesToJson, writeRollupJson, type RollupRunOutput } from '../src/cli/commands/rollup.js';
import type { CliIO } from '../src/cli/io.js';
import { limitHeapGrowth } from '../src/cli/heap.js';
import { writeRollupWorkbook } from '../src/io/rollup-xlsx.js';

const [dir, register] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const noWorkbook = process.argv.includes('--no-workbook');
// As `sti rollup --json` without --out does (src/cli/heap.ts); the rollup with its workbook does not.
if (noWorkbook) limitHeapGrowth();
if (!dir || !register) {
  console.error('usage: tsx bench/ours-phases.ts <DIR> <REGISTER> [--no-workbook]');
  process.exit(2);
}
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.xlsx'))
  .map((f) => resolve(join(dir, f)));
const io: CliIO = { cwd: process.cwd(), out: () => {}, err: () => {}, isTTY: false };
const phases: Record<string, number> = {};
const rssMB: Record<string, number> = {};
let t = performance.now();
const lap = (name: string) => {
  const now = performance.now();
  phases[name] = (now - t) / 1000;
  rssMB[name] = Math.round(process.memoryUsage().rss / 1048576);
  t = now;
};
let workbookBytes = 0;
let run: RollupRunOutput;
let close = () => {};
if (noWorkbook) {
  const spooled = await rollupFilesToJson(files, register, io);
  run = spooled;
  close = spooled.close;
  lap('readValidateRollup');
} else {
  const kept = await rollupFiles(files, register, io);
  run = kept;
  lap('readValidateRollup');
  workbookBytes = (await writeRollupWorkbook(kept.results, { extraFindings: kept.admission.findings, admission: kept.admission })).length;
  lap('writeWorkbook');
}
// As `sti rollup --json` writes it: piece by piece (here counted, not printed).
let jsonBytes = 0;
try {
  writeRollupJson(run, null, (chunk) => (jsonBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length));
} finally {
  close();
}
lap('json');
const used = run.admission.files.filter((f) => f.verdict === 'used').length;
console.log(JSON.stringify({ files: files.length, used, phases, rssMB, workbookBytes, jsonBytes }));
