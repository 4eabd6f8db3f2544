/**
 * Excel custom functions, namespace STI (product.md §3): declarations over the core.
 * The JSDoc below is the source of functions.json (custom-functions-metadata-plugin);
 * Chinese texts for functions-zh-cn.json are in i18n-zh-cn.json, checked at build time.
 * Range parameters are `any[][]` so a single cell arrives as [[x]] and ranges spill.
 */
import './runtime.js';
import {
  IndicatorError,
  completion,
  composite,
  growth,
  parseNumber,
  per10k,
  ppChange,
  rank,
  rankChange,
  rankChangeText,
  rdIntensity,
  scheduleGap,
  share,
  validateUscc,
  type CompositeMethod,
  type Direction,
  type MagnitudeUnit,
  type RankMethod,
} from '../core/index.js';
import { guard } from './errors.js';
import { BLANK, asMatrix, flatten, isBlank, mapCells, numericCells, readNumber, scalarOption } from './matrix.js';

/**
 * R&D intensity: R&D expenditure / GDP × 100 (%). Both in the same unit. Ranges spill element-wise.
 * @customfunction RDINTENSITY
 * @param rd R&D expenditure (a value or a range).
 * @param gdp Gross domestic product, same unit as rd (a value or a range).
 * @returns R&D intensity in percent.
 */
export function rdIntensityFn(rd: any[][], gdp: any[][]): any[][] {
  return guard(() => numericCells([rd, gdp], ['R&D经费', '地区生产总值'], rdIntensity));
}

/**
 * Completion rate against the target: actual / target × 100 (%).
 * @customfunction COMPLETION
 * @param actual Actual value achieved (a value or a range).
 * @param target Annual target (a value or a range).
 * @returns Completion rate in percent.
 */
export function completionFn(actual: any[][], target: any[][]): any[][] {
  return guard(() => numericCells([actual, target], ['实际完成数', '目标值'], completion));
}

/**
 * Percentage points ahead (+) or behind (−) the time schedule: completion − monthsElapsed / 12 × 100.
 * @customfunction SCHEDULEGAP
 * @param actual Actual value achieved so far (a value or a range).
 * @param target Annual target (a value or a range).
 * @param monthsElapsed Months of the year elapsed, 0 to 12 (a value or a range).
 * @returns Percentage points ahead of (+) or behind (−) the schedule.
 */
export function scheduleGapFn(actual: any[][], target: any[][], monthsElapsed: any[][]): any[][] {
  return guard(() => numericCells([actual, target, monthsElapsed], ['实际完成数', '目标值', '已过月数'], scheduleGap));
}

/**
 * Year-on-year growth: (current / previous − 1) × 100 (%). previous must be positive.
 * @customfunction GROWTH
 * @param current Value of this period (a value or a range).
 * @param previous Value of the same period last year, revised (a value or a range).
 * @returns Growth rate in percent.
 */
export function growthFn(current: any[][], previous: any[][]): any[][] {
  return guard(() => numericCells([current, previous], ['本期数', '上年同期数'], growth));
}

/**
 * Percentage-point change of a share or intensity: current − previous.
 * @customfunction PPCHANGE
 * @param current Share or intensity this year, in percent (a value or a range).
 * @param previous Share or intensity last year (revised), in percent (a value or a range).
 * @returns Change in percentage points.
 */
export function ppChangeFn(current: any[][], previous: any[][]): any[][] {
  return guard(() => numericCells([current, previous], ['本期数', '上年同期数'], ppChange));
}

/**
 * Share of a part in the whole: part / whole × 100 (%).
 * @customfunction SHARE
 * @param part The part (a value or a range).
 * @param whole The whole (a value or a range).
 * @returns Share in percent.
 */
export function shareFn(part: any[][], whole: any[][]): any[][] {
  return guard(() => numericCells([part, whole], ['部分', '总体'], share));
}

/**
 * Count per 10,000 people: count / population × 10000.
 * @customfunction PER10K
 * @param count The count, e.g. R&D personnel (a value or a range).
 * @param population Population or employed persons (a value or a range).
 * @returns Count per 10,000 people.
 */
export function per10kFn(count: any[][], population: any[][]): any[][] {
  return guard(() => numericCells([count, population], ['数量', '人口或就业人员'], per10k));
}

