/** Ranking tables: directions, methods, display decimals, composite index, rank change and progress rank. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankChildren, type RankingInputRow } from '../../src/core/ranking.js';
import { rankingNotesText } from '../../src/core/notes.js';

const row = (code: string, values: Record<string, number | null>): RankingInputRow => ({ unitCode: code, unitName: `区${code}`, values });

/** Naive competition rank (1 + number strictly better), written out here. */
const naiveRank = (xs: (number | null)[], desc: boolean) =>
  xs.map((x) => (x === null ? null : 1 + xs.filter((y) => y !== null && (desc ? y > x : y < x)).length));

describe('rankChildren', () => {
  it('ranks each indicator in its catalogue direction (清零对象 ascending)', () => {
    const rows = [
      row('A', { RD_INTENSITY: 2, DZ_NO_RD_GE_1E8: 5 }),
      row('B', { RD_INTENSITY: 3, DZ_NO_RD_GE_1E8: 0 }),
      row('C', { RD_INTENSITY: 1, DZ_NO_RD_GE_1E8: 9 }),
    ];
    const t = rankChildren(rows, { indicators: ['RD_INTENSITY', 'DZ_NO_RD_GE_1E8'], index: false });
    expect(t.rows.map((r) => r.ranks.RD_INTENSITY)).toEqual([2, 1, 3]);
    expect(t.rows.map((r) => r.ranks.DZ_NO_RD_GE_1E8)).toEqual([2, 1, 3]);
    expect(t.columns.map((c) => c.direction)).toEqual([1, -1]);
  });

  it('methods: competition 1,2,2,4 · dense 1,2,2,3 · average 1,2.5,2.5,4; blanks take no rank', () => {
    const rows = [
      row('A', { RD_INTENSITY: 5 }),
      row('B', { RD_INTENSITY: 4 }),
      row('C', { RD_INTENSITY: 4 }),
      row('D', { RD_INTENSITY: 1 }),
      row('E', { RD_INTENSITY: null }),
    ];
    const ranks = (method: 'competition' | 'dense' | 'average') =>
      rankChildren(rows, { indicators: ['RD_INTENSITY'], method, index: false }).rows.map((r) => r.ranks.RD_INTENSITY);
    expect(ranks('competition')).toEqual([1, 2, 2, 4, null]);
    expect(ranks('dense')).toEqual([1, 2, 2, 3, null]);
    expect(ranks('average')).toEqual([1, 2.5, 2.5, 4, null]);
  });

  it('ranking on display decimals ties values that print the same (2022: 辽宁 2.1429, 四川 2.1410)', () => {
    const rows = [row('LN', { RD_INTENSITY: 2.1429 }), row('SC', { RD_INTENSITY: 2.141 }), row('X', { RD_INTENSITY: 2.2 })];
    expect(rankChildren(rows, { indicators: ['RD_INTENSITY'], index: false }).rows.map((r) => r.ranks.RD_INTENSITY)).toEqual([2, 3, 1]);
    expect(
      rankChildren(rows, { indicators: ['RD_INTENSITY'], index: false, decimals: 'display' }).rows.map((r) => r.ranks.RD_INTENSITY),
    ).toEqual([2, 2, 1]);
  });

  it('matches the published 2022 provincial ranking (competition, average, dense; display decimals and full precision)', () => {
    const csv = (name: string) =>
      readFileSync(new URL(`../../../shared/data/public/${name}`, import.meta.url), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((x) => x.replace(/,$/, '').replace(/^"|"$/g, '')));
    const data = new Map(csv('nbs_rd_intensity_2022_with_gdp.csv').map((c) => [c[0], { rd: Number(c[1]), gdp: Number(c[3]) }]));
    const expectRows = csv('derived_rank_expectations_2022_intensity.csv');
    const rows = expectRows.map((c) => row(c[0], { RD_INTENSITY: (data.get(c[0])!.rd / data.get(c[0])!.gdp) * 100 }));
    const by = (method: 'competition' | 'dense' | 'average', decimals?: 'display') =>
      rankChildren(rows, { indicators: ['RD_INTENSITY'], method, decimals, index: false }).rows.map((r) => r.ranks.RD_INTENSITY);
    expect(by('competition', 'display')).toEqual(expectRows.map((c) => Number(c[2])));
    expect(by('average', 'display')).toEqual(expectRows.map((c) => Number(c[3])));
    expect(by('dense', 'display')).toEqual(expectRows.map((c) => Number(c[4])));
    expect(by('competition')).toEqual(expectRows.map((c) => Number(c[5])));
  });

  it('the composite index is recomputed among these siblings and ranked; missing indicators are noted', () => {
    const rows = [
      row('A', { RD_INTENSITY: 1, HT_OUTPUT_SHARE: 10 }),
      row('B', { RD_INTENSITY: 3, HT_OUTPUT_SHARE: 30 }),
      row('C', { RD_INTENSITY: 2, HT_OUTPUT_SHARE: null }),
    ];
    const t = rankChildren(rows, { indicators: ['RD_INTENSITY', 'HT_OUTPUT_SHARE'] });
    expect(t.rows.map((r) => r.index)).toEqual([0, 100, 50]);
    expect(t.rows.map((r) => r.indexRank)).toEqual([3, 1, 2]);
    expect(t.rows[2].indexMissing).toEqual(['HT_OUTPUT_SHARE']);
    expect(rankingNotesText(t.notes).some((n) => n.includes('区C缺少“高新技术产业产值占规上工业总产值比重”'))).toBe(true);
    const w = rankChildren(rows.slice(0, 2), {
      indicators: ['RD_INTENSITY', 'HT_OUTPUT_SHARE'],
      index: { method: 'standard', reference: [2, 20], weights: [3, 1] },
    });
    expect(w.rows.map((r) => r.index)).toEqual([50, 100]);
    expect(w.settings.index?.weights).toEqual([0.75, 0.25]);
  });

  it('rank change = last year’s rank − this year’s, on the same peer set and method; progress rank ranks the improvement', () => {
    const rows = [row('A', { RD_INTENSITY: 3 }), row('B', { RD_INTENSITY: 2 }), row('C', { RD_INTENSITY: 1 })];
    const previous = {
      units: [
        { unitCode: 'A', index: 20, rank: 3 },
        { unitCode: 'B', index: 90, rank: 1 },
        { unitCode: 'C', index: 50, rank: 2 },
      ],
    };
    const t = rankChildren(rows, { indicators: ['RD_INTENSITY'], previous });
    expect(t.rows.map((r) => r.indexRank)).toEqual([1, 2, 3]);
    expect(t.rows.map((r) => r.previousRank)).toEqual([3, 1, 2]);
    expect(t.rows.map((r) => r.rankChange)).toEqual([2, -1, -1]);
    expect(t.rows.map((r) => r.rankChangeText)).toEqual(['上升2位', '下降1位', '下降1位']);
    expect(t.rows.map((r) => r.improvement)).toEqual([80, -40, -50]);
    expect(t.rows.map((r) => r.progressRank)).toEqual([1, 2, 3]);
    // A unit new this year: ranks among the units present both years are compared, and it gets none.
    const withNew = rankChildren([...rows, row('D', { RD_INTENSITY: 2.5 })], { indicators: ['RD_INTENSITY'], previous });
    expect(withNew.rows.map((r) => r.indexRank)).toEqual([1, 3, 4, 2]);
    expect(withNew.rows.map((r) => r.rankChange)).toEqual([2, -1, -1, null]);
    expect(rankingNotesText(withNew.notes).some((n) => n.includes('区D上年无排名'))).toBe(true);
    // Last year's rank was competition with a tie; this year's method (dense) re-ranks last year's index.
    const tie = {
      method: 'competition' as const,
      units: [
        { unitCode: 'A', index: 50, rank: 1 },
        { unitCode: 'B', index: 50, rank: 1 },
        { unitCode: 'C', index: 10, rank: 3 },
      ],
    };
    const dense = rankChildren(rows, { indicators: ['RD_INTENSITY'], method: 'dense', previous: tie });
    expect(dense.rows.map((r) => r.previousRank)).toEqual([1, 1, 2]);
    expect(rankingNotesText(dense.notes).some((n) => n.includes('重新排位'))).toBe(true);
  });

  it('property: ranks agree with a naive count, and do not depend on row order', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: -50, max: 50 }), { nil: null }), { minLength: 1, maxLength: 12 }), (xs) => {
        const rows = xs.map((x, i) => row(`U${i}`, { RD_INTENSITY: x, DZ_NO_RD_GE_1E8: x }));
        const t = rankChildren(rows, { indicators: ['RD_INTENSITY', 'DZ_NO_RD_GE_1E8'], index: false });
        expect(t.rows.map((r) => r.ranks.RD_INTENSITY)).toEqual(naiveRank(xs, true));
        expect(t.rows.map((r) => r.ranks.DZ_NO_RD_GE_1E8)).toEqual(naiveRank(xs, false));
        const rev = rankChildren([...rows].reverse(), { indicators: ['RD_INTENSITY', 'DZ_NO_RD_GE_1E8'] });
        const fwd = rankChildren(rows, { indicators: ['RD_INTENSITY', 'DZ_NO_RD_GE_1E8'] });
        expect([...rev.rows].reverse().map((r) => [r.ranks, r.index, r.indexRank])).toEqual(
          fwd.rows.map((r) => [r.ranks, r.index, r.indexRank]),
        );
      }),
      { numRuns: 200 },
    );
  });
});
