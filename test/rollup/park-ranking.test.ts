/**
 * Parks ranked among parks (product.md §5): ranks checked against an independent count, the
 * totals untouched by parks, the 园区排名 sheet with RANK.EQ formulas, and `sti rollup --json`.
 */
import { describe, expect, it } from 'vitest';
import { parkRankingJson } from '../../src/cli/json-shape.js';
import { catalogue } from '../../src/core/catalogue.js';
import { rankingNotesText } from '../../src/core/notes.js';
import { buildDemoData } from '../../src/core/demo.js';
import { buildRollupWorkbook, PARK_RANKING_SHEET } from '../../src/core/outputs-rollup.js';
import { PARK_RANKING_INDICATORS, rankParks } from '../../src/core/ranking.js';
import { rollupAll } from '../../src/core/rollup.js';
import type { RollupRow } from '../../src/core/rollup-types.js';
import { fv, sub, unit } from './fixtures.js';

const demo = buildDemoData();
const { city, districts } = rollupAll(demo.register, demo.submissions);

const valueOf = (row: RollupRow, code: string): number | null =>
  code in row.fields ? row.fields[code].current : (row.indicators[code]?.value ?? null);

/** Competition rank by counting: 1 + the parks strictly better in the indicator's direction. */
function countedRank(values: (number | null)[], i: number, direction: number): number | null {
  const v = values[i];
  if (v === null) return null;
  return 1 + values.filter((x) => x !== null && (direction === 1 ? x > v : x < v)).length;
}

describe('rankParks', () => {
  it('a city rollup ranks every submitted 其中 park of the city together; ranks equal an independent count', () => {
    const rankings = rankParks([city, ...districts]);
    expect(rankings).toHaveLength(1);
    const [r] = rankings;
    expect([r.scope, r.unit.code]).toEqual(['city', city.unit.code]);
    const parks = districts.flatMap((d) => d.rows.filter((x) => x.role === 'memo' && x.status === 'included'));
    expect(parks.length).toBeGreaterThanOrEqual(6);
    expect(r.table.rows.map((x) => x.unitCode)).toEqual(parks.map((p) => p.unit.code));
    expect(r.districts.map((d) => d.unitCode)).toEqual(parks.map((p) => p.unit.parentCode));
    expect(r.table.columns.map((c) => c.code)).toEqual([...PARK_RANKING_INDICATORS]); // the demo's parks have no targets
    let ranked = 0;
    for (const code of PARK_RANKING_INDICATORS) {
      const values = parks.map((p) => valueOf(p, code));
      const direction = catalogue.get(code)!.direction;
      r.table.rows.forEach((row, i) => {
        expect(row.values[code], `${row.unitName} ${code}`).toBe(values[i]);
        expect(row.ranks[code], `${row.unitName} ${code}`).toBe(countedRank(values, i, direction));
        if (row.ranks[code] !== null) ranked++;
      });
    }
    expect(ranked).toBeGreaterThan(parks.length * 4);
    // The shape `sti rollup --json` prints.
    const json = parkRankingJson(r);
    expect(json.rows[0]).toEqual({
      unitCode: parks[0].unit.code,
      unitName: parks[0].unit.name,
      districtCode: parks[0].unit.parentCode,
      districtName: districts.find((d) => d.unit.code === parks[0].unit.parentCode)!.unit.name,
      values: r.table.rows[0].values,
      ranks: r.table.rows[0].ranks,
    });
    expect(json.method).toBe('competition');
  });

  it('parks are never added into the total: a district total is the sum of its townships alone', () => {
    for (const d of districts) {
      const parks = d.rows.filter((x) => x.role === 'memo');
      expect(parks.length).toBeGreaterThan(0);
      for (const code of ['RD_EXP', 'TECH_CONTRACT_AMT']) {
        const towns = d.rows.filter((x) => x.role === 'partition').reduce((a, x) => a + (x.fields[code].current ?? 0), 0);
        const parkSum = parks.reduce((a, x) => a + (x.fields[code].current ?? 0), 0);
        expect(parkSum).toBeGreaterThan(0);
        expect(d.total.fields[code].current).toBeCloseTo(towns, 6);
      }
    }
    // Ranking the parks leaves every total as it was.
    const before = JSON.stringify([city, ...districts].map((x) => x.total));
    rankParks([city, ...districts]);
    buildRollupWorkbook([city, ...districts]);
    expect(JSON.stringify([city, ...districts].map((x) => x.total))).toBe(before);
  });

  it('a district rollup ranks its own parks; one park alone is not a ranking', () => {
    const two = districts.find((d) => d.rows.filter((x) => x.role === 'memo' && x.status === 'included').length === 2)!;
    const one = districts.find((d) => d.rows.filter((x) => x.role === 'memo').length === 1)!;
    const [r] = rankParks([two]);
    expect([r.scope, r.unit.code, r.table.rows.length]).toEqual(['district', two.unit.code, 2]);
    expect(rankParks([one])).toEqual([]);
    const sheets = buildRollupWorkbook([one]).sheets.map((s) => s.name);
    expect(sheets).not.toContain(PARK_RANKING_SHEET);
  });

  it('completion rates where a park has a target; missing parks named; 计入合计 parks are not memo parks', () => {
    const D = unit('D1', '测试区', 'district', null);
    const reg = {
      units: [
        D,
        unit('T1', '甲镇', 'township', 'D1'),
        unit('P1', '甲园', 'park', 'D1'),
        unit('P2', '乙园', 'park', 'D1'),
        unit('P3', '丙园', 'park', 'D1'),
        unit('P4', '开发区', 'park', 'D1', true),
      ],
    };
    const { districts: ds } = rollupAll(reg, [
      sub(unit('T1', '甲镇', 'township', 'D1'), { RD_EXP: fv(100), TECH_CONTRACT_AMT: fv(50, null, 60) }),
      sub(unit('P1', '甲园', 'park', 'D1'), { RD_EXP: fv(30, 20), TECH_CONTRACT_AMT: fv(40, null, 50) }),
      sub(unit('P2', '乙园', 'park', 'D1'), { RD_EXP: fv(30, 10), TECH_CONTRACT_AMT: fv(10) }),
      sub(unit('P4', '开发区', 'park', 'D1', true), { RD_EXP: fv(500), TECH_CONTRACT_AMT: fv(900) }),
    ]);
    const [r] = rankParks(ds);
    expect(r.table.rows.map((x) => x.unitCode)).toEqual(['P1', 'P2']);
    expect(r.table.columns.map((c) => c.code)).toContain('TECH_CONTRACT_COMPLETION');
    expect(r.table.columns.map((c) => c.code)).not.toContain('RD_COMPLETION');
    const ranks = (code: string) => r.table.rows.map((x) => x.ranks[code]);
    expect(ranks('RD_EXP')).toEqual([1, 1]); // a tie: both first (RANK.EQ)
    expect(ranks('RD_GROWTH')).toEqual([2, 1]); // 50% and 200%
    expect(ranks('TECH_CONTRACT_COMPLETION')).toEqual([1, null]);
    expect(rankingNotesText(r.table.notes).some((n) => n.includes('丙园') && n.includes('未报送'))).toBe(true);
    // The partition-member park is in the total, not in the park ranking.
    expect(ds[0].total.fields.RD_EXP.current).toBe(600);
  });
});

