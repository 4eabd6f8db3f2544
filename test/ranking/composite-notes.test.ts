/**
 * The 科创指数 in a ranking table: a cleared 清零对象 (0 firms without R&D) scores the best value
 * under the standard and base methods, and every note the composite writes reaches the table's
 * notes with units and indicators named, never as row and column numbers.
 */
import { describe, expect, it } from 'vitest';
import { catalogue, composite, type CompositeOptions } from '../../src/core/index.js';
import { rankingNotesText } from '../../src/core/notes.js';
import { rankChildren, type IndexOptions, type RankingInputRow } from '../../src/core/ranking.js';

const row = (code: string, values: Record<string, number | null>): RankingInputRow => ({ unitCode: code, unitName: `区${code}`, values });
const NO_RD = 'DZ_NO_RD_GE_1E8'; // lower is better (catalogue direction −1)
const nameZh = (code: string) => catalogue.get(code)!.nameZh;

describe('a cleared 清零对象 in the index', () => {
  const indicators = ['RD_INTENSITY', NO_RD];
  const rowsWith = (noRd: number) => [
    row('A', { RD_INTENSITY: 2, [NO_RD]: noRd }),
    row('B', { RD_INTENSITY: 3, [NO_RD]: 4 }),
    row('C', { RD_INTENSITY: 1, [NO_RD]: 9 }),
  ];

  it.each<[string, IndexOptions]>([
    ['standard', { method: 'standard', reference: [2.5, 5] }],
    ['base', { method: 'base', reference: [2.5, 5] }],
    ['base, geometric', { method: 'base', reference: [2.5, 5], aggregation: 'geometric' }],
  ])('%s: 0 gives a finite index at least that of any positive count, with no weight re-normalised', (_, index) => {
    const cleared = rankChildren(rowsWith(0), { indicators, index });
    const a = cleared.rows[0];
    expect(a.index).not.toBeNull();
    expect(Number.isFinite(a.index)).toBe(true);
    expect(a.indexMissing).toEqual([]);
    expect(rankingNotesText(cleared.notes).some((n) => n.includes('重新归一化'))).toBe(false);
    for (const count of [0.5, 1, 2, 2.5, 3, 5, 8, 100]) {
      const positive = rankChildren(rowsWith(count), { indicators, index }).rows[0].index!;
      expect(a.index!, `${NO_RD} = ${count}`).toBeGreaterThanOrEqual(positive - 1e-9);
    }
  });

  it('base: the cap is named in the notes', () => {
    const t = rankChildren(rowsWith(0), { indicators, index: { method: 'base', reference: [2.5, 5] } });
    expect(rankingNotesText(t.notes)).toContain(
      `科创指数：“${nameZh(NO_RD)}”（越小越好）：区A不高于基期值的一半（含为0），得分按上限200计`,
    );
  });
});

describe('rankChildren keeps every note of the composite, in named form', () => {
  const indicators = ['RD_INTENSITY', 'HT_OUTPUT_SHARE', NO_RD];
  /** The composite's notes for the same matrix and settings rankChildren uses. */
  const compositeNotes = (rows: RankingInputRow[], options: CompositeOptions) =>
    composite(
      rows.map((r) => indicators.map((c) => r.values[c] ?? null)),
      { directions: [1, 1, -1], zscoreTo100: true, ...options },
    ).notes;
  const indexNotes = (notes: string[]) => notes.filter((n) => n.startsWith('科创指数：'));

  it.each<[string, IndexOptions, RankingInputRow[], string[]]>([
    [
      'minmax, geometric: equal column, missing indicator, no indicator at all, a zero score',
      { method: 'minmax', aggregation: 'geometric' },
      [
        row('A', { RD_INTENSITY: 2, HT_OUTPUT_SHARE: 10, [NO_RD]: 3 }),
        row('B', { RD_INTENSITY: 2, HT_OUTPUT_SHARE: null, [NO_RD]: 5 }),
        row('C', { RD_INTENSITY: null, HT_OUTPUT_SHARE: null, [NO_RD]: null }),
        row('D', { RD_INTENSITY: 2, HT_OUTPUT_SHARE: 30, [NO_RD]: 1 }),
      ],
      [
        `科创指数：“${nameZh('RD_INTENSITY')}”各单位取值相同，标准化得分均记为100`,
        '科创指数：区C没有可用指标，不计算指数',
        `科创指数：区B缺少“${nameZh('HT_OUTPUT_SHARE')}”，按其余指标重新归一化权重`,
        `科创指数：区A的“${nameZh('HT_OUTPUT_SHARE')}”标准化得分不大于0，几何平均合成结果为0`,
        `科创指数：区B的“${nameZh(NO_RD)}”标准化得分不大于0，几何平均合成结果为0`,
      ],
    ],
    [
      'zscore: equal column; units missing the same indicators share a note',
      { method: 'zscore' },
      [
        row('A', { RD_INTENSITY: 2, HT_OUTPUT_SHARE: null, [NO_RD]: null }),
        row('B', { RD_INTENSITY: 2, HT_OUTPUT_SHARE: 20, [NO_RD]: 5 }),
        row('C', { RD_INTENSITY: 2, HT_OUTPUT_SHARE: null, [NO_RD]: null }),
        row('D', { RD_INTENSITY: 2, HT_OUTPUT_SHARE: 30, [NO_RD]: 7 }),
      ],
      [
        `科创指数：“${nameZh('RD_INTENSITY')}”各单位取值相同，标准分均记为0`,
        `科创指数：区A、区C缺少“${nameZh('HT_OUTPUT_SHARE')}”、“${nameZh(NO_RD)}”，按其余指标重新归一化权重`,
      ],
    ],
    [
      'base: the cap of a lower-is-better indicator',
      { method: 'base', reference: [2, 20, 6] },
      [row('A', { RD_INTENSITY: 2, HT_OUTPUT_SHARE: 20, [NO_RD]: 0 }), row('B', { RD_INTENSITY: 3, HT_OUTPUT_SHARE: 25, [NO_RD]: 3 })],
      [`科创指数：“${nameZh(NO_RD)}”（越小越好）：区A、区B不高于基期值的一半（含为0），得分按上限200计`],
    ],
  ])('%s', (_, index, rows, expected) => {
    const table = rankChildren(rows, { indicators, index });
    const fromComposite = compositeNotes(rows, { method: index.method, aggregation: index.aggregation, reference: index.reference });
    // One table note per composite note, each as expected, none with a row or column number.
    expect(indexNotes(rankingNotesText(table.notes))).toHaveLength(fromComposite.length);
    expect(indexNotes(rankingNotesText(table.notes)).sort()).toEqual([...expected].sort());
    for (const n of rankingNotesText(table.notes)) expect(n).not.toMatch(/第[\d、]+(行|个指标)/);
  });

  it('the unit’s indexMissing lists what the composite left out', () => {
    const t = rankChildren(
      [row('A', { RD_INTENSITY: 1, HT_OUTPUT_SHARE: null, [NO_RD]: 0 }), row('B', { RD_INTENSITY: 2, HT_OUTPUT_SHARE: 5, [NO_RD]: 1 })],
      {
        indicators,
        index: { method: 'base', reference: [1, 1, 1] },
      },
    );
    expect(t.rows.map((r) => r.indexMissing)).toEqual([['HT_OUTPUT_SHARE'], []]);
  });
});
