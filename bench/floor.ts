/**
 * The floor: what any tool must at least do with the same files — read each file, inflate its
 * worksheets and shared strings, and scan their XML (count the cells) — with no interpretation
 * at all. One file at a time, one thread: the lower bound the rollup is compared with.
 *
 *   tsx bench/floor.ts <DIR>        # prints {"files":…, "cells":…, "strings":…, "seconds":…}
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';

const CELL = Buffer.from('<c ');
const STRING = Buffer.from('<si>');

function count(data: Uint8Array, needle: Buffer): number {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let n = 0;
  for (let i = b.indexOf(needle); i >= 0; i = b.indexOf(needle, i + needle.length)) n++;
  return n;
}

export function scanDir(dir: string): { files: number; cells: number; strings: number; bytes: number } {
  let files = 0;
  let cells = 0;
  let strings = 0;
  let bytes = 0;
  for (const name of readdirSync(dir).sort()) {
    if (!name.toLowerCase().endsWith('.xlsx')) continue;
    const zip = readFileSync(join(dir, name));
    bytes += zip.length;
    const parts = unzipSync(new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength), {
      filter: (f) => f.name.startsWith('xl/worksheets/sheet') || f.name === 'xl/sharedStrings.xml',
    });
    for (const [part, data] of Object.entries(parts)) {
      if (part === 'xl/sharedStrings.xml') strings += count(data, STRING);
      else cells += count(data, CELL);
    }
    files++;
  }
  return { files, cells, strings, bytes };
}

const invokedDirectly = process.argv[1] && /bench[\\/]floor\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: tsx bench/floor.ts <DIR>');
    process.exit(2);
  }
  const t0 = performance.now();
  const r = scanDir(dir);
  console.log(JSON.stringify({ ...r, seconds: (performance.now() - t0) / 1000 }));
}
