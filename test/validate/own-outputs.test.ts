/**
 * The tool's own outputs found among the submissions (issue 10 §4): the demo's rollup, its
 * ranking, last year's ranking and the register, saved into 报表/, are each named once
 * (OWN_OUTPUT_SKIPPED, an info) and skipped — by the reader, the worker pool and `sti validate`.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownOutputKind } from '../../src/core/own-output.js';
import { readSubmission } from '../../src/core/read-submission.js';
import { buildSubmissionModel } from '../../src/core/template-schema.js';
import type { Finding } from '../../src/core/types.js';
import { registerCsv, registerModel } from '../../src/io/register.js';
import { readSubmissionFiles } from '../../src/io/rollup-read.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { readXlsx } from '../../src/io/xlsx/read.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { buildDemoData } from '../../src/core/demo.js';
import { baseSubmission } from '../fixtures/submissions.js';
import { sti } from '../robustness/cli-run.js';

let dir: string;
/** The demo's outputs by what they are, as copied into 报表/. */
const outputs: { kind: 'rollup' | 'ranking' | 'register'; path: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sti-own-'));
  const demo = await sti(['demo', '--out', dir], dir);
  expect(demo.code, demo.err).toBe(0);
  const reports = join(dir, '报表');
  const top = readdirSync(dir).filter((f) => f.endsWith('.xlsx'));
  const pick = (re: RegExp) => {
    const name = top.find((f) => re.test(f));
    if (!name) throw new Error(`demo wrote no file like ${re}: ${top.join(', ')}`);
    copyFileSync(join(dir, name), join(reports, name));
    return join(reports, name);
  };
  outputs.push(
    { kind: 'rollup', path: pick(/^汇总/) },
    { kind: 'ranking', path: pick(/^排名.*2024\.xlsx$/) },
    { kind: 'ranking', path: pick(/上年/) },
    { kind: 'register', path: pick(/单位名录/) },
  );
}, 180_000);

const onlySkipped = (findings: Finding[], file: string) => {
  expect(findings, JSON.stringify(findings.slice(0, 5), null, 1)).toHaveLength(1);
  expect(findings[0]).toMatchObject({ code: 'OWN_OUTPUT_SKIPPED', severity: 'info', file });
  expect(findings[0].message).toMatch(/不是填报文件，已跳过/);
};

describe('own outputs read as submissions', () => {
  it('readSubmission: no submission, one OWN_OUTPUT_SKIPPED info naming what each file is', () => {
    for (const { kind, path } of outputs) {
      const grid = readXlsx(new Uint8Array(readFileSync(path)), basename(path));
      expect(ownOutputKind(grid), path).toBe(kind);
      const r = readSubmission(grid);
      expect(r.submission).toBeNull();
      onlySkipped(r.findings, basename(path));
      expect(r.findings[0].message).toContain({ rollup: '汇总工作簿', ranking: '排名工作簿', register: '单位名录' }[kind]);
    }
  });

  it('the worker pool (sti rollup / validate read files this way) skips them the same', async () => {
    const files = outputs.map(({ path }) => ({ path, name: basename(path) }));
    const pooled = await readSubmissionFiles(files, { workers: 2 });
    expect(pooled.mode).toBe('workers');
    expect(pooled.sources).toEqual([]);
    pooled.close();
    for (const f of files)
      onlySkipped(
        pooled.findings.filter((x) => x.file === f.name),
        f.name,
      );
  }, 120_000);

  it('a rollup too big to read whole (its 企业名录) is still recognised, not unreadable', () => {
    const { path } = outputs.find((o) => o.kind === 'rollup')!;
    const bytes = new Uint8Array(readFileSync(path));
    const cells = (sheets: { maxRow: number; cell: (r: number, c: number) => unknown; maxCol: number }[]) =>
      sheets.reduce((n, s) => {
        for (let r = 0; r <= s.maxRow; r++) for (let c = 0; c <= s.maxCol; c++) if (s.cell(r, c) !== undefined) n++;
        return n;
      }, 0);
    const all = cells(readXlsx(bytes, 'x').sheets);
    const summary = cells(readXlsx(bytes, 'x', { sheetFilter: (n) => n.startsWith('汇总') }).sheets);
    expect(summary).toBeLessThan(all);
    const r = readSubmissionFile(bytes, '汇总大.xlsx', { maxCells: summary + 10 });
    expect(r.submission).toBeNull();
    onlySkipped(r.findings, '汇总大.xlsx');
  });

  it('a register saved as .csv among the reports is skipped too', () => {
    const bytes = new TextEncoder().encode(registerCsv(buildDemoData().register));
    const r = readSubmissionFile(bytes, '报表/单位名录.csv');
    expect(r.submission).toBeNull();
    onlySkipped(r.findings, '报表/单位名录.csv');
  });

  it('a submission that also holds a 单位名录 sheet is still read as a submission', async () => {
    const model = buildSubmissionModel(baseSubmission());
    model.sheets.push({ ...registerModel(buildDemoData().register).sheets[0] });
    const r = readSubmissionFile(await writeXlsx(model), 'with-register.xlsx');
    expect(r.submission?.unit.code).toBe('110101001');
    expect(r.findings.map((f) => f.code)).not.toContain('OWN_OUTPUT_SKIPPED');
  });
});

describe('sti validate on a 报表 folder holding the demo outputs', () => {
  it('each output gives one OWN_OUTPUT_SKIPPED info and no error; the real submissions are still read', async () => {
    const reports = join(dir, '报表');
    writeFileSync(join(reports, '单位名录.csv'), registerCsv(buildDemoData().register));
    const r = await sti(['validate', reports, '--json'], dir);
    expect([0, 1], r.err).toContain(r.code);
    const json = JSON.parse(r.out) as { findings: Finding[] };
    const names = [...outputs.map((o) => basename(o.path)), '单位名录.csv'];
    for (const name of names) {
      const mine = json.findings.filter((f) => basename(f.file) === name);
      onlySkipped(mine, mine[0]?.file ?? name);
    }
    const fromOutputs = json.findings.filter((f) => names.includes(basename(f.file)) && f.severity !== 'info');
    expect(fromOutputs).toEqual([]);
    // The demo's own submissions are all read (51), as before.
    expect(json.findings.some((f) => f.code === 'SHEET_NOT_A_TEMPLATE')).toBe(false);
    expect(new Set(json.findings.map((f) => basename(f.file))).size).toBeGreaterThan(names.length);
  }, 120_000);
});
