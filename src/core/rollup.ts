/**
 * Hierarchy rollup (product.md §5, indicators.md §1): townships/streets (and partition-member
 * parks) add up to the district, districts to the city; parks are 其中 memo rows; enterprise
 * counts are distinct USCC across every list of the level; ratios are recomputed from sums,
 * never averaged; targets and district-only denominators are the parent's own inputs.
 */
import {
  BASE_FIELDS,
  DERIVED_INDICATORS,
  catalogue,
  operandLabelZh,
  type BaseField,
  type DerivedIndicator,
  classMatchesCountRule,
  firmClass,
  firmClassCount,
  matchesCountRule,
  type EnterpriseCountRule,
} from './catalogue.js';
import { evaluate } from './formulas.js';
import { fixedRecord } from './fixed-record.js';
import {
  admit,
  figureLabel,
  listFigureMarks,
  readsOf,
  takeFirmKeys,
  unitStatusText,
  type Admission,
  type AdmittedSubmission,
  type FigureMark,
  type UnitStatus,
} from './admit.js';
import { SHEET_INDICATORS } from './template-schema.js';
import type { EnterpriseRow, Finding, Register, RegisterUnit, Submission } from './types.js';
import { buildRegisterTree, type DistrictNode, type RegisterTree } from './register.js';
import type {
  DistinctEnterprise,
  DistrictSummary,
  FieldTotal,
  IndicatorValue,
  LevelSummary,
  MissingPart,
  RollupResult,
  RollupRow,
  SourceRef,
} from './rollup-types.js';
import { parkSummaryOf } from './ranking.js';
import { UsccKeySet } from './uscc-set.js';
import { finding, sortFindings } from './validate-codes.js';

export * from './rollup-types.js';
export { buildRegisterTree, registerFromSubmissions, isPartitionUnit } from './register.js';
export type { RegisterTree, DistrictNode } from './register.js';
export interface RollupOptions {
  /** Name of the register file, for findings. */
  registerSource?: string;
  /**
   * Empty `admission.admitted` and let each district's submissions go once it is rolled up
   * (`sti rollup`, which writes its outputs from the results): a large rollup then does not hold
   * every submission and every result at once.
   */
  releaseSubmissions?: boolean;
}

/** Derived indicators the rollup computes (the composite index is ranked, not rolled up). */
export const ROLLUP_INDICATORS: readonly DerivedIndicator[] = DERIVED_INDICATORS.filter((d) => d.kind !== 'composite');

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export { matchesCountRule } from './catalogue.js';

/**
 * A map's values in the order of its keys (code-unit order, as `cmp`). Keys are distinct, so the
 * comparator-free sort of the keys gives the same order, several times faster for a city's firms.
 */
function valuesInKeyOrder<T>(map: Map<string, T>): T[] {
  return [...map.keys()].sort().map((k) => map.get(k)!);
}

const rowOf = (cell: string): number => Number(/\d+$/.exec(cell)?.[0] ?? 0);

function enterpriseKey(e: EnterpriseRow): string {
  return e.uscc.trim() ? e.uscc.trim() : `无代码:${e.ref.file}#${rowOf(e.ref.cell)}`;
}

/** Sum of numbers, null when none is present. */
function sumOrNull(values: (number | null)[]): number | null {
  let any = false;
  let s = 0;
  for (const v of values) {
    if (v !== null && Number.isFinite(v)) {
      any = true;
      s += v;
    }
  }
  return any ? s : null;
}

function emptyField(code: string): FieldTotal {
  return { code, current: null, previous: null, target: null, source: 'none', refs: [] };
}

/** Firms per class (catalogue firmClass): what every count of a list needs. */
function classCountsOf(firms: readonly Pick<EnterpriseRow, 'flags' | 'revenue'>[]): Int32Array {
  const counts = new Int32Array(firmClassCount());
  for (const e of firms) counts[firmClass(e.flags, e.revenue)]++;
  return counts;
}

/** How many of the firms match the rule, from their class counts (each firm once). */
function countMatching(
  classCounts: Int32Array,
  firms: readonly Pick<EnterpriseRow, 'flags' | 'revenue'>[] | null,
  rule: EnterpriseCountRule,
): number {
  let n = 0;
  for (let k = 0; k < classCounts.length; k++) {
    if (classCounts[k] === 0) continue;
    const match = classMatchesCountRule(k, rule);
    // A rule the classes cannot decide (not a catalogue count's floor): firm by firm.
    if (match === undefined) {
      // The catalogue's counts are all decided by classes; only a level holding its firms can count another rule.
      if (!firms) throw new Error(`企业计数规则无法按类别计数：${JSON.stringify(rule)}`);
      return firms.filter((e) => matchesCountRule(e, rule)).length;
    }
    if (match) n += classCounts[k];
  }
  return n;
}

/** A level's distinct firms as its total counts them: by class (and the firms themselves where the level holds them). */
interface LevelFirms {
  classCounts: Int32Array;
  count: number;
  /** Null for the city, which counts its districts' firms as they come (CityFirms). */
  rows: readonly Pick<EnterpriseRow, 'flags' | 'revenue'>[] | null;
}

function levelFirmsOf(enterprises: readonly DistinctEnterprise[]): LevelFirms {
  return { classCounts: classCountsOf(enterprises), count: enterprises.length, rows: enterprises };
}

/** A unit's own 企业名录, keyed once for all its counts. */
interface OwnList {
  keys: string[];
  /** No key twice: a count is a count of rows (the usual list); otherwise of distinct keys. */
  distinct: boolean;
  classCounts: Int32Array;
}

