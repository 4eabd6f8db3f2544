/**
 * The core against real published tables (../shared/data/public, see its SOURCES.md).
 * Expected values come from the files; nothing here is typed in by hand except the
 * few facts SOURCES.md states about them (the 辽宁/四川 tie, the revision trap).
 */
import { describe, it, expect } from 'vitest';
import { completion, excelRound, growth, ppChange, rank, rdIntensity, share } from '../../src/core/index.js';
import { publicTable } from '../helpers/csv.js';

const num = (s: string): number => {
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) throw new Error(`not a number in the table: "${s}"`);
  return n;
};
/** Decimals printed in a published value ("2.00" → 2). */
const printedDp = (s: string) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);

describe('seed_checks.csv', () => {
  const rows = publicTable('seed_checks.csv');

  it('has the three seed checks', () => {
    expect(rows.map((r) => r.check_id)).toEqual(['SEED1', 'SEED2', 'SEED3']);
  });

  it.each(rows.map((r) => [r.check_id, r] as const))('%s: numerator / denominator × 100 at display decimals', (_id, r) => {
    const compute = r.indicator_code.endsWith('_COMPLETION') ? completion : share;
    const value = compute(num(r.numerator), num(r.denominator));
    expect(excelRound(value, num(r.display_dp))).toBe(num(r.expected_display));
    expect(excelRound(value, 6)).toBe(num(r.raw_value));
  });
});

describe('2022 R&D intensity by province (nbs_rd_intensity_2022_with_gdp.csv)', () => {
  const rows = publicTable('nbs_rd_intensity_2022_with_gdp.csv');
  const provinces = rows.filter((r) => r.region_zh !== '全国');
  const national = rows.find((r) => r.region_zh === '全国')!;

  it('has 全国 and 31 provinces', () => {
    expect(rows).toHaveLength(32);
    expect(new Set(provinces.map((r) => r.region_zh)).size).toBe(31);
  });

  it.each(rows.map((r) => [r.region_zh, r] as const))('%s: RD / GDP × 100 rounds to the published intensity (2 dp)', (_region, r) => {
    const value = rdIntensity(num(r.rd_expenditure_100m_yuan), num(r.gdp_2022_preliminary_100m_yuan));
    expect(excelRound(value, 2)).toBe(num(r.rd_intensity_pct_published));
    expect(excelRound(value, 4)).toBe(num(r.rd_intensity_pct_recomputed_4dp));
  });

  it('never average ratios: neither the mean of provincial intensities nor ΣRD/Σprovincial GDP is the national 2.54', () => {
    const mean = provinces.reduce((s, r) => s + num(r.rd_intensity_pct_published), 0) / provinces.length;
    expect(excelRound(mean, 3)).toBe(2.065);
    const sumRd = provinces.reduce((s, r) => s + num(r.rd_expenditure_100m_yuan), 0);
    const sumGdp = provinces.reduce((s, r) => s + num(r.gdp_2022_preliminary_100m_yuan), 0);
    expect(excelRound(sumGdp, 1)).toBe(1_203_462.2);
    expect(excelRound(rdIntensity(sumRd, sumGdp), 4)).toBe(2.5579);
    const published = num(national.rd_intensity_pct_published);
    expect(published).toBe(2.54);
    expect(excelRound(mean, 2)).not.toBe(published);
    expect(excelRound(rdIntensity(sumRd, sumGdp), 2)).not.toBe(published);
    // The right way: the national numerator over the national denominator.
    expect(excelRound(rdIntensity(num(national.rd_expenditure_100m_yuan), num(national.gdp_2022_preliminary_100m_yuan)), 2)).toBe(
      published,
    );
  });
});

