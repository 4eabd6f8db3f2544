/**
 * The CLI on every corpus file (issue 7 §1): `sti validate`, `sti rollup` and `sti rank`
 * end with a Chinese message and exit 1 or 2 (0 where nothing is wrong), never exit 3
 * (internal error) and never a stack trace. Text that looks like a formula stays text in
 * every workbook the CLI writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../../src/core/validate-codes.js';
import { sti } from './cli-run.js';
import { base, buildCorpus, writeCorpus } from './corpus.js';

const ROOT = join(import.meta.dirname, '..', '..');
const cases = await buildCorpus();
const dir = mkdtempSync(join(tmpdir(), 'sti-corpus-'));
const outDir = mkdtempSync(join(tmpdir(), 'sti-corpus-out-'));
const paths = writeCorpus(dir, cases);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

/** A line of a JS stack trace. */
const STACK_FRAME = /^\s+at .+(\(|:\d+:\d+)/m;

function expectCleanExit(r: { code: number; out: string; err: string }, label: string, allowed = [0, 1, 2]) {
  expect(STACK_FRAME.test(r.err), `${label} printed a stack trace:\n${r.err}`).toBe(false);
  expect(STACK_FRAME.test(r.out), `${label} printed a stack trace on stdout`).toBe(false);
  expect(r.err, label).not.toMatch(/程序内部错误/);
  expect(allowed, `${label} exited ${r.code}: ${r.err.slice(0, 400)}`).toContain(r.code);
}

/** Codes that are errors (every code has one severity). */
const isError = (code: string) => (FINDING_CODES as Record<string, { severity: string }>)[code]?.severity === 'error';

describe('sti validate on every corpus case', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (id, c) => {
    const r = await sti(['validate', ...paths.get(id)!, '--json']);
    expectCleanExit(r, `validate ${id}`);
    const json = JSON.parse(r.out) as {
      summary: { errors: number };
      findings: { code: string; severity: string; value?: string; message: string }[];
    };
    // Exit 1 exactly when an error is reported; an unreadable file or an expected error-level defect is one.
    expect(r.code, `validate ${id}`).toBe(json.summary.errors > 0 ? 1 : 0);
    const expectsError = c.readError !== undefined || (c.findings ?? []).some((f) => isError(f.code));
    if (expectsError) expect(r.code, `validate ${id}`).toBe(1);
    if (c.readError !== undefined) {
      const codes = Array.isArray(c.readError) ? c.readError : [c.readError];
      expect(
        json.findings.some((f) => f.code === 'FILE_UNREADABLE' && codes.includes(f.value as never)),
        id,
      ).toBe(true);
    }
    for (const want of c.findings ?? [])
      expect(
        json.findings.map((f) => f.code),
        id,
      ).toContain(want.code);
    for (const s of c.forbidden ?? []) expect(r.out.includes(s), `${id} printed “${s}”`).toBe(false);
  });

  it('the Chinese report (not --json) names each unreadable file and its reason', async () => {
    const unreadable = cases.filter((c) => c.readError !== undefined && !c.heavy);
    const r = await sti(['validate', ...unreadable.map((c) => paths.get(c.id)![0])]);
    expectCleanExit(r, 'validate report', [1]);
    for (const c of unreadable) expect(r.out, c.id).toContain(c.files[0].name);
    expect(r.out).toMatch(/文件无法读取|文件已损坏|不是 \.xlsx|压缩|加密/);
  });
});

describe('sti rollup and sti rank on every corpus case', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (id) => {
    const out = join(outDir, `${id}-rollup.xlsx`);
    const r = await sti(['rollup', ...paths.get(id)!, '--out', out, '--json']);
    expectCleanExit(r, `rollup ${id}`);
    if (r.code === 0 || r.out.trim().startsWith('{')) JSON.parse(r.out);
    const rk = await sti(['rank', ...paths.get(id)!, '--out', join(outDir, `${id}-rank.xlsx`), '--json']);
    expectCleanExit(rk, `rank ${id}`);
  });
});

