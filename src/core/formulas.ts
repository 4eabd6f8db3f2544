/**
 * The one formula evaluator (issue 16 §1). Every derived indicator of the catalogue carries a
 * Formula (kind, operands, factor, each operand's domain rule); the rollup's computeIndicators,
 * the STI.* custom functions and the Excel formula text written into rollup workbooks all come
 * from `evaluate` and `formulaText` here, so they agree on every input.
 *
 * The domain rule (indicators.md §3, product.md §3): a denominator — GDP, employed persons, a
 * whole, a target, last year's figure — must be greater than zero. Blank or zero is #DIV/0!,
 * negative is #NUM!: a negative GDP, target or base year is an error in the data, and a ratio or
 * growth rate over it has no statistical meaning, so no value is given (never a number with the
 * wrong sign). A numerator may be any finite number (0, or a loss).
 */
import { IndicatorError, type IndicatorErrorCode } from './errors.js';

/** Input to a formula: a number, or null for a blank cell. */
export type Operand = number | null | undefined;

/**
 * ratio, share, perN and completion: numerator / denominator × factor; growth:
 * (current / previous − 1) × factor; ppChange: the ratio this year − the ratio last year.
 */
export type FormulaKind = 'ratio' | 'share' | 'perN' | 'completion' | 'growth' | 'ppChange';

/** 'finite': any number; 'positive': a denominator, > 0 (blank or 0 → DIV0, negative → NUM). */
export type OperandDomain = 'finite' | 'positive';

/** The column of a base field an operand reads: 本期数, 上年同期数 or 全年目标. */
export type FieldRole = 'current' | 'previous' | 'target';

/** Each kind's operands in order, with the domain rule of each. */
export const FORMULA_KIND_OPERANDS: Readonly<Record<FormulaKind, readonly OperandDomain[]>> = {
  ratio: ['finite', 'positive'],
  share: ['finite', 'positive'],
  perN: ['finite', 'positive'],
  completion: ['finite', 'positive'],
  growth: ['finite', 'positive'],
  // numerator, denominator this year; numerator, denominator last year.
  ppChange: ['finite', 'positive', 'finite', 'positive'],
};

export interface FormulaOperand {
  /** Base field code. */
  field: string;
  role: FieldRole;
  domain: OperandDomain;
}

/** A derived indicator's formula as data: the catalogue's description of it. */
export interface Formula {
  kind: FormulaKind;
  /** In the order of FORMULA_KIND_OPERANDS[kind]. */
  operands: readonly FormulaOperand[];
  /** 100 for percent, 10000 per 10,000, 1000 per 1,000. */
  factor: number;
}

/** A formula over base fields: operand domains from the kind. */
export function formulaOf(kind: FormulaKind, factor: number, operands: readonly { field: string; role: FieldRole }[]): Formula {
  const domains = FORMULA_KIND_OPERANDS[kind];
  if (operands.length !== domains.length) throw new Error(`formula ${kind}: ${domains.length} operands expected, got ${operands.length}`);
  return { kind, factor, operands: operands.map((o, i) => ({ ...o, domain: domains[i] })) };
}

/** A value, or no value with the error code a custom function shows and a Chinese reason. */
export type FormulaOutcome =
  { value: number; error?: undefined; reason?: undefined } | { value: null; error: IndicatorErrorCode; reason: string; operand: number };

/**
 * Evaluate a formula kind on operand values (labels name them in reasons). Operands are checked
 * in order: a blank operand is NA (a blank denominator DIV0), a non-finite one VALUE, a
 * denominator 0 DIV0 and negative NUM.
 */
export function evaluate(kind: FormulaKind, factor: number, values: readonly Operand[], labels: readonly string[]): FormulaOutcome {
  const domains = FORMULA_KIND_OPERANDS[kind];
  const v: number[] = [];
  for (let i = 0; i < domains.length; i++) {
    const problem = operandProblem(values[i], labels[i] ?? `第${i + 1}个参数`, domains[i], i);
    if (problem) return problem;
    v.push(values[i] as number);
  }
  switch (kind) {
    case 'growth':
      return { value: (v[0] / v[1] - 1) * factor };
    case 'ppChange':
      return { value: (v[0] / v[1]) * factor - (v[2] / v[3]) * factor };
    default:
      return { value: (v[0] / v[1]) * factor };
  }
}

