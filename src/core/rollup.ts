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
  type BaseField,
  type DerivedIndicator,
  type EnterpriseCountRule,
} from './catalogue.js';
import type { EnterpriseRow, Finding, Register, RegisterUnit, Submission } from './types.js';
import { buildRegisterTree, type DistrictNode, type RegisterTree } from './register.js';
import type { DistinctEnterprise, FieldTotal, IndicatorValue, RollupResult, RollupRow, SourceRef } from './rollup-types.js';
import { sortFindingsBySeverity } from './validate-codes.js';

export * from './rollup-types.js';
export { buildRegisterTree, registerFromSubmissions, isPartitionUnit } from './register.js';
export type { RegisterTree, DistrictNode } from './register.js';
/** Rollup findings order (errors first, repeats once); the name the task pane imports. */
export { sortFindingsBySeverity as sortFindings, sortFindingsBySeverity } from './validate-codes.js';

export interface RollupOptions {
  /** Name of the register file, for findings. */
  registerSource?: string;
}

/** Derived indicators the rollup computes (the composite index is ranked, not rolled up). */
export const ROLLUP_INDICATORS: readonly DerivedIndicator[] = DERIVED_INDICATORS.filter((d) => d.kind !== 'composite');

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function finding(severity: Finding['severity'], code: string, message: string, file: string, extra: Partial<Finding> = {}): Finding {
  return { severity, code, message, file, ...extra };
}

