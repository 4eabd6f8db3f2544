/**
 * The result of rolling a level of the unit register up (indicators.md §1): a row per
 * child unit, the parent's total row, every value with where it came from. The task pane,
 * the CLI (`--json`), the output builders and the benchmark all read these shapes.
 */
import type { FigureMark, UnitStatus } from './admit.js';
import type { EnterpriseRow, Finding, RegisterUnit } from './types.js';
import type { IndicatorErrorCode } from './errors.js';
import type { RankingInputRow } from './ranking.js';

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
 * - `distinct-enterprises`: distinct USCC across the partition units' 企业名录 of the level (a 其中 park's list never raises a count);
 * - `distinct-enterprises+entered`: that, plus entered counts of partition children without a list;
 * - `input`: the parent's own input (district-only denominators, targets; a district's own figures
 *   when none of its townships' files is in — 区报数);
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
  /**
   * Count fields taken from 企业名录: how many distinct enterprises were counted (the firms themselves are the
   * level's `enterprises`; a list per field and row would hold every USCC again on every row and total).
   */
  enterpriseCount?: number;
  /** The figure the unit entered in 指标表, when `current` came from elsewhere (list, Σ). */
  entered?: number | null;
  /**
   * Completeness of a total: the units whose figure is not in it and why (未报送, 已报送但未纳入（…）,
   * 该数有错误未纳入, 未填报…), never silently zero. Absent or empty: complete.
   */
  missing?: MissingPart[];
  /** On a unit's row: marks on its own figures (left out by an error, kept despite one, kept with a warning). */
  marks?: FigureMark[];
}

/** A unit missing from a total (or from an indicator's operands), with the reason and the columns it lacks. */
export interface MissingPart {
  unitCode: string;
  unitName: string;
  /** Chinese, e.g. 未报送 / 已报送但未纳入（报告期与本次汇总不一致） / R&D经费本期数有错误未纳入. */
  reason: string;
  /** Which of the total's columns lack it. */
  roles: ('current' | 'previous')[];
}

export interface IndicatorValue {
  value: number | null;
  /** Chinese reason when value is null (denominator missing or zero…). */
  reason?: string;
  /** The error the formula gives when value is null (the Excel error STI.* shows); none when not computed at this level. */
  error?: IndicatorErrorCode;
  /** Units missing from the totals the value is computed from (see FieldTotal.missing). */
  missing?: MissingPart[];
}

export type RowRole = 'partition' | 'memo' | 'total';

export interface RollupRow {
  unit: RegisterUnit;
  /** partition: added into the total; memo: 其中 row shown only (parks); total: the parent. */
  role: RowRole;
  /**
   * included (已纳入): its file counts; left-out (已报送但未纳入): it sent a file that does not count
   * (statusReason says why); missing (未报送): no file; rolled-up: a total row.
   */
  status: UnitStatus | 'rolled-up';
  /** Why a left-out unit's file does not count (Chinese); null otherwise. */
  statusReason: string | null;
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
  /**
   * A district's distinct enterprises (the partition units' lists; a 其中 park's listing is attached to a firm a
   * township lists), by USCC order. Empty for the city: it counts its districts' firms once each as they are
   * rolled up (`distinctEnterprises`), without holding every firm of the country again.
   */
  enterprises: DistinctEnterprise[];
  /** How many distinct enterprises the level counts (a city: across its included districts). */
  distinctEnterprises: number;
  /** Submissions used (files), sorted. */
  files: string[];
  findings: Finding[];
}

/**
 * What a level's outputs need once its rows have been written (the JSON levels, the 通报 summary, the park
 * ranking): a rollup of a whole country keeps this for each district instead of every unit row and firm.
 */
export interface LevelSummary extends Pick<
  RollupResult,
  'level' | 'unit' | 'year' | 'period' | 'total' | 'files' | 'findings' | 'distinctEnterprises'
> {
  /** The level's 其中 parks, as the park ranking needs them. */
  parks: ParkSummary[];
}

/**
 * A 其中 park as the ranking of parks needs it: its unit, status and figures as ranking input, not
 * its row (a country's parks' rows, every field and indicator with its reasons, were most of what a
 * rollup kept to the end).
 */
export interface ParkSummary {
  unit: RegisterUnit;
  status: RollupRow['status'];
  input: RankingInputRow;
}

/** A district rolled up, as the city needs it. */
export interface DistrictSummary extends LevelSummary {
  level: 'district';
  /** Its status as a row of the city: included when any of its files counts. */
  cityStatus: { status: UnitStatus; reason: string | null };
  /** Entered counts added on top of its distinct enterprises (partition units without a list, or its 区报数), by field. */
  enteredExtra: Record<string, number>;
  /** Does the rollup speak of it (any file, used or not)? See activeDistricts. */
  active: boolean;
}