describe('园区排名 sheet', () => {
  it('RANK.EQ formulas with the engine ranks cached, each park with its district, placed after the 汇总 sheets', () => {
    const model = buildRollupWorkbook([city, ...districts]);
    const names = model.sheets.map((s) => s.name);
    expect(names.indexOf(PARK_RANKING_SHEET)).toBe(names.indexOf('报送情况') - 1);
    const sheet = model.sheets.find((s) => s.name === PARK_RANKING_SHEET)!;
    const [r] = rankParks([city, ...districts]);
    const codes = sheet.rows[4]!.map((c) => c?.value);
    expect(sheet.rows[2]!.slice(0, 4).map((c) => c?.value)).toEqual(['位次', '园区代码', '园区名称', '所属区(县)']);
    let formulas = 0;
    const rowOf = new Map(r.table.rows.map((_, i) => [sheet.rows[5 + i]![1]?.value, 5 + i]));
    r.table.rows.forEach((row, i) => {
      // Rows are in rank order now: find each park's row by its code.
      const cells = sheet.rows[rowOf.get(row.unitCode)!]!;
      expect(cells[1]?.value).toBe(row.unitCode);
      expect(cells[3]?.value).toBe(r.districts[i].unitName);
      for (const c of r.table.columns) {
        const rankCell = cells[codes.indexOf(`${c.code}:位次`)]!;
        expect(rankCell.formula).toMatch(/^IF\(ISNUMBER\([A-Z]+\d+\),_xlfn\.RANK\.EQ\(/);
        expect(rankCell.value).toBe(row.ranks[c.code] ?? '');
        expect(cells[codes.indexOf(c.code)]?.value ?? null).toBe(row.values[c.code]);
        formulas++;
      }
    });
    expect(formulas).toBe(r.table.rows.length * r.table.columns.length);
  });
});
