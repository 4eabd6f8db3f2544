/**
 * Reading many submission files: a worker pool gives exactly what reading inline gives, in input
 * order, and each submission kept on disk loads back equal to what the reader read.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgress, displayWidth, textTable } from '../../src/cli/progress.js';
import { buildDemoData } from '../../src/core/demo.js';
import { writeDemoFiles } from '../../src/io/demo.js';
import { submissionChecks } from '../../src/core/admit.js';
import { packedAt, submissionDigest } from '../../src/core/submission-source.js';
import { digestAsData } from '../support/digest-data.js';
import type { Submission } from '../../src/core/types.js';
import { readSubmissionFiles, type ReadManyResult } from '../../src/io/rollup-read.js';
import { readSubmissionFile } from '../../src/io/submission.js';

describe('readSubmissionFiles', () => {
  it('workers and inline reading agree; unreadable files are findings, not crashes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sti-read-'));
    const data = buildDemoData();
    data.submissions = data.submissions.slice(0, 12);
    // Codes as some files have them (kept in the store as two bytes a character): Chinese, and outside the BMP.
    const listing = data.submissions.find((x) => x.enterprises.length >= 2)!;
    listing.enterprises[0].uscc = '统一代码待补';
    listing.enterprises[1].uscc = '9144𠀋0300MA5F0000';
    const written = await writeDemoFiles(data, dir);
    const files = [...written.submissions, join(dir, 'missing.xlsx'), written.register].map((p) => ({ path: p, name: basename(p) }));
    const ticks: number[] = [];
    const inline = await readSubmissionFiles(files, { workers: 0, onProgress: (d) => ticks.push(d) });
    const pooledTicks: number[] = [];
    const pooled = await readSubmissionFiles(files, { workers: 2, onProgress: (d) => pooledTicks.push(d) });
    // Workers answer a few files per message: progress rises by batches to every file.
    expect(pooledTicks.at(-1)).toBe(files.length);
    expect(pooledTicks.every((d, i) => i === 0 || d > pooledTicks[i - 1])).toBe(true);
    expect(inline.mode).toBe('inline');
    expect(pooled.mode).toBe('workers');
    expect(ticks).toEqual(files.map((_, i) => i + 1));
    expect(inline.sources.map((s) => s.head.unit.code)).toEqual(data.submissions.map((s) => s.unit.code));
    // What the reader gives for each file, read here directly.
    const direct = written.submissions.map((p) => readSubmissionFile(new Uint8Array(readFileSync(p)), basename(p)));
    const subs = direct.map((r) => r.submission as Submission);
    const loaded = (r: ReadManyResult) => r.sources.map((s) => s.load());
    expect(loaded(inline)).toEqual(subs);
    expect(loaded(pooled)).toEqual(subs);
    // Loaded again: a new copy each time, equal again.
    expect(pooled.sources[0].load()).not.toBe(pooled.sources[0].load());
    expect(pooled.sources[0].load()).toEqual(subs[0]);
    for (const r of [inline, pooled]) {
      expect(r.sources.map((s) => digestAsData(s.digest))).toEqual(subs.map((s) => digestAsData(submissionDigest(s))));
      expect(r.sources.map((s) => r.checks.get(s.head.file))).toEqual(direct.map((d) => submissionChecks(d.submission!, d.findings)));
      expect(r.sources.map((s) => s.head)).toEqual(subs.map(({ fields: _f, enterprises: _e, ...head }) => head));
    }
    expect(pooled.findings).toEqual(inline.findings);
    const odd = pooled.sources.find((x) => x.head.unit.code === listing.unit.code)!;
    const codes = odd.digest.usccs();
    expect([0, 1].map((i) => packedAt(codes, i))).toEqual(['统一代码待补', '9144𠀋0300MA5F0000']);
    expect(inline.findings.some((f) => f.file === 'missing.xlsx' && f.severity === 'error')).toBe(true);
    // Once closed, the kept submissions are gone: loading says so instead of giving something else.
    inline.close();
    pooled.close();
    expect(() => pooled.sources[0].load()).toThrow('读取缓存已关闭');
  }, 120_000);
});

describe('progress and tables', () => {
  it('draws a bar on a terminal only', () => {
    let err = '';
    const io = { out: () => {}, err: (t: string) => (err += t), isTTY: true, cwd: '.' };
    const p = createProgress(io, '读取报表', 4);
    p.update(4);
    p.done();
    expect(err).toContain('4/4 100%');
    expect(err.endsWith('\n')).toBe(true);
    let quiet = '';
    const q = createProgress({ ...io, isTTY: false, err: (t: string) => (quiet += t) }, 'x', 4);
    q.update(2);
    q.done();
    expect(quiet).toBe('');
  });

  it('aligns Chinese text by display width', () => {
    expect(displayWidth('东湖区')).toBe(6);
    expect(displayWidth('ab')).toBe(2);
    const t = textTable([
      ['区', '值'],
      ['东湖区', '1.5'],
    ]).split('\n');
    expect(displayWidth(t[0].slice(0, t[0].indexOf('值')))).toBe(displayWidth(t[1].slice(0, t[1].indexOf('1.5'))));
    expect(displayWidth(t[0].slice(0, t[0].indexOf('值')))).toBe(8);
  });
});