/** Why an operand fails its domain rule, or null when it meets it. */
function operandProblem(x: Operand, label: string, domain: OperandDomain, operand: number): FormulaOutcome | null {
  const positive = domain === 'positive';
  const no = (error: IndicatorErrorCode, reason: string): FormulaOutcome => ({ value: null, error, reason, operand });
  if (x === null || x === undefined) return no(positive ? 'DIV0' : 'NA', `缺少${label}`);
  if (typeof x !== 'number' || !Number.isFinite(x)) return no('VALUE', `${label}不是有效数字`);
  if (positive && x === 0) return no('DIV0', `${label}为零`);
  if (positive && x < 0) return no('NUM', `${label}为负数`);
  return null;
}

/** The value of an outcome, or its IndicatorError thrown (for the custom functions and the core API). */
export function valueOrThrow(outcome: FormulaOutcome): number {
  if (outcome.value === null) throw new IndicatorError(outcome.error, outcome.reason);
  return outcome.value;
}

/**
 * Excel formula text of a formula: blank ("") where `evaluate` gives no value, else the value,
 * with the same arithmetic. `refOf` gives the cell of an operand (null: not on the sheet → no formula).
 */
export function formulaText(formula: Formula, refOf: (operand: FormulaOperand) => string | null): string | null {
  const refs = formula.operands.map(refOf);
  if (refs.some((r) => r === null)) return null;
  const r = refs as string[];
  const guards = formula.operands.flatMap((o, i) => (o.domain === 'positive' ? [`${r[i]}=""`, `${r[i]}<=0`] : [`${r[i]}=""`]));
  const times = formula.factor === 1 ? '' : `*${formula.factor}`;
  const expr =
    formula.kind === 'growth'
      ? `(${r[0]}/${r[1]}-1)${times}`
      : formula.kind === 'ppChange'
        ? `${r[0]}/${r[1]}${times}-${r[2]}/${r[3]}${times}`
        : `${r[0]}/${r[1]}${times}`;
  return `IF(OR(${guards.join(',')}),"",${expr})`;
}

// ---- the core's formula API (custom functions, tests): values or IndicatorError ----

/** part / whole × factor, the shape of every ratio indicator. */
export function ratio(numerator: Operand, denominator: Operand, factor: number, names: [string, string]): number {
  return valueOrThrow(evaluate('ratio', factor, [numerator, denominator], names));
}

/** R&D intensity 研发投入强度: rd / gdp × 100 (%), both in the same unit. */
export function rdIntensity(rd: Operand, gdp: Operand): number {
  return valueOrThrow(evaluate('ratio', 100, [rd, gdp], ['R&D经费', '地区生产总值']));
}

/** Completion rate 完成率: actual / target × 100 (%). */
export function completion(actual: Operand, target: Operand): number {
  return valueOrThrow(evaluate('completion', 100, [actual, target], ['实际完成数', '目标值']));
}

/** Percentage points ahead (+) or behind (−) the time schedule 时序进度 after monthsElapsed months. */
export function scheduleGap(actual: Operand, target: Operand, monthsElapsed: Operand): number {
  const problem = operandProblem(monthsElapsed, '已过月数', 'finite', 2);
  if (problem) valueOrThrow(problem);
  const months = monthsElapsed as number;
  if (months < 0 || months > 12) throw new IndicatorError('NUM', `已过月数应在0到12之间，实际为${months}`);
  return completion(actual, target) - (months / 12) * 100;
}

/** Growth 同比增速: (current / previous − 1) × 100 (%); previous must be positive. */
export function growth(current: Operand, previous: Operand): number {
  return valueOrThrow(evaluate('growth', 100, [current, previous], ['本期数', '上年同期数']));
}

/** Percentage-point change 提高百分点: current − previous (for shares and intensities already computed). */
export function ppChange(current: Operand, previous: Operand): number {
  for (const [i, x, label] of [
    [0, current, '本期数'],
    [1, previous, '上年同期数'],
  ] as const) {
    const problem = operandProblem(x, label, 'finite', i);
    if (problem) valueOrThrow(problem);
  }
  return (current as number) - (previous as number);
}

/** Share 占比: part / whole × 100 (%). */
export function share(part: Operand, whole: Operand): number {
  return valueOrThrow(evaluate('share', 100, [part, whole], ['部分', '总体']));
}

/** Per 10,000: count / population × 10000. */
export function per10k(count: Operand, population: Operand): number {
  return valueOrThrow(evaluate('perN', 10000, [count, population], ['数量', '人口或就业人员']));
}
