/**
 * The `--json` output of `sti rollup`, `sti rank` and `sti demo`: a documented, stable shape
 * (README copies these types). Numbers are the engine's full-precision values (round them to
 * the catalogue's display decimals for printing); null means "no figure" — never zero.
 * Codes are the catalogue's stable ASCII indicator codes. Keys are never removed within a
 * schema version; new keys may be added.
 */
import { catalogue } from '../core/catalogue.js';
import type { ParkRanking, RankingColumn, RankingRow, RankingSettings, RankingTable } from '../core/ranking.js';
import type { FieldSource, RollupResult, RollupRow, RowRole } from '../core/rollup-types.js';
import type { Finding, UnitKind } from '../core/types.js';

/**
 * A finding as in the validation report (severity 'error' blocks, 'warning' needs a 说明): the
 * core Finding — { severity: 'error' | 'warning' | 'info', code (stable machine code, e.g.
 * 'USCC_INVALID', 'DISTRICT_INPUT_MISSING'), message (Chinese), file, sheet?, cell?, value? (the
 * value seen, as text), expected? (Chinese), unitCode? }.
 */
export type FindingJson = Finding;

/** A base field of one row: 本期数, 上年同期数, 全年目标 and how 本期数 was obtained. */
export interface FieldJson {
  current: number | null;
  previous: number | null;
  target: number | null;
  /**
   * 'entered' (the unit's 指标表) | 'enterprise-list' (distinct USCC of its own 企业名录) |
   * 'sum' (Σ partition children) | 'distinct-enterprises' (distinct USCC over every list of the
   * level, parks included) | 'distinct-enterprises+entered' (that plus entered counts of children
   * without a list) | 'input' (the level's own input: GDP, targets…) | 'none'.
   */
  source: FieldSource;
  /** Count fields from lists: how many distinct enterprises were counted. */
  enterpriseCount?: number;
  /** The unit's own entered figure when `current` came from its list and differs. */
  entered?: number | null;
  /** Partition children without a figure for this field (total rows only). */
  missingFrom?: string[];
}

export interface UnitJson {
  unitCode: string;
  unitName: string;
  /** 'township' | 'park' | 'district' | 'city' */
  kind: UnitKind;
  /** 'partition': added into the total; 'memo': 其中 row (parks), never added; 'total': the level's total. */
  role: RowRole;
  /** 'submitted' | 'missing' (no submission) | 'rolled-up' (a total). */
  status: RollupRow['status'];
  files: string[];
  /** Every base field of the catalogue, by code. */
  fields: Record<string, FieldJson>;
  /** Every derived indicator (except STI_INDEX), by code; null when not computable. */
  indicators: Record<string, number | null>;
}

export interface LevelJson {
  /** 'district' | 'city' */
  level: RollupResult['level'];
  unitCode: string;
  unitName: string;
  period: string | null;
  total: UnitJson;
  /** Partition rows first (townships, partition-member parks), then memo rows (parks). */
  rows: UnitJson[];
  /** Distinct enterprises (by USCC) over every list of the level. */
  distinctEnterprises: number;
  /** Submission files used. */
  files: string[];
}

/** `sti rollup --json` */
export interface RollupJson {
  schema: 'sti-rollup/1';
  year: number | null;
  period: string | null;
  /** Where the unit register came from. */
  register: 'file' | 'inferred-from-submissions';
  files: {
    read: number;
    /** Submissions rolled up. */
    used: number;
    /** Files not rolled up and why (unreadable, validation errors). */
    excluded: { file: string; reason: string }[];
  };
  /** The city level first (when more than one district), then each district. */
  levels: LevelJson[];
  /**
   * Parks ranked among parks (the workbook's 园区排名): one entry for the whole city when the
   * rollup has several districts, else one for the district; only with ≥ 2 submitted 其中 parks
   * (empty array otherwise). Parks are never added into any total.
   */
  parkRankings: ParkRankingJson[];
  /** Validation findings and rollup findings, errors first. */
  findings: FindingJson[];
  /** The workbook written. */
  output: string | null;
}

/**
 * One ranked unit: the core RankingRow — unitCode, unitName, values and ranks per indicator code
 * (rank 1 = best in the indicator's direction; null = not ranked), index and indexRank (科创指数,
 * null when none), indexMissing (indicators missing from its index, weights re-normalised) and,
 * with --previous, last year's index and its rank on this year's peer set and method, rankChange
 * (+ = up) and rankChangeText, improvement (index change) and progressRank (进步位次).
 */
export type RankingRowJson = RankingRow;

