import { IndicatorError } from './errors.js';
import { excelRound } from './round.js';

export type RankOrder = 'desc' | 'asc';
export type RankMethod = 'competition' | 'dense' | 'average';

export interface RankOptions {
  /** 'desc' (default): largest is 1st. 'asc': smallest is 1st (e.g. 清零对象 counts). */
  order?: RankOrder;
  /** 'competition' (default, RANK.EQ 1,2,2,4), 'dense' (中国式排名 1,2,2,3), 'average' (RANK.AVG 1,2.5,2.5,4). */
  method?: RankMethod;
  /** Rank on the value rounded to these decimals, as bulletins compare printed values. */
  decimals?: number;
}

export const RANK_METHODS: readonly RankMethod[] = ['competition', 'dense', 'average'];

/** Short Chinese names of the methods, for notes. */
export const RANK_METHOD_NAME_ZH: Record<RankMethod, string> = { competition: '竞争排名', dense: '中国式排名', average: '平均排名' };

/**
 * Rank every value among the numbers of the list in one O(n log n) pass.
 * Non-numbers (null, NaN, ±Infinity) are not ranked and get null.
 */
export function rank(values: readonly (number | null | undefined)[], options: RankOptions = {}): (number | null)[] {
  const order = options.order ?? 'desc';
  const method = options.method ?? 'competition';
  if (order !== 'desc' && order !== 'asc') throw new IndicatorError('VALUE', `排序方向应为 desc 或 asc：${String(order)}`);
  if (!RANK_METHODS.includes(method)) throw new IndicatorError('VALUE', `未知的排名方法：${String(method)}`);
  const keyed: { index: number; key: number }[] = [];
  values.forEach((v, index) => {
    if (typeof v === 'number' && Number.isFinite(v)) {
      keyed.push({ index, key: options.decimals === undefined ? v : excelRound(v, options.decimals) });
    }
  });
  const sign = order === 'desc' ? -1 : 1;
  keyed.sort((a, b) => sign * (a.key - b.key));
  const result: (number | null)[] = values.map(() => null);
  let dense = 0;
  for (let start = 0; start < keyed.length;) {
    let end = start;
    while (end + 1 < keyed.length && keyed[end + 1].key === keyed[start].key) end++;
    dense++;
    const competition = start + 1;
    const r = method === 'competition' ? competition : method === 'dense' ? dense : (start + 1 + end + 1) / 2;
    for (let i = start; i <= end; i++) result[keyed[i].index] = r;
    start = end + 1;
  }
  return result;
}

/** 位次变化: previous rank − current rank; positive means the unit moved up. */
export function rankChange(previousRank: number | null | undefined, currentRank: number | null | undefined): number {
  if (previousRank === null || previousRank === undefined || currentRank === null || currentRank === undefined) {
    throw new IndicatorError('NA', '缺少上年或本年位次，无法计算位次变化');
  }
  if (!Number.isFinite(previousRank) || !Number.isFinite(currentRank) || previousRank < 1 || currentRank < 1) {
    throw new IndicatorError('VALUE', '位次应为不小于1的数字');
  }
  return previousRank - currentRank;
}

/** "上升3位" / "下降2位" / "持平" for a rank change. */
export function rankChangeText(change: number): string {
  if (change > 0) return `上升${change}位`;
  if (change < 0) return `下降${-change}位`;
  return '持平';
}
