/**
 * Shared CLI plumbing (src/cli/args.ts, src/cli/files.ts): every command names a bad option in
 * Chinese, refuses an --out that is one of its sources, and writes its output in one rename.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSubmission } from '../../src/io/template.js';
import { baseSubmission } from '../fixtures/submissions.js';
import { sti } from './cli-run.js';

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sti-out-'));
  mkdirSync(join(dir, 'in'));
  writeFileSync(join(dir, 'in', '东华门街道.xlsx'), await writeSubmission(baseSubmission()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sti commands share one option parser', () => {
  it.each(['template', 'validate', 'rollup', 'rank', 'demo'])('sti %s --bogus: exit 2, the option named in Chinese', async (cmd) => {
    const where = cmd === 'template' ? ['park'] : cmd === 'demo' ? [] : ['in'];
    const r = await sti([cmd, ...where, ...(cmd === 'validate' ? [] : ['--out', 'x.xlsx']), '--bogus'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('未知选项 --bogus');
    expect(r.err).toContain(`sti ${cmd} --help`);
  });
});

describe('an --out over a source is refused, sources unchanged', () => {
  it('rollup: --out is a submission or the register', async () => {
    const src = join(dir, 'in', '东华门街道.xlsx');
    const before = sha(src);
    const r = await sti(['rollup', 'in', '--out', 'in/东华门街道.xlsx'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('是输入的报表或名录文件，写入会覆盖源文件');
    expect(sha(src)).toBe(before);
  });

  it('rank: --out is the --previous file, or an input that is not a ranking workbook; a ranking workbook may be replaced', async () => {
    expect((await sti(['rollup', 'in', '--out', 'out/rollup.xlsx'], dir)).code).toBeLessThan(2);
    expect((await sti(['rank', 'out/rollup.xlsx', '--out', 'out/rank.xlsx'], dir)).code).toBe(0);
    const prev = await sti(['rank', 'out/rollup.xlsx', '--previous', 'out/rank.xlsx', '--out', 'out/rank.xlsx'], dir);
    expect([prev.code, prev.err]).toEqual([2, expect.stringContaining('是上年排名文件（--previous），写入会覆盖源文件')]);
    const rollupSha = sha(join(dir, 'out', 'rollup.xlsx'));
    const over = await sti(['rank', 'out/rollup.xlsx', '--out', 'out/rollup.xlsx'], dir);
    expect([over.code, over.err]).toEqual([2, expect.stringContaining('是输入的文件之一（不是排名工作簿）')]);
    expect(sha(join(dir, 'out', 'rollup.xlsx'))).toBe(rollupSha);
    // Re-running over an earlier ranking workbook in the input folder replaces it.
    expect((await sti(['rank', 'out', '--out', 'out/rank.xlsx'], dir)).code).toBe(0);
  });
});

describe('writing the output', () => {
  it('creates the folder (rollup, rank), replaces in one rename and leaves no temporary file', async () => {
    expect((await sti(['rollup', 'in', '--out', 'deep/er/r.xlsx'], dir)).code).toBeLessThan(2);
    expect(existsSync(join(dir, 'deep', 'er', 'r.xlsx'))).toBe(true);
    expect(readdirSync(join(dir, 'deep', 'er'))).toEqual(['r.xlsx']);
  });

  it('a directory in the way: exit 2, no temporary file left, the directory untouched', async () => {
    mkdirSync(join(dir, 'block', 't.xlsx'), { recursive: true });
    const r = await sti(['rollup', 'in', '--out', 'block/t.xlsx'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('无法写入 block/t.xlsx');
    expect(readdirSync(join(dir, 'block'))).toEqual(['t.xlsx']);
    expect(readdirSync(join(dir, 'block', 't.xlsx'))).toEqual([]);
  });
});
