/**
 * The caliber (口径) of a ranking against last year's (indicators.md §4): 位次变化, 指数提高 and
 * 进步位次 compare this year's 科创指数 with last year's, which means something only when both
 * were computed the same way. These notes say where the two years differ, and which of last
 * year's settings were taken instead of the defaults, so nobody compares indices of different
 * calibers without being told.
 */
import { catalogue } from './catalogue.js';
import { COMPOSITE_METHOD_NAME_ZH, type Aggregation, type CompositeMethod, type Direction } from './composite.js';
import { RANK_METHOD_NAME_ZH, type RankMethod } from './rank.js';
import { excelRound } from './round.js';
import { DEFAULT_RANKING_INDICATORS, type RankingSettings } from './ranking.js';

/**
 * Last year's settings as its 排名设置 sheet records them (the io reader's RankingSettingsRead
 * fits this shape); a key absent from the sheet is undefined and not compared.
 */
export interface RecordedRankingSettings {
  method?: RankMethod;
  decimals?: 'display' | 'full';
  indexMethod?: CompositeMethod | 'none';
  aggregation?: Aggregation;
  /** Ranked indicators. */
  indicators?: string[];
  /** Index indicators with their direction, weight (any scale) and standard or base value. */
  index?: { code: string; direction: Direction; weight: number; reference: number | null }[];
}

/** A setting the caller took from last year's 排名设置 because none was given this year. */
export type AdoptedSetting =
  'method' | 'decimals' | 'indicators' | 'indexMethod' | 'indexIndicators' | 'weights' | 'directions' | 'reference' | 'aggregation';

const DIFFERENT_INDEX = '：指数提高和进步位次比较的是不同口径的指数';
const FROM_LAST_YEAR = '沿用上年排名设置';
const DECIMALS_ZH = { display: '按各指标显示小数位四舍五入后的数值排名', full: '按全精度数值排名' } as const;
const AGGREGATION_ZH: Record<Aggregation, string> = { arithmetic: '加权算术平均', geometric: '加权几何平均' };
const DIRECTION_ZH: Record<Direction, string> = { 1: '越大越好', [-1]: '越小越好' };

const nameOf = (code: string) => catalogue.get(code)?.nameZh ?? code;
const namesOf = (codes: readonly string[]) => codes.map(nameOf).join('、');
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;
const usesReference = (m: CompositeMethod | 'none') => m === 'standard' || m === 'base';
const referenceName = (m: CompositeMethod) => (m === 'standard' ? '标准值' : '基期值');
/** Weights are stored normalised to sum 1; 4 decimals tell them apart in a note. */
const weightText = (w: number) => String(excelRound(w, 4));
const sameWeight = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Chinese notes for a ranking compared with last year's: every setting as applied this year
 * (`current`, the table's settings) that differs from last year's recorded one, and every
 * `adopted` setting whose value is not the default. When last year's caliber is unknown (no
 * 排名设置) and there is an index, a note says it cannot be checked. The rank method is not
 * compared here: rankChildren notes a difference from PreviousRanking.method, because it
 * re-ranks last year's index with this year's method. Pure; empty when nothing differs.
 */
export function caliberNotes(
  current: RankingSettings,
  previous: RecordedRankingSettings,
  adopted: readonly AdoptedSetting[] = [],
): string[] {
  return [...adoptedNotes(current, new Set(adopted)), ...differenceNotes(current, previous)];
}

function adoptedNotes(current: RankingSettings, adopted: ReadonlySet<AdoptedSetting>): string[] {
  const notes: string[] = [];
  const index = current.index;
  if (adopted.has('method') && current.method !== 'competition')
    notes.push(`未指定排名方法，${FROM_LAST_YEAR}：${RANK_METHOD_NAME_ZH[current.method]}`);
  if (adopted.has('decimals') && current.decimals !== 'full')
    notes.push(`未指定排名数值口径，${FROM_LAST_YEAR}：${DECIMALS_ZH[current.decimals]}`);
  if (adopted.has('indicators') && !sameSet(current.indicators, DEFAULT_RANKING_INDICATORS))
    notes.push(`未指定参与排名的指标，${FROM_LAST_YEAR}的${current.indicators.length}个指标（${namesOf(current.indicators)}）`);
  if (adopted.has('indexMethod') && index?.method !== 'minmax')
    notes.push(`未指定科创指数方法，${FROM_LAST_YEAR}：${index ? COMPOSITE_METHOD_NAME_ZH[index.method] : '不计算科创指数'}`);
  if (!index) return notes;
  if (adopted.has('indexIndicators') && !sameSet(index.indicators, current.indicators))
    notes.push(`未指定科创指数的指标，${FROM_LAST_YEAR}的${index.indicators.length}个指标（${namesOf(index.indicators)}）`);
  if (adopted.has('weights') && index.weights.some((w) => !sameWeight(w, 1 / index.weights.length)))
    notes.push(
      `未指定科创指数权重，${FROM_LAST_YEAR}：${index.indicators.map((c, k) => `${nameOf(c)} ${weightText(index.weights[k])}`).join('、')}`,
    );
  if (adopted.has('directions')) {
    const reversed = index.indicators.filter((c, k) => index.directions[k] !== catalogue.get(c)?.direction);
    if (reversed.length > 0)
      notes.push(
        `${FROM_LAST_YEAR}的指标方向，与指标目录不同：${reversed.map((c) => `${nameOf(c)}${DIRECTION_ZH[index.directions[index.indicators.indexOf(c)]]}`).join('、')}`,
      );
  }
  if (adopted.has('reference') && usesReference(index.method) && index.reference)
    notes.push(
      `未指定${referenceName(index.method)}，${FROM_LAST_YEAR}：${index.indicators.map((c, k) => `${nameOf(c)} ${index.reference![k] ?? '—'}`).join('、')}`,
    );
  if (adopted.has('aggregation') && index.aggregation !== 'arithmetic')
    notes.push(`${FROM_LAST_YEAR}：科创指数按${AGGREGATION_ZH[index.aggregation]}合成`);
  return notes;
}

