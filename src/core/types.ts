/**
 * Shared data shapes between the io adapters (which read files and sheets) and the core
 * (which decides). Every value keeps the place it came from.
 */
import type { EnterpriseFlag } from './catalogue.js';
import type { FindingCode } from './validate-codes.js';

export type UnitKind = 'township' | 'park' | 'district' | 'city';

/** Where a value was read: file (or workbook name), sheet, A1 cell. */
export interface CellRef {
  file: string;
  sheet: string;
  cell: string;
}

/** One row of 指标表: 本期数 | 上年同期数 | 全年目标 | 备注, each null when blank. */
export interface FieldValue {
  current: number | null;
  previous: number | null;
  target: number | null;
  note: string | null;
  refs: { current?: CellRef; previous?: CellRef; target?: CellRef; note?: CellRef };
}

/** One row of 企业名录. */
export interface EnterpriseRow {
  /** Normalised USCC (trim, half-width, upper case) — not necessarily valid. */
  uscc: string;
  name: string;
  township: string | null;
  park: string | null;
  flags: Record<EnterpriseFlag, boolean>;
  revenue: number | null;
  rdFee: number | null;
  rdExp: number | null;
  rdFte: number | null;
  /** The cell of its USCC; the row is ref.cell's row. */
  ref: CellRef;
  /**
   * Column letters (on ref.sheet, in ref.cell's row) of the row's other values, when read from
   * a file; one object shared by all rows of a sheet. The cell of the revenue is
   * `${columns.revenue}${row of ref.cell}`.
   */
  columns?: Readonly<Partial<Record<'name' | 'township' | 'park' | 'revenue' | 'rdFee' | 'rdExp' | 'rdFte', string>>>;
}

export interface UnitInfo {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
}

/** A submission read from one workbook (one unit, one period). */
export interface Submission {
  file: string;
  templateId: string;
  templateVersion: string;
  unit: UnitInfo;
  year: number;
  /** '2024' (whole year) or '2024-01..09' (cumulative months). */
  period: string;
  /** By base-field code. Fields absent from the sheet are absent here. */
  fields: Record<string, FieldValue>;
  enterprises: EnterpriseRow[];
  /** Set by admission when every row of a submitted 企业名录 was left out: the unit still reports by list. */
  listedEnterprises?: boolean;
}

export type Severity = 'error' | 'warning' | 'info';

/** A validation finding, shown to the statistician in Chinese. */
export interface Finding {
  /** 'error' (错误) blocks; 'warning' (警告) needs a 说明; 'info' is shown only. */
  severity: Severity;
  /** Stable machine code from the one registry (validate-codes.ts), e.g. 'NEGATIVE_VALUE', 'USCC_INVALID'. */
  code: FindingCode;
  /** Chinese message. */
  message: string;
  file: string;
  sheet?: string;
  cell?: string;
  /** The value seen, as text. */
  value?: string;
  /** What was expected, in Chinese. */
  expected?: string;
  unitCode?: string;
}

export const SEVERITY_ZH: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

/** One unit of the register (名录). Parks hang under their district as memo units. */
export interface RegisterUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  /** A park that is its own statistical area and is added into the district total. */
  partitionMember?: boolean;
}

export interface Register {
  units: RegisterUnit[];
}
