import { IndicatorError } from './errors.js';

/** Input to a formula: a number, or null for a blank cell. */
export type Operand = number | null | undefined;

function requireNumber(x: Operand, what: string): number {
  if (x === null || x === undefined) throw new IndicatorError('NA', `缺少${what}`);
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new IndicatorError('VALUE', `${what}不是有效数字`);
  return x;
}

/** A denominator must be present and non-zero (#DIV/0!); `positive` also refuses negatives (#NUM!). */
function requireDenominator(x: Operand, what: string, positive: boolean): number {
  if (x === null || x === undefined || x === 0) throw new IndicatorError('DIV0', `${what}为空或为零，无法计算`);
  const v = requireNumber(x, what);
  if (positive && v < 0) throw new IndicatorError('NUM', `${what}为负数，无法计算`);
  return v;
}

/** part / whole × factor, the shape of every ratio indicator. */
export function ratio(numerator: Operand, denominator: Operand, factor: number, names: [string, string]): number {
  const n = requireNumber(numerator, names[0]);
  const d = requireDenominator(denominator, names[1], true);
  return (n / d) * factor;
}

/** R&D intensity 研发投入强度: rd / gdp × 100 (%), both in the same unit. */
export function rdIntensity(rd: Operand, gdp: Operand): number {
  return ratio(rd, gdp, 100, ['R&D经费', '地区生产总值']);
}

/** Completion rate 完成率: actual / target × 100 (%). */
export function completion(actual: Operand, target: Operand): number {
  return ratio(actual, target, 100, ['实际完成数', '目标值']);
}

/** Percentage points ahead (+) or behind (−) the time schedule 时序进度 after monthsElapsed months. */
export function scheduleGap(actual: Operand, target: Operand, monthsElapsed: Operand): number {
  const months = requireNumber(monthsElapsed, '已过月数');
  if (months < 0 || months > 12) throw new IndicatorError('NUM', `已过月数应在0到12之间，实际为${months}`);
  return completion(actual, target) - (months / 12) * 100;
}

/** Growth 同比增速: (current / previous − 1) × 100 (%); previous must be positive. */
export function growth(current: Operand, previous: Operand): number {
  const c = requireNumber(current, '本期数');
  const p = requireDenominator(previous, '上年同期数', true);
  return (c / p - 1) * 100;
}

/** Percentage-point change 提高百分点: current − previous (for shares and intensities). */
export function ppChange(current: Operand, previous: Operand): number {
  return requireNumber(current, '本期数') - requireNumber(previous, '上年同期数');
}

/** Share 占比: part / whole × 100 (%). */
export function share(part: Operand, whole: Operand): number {
  return ratio(part, whole, 100, ['部分', '总体']);
}

/** Per 10,000: count / population × 10000. */
export function per10k(count: Operand, population: Operand): number {
  return ratio(count, population, 10000, ['数量', '人口或就业人员']);
}
