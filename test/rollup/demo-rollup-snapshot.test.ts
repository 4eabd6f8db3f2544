/**
 * `sti rollup --json` on the demo's files is unchanged by the work on scale (issue 15): the JSON is
 * compared, text for text, with snapshots written from the code before that work (commit 861c57f):
 * test/fixtures/demo-rollup.json (as is) and demo-rollup-allow-errors.json (--allow-errors). The
 * run through the worker pool (packed submissions, STI_READ_WORKERS=2) must give the same text as
 * reading in this thread. The snapshots are data, not expectations derived from the code under test:
 * a change that alters the output must be looked at, and the snapshot rewritten only on purpose.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

async function sti(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, cwd };
  const code = await main(args, io);
  return { code, out, err };
}

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');

/** The rollup's JSON as the snapshot holds it: the output path (a temporary folder) replaced by <dir>. */
async function rollupJsonText(dir: string, extra: string[] = []) {
  const r = await sti(['rollup', '报表', '--register', '单位名录.xlsx', '--out', '汇总.xlsx', '--json', ...extra], dir);
  expect(r.err).toBe('');
  expect(r.code).toBe(1); // the demo plants errors
  const json = JSON.parse(r.out) as { output: string };
  expect(json.output).toBe(join(dir, '汇总.xlsx'));
  json.output = json.output.replace(dir, '<dir>');
  // The command writes the JSON piece by piece: the text must be JSON.stringify's, two-space indent.
  expect(r.out).toBe(JSON.stringify({ ...json, output: join(dir, '汇总.xlsx') }, null, 2) + '\n');
  return JSON.stringify(json, null, 2) + '\n';
}

describe('sti rollup --json on the demo files, against the snapshot from before issue 15', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sti-demo-snapshot-'));
  const workersBefore = process.env.STI_READ_WORKERS;
  afterEach(() => {
    if (workersBefore === undefined) delete process.env.STI_READ_WORKERS;
    else process.env.STI_READ_WORKERS = workersBefore;
  });

  beforeAll(async () => {
    const r = await sti(['demo', '--out', dir, '--json'], dir);
    expect(r.code, r.err).toBe(0);
  }, 120_000);

  it('is unchanged, read in this thread', async () => {
    process.env.STI_READ_WORKERS = '0';
    expect(await rollupJsonText(dir)).toBe(fixture('demo-rollup.json'));
  }, 120_000);

  it('is unchanged, read by two worker threads (packed submissions)', async () => {
    process.env.STI_READ_WORKERS = '2';
    expect(await rollupJsonText(dir)).toBe(fixture('demo-rollup.json'));
  }, 120_000);

  it('is the same without a workbook (--json alone: each district written as it is rolled up), output null', async () => {
    process.env.STI_READ_WORKERS = '2';
    const before = readdirSync(dir).sort();
    for (const extra of [[], ['--allow-errors']]) {
      const r = await sti(['rollup', '报表', '--register', '单位名录.xlsx', '--json', ...extra], dir);
      expect(r.err).toBe('');
      expect(r.code).toBe(1);
      const json = JSON.parse(r.out) as { output: string | null };
      expect(json.output).toBeNull();
      expect(r.out).toBe(JSON.stringify(json, null, 2) + '\n');
      const snapshot = fixture(extra.length ? 'demo-rollup-allow-errors.json' : 'demo-rollup.json');
      expect(JSON.stringify({ ...json, output: '<dir>/汇总.xlsx' }, null, 2) + '\n').toBe(snapshot);
    }
    // No workbook written, nothing else left in the folder.
    expect(readdirSync(dir).sort()).toEqual(before);
  }, 120_000);

  it('is the same from the sti command itself (the kept districts go to stdout as UTF-8 bytes)', () => {
    const r = spawnSync(
      process.execPath,
      [join(__dirname, '..', '..', 'bin', 'sti.js'), 'rollup', '报表', '--register', '单位名录.xlsx', '--json'],
      {
        cwd: dir,
        env: { ...process.env, STI_READ_WORKERS: '2' },
        maxBuffer: 1 << 28,
      },
    );
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(1);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(r.stdout);
    const json = JSON.parse(text) as { output: string | null };
    expect(json.output).toBeNull();
    expect(JSON.stringify({ ...json, output: '<dir>/汇总.xlsx' }, null, 2) + '\n').toBe(fixture('demo-rollup.json'));
    expect(text).toBe(JSON.stringify(json, null, 2) + '\n');
  }, 120_000);

  it('needs --out or --json', async () => {
    const r = await sti(['rollup', '报表', '--register', '单位名录.xlsx'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out');
    expect(r.err).toContain('--json');
  });

  it('is unchanged with --allow-errors', async () => {
    process.env.STI_READ_WORKERS = '2';
    expect(await rollupJsonText(dir, ['--allow-errors'])).toBe(fixture('demo-rollup-allow-errors.json'));
  }, 120_000);
});