function ownList(rows: readonly EnterpriseRow[]): OwnList {
  const keys = rows.map(enterpriseKey);
  return { keys, distinct: new Set(keys).size === keys.length, classCounts: classCountsOf(rows) };
}

/** Distinct keys among the rows that match (a list naming a firm twice counts it once if any of its rows matches). */
function distinctMatching(list: OwnList, rows: readonly EnterpriseRow[], rule: EnterpriseCountRule): number {
  const counted = new Set<string>();
  rows.forEach((e, i) => {
    if (matchesCountRule(e, rule)) counted.add(list.keys[i]);
  });
  return counted.size;
}

/** Every base field by code, in catalogue order. */
const newFieldRecord = fixedRecord<FieldTotal>(BASE_FIELDS.map((f) => f.code));

const OWN_ROLES = ['current', 'previous', 'target'] as const;

/** A unit's own figures from its submission (counts from its own list when it has one). */
function unitFields(sub: Submission | null, findings: Finding[]): Record<string, FieldTotal> {
  const out = newFieldRecord();
  let list: OwnList | undefined;
  for (const f of BASE_FIELDS) {
    const fv = sub?.fields[f.code];
    const t = emptyField(f.code);
    if (sub && fv) {
      t.current = fv.current;
      t.previous = fv.previous;
      t.target = fv.target;
      let refs: SourceRef[] | null = null;
      for (const role of OWN_ROLES) {
        const v = fv[role];
        const ref = fv.refs[role];
        if (v !== null && ref)
          (refs ??= []).push({ unitCode: sub.unit.code, file: ref.file, sheet: ref.sheet, cell: ref.cell, role, value: v });
      }
      // An array grown by push keeps room for 17: a copy holds just its one to three references (kept for every unit).
      if (refs) t.refs = refs.slice();
      t.source = fv.current !== null ? 'entered' : 'none';
    }
    if (sub && f.fromEnterprises && (sub.enterprises.length > 0 || sub.listedEnterprises)) {
      list ??= ownList(sub.enterprises);
      const count = list.distinct
        ? countMatching(list.classCounts, sub.enterprises, f.fromEnterprises)
        : distinctMatching(list, sub.enterprises, f.fromEnterprises);
      t.entered = t.current;
      t.current = count;
      t.source = 'enterprise-list';
      t.enterpriseCount = count;
      if (t.entered !== null && t.entered !== count) {
        const ref = fv?.refs.current;
        findings.push(
          finding('COUNT_FROM_LIST', `${sub.unit.name}“${f.nameZh}”填报${t.entered}，企业名录去重为${count}，汇总采用名录数`, {
            file: sub.file,
            sheet: ref?.sheet,
            cell: ref?.cell,
            value: String(t.entered),
            expected: String(count),
            unitCode: sub.unit.code,
          }),
        );
      }
    }
    out[f.code] = t;
  }
  return out;
}

/** A submission's own figures as a row's fields (counts from its own 企业名录 when it has one). */
export function submissionFields(sub: Submission): Record<string, FieldTotal> {
  return unitFields(sub, []);
}

/** Units missing from the given columns of the given fields, merged by unit (reasons joined). */
function missingOf(fields: Record<string, FieldTotal>, wanted: { code: string; roles: ('current' | 'previous')[] }[]): MissingPart[] {
  const byUnit = new Map<string, MissingPart>();
  for (const { code, roles } of wanted) {
    for (const m of fields[code]?.missing ?? []) {
      const hit = m.roles.filter((r) => roles.includes(r));
      if (hit.length === 0) continue;
      const prev = byUnit.get(m.unitCode);
      if (!prev) byUnit.set(m.unitCode, { ...m, roles: hit });
      else {
        if (!prev.reason.includes(m.reason)) prev.reason = `${prev.reason}；${m.reason}`;
        for (const r of hit) if (!prev.roles.includes(r)) prev.roles.push(r);
      }
    }
  }
  return [...byUnit.values()];
}

/** What computing each rolled-up indicator needs, worked out once (not once per row). */
const INDICATOR_PLANS = ROLLUP_INDICATORS.flatMap((d) => {
  const f = d.formula;
  if (!f) return [];
  // Completeness follows this year's and last year's figures (a target is the level's own input).
  const operands: { code: string; roles: ('current' | 'previous')[] }[] = [];
  for (const op of f.operands) {
    if (op.role === 'target') continue;
    const seen = operands.find((x) => x.code === op.field);
    if (!seen) operands.push({ code: op.field, roles: [op.role] });
    else if (!seen.roles.includes(op.role)) seen.roles.push(op.role);
  }
  return [
    {
      code: d.code,
      formula: f,
      labels: f.operands.map(operandLabelZh),
      districtOnly: d.rule === 'DISTRICT_ONLY' || (d.kind === 'pp' && catalogue.indicator(d.of!)?.rule === 'DISTRICT_ONLY'),
      operands,
    },
  ];
});

const newIndicatorRecord = fixedRecord<IndicatorValue>(INDICATOR_PLANS.map((p) => p.code));

/** Every derived indicator of a row from its fields; `aggregate` rows also get district-only ones. */
export function computeIndicators(fields: Record<string, FieldTotal>, aggregate: boolean): Record<string, IndicatorValue> {
  const out = newIndicatorRecord();
  for (const { code, formula: f, labels, districtOnly, operands } of INDICATOR_PLANS) {
    if (districtOnly && !aggregate) {
      out[code] = { value: null, reason: '仅在区（市）级计算' };
      continue;
    }
    // The one evaluator (formulas.ts): the same rule as STI.* and the workbook's formula text.
    const o = evaluate(
      f.kind,
      f.factor,
      f.operands.map((op) => fields[op.field]?.[op.role] ?? null),
      labels,
    );
    const v: IndicatorValue = o.value === null ? { value: null, reason: o.reason, error: o.error } : { value: o.value };
    const missing = missingOf(fields, operands);
    if (missing.length > 0) v.missing = missing;
    out[code] = v;
  }
  return out;
}

