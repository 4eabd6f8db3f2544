/**
 * `sti validate 报表/ | head -1`: the reader closes the pipe after the first line. The real
 * process must end quietly — its own exit code, nothing on stderr, no EPIPE stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSubmissionModel, templateFields } from '../../src/core/template-schema.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { baseSubmission, setField } from '../fixtures/submissions.js';
import { ROOT } from './cli-run.js';

/** Files whose report is far longer than a pipe's buffer (64 KiB), so writing goes on after the reader has gone. */
const FILES = 30;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sti-epipe-'));
  for (let i = 0; i < FILES; i++) {
    const code = `1101010${String(i).padStart(2, '0')}`;
    const model = buildSubmissionModel(baseSubmission({ unit: { code, name: `街道${i}`, kind: 'township', parentCode: '110101' } }));
    for (const f of templateFields('township')) {
      setField(model, f.code, 'current', '约一千');
      setField(model, f.code, 'previous', '约一千');
    }
    writeFileSync(join(dir, `${code}.xlsx`), await writeXlsx(model));
  }
});

/** How the command is started: from the sources (npm run sti) or as the installed `sti` binary. */
const ENTRIES: Record<string, string[]> = {
  'tsx src/cli/main.ts': ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')],
  'bin/sti.js': [join(ROOT, 'bin/sti.js')],
};

function runClosingStdoutAfterFirstChunk(
  entry: string[],
  args: string[],
): Promise<{ code: number | null; signal: string | null; stderr: string; firstChunk: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let firstChunk = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.stdout.once('data', (b: Buffer) => {
      firstChunk = b.toString('utf8');
      child.stdout.destroy(); // like `head -1` exiting
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, firstChunk }));
  });
}

describe('a closed stdout', () => {
  it.each(Object.keys(ENTRIES))(
    '`sti validate DIR | head -1` via %s: exit code of the validation (1), no EPIPE, nothing on stderr',
    async (entry) => {
      const r = await runClosingStdoutAfterFirstChunk(ENTRIES[entry], ['validate', dir]);
      expect(r.firstChunk).toContain('校验结果');
      expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
      expect(r.stderr).toBe('');
      expect(r.signal).toBeNull();
      expect(r.code).toBe(1);
    },
    120_000,
  );
});