describe('2022 provincial ranks (derived_rank_expectations_2022_intensity.csv)', () => {
  const expected = publicTable('derived_rank_expectations_2022_intensity.csv');
  const gdpRows = new Map(publicTable('nbs_rd_intensity_2022_with_gdp.csv').map((r) => [r.region_zh, r]));
  const regions = expected.map((r) => r.region_zh);
  const published = expected.map((r) => num(r.rd_intensity_pct_published));
  const unrounded = regions.map((region) => {
    const g = gdpRows.get(region);
    if (!g) throw new Error(`${region} missing from the GDP table`);
    return rdIntensity(num(g.rd_expenditure_100m_yuan), num(g.gdp_2022_preliminary_100m_yuan));
  });
  const column = (name: string) => expected.map((r) => num(r[name]));
  const at = (ranks: (number | null)[], region: string) => ranks[regions.indexOf(region)];

  it('covers the 31 provinces', () => {
    expect(expected).toHaveLength(31);
  });

  it('competition (RANK.EQ) on the published values', () => {
    expect(rank(published)).toEqual(column('rank_eq_desc (competition 1,2,2,4)'));
  });

  it('average (RANK.AVG) on the published values', () => {
    expect(rank(published, { method: 'average' })).toEqual(column('rank_avg_desc (Excel RANK.AVG)'));
  });

  it('dense (中国式排名) on the published values', () => {
    expect(rank(published, { method: 'dense' })).toEqual(column('dense_rank_desc (中国式排名)'));
  });

  it('辽宁 and 四川 both print 2.14: tied 13th, next is 15th (competition) / 14th (dense), 13.5 each (average)', () => {
    const c = rank(published);
    const d = rank(published, { method: 'dense' });
    const a = rank(published, { method: 'average' });
    expect([at(c, '辽宁'), at(c, '四川')]).toEqual([13, 13]);
    expect([at(a, '辽宁'), at(a, '四川')]).toEqual([13.5, 13.5]);
    expect([at(d, '辽宁'), at(d, '四川')]).toEqual([13, 13]);
    expect(c.filter((r) => r === 14)).toHaveLength(0);
    expect(at(c, '福建')).toBe(15);
    expect(at(d, '福建')).toBe(14);
  });

  it('on the unrounded R&D/GDP the tie breaks: 辽宁 2.1429 13th, 四川 2.1410 14th', () => {
    const r = rank(unrounded);
    expect(r).toEqual(column('rank_eq_desc_on_recomputed_unrounded (RD/GDP full precision)'));
    expect([at(r, '辽宁'), at(r, '四川')]).toEqual([13, 14]);
  });

  it('ranking the unrounded values with decimals: 2 reproduces the ranks of the printed values', () => {
    expect(rank(unrounded, { decimals: 2 })).toEqual(rank(published));
    expect(rank(unrounded, { decimals: 2, method: 'dense' })).toEqual(column('dense_rank_desc (中国式排名)'));
    expect(rank(unrounded, { decimals: 2, method: 'average' })).toEqual(column('rank_avg_desc (Excel RANK.AVG)'));
  });

  it('rank by R&D amount', () => {
    expect(rank(column('rd_expenditure_100m_yuan'))).toEqual(column('rank_eq_desc_by_rd_expenditure'));
  });
});