/** 园区排名 of `sti rollup`: competition ranks (RANK.EQ, 1 = best) on full-precision values, no index. */
export interface ParkRankingJson {
  /** 'city': every district's parks together; 'district': the parks of one district. */
  scope: 'district' | 'city';
  /** The city or the district. */
  unitCode: string;
  unitName: string;
  /** 'competition' */
  method: RankingSettings['method'];
  /** Ranked indicators in column order (park indicators; completion rates where a park has a target). */
  columns: RankingColumn[];
  /** Submitted parks, in register order: values and ranks by indicator code (null = no value, not ranked). */
  rows: {
    unitCode: string;
    unitName: string;
    districtCode: string;
    districtName: string;
    values: Record<string, number | null>;
    ranks: Record<string, number | null>;
  }[];
  /** Chinese notes: indicators a park has no value for, parks that did not submit. */
  notes: string[];
}

/** `sti rank --json` */
export interface RankJson {
  schema: 'sti-rank/1';
  parent: { unitCode: string | null; unitName: string };
  year: number | null;
  period: string | null;
  /** The caliber applied: method, decimals ('display' | 'full'), indicators, index (method, indicators, weights summing to 1, directions, reference, aggregation) or null. */
  settings: RankingSettings;
  /** Ranked indicators in column order: code, nameZh, unit, decimals, direction (1 | -1). */
  columns: RankingColumn[];
  rows: RankingRowJson[];
  notes: string[];
  findings: FindingJson[];
  output: string | null;
}

/** `sti demo --json` */
export interface DemoJson {
  schema: 'sti-demo/1';
  outDir: string;
  files: { register: string; submissions: string[]; rollup: string; previousRanking: string; ranking: string };
  validation: { errors: number; warnings: number; infos: number; findings: FindingJson[] };
  rollup: RollupJson;
  rank: RankJson;
}

// ——— converters (engine result → JSON shape) ———

export function findingJson(f: Finding): FindingJson {
  const out: FindingJson = { severity: f.severity, code: f.code, message: f.message, file: f.file };
  if (f.sheet !== undefined) out.sheet = f.sheet;
  if (f.cell !== undefined) out.cell = f.cell;
  if (f.value !== undefined) out.value = f.value;
  if (f.expected !== undefined) out.expected = f.expected;
  if (f.unitCode !== undefined) out.unitCode = f.unitCode;
  return out;
}

export function unitJson(row: RollupRow): UnitJson {
  const fields: Record<string, FieldJson> = {};
  for (const [code, f] of Object.entries(row.fields)) {
    const j: FieldJson = { current: f.current, previous: f.previous, target: f.target, source: f.source };
    if (f.enterprises) j.enterpriseCount = f.enterprises.length;
    if (f.entered !== undefined && f.entered !== f.current) j.entered = f.entered;
    if (f.missingFrom && row.role === 'total') j.missingFrom = f.missingFrom;
    fields[code] = j;
  }
  const indicators: Record<string, number | null> = {};
  for (const [code, v] of Object.entries(row.indicators)) indicators[code] = v.value;
  return {
    unitCode: row.unit.code,
    unitName: row.unit.name,
    kind: row.unit.kind,
    role: row.role,
    status: row.status,
    files: row.files,
    fields,
    indicators,
  };
}

export function levelJson(r: RollupResult): LevelJson {
  return {
    level: r.level,
    unitCode: r.unit.code,
    unitName: r.unit.name,
    period: r.period,
    total: unitJson(r.total),
    rows: r.rows.map(unitJson),
    distinctEnterprises: r.enterprises.length,
    files: r.files,
  };
}

export function parkRankingJson(p: ParkRanking): ParkRankingJson {
  return {
    scope: p.scope,
    unitCode: p.unit.code,
    unitName: p.unit.name,
    method: p.table.settings.method,
    columns: p.table.columns.map((c) => ({ ...c })),
    rows: p.table.rows.map((r, i) => ({
      unitCode: r.unitCode,
      unitName: r.unitName,
      districtCode: p.districts[i].unitCode,
      districtName: p.districts[i].unitName,
      values: r.values,
      ranks: r.ranks,
    })),
    notes: p.table.notes,
  };
}

export function rankJson(
  table: RankingTable,
  extra: { parent: RankJson['parent']; year: number | null; period: string | null; findings: Finding[]; output: string | null },
): RankJson {
  return {
    schema: 'sti-rank/1',
    parent: extra.parent,
    year: extra.year,
    period: extra.period,
    settings: table.settings,
    columns: table.columns.map((c) => ({ ...c })),
    rows: table.rows.map((r) => ({ ...r })),
    notes: table.notes,
    findings: extra.findings.map(findingJson),
    output: extra.output,
  };
}

/** Display decimals of a code (for printing JSON numbers the way the workbook shows them). */
export function displayDecimals(code: string): number {
  return catalogue.get(code)?.decimals ?? 2;
}