/** Does an enterprise listing match a count rule (all flags, none of the excluded flags, revenue floor)? */
export function matchesCountRule(e: Pick<EnterpriseRow, 'flags' | 'revenue'>, rule: EnterpriseCountRule): boolean {
  if (!rule.all.every((f) => e.flags[f])) return false;
  if (rule.none && rule.none.some((f) => e.flags[f])) return false;
  if (rule.minRevenue !== undefined && !(e.revenue !== null && e.revenue >= rule.minRevenue)) return false;
  return true;
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

/** A unit's own figures from its submission (counts from its own list when it has one). */
function unitFields(sub: Submission | null, findings: Finding[]): Record<string, FieldTotal> {
  const out: Record<string, FieldTotal> = {};
  for (const f of BASE_FIELDS) {
    const fv = sub?.fields[f.code];
    const t = emptyField(f.code);
    if (sub && fv) {
      t.current = fv.current;
      t.previous = fv.previous;
      t.target = fv.target;
      for (const role of ['current', 'previous', 'target'] as const) {
        const v = fv[role];
        const ref = fv.refs[role];
        if (v !== null && ref) t.refs.push({ unitCode: sub.unit.code, file: ref.file, sheet: ref.sheet, cell: ref.cell, role, value: v });
      }
      t.source = fv.current !== null ? 'entered' : 'none';
    }
    if (sub && f.fromEnterprises && sub.enterprises.length > 0) {
      const counted = new Set<string>();
      for (const e of sub.enterprises) if (matchesCountRule(e, f.fromEnterprises)) counted.add(enterpriseKey(e));
      t.entered = t.current;
      t.current = counted.size;
      t.source = 'enterprise-list';
      t.enterprises = [...counted].sort(cmp);
      if (t.entered !== null && t.entered !== counted.size) {
        const ref = fv?.refs.current;
        findings.push(
          finding(
            'info',
            'COUNT_FROM_LIST',
            `${sub.unit.name}“${f.nameZh}”填报${t.entered}，企业名录去重为${counted.size}，汇总采用名录数`,
            sub.file,
            {
              sheet: ref?.sheet,
              cell: ref?.cell,
              value: String(t.entered),
              expected: String(counted.size),
              unitCode: sub.unit.code,
            },
          ),
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

/** Every derived indicator of a row from its fields; `aggregate` rows also get district-only ones. */
export function computeIndicators(fields: Record<string, FieldTotal>, aggregate: boolean): Record<string, IndicatorValue> {
  const out: Record<string, IndicatorValue> = {};
  const get = (code: string, role: 'current' | 'previous' | 'target'): number | null => fields[code]?.[role] ?? null;
  const name = (code: string): string => catalogue.get(code)?.nameZh ?? code;
  const ratioOf = (d: DerivedIndicator, role: 'current' | 'previous'): IndicatorValue => {
    const n = get(d.numerator!, role);
    const den = get(d.denominator!, role);
    const when = role === 'previous' ? '上年' : '';
    if (n === null) return { value: null, reason: `缺少${when}${name(d.numerator!)}` };
    if (den === null) return { value: null, reason: `缺少${when}${name(d.denominator!)}` };
    if (den === 0) return { value: null, reason: `${when}${name(d.denominator!)}为零` };
    return { value: (n / den) * (d.factor ?? 1) };
  };
  for (const d of ROLLUP_INDICATORS) {
    if (d.rule === 'DISTRICT_ONLY' && !aggregate) {
      out[d.code] = { value: null, reason: '仅在区（市）级计算' };
      continue;
    }
    if (d.kind === 'ratio') {
      out[d.code] = ratioOf(d, 'current');
    } else if (d.kind === 'completion') {
      const a = get(d.numerator!, 'current');
      const t = get(d.numerator!, 'target');
      out[d.code] =
        a === null
          ? { value: null, reason: `缺少${name(d.numerator!)}` }
          : t === null
            ? { value: null, reason: '未填全年目标' }
            : t === 0
              ? { value: null, reason: '全年目标为零' }
              : { value: (a / t) * 100 };
    } else if (d.kind === 'growth') {
      const c = get(d.numerator!, 'current');
      const p = get(d.numerator!, 'previous');
      out[d.code] =
        c === null
          ? { value: null, reason: `缺少${name(d.numerator!)}` }
          : p === null
            ? { value: null, reason: '缺少上年同期数' }
            : p <= 0
              ? { value: null, reason: '上年同期数不大于零' }
              : { value: (c / p - 1) * 100 };
    } else if (d.kind === 'pp') {
      const of = catalogue.indicator(d.of!)!;
      if (of.rule === 'DISTRICT_ONLY' && !aggregate) {
        out[d.code] = { value: null, reason: '仅在区（市）级计算' };
        continue;
      }
      const now = ratioOf(of, 'current');
      const before = ratioOf(of, 'previous');
      out[d.code] = now.value === null ? now : before.value === null ? before : { value: now.value - before.value };
    }
  }
  return out;
}

interface ChildState {
  unit: RegisterUnit;
  role: 'partition' | 'memo';
  row: RollupRow;
  /** Submission(s) whose 企业名录 rows count at this level. */
  enterpriseSources: Submission[];
  /** For rolled-up children: their distinct enterprises and the entered counts added on top. */
  childEnterprises?: DistinctEnterprise[];
  childEnteredExtra?: Record<string, number>;
}

/**
 * The total row of a level from its children and the parent's own submission: SUM over the
 * partition, distinct enterprises across every list, targets and district-only inputs from
 * the parent. Shared by the district and the city level.
 */
function totalRow(
  parent: RegisterUnit,
  children: ChildState[],
  parentSub: Submission | null,
  enterprises: DistinctEnterprise[],
  findings: Finding[],
): { row: RollupRow; enteredExtra: Record<string, number> } {
  const partition = children.filter((c) => c.role === 'partition');
  const own = parentSub ? unitFields({ ...parentSub, enterprises: [] }, []) : null;
  const fields: Record<string, FieldTotal> = {};
  const enteredExtra: Record<string, number> = {};
  const parentFile = parentSub?.file ?? '';
  const levelZh = parent.kind === 'city' ? '市' : '区';
  const ownRefs = (code: string, roles: SourceRef['role'][]): SourceRef[] => (own?.[code].refs ?? []).filter((r) => roles.includes(r.role));

  for (const f of BASE_FIELDS) {
    const t = emptyField(f.code);
    if (f.scope === 'district') {
      // District-only inputs: the parent's own figures, never a sum of the children.
      if (own) {
        t.current = own[f.code].current;
        t.previous = own[f.code].previous;
        t.target = own[f.code].target;
        t.refs = own[f.code].refs;
        t.source = t.current !== null ? 'input' : 'none';
        t.previousSource = t.previous !== null ? 'input' : 'none';
      }
      fields[f.code] = t;
      continue;
    }
    if (partition.length === 0 && own) {
      // No partition units in the register (a district that reports for itself): its own figures.
      const o = own[f.code];
      Object.assign(t, {
        current: o.current,
        previous: o.previous,
        target: o.target,
        refs: o.refs,
        source: o.current !== null ? 'input' : 'none',
        previousSource: o.previous !== null ? 'input' : 'none',
      });
      fields[f.code] = t;
      continue;
    }
    const missing = partition.filter((c) => c.row.fields[f.code].current === null).map((c) => c.unit.name);
    if (missing.length > 0) t.missingFrom = missing;
    // 本期数
    if (f.fromEnterprises) {
      const counted = enterprises.filter((e) => matchesCountRule(e, f.fromEnterprises!)).map((e) => e.uscc);
      let extra = 0;
      let anyList = enterprises.length > 0;
      let anyEntered = false;
      for (const c of partition) {
        const cf = c.row.fields[f.code];
        if (c.childEnteredExtra) {
          // A rolled-up district: its own entered part (units without a list) carries over.
          if (c.childEnterprises && c.childEnterprises.length > 0) anyList = true;
          if (cf.source === 'sum' || cf.source === 'distinct-enterprises+entered') {
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
      enteredExtra[f.code] = extra;
      if (anyList) {
        t.current = counted.length + extra;
        t.enterprises = counted;
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
    const ownPrev = own?.[f.code].previous ?? null;
    if (f.fromEnterprises && ownPrev !== null) {
      t.previous = ownPrev;
      t.previousSource = 'input';
      t.refs.push(...ownRefs(f.code, ['previous']));
    } else {
      t.previous = sumOrNull(partition.map((c) => c.row.fields[f.code].previous));
      t.previousSource = t.previous === null ? 'none' : 'sum';
      for (const c of partition) t.refs.push(...c.row.fields[f.code].refs.filter((r) => r.role === 'previous'));
    }
    // 全年目标: the parent's own target (an input, not Σ of the children's targets).
    t.target = own?.[f.code].target ?? null;
    t.refs.push(...ownRefs(f.code, ['target']));
    if (t.target === null && partition.some((c) => c.row.fields[f.code].target !== null)) {
      findings.push(
        finding(
          'info',
          'TARGET_NOT_SUMMED',
          `${parent.name}未填“${f.nameZh}”全年目标：下级单位有目标，但${levelZh}完成率按本级目标计算，不以下级目标相加代替`,
          parentFile || parent.name,
          {
            unitCode: parent.code,
          },
        ),
      );
    }
    // The parent's own entered 本期数, if any, is compared with the rollup.
    const ownCur = own?.[f.code].current ?? null;
    if (ownCur !== null && t.current !== null && Math.abs(ownCur - t.current) > 1e-6 * Math.max(1, Math.abs(t.current))) {
      const ref = own?.[f.code].refs.find((r) => r.role === 'current');
      findings.push(
        finding(
          'info',
          'TOTAL_DIFFERS_FROM_ENTERED',
          `${parent.name}自填“${f.nameZh}”为${ownCur}，与汇总结果${roundForText(t.current)}不一致，汇总表采用汇总结果`,
          parentFile,
          {
            sheet: ref?.sheet,
            cell: ref?.cell,
            value: String(ownCur),
            expected: String(roundForText(t.current)),
            unitCode: parent.code,
          },
        ),
      );
    }
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
        'warning',
        'DISTRICT_INPUT_MISSING',
        `${parent.name}未填报“${f.nameZh}”（${levelZh}级专用数据），${affected.join('、')}不予计算（不按零处理）`,
        parentFile || parent.name,
        {
          unitCode: parent.code,
          expected: parentSub ? '在本级报表中填报该数' : `报送${parent.name}本级报表`,
        },
      ),
    );
  }
  const row: RollupRow = {
    unit: parent,
    role: 'total',
    status: 'rolled-up',
    files: parentSub ? [parentSub.file] : [],
    fields,
    indicators: computeIndicators(fields, true),
  };
  return { row, enteredExtra };
}

function roundForText(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Pick one submission per unit (first by file name); the others are reported. */
function pickSubmissions(subs: readonly Submission[], findings: Finding[]): Map<string, Submission> {
  const byUnit = new Map<string, Submission[]>();
  for (const s of subs) {
    const list = byUnit.get(s.unit.code) ?? [];
    list.push(s);
    byUnit.set(s.unit.code, list);
  }
  const chosen = new Map<string, Submission>();
  for (const [code, list] of byUnit) {
    list.sort((a, b) => cmp(a.file, b.file));
    chosen.set(code, list[0]);
    for (const other of list.slice(1)) {
      findings.push(
        finding(
          'error',
          'DUPLICATE_SUBMISSION',
          `单位“${other.unit.name}”（${code}）有多份报表，汇总只采用“${list[0].file}”，未采用本文件`,
          other.file,
          { unitCode: code },
        ),
      );
    }
  }
  return chosen;
}

/** De-duplicate enterprise listings by USCC; partition units' listings come first. */
function dedupeEnterprises(sources: { sub: Submission; partition: boolean; order: number }[], findings: Finding[]): DistinctEnterprise[] {
  const ordered = [...sources].sort((a, b) =>
    a.partition !== b.partition ? (a.partition ? -1 : 1) : a.order - b.order || cmp(a.sub.file, b.sub.file),
  );
  const map = new Map<string, DistinctEnterprise & { townshipUnits: Set<string> }>();
  for (const { sub } of ordered) {
    for (const e of sub.enterprises) {
      const key = enterpriseKey(e);
      const listing = { unitCode: sub.unit.code, unitKind: sub.unit.kind, file: e.ref.file, sheet: e.ref.sheet, cell: e.ref.cell };
      const existing = map.get(key);
      if (!e.uscc.trim()) {
        findings.push(
          finding('warning', 'ENTERPRISE_NO_USCC', `企业“${e.name}”未填统一社会信用代码，无法去重，按一家单独计数`, e.ref.file, {
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
          flags: { ...e.flags },
          revenue: e.revenue,
          listings: [listing],
          townshipUnits: new Set(sub.unit.kind === 'township' ? [sub.unit.code] : []),
        });
        continue;
      }
      if (existing.listings.some((l) => l.unitCode === sub.unit.code && l.file === listing.file && l.cell === listing.cell)) continue;
      existing.listings.push(listing);
      if (sub.unit.kind === 'township' && !existing.townshipUnits.has(sub.unit.code)) {
        if (existing.townshipUnits.size > 0) {
          findings.push(
            finding(
              'warning',
              'USCC_IN_TWO_TOWNSHIPS',
              `统一社会信用代码${key}（${e.name}）同时列于多个乡镇（街道）名录，汇总只计一次`,
              e.ref.file,
              {
                sheet: e.ref.sheet,
                cell: e.ref.cell,
                value: key,
                expected: '一家企业只列于一个乡镇（街道）',
                unitCode: sub.unit.code,
              },
            ),
          );
        }
        existing.townshipUnits.add(sub.unit.code);
      }
    }
  }
  return [...map.values()].map(({ townshipUnits: _t, ...rest }) => rest).sort((a, b) => cmp(a.uscc, b.uscc));
}

function commonPeriod(
  subs: readonly Submission[],
  preferred: Submission | null,
  findings: Finding[],
): { year: number | null; period: string | null; kept: Submission[] } {
  if (subs.length === 0) return { year: null, period: null, kept: [] };
  let period = preferred?.period ?? null;
  if (!period) {
    const counts = new Map<string, number>();
    for (const s of subs) counts.set(s.period, (counts.get(s.period) ?? 0) + 1);
    period = [...counts.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0][0];
  }
  const kept: Submission[] = [];
  for (const s of subs) {
    if (s.period === period) kept.push(s);
    else
      findings.push(
        finding('error', 'PERIOD_MISMATCH', `报告期“${s.period}”与本次汇总的报告期“${period}”不一致，未纳入汇总`, s.file, {
          value: s.period,
          expected: period,
          unitCode: s.unit.code,
        }),
      );
  }
  const year = kept.find((s) => s.period === period)?.year ?? null;
  return { year, period, kept };
}

/**
 * Roll one district up from its townships/streets (and parks) and its own district submission.
 * `submissions` may contain other districts' submissions: only this district's are used.
 */
export function rollupDistrict(
  register: Register | RegisterTree,
  districtCode: string,
  submissions: readonly Submission[],
  options: RollupOptions = {},
): RollupResult {
  const tree = 'districts' in register ? register : buildRegisterTree(register, options.registerSource);
  const node = tree.districts.find((d) => d.unit.code === districtCode);
  if (!node) throw new Error(`名录中没有区县“${districtCode}”`);
  return rollupDistrictNode(node, submissions);
}

function rollupDistrictNode(node: DistrictNode, submissions: readonly Submission[]): RollupResult {
  const findings: Finding[] = [];
  const memberCodes = new Set([node.unit.code, ...node.partition.map((u) => u.code), ...node.memo.map((u) => u.code)]);
  const mine = submissions.filter((s) => memberCodes.has(s.unit.code));
  // Units claiming this district but absent from the register are reported, not added.
  for (const s of submissions) {
    if (!memberCodes.has(s.unit.code) && s.unit.parentCode === node.unit.code && s.unit.kind !== 'district') {
      findings.push(
        finding(
          'error',
          'UNIT_NOT_IN_REGISTER',
          `单位“${s.unit.name}”（${s.unit.code}）不在${node.unit.name}的名录中，未纳入汇总`,
          s.file,
          { unitCode: s.unit.code },
        ),
      );
    }
  }
  const sorted = [...mine].sort((a, b) => cmp(a.file, b.file));
  const districtSubs = sorted.filter((s) => s.unit.code === node.unit.code);
  const { year, period, kept } = commonPeriod(sorted, districtSubs[0] ?? null, findings);
  const chosen = pickSubmissions(kept, findings);
  const parentSub = chosen.get(node.unit.code) ?? null;

  const children: ChildState[] = [];
  const units = [
    ...node.partition.map((u) => ({ u, role: 'partition' as const })),
    ...node.memo.map((u) => ({ u, role: 'memo' as const })),
  ];
  for (const { u, role } of units) {
    const sub = chosen.get(u.code) ?? null;
    if (!sub && role === 'partition') {
      findings.push(
        finding('warning', 'UNIT_NOT_SUBMITTED', `${u.name}（${u.code}）未报送，${node.unit.name}合计不含该单位`, node.unit.name, {
          unitCode: u.code,
        }),
      );
    }
    const fields = unitFields(sub, findings);
    children.push({
      unit: u,
      role,
      enterpriseSources: sub ? [sub] : [],
      row: {
        unit: u,
        role,
        status: sub ? 'submitted' : 'missing',
        files: sub ? [sub.file] : [],
        fields,
        indicators: computeIndicators(fields, false),
      },
    });
  }
  const order = new Map(units.map(({ u }, i) => [u.code, i]));
  const listSources = [...chosen.values()].map((sub) => {
    const u = units.find((x) => x.u.code === sub.unit.code);
    return { sub, partition: u ? u.role === 'partition' : true, order: order.get(sub.unit.code) ?? units.length };
  });
  const enterprises = dedupeEnterprises(listSources, findings);
  const { row: total } = totalRow(node.unit, children, parentSub, enterprises, findings);
  return {
    level: 'district',
    unit: node.unit,
    year,
    period,
    rows: children.map((c) => c.row),
    total,
    enterprises,
    files: [...chosen.values()].map((s) => s.file).sort(cmp),
    findings: sortFindingsBySeverity(findings),
  };
}

/** Entered counts a district result added on top of its distinct enterprises (partition units without a list). */
export function enteredExtraOf(result: RollupResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of BASE_FIELDS) {
    if (!f.fromEnterprises) continue;
    let x = 0;
    for (const r of result.rows) if (r.role === 'partition' && r.fields[f.code].source === 'entered') x += r.fields[f.code].current ?? 0;
    out[f.code] = x;
  }
  return out;
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
): RollupResult {
  const tree = 'districts' in register ? register : buildRegisterTree(register);
  const findings: Finding[] = [];
  const city: RegisterUnit = tree.city ?? { code: 'CITY', name: '全市', kind: 'city', parentCode: null };
  const byCode = new Map(districtResults.map((r) => [r.unit.code, r]));
  const children: ChildState[] = [];
  for (const d of tree.districts) {
    const r = byCode.get(d.unit.code);
    if (!r) {
      findings.push(
        finding('warning', 'UNIT_NOT_SUBMITTED', `${d.unit.name}（${d.unit.code}）没有汇总结果，${city.name}合计不含该区`, city.name, {
          unitCode: d.unit.code,
        }),
      );
      const fields = unitFields(null, []);
      children.push({
        unit: d.unit,
        role: 'partition',
        enterpriseSources: [],
        row: { unit: d.unit, role: 'partition', status: 'missing', files: [], fields, indicators: computeIndicators(fields, true) },
      });
      continue;
    }
    children.push({
      unit: d.unit,
      role: 'partition',
      enterpriseSources: [],
      childEnterprises: r.enterprises,
      childEnteredExtra: enteredExtraOf(r),
      row: { ...r.total, role: 'partition' },
    });
  }
  for (const r of districtResults) {
    if (!tree.districts.some((d) => d.unit.code === r.unit.code)) {
      findings.push(
        finding(
          'error',
          'UNIT_NOT_IN_REGISTER',
          `区县“${r.unit.name}”（${r.unit.code}）不在名录中，未纳入全市汇总`,
          r.files[0] ?? r.unit.name,
          { unitCode: r.unit.code },
        ),
      );
    }
  }
  // Distinct enterprises across the city: a firm listed in two districts counts once (and is reported).
  const map = new Map<string, DistinctEnterprise>();
  for (const c of children) {
    for (const e of c.childEnterprises ?? []) {
      const existing = map.get(e.uscc);
      if (!existing) {
        map.set(e.uscc, { ...e, listings: [...e.listings] });
        continue;
      }
      findings.push(
        finding(
          'warning',
          'USCC_IN_TWO_DISTRICTS',
          `统一社会信用代码${e.uscc}（${e.name}）同时列于多个区县的企业名录，全市汇总只计一次`,
          e.listings[0]?.file ?? '',
          {
            sheet: e.listings[0]?.sheet,
            cell: e.listings[0]?.cell,
            value: e.uscc,
            unitCode: c.unit.code,
          },
        ),
      );
      existing.listings.push(...e.listings);
    }
  }
  const enterprises = [...map.values()].sort((a, b) => cmp(a.uscc, b.uscc));
  const { row: total } = totalRow(city, children, citySubmission, enterprises, findings);
  const periods = [...new Set(districtResults.map((r) => r.period).filter((p): p is string => p !== null))];
  if (periods.length > 1) findings.push(finding('error', 'PERIOD_MISMATCH', `各区汇总的报告期不一致：${periods.join('、')}`, city.name));
  return {
    level: 'city',
    unit: city,
    year: districtResults.find((r) => r.year !== null)?.year ?? citySubmission?.year ?? null,
    period: periods[0] ?? citySubmission?.period ?? null,
    rows: children.map((c) => c.row),
    total,
    enterprises,
    files: [...districtResults.flatMap((r) => r.files), ...(citySubmission ? [citySubmission.file] : [])].sort(cmp),
    findings: sortFindingsBySeverity([...districtResults.flatMap((r) => r.findings), ...findings]),
  };
}

/** Roll every district of the register up, then the city. */
export function rollupAll(
  register: Register,
  submissions: readonly Submission[],
  options: RollupOptions = {},
): { tree: RegisterTree; districts: RollupResult[]; city: RollupResult } {
  const tree = buildRegisterTree(register, options.registerSource);
  // Each district sees only its own submissions (and strays naming it as parent): linear, not districts × files.
  const districtOf = new Map<string, string>();
  for (const d of tree.districts) for (const u of [d.unit, ...d.partition, ...d.memo]) districtOf.set(u.code, d.unit.code);
  const byDistrict = new Map<string, Submission[]>();
  for (const s of submissions) {
    const code = districtOf.get(s.unit.code) ?? (s.unit.kind !== 'district' ? s.unit.parentCode : null);
    if (!code) continue;
    const list = byDistrict.get(code) ?? [];
    list.push(s);
    byDistrict.set(code, list);
  }
  const districts = tree.districts.map((d) => rollupDistrictNode(d, byDistrict.get(d.unit.code) ?? []));
  const known = new Set(tree.byCode.keys());
  const extra: Finding[] = [...tree.findings];
  for (const s of submissions) {
    if (!known.has(s.unit.code)) {
      extra.push(
        finding('error', 'UNIT_NOT_IN_REGISTER', `单位“${s.unit.name}”（${s.unit.code}）不在名录中，未纳入汇总`, s.file, {
          unitCode: s.unit.code,
        }),
      );
    }
  }
  const citySubs = submissions
    .filter((s) => s.unit.kind === 'city' && tree.city && s.unit.code === tree.city.code)
    .sort((a, b) => cmp(a.file, b.file));
  const city = rollupCity(tree, districts, citySubs[0] ?? null);
  city.findings = sortFindingsBySeverity([...extra, ...city.findings]);
  return { tree, districts, city };
}

/** The base field of a code (for callers that only hold codes). */
export function baseFieldOf(code: string): BaseField | undefined {
  return catalogue.baseField(code);
}