interface ChildState {
  unit: RegisterUnit;
  role: 'partition' | 'memo';
  row: RollupRow;
  /** For rolled-up children (districts of the city): how many distinct enterprises, and the entered counts added on top. */
  childFirms?: number;
  childEnteredExtra?: Record<string, number>;
}

const ROLES_BOTH: ('current' | 'previous')[] = ['current', 'previous'];
const BLANK_CURRENT = '未填报该数';
const BLANK_PREVIOUS = '未填上年同期数';

/** Why a partition child's figure of a field is not (wholly) in the total, per column; empty when it is. */
function childMissing(c: ChildState, code: string, countField: boolean): MissingPart[] {
  const row = c.row;
  const who = { unitCode: c.unit.code, unitName: c.unit.name };
  if (row.status === 'missing') return [{ ...who, reason: '未报送', roles: ROLES_BOTH }];
  if (row.status === 'left-out') return [{ ...who, reason: unitStatusText('left-out', row.statusReason), roles: ROLES_BOTH }];
  const t = row.fields[code];
  if (row.status === 'rolled-up' || c.childFirms !== undefined) {
    // A district (of the city): what its total lacks, and the district itself where its total has no figure.
    const parts = (t.missing ?? []).map((m) => ({ ...m, roles: [...m.roles] }));
    for (const role of ROLES_BOTH)
      if (t[role] === null && !parts.some((m) => m.roles.includes(role)))
        parts.push({ ...who, reason: role === 'current' ? BLANK_CURRENT : BLANK_PREVIOUS, roles: [role] });
    return parts;
  }
  const out: MissingPart[] = [];
  for (const role of ROLES_BOTH) {
    const mark = t.marks?.find((m) => m.role === role && m.kind === 'left-out');
    if (mark)
      out.push({
        ...who,
        reason:
          mark.field === code && countField && mark.sheet !== SHEET_INDICATORS
            ? mark.message
            : `${figureLabel(mark)}有错误未纳入（${mark.sheet}!${mark.cell}）`,
        roles: [role],
      });
    else if (t[role] === null) out.push({ ...who, reason: role === 'current' ? BLANK_CURRENT : BLANK_PREVIOUS, roles: [role] });
  }
  // One unit, one entry: both columns for the same reason merge.
  if (out.length === 2 && out[0].reason === out[1].reason) return [{ ...out[0], roles: ROLES_BOTH }];
  return out;
}

/**
 * The total row of a level from its children and the parent's own submission: SUM over the
 * partition, distinct enterprises across the partition's lists, targets and district-only
 * inputs from the parent, and which units each total lacks. Shared by the district and the city.
 */