describe('formula-looking text stays text in every workbook written', () => {
  it('rollup of units and enterprises named =HYPERLINK(…), +…, -…, @…: no <f> carries them; they are strings', async () => {
    const B = await base();
    const hostile = cases.filter((c) => c.keepsText && c.cls === '像公式的文本');
    expect(hostile.length).toBeGreaterThanOrEqual(2);
    const companions = join(dir, 'formula-companions');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(companions, { recursive: true });
    writeFileSync(join(companions, 'township2.xlsx'), B.bytes2);
    writeFileSync(join(companions, 'park.xlsx'), B.parkBytes);
    for (const c of hostile) {
      const out = join(outDir, `${c.id}-formula.xlsx`);
      const r = await sti(['rollup', ...paths.get(c.id)!, companions, '--out', out, '--json']);
      expectCleanExit(r, `rollup ${c.id}`);
      const files = unzipSync(new Uint8Array(readFileSync(out)));
      const xml = Object.entries(files)
        .filter(([n]) => n.endsWith('.xml'))
        .map(([n, b]) => [n, strFromU8(b)] as const);
      const formulas = xml.flatMap(([, x]) => [...x.matchAll(/<f[^>]*>([^<]*)<\/f>/g)].map((m) => m[1]));
      const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const strings = xml.map(([, x]) => x).join('\n');
      for (const t of c.keepsText!) {
        const body = t.replace(/^[=+\-@]/, '');
        expect(
          formulas.filter((f) => f.includes(xmlText(body)) || f.includes(body.replace(/"/g, '&quot;'))),
          `${c.id}: formula made of “${t}”`,
        ).toEqual([]);
      }
      expect(
        formulas.some((f) => /HYPERLINK|cmd\|/i.test(f)),
        `${c.id}: a formula calls HYPERLINK/cmd`,
      ).toBe(false);
      // The names reached the output as text (unit name in the rollup, enterprise names in its list).
      const appeared = c.keepsText!.filter((t) => strings.includes(xmlText(t)) || strings.includes(xmlText(t).replace(/"/g, '&quot;')));
      expect(appeared.length, `${c.id}: none of the hostile names reached the output`).toBeGreaterThan(0);
    }
  });
});

describe('hostile files where the CLI takes a register or last year’s ranking', () => {
  it.each(cases.filter((c) => !c.heavy).map((c) => [c.id, c] as const))('%s as --register / --previous', async (id) => {
    const B = await base();
    const good = join(dir, 'good-for-register.xlsx');
    const { existsSync, writeFileSync } = await import('node:fs');
    if (!existsSync(good)) writeFileSync(good, B.bytes);
    const file = paths.get(id)![0];
    expectCleanExit(await sti(['validate', good, '--register', file, '--json']), `validate --register ${id}`);
    // rollup --register reads the register with the same readRegisterFile as validate.
    expectCleanExit(await sti(['rank', good, '--previous', file, '--out', join(outDir, `${id}-prev.xlsx`)]), `rank --previous ${id}`);
  });
});

describe('sti template with formula-looking unit names', () => {
  it('writes them as text: no <f> in the workbook carries them, and they read back unchanged', async () => {
    const name = '=HYPERLINK("http://127.0.0.1:9/t","点我")';
    const out = join(outDir, 'template-hostile.xlsx');
    const r = await sti(['template', 'township', '--unit', '@990199', '--name', name, '--parent', '+990100', '--out', out]);
    expectCleanExit(r, 'template', [0]);
    const files = unzipSync(new Uint8Array(readFileSync(out)));
    const xml = Object.entries(files)
      .filter(([n]) => n.endsWith('.xml'))
      .map(([, b]) => strFromU8(b))
      .join('\n');
    const formulas = [...xml.matchAll(/<f[^>]*>([^<]*)<\/f>/g)].map((m) => m[1]);
    expect(formulas.filter((f) => /HYPERLINK|990199|990100/.test(f))).toEqual([]);
    const { readSubmissionFile } = await import('../../src/io/submission.js');
    const back = readSubmissionFile(new Uint8Array(readFileSync(out)), 'template-hostile.xlsx');
    expect(back.submission?.unit.name).toBe(name);
    expect(back.submission?.unit.code).toBe('@990199');
    expect(back.submission?.unit.parentCode).toBe('+990100');
  });
});

describe('hostile directories', () => {
  it('a symlink loop, a broken link named .xlsx and a FIFO named .xlsx: reported or skipped, never an internal error or a hang', async () => {
    const { mkdirSync, symlinkSync, writeFileSync } = await import('node:fs');
    const B = await base();
    const d = join(outDir, 'hostile-dir');
    mkdirSync(join(d, 'sub'), { recursive: true });
    writeFileSync(join(d, 'sub', 'good.xlsx'), B.bytes);
    symlinkSync('..', join(d, 'sub', 'loop'));
    symlinkSync('/nonexistent/file.xlsx', join(d, 'broken.xlsx'));
    const fifo = spawnSync('mkfifo', [join(d, 'pipe.xlsx')]);
    for (const cmd of [
      ['validate', d, '--json'],
      ['rollup', d, '--out', join(outDir, 'hostile-dir-rollup.xlsx')],
      ['rank', d, '--out', join(outDir, 'hostile-dir-rank.xlsx')],
    ]) {
      const t0 = performance.now();
      const r = await sti(cmd);
      expectCleanExit(r, cmd[0]);
      expect(performance.now() - t0).toBeLessThan(20_000);
      if (cmd[0] === 'validate') {
        const json = JSON.parse(r.out) as { files: { file: string }[]; findings: { code: string; file: string }[] };
        // The good file is read once (not once per trip round the loop); the broken link is reported.
        expect(json.files.filter((f) => f.file.endsWith('good.xlsx'))).toHaveLength(1);
        expect(json.findings.some((f) => f.code === 'FILE_UNREADABLE' && f.file.endsWith('broken.xlsx'))).toBe(true);
        // A FIFO is never read: at most listed as skipped (提示), never used.
        if (fifo.status === 0)
          expect(json.files.some((f) => f.file.endsWith('pipe.xlsx') && (f as { verdict?: string }).verdict !== 'skipped')).toBe(false);
      }
    }
  }, 60_000);
});

describe('an --out that cannot be written', () => {
  it('a directory, or a path under a file: exit 2 with a Chinese message, not an internal error', async () => {
    const B = await base();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const src = join(outDir, 'unwritable-src');
    mkdirSync(join(src, 'is-a-dir.xlsx'), { recursive: true });
    writeFileSync(join(src, 'good.xlsx'), B.bytes);
    writeFileSync(join(src, 'plain-file'), 'x');
    const rollup = join(outDir, 'unwritable-rollup.xlsx');
    expect((await sti(['rollup', join(src, 'good.xlsx'), '--out', rollup])).code).toBeLessThan(2);
    for (const out of [join(src, 'is-a-dir.xlsx'), join(src, 'plain-file', 'x.xlsx')]) {
      for (const cmd of [
        ['rollup', join(src, 'good.xlsx'), '--out', out],
        ['rank', rollup, '--out', out],
        ['template', 'township', '--unit', '990101', '--name', '城关镇', '--out', out],
      ]) {
        const r = await sti(cmd);
        expectCleanExit(r, `${cmd[0]} --out ${out}`, [2]);
        expect(r.err).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
});

describe('the real process', () => {
  it('`sti validate <corpus dir>` in a child process: exit 1, Chinese report, no stack trace', () => {
    const p = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'validate', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    expect(p.error).toBeUndefined();
    expect(STACK_FRAME.test(p.stderr), p.stderr.slice(0, 2000)).toBe(false);
    expect(p.stdout).toMatch(/校验结果/);
    expect(p.status).toBe(1);
  });

  it('`sti rollup <corpus dir>` in a child process: exit 1 or 2, no stack trace', () => {
    const p = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'rollup', dir, '--out', join(outDir, 'all.xlsx')],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
    );
    expect(p.error).toBeUndefined();
    expect(STACK_FRAME.test(p.stderr), p.stderr.slice(0, 2000)).toBe(false);
    expect([1, 2]).toContain(p.status);
  });
});