describe('national series 2018–2023 (nbs_national_rd_intensity_2018_2023.csv)', () => {
  const rows = publicTable('nbs_national_rd_intensity_2018_2023.csv');
  const byYear = new Map(rows.map((r) => [num(r.year), r]));
  const revisedPrev = (r: Record<string, string>) => num(r.prev_year_intensity_revised_pct.split(' ')[0]);

  it('intensity = RD / preliminary GDP × 100 at 2 dp, six years of six', () => {
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      expect(excelRound(rdIntensity(num(r.rd_expenditure_100m_yuan), num(r.gdp_preliminary_100m_yuan)), 2), r.year).toBe(
        num(r.rd_intensity_pct_published),
      );
    }
  });

  it('比上年提高 = this year − the REVISED previous year, six years of six', () => {
    for (const r of rows) {
      expect(excelRound(ppChange(num(r.rd_intensity_pct_published), revisedPrev(r)), 2), r.year).toBe(num(r.pp_change_published));
    }
  });

  // SOURCES.md says "would differ in 4 of 5 years"; the file's own figures differ in all 5
  // (2019 0.04/0.09, 2020 0.17/0.16, 2021 0.04/0.03, 2022 0.10/0.11, 2023 0.11/0.09).
  it("using last year's originally published value instead would be wrong every year (2023: 0.11, published 0.09)", () => {
    let wrong = 0;
    for (const r of rows) {
      const prev = byYear.get(num(r.year) - 1);
      if (!prev) continue;
      const unrevised = excelRound(ppChange(num(r.rd_intensity_pct_published), num(prev.rd_intensity_pct_published)), 2);
      expect(unrevised, r.year).toBe(num(r.pp_change_if_unrevised_prev_used));
      if (unrevised !== num(r.pp_change_published)) wrong++;
    }
    expect(wrong).toBe(5);
    expect(excelRound(ppChange(2.65, num(byYear.get(2022)!.rd_intensity_pct_published)), 2)).toBe(0.11);
  });

  it('growth = (RD_t / RD_t−1 − 1) × 100 at 1 dp, and the published increase, 2019–2023', () => {
    let checked = 0;
    for (const r of rows) {
      const prev = byYear.get(num(r.year) - 1);
      if (!prev) continue;
      const cur = num(r.rd_expenditure_100m_yuan);
      const before = num(prev.rd_expenditure_100m_yuan);
      expect(excelRound(growth(cur, before), 1), r.year).toBe(num(r.rd_growth_pct_published));
      expect(excelRound(cur - before, 1), r.year).toBe(num(r.rd_increase_100m_yuan_published));
      checked++;
    }
    expect(checked).toBe(5);
  });
});

describe('national R&D structure shares (nbs_national_rd_structure_shares_2018_2023.csv)', () => {
  const rows = publicTable('nbs_national_rd_structure_shares_2018_2023.csv').filter((r) => r.share_pct_published !== '');

  it('share = part / total × 100 at the printed precision, within ±1 in the last digit (rounded inputs)', () => {
    let exact = 0;
    for (const r of rows) {
      const dp = printedDp(r.share_pct_published);
      const value = excelRound(share(num(r.component_100m_yuan), num(r.national_rd_total_100m_yuan)), dp);
      expect(value, `${r.year} ${r.component_zh}`).toBe(num(r.share_pct_recomputed_at_published_dp));
      const lastDigits = Math.round(Math.abs(value - num(r.share_pct_published)) * 10 ** dp);
      expect(lastDigits, `${r.year} ${r.component_zh}`).toBeLessThanOrEqual(1);
      if (lastDigits === 0) exact++;
    }
    // The one documented edge case: 2023 试验发展 27436.5 / 33357.1 = 82.2508% → 82.3, published 82.2.
    expect(rows.length - exact).toBe(1);
  });
});