function totalRow(
  parent: RegisterUnit,
  children: ChildState[],
  parentSub: Submission | null,
  firms: LevelFirms,
  findings: Finding[],
  ownMarks: readonly FigureMark[] = [],
): RollupRow {
  const partition = children.filter((c) => c.role === 'partition');
  const own = parentSub ? unitFields(parentSub.unit.kind === 'district' || parentSub.unit.kind === 'city' ? parentSub : null, []) : null;
  const ownEntered = parentSub ? unitFields({ ...parentSub, enterprises: [] }, []) : null;
  const fields = newFieldRecord();
  const parentFile = parentSub?.file ?? '';
  const levelZh = parent.kind === 'city' ? '市' : '区';
  const ownRefs = (code: string, roles: SourceRef['role'][]): SourceRef[] =>
    (ownEntered?.[code].refs ?? []).filter((r) => roles.includes(r.role));
  // Two tiers: a bureau that has only the district's own file (no township's) uses its figures (区报数).
  const anyChildIn = partition.some((c) => c.row.status === 'included' || (c.row.status === 'rolled-up' && c.row.files.length > 0));
  const selfReported = own !== null && (partition.length === 0 || !anyChildIn);
  if (selfReported && partition.length > 0) {
    findings.push(
      finding('DISTRICT_FIGURES_USED', `${parent.name}的下级单位报表均未纳入，${parent.name}合计采用其本级报表自填数（区报数）`, {
        file: parentFile,
        unitCode: parent.code,
      }),
    );
  }

  for (const f of BASE_FIELDS) {
    const t = emptyField(f.code);
    if (f.scope === 'district' || selfReported) {
      // District-only inputs (and a self-reported level): the parent's own figures, never a sum of the children.
      if (own) {
        const o = f.scope === 'district' ? ownEntered![f.code] : own[f.code];
        Object.assign(t, {
          current: o.current,
          previous: o.previous,
          target: o.target,
          refs: o.refs,
          source: o.current !== null ? 'input' : 'none',
          previousSource: o.previous !== null ? 'input' : 'none',
        });
        if (o.enterpriseCount !== undefined) t.enterpriseCount = o.enterpriseCount;
        const marks = ownMarks.filter((m) => m.field === f.code);
        if (marks.length) t.marks = marks;
        // A self-reported level's own figure left out by an error: the level's total lacks it (the city is told).
        if (f.scope !== 'district') {
          const parts: MissingPart[] = marks
            .filter((m) => m.kind === 'left-out' && m.role !== 'target')
            .map((m) => ({
              unitCode: parent.code,
              unitName: parent.name,
              reason: m.sheet === SHEET_INDICATORS ? `${figureLabel(m)}有错误未纳入（${m.sheet}!${m.cell}）` : m.message,
              roles: [m.role as 'current' | 'previous'],
            }));
          if (parts.length) t.missing = parts;
        }
      }
      fields[f.code] = t;
      continue;
    }
    const missing = partition.flatMap((c) => childMissing(c, f.code, Boolean(f.fromEnterprises)));
    if (missing.length > 0) t.missing = missing;
    // 本期数
    if (f.fromEnterprises) {
      const rule = f.fromEnterprises;
      const counted = countMatching(firms.classCounts, firms.rows, rule);
      let extra = 0;
      let anyList = firms.count > 0;
      let anyEntered = false;
      for (const c of partition) {
        const cf = c.row.fields[f.code];
        if (c.childEnteredExtra) {
          // A rolled-up district: its own entered part (units without a list, or its 区报数) carries over.
          if ((c.childFirms ?? 0) > 0) anyList = true;
          if (cf.source === 'sum' || cf.source === 'distinct-enterprises+entered' || cf.source === 'input') {
            anyEntered = true;
            t.refs.push(...cf.refs.filter((r) => r.role === 'current'));
          }
          extra += c.childEnteredExtra[f.code] ?? 0;
        } else if (cf.source === 'entered') {
          extra += cf.current ?? 0;
          anyEntered = true;
          t.refs.push(...cf.refs.filter((r) => r.role === 'current'));
        }
      }
      if (anyList) {
        t.current = counted + extra;
        t.enterpriseCount = counted;
        t.source = anyEntered ? 'distinct-enterprises+entered' : 'distinct-enterprises';
      } else {
        t.current = anyEntered ? extra : null;
        t.source = anyEntered ? 'sum' : 'none';
      }
    } else {
      t.current = sumOrNull(partition.map((c) => c.row.fields[f.code].current));
      t.source = t.current === null ? 'none' : 'sum';
      for (const c of partition) t.refs.push(...c.row.fields[f.code].refs.filter((r) => r.role === 'current'));
    }
    // 上年同期数: Σ partition (revised figures); counts from lists use the parent's own figure when given.
    const ownPrev = ownEntered?.[f.code].previous ?? null;
    if (f.fromEnterprises && ownPrev !== null) {
      t.previous = ownPrev;
      t.previousSource = 'input';
      t.refs.push(...ownRefs(f.code, ['previous']));
      if (t.missing)
        t.missing = t.missing.map((m) => ({ ...m, roles: m.roles.filter((r) => r !== 'previous') })).filter((m) => m.roles.length);
    } else {
      t.previous = sumOrNull(partition.map((c) => c.row.fields[f.code].previous));
      t.previousSource = t.previous === null ? 'none' : 'sum';
      for (const c of partition) t.refs.push(...c.row.fields[f.code].refs.filter((r) => r.role === 'previous'));
    }
    // A blank no unit filled is no figure at all (the total is blank, with its reason), not an incomplete one.
    if (t.missing)
      t.missing = t.missing
        .map((m) => ({
          ...m,
          roles: m.roles.filter(
            (r) =>
              !(
                (r === 'current' && t.current === null && m.reason === BLANK_CURRENT) ||
                (r === 'previous' && t.previous === null && m.reason === BLANK_PREVIOUS)
              ),
          ),
        }))
        .filter((m) => m.roles.length > 0);
    if (t.missing && t.missing.length === 0) delete t.missing;
    // 全年目标: the parent's own target (an input, not Σ of the children's targets).
    t.target = ownEntered?.[f.code].target ?? null;
    t.refs.push(...ownRefs(f.code, ['target']));
    if (t.target === null && partition.some((c) => c.row.fields[f.code].target !== null)) {
      findings.push(
        finding(
          'TARGET_NOT_SUMMED',
          `${parent.name}未填“${f.nameZh}”全年目标：下级单位有目标，但${levelZh}完成率按本级目标计算，不以下级目标相加代替`,
          { file: parentFile || parent.name, unitCode: parent.code },
        ),
      );
    }
    // The parent's own entered 本期数, if any, is compared with the rollup.
    const ownCur = ownEntered?.[f.code].current ?? null;
    if (ownCur !== null && t.current !== null && Math.abs(ownCur - t.current) > 1e-6 * Math.max(1, Math.abs(t.current))) {
      const ref = ownEntered?.[f.code].refs.find((r) => r.role === 'current');
      findings.push(
        finding(
          'TOTAL_DIFFERS_FROM_ENTERED',
          `${parent.name}自填“${f.nameZh}”为${ownCur}，与汇总结果${roundForText(t.current)}不一致，汇总表采用汇总结果${t.missing ? `（汇总结果不含：${t.missing.map((m) => m.unitName).join('、')}）` : ''}`,
          {
            file: parentFile,
            sheet: ref?.sheet,
            cell: ref?.cell,
            value: String(ownCur),
            expected: String(roundForText(t.current)),
            unitCode: parent.code,
          },
        ),
      );
    }
    // Grown by push, the references keep spare room; the total keeps an exact copy.
    if (t.refs.length > 0) t.refs = t.refs.slice();
    fields[f.code] = t;
  }

  // District-only inputs missing: say which indicators cannot be computed (never zero).
  for (const f of BASE_FIELDS.filter((x) => x.scope === 'district')) {
    if (fields[f.code].current !== null) continue;
    const affected = ROLLUP_INDICATORS.filter(
      (d) => d.rule === 'DISTRICT_ONLY' && (d.numerator === f.code || d.denominator === f.code),
    ).map((d) => d.nameZh);
    if (affected.length === 0) continue;
    findings.push(
      finding(
        'DISTRICT_INPUT_MISSING',
        `${parent.name}未填报“${f.nameZh}”（${levelZh}级专用数据），${affected.join('、')}不予计算（不按零处理）`,
        {
          file: parentFile || parent.name,
          unitCode: parent.code,
          expected: parentSub ? '在本级报表中填报该数' : `报送${parent.name}本级报表`,
        },
      ),
    );
  }
  return {
    unit: parent,
    role: 'total',
    status: 'rolled-up',
    statusReason: null,
    files: parentSub ? [parentSub.file] : [],
    fields,
    indicators: computeIndicators(fields, true),
  };
}

