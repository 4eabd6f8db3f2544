/**
 * `bin/sti.js` starts from a cached esbuild bundle of the CLI (bin/cli-bundle.mjs). The bundle
 * must be the same program as the sources: the same help, the same rollup JSON (with the reading
 * workers, which find their module beside the reader's own source file), and a fallback through
 * tsx when bundling is turned off.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sti } from './cli-run.js';

const BIN = join(ROOT, 'bin', 'sti.js');

function runWithCode(args: string[], env: Record<string, string> = {}): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout };
}
const run = (args: string[], env: Record<string, string> = {}): string => runWithCode(args, env).out;

describe('the installed command starts from a cached bundle of the CLI', () => {
  it('prints the same help as the sources, bundled and through tsx', async () => {
    const fromSources = (await sti(['--help'])).out;
    expect(run(['--help'])).toBe(fromSources);
    expect(run(['--help'], { STI_NO_BUNDLE: '1' })).toBe(fromSources);
  });

  it('keeps the bundle with the stamp of every source it was built from (a changed source rebuilds it)', () => {
    run(['--help']);
    const cache = join(ROOT, 'node_modules', '.cache', 'sti-cli');
    const inputs = JSON.parse(readFileSync(join(cache, 'inputs.json'), 'utf8')) as Record<string, [number, number]>;
    for (const rel of ['src/cli/main.ts', 'src/cli/commands/rollup.ts', 'src/io/rollup-read.ts', 'src/core/rollup.ts'])
      expect(Object.keys(inputs)).toContain(join(ROOT, rel));
    expect(readFileSync(join(cache, 'main.mjs'), 'utf8')).toMatch(/async function main\(/);
  });

  it('rolls the demo city up to the same JSON as the sources, reading with two workers', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sti-bundle-'));
    expect((await sti(['demo', '--out', dir])).code).toBe(0);
    const args = ['rollup', join(dir, '报表'), '--register', join(dir, '单位名录.xlsx'), '--out', join(dir, 'x.xlsx'), '--json'];
    const strip = (json: string) => json.replace(/"output": ".*"/, '');
    const inProcess = await sti(args);
    const bundled = runWithCode(args, { STI_READ_WORKERS: '2' });
    expect(bundled.code).toBe(inProcess.code);
    expect(strip(bundled.out)).toBe(strip(inProcess.out));
    expect(JSON.parse(bundled.out).files.used).toBeGreaterThan(20);
  });
});
