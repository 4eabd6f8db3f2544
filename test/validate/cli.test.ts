import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { writeSubmission } from '../../src/io/template.js';
import { registerCsv } from '../../src/io/register.js';
import { MALFORMED, buildCase } from '../fixtures/malformed.js';
import { baseSubmission } from '../fixtures/submissions.js';
import type { RollupJson } from '../../src/cli/json-shape.js';
import type { ValidateJson } from '../../src/cli/commands/validate.js';

function capture(cwd: string) {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false, cwd };
  return {
    io,
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sti-cli-'));
  mkdirSync(join(dir, 'ok'));
  mkdirSync(join(dir, 'mixed'));
  await Promise.all([
    writeSubmission(baseSubmission()).then((b) => writeFileSync(join(dir, 'ok', '东华门街道.xlsx'), b)),
    writeSubmission(baseSubmission()).then((b) => writeFileSync(join(dir, 'mixed', '东华门街道.xlsx'), b)),
  ]);
  const neg = MALFORMED.find((c) => c.name === 'negative amount')!;
  writeFileSync(join(dir, 'mixed', 'bad.xlsx'), await buildCase(neg));
  writeFileSync(join(dir, 'mixed', 'old.xls'), await buildCase(MALFORMED.find((c) => c.name === 'legacy .xls')!));
  writeFileSync(join(dir, 'mixed', '~$东华门街道.xlsx'), new Uint8Array([1, 2, 3])); // Excel's lock file: skipped
  writeFileSync(join(dir, 'mixed', '报送说明.docx'), new Uint8Array([0x50, 0x4b, 3, 4])); // named as skipped (info)
  writeFileSync(
    join(dir, 'reg.csv'),
    registerCsv({
      units: [
        { code: '110101', name: '东城区', kind: 'district', parentCode: null },
        { code: '110101001', name: '东华门街道', kind: 'township', parentCode: '110101' },
        { code: '110101002', name: '景山街道', kind: 'township', parentCode: '110101' },
      ],
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sti template', () => {
  it('writes a template that validates as a blank submission', async () => {
    const c = capture(dir);
    const code = await main(
      [
        'template',
        'township',
        '--unit',
        '110101001',
        '--name',
        '东华门街道',
        '--parent',
        '110101',
        '--year',
        '2024',
        '--period',
        '2024-01..06',
        '--out',
        't.xlsx',
      ],
      c.io,
    );
    expect([code, c.err]).toEqual([0, '']);
    expect(c.out).toContain('t.xlsx');
    expect(existsSync(join(dir, 't.xlsx'))).toBe(true);
    const again = capture(dir);
    const unit = ['--unit', '110101001', '--name', '东华门街道'];
    expect(await main(['template', 'township', ...unit, '--out', 't.xlsx'], again.io)).toBe(2);
    expect(again.err).toContain('已存在');
    expect(await main(['template', 'township', ...unit, '--out', 't.xlsx', '--force'], capture(dir).io)).toBe(0);
  });

  it.each([
    [['template'], '模板类型'],
    [['template', 'village', '--out', 'x.xlsx'], '未知的模板类型'],
    [['template', 'park'], '--out'],
    [['template', 'park', '--out', 'x.csv'], '.xlsx'],
    [['template', 'park', '--out', 'x.xlsx', '--year', '24'], '年度'],
    [['template', 'park', '--out', 'x.xlsx', '--period', '2024-13'], '报告期'],
    [['template', 'park', '--out', 'x.xlsx', '--bogus'], '未知选项'],
    [['validate'], '请指定'],
    [['validate', 'nowhere'], '找不到'],
    [['validate', '.', '--register', 'nope.csv'], '找不到名录'],
  ])('bad usage %j → exit 2 with a Chinese message and no stack trace', async (args, text) => {
    const c = capture(dir);
    expect(await main(args, c.io)).toBe(2);
    expect(c.err).toContain(text);
    expect(c.err).toMatch(/^错误：/);
    expect(c.err).not.toMatch(/\n\s+at /);
  });
});

describe('sti validate', () => {
  it('exit 0 for clean files, with a Chinese report', async () => {
    const c = capture(dir);
    expect(await main(['validate', 'ok'], c.io)).toBe(0);
    expect(c.out).toContain('校验结果：共 1 个文件（报告期 2024，多数文件的报告期），可纳入汇总 1 个，不纳入 0 个；错误 0 条');
    expect(c.out).toContain('全部通过');
  });

  it('exit 1 when any file has an error; the report groups findings by file with sheet!cell, value and expected', async () => {
    const c = capture(dir);
    expect(await main(['validate', 'mixed'], c.io)).toBe(1);
    expect(c.out).toMatch(/■ mixed\/bad\.xlsx（东华门街道 110101001，2024） — 错误 \d/);
    expect(c.out).toContain('[错误] 指标表!D4');
    expect(c.out).toContain('填报值：-5');
    expect(c.out).toContain('■ mixed/old.xls');
    expect(c.out).toContain('Excel 97-2003');
    expect(c.out).not.toContain('~$');
  });

  it('--json has the documented shape, with completeness when a register is given', async () => {
    const c = capture(dir);
    expect(await main(['validate', 'mixed', '--register', 'reg.csv', '--json'], c.io)).toBe(1);
    const j = JSON.parse(c.out) as ValidateJson;
    expect(Object.keys(j)).toEqual(['version', 'period', 'periodSource', 'summary', 'files', 'findings', 'completeness']);
    expect(j.version).toBe(2);
    expect(j.summary).toMatchObject({ files: 3, submissions: 2, used: 0, leftOut: 3, skipped: 1 });
    expect(j.files.map((f) => [f.file, f.status, f.verdict])).toEqual([
      ['mixed/bad.xlsx', 'errors', 'left-out'],
      ['mixed/old.xls', 'unreadable', 'left-out'],
      ['mixed/东华门街道.xlsx', 'errors', 'left-out'],
      ['mixed/报送说明.docx', 'ok', 'skipped'],
    ]);
    // Two files for one unit: neither counts, and the verdict says why.
    expect(j.files[0].reason).toContain('重复报送');
    const neg = j.findings.find((f) => f.code === 'NEGATIVE_VALUE')!;
    expect(neg).toMatchObject({
      severity: 'error',
      file: 'mixed/bad.xlsx',
      sheet: '指标表',
      cell: 'D4',
      value: '-5',
      unitCode: '110101001',
    });
    expect(j.findings.filter((f) => f.code === 'DUPLICATE_SUBMISSION')).toHaveLength(2);
    expect(j.findings.filter((f) => f.code === 'FILE_SKIPPED').map((f) => [f.file, f.severity])).toEqual([['mixed/报送说明.docx', 'info']]);
    expect(j.completeness!.map((r) => [r.code, r.status])).toEqual([
      ['110101001', 'left-out'],
      ['110101002', 'missing'],
    ]);
    expect(j.completeness![0].statusText).toMatch(/^已报送但未纳入（.*重复报送/);
  });

  it('validate and rollup give every file the same verdict: what rollup leaves out, validate reports as an error', async () => {
    const folder = join(dir, 'verdicts');
    mkdirSync(folder);
    const jing = baseSubmission({ unit: { code: '110101002', name: '景山街道', kind: 'township', parentCode: '110101' } });
    jing.fields.RD_EXP.current = -3; // a figure-level error: only that figure is left out
    const old = baseSubmission({ period: '2023', year: 2023 }); // another period: the whole file is left out
    writeFileSync(join(folder, 'a.xlsx'), await writeSubmission(baseSubmission()));
    writeFileSync(join(folder, 'jing.xlsx'), await writeSubmission(jing));
    writeFileSync(join(folder, 'old.xlsx'), await writeSubmission(old));
    writeFileSync(join(folder, 'x.xls'), await buildCase(MALFORMED.find((c) => c.name === 'legacy .xls')!));
    const v = capture(dir);
    expect(await main(['validate', 'verdicts', '--register', 'reg.csv', '--json'], v.io)).toBe(1);
    const r = capture(dir);
    expect(await main(['rollup', 'verdicts', '--register', 'reg.csv', '--out', 'verdicts.xlsx', '--json'], r.io)).toBe(1);
    const vj = JSON.parse(v.out) as ValidateJson;
    const rj = JSON.parse(r.out) as RollupJson;
    const fromValidate = vj.files.map((f) => [f.file, f.verdict]);
    expect(rj.files.verdicts.map((f) => [f.file, f.verdict])).toEqual(fromValidate);
    expect(fromValidate).toEqual([
      ['verdicts/a.xlsx', 'used'],
      ['verdicts/jing.xlsx', 'used'],
      ['verdicts/old.xlsx', 'left-out'],
      ['verdicts/x.xls', 'left-out'],
    ]);
    // Every file or figure rollup leaves out has an error in validate's report.
    for (const f of rj.files.verdicts) {
      const errors = vj.findings.filter((x) => x.file === f.file && x.severity === 'error');
      if (f.verdict === 'left-out' || f.figuresLeftOut.length > 0) expect(errors.length, f.file).toBeGreaterThan(0);
      for (const m of f.figuresLeftOut)
        expect(
          errors.some((x) => x.cell === m.cell),
          `${f.file} ${m.cell}`,
        ).toBe(true);
    }
    // 景山街道's other figures count; its R&D figure is named as missing from the district total.
    const district = rj.levels.find((l) => l.unitCode === '110101')!;
    expect(district.total.missing.RD_EXP?.map((m) => m.unitCode)).toEqual(['110101002']);
    expect(district.total.fields.IND_REVENUE.current).toBe(2 * baseSubmission().fields.IND_REVENUE.current!);
  });

  it('the register file inside the folder is not taken for a submission', async () => {
    const sub = join(dir, 'with-reg');
    mkdirSync(sub);
    writeFileSync(join(sub, 'a.xlsx'), readFileSync(join(dir, 'ok', '东华门街道.xlsx')));
    writeFileSync(join(sub, '名录.csv'), readFileSync(join(dir, 'reg.csv')));
    const c = capture(dir);
    expect(await main(['validate', 'with-reg', '--register', 'with-reg/名录.csv', '--json'], c.io)).toBe(0);
    const j = JSON.parse(c.out) as ValidateJson;
    expect(j.files.map((f) => f.file)).toEqual(['with-reg/a.xlsx']);
    expect(j.completeness!.map((r) => r.status)).toEqual(['included', 'missing']);
  });

  it('never modifies the source files', async () => {
    const files = readdirSync(join(dir, 'mixed')).map((f) => join(dir, 'mixed', f));
    const before = files.map(sha);
    await main(['validate', 'mixed', 'ok', '--register', 'reg.csv'], capture(dir).io);
    await main(['validate', 'mixed', '--json'], capture(dir).io);
    expect(files.map(sha)).toEqual(before);
    expect(readdirSync(join(dir, 'mixed')).sort()).toEqual(files.map((f) => f.slice(f.lastIndexOf('/') + 1)).sort());
  });
});
