import { IndicatorError } from './errors.js';
import type { CompositeNote } from './notes.js';

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
  /**
   * For 'zscore': map the aggregated z-scores to 0–100 by min–max over the rows. The mapping is
   * relative to the other rows, whose z-scores move when one value moves, so a unit's mapped
   * score can fall when one of its values improves; the unmapped score never does.
   */
  zscoreTo100?: boolean;
}

export interface CompositeResult {
  /** One score per row; null when the row has no usable indicator. */
  scores: (number | null)[];
  /** Normalised score of every cell (null where the input was missing). */
  normalized: (number | null)[][];
  /** What was done to edge cases (equal columns, missing values…), as data; notes.ts words them. */
  notes: CompositeNote[];
}

export const COMPOSITE_METHODS: readonly CompositeMethod[] = ['minmax', 'zscore', 'standard', 'base'];

/** Short Chinese names of the methods, for notes. */
export const COMPOSITE_METHOD_NAME_ZH: Record<CompositeMethod, string> = {
  minmax: '极差标准化',
  zscore: 'Z分数标准化',
  standard: '标准值法',
  base: '基期法',
};

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Most a lower-is-better indicator can score under 'base' (基期值 / x × 100): 200, "halved or
 * better". base / x grows without bound as x falls to 0 — a 清零对象 cleared to 0 would score
 * infinity — so every value at or below half the base, 0 included, scores 200: halving is the
 * mirror of doubling a higher-is-better indicator (x / base = 2), and beyond it one indicator
 * would swamp the rest (base 10: 2 firms left scores 500, 1 firm 1000).
 */
export const BASE_LOWER_IS_BETTER_CAP = 200;

/**
 * Composite index 科创指数 over one peer set: rows are units, columns are indicators
 * (indicators.md §5). Missing values re-normalise the row's weights and are noted,
 * never read as zero.
 *
 * Scores per method: 'minmax' (x − min) / (max − min) × 100, reversed for −1; 'zscore'
 * (x − mean) / sd; 'standard' x / standard × 100, reversed standard / x × 100, both capped at
 * 100 (meeting the standard is full marks; 0 meets any lower-is-better standard); 'base'
 * x / base × 100 uncapped — base-year indices pass 200 over long bases (中国创新指数 2021:
 * 353.6 on 2005 = 100), and capping them would change published figures — and reversed
 * base / x × 100 capped at BASE_LOWER_IS_BETTER_CAP, values ≤ 0 scoring the cap (noted).
 * So every score is finite and improving one value never lowers the unit's score (but see
 * zscoreTo100). The geometric mean of a row with a score ≤ 0 is 0 (noted).
 */
export function composite(matrix: readonly (readonly (number | null)[])[], options: CompositeOptions = {}): CompositeResult {
  const method = options.method ?? 'minmax';
  if (!COMPOSITE_METHODS.includes(method)) throw new IndicatorError('VALUE', `未知的指数方法：${String(method)}`);
  const aggregation = options.aggregation ?? 'arithmetic';
  const cols = matrix.reduce((m, row) => Math.max(m, row.length), 0);
  const notes: CompositeNote[] = [];
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
        notes.push({ kind: 'constant-column', column: j, method: 'minmax', score: 100 });
        transform = () => 100;
      } else {
        transform = (x) => (dir === 1 ? (x - min) / (max - min) : (max - x) / (max - min)) * 100;
      }
    } else if (method === 'zscore') {
      const mean = present.reduce((a, b) => a + b, 0) / present.length;
      const sd = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / present.length);
      if (sd === 0) {
        notes.push({ kind: 'constant-column', column: j, method: 'zscore', score: 0 });
        transform = () => 0;
      } else {
        transform = (x) => (dir * (x - mean)) / sd;
      }
    } else {
      if (!isNum(ref) || ref <= 0)
        throw new IndicatorError('VALUE', `第${j + 1}个指标的${method === 'standard' ? '标准值' : '基期值'}应为正数`);
      if (dir === 1) {
        transform = method === 'standard' ? (x) => Math.min(100, (x / ref) * 100) : (x) => (x / ref) * 100;
      } else {
        // Lower is better: ref / x, capped; at or below zero nothing is left to lower, the cap.
        const cap = method === 'standard' ? 100 : BASE_LOWER_IS_BETTER_CAP;
        transform = (x) => (x <= 0 ? cap : Math.min(cap, (ref / x) * 100));
        if (method === 'base') {
          const capped = column.flatMap((x, i) => (x !== null && transform(x) === cap ? [i] : []));
          if (capped.length > 0) notes.push({ kind: 'capped', column: j, rows: capped, cap });
        }
      }
    }
    column.forEach((x, i) => {
      if (x !== null) normalized[i][j] = transform(x);
    });
  }
  // Row notes, one per kind and per set of indicators: rows in the same situation share a note.
  const noIndex: number[] = [];
  const missingRows = new Map<string, { columns: number[]; rows: number[] }>();
  const zeroGeometricRows = new Map<string, { columns: number[]; rows: number[] }>();
  const addTo = (m: Map<string, { columns: number[]; rows: number[] }>, columns: number[], row: number) => {
    const k = columns.join(',');
    const group = m.get(k);
    if (group) group.rows.push(row);
    else m.set(k, { columns, rows: [row] });
  };
  const scores = normalized.map((row, i) => {
    let wsum = 0;
    let acc = 0;
    const missing: number[] = [];
    const atOrBelowZero: number[] = [];
    row.forEach((s, j) => {
      if (s === null || !Number.isFinite(s)) {
        if (weights[j] > 0) missing.push(j);
        return;
      }
      if (weights[j] === 0) return; // no weight, no part in the index (and 0 × log 0 would be NaN)
      wsum += weights[j];
      if (aggregation === 'geometric' && s <= 0) atOrBelowZero.push(j);
      acc += aggregation === 'geometric' ? weights[j] * Math.log(Math.max(s, 0)) : weights[j] * s;
    });
    if (wsum === 0) {
      noIndex.push(i);
      return null;
    }
    if (missing.length > 0) addTo(missingRows, missing, i);
    if (atOrBelowZero.length > 0) addTo(zeroGeometricRows, atOrBelowZero, i);
    // log 0 = −∞, so a score ≤ 0 makes the geometric mean exp(−∞) = 0, never NaN.
    return aggregation === 'geometric' ? Math.exp(acc / wsum) : acc / wsum;
  });
  if (noIndex.length > 0) notes.push({ kind: 'no-index', rows: noIndex });
  for (const { columns, rows } of missingRows.values()) notes.push({ kind: 'missing', rows, columns });
  for (const { columns, rows } of zeroGeometricRows.values()) notes.push({ kind: 'geometric-zero', rows, columns });
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