function roundForText(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Distinct enterprises of a district: the partition units' lists, de-duplicated by USCC (a firm
 * in two townships counts once; admission reported it). A 其中 park's listing is attached to the
 * firm when a township lists it too; a firm only a memo park lists is not in the district's count
 * (parks are never added into totals) and is reported per park.
 */
function dedupeEnterprises(sources: { sub: Submission; partition: boolean; order: number }[], findings: Finding[]): DistinctEnterprise[] {
  const ordered = [...sources].sort((a, b) =>
    a.partition !== b.partition ? (a.partition ? -1 : 1) : a.order - b.order || cmp(a.sub.file, b.sub.file),
  );
  const map = new Map<string, DistinctEnterprise>();
  for (const { sub, partition } of ordered) {
    const parkOnly: EnterpriseRow[] = [];
    for (const e of sub.enterprises) {
      const key = enterpriseKey(e);
      const listing = { unitCode: sub.unit.code, unitKind: sub.unit.kind, file: e.ref.file, sheet: e.ref.sheet, cell: e.ref.cell };
      const existing = map.get(key);
      if (!partition) {
        if (existing) {
          if (!existing.listings.some((l) => l.unitCode === sub.unit.code && l.file === listing.file && l.cell === listing.cell))
            existing.listings.push(listing);
        } else parkOnly.push(e);
        continue;
      }
      if (!e.uscc.trim()) {
        findings.push(
          finding('ENTERPRISE_NO_USCC', `企业“${e.name}”未填统一社会信用代码，无法去重，按一家单独计数`, {
            file: e.ref.file,
            sheet: e.ref.sheet,
            cell: e.ref.cell,
            unitCode: sub.unit.code,
          }),
        );
      }
      if (!existing) {
        map.set(key, {
          uscc: key,
          name: e.name,
          township: e.township,
          park: e.park,
          // The row's flags object, not a copy: nothing writes to flags (the reader shares one object per set of flags).
          flags: e.flags,
          revenue: e.revenue,
          listings: [listing],
        });
        continue;
      }
      if (existing.listings.some((l) => l.unitCode === sub.unit.code && l.file === listing.file && l.cell === listing.cell)) continue;
      existing.listings.push(listing);
    }
    if (parkOnly.length > 0) {
      const first = parkOnly[0];
      findings.push(
        finding(
          'PARK_FIRM_NOT_IN_TOWNSHIP',
          `${sub.unit.name}的企业名录中有 ${parkOnly.length} 家企业未列入本区任何乡镇（街道）名录（如 ${parkOnly
            .slice(0, 3)
            .map((e) => `${e.name || e.uscc}（${e.ref.cell}）`)
            .join('、')}），园区是“其中”项，这些企业不计入区合计；请核实所在乡镇（街道）是否漏报`,
          {
            file: first.ref.file,
            sheet: first.ref.sheet,
            cell: first.ref.cell,
            value: String(parkOnly.length),
            expected: '园区企业同时列于所在乡镇（街道）名录',
            unitCode: sub.unit.code,
          },
        ),
      );
    }
  }
  return valuesInKeyOrder(map);
}

/** A child row as the admission placed it: its figures, status and the marks on its figures. */
function childRow(
  u: RegisterUnit,
  role: 'partition' | 'memo',
  sub: Submission | null,
  admission: Admission,
  findings: Finding[],
): RollupRow {
  const fields = unitFields(sub, findings);
  const verdict = sub ? admission.usedFileOf.get(u.code) : undefined;
  const marks = verdict?.marks ?? [];
  for (const m of marks) (fields[m.field].marks ??= []).push(m);
  // Counts a left-out (or kept) 企业名录 row would feed are marked; the others stay complete.
  if (verdict) for (const m of listFigureMarks(verdict, sub?.enterprises[0]?.ref.sheet)) (fields[m.field].marks ??= []).push(m);
  const st = admission.statusOf.get(u.code) ?? { status: 'missing' as UnitStatus, reason: null };
  const status: UnitStatus = sub ? 'included' : st.status === 'included' ? 'missing' : st.status;
  return {
    unit: u,
    role,
    status,
    statusReason: status === 'left-out' ? st.reason : null,
    files: sub ? [sub.file] : [],
    fields,
    indicators: computeIndicators(fields, false),
  };
}

