/**
 * Ranking against last year's ranking (`sti rank --previous`): every setting that differs from
 * last year's 排名设置, and every one taken from it instead of the default, is said in the
 * table's notes — 指数提高 and 进步位次 must not compare indices of different calibers silently.
 */
import { describe, expect, it } from 'vitest';
import { caliberNotes, type RecordedRankingSettings } from '../../src/core/caliber.js';
import { catalogue } from '../../src/core/catalogue.js';
import { rankingNotesText } from '../../src/core/notes.js';
import { DEFAULT_RANKING_INDICATORS, rankChildren, type RankingInputRow, type RankingSettings } from '../../src/core/ranking.js';
import { rankTable, type RankRunOptions } from '../../src/cli/commands/rank.js';
import { readRankingWorkbook, writeRankingWorkbook } from '../../src/io/ranking-xlsx.js';

const SIX = ['RD_INTENSITY', 'IND_RD_FEE_RATIO', 'RD_ACTIVE_FIRM_SHARE', 'RD_INST_FIRM_SHARE', 'HNTE_PER_1000_FIRMS', 'HT_OUTPUT_SHARE'];
const nameZh = (code: string) => catalogue.get(code)!.nameZh;

/** Four districts with a value for every default indicator (varied, so no column is constant). */
function districts(shift: number): RankingInputRow[] {
  return ['A', 'B', 'C', 'D'].map((code, i) => ({
    unitCode: `99010${i}`,
    unitName: `${code}区`,
    values: Object.fromEntries(DEFAULT_RANKING_INDICATORS.map((c, k) => [c, 1 + ((i * 7 + k * 3 + shift) % 11)])),
  }));
}

/** Last year's ranking written to .xlsx and read back, as `sti rank --previous` reads it. */
async function lastYear(options: RankRunOptions): Promise<NonNullable<RankRunOptions['previous']>> {
  const table = rankTable(districts(0), options);
  const bytes = await writeRankingWorkbook(table, { parentName: '示例市', year: 2023, period: '2023' });
  const read = readRankingWorkbook(bytes, '排名_2023.xlsx');
  return { ranking: read.previous, settings: read.settings };
}

const CALIBER = /沿用上年|上年|口径|无法核对/;

describe('rankTable with last year’s ranking', () => {
  it('a different index indicator set: one note naming both sets', async () => {
    const previous = await lastYear({ indicators: SIX });
    const t = rankTable(districts(1), { indicators: [...DEFAULT_RANKING_INDICATORS], previous });
    const note = rankingNotesText(t.notes).find((n) => n.startsWith('上年科创指数采用6个指标'));
    expect(note, rankingNotesText(t.notes).join('\n')).toBeDefined();
    expect(note).toContain(`本年采用12个（${DEFAULT_RANKING_INDICATORS.map(nameZh).join('、')}）`);
    expect(note).toContain(`（${SIX.map(nameZh).join('、')}）`);
    expect(note).toContain('指数提高和进步位次比较的是不同口径的指数');
    expect(t.caliber).toEqual([note]);
    // The same note in --json notes (table.notes) and under the ranking table.
    expect(rankingNotesText(t.notes)).toContain(note);
  });

  it('identical settings: no caliber note, whether given again or taken from last year', async () => {
    const options: RankRunOptions = {
      method: 'dense',
      indicators: SIX,
      indexMethod: 'standard',
      weights: [3, 1, 1, 1, 2, 2],
      standards: [2.5, 1, 40, 20, 80, 30],
      decimals: true,
    };
    const previous = await lastYear(options);
    const given = rankTable(districts(1), { ...options, previous });
    expect(given.caliber).toEqual([]);
    expect(rankingNotesText(given.notes).filter((n) => CALIBER.test(n))).toEqual([]);
    // Defaults last year, nothing given this year: last year's settings are the defaults, nothing to say.
    const defaults = rankTable(districts(1), { previous: await lastYear({}) });
    expect(defaults.caliber).toEqual([]);
    expect(defaults.settings.indicators).toEqual([...DEFAULT_RANKING_INDICATORS]);
  });

  it('settings taken from last year instead of the defaults are named', async () => {
    const previous = await lastYear({ method: 'dense', indicators: SIX, indexMethod: 'base', standards: [2, 1, 40, 20, 80, 30] });
    const t = rankTable(districts(1), { previous });
    expect(t.settings.method).toBe('dense');
    expect(t.caliber).toEqual([
      '未指定排名方法，沿用上年排名设置：中国式排名',
      `未指定参与排名的指标，沿用上年排名设置的6个指标（${SIX.map(nameZh).join('、')}）`,
      '未指定科创指数方法，沿用上年排名设置：基期法',
      `未指定基期值，沿用上年排名设置：${SIX.map((c, k) => `${nameZh(c)} ${[2, 1, 40, 20, 80, 30][k]}`).join('、')}`,
    ]);
  });

  it('a different method, weights and standards: each named; the rank method by rankChildren', async () => {
    const previous = await lastYear({ indicators: SIX, indexMethod: 'standard', standards: [2, 1, 40, 20, 80, 30] });
    const t = rankTable(districts(1), {
      method: 'average',
      indicators: SIX,
      indexMethod: 'standard',
      weights: [2, 1, 1, 1, 1, 1],
      standards: [2.5, 1, 40, 20, 80, 30],
      previous,
    });
    expect(rankingNotesText(t.notes)).toContain('上年排名方法为竞争排名，本年为平均排名：已按本年方法对上年指数重新排位后比较位次变化');
    expect(t.caliber).toEqual([
      `科创指数权重不同：${nameZh('RD_INTENSITY')} 上年0.1667、本年0.2857；${SIX.slice(1)
        .map((c) => `${nameZh(c)} 上年0.1667、本年0.1429`)
        .join('；')}：指数提高和进步位次比较的是不同口径的指数`,
      `标准值不同：${nameZh('RD_INTENSITY')} 上年2、本年2.5：指数提高和进步位次比较的是不同口径的指数`,
    ]);
    const minmax = rankTable(districts(1), { indicators: SIX, indexMethod: 'minmax', decimals: true, previous });
    expect(minmax.caliber).toEqual([
      '排名数值口径不同：上年按全精度数值排名，本年按各指标显示小数位四舍五入后的数值排名',
      '上年科创指数方法为标准值法，本年为极差标准化：指数提高和进步位次比较的是不同口径的指数',
    ]);
  });

  it('last year’s ranking without 排名设置: says the caliber cannot be checked', () => {
    const previous = { ranking: { units: [{ unitCode: '990100', index: 50, rank: 1 }] }, settings: {} };
    const t = rankTable(districts(1), { previous });
    expect(t.caliber).toEqual([
      '上年排名没有“排名设置”，无法核对两年科创指数的方法、指标和权重是否一致：指数提高和进步位次请在确认口径相同后使用',
    ]);
    expect(rankTable(districts(1), { indexMethod: 'none', previous }).caliber).toEqual([]);
    // Without last year's ranking there is nothing to compare.
    expect(rankTable(districts(1), {}).caliber).toEqual([]);
  });
});

