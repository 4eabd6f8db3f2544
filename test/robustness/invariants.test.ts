/**
 * Invariants (issue 7 §3, product.md §8): source files are byte-identical after every
 * command; re-running rollup or rank gives byte-identical JSON and .xlsx; an output path
 * that is one of the sources is refused rather than written over.
 *
 * "Generated sheets never replace user sheets" inside Excel is tested against the
 * in-memory Office.js workbook in test/excel/adapter.test.ts ("never overwrites an existing
 * sheet: writes "名称 (2)"…", "replaces a sheet only when asked…", "writes text that looks
 * like a formula or a number as text"); not repeated here.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus, writeCorpus } from './corpus.js';
import { sti } from './cli-run.js';

const work = mkdtempSync(join(tmpdir(), 'sti-invariants-'));
const demo = join(work, 'demo');
const corpusDir = join(work, 'corpus');
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

let reports: string;
let register: string;
let previous: string;

beforeAll(async () => {
  const r = await sti(['demo', '--out', demo]);
  expect(r.code, r.err).toBe(0);
  reports = join(demo, '报表');
  register = join(demo, '单位名录.xlsx');
  previous = readdirSync(demo)
    .map((n) => join(demo, n))
    .find((p) => /上年/.test(p))!;
  expect(existsSync(reports) && existsSync(register) && previous).toBeTruthy();
  writeCorpus(corpusDir, await buildCorpus({ heavy: false }));
}, 120_000);

describe('source files are never modified', () => {
  it('validate, rollup and rank leave every demo source byte-identical', async () => {
    const before = hashes(demo);
    expect(before.size).toBeGreaterThan(20);
    const out = join(work, 'out1');
    expect((await sti(['validate', reports, '--register', register, '--json'])).code).toBeLessThan(2);
    const ru = await sti(['rollup', reports, '--register', register, '--out', join(out, 'rollup.xlsx'), '--json']);
    expect([0, 1], ru.err).toContain(ru.code);
    const rk = await sti(['rank', join(out, 'rollup.xlsx'), '--previous', previous, '--out', join(out, 'rank.xlsx'), '--json']);
    expect([0, 1], rk.err).toContain(rk.code);
    expect(hashes(demo)).toEqual(before);
  });

  it('validate, rollup and rank leave every hostile corpus file byte-identical', async () => {
    const before = hashes(corpusDir);
    expect(before.size).toBeGreaterThan(60);
    await sti(['validate', corpusDir, '--json']);
    await sti(['rollup', corpusDir, '--out', join(work, 'out-corpus', 'rollup.xlsx'), '--json']);
    await sti(['rank', corpusDir, '--out', join(work, 'out-corpus', 'rank.xlsx'), '--json']);
    expect(hashes(corpusDir)).toEqual(before);
  });

  it('an --out that names one of the sources is refused and the source stays as it was', async () => {
    const src = readdirSync(reports)
      .map((n) => join(reports, n))
      .find((p) => p.endsWith('.xlsx'))!;
    const before = createHash('sha256').update(readFileSync(src)).digest('hex');
    const r = await sti(['rollup', reports, '--register', register, '--out', src, '--json']);
    expect(createHash('sha256').update(readFileSync(src)).digest('hex'), 'rollup wrote over a source submission').toBe(before);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/[\u4e00-\u9fff]/);

    const rollup = join(work, 'out-src', 'rollup.xlsx');
    await sti(['rollup', reports, '--register', register, '--out', rollup]);
    const rb = createHash('sha256').update(readFileSync(rollup)).digest('hex');
    const rk = await sti(['rank', rollup, '--out', rollup, '--json']);
    expect(createHash('sha256').update(readFileSync(rollup)).digest('hex'), 'rank wrote over its input').toBe(rb);
    expect(rk.code).toBe(2);

    // Last year's ranking is a source too.
    const pb = createHash('sha256').update(readFileSync(previous)).digest('hex');
    const rp = await sti(['rank', rollup, '--previous', previous, '--out', previous, '--json']);
    expect(createHash('sha256').update(readFileSync(previous)).digest('hex'), 'rank wrote over last year’s ranking').toBe(pb);
    expect(rp.code).toBe(2);

    // An input found by walking a directory is a source as well (unless it is this command's own earlier output).
    const rd = await sti(['rank', join(work, 'out-src'), '--out', rollup, '--json']);
    expect(createHash('sha256').update(readFileSync(rollup)).digest('hex'), 'rank wrote over a rollup in its input directory').toBe(rb);
    expect(rd.code).toBe(2);
  });

  it('re-running rank with its output inside the input directory still works (its own earlier output is not a source)', async () => {
    const d = join(work, 'rerun-dir');
    await sti(['rollup', reports, '--register', register, '--out', join(d, 'rollup.xlsx')]);
    const a = await sti(['rank', d, '--out', join(d, 'rank.xlsx'), '--json']);
    expect(a.code, a.err).toBeLessThan(2);
    const b = await sti(['rank', d, '--out', join(d, 'rank.xlsx'), '--json']);
    expect(b.code, b.err).toBe(a.code);
    expect(b.out).toBe(a.out);
  });
});

describe('re-running is idempotent', () => {
  // The same command run twice (same --out: the JSON names the output file) gives the same bytes.
  it('rollup twice: byte-identical JSON and byte-identical .xlsx', async () => {
    const out = join(work, 'again', 'rollup.xlsx');
    const args = ['rollup', reports, '--register', register, '--out', out, '--json'];
    const a = await sti(args);
    const first = readFileSync(out);
    const b = await sti(args);
    expect(a.out.length).toBeGreaterThan(100);
    expect(b.out).toBe(a.out);
    expect(Buffer.compare(readFileSync(out), first)).toBe(0);
  });

  it('rank twice (with last year’s ranking): byte-identical JSON and byte-identical .xlsx', async () => {
    const rollup = join(work, 'again', 'rollup.xlsx');
    if (!existsSync(rollup)) await sti(['rollup', reports, '--register', register, '--out', rollup]);
    const out = join(work, 'again', 'rank.xlsx');
    const args = ['rank', rollup, '--previous', previous, '--method', 'dense', '--out', out, '--json'];
    const a = await sti(args);
    const first = readFileSync(out);
    const b = await sti(args);
    expect(a.out.length).toBeGreaterThan(100);
    expect(b.out).toBe(a.out);
    expect(Buffer.compare(readFileSync(out), first)).toBe(0);
  });

  it('validate twice on the hostile corpus: byte-identical JSON', async () => {
    const a = await sti(['validate', corpusDir, '--json']);
    const b = await sti(['validate', corpusDir, '--json']);
    expect(b.out).toBe(a.out);
  });
});
