/**
 * Bounded memory on the size attacks, measured in a fresh process each (peak RSS is
 * per-process): a zip bomb, a 100 MB sheet, 1,048,576 rows, too many cells. Each is
 * refused with its typed read error while the peak stays far below what inflating it
 * would take.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCorpus, writeCorpus } from './corpus.js';

/**
 * Peak memory a refused file may add. Refused from its declared sizes or while inflating
 * (the bombs inflate to 200 MB): well under the 64 MB part limit. Refused while parsing a
 * part that is within the limits (1,048,576 rows is a 45 MB part): the part's bytes, its
 * text and the rows read before the limit, bounded by a few times the 64 MB part limit.
 */
export const PEAK_LIMIT_MB: Record<string, number> = { TOO_LARGE: 64, TOO_MANY_ROWS: 256, TOO_MANY_CELLS: 256, CORRUPT: 64 };

const ROOT = join(import.meta.dirname, '..', '..');
const cases = (await buildCorpus()).filter((c) => c.cls === '压缩炸弹/超大文件');
const dir = mkdtempSync(join(tmpdir(), 'sti-rss-'));
const paths = writeCorpus(dir, cases);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('size attacks: refused with a message, in bounded memory (fresh process each)', () => {
  it.each(cases.filter((c) => c.readError !== undefined).map((c) => [c.id, c] as const))('%s', (id, c) => {
    const p = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/robustness/rss-probe.ts'), paths.get(id)![0]], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(p.error).toBeUndefined();
    expect(p.stderr).not.toMatch(/^\s+at /m);
    const r = JSON.parse(p.stdout.trim().split('\n').pop()!) as {
      fileMb: number;
      deltaMb: number;
      peakMb: number;
      ms: number;
      code: string;
      message: string;
    };
    const codes = Array.isArray(c.readError) ? c.readError : [c.readError];
    expect(codes, JSON.stringify(r)).toContain(r.code);
    expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    expect(r.deltaMb, `${id}: ${JSON.stringify(r)}`).toBeLessThan(PEAK_LIMIT_MB[r.code]);
    console.log(`${id}: ${r.code} in ${Math.round(r.ms)} ms, peak +${Math.round(r.deltaMb)} MB (file ${r.fileMb.toFixed(2)} MB)`);
    expect(r.ms, `${id}: ${JSON.stringify(r)}`).toBeLessThan(5000);
  });
});
