/**
 * The result of rolling a level of the unit register up (indicators.md §1): a row per
 * child unit, the parent's total row, every value with where it came from. The task pane,
 * the CLI (`--json`), the output builders and the benchmark all read these shapes.
 */
import type { EnterpriseRow, Finding, RegisterUnit } from './types.js';

/** A cell that contributed to a figure. */
export interface SourceRef {
  unitCode: string;
  file: string;
  sheet: string;
  cell: string;
  /** Which of the 指标表 columns it was read from. */
  role: 'current' | 'previous' | 'target';
  value: number;
}

/**
 * How a row's 本期数 of a base field was obtained:
 * - `entered`: the unit's own 指标表 figure;
 * - `enterprise-list`: distinct USCC of the unit's own 企业名录 matching the field's rule;
 * - `sum`: Σ over the partition children;
 * - `distinct-enterprises`: distinct USCC across every 企业名录 of the level (parks included);
 * - `distinct-enterprises+entered`: that, plus entered counts of partition children without a list;
 * - `input`: the parent's own input (district-only denominators, targets);
 * - `none`: no figure.
 */
export type FieldSource =
  'entered' | 'enterprise-list' | 'sum' | 'distinct-enterprises' | 'distinct-enterprises+entered' | 'input' | 'none';

export interface FieldTotal {
  code: string;
  current: number | null;
  previous: number | null;
  target: number | null;
  source: FieldSource;
  /** How `previous` was obtained on a total row: Σ partition (`sum`) or the parent's own figure (`input`). */
  previousSource?: 'sum' | 'input' | 'none';
  /** Cells behind current, previous and target. */
  refs: SourceRef[];
  /** Count fields taken from 企业名录: the USCCs counted (sorted). */
  enterprises?: string[];
  /** The figure the unit entered in 指标表, when `current` came from elsewhere (list, Σ). */
  entered?: number | null;
  /** Partition children whose figure is missing from this total (named, never silently zero). */
  missingFrom?: string[];
}

export interface IndicatorValue {
  value: number | null;
  /** Chinese reason when value is null (denominator missing or zero…). */
  reason?: string;
}

export type RowRole = 'partition' | 'memo' | 'total';

export interface RollupRow {
  unit: RegisterUnit;
  /** partition: added into the total; memo: 其中 row shown only (parks); total: the parent. */
  role: RowRole;
  /** submitted: a submission was read; missing: none; rolled-up: a child level's result. */
  status: 'submitted' | 'missing' | 'rolled-up';
  /** Files of the unit's submission(s). */
  files: string[];
  /** Every base field of the catalogue, by code. */
  fields: Record<string, FieldTotal>;
  /** Every derived indicator except STI_INDEX, by code. */
  indicators: Record<string, IndicatorValue>;
}

/** One enterprise after de-duplication by USCC, with every listing that named it. */
export interface DistinctEnterprise extends Pick<EnterpriseRow, 'name' | 'township' | 'park' | 'flags' | 'revenue'> {
  /** Normalised USCC; listings without one get a key `无代码:<file>#<row>` and are counted apart. */
  uscc: string;
  /** The listing the record was taken from is first (partition units before parks, then by file). */
  listings: { unitCode: string; unitKind: RegisterUnit['kind']; file: string; sheet: string; cell: string }[];
}

export interface RollupResult {
  level: 'district' | 'city';
  /** The parent unit (district or city). */
  unit: RegisterUnit;
  year: number | null;
  period: string | null;
  /** Children: partition units first (townships, partition-member parks), then memo units (parks). */
  rows: RollupRow[];
  total: RollupRow;
  /** Distinct enterprises of the whole level (every submission, parks included), by USCC order. */
  enterprises: DistinctEnterprise[];
  /** Submissions used (files), sorted. */
  files: string[];
  findings: Finding[];
}
