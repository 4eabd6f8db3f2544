import { IndicatorError } from './errors.js';

export type CompositeMethod = 'minmax' | 'zscore' | 'standard' | 'base';
export type Aggregation = 'arithmetic' | 'geometric';
export type Direction = 1 | -1;

export interface CompositeOptions {
  /** Normalisation per indicator (column): 'minmax' (default) | 'zscore' | 'standard' | 'base'. */
  method?: CompositeMethod;
  /** One weight per column; default equal; normalised to sum 1. */
  weights?: readonly number[];
  /** +1 (higher is better, default) or −1 per column. */
  directions?: readonly Direction[];
  /** Standard values ('standard') or base-year values ('base'), one per column. */
  reference?: readonly (number | null)[];
  /** Weighted arithmetic mean (default) or weighted geometric mean of the normalised scores. */
  aggregation?: Aggregation;
  /** For 'zscore': map the aggregated z-scores to 0–100 by min–max over the rows. */
  zscoreTo100?: boolean;
}

export interface CompositeResult {
  /** One score per row; null when the row has no usable indicator. */
  scores: (number | null)[];
  /** Normalised score of every cell (null where the input was missing). */
  normalized: (number | null)[][];
  /** Chinese notes on what was done to edge cases (equal columns, missing values…). */
  notes: string[];
}

export const COMPOSITE_METHODS: readonly CompositeMethod[] = ['minmax', 'zscore', 'standard', 'base'];

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Composite index 科创指数 over one peer set: rows are units, columns are indicators
 * (indicators.md §5). Missing values re-normalise the row's weights and are noted,
 * never read as zero.
 */
export function composite(matrix: readonly (readonly (number | null)[])[], options: CompositeOptions = {}): CompositeResult {
  const method = options.method ?? 'minmax';
  if (!COMPOSITE_METHODS.includes(method)) throw new IndicatorError('VALUE', `未知的指数方法：${String(method)}`);
  const aggregation = options.aggregation ?? 'arithmetic';
  const cols = matrix.reduce((m, row) => Math.max(m, row.length), 0);
  const notes: string[] = [];
  if (matrix.length === 0 || cols === 0) return { scores: matrix.map(() => null), normalized: matrix.map(() => []), notes };
  const weights = normaliseWeights(options.weights, cols);
  const directions = options.directions ?? new Array<Direction>(cols).fill(1);
  if (directions.length !== cols || directions.some((d) => d !== 1 && d !== -1)) {
    throw new IndicatorError('VALUE', `指标方向应为${cols}个 1 或 -1`);
  }
  if ((method === 'standard' || method === 'base') && (!options.reference || options.reference.length !== cols)) {
    throw new IndicatorError('VALUE', `${method === 'standard' ? '标准值' : '基期值'}应为${cols}个，与指标数一致`);
  }
  const normalized: (number | null)[][] = matrix.map(() => new Array<number | null>(cols).fill(null));
  for (let j = 0; j < cols; j++) {
    const column = matrix.map((row) => (isNum(row[j]) ? (row[j] as number) : null));
    const present = column.filter(isNum);
    if (present.length === 0) continue;
    const dir = directions[j];
    const ref = options.reference?.[j];
    let transform: (x: number) => number;
    if (method === 'minmax') {
      const min = Math.min(...present);
      const max = Math.max(...present);
      if (max === min) {
        notes.push(`第${j + 1}个指标各单位取值相同，标准化得分均记为100`);
        transform = () => 100;
      } else {
        transform = (x) => (dir === 1 ? (x - min) / (max - min) : (max - x) / (max - min)) * 100;
      }
    } else if (method === 'zscore') {
      const mean = present.reduce((a, b) => a + b, 0) / present.length;
      const sd = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / present.length);
      if (sd === 0) {
        notes.push(`第${j + 1}个指标各单位取值相同，标准分均记为0`);
        transform = () => 0;
      } else {
        transform = (x) => (dir * (x - mean)) / sd;
      }
    } else {
      if (!isNum(ref) || ref <= 0)
        throw new IndicatorError('VALUE', `第${j + 1}个指标的${method === 'standard' ? '标准值' : '基期值'}应为正数`);
      const cap = method === 'standard' ? 100 : Infinity;
      transform = (x) => {
        if (dir === 1) return Math.min(cap, (x / ref) * 100);
        // Lower is better: ref / x; reaching zero meets any standard.
        return x <= 0 ? (method === 'standard' ? 100 : Infinity) : Math.min(cap, (ref / x) * 100);
      };
    }
    column.forEach((x, i) => {
      if (x !== null) normalized[i][j] = transform(x);
    });
  }
  const scores = normalized.map((row, i) => {
    let wsum = 0;
    let acc = 0;
    const missing: number[] = [];
    row.forEach((s, j) => {
      if (s === null || !Number.isFinite(s)) {
        if (weights[j] > 0) missing.push(j + 1);
        return;
      }
      if (weights[j] === 0) return; // no weight, no part in the index (and 0 × log 0 would be NaN)
      wsum += weights[j];
      acc += aggregation === 'geometric' ? weights[j] * Math.log(Math.max(s, 0)) : weights[j] * s;
    });
    if (wsum === 0) {
      notes.push(`第${i + 1}行没有可用指标，不计算指数`);
      return null;
    }
    if (missing.length > 0) notes.push(`第${i + 1}行缺少第${missing.join('、')}个指标，按其余指标重新归一化权重`);
    return aggregation === 'geometric' ? Math.exp(acc / wsum) : acc / wsum;
  });
  if (method === 'zscore' && options.zscoreTo100) {
    const present = scores.filter(isNum);
    const min = Math.min(...present);
    const max = Math.max(...present);
    return {
      scores: scores.map((s) => (s === null ? null : max === min ? 100 : ((s - min) / (max - min)) * 100)),
      normalized,
      notes,
    };
  }
  return { scores, normalized, notes };
}

/** Weights normalised to sum 1; equal when not given. */
export function normaliseWeights(weights: readonly number[] | undefined, cols: number): number[] {
  if (!weights) return new Array(cols).fill(1 / cols);
  if (weights.length !== cols) throw new IndicatorError('VALUE', `权重应为${cols}个，与指标数一致，实际为${weights.length}个`);
  if (weights.some((w) => !isNum(w) || w < 0)) throw new IndicatorError('VALUE', '权重应为非负数');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new IndicatorError('VALUE', '权重之和应大于0');
  return weights.map((w) => w / sum);
}