describe('bulletin text orderings (nbs_bulletin_text_orderings.csv) against RANK on the province table', () => {
  const provinceRows = publicTable('nbs_rd_by_province_2018_2023.csv');
  const orderings = publicTable('nbs_bulletin_text_orderings.csv');
  const years = [...new Set(orderings.map((r) => num(r.year)))];

  it.each(years)('%i: the listed provinces are exactly those over the threshold, listed in rank order', (year) => {
    const table = provinceRows.filter((r) => num(r.year) === year);
    const national = table.find((r) => r.region_zh === '全国')!;
    const provinces = table.filter((r) => r.region_zh !== '全国');
    const lists = new Map<string, Record<string, string>[]>();
    for (const r of orderings.filter((o) => num(o.year) === year)) lists.set(r.list, [...(lists.get(r.list) ?? []), r]);
    expect(lists.size).toBeGreaterThan(0);
    for (const [list, items] of lists) {
      items.sort((a, b) => num(a.position_in_text) - num(b.position_in_text));
      const byShare = list.includes('比重');
      const byAmount = list.includes('千亿元');
      const value = (r: Record<string, string>) => num(byAmount ? r.rd_expenditure_100m_yuan : r.rd_intensity_pct_published);
      const ranks = rank(provinces.map(value));
      const rankOf = (region: string) => ranks[provinces.findIndex((p) => p.region_zh === region)];
      if (byShare) {
        // 2018 "占全国比重": the share of each listed province recomputes exactly.
        for (const it of items) {
          const p = provinces.find((x) => x.region_zh === it.region_zh)!;
          expect(excelRound(share(num(p.rd_expenditure_100m_yuan), num(national.rd_expenditure_100m_yuan)), 1), it.region_zh).toBe(
            num(it.value_in_text),
          );
        }
        continue;
      }
      const threshold = byAmount ? 1000 : num(national.rd_intensity_pct_published);
      const over = provinces.filter((p) => value(p) > threshold).map((p) => p.region_zh);
      expect(new Set(items.map((i) => i.region_zh)), `${year} ${list}`).toEqual(new Set(over));
      const listedRanks = items.map((i) => rankOf(i.region_zh)!);
      expect(listedRanks, `${year} ${list}`).toEqual([...listedRanks].sort((a, b) => a - b));
      expect(listedRanks[0]).toBe(1);
    }
  });
});

describe('published ties in the province table (nbs_rd_by_province_2018_2023.csv)', () => {
  const rows = publicTable('nbs_rd_by_province_2018_2023.csv').filter((r) => r.region_zh !== '全国');
  const ties: [number, 'rd_intensity_pct_published' | 'rd_expenditure_100m_yuan', string, string][] = [
    [2018, 'rd_intensity_pct_published', '山西', '云南'],
    [2018, 'rd_intensity_pct_published', '湖南', '四川'],
    [2019, 'rd_intensity_pct_published', '内蒙古', '贵州'],
    [2021, 'rd_intensity_pct_published', '安徽', '山东'],
    [2022, 'rd_intensity_pct_published', '辽宁', '四川'],
    [2020, 'rd_expenditure_100m_yuan', '黑龙江', '广西'],
    [2023, 'rd_expenditure_100m_yuan', '内蒙古', '广西'],
  ];

  it.each(ties)(
    '%i %s: %s and %s share a rank (competition and dense), and the next rank is skipped only by competition',
    (year, field, a, b) => {
      const table = rows.filter((r) => num(r.year) === year);
      expect(table).toHaveLength(31);
      const values = table.map((r) => num(r[field]));
      const c = rank(values);
      const d = rank(values, { method: 'dense' });
      const ia = table.findIndex((r) => r.region_zh === a);
      const ib = table.findIndex((r) => r.region_zh === b);
      expect(values[ia]).toBe(values[ib]);
      expect(c[ia]).toBe(c[ib]);
      expect(d[ia]).toBe(d[ib]);
      expect(c).not.toContain(c[ia]! + 1);
      expect(rank(values, { method: 'average' })[ia]).toBe(c[ia]! + 0.5);
    },
  );

  it('the 31 provinces add up to 全国 within ±0.3 亿元 (SUM rollup of rounded parts)', () => {
    const all = publicTable('nbs_rd_by_province_2018_2023.csv');
    for (const year of [2018, 2019, 2020, 2021, 2022, 2023]) {
      const table = all.filter((r) => num(r.year) === year);
      const national = num(table.find((r) => r.region_zh === '全国')!.rd_expenditure_100m_yuan);
      const sum = table.filter((r) => r.region_zh !== '全国').reduce((s, r) => s + num(r.rd_expenditure_100m_yuan), 0);
      expect(Math.abs(excelRound(sum - national, 1)), String(year)).toBeLessThanOrEqual(0.3);
    }
  });
});