/**
 * Rank of value among the numbers in ref (blank and text cells in ref are skipped). Methods: "competition" (default, like RANK.EQ: 1,2,2,4), "dense" (1,2,2,3), "average" (like RANK.AVG: 1,2.5,2.5,4).
 * @customfunction RANK
 * @param value The value(s) to rank; a range spills one rank per cell.
 * @param ref The range of numbers to rank among.
 * @param [order] 0 or omitted: largest is 1st; 1 (any non-zero): smallest is 1st.
 * @param [method] "competition", "dense" or "average".
 * @returns The rank of each value.
 */
export function rankFn(value: any[][], ref: any[][], order?: any, method?: any): any[][] {
  return guard(() => {
    const options = { order: readOrder(order), method: readRankMethod(method) };
    // Rank the whole ref once; each value is then a lookup.
    const numbers = flatten(ref).map((c) => (typeof c === 'number' && Number.isFinite(c) ? c : null));
    const ranks = rank(numbers, options);
    const rankOf = new Map<number, number>();
    numbers.forEach((n, i) => {
      if (n !== null && ranks[i] !== null) rankOf.set(n, ranks[i] as number);
    });
    return mapCells([value], (cell) => {
      const n = readNumber(cell, '排名数值');
      if (n === null) return BLANK;
      const r = rankOf.get(n);
      if (r === undefined) throw new IndicatorError('NA', `数值${n}不在排名区域中`);
      return r;
    });
  });
}

/**
 * Rank change: previous rank − current rank (positive = moved up). With asText TRUE: "上升3位", "下降2位" or "持平".
 * @customfunction RANKCHANGE
 * @param previousRank Last year's rank (a value or a range).
 * @param currentRank This year's rank (a value or a range).
 * @param [asText] TRUE to return the change as Chinese text.
 * @returns The rank change.
 */
export function rankChangeFn(previousRank: any[][], currentRank: any[][], asText?: any): any[][] {
  return guard(() => {
    const text = readFlag(asText, '以文字显示');
    return mapCells([previousRank, currentRank], (prevCell, curCell) => {
      const prev = readNumber(prevCell, '上年位次');
      const cur = readNumber(curCell, '本年位次');
      if (prev === null && cur === null) return BLANK;
      const change = rankChange(prev, cur);
      return text ? rankChangeText(change) : change;
    });
  });
}

/**
 * Composite index: one score per row of values (rows = units, columns = indicators). Methods: "minmax" (default, 0–100), "zscore", "standard" (x / standard × 100; lower is better: standard / x × 100; capped at 100), "base" (x / base × 100, not capped; lower is better: base / x × 100 capped at 200, so 0 scores 200). Missing values re-normalise the row's weights. Spills a column.
 * @customfunction COMPOSITE
 * @param values Indicator values, one row per unit and one column per indicator.
 * @param [weights] One weight per column; default equal; normalised to sum 1.
 * @param [method] "minmax", "zscore", "standard" or "base".
 * @param [directions] One per column: 1 (higher is better, default) or -1 (lower is better).
 * @param [reference] Standard values ("standard") or base-year values ("base"), one per column.
 * @returns One composite score per row.
 */
export function compositeFn(values: any[][], weights?: any[][], method?: any, directions?: any[][], reference?: any[][]): any[][] {
  return guard(() => {
    const rows = asMatrix(values);
    const width = rows.reduce((w, row) => Math.max(w, row.length), 0);
    const matrix = rows.map((row, i) => Array.from({ length: width }, (_, j) => readNumber(row[j], `第${i + 1}行第${j + 1}列的指标值`)));
    const result = composite(matrix, {
      method: readCompositeMethod(method),
      weights: optionalList(weights, '权重'),
      directions: optionalList(directions, '指标方向')?.map(readDirection),
      reference: isOmitted(reference) ? undefined : flatten(reference).map((c, k) => readNumber(c, `第${k + 1}个标准值或基期值`)),
    });
    return result.scores.map((s) => [s === null ? BLANK : s]);
  });
}

/**
 * Unified social credit code (统一社会信用代码): the normalised 18-character code (trimmed, half-width, upper case) if its GB 32100-2015 check character is right; otherwise #VALUE! with the reason.
 * @customfunction USCC
 * @param code The code(s) to check (a value or a range).
 * @returns The normalised code.
 */
