import { describe, expect, it } from 'vitest';
import { admit, admittedSubmissions, readsOf, validateSubmissions, type FileRead } from '../../src/core/admit.js';
import { rollupAdmission } from '../../src/core/rollup.js';
import type { Register, Submission } from '../../src/core/types.js';
import { writeSubmission } from '../../src/io/template.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { USCC, baseSubmission } from '../fixtures/submissions.js';

const REG: Register = {
  units: [
    { code: '110101', name: '东城区', kind: 'district', parentCode: null },
    { code: '110101001', name: '东华门街道', kind: 'township', parentCode: '110101' },
    { code: '110101002', name: '景山街道', kind: 'township', parentCode: '110101' },
    { code: '110101003', name: '交道口街道', kind: 'township', parentCode: '110101' },
    { code: '110101900', name: '中关村东城园', kind: 'park', parentCode: '110101' },
  ],
};

async function roundTrip(sub: Submission, file: string) {
  const r = readSubmissionFile(await writeSubmission(sub), file);
  return { sub: r.submission!, findings: r.findings };
}

function unit(code: string, name: string, kind: Submission['unit']['kind'] = 'township') {
  return { code, name, kind, parentCode: '110101' };
}

describe('checks across submissions', () => {
  it('one USCC in two townships: a warning at each cell naming the other file and cell; both townships stay in', async () => {
    const a = await roundTrip(baseSubmission({ unit: unit('110101001', '东华门街道') }), 'a.xlsx');
    const b0 = baseSubmission({ unit: unit('110101002', '景山街道') });
    b0.enterprises = b0.enterprises.slice(2); // only 丙 (e3), also listed by a
    b0.fields.IND_FIRMS.current = 1;
    b0.fields.IND_FIRMS_RD.current = 0;
    b0.fields.IND_FIRMS_INST.current = 0;
    b0.fields.HNTE_COUNT.current = 0;
    b0.fields.TSME_COUNT.current = 0;
    b0.fields.DZ_NO_INST_GE_5E8.current = 0;
    b0.fields.IND_FIRMS_RD.previous = 0;
    const b = await roundTrip(b0, 'b.xlsx');
    const findings = validateSubmissions([a.sub, b.sub], { register: REG, fileFindings: [...a.findings, ...b.findings] });
    expect(findings.map((f) => [f.code, f.file, f.cell])).toEqual([
      ['USCC_CONFLICT', 'a.xlsx', 'A6'],
      ['USCC_CONFLICT', 'b.xlsx', 'A4'],
    ]);
    expect(findings[0].value).toBe(USCC.e3);
    expect(findings[0].expected).toContain('b.xlsx 企业名录!A4');
    expect(findings[1].expected).toContain('a.xlsx 企业名录!A6');
    expect(findings[0].message).toContain('景山街道');
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
    // Both townships' figures count; the firm counts once.
    const admission = admit(readsOf([a.sub, b.sub], [...a.findings, ...b.findings]), { register: REG });
    expect(admission.files.map((f) => f.verdict)).toEqual(['used', 'used']);
    const { districts } = rollupAdmission(admission);
    const d = districts[0];
    expect(d.total.fields.RD_EXP.current).toBe(a.sub.fields.RD_EXP.current! + b.sub.fields.RD_EXP.current!);
    expect(d.enterprises.filter((e) => e.uscc === USCC.e3)).toHaveLength(1);
  });

  it('a park listing a township enterprise is not a conflict', async () => {
    const a = await roundTrip(baseSubmission({ unit: unit('110101001', '东华门街道') }), 'a.xlsx');
    const p = await roundTrip(baseSubmission({ unit: unit('110101900', '中关村东城园', 'park') }), 'p.xlsx');
    expect(validateSubmissions([a.sub, p.sub], { register: REG })).toEqual([]);
  });

  it('two submissions for one unit and period; a unit not in the register; kind and name against the register', async () => {
    const a = await roundTrip(baseSubmission(), 'a.xlsx');
    const a2 = await roundTrip(baseSubmission(), 'a-改.xlsx');
    const x = await roundTrip(baseSubmission({ unit: unit('999', '外区某镇'), enterprises: [] }), 'x.xlsx');
    const k = await roundTrip(baseSubmission({ unit: unit('110101900', '中关村东城园', 'township') }), 'k.xlsx');
    const n = await roundTrip(baseSubmission({ unit: unit('110101003', '交道口') }), 'n.xlsx');
    const f = validateSubmissions([a.sub, a2.sub, x.sub, k.sub, n.sub], { register: REG });
    const codes = f.filter((y) => y.code !== 'COUNT_MISMATCH' && y.code !== 'USCC_CONFLICT').map((y) => [y.code, y.file, y.severity]);
    expect(codes).toEqual([
      ['DUPLICATE_SUBMISSION', 'a-改.xlsx', 'error'],
      ['DUPLICATE_SUBMISSION', 'a.xlsx', 'error'],
      ['UNIT_KIND_MISMATCH', 'k.xlsx', 'error'],
      ['UNIT_NOT_IN_REGISTER', 'x.xlsx', 'error'],
      ['UNIT_NAME_MISMATCH', 'n.xlsx', 'warning'],
    ]);
    expect(f.find((y) => y.code === 'DUPLICATE_SUBMISSION' && y.file === 'a.xlsx')!.message).toContain('a-改.xlsx');
  });

  it('scale against peers: a value about 10,000× the median of the same kind', async () => {
    const subs: Submission[] = [];
    for (let i = 0; i < 6; i++) {
      const s = baseSubmission({ unit: unit(`11010100${i}`, `镇${i}`), file: `t${i}.xlsx` });
      s.enterprises = s.enterprises.map((e) => ({ ...e, uscc: e.uscc })); // same list, but we check one kind at a time
      s.fields.TECH_CONTRACT_ABSORB.current = 800 + i * 10;
      s.fields.TECH_CONTRACT_ABSORB.previous = null; // no previous: only the peers can tell
      s.fields.TECH_CONTRACT_ABSORB.refs = { current: { file: `t${i}.xlsx`, sheet: '指标表', cell: 'D17' } };
      subs.push(s);
    }
    subs[3].fields.TECH_CONTRACT_ABSORB.current = 8_300_000;
    const f = validateSubmissions(subs).filter((x) => x.code === 'SCALE_ANOMALY');
    expect(f.map((x) => [x.file, x.cell, x.severity])).toEqual([['t3.xlsx', 'D17', 'warning']]);
    expect(f[0].message).toContain('中位数');
  });

  it('unit status: 已纳入, 已报送但未纳入（reason）, 未报送; a figure-level error leaves only that figure out', async () => {
    const a = await roundTrip(baseSubmission(), 'a.xlsx');
    const b0 = baseSubmission({ unit: unit('110101002', '景山街道'), enterprises: [] });
    b0.fields.RD_EXP.current = -1;
    for (const c of ['IND_FIRMS', 'IND_FIRMS_RD', 'IND_FIRMS_INST', 'HNTE_COUNT', 'TSME_COUNT', 'DZ_NO_RD_GE_1E8', 'DZ_NO_INST_GE_5E8'])
      b0.fields[c].current = 0;
    const b = await roundTrip(b0, 'b.xlsx');
    const old = await roundTrip(baseSubmission({ unit: unit('110101003', '交道口街道'), period: '2023', year: 2023 }), 'old.xlsx');
    const admission = admit(readsOf([a.sub, b.sub, old.sub], [...a.findings, ...b.findings, ...old.findings]), { register: REG });
    expect(admission.period).toBe('2024');
    expect(admission.units.map((r) => [r.code, r.status, r.files])).toEqual([
      ['110101001', 'included', ['a.xlsx']],
      ['110101002', 'included', ['b.xlsx']],
      ['110101003', 'left-out', ['old.xlsx']],
      ['110101900', 'missing', []],
    ]);
    expect(admission.units[2].reason).toContain('报告期');
    // b's negative R&D figure is left out, its other figures count.
    const bv = admission.files.find((f) => f.file === 'b.xlsx')!;
    expect(bv.verdict).toBe('used');
    expect(bv.marks).toEqual([expect.objectContaining({ field: 'RD_EXP', role: 'current', kind: 'left-out', code: 'NEGATIVE_VALUE' })]);
    const { districts } = rollupAdmission(admission);
    const d = districts[0];
    expect(d.total.fields.RD_EXP.current).toBe(1200);
    expect(d.total.fields.RD_EXP.missing?.map((m) => [m.unitCode, m.roles])).toEqual([
      ['110101002', ['current']],
      ['110101003', ['current', 'previous']],
    ]);
    expect(d.total.fields.IND_REVENUE.current).toBe(180000);
    expect(d.rows.find((r) => r.unit.code === '110101003')!.status).toBe('left-out');
    // The same file gets the same verdict from validate: the error that left the figure out is reported.
    expect(admission.findings.some((f) => f.file === 'b.xlsx' && f.code === 'NEGATIVE_VALUE' && f.severity === 'error')).toBe(true);
  });

  it('the period: --period decides; without it, most files; a district file does not decide its townships’ period', async () => {
    const t1 = await roundTrip(baseSubmission({ file: 't1.xlsx' }), 't1.xlsx');
    const t2 = await roundTrip(baseSubmission({ unit: unit('110101002', '景山街道') }), 't2.xlsx');
    const dist = await roundTrip(
      baseSubmission({
        unit: { code: '110101', name: '东城区', kind: 'district', parentCode: null },
        period: '2023',
        year: 2023,
        enterprises: [],
      }),
      'd.xlsx',
    );
    const reads = readsOf([dist.sub, t1.sub, t2.sub], [...dist.findings, ...t1.findings, ...t2.findings]);
    const byMajority = admit(reads, { register: REG });
    expect(byMajority.period).toBe('2024');
    expect(byMajority.files.find((f) => f.file === 'd.xlsx')!.verdict).toBe('left-out');
    const asked = admit(reads, { register: REG, period: '2023' });
    expect(asked.periodSource).toBe('asked');
    expect(asked.files.map((f) => [f.file, f.verdict])).toEqual([
      ['d.xlsx', 'used'],
      ['t1.xlsx', 'left-out'],
      ['t2.xlsx', 'left-out'],
    ]);
    expect(asked.findings.filter((f) => f.code === 'PERIOD_MISMATCH').every((f) => f.severity === 'error')).toBe(true);
  });

  it('--allow-errors keeps a figure despite its error, marked; files that cannot be placed stay out', async () => {
    const b0 = baseSubmission({ unit: unit('110101002', '景山街道') });
    b0.fields.RD_EXP.current = -1;
    const b = await roundTrip(b0, 'b.xlsx');
    const x = await roundTrip(baseSubmission({ unit: unit('999', '外区某镇'), enterprises: [] }), 'x.xlsx');
    const admission = admit(readsOf([b.sub, x.sub], [...b.findings, ...x.findings]), { register: REG, allowErrors: true });
    expect(admission.files.map((f) => [f.file, f.verdict])).toEqual([
      ['b.xlsx', 'used'],
      ['x.xlsx', 'left-out'],
    ]);
    expect(admission.files[0].marks[0]).toMatchObject({ field: 'RD_EXP', kind: 'kept-despite-error' });
    expect(admittedSubmissions(admission)[0].fields.RD_EXP.current).toBe(-1);
    // The rollup names what it kept, once per unit.
    const kept = rollupAdmission(admission).districts[0].findings.filter((f) => f.code === 'KEPT_DESPITE_ERROR');
    expect(kept.map((f) => [f.unitCode, f.severity])).toEqual([['110101002', 'warning']]);
    expect(kept[0].message).toContain('R&D经费内部支出本期数');
  });

  it('an unreadable file counts as 已报送但未纳入 for the unit its name names', () => {
    const unreadable = (file: string): FileRead => ({
      file,
      submission: null,
      findings: [{ severity: 'error', code: 'FILE_UNREADABLE', message: '这是旧版 Excel 97-2003 (.xls) 文件', file }],
    });
    const admission = admit(
      [unreadable('报送/110101003_交道口街道.xls'), unreadable('报送/中关村东城园.csv'), unreadable('报送/未知.xlsx')],
      {
        register: REG,
      },
    );
    expect(admission.units.map((r) => [r.code, r.status, r.files])).toEqual([
      ['110101001', 'missing', []],
      ['110101002', 'missing', []],
      ['110101003', 'left-out', ['报送/110101003_交道口街道.xls']],
      ['110101900', 'left-out', ['报送/中关村东城园.csv']],
    ]);
    expect(admission.files.every((f) => f.verdict === 'left-out')).toBe(true);
  });

  it('own outputs and other files are skipped (info), never left out as errors', () => {
    const admission = admit(
      [
        {
          file: '汇总.xlsx',
          submission: null,
          findings: [{ severity: 'info', code: 'OWN_OUTPUT_SKIPPED', message: '汇总工作簿', file: '汇总.xlsx' }],
        },
        {
          file: 'readme.txt',
          submission: null,
          findings: [{ severity: 'info', code: 'FILE_SKIPPED', message: '不是表格', file: 'readme.txt' }],
        },
      ],
      { register: REG },
    );
    expect(admission.files.map((f) => f.verdict)).toEqual(['skipped', 'skipped']);
    expect(admission.findings.some((f) => f.severity === 'error')).toBe(false);
  });
});
