/**
 * Composite index, ranking and ratio checks on the CII, Anhui and Guangzhou tables
 * (../shared/data/public, see its SOURCES.md).
 */
import { describe, it, expect } from 'vitest';
import { composite, excelRound, growth, rank, share } from '../../src/core/index.js';
import { publicTable } from '../helpers/csv.js';

const num = (s: string): number => {
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) throw new Error(`not a number in the table: "${s}"`);
  return n;
};

describe('中国创新指数 CII (cii_china_innovation_index_domains.csv)', () => {
  const rows = publicTable('cii_china_innovation_index_domains.csv');
  const domains = ['env_index', 'input_index', 'output_index', 'impact_index'];

  it('the total is the equal-weight mean of the four domain indices at 1 dp, six years of six', () => {
    expect(rows).toHaveLength(6);
    // The domain indices are already base-year indices (base = 100), so the composite is the
    // 'base' method with reference 100 per domain and equal weights: x / 100 × 100, averaged.
    const matrix = rows.map((r) => domains.map((d) => num(r[d])));
    const { scores, notes } = composite(matrix, { method: 'base', reference: [100, 100, 100, 100] });
    expect(notes).toEqual([]);
    rows.forEach((r, i) => {
      expect(excelRound(scores[i]!, 1), r.year).toBe(num(r.cii_total_published));
      expect(excelRound(scores[i]!, 3), r.year).toBe(num(r.equal_weight_mean_of_4_domains_recomputed));
    });
  });

  it('unequal weights would not reproduce it (the check can fail)', () => {
    const matrix = rows.map((r) => domains.map((d) => num(r[d])));
    const { scores } = composite(matrix, { method: 'base', reference: [100, 100, 100, 100], weights: [2, 1, 1, 1] });
    const matches = rows.filter((r, i) => excelRound(scores[i]!, 1) === num(r.cii_total_published)).length;
    expect(matches).toBeLessThan(rows.length);
  });

  it('revision trap: 2023 domain growth on the 2022 values as first published differs from the published growth', () => {
    // SOURCES.md §8: 2023 growth published as 5.5% (投入) and 0.4% (成效); 155.0/146.7 and 129.4/128.2 give 5.7% and 0.9%.
    const y2022 = rows.find((r) => r.year === '2022')!;
    const y2023 = rows.find((r) => r.year === '2023')!;
    expect(excelRound(growth(num(y2023.input_index), num(y2022.input_index)), 1)).toBe(5.7);
    expect(excelRound(growth(num(y2023.impact_index), num(y2022.impact_index)), 1)).toBe(0.9);
  });
});

describe('安徽 2022H1 absorbed technology contracts (anhui_2022H1_absorbed_tech_contracts_by_city.csv)', () => {
  const all = publicTable('anhui_2022H1_absorbed_tech_contracts_by_city.csv');
  const cities = all.filter((r) => r.seq_in_source !== 'total');
  const total = all.find((r) => r.seq_in_source === 'total')!;

  it('RANK (competition, descending) by amount reproduces all 16 published ranks', () => {
    expect(cities).toHaveLength(16);
    expect(rank(cities.map((r) => num(r.absorbed_amount_100m_yuan)))).toEqual(cities.map((r) => num(r.amount_rank_published)));
  });

  it('counts add up exactly to the total; rounded amounts to 428.3 against the published 428.4', () => {
    expect(cities.reduce((s, r) => s + num(r.absorbed_contracts_count), 0)).toBe(num(total.absorbed_contracts_count));
    const sum = excelRound(
      cities.reduce((s, r) => s + num(r.absorbed_amount_100m_yuan), 0),
      1,
    );
    expect(sum).toBe(428.3);
    expect(num(total.absorbed_amount_100m_yuan)).toBe(428.4);
  });
});

describe('广州 above-scale industrial R&D (guangzhou_above_scale_industrial_rd_2020_2021.csv)', () => {
  const rows = new Map(publicTable('guangzhou_above_scale_industrial_rd_2020_2021.csv').map((r) => [r.item_zh, r]));
  const v = (item: string, year: '2020' | '2021') => num(rows.get(item)![year]);

  it('有R&D活动企业占比 and 有研发机构企业占比 recompute from their numerators and denominators', () => {
    const expected = {
      '2020': { rd: 44.64, inst: 43.29 },
      '2021': { rd: 43.15, inst: 47.7 },
    } as const;
    for (const year of ['2020', '2021'] as const) {
      const firms = v('规模以上工业企业数', year);
      expect(excelRound(share(v('有R&D活动的企业数', year), firms), 2), year).toBe(expected[year].rd);
      expect(excelRound(share(v('有研发机构的企业数', year), firms), 2), year).toBe(expected[year].inst);
    }
  });

  it('the three breakdowns of R&D expenditure each add up to the total (exact to 0.1 万元)', () => {
    for (const year of ['2020', '2021'] as const) {
      const total = v('R&D经费内部支出合计', year);
      const sum = (items: string[]) =>
        excelRound(
          items.reduce((s, i) => s + v(i, year), 0),
          1,
        );
      expect(sum(['经常性支出', '资产性支出']), year).toBe(total);
      expect(sum(['基础研究支出', '应用研究支出', '试验发展支出']), year).toBe(total);
      expect(sum(['政府资金', '企业资金', '境外资金', '其他资金']), year).toBe(total);
    }
  });
});