export function usccFn(code: any[][]): any[][] {
  return guard(() =>
    mapCells([code], (cell) => {
      if (isBlank(cell)) return BLANK;
      if (typeof cell === 'number') {
        throw new IndicatorError('VALUE', '统一社会信用代码应以文本输入：数字格式会丢失位数');
      }
      const checked = validateUscc(cell);
      if (!checked.valid) throw new IndicatorError('VALUE', checked.reason ?? '统一社会信用代码校验位错误');
      return checked.normalized;
    }),
  );
}

/**
 * A number from messy text: "1,234.5", full-width digits, "1.2亿", "2000万", "56.92%" (→ 56.92); "—", "-" or "/" give a blank. unit "元", "万" or "亿" converts the result.
 * @customfunction PARSENUM
 * @param text The text(s) to read (a value or a range).
 * @param [unit] "元", "万" or "亿" ("万元", "亿元" also accepted): express the result in this unit.
 * @returns The number.
 */
export function parseNumFn(text: any[][], unit?: any): any[][] {
  return guard(() => {
    const target = readUnit(unit);
    return mapCells([text], (cell) => {
      if (typeof cell === 'boolean') throw new IndicatorError('VALUE', `应为数字文本，实际为逻辑值${cell ? 'TRUE' : 'FALSE'}`);
      const n = parseNumber(cell, { unit: target });
      return n === null ? BLANK : n;
    });
  });
}

// ---- option readers: one scalar each, Chinese #VALUE! messages ----

function isOmitted(arg: unknown): boolean {
  return arg === undefined || arg === null || flatten(arg).every(isBlank);
}

function readOrder(arg: unknown): 'desc' | 'asc' {
  const v = scalarOption(arg, '排序方式');
  if (v === undefined || v === false) return 'desc';
  if (v === true) return 'asc';
  const n = readNumber(v, '排序方式');
  return n === null || n === 0 ? 'desc' : 'asc';
}

const RANK_METHOD_NAMES: Record<string, RankMethod> = {
  competition: 'competition',
  dense: 'dense',
  average: 'average',
  中国式: 'dense',
};

function readRankMethod(arg: unknown): RankMethod {
  const v = scalarOption(arg, '排名方法');
  if (v === undefined) return 'competition';
  const m = RANK_METHOD_NAMES[String(v).trim().toLowerCase()];
  if (!m) throw new IndicatorError('VALUE', `排名方法应为 "competition"、"dense" 或 "average"，实际为“${String(v)}”`);
  return m;
}

const COMPOSITE_METHOD_NAMES: readonly CompositeMethod[] = ['minmax', 'zscore', 'standard', 'base'];

function readCompositeMethod(arg: unknown): CompositeMethod {
  const v = scalarOption(arg, '指数方法');
  if (v === undefined) return 'minmax';
  const m = String(v).trim().toLowerCase() as CompositeMethod;
  if (!COMPOSITE_METHOD_NAMES.includes(m)) {
    throw new IndicatorError('VALUE', `指数方法应为 "minmax"、"zscore"、"standard" 或 "base"，实际为“${String(v)}”`);
  }
  return m;
}

function optionalList(arg: unknown, label: string): number[] | undefined {
  if (isOmitted(arg)) return undefined;
  return flatten(arg).map((c, k) => {
    const n = readNumber(c, `第${k + 1}个${label}`);
    if (n === null) throw new IndicatorError('VALUE', `第${k + 1}个${label}为空`);
    return n;
  });
}

function readDirection(d: number, k: number): Direction {
  if (d !== 1 && d !== -1) throw new IndicatorError('VALUE', `第${k + 1}个指标方向应为 1 或 -1，实际为${d}`);
  return d;
}

function readFlag(arg: unknown, label: string): boolean {
  const v = scalarOption(arg, label);
  if (v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const s = String(v).trim().toUpperCase();
  if (s === 'TRUE') return true;
  if (s === 'FALSE') return false;
  throw new IndicatorError('VALUE', `${label}应为 TRUE 或 FALSE，实际为“${String(v)}”`);
}

function readUnit(arg: unknown): MagnitudeUnit | undefined {
  const v = scalarOption(arg, '单位');
  if (v === undefined) return undefined;
  const s = String(v).trim();
  const unit = s === '万元' ? '万' : s === '亿元' ? '亿' : s;
  if (unit !== '元' && unit !== '万' && unit !== '亿') throw new IndicatorError('VALUE', `单位应为“元”“万”或“亿”，实际为“${s}”`);
  return unit;
}