describe('caliberNotes (pure)', () => {
  const applied = (over: Partial<RankingSettings> = {}, index: Partial<NonNullable<RankingSettings['index']>> = {}): RankingSettings => ({
    method: 'competition',
    decimals: 'full',
    indicators: ['RD_INTENSITY', 'DZ_NO_RD_GE_1E8'],
    index: {
      method: 'minmax',
      indicators: ['RD_INTENSITY', 'DZ_NO_RD_GE_1E8'],
      weights: [0.5, 0.5],
      directions: [1, -1],
      reference: null,
      aggregation: 'arithmetic',
      ...index,
    },
    ...over,
  });
  const recorded: RecordedRankingSettings = {
    method: 'competition',
    decimals: 'full',
    indexMethod: 'minmax',
    aggregation: 'arithmetic',
    indicators: ['DZ_NO_RD_GE_1E8', 'RD_INTENSITY'],
    // Weights on any scale, indicators in any order: the same caliber.
    index: [
      { code: 'DZ_NO_RD_GE_1E8', direction: -1, weight: 2, reference: null },
      { code: 'RD_INTENSITY', direction: 1, weight: 2, reference: null },
    ],
  };

  it('the same caliber (order and weight scale aside): nothing', () => {
    expect(caliberNotes(applied(), recorded)).toEqual([]);
    // Adopted values equal to the defaults are not worth a note.
    expect(caliberNotes(applied(), recorded, ['method', 'indexMethod', 'indexIndicators', 'weights', 'directions', 'aggregation'])).toEqual(
      [],
    );
  });

  it('direction, aggregation and no index this year are each named', () => {
    expect(caliberNotes(applied({}, { directions: [1, 1] }), recorded)).toEqual([
      `指标方向不同：${nameZh('DZ_NO_RD_GE_1E8')} 上年越小越好、本年越大越好：指数提高和进步位次比较的是不同口径的指数`,
    ]);
    expect(caliberNotes(applied({}, { aggregation: 'geometric' }), recorded)).toEqual([
      '上年科创指数按加权算术平均合成，本年按加权几何平均：指数提高和进步位次比较的是不同口径的指数',
    ]);
    expect(caliberNotes(applied({ index: null }), recorded)).toEqual(['本年不计算科创指数（上年为极差标准化），不比较指数提高和进步位次']);
    expect(caliberNotes(applied({}, { directions: [1, 1], aggregation: 'geometric' }), recorded, ['directions', 'aggregation'])).toContain(
      `沿用上年排名设置的指标方向，与指标目录不同：${nameZh('DZ_NO_RD_GE_1E8')}越大越好`,
    );
  });

  it('ranked indicators that differ while the index is the same are named on their own', () => {
    const notes = caliberNotes(applied({ indicators: ['RD_INTENSITY', 'DZ_NO_RD_GE_1E8', 'HT_OUTPUT_SHARE'] }), recorded);
    expect(notes).toEqual([
      `参与排名的指标不同：上年2个（${nameZh('DZ_NO_RD_GE_1E8')}、${nameZh('RD_INTENSITY')}），本年3个（${nameZh('RD_INTENSITY')}、${nameZh('DZ_NO_RD_GE_1E8')}、${nameZh('HT_OUTPUT_SHARE')}）`,
    ]);
  });

  it('rankChildren names a different rank method in Chinese', () => {
    const t = rankChildren([{ unitCode: 'A', unitName: '甲区', values: { RD_INTENSITY: 1 } }], {
      indicators: ['RD_INTENSITY'],
      method: 'dense',
      previous: { method: 'competition', units: [{ unitCode: 'A', index: 10, rank: 1 }] },
    });
    expect(rankingNotesText(t.notes)).toContain('上年排名方法为竞争排名，本年为中国式排名：已按本年方法对上年指数重新排位后比较位次变化');
  });
});