function differenceNotes(current: RankingSettings, previous: RecordedRankingSettings): string[] {
  const notes: string[] = [];
  const index = current.index;
  const recorded = [previous.method, previous.decimals, previous.indexMethod, previous.aggregation, previous.indicators, previous.index];
  if (recorded.every((x) => x === undefined)) {
    if (index)
      notes.push('上年排名没有“排名设置”，无法核对两年科创指数的方法、指标和权重是否一致：指数提高和进步位次请在确认口径相同后使用');
    return notes;
  }
  if (previous.decimals && previous.decimals !== current.decimals)
    notes.push(`排名数值口径不同：上年${DECIMALS_ZH[previous.decimals]}，本年${DECIMALS_ZH[current.decimals]}`);

  const previousIndex = previous.index && previous.index.length > 0 ? previous.index : null;
  // A recorded indicator table with no index indicator means last year had no index.
  const previousMethod = previous.indexMethod ?? (previous.index?.length === 0 ? 'none' : undefined);
  const previousIndexCodes = previousIndex?.map((x) => x.code) ?? null;
  // Ranked indicators; when both years index exactly what they rank, the index note below says it.
  if (previous.indicators && !sameSet(previous.indicators, current.indicators)) {
    const saidByIndex =
      index && previousIndexCodes && sameSet(index.indicators, current.indicators) && sameSet(previousIndexCodes, previous.indicators);
    if (!saidByIndex)
      notes.push(
        `参与排名的指标不同：上年${previous.indicators.length}个（${namesOf(previous.indicators)}），本年${current.indicators.length}个（${namesOf(current.indicators)}）`,
      );
  }

  const currentMethod = index?.method ?? 'none';
  if (previousMethod !== undefined && previousMethod !== currentMethod) {
    if (currentMethod === 'none')
      notes.push(`本年不计算科创指数（上年为${COMPOSITE_METHOD_NAME_ZH[previousMethod as CompositeMethod]}），不比较指数提高和进步位次`);
    else if (previousMethod === 'none')
      notes.push(`上年未计算科创指数，本年为${COMPOSITE_METHOD_NAME_ZH[currentMethod]}：没有上年指数可比较`);
    else
      notes.push(
        `上年科创指数方法为${COMPOSITE_METHOD_NAME_ZH[previousMethod]}，本年为${COMPOSITE_METHOD_NAME_ZH[currentMethod]}${DIFFERENT_INDEX}`,
      );
  }
  if (!index || !previousIndex || previousMethod === 'none') return notes;

  const previousCodes = previousIndex.map((x) => x.code);
  if (!sameSet(previousCodes, index.indicators))
    notes.push(
      `上年科创指数采用${previousCodes.length}个指标（${namesOf(previousCodes)}），本年采用${index.indicators.length}个（${namesOf(index.indicators)}）${DIFFERENT_INDEX}`,
    );
  const previousOf = new Map(previousIndex.map((x) => [x.code, x]));
  const common = index.indicators.map((code, k) => ({ code, k, last: previousOf.get(code) })).filter((x) => x.last !== undefined);
  // Weights are normalised over the index's indicators, so they compare only on the same set.
  if (sameSet(previousCodes, index.indicators)) {
    const previousSum = previousIndex.reduce((a, x) => a + x.weight, 0);
    const changed = common.filter(({ k, last }) => previousSum > 0 && !sameWeight(last!.weight / previousSum, index.weights[k]));
    if (changed.length > 0)
      notes.push(
        `科创指数权重不同：${changed.map(({ code, k, last }) => `${nameOf(code)} 上年${weightText(last!.weight / previousSum)}、本年${weightText(index.weights[k])}`).join('；')}${DIFFERENT_INDEX}`,
      );
  }
  const turned = common.filter(({ k, last }) => last!.direction !== index.directions[k]);
  if (turned.length > 0)
    notes.push(
      `指标方向不同：${turned.map(({ code, k, last }) => `${nameOf(code)} 上年${DIRECTION_ZH[last!.direction]}、本年${DIRECTION_ZH[index.directions[k]]}`).join('；')}${DIFFERENT_INDEX}`,
    );
  if (previousMethod === index.method && usesReference(index.method) && index.reference) {
    const moved = common.filter(
      ({ k, last }) => last!.reference !== null && index.reference![k] !== null && last!.reference !== index.reference![k],
    );
    if (moved.length > 0)
      notes.push(
        `${referenceName(index.method)}不同：${moved.map(({ code, k, last }) => `${nameOf(code)} 上年${last!.reference}、本年${index.reference![k]}`).join('；')}${DIFFERENT_INDEX}`,
      );
  }
  if (previous.aggregation && previous.aggregation !== index.aggregation)
    notes.push(`上年科创指数按${AGGREGATION_ZH[previous.aggregation]}合成，本年按${AGGREGATION_ZH[index.aggregation]}${DIFFERENT_INDEX}`);
  return notes;
}