function rollupDistrictNode(node: DistrictNode, mine: readonly Submission[], admission: Admission): RollupResult {
  const findings: Finding[] = [];
  const chosen = new Map<string, Submission>();
  for (const s of [...mine].sort((a, b) => cmp(a.file, b.file))) if (!chosen.has(s.unit.code)) chosen.set(s.unit.code, s);
  const parentSub = chosen.get(node.unit.code) ?? null;

  const children: ChildState[] = [];
  const units = [
    ...node.partition.map((u) => ({ u, role: 'partition' as const })),
    ...node.memo.map((u) => ({ u, role: 'memo' as const })),
  ];
  for (const { u, role } of units) {
    const sub = chosen.get(u.code) ?? null;
    const row = childRow(u, role, sub, admission, findings);
    if (role === 'partition' && row.status === 'missing')
      findings.push(
        finding('UNIT_NOT_SUBMITTED', `${u.name}（${u.code}）未报送，${node.unit.name}合计不含该单位`, {
          file: node.unit.name,
          unitCode: u.code,
        }),
      );
    if (role === 'partition' && row.status === 'left-out')
      findings.push(
        finding('UNIT_LEFT_OUT', `${u.name}（${u.code}）${unitStatusText('left-out', row.statusReason)}，${node.unit.name}合计不含该单位`, {
          // The unit's first file by name, so the finding does not depend on the order files were given in.
          file: admission.statusOf.get(u.code)?.files[0] ?? node.unit.name,
          unitCode: u.code,
        }),
      );
    const leftOut = Object.values(row.fields).flatMap((t) => (t.marks ?? []).filter((m) => m.kind === 'left-out' && m.cell));
    if (role === 'partition' && leftOut.length > 0)
      findings.push(
        finding(
          'FIGURES_LEFT_OUT',
          `${u.name}有 ${leftOut.length} 个数因错误未纳入${node.unit.name}合计：${leftOut
            .slice(0, 4)
            .map((m) => `${figureLabel(m)}（${m.sheet}!${m.cell}）`)
            .join('、')}${leftOut.length > 4 ? '等' : ''}；改正后重新汇总`,
          { file: sub!.file, sheet: leftOut[0].sheet, cell: leftOut[0].cell, unitCode: u.code },
        ),
      );
    // --allow-errors: the figures kept despite their errors are named once per unit (and marked in their cells).
    const kept = Object.values(row.fields).flatMap((t) => (t.marks ?? []).filter((m) => m.kind === 'kept-despite-error'));
    if (kept.length > 0)
      findings.push(
        finding(
          'KEPT_DESPITE_ERROR',
          `${u.name}有 ${kept.length} 个有错误的数按 --allow-errors 纳入${node.unit.name}合计：${kept
            .slice(0, 4)
            .map((m) => (m.sheet === SHEET_INDICATORS ? `${figureLabel(m)}（${m.sheet}!${m.cell}）` : m.message))
            .join('、')}${kept.length > 4 ? '等' : ''}`,
          { file: sub!.file, sheet: kept[0].sheet, cell: kept[0].cell, unitCode: u.code },
        ),
      );
    children.push({ unit: u, role, row });
  }
  const order = new Map(units.map(({ u }, i) => [u.code, i]));
  const listSources = [...chosen.values()]
    .filter((sub) => sub.unit.code !== node.unit.code)
    .map((sub) => {
      const u = units.find((x) => x.u.code === sub.unit.code);
      return { sub, partition: u ? u.role === 'partition' : true, order: order.get(sub.unit.code) ?? units.length };
    });
  const enterprises = dedupeEnterprises(listSources, findings);
  const ownVerdict = parentSub ? admission.usedFileOf.get(node.unit.code) : undefined;
  const ownMarks = ownVerdict ? [...ownVerdict.marks, ...listFigureMarks(ownVerdict, parentSub?.enterprises[0]?.ref.sheet)] : [];
  const total = totalRow(node.unit, children, parentSub, levelFirmsOf(enterprises), findings, ownMarks);
  // A self-reported district: its own list (if any) is its enterprises for the city.
  const ownList = total.fields[BASE_FIELDS.find((f) => f.fromEnterprises)!.code].source === 'input' && parentSub ? parentSub : null;
  const forCity =
    ownList && enterprises.length === 0 ? dedupeEnterprises([{ sub: ownList, partition: true, order: 0 }], findings) : enterprises;
  return {
    level: 'district',
    unit: node.unit,
    year: admission.year,
    period: admission.period,
    rows: children.map((c) => c.row),
    total,
    enterprises: forCity,
    distinctEnterprises: forCity.length,
    files: [...chosen.values()].map((s) => s.file).sort(),
    findings: sortFindings(findings),
  };
}

/** Entered counts a district result added on top of its distinct enterprises (partition units without a list, or its 区报数). */
export function enteredExtraOf(result: RollupResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of BASE_FIELDS) {
    if (!f.fromEnterprises) continue;
    const t = result.total.fields[f.code];
    if (t.source === 'input') {
      out[f.code] =
        (t.current ?? 0) -
        (t.enterpriseCount !== undefined ? result.enterprises.filter((e) => matchesCountRule(e, f.fromEnterprises!)).length : 0);
      continue;
    }
    let x = 0;
    for (const r of result.rows) if (r.role === 'partition' && r.fields[f.code].source === 'entered') x += r.fields[f.code].current ?? 0;
    out[f.code] = x;
  }
  return out;
}

/** A district's status as a row of the city: included when any of its files counts. */
function districtStatus(r: RollupResult, statusOf?: Admission['statusOf']): { status: UnitStatus; reason: string | null } {
  if (r.files.length > 0) return { status: 'included', reason: null };
  // The district's own file was sent but left out (e.g. wrong parent code): 已报送但未纳入, with its reason.
  const own = statusOf?.get(r.unit.code);
  if (own?.status === 'left-out') return own;
  const leftOut = r.rows.filter((x) => x.status === 'left-out');
  if (leftOut.length > 0) return { status: 'left-out', reason: `所属单位的报表均未纳入（${leftOut.map((x) => x.unit.name).join('、')}）` };
  return { status: 'missing', reason: null };
}

/** Does the rollup speak of this district (any file, used or not)? One rule for sti rollup, the pane and the 通报. */
function isActiveDistrict(d: RollupResult): boolean {
  return d.files.length > 0 || d.rows.some((r) => r.status !== 'missing');
}

