/**
 * The `--json` output of `sti rollup`, `sti rank` and `sti demo`: a documented, stable shape
 * (README copies these types). Numbers are the engine's full-precision values (round them to
 * the catalogue's display decimals for printing); null means "no figure" — never zero.
 * Codes are the catalogue's stable ASCII indicator codes. Keys are never removed within a
 * schema version; new keys may be added.
 */
import { catalogue } from '../core/catalogue.js';
import { rankingNotesText } from '../core/notes.js';
import type { ParkRanking, RankingColumn, RankingRow, RankingSettings, RankingTable } from '../core/ranking.js';
import type { Admission, FigureMark, FileVerdict, UnitAdmission } from '../core/admit.js';
import type { FieldSource, MissingPart, RollupResult, RollupRow, RowRole } from '../core/rollup-types.js';
import type { Finding, UnitKind } from '../core/types.js';
import { eagerMap, type ListMaker } from './json-stream.js';

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
   * level's partition units; a 其中 park's list never raises a count) | 'distinct-enterprises+entered' (that plus entered counts of children
   * without a list) | 'input' (the level's own input: GDP, targets…) | 'none'.
   */
  source: FieldSource;
  /** Count fields from lists: how many distinct enterprises were counted. */
  enterpriseCount?: number;
  /** The unit's own entered figure when `current` came from its list and differs. */
  entered?: number | null;
}

/**
 * A unit missing from a total: { unitCode, unitName, reason (Chinese: 未报送 / 已报送但未纳入（…） /
 * R&D经费本期数有错误未纳入（指标表!D8） / 未填报该数 …), roles: which columns lack it ('current', 'previous') }.
 */
export type MissingPartJson = MissingPart;

/**
 * A mark on one of a unit's own figures: { field, role ('current' | 'previous' | 'target'), kind
 * ('left-out': an error left it out; 'kept-despite-error': --allow-errors kept it; 'warning': kept
 * with a warning), code, message, sheet, cell }.
 */
export type FigureMarkJson = FigureMark;

export interface UnitJson {
  unitCode: string;
  unitName: string;
  /** 'township' | 'park' | 'district' | 'city' */
  kind: UnitKind;
  /** 'partition': added into the total; 'memo': 其中 row (parks), never added; 'total': the level's total. */
  role: RowRole;
  /**
   * 'included' (已纳入) | 'left-out' (已报送但未纳入, statusReason says why) | 'missing' (未报送) |
   * 'rolled-up' (a total row).
   */
  status: RollupRow['status'];
  statusReason: string | null;
  files: string[];
  /** Every base field of the catalogue, by code. */
  fields: Record<string, FieldJson>;
  /** Every derived indicator (except STI_INDEX), by code; null when not computable. */
  indicators: Record<string, number | null>;
  /**
   * Completeness: by field or indicator code, the units its figure lacks and why. Only codes
   * with something missing are present; {} means every figure of this row is complete.
   */
  missing: Record<string, MissingPartJson[]>;
  /** Marks on the unit's own figures (unit rows): left out by an error, kept despite one, kept with a warning. */
  marks: FigureMarkJson[];
}

/** A file's admission verdict: used (its figures count, less figuresLeftOut), left-out (with the reason) or skipped (not a submission). */
export interface FileVerdictJson {
  file: string;
  unitCode: string | null;
  unitName: string | null;
  period: string | null;
  verdict: FileVerdict['verdict'];
  reason: string | null;
  errors: number;
  warnings: number;
  /** Figures of a used file that an error left out (or that --allow-errors kept). */
  figuresLeftOut: FigureMarkJson[];
  /** 企业名录 rows an error left out (their USCC cells). */
  listRowsLeftOut: readonly string[];
}

/** A unit of the register the files were expected from, with its status (the completeness board). */
export interface UnitStatusJson {
  unitCode: string;
  unitName: string;
  kind: UnitKind;
  parentCode: string | null;
  /** 'included' (已纳入) | 'left-out' (已报送但未纳入) | 'missing' (未报送) */
  status: UnitAdmission['status'];
  /** 已纳入 / 已报送但未纳入（reason） / 未报送 */
  statusText: string;
  reason: string | null;
  files: string[];
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
  schema: 'sti-rollup/2';
  year: number | null;
  /** The period rolled up: the one asked for (--period) or the period of most submissions. */
  period: string | null;
  periodSource: Admission['periodSource'];
  /** Where the unit register came from. */
  register: 'file' | 'inferred-from-submissions';
  files: {
    read: number;
    /** Files whose figures count. */
    used: number;
    leftOut: number;
    skipped: number;
    /** Every file's verdict, by file name. */
    verdicts: FileVerdictJson[];
  };
  /** Every expected unit's status (已纳入 / 已报送但未纳入 / 未报送). */
  units: UnitStatusJson[];
  /** True when some total lacks a unit or a figure (see each row's `missing`). */
  incomplete: boolean;
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
  /** The workbook written; null with `--json` alone (no workbook). */
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
  const missing: Record<string, MissingPartJson[]> = {};
  const marks: FigureMarkJson[] = [];
  for (const [code, f] of Object.entries(row.fields)) {
    const j: FieldJson = { current: f.current, previous: f.previous, target: f.target, source: f.source };
    if (f.enterpriseCount !== undefined) j.enterpriseCount = f.enterpriseCount;
    if (f.entered !== undefined && f.entered !== f.current) j.entered = f.entered;
    if (f.missing?.length) missing[code] = f.missing;
    if (f.marks) marks.push(...f.marks);
    fields[code] = j;
  }
  const indicators: Record<string, number | null> = {};
  for (const [code, v] of Object.entries(row.indicators)) {
    indicators[code] = v.value;
    if (v.missing?.length) missing[code] = v.missing;
  }
  return {
    unitCode: row.unit.code,
    unitName: row.unit.name,
    kind: row.unit.kind,
    role: row.role,
    status: row.status,
    statusReason: row.statusReason,
    files: row.files,
    fields,
    indicators,
    missing,
    marks,
  };
}

export function fileVerdictJson(v: FileVerdict): FileVerdictJson {
  return {
    file: v.file,
    unitCode: v.unitCode,
    unitName: v.unitName,
    period: v.period,
    verdict: v.verdict,
    reason: v.reason,
    errors: v.errors,
    warnings: v.warnings,
    figuresLeftOut: v.marks.filter((m) => m.kind !== 'warning'),
    listRowsLeftOut: v.listRowsLeftOut,
  };
}

export function unitStatusJson(u: UnitAdmission, statusText: string): UnitStatusJson {
  return {
    unitCode: u.code,
    unitName: u.name,
    kind: u.kind,
    parentCode: u.parentCode,
    status: u.status,
    statusText,
    reason: u.reason,
    files: u.files,
  };
}

/** A level as JSON; `list`: how its rows are made (lazyMap: one by one as writeJson writes them). */
export function levelJson(r: RollupResult, list: ListMaker = eagerMap): LevelJson {
  return {
    level: r.level,
    unitCode: r.unit.code,
    unitName: r.unit.name,
    period: r.period,
    total: unitJson(r.total),
    rows: list(r.rows, unitJson),
    distinctEnterprises: r.distinctEnterprises,
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
    notes: rankingNotesText(p.table.notes),
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
    notes: rankingNotesText(table.notes),
    findings: extra.findings.map(findingJson),
    output: extra.output,
  };
}

/** Display decimals of a code (for printing JSON numbers the way the workbook shows them). */
export function displayDecimals(code: string): number {
  return catalogue.get(code)?.decimals ?? 2;
}
