/** The pure engine: no Office.js, no I/O. */
export { IndicatorError, isIndicatorError } from './errors.js';
export type { IndicatorErrorCode } from './errors.js';
export { excelRound } from './round.js';
export { parseNumber, toHalfWidth } from './parse.js';
export type { ParseNumberOptions, MagnitudeUnit } from './parse.js';
export {
  rdIntensity,
  completion,
  scheduleGap,
  growth,
  ppChange,
  share,
  per10k,
  ratio,
  evaluate,
  formulaText,
  formulaOf,
  valueOrThrow,
  FORMULA_KIND_OPERANDS,
} from './formulas.js';
export type { Operand, Formula, FormulaKind, FormulaOperand, FormulaOutcome, OperandDomain, FieldRole } from './formulas.js';
export { rank, rankChange, rankChangeText, RANK_METHODS } from './rank.js';
export type { RankOptions, RankMethod, RankOrder } from './rank.js';
export { composite, normaliseWeights, COMPOSITE_METHODS, COMPOSITE_METHOD_NAME_ZH, BASE_LOWER_IS_BETTER_CAP } from './composite.js';
export type { CompositeOptions, CompositeResult, CompositeMethod, Aggregation, Direction } from './composite.js';
export { validateUscc, normalizeUscc, withUsccCheckChar } from './uscc.js';
export type { UsccResult } from './uscc.js';
export {
  catalogue,
  BASE_FIELDS,
  NAMED_INDICATORS,
  DERIVED_INDICATORS,
  COMPLETION_INDICATORS,
  GROWTH_INDICATORS,
  ENTERPRISE_FLAGS,
  completionCode,
  growthCode,
  labelWithUnit,
  numberFormat,
  operandLabelZh,
} from './catalogue.js';
export type {
  BaseField,
  DerivedIndicator,
  CatalogueEntry,
  RollupRule,
  EnterpriseFlag,
  EnterpriseCountRule,
  DerivedKind,
} from './catalogue.js';
export { parsePeriod, formatPeriod, monthsElapsed, periodLabelZh, periodTextZh } from './period.js';
export type { Period } from './period.js';
export * from './types.js';
export * from './sheet-model.js';
// Newer modules: cell grids, templates, reading and validating submissions, the register,
// rollup, ranking tables, output workbooks, demo data, CSV.
export * from './grid.js';
export * from './template-schema.js';
export * from './read-submission.js';
export * from './validate-codes.js';
export * from './validate.js';
export * from './register.js';
export * from './rollup-types.js';
export {
  ROLLUP_INDICATORS,
  matchesCountRule,
  submissionFields,
  computeIndicators,
  rollupDistrict,
  enteredExtraOf,
  rollupCity,
  rollupAll,
  rollupAdmission,
  baseFieldOf,
} from './rollup.js';
export type { RollupOptions } from './rollup.js';
export * from './ranking.js';
export * from './outputs-rollup.js';
export * from './outputs-ranking.js';
export * from './demo.js';
export * from './csv.js';
export * from './notes.js';
export * from './vocabulary.js';
export * from './admit.js';
