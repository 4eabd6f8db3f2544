/**
 * One engine, two front ends: the same submissions through the CLI (sti rollup → sti rank)
 * and through the task pane's engine must give the same 科创指数 and ranks. Guards against
 * the pane and the CLI drifting apart in defaults (indicators, weights, exclusions).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import type { RankJson } from '../../src/cli/json-shape.js';
import { buildDemoData } from '../../src/core/demo.js';
import { writeDemoFiles } from '../../src/io/demo.js';
import { createEngine } from '../../src/taskpane/engine-impl.js';
import { defaultSettings } from '../../src/taskpane/settings.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false, cwd: process.cwd() };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('task pane and CLI agree on the demo city', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sti-parity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = await writeDemoFiles(buildDemoData(), dir);

  it('gives the same composite index and index rank for every district', async () => {
    const rollupOut = join(dir, 'rollup.xlsx');
    const rolled = await run(['rollup', join(dir, '报表'), '--register', files.register, '--out', rollupOut]);
    expect(rolled.code, rolled.err).toBe(1); // the demo's planted errors leave figures out, and say so
    const ranked = await run(['rank', rollupOut, '--out', join(dir, 'rank.xlsx'), '--json']);
    expect(ranked.code, ranked.err).toBe(1); // values resting on those incomplete totals are marked
    const cli = JSON.parse(ranked.out) as RankJson;

    const engine = createEngine();
    const inputs = files.submissions.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) }));
    const register = { name: basename(files.register), bytes: new Uint8Array(readFileSync(files.register)) };
    const imported = await engine.importFiles(inputs, register, () => {});
    const settings = defaultSettings(
      engine.indexIndicators().map((i) => i.code),
      'zh-CN',
    );
    const pane = await engine.rank(imported, settings, null);

    expect(cli.rows.length).toBe(6);
    expect(pane.rows.map((r) => r.unitName).sort()).toEqual(cli.rows.map((r) => r.unitName).sort());
    for (const row of cli.rows) {
      const p = pane.rows.find((r) => r.unitName === row.unitName)!;
      expect(row.index).not.toBeNull();
      expect(p.index).toBeCloseTo(row.index!, 9);
      expect(p.indexRank).toBe(row.indexRank);
    }
  });
});
