import { describe, it, expect } from 'vitest';
import { BASE_FIELDS, DERIVED_INDICATORS, catalogue, labelWithUnit, numberFormat } from '../../src/core/index.js';
import { ENTERPRISE_FLAGS, matchesCountRule, type EnterpriseFlag } from '../../src/core/catalogue.js';

describe('catalogue', () => {
  it('has the named indicators of indicators.md §3 with their unit, decimals and rule', () => {
    const expected: [string, string, number, string][] = [
      ['RD_INTENSITY', '%', 2, 'DISTRICT_ONLY'],
      ['RD_GROWTH', '%', 1, 'CHANGE'],
      ['RD_INTENSITY_PP', '百分点', 2, 'CHANGE'],
      ['IND_RD_FEE_RATIO', '%', 2, 'RATIO_OF_SUMS'],
      ['RD_ACTIVE_FIRM_SHARE', '%', 2, 'RATIO_OF_SUMS'],
      ['RD_INST_FIRM_SHARE', '%', 2, 'RATIO_OF_SUMS'],
      ['RD_PER_10K_EMP', '人年/万人', 1, 'DISTRICT_ONLY'],
      ['HNTE_PER_1000_FIRMS', '家', 2, 'RATIO_OF_SUMS'],
      ['HT_INV_SHARE', '%', 1, 'DISTRICT_ONLY'],
      ['STI_INDEX', '分', 1, 'RECOMPUTE'],
    ];
    for (const [code, unit, decimals, rule] of expected) {
      expect(catalogue.indicator(code), code).toMatchObject({ unit, decimals, rule });
    }
  });

  it('every ratio, growth and completion refers to existing base fields; every pp to a ratio', () => {
    for (const d of DERIVED_INDICATORS) {
      if (d.numerator) expect(catalogue.baseField(d.numerator), `${d.code} numerator`).toBeDefined();
      if (d.denominator) expect(catalogue.baseField(d.denominator), `${d.code} denominator`).toBeDefined();
      if (d.kind === 'pp') expect(catalogue.indicator(d.of!)?.kind).toBe('ratio');
      expect(d.nameZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('codes are unique ASCII identifiers; lower-is-better fields are the 清零对象 counts', () => {
    const codes = [...BASE_FIELDS, ...DERIVED_INDICATORS].map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(BASE_FIELDS.filter((f) => f.direction === -1).map((f) => f.code)).toEqual(['DZ_NO_RD_GE_1E8', 'DZ_NO_INST_GE_5E8']);
    expect(catalogue.get('NOPE')).toBeUndefined();
  });

  it('labels and number formats come from the entry', () => {
    expect(labelWithUnit(catalogue.get('RD_INTENSITY')!)).toBe('研发经费投入强度（%）');
    expect(numberFormat(catalogue.get('RD_INTENSITY')!)).toBe('0.00');
    expect(numberFormat(catalogue.get('IND_FIRMS')!)).toBe('#,##0');
    expect(numberFormat(catalogue.get('RD_EXP')!)).toBe('#,##0.00');
  });
});

describe('matchesCountRule (flags as a bitmask)', () => {
  it('agrees with the rule read literally, for every combination of flags, every count of the catalogue and revenues around its floor', () => {
    const rules = BASE_FIELDS.flatMap((f) => (f.fromEnterprises ? [f.fromEnterprises] : []));
    expect(rules.length).toBeGreaterThan(3);
    const names = ENTERPRISE_FLAGS.map((f) => f.flag);
    let checked = 0;
    for (let bits = 0; bits < 1 << names.length; bits++) {
      const flags = Object.fromEntries(names.map((n, i) => [n, (bits & (1 << i)) !== 0])) as Record<EnterpriseFlag, boolean>;
      for (const rule of rules)
        for (const revenue of [null, 0, (rule.minRevenue ?? 100) - 1, rule.minRevenue ?? 100, (rule.minRevenue ?? 100) + 1]) {
          const literal =
            rule.all.every((f) => flags[f]) &&
            !(rule.none ?? []).some((f) => flags[f]) &&
            (rule.minRevenue === undefined || (revenue !== null && revenue >= rule.minRevenue));
          expect(matchesCountRule({ flags, revenue }, rule)).toBe(literal);
          checked++;
        }
    }
    expect(checked).toBe(64 * rules.length * 5);
  });
});