/** What the outputs keep of a level once its rows and firms are written. */
export function levelSummary(r: RollupResult): LevelSummary {
  return {
    level: r.level,
    unit: r.unit,
    year: r.year,
    period: r.period,
    total: r.total,
    files: r.files,
    findings: r.findings,
    distinctEnterprises: r.distinctEnterprises,
    parks: r.rows.filter((x) => x.role === 'memo').map(parkSummaryOf),
  };
}

/** What the city and the outputs keep of a district once its rows and firms are written. */
export function summarizeDistrict(r: RollupResult, statusOf?: Admission['statusOf'], provenance = true): DistrictSummary {
  const summary = levelSummary(r);
  return {
    ...summary,
    total: provenance ? summary.total : withoutRefs(summary.total),
    level: 'district',
    cityStatus: districtStatus(r, statusOf),
    enteredExtra: enteredExtraOf(r),
    active: isActiveDistrict(r),
  };
}

/** A total row without the cells behind its figures (a copy: the district's own result keeps them). */
function withoutRefs(row: RollupRow): RollupRow {
  const fields = newFieldRecord();
  for (const [code, t] of Object.entries(row.fields)) fields[code] = { ...t, refs: NO_REFS };
  return { ...row, fields };
}

/**
 * The refs of every total kept without its cells: one empty list, frozen (totals are built with lists
 * of their own; a summary's are only read, and a push would throw rather than add to all of them).
 */
const NO_REFS = Object.freeze([]) as unknown as SourceRef[];

/**
 * Distinct enterprises across the city, by USCC, counted as each district is rolled up (in register
 * order): a firm listed in two districts counts once, in the first, and is reported. Only the keys seen
 * and the count per firm class are kept, so a country's firms are not held twice.
 */
class CityFirms {
  private readonly seen: UsccKeySet;
  readonly classCounts = new Int32Array(firmClassCount());
  readonly findings: Finding[] = [];

  /**
   * `expected`: the most firms that can come (Admission.listedRows), or 0 when not known; `keys`: an
   * empty set to count them in (the admission's, takeFirmKeys), else one is made that large.
   */
  constructor(expected = 0, keys?: UsccKeySet) {
    this.seen = keys ?? new UsccKeySet(expected);
  }

  add(district: RegisterUnit, firms: readonly DistinctEnterprise[]): void {
    for (const e of firms) {
      if (this.seen.add(e.uscc)) {
        this.classCounts[firmClass(e.flags, e.revenue)]++;
        continue;
      }
      this.findings.push(
        finding('USCC_IN_TWO_DISTRICTS', `统一社会信用代码${e.uscc}（${e.name}）同时列于多个区县的企业名录，全市汇总只计一次`, {
          file: e.listings[0]?.file ?? '',
          sheet: e.listings[0]?.sheet,
          cell: e.listings[0]?.cell,
          value: e.uscc,
          unitCode: district.code,
        }),
      );
    }
  }

  get levelFirms(): LevelFirms {
    return { classCounts: this.classCounts, count: this.seen.size, rows: null };
  }
}

/**
 * Roll the city up from its districts' results (each district as it was rolled up) and the
 * city's own submission (city-only denominators and targets). Enterprise counts are distinct
 * across all districts.
 */
export function rollupCity(
  register: Register | RegisterTree,
  districtResults: readonly RollupResult[],
  citySubmission: Submission | null = null,
  admission: Pick<Admission, 'year' | 'period'> & Partial<Pick<Admission, 'statusOf' | 'listedRows'>> = { year: null, period: null },
): RollupResult {
  const tree = 'districts' in register ? register : buildRegisterTree(register);
  // Every result's files and findings go to the city (as given); the firms of the register's districts, in its order.
  const summaries = districtResults.map((r) => summarizeDistrict(r, admission.statusOf));
  const byCode = new Map(districtResults.map((r, i) => [r.unit.code, i]));
  const firms = new CityFirms(admission.listedRows);
  for (const d of tree.districts) {
    const i = byCode.get(d.unit.code);
    if (i !== undefined && summaries[i].cityStatus.status === 'included')
      firms.add(districtResults[i].unit, districtResults[i].enterprises);
  }
  return cityFromSummaries(tree, summaries, firms, citySubmission, admission);
}

/** The city from its districts' summaries and the firms counted as they were rolled up. */
function cityFromSummaries(
  tree: RegisterTree,
  districts: readonly DistrictSummary[],
  firms: CityFirms,
  citySubmission: Submission | null,
  admission: Pick<Admission, 'year' | 'period'>,
): RollupResult {
  const findings: Finding[] = [...firms.findings];
  const city: RegisterUnit = tree.city ?? { code: 'CITY', name: '全市', kind: 'city', parentCode: null };
  const byCode = new Map(districts.map((r) => [r.unit.code, r]));
  const children: ChildState[] = [];
  for (const d of tree.districts) {
    const r = byCode.get(d.unit.code);
    const st = r ? r.cityStatus : { status: 'missing' as UnitStatus, reason: null };
    if (!r || st.status !== 'included') {
      findings.push(
        st.status === 'left-out'
          ? finding('UNIT_LEFT_OUT', `${d.unit.name}（${d.unit.code}）${unitStatusText('left-out', st.reason)}，${city.name}合计不含该区`, {
              file: city.name,
              unitCode: d.unit.code,
            })
          : finding('UNIT_NOT_SUBMITTED', `${d.unit.name}（${d.unit.code}）没有纳入的报表，${city.name}合计不含该区`, {
              file: city.name,
              unitCode: d.unit.code,
            }),
      );
      const fields = unitFields(null, []);
      children.push({
        unit: d.unit,
        role: 'partition',
        row: {
          unit: d.unit,
          role: 'partition',
          status: st.status,
          statusReason: st.reason,
          files: [],
          fields,
          indicators: computeIndicators(fields, true),
        },
      });
      continue;
    }
    children.push({
      unit: d.unit,
      role: 'partition',
      childFirms: r.distinctEnterprises,
      childEnteredExtra: r.enteredExtra,
      row: { ...r.total, role: 'partition', status: 'included', statusReason: null },
    });
  }
  const cityFirms = firms.levelFirms;
  const total = totalRow(city, children, citySubmission, cityFirms, findings);
  return {
    level: 'city',
    unit: city,
    year: admission?.year ?? districts.find((r) => r.year !== null)?.year ?? citySubmission?.year ?? null,
    period: admission?.period ?? districts.find((r) => r.period !== null)?.period ?? citySubmission?.period ?? null,
    rows: children.map((c) => c.row),
    total,
    enterprises: [],
    distinctEnterprises: cityFirms.count,
    files: [...districts.flatMap((r) => r.files), ...(citySubmission ? [citySubmission.file] : [])].sort(),
    findings: sortFindings([...districts.flatMap((r) => r.findings), ...findings]),
  };
}

