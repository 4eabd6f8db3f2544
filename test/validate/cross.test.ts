import { describe, expect, it } from 'vitest';
import { completeness, validateSubmissions } from '../../src/core/validate.js';
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
  it('one USCC in two townships: an error in each file naming the other file and cell', async () => {
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
      ['UNIT_NAME_MISMATCH', 'n.xlsx', 'warning'],
      ['UNIT_NOT_IN_REGISTER', 'x.xlsx', 'error'],
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

  it('completeness: submitted, missing, failed per unit', async () => {
    const a = await roundTrip(baseSubmission(), 'a.xlsx');
    const b0 = baseSubmission({ unit: unit('110101002', '景山街道'), enterprises: [] });
    b0.fields.RD_EXP.current = -1;
    for (const c of ['IND_FIRMS', 'IND_FIRMS_RD', 'IND_FIRMS_INST', 'HNTE_COUNT', 'TSME_COUNT', 'DZ_NO_RD_GE_1E8', 'DZ_NO_INST_GE_5E8'])
      b0.fields[c].current = 0;
    const b = await roundTrip(b0, 'b.xlsx');
    const findings = validateSubmissions([a.sub, b.sub], { register: REG });
    const rows = completeness(REG, [a.sub, b.sub], findings);
    expect(rows.map((r) => [r.code, r.status, r.files, r.errors])).toEqual([
      ['110101001', 'submitted', ['a.xlsx'], 0],
      ['110101002', 'failed', ['b.xlsx'], 1],
      ['110101003', 'missing', [], 0],
      ['110101900', 'missing', [], 0],
    ]);
  });

  it('completeness: an unreadable file counts as failed for the unit its name names', () => {
    const unreadable = (file: string) => ({
      severity: 'error' as const,
      code: 'FILE_UNREADABLE',
      message: '这是旧版 Excel 97-2003 (.xls) 文件',
      file,
    });
    const findings = [unreadable('报送/110101003_交道口街道.xls'), unreadable('报送/中关村东城园.csv'), unreadable('报送/未知.xlsx')];
    const rows = completeness(REG, [], findings);
    expect(rows.map((r) => [r.code, r.status, r.files])).toEqual([
      ['110101001', 'missing', []],
      ['110101002', 'missing', []],
      ['110101003', 'failed', ['报送/110101003_交道口街道.xls']],
      ['110101900', 'failed', ['报送/中关村东城园.csv']],
    ]);
  });
});
