/** The rollup rules one by one (indicators.md §1), on small hand-made districts and on real published data. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRegisterTree, rollupAll, rollupCity, rollupDistrict } from '../../src/core/rollup.js';
import { excelRound } from '../../src/core/round.js';
import { firm, fv, register, sub, unit } from './fixtures.js';

const C = unit('C1', '测试市', 'city', null);
const D = unit('D1', '测试区', 'district', 'C1');
const T1 = unit('T1', '城关镇', 'township', 'D1');
const T2 = unit('T2', '新民镇', 'township', 'D1');
const P1 = unit('P1', '高新园', 'park', 'D1');
const reg = register([C, D, T1, T2, P1]);

describe('district-only denominators', () => {
  it('R&D intensity = Σ R&D / the district’s own GDP; townships get none', () => {
    const subs = [sub(T1, { RD_EXP: fv(300) }), sub(T2, { RD_EXP: fv(200) }), sub(P1, { RD_EXP: fv(999) }), sub(D, { GDP: fv(20000) })];
    const r = rollupDistrict(reg, 'D1', subs);
    expect(r.total.indicators.RD_INTENSITY.value).toBeCloseTo(2.5, 12);
    expect(r.total.fields.GDP).toMatchObject({ current: 20000, source: 'input' });
    expect(r.rows.every((x) => x.indicators.RD_INTENSITY.value === null)).toBe(true);
  });

  it('a missing GDP leaves the indicator empty with a finding — never zero', () => {
    const r = rollupDistrict(reg, 'D1', [sub(T1, { RD_EXP: fv(300) }), sub(T2, { RD_EXP: fv(200) })]);
    expect(r.total.indicators.RD_INTENSITY.value).toBeNull();
    expect(r.total.indicators.TECH_CONTRACT_GDP_RATIO.value).toBeNull();
    const f = r.findings.find((x) => x.code === 'DISTRICT_INPUT_MISSING' && x.message.includes('地区生产总值'));
    expect(f?.message).toContain('研发经费投入强度');
    expect(f?.message).toContain('不按零处理');
  });
});

describe('targets, growth and percentage-point change', () => {
  it('completion uses the district’s own target, not the sum of township targets', () => {
    const subs = [
      sub(T1, { TECH_CONTRACT_AMT: fv(30, null, 25) }),
      sub(T2, { TECH_CONTRACT_AMT: fv(20, null, 25) }),
      sub(D, { TECH_CONTRACT_AMT: fv(null, null, 80), GDP: fv(1000) }),
    ];
    const r = rollupDistrict(reg, 'D1', subs);
    expect(r.total.indicators.TECH_CONTRACT_COMPLETION.value).toBeCloseTo(62.5, 12); // 50/80, not 50/50
    expect(r.rows[0].indicators.TECH_CONTRACT_COMPLETION.value).toBeCloseTo(120, 12);
    const noTarget = rollupDistrict(reg, 'D1', subs.slice(0, 2));
    expect(noTarget.total.indicators.TECH_CONTRACT_COMPLETION.value).toBeNull();
    expect(noTarget.findings.some((f) => f.code === 'TARGET_NOT_SUMMED')).toBe(true);
  });

  it('growth and pp change are recomputed from the district’s own levels', () => {
    const subs = [
      sub(T1, { RD_EXP: fv(110, 100), IND_FIRMS: fv(10, 10), IND_FIRMS_RD: fv(5, 2) }),
      sub(T2, { RD_EXP: fv(330, 200), IND_FIRMS: fv(90, 40), IND_FIRMS_RD: fv(9, 20) }),
    ];
    const r = rollupDistrict(reg, 'D1', subs);
    expect(r.total.indicators.RD_GROWTH.value).toBeCloseTo((440 / 300 - 1) * 100, 10);
    const shareNow = (14 / 100) * 100;
    const sharePrev = (22 / 50) * 100;
    expect(r.total.indicators.RD_ACTIVE_FIRM_SHARE_PP.value).toBeCloseTo(shareNow - sharePrev, 10);
    // Not the sum (or mean) of the townships' changes.
    const sumOfChanges =
      (r.rows[0].indicators.RD_ACTIVE_FIRM_SHARE_PP.value ?? 0) + (r.rows[1].indicators.RD_ACTIVE_FIRM_SHARE_PP.value ?? 0);
    expect(r.total.indicators.RD_ACTIVE_FIRM_SHARE_PP.value).not.toBeCloseTo(sumOfChanges, 3);
    expect(r.total.indicators.RD_ACTIVE_FIRM_SHARE_PP.value).not.toBeCloseTo(sumOfChanges / 2, 3);
  });

  it('a previous level of zero gives no growth (reason), not Infinity', () => {
    const r = rollupDistrict(reg, 'D1', [sub(T1, { RD_EXP: fv(10, 0) })]);
    expect(r.total.indicators.RD_GROWTH).toMatchObject({ value: null, reason: '上年R&D经费内部支出为零', error: 'DIV0' });
  });
});

describe('enterprise counts, missing units, duplicates, provenance', () => {
  it('a unit without a list contributes its entered count; a unit with one, its list', () => {
    const subs = [
      sub(T1, { HNTE_COUNT: fv(7) }, [firm(1, ['HNTE'], 'T1.xlsx', 4), firm(2, ['HNTE'], 'T1.xlsx', 5)]),
      sub(T2, { HNTE_COUNT: fv(4) }),
    ];
    const r = rollupDistrict(reg, 'D1', subs);
    expect(r.rows[0].fields.HNTE_COUNT).toMatchObject({ current: 2, entered: 7, source: 'enterprise-list' });
    expect(r.rows[1].fields.HNTE_COUNT).toMatchObject({ current: 4, source: 'entered' });
    expect(r.total.fields.HNTE_COUNT).toMatchObject({ current: 6, source: 'distinct-enterprises+entered' });
    expect(r.findings.find((f) => f.code === 'COUNT_FROM_LIST')?.message).toMatch(/填报7.*名录去重为2/);
  });

  it('a missing township is named with its reason in every total and indicator it feeds; the total is over the rest', () => {
    const r = rollupDistrict(reg, 'D1', [sub(T1, { RD_EXP: fv(5) })]);
    expect(r.total.fields.RD_EXP.current).toBe(5);
    expect(r.total.fields.RD_EXP.missing).toEqual([
      { unitCode: 'T2', unitName: '新民镇', reason: '未报送', roles: ['current', 'previous'] },
    ]);
    expect(r.total.indicators.RD_GROWTH.missing?.map((m) => m.unitCode)).toEqual(['T2']);
    expect(r.rows.find((x) => x.unit.code === 'T2')?.status).toBe('missing');
    expect(r.findings.some((f) => f.code === 'UNIT_NOT_SUBMITTED' && f.unitCode === 'T2')).toBe(true);
  });

  it('two submissions for one unit: neither counts, both are named, the unit is 已报送但未纳入', () => {
    const a = { ...sub(T1, { RD_EXP: fv(5) }), file: 'a.xlsx' };
    const b = { ...sub(T1, { RD_EXP: fv(9) }), file: 'b.xlsx' };
    const t2 = sub(T2, { RD_EXP: fv(1) });
    for (const order of [
      [a, b, t2],
      [b, a, t2],
    ]) {
      const out = rollupAll(reg, order);
      const r = out.districts.find((d) => d.unit.code === 'D1')!;
      expect(r.total.fields.RD_EXP.current).toBe(1);
      const dup = out.admission.findings.filter((f) => f.code === 'DUPLICATE_SUBMISSION');
      expect(dup.map((f) => f.file).sort()).toEqual(['a.xlsx', 'b.xlsx']);
      expect(dup.find((f) => f.file === 'a.xlsx')!.message).toContain('b.xlsx');
      const row = r.rows.find((x) => x.unit.code === 'T1')!;
      expect(row.status).toBe('left-out');
      expect(row.statusReason).toContain('重复报送');
      expect(r.total.fields.RD_EXP.missing?.[0]).toMatchObject({ unitCode: 'T1', reason: expect.stringContaining('已报送但未纳入') });
    }
  });

  it('every total lists the cells it was made of', () => {
    const r = rollupDistrict(reg, 'D1', [
      sub(T1, { RD_EXP: fv(5, 4, null, 'T1.xlsx') }),
      sub(T2, { RD_EXP: fv(6, 3, null, 'T2.xlsx') }),
      sub(P1, { RD_EXP: fv(100, null, null, 'P1.xlsx') }),
    ]);
    const refs = r.total.fields.RD_EXP.refs.map((x) => `${x.unitCode}:${x.file}!${x.cell}:${x.role}:${x.value}`);
    expect(refs).toEqual(['T1:T1.xlsx!D4:current:5', 'T2:T2.xlsx!D4:current:6', 'T1:T1.xlsx!E4:previous:4', 'T2:T2.xlsx!E4:previous:3']);
  });

  it('a unit claiming the district but absent from the register is reported, not added', () => {
    const stray = sub(unit('T9', '外来镇', 'township', 'D1'), { RD_EXP: fv(1000) });
    const out = rollupAll(reg, [sub(T1, { RD_EXP: fv(5) }), stray]);
    expect(out.districts.find((d) => d.unit.code === 'D1')!.total.fields.RD_EXP.current).toBe(5);
    // Reported once (it used to be twice: validation and rollup).
    expect(out.admission.findings.filter((f) => f.code === 'UNIT_NOT_IN_REGISTER').map((f) => f.file)).toEqual(['T9.xlsx']);
    expect(out.city.findings.some((f) => f.code === 'UNIT_NOT_IN_REGISTER')).toBe(false);
  });
});

describe('city level', () => {
  const D2 = unit('D2', '第二区', 'district', 'C1');
  const T3 = unit('T3', '东镇', 'township', 'D2');
  const reg2 = register([C, D, T1, T2, P1, D2, T3]);

  it('sums districts, de-duplicates enterprises across districts, uses the city’s own GDP', () => {
    const subs = [
      sub(T1, { RD_EXP: fv(100) }, [firm(1, ['IND'], 'T1.xlsx', 4), firm(2, ['IND'], 'T1.xlsx', 5)]),
      sub(T2, { RD_EXP: fv(50) }),
      sub(T3, { RD_EXP: fv(70) }, [firm(2, ['IND'], 'T3.xlsx', 4), firm(3, ['IND'], 'T3.xlsx', 5)]),
      sub(D, { GDP: fv(5000) }),
      sub(D2, { GDP: fv(3000) }),
      sub(C, { GDP: fv(9000) }),
    ];
    const { districts, city } = rollupAll(reg2, subs);
    expect(districts.map((d) => d.total.fields.IND_FIRMS.current)).toEqual([2, 2]);
    expect(city.total.fields.IND_FIRMS.current).toBe(3);
    expect(city.findings.some((f) => f.code === 'USCC_IN_TWO_DISTRICTS')).toBe(true);
    expect(city.total.fields.RD_EXP.current).toBe(220);
    expect(city.total.indicators.RD_INTENSITY.value).toBeCloseTo((220 / 9000) * 100, 12); // not 220/8000
    expect(city.rows.map((r) => r.indicators.RD_INTENSITY.value)).toEqual([3, (70 / 3000) * 100]);
    // The same via rollupCity on the district results.
    expect(rollupCity(buildRegisterTree(reg2), districts, subs[5]).total.indicators.RD_INTENSITY.value).toBe(
      city.total.indicators.RD_INTENSITY.value,
    );
  });
});

describe('real published data (nbs_rd_intensity_2022_with_gdp.csv)', () => {
  const lines = readFileSync(new URL('../../../shared/data/public/nbs_rd_intensity_2022_with_gdp.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const rows = lines.map((l) => {
    const c = l.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((x) => x.replace(/,$/, '').replace(/^"|"$/g, ''));
    return { region: c[0], rd: Number(c[1]), published: Number(c[2]), gdp: Number(c[3]) };
  });
  const nation = rows.find((r) => r.region === '全国')!;
  const provinces = rows.filter((r) => r.region !== '全国');

  it('the national intensity is Σ R&D / national GDP (2.54%), not the mean of provinces nor Σ R&D / Σ provincial GDP', () => {
    const n = unit('N', '全国', 'district', null);
    const units = provinces.map((p, i) => unit(`P${i}`, p.region, 'township', 'N'));
    const subs = [...provinces.map((p, i) => sub(units[i], { RD_EXP: fv(p.rd) })), sub(n, { GDP: fv(nation.gdp) })];
    const r = rollupDistrict(register([n, ...units]), 'N', subs);
    const sumRd = provinces.reduce((a, p) => a + p.rd, 0);
    expect(r.total.indicators.RD_INTENSITY.value).toBeCloseTo((sumRd / nation.gdp) * 100, 12);
    expect(excelRound(r.total.indicators.RD_INTENSITY.value!, 2)).toBe(nation.published);
    const mean = provinces.reduce((a, p) => a + p.published, 0) / provinces.length;
    expect(excelRound(mean, 3)).toBe(2.065);
    const sumGdp = provinces.reduce((a, p) => a + p.gdp, 0);
    expect(excelRound((sumRd / sumGdp) * 100, 4)).toBe(2.5579);
    // Each province's own intensity, recomputed as a district of its own, prints as published.
    for (const [i, p] of provinces.entries()) {
      const d = unit(`X${i}`, p.region, 'district', null);
      const one = rollupDistrict(register([d]), d.code, [sub(d, { RD_EXP: fv(p.rd), GDP: fv(p.gdp) })]);
      expect(excelRound(one.total.indicators.RD_INTENSITY.value!, 2)).toBe(p.published);
    }
  });
});

describe('two tiers: a city bureau that has only the districts’ own files', () => {
  it('a district’s own entered figures stand for it when none of its townships’ files is in (区报数); the city total sums them', () => {
    const C = unit('C1', '测试市', 'city', null);
    const DA = unit('DA', '甲区', 'district', 'C1');
    const DB = unit('DB', '乙区', 'district', 'C1');
    const reg2 = register([C, DA, DB, unit('TA1', '甲一镇', 'township', 'DA'), unit('TB1', '乙一镇', 'township', 'DB')]);
    const out = rollupAll(reg2, [sub(DA, { RD_EXP: fv(50, 40), GDP: fv(5000) }), sub(DB, { RD_EXP: fv(30, 20), GDP: fv(2000) })]);
    const a = out.districts.find((d) => d.unit.code === 'DA')!;
    expect(a.total.fields.RD_EXP).toMatchObject({ current: 50, previous: 40, source: 'input' });
    expect(a.total.fields.RD_EXP.missing).toBeUndefined();
    expect(a.findings.some((f) => f.code === 'DISTRICT_FIGURES_USED')).toBe(true);
    expect(out.city.total.fields.RD_EXP.current).toBe(80);
    expect(out.city.total.fields.RD_EXP.previous).toBe(60);
    expect(out.city.rows.map((r) => r.status)).toEqual(['included', 'included']);
  });

  it('when townships’ files are there too, the computed total wins and the district’s own figure is compared', () => {
    const DA = unit('DA', '甲区', 'district', null);
    const reg2 = register([DA, unit('TA1', '甲一镇', 'township', 'DA'), unit('TA2', '甲二镇', 'township', 'DA')]);
    const out = rollupAll(reg2, [sub(DA, { RD_EXP: fv(50) }), sub(unit('TA1', '甲一镇', 'township', 'DA'), { RD_EXP: fv(20) })]);
    const a = out.districts[0];
    expect(a.total.fields.RD_EXP).toMatchObject({ current: 20, source: 'sum' });
    expect(a.total.fields.RD_EXP.missing?.map((m) => [m.unitCode, m.reason])).toEqual([['TA2', '未报送']]);
    expect(a.findings.find((f) => f.code === 'TOTAL_DIFFERS_FROM_ENTERED')!.message).toContain('汇总结果不含：甲二镇');
  });
});