export interface RollupOutcome {
  tree: RegisterTree;
  districts: RollupResult[];
  city: RollupResult;
  admission: Admission;
}

/** The districts a rollup speaks of: those with any file, used or not (one rule for sti rollup, the pane and the 通报). */
export function activeDistricts(districts: readonly RollupResult[]): RollupResult[] {
  return districts.filter(isActiveDistrict);
}

export interface SummarizedOutcome {
  tree: RegisterTree;
  /** Every district of the register, in its order. */
  districts: DistrictSummary[];
  city: RollupResult;
  admission: Admission;
}

/**
 * Roll every district of the register up, then the city, from what the admission let in, handing each
 * district's full result to `onDistrict` as it is made and keeping only its summary: a caller that
 * writes each district as it comes (`sti rollup --json` without a workbook) holds one district's unit
 * rows and firms at a time.
 */
export function rollupAdmissionEach(
  admission: Admission,
  onDistrict: (result: RollupResult, summary: DistrictSummary) => void,
  options: RollupOptions & {
    /**
     * false: the summaries' totals, and so the city's, carry no source cells (`refs`), for outputs that
     * show none (the JSON); a country's cells are then not all held to the end. Each district's own
     * result keeps its cells.
     */
    provenance?: boolean;
  } = {},
): SummarizedOutcome {
  const tree = buildRegisterTree(admission.register, options.registerSource);
  // Each district sees only its own submissions: linear, not districts × files.
  const districtOf = new Map<string, string>();
  for (const d of tree.districts) for (const u of [d.unit, ...d.partition, ...d.memo]) districtOf.set(u.code, d.unit.code);
  const byDistrict = new Map<string, AdmittedSubmission[]>();
  for (const a of admission.admitted) {
    const code = districtOf.get(a.head.unit.code);
    if (!code) continue;
    const list = byDistrict.get(code);
    if (list) list.push(a);
    else byDistrict.set(code, [a]);
  }
  const cityAdmitted = admission.admitted.find((a) => a.head.unit.kind === 'city' && tree.city && a.head.unit.code === tree.city.code);
  if (options.releaseSubmissions) admission.admitted = [];
  const firms = new CityFirms(admission.listedRows, takeFirmKeys(admission));
  // A district's submissions are loaded when it is rolled up and go with it.
  const districts = tree.districts.map((d) => {
    const mine = (byDistrict.get(d.unit.code) ?? []).map((a) => a.load());
    if (options.releaseSubmissions) byDistrict.delete(d.unit.code);
    const result = rollupDistrictNode(d, mine, admission);
    const summary = summarizeDistrict(result, admission.statusOf, options.provenance ?? true);
    if (summary.cityStatus.status === 'included') firms.add(result.unit, result.enterprises);
    onDistrict(result, summary);
    return summary;
  });
  const city = cityFromSummaries(tree, districts, firms, cityAdmitted?.load() ?? null, admission);
  city.findings = sortFindings([...tree.findings, ...city.findings]);
  return { tree, districts, city, admission };
}

/** Roll every district of the register up, then the city, keeping every district's full result. */
export function rollupAdmission(admission: Admission, options: RollupOptions = {}): RollupOutcome {
  const districts: RollupResult[] = [];
  const { tree, city } = rollupAdmissionEach(admission, (r) => districts.push(r), options);
  return { tree, districts, city, admission };
}

/**
 * Roll submissions up (admitting them first, as every command does): every district of the
 * register, then the city. For callers holding submissions in memory (tests, benchmarks).
 */
export function rollupAll(register: Register, submissions: readonly Submission[], options: RollupOptions = {}): RollupOutcome {
  return rollupAdmission(admit(readsOf(submissions), { register }), options);
}

/** Roll one district up (admitting the submissions first); `submissions` may hold other districts' too. */
export function rollupDistrict(
  register: Register,
  districtCode: string,
  submissions: readonly Submission[],
  options: RollupOptions = {},
): RollupResult {
  const out = rollupAll(register, submissions, options);
  const d = out.districts.find((x) => x.unit.code === districtCode);
  if (!d) throw new Error(`名录中没有区县“${districtCode}”`);
  return d;
}

/** Does any total of these results lack a unit or a figure (see FieldTotal.missing)? */
export function resultsIncomplete(results: readonly Pick<RollupResult, 'total'>[]): boolean {
  return results.some(
    (r) => Object.values(r.total.fields).some((t) => t.missing?.length) || Object.values(r.total.indicators).some((v) => v.missing?.length),
  );
}

/** The base field of a code (for callers that only hold codes). */
export function baseFieldOf(code: string): BaseField | undefined {
  return catalogue.baseField(code);
}
