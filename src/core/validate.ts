/**
 * Validation of submissions (issue 3 §3): per-submission checks, checks across the set
 * (duplicates, one enterprise in two townships, scale against peers), the register, and
 * the completeness board. Errors block the rollup; warnings need a 说明 — a warning on a
 * 指标表 row whose 备注/说明 is filled is downgraded to info (the statistician explained it).
 */
import { BASE_FIELDS, ENTERPRISE_FLAGS, catalogue, type BaseField, type EnterpriseCountRule } from './catalogue.js';
import { indexRegister } from './register.js';
import { parseA1 } from './sheet-model.js';
import {
  SHEET_ENTERPRISES,
  SHEET_INDICATORS,
  SUPPORTED_TEMPLATE_VERSIONS,
  TEMPLATE_ID,
  UNIT_KIND_ZH,
  templateFields,
} from './template-schema.js';
import type { CellRef, EnterpriseRow, Finding, Register, RegisterUnit, Submission, UnitKind } from './types.js';
import { validateUscc } from './uscc.js';
import { finding, sortFindings } from './validate-codes.js';

export { FINDING_CODES, sortFindings } from './validate-codes.js';
export type { FindingCode } from './validate-codes.js';

/** Parts that cannot exceed their whole (same row, same column). */
export const PART_WHOLE: readonly [part: string, whole: string][] = [
  ['IND_FIRMS_RD', 'IND_FIRMS'],
  ['IND_FIRMS_INST', 'IND_FIRMS'],
  ['DZ_NO_RD_GE_1E8', 'IND_FIRMS'],
  ['DZ_NO_INST_GE_5E8', 'IND_FIRMS'],
  ['IND_FIRMS', 'FIRMS_TOTAL'],
  ['HNTE_COUNT', 'FIRMS_TOTAL'],
  ['TSME_COUNT', 'FIRMS_TOTAL'],
  ['HNTE_NEW', 'HNTE_COUNT'],
  ['HT_OUTPUT', 'IND_OUTPUT'],
  ['HT_VA', 'IND_VA'],
  ['IND_VA', 'IND_OUTPUT'],
  ['IND_RD_FEE', 'IND_REVENUE'],
  ['FISCAL_ST_EXP', 'FISCAL_EXP'],
  ['HT_INV', 'FAI'],
];

/** A value this many times its previous-year value or its peers' median looks like 元 typed for 万元. */
export const SCALE_RATIO = 1000;
/** Peers needed before comparing with their median. */
export const MIN_PEERS = 4;

export interface ValidateOptions {
  register?: Register;
  /** Findings from reading the files (readSubmissionFile); merged, downgraded where explained, sorted. */
  fileFindings?: Finding[];
}

const COLUMN_ZH = { current: '本期数', previous: '上年同期数', target: '全年目标' } as const;
type ValueKey = keyof typeof COLUMN_ZH;

function at(ref: CellRef | undefined, sub: Submission) {
  return { file: ref?.file ?? sub.file, sheet: ref?.sheet ?? SHEET_INDICATORS, cell: ref?.cell, unitCode: sub.unit.code || undefined };
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}

/** Distinct enterprises of a submission matching a count rule. */
export function countEnterprises(list: EnterpriseRow[], rule: EnterpriseCountRule): number {
  const seen = new Set<string>();
  for (const e of list) {
    if (!e.uscc || seen.has(e.uscc)) continue;
    if (!rule.all.every((f) => e.flags[f])) continue;
    if (rule.none && rule.none.some((f) => e.flags[f])) continue;
    if (rule.minRevenue !== undefined && !(e.revenue !== null && e.revenue >= rule.minRevenue)) continue;
    seen.add(e.uscc);
  }
  return seen.size;
}

export interface SubmissionCheckOptions {
  /** The enterprise list could not be read (sheet or header missing): skip the count checks. */
  skipCounts?: boolean;
  /** Cells ('sheet!A1') already reported by the reader (an error value, unreadable text): not also 'missing'. */
  reportedCells?: Set<string>;
}

/** Checks on one submission alone. */
export function validateSubmission(sub: Submission, opts: SubmissionCheckOptions = {}): Finding[] {
  const out: Finding[] = [];
  const file = sub.file;
  const unitCode = sub.unit.code || undefined;
  if (sub.templateId && sub.templateId !== TEMPLATE_ID) {
    out.push(
      finding('TEMPLATE_UNKNOWN', `模板标识“${sub.templateId}”不是本系统的填报模板`, {
        file,
        sheet: '_meta',
        value: sub.templateId,
        expected: TEMPLATE_ID,
        unitCode,
      }),
    );
  } else if (sub.templateId && !SUPPORTED_TEMPLATE_VERSIONS.includes(sub.templateVersion)) {
    out.push(
      finding(
        'TEMPLATE_VERSION',
        `模板版本“${sub.templateVersion || '（空）'}”不受支持，请使用最新下发的模板（版本 ${SUPPORTED_TEMPLATE_VERSIONS.join('、')}）`,
        {
          file,
          sheet: '_meta',
          value: sub.templateVersion,
          expected: SUPPORTED_TEMPLATE_VERSIONS.join('、'),
          unitCode,
        },
      ),
    );
  }
  const expected = new Set(templateFields(sub.unit.kind).map((f) => f.code));
  for (const [code, fv] of Object.entries(sub.fields)) {
    const f = catalogue.baseField(code);
    if (!f) continue;
    // Required: 本期数 of every field the template asks for.
    if (
      expected.has(code) &&
      fv.current === null &&
      fv.refs.current &&
      !opts.reportedCells?.has(`${fv.refs.current.sheet}!${fv.refs.current.cell}`)
    ) {
      out.push(
        finding('REQUIRED_MISSING', `${f.nameZh}的本期数未填写（没有的请填 0）`, {
          ...at(fv.refs.current, sub),
          value: '',
          expected: `数值（${f.unit}）`,
        }),
      );
    }
    for (const k of ['current', 'previous', 'target'] as ValueKey[]) {
      const v = fv[k];
      if (v !== null && v < 0 && f.nonNegative) {
        out.push(
          finding('NEGATIVE_VALUE', `${f.nameZh}的${COLUMN_ZH[k]}为负数 ${fmt(v)}`, {
            ...at(fv.refs[k], sub),
            value: fmt(v),
            expected: '不小于 0 的数',
          }),
        );
      }
    }
    // 元 typed where 万元 was asked: this year about 10,000× last year (or the reverse).
    if (f.unit === '万元' && fv.current !== null && fv.previous !== null && fv.current > 0 && fv.previous > 0) {
      const ratio = fv.current / fv.previous;
      if (ratio >= SCALE_RATIO) {
        out.push(
          finding(
            'SCALE_ANOMALY',
            `${f.nameZh}本期数 ${fmt(fv.current)} 是上年同期 ${fmt(fv.previous)} 的 ${Math.round(ratio)} 倍，可能把“元”当成“万元”填报`,
            {
              ...at(fv.refs.current, sub),
              value: fmt(fv.current),
              expected: `以万元为单位（约 ${fmt(fv.current / 10000)}）`,
            },
          ),
        );
      } else if (ratio <= 1 / SCALE_RATIO) {
        out.push(
          finding(
            'SCALE_ANOMALY',
            `${f.nameZh}上年同期数 ${fmt(fv.previous)} 是本期 ${fmt(fv.current)} 的 ${Math.round(1 / ratio)} 倍，上年数可能以“元”填报`,
            {
              ...at(fv.refs.previous, sub),
              value: fmt(fv.previous),
              expected: `以万元为单位（约 ${fmt(fv.previous / 10000)}）`,
            },
          ),
        );
      }
    }
  }
  // A part larger than its whole.
  for (const [p, w] of PART_WHOLE) {
    const part = sub.fields[p];
    const whole = sub.fields[w];
    if (!part || !whole) continue;
    const pf = catalogue.baseField(p)!;
    const wf = catalogue.baseField(w)!;
    for (const k of ['current', 'previous'] as ValueKey[]) {
      const a = part[k];
      const b = whole[k];
      if (a === null || b === null || !(a > b)) continue;
      out.push(
        finding('PART_EXCEEDS_WHOLE', `${pf.nameZh}（${fmt(a)}）大于${wf.nameZh}（${fmt(b)}）（${COLUMN_ZH[k]}）`, {
          ...at(part.refs[k], sub),
          value: fmt(a),
          expected: `不大于${wf.nameZh} ${fmt(b)}${whole.refs[k] ? `（${whole.refs[k]!.cell}）` : ''}`,
        }),
      );
    }
  }
  // Counts against the enterprise list (townships and parks always; districts only when they list).
  if (!opts.skipCounts && (sub.unit.kind === 'township' || sub.unit.kind === 'park' || sub.enterprises.length > 0)) {
    for (const f of BASE_FIELDS) {
      if (!f.fromEnterprises) continue;
      const fv = sub.fields[f.code];
      if (!fv || fv.current === null) continue;
      const n = countEnterprises(sub.enterprises, f.fromEnterprises);
      if (n === fv.current) continue;
      out.push(
        finding('COUNT_MISMATCH', `${f.nameZh}填报 ${fmt(fv.current)} 家，企业名录中符合条件的企业为 ${n} 家`, {
          ...at(fv.refs.current, sub),
          value: fmt(fv.current),
          expected: `与企业名录一致（${n} 家，${ruleText(f)}）`,
        }),
      );
    }
  }
  // Enterprise rows.
  const firstAt = new Map<string, EnterpriseRow>();
  for (const e of sub.enterprises) {
    const where = { file: e.ref.file, sheet: e.ref.sheet, cell: e.ref.cell, unitCode };
    const u = validateUscc(e.uscc);
    if (!u.valid) {
      out.push(
        finding('USCC_INVALID', `${e.name || '企业'}的统一社会信用代码有误：${u.reason}`, {
          ...where,
          value: e.uscc,
          expected: u.expectedCheckChar ? `校验位 ${u.expectedCheckChar}` : '18位统一社会信用代码',
        }),
      );
    }
    const prev = firstAt.get(e.uscc);
    if (prev) {
      out.push(
        finding('USCC_DUPLICATE_IN_FILE', `企业 ${e.uscc}（${e.name}）在名录中出现两次（${prev.ref.cell} 和 ${e.ref.cell}），只计一家`, {
          ...where,
          value: e.uscc,
          expected: `每家企业一行（已在 ${prev.ref.cell} 填报）`,
        }),
      );
    } else firstAt.set(e.uscc, e);
    if (!e.name)
      out.push(
        finding('ENTERPRISE_NAME_MISSING', `统一社会信用代码 ${e.uscc} 所在行缺少企业名称`, {
          ...where,
          value: e.uscc,
          expected: '企业名称',
        }),
      );
    const money: [keyof NonNullable<EnterpriseRow['columns']> & keyof EnterpriseRow, string][] = [
      ['revenue', '营业收入'],
      ['rdFee', '研发费用'],
      ['rdExp', 'R&D经费'],
      ['rdFte', '研发人员全时当量'],
    ];
    for (const [k, label] of money) {
      const v = e[k] as number | null;
      if (v !== null && v < 0) {
        out.push(
          finding('NEGATIVE_VALUE', `${e.name || e.uscc}的${label}为负数 ${fmt(v)}`, {
            ...where,
            cell: enterpriseCell(e, k),
            value: fmt(v),
            expected: '不小于 0 的数',
          }),
        );
      }
    }
  }
  return out;
}

function ruleText(f: BaseField): string {
  const r = f.fromEnterprises!;
  const name = (flag: string) => ENTERPRISE_FLAGS.find((x) => x.flag === flag)!.nameZh;
  const parts = r.all.map((x) => `${name(x)}=是`);
  for (const x of r.none ?? []) parts.push(`${name(x)}=否`);
  if (r.minRevenue !== undefined) parts.push(`营业收入≥${r.minRevenue}万元`);
  return parts.join('、');
}

/** The cell of one of an enterprise row's values (its USCC cell when the reader did not say). */
function enterpriseCell(e: EnterpriseRow, k: keyof NonNullable<EnterpriseRow['columns']>): string {
  const letters = e.columns?.[k];
  return letters ? letters + e.ref.cell.replace(/^[A-Z]+/, '') : e.ref.cell;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Validate a set of submissions: each one's own checks, then the checks across the set and
 * against the register. Returns every finding (the file findings given plus the new ones),
 * with explained warnings downgraded and in a stable order.
 */
export function validateSubmissions(subs: Submission[], opts: ValidateOptions = {}): Finding[] {
  const out: Finding[] = [...(opts.fileFindings ?? [])];
  const byFile = new Map<string, Finding[]>();
  for (const f of opts.fileFindings ?? []) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  for (const s of subs) {
    const ff = byFile.get(s.file) ?? [];
    const reportedCells = new Set(ff.filter((f) => f.cell && f.sheet).map((f) => `${f.sheet}!${f.cell}`));
    const skipCounts = ff.some(
      (f) =>
        (f.code === 'SHEET_MISSING' && f.expected === SHEET_ENTERPRISES) ||
        (f.code === 'HEADER_NOT_FOUND' && (f.expected ?? '').startsWith('统一社会信用代码')) ||
        (f.code === 'COLUMN_MISSING' && f.severity === 'error' && f.expected === '统一社会信用代码'),
    );
    out.push(...validateSubmission(s, { reportedCells, skipCounts }));
  }
  const reg = opts.register ? indexRegister(opts.register) : null;

  // Register: unit known, kind and parent as registered.
  if (reg) {
    for (const s of subs) {
      if (!s.unit.code) continue;
      const u = reg.unit(s.unit.code);
      const where = { file: s.file, sheet: '_meta', unitCode: s.unit.code };
      if (!u) {
        out.push(
          finding('UNIT_NOT_IN_REGISTER', `单位代码 ${s.unit.code}（${s.unit.name}）不在单位名录中`, {
            ...where,
            value: s.unit.code,
            expected: '名录中的单位代码',
          }),
        );
        continue;
      }
      if (u.kind !== s.unit.kind) {
        out.push(
          finding(
            'UNIT_KIND_MISMATCH',
            `单位 ${u.code}（${u.name}）在名录中是${UNIT_KIND_ZH[u.kind]}，但使用的是${UNIT_KIND_ZH[s.unit.kind]}模板`,
            {
              ...where,
              value: s.unit.kind,
              expected: u.kind,
            },
          ),
        );
      }
      if (s.unit.parentCode && u.parentCode && s.unit.parentCode !== u.parentCode) {
        out.push(
          finding('UNIT_KIND_MISMATCH', `单位 ${u.code} 的上级单位代码为 ${s.unit.parentCode}，名录中为 ${u.parentCode}`, {
            ...where,
            value: s.unit.parentCode,
            expected: u.parentCode,
          }),
        );
      }
      if (s.unit.name && u.name && s.unit.name.replace(/\s+/g, '') !== u.name.replace(/\s+/g, '')) {
        out.push(
          finding('UNIT_NAME_MISMATCH', `单位名称“${s.unit.name}”与名录中的“${u.name}”不一致（按代码 ${u.code} 识别）`, {
            ...where,
            value: s.unit.name,
            expected: u.name,
          }),
        );
      }
    }
  }

  // Two submissions for one unit and period.
  const byUnit = new Map<string, Submission[]>();
  for (const s of subs) {
    if (!s.unit.code) continue;
    const key = `${s.unit.code}\u0000${s.period}`;
    const list = byUnit.get(key) ?? [];
    list.push(s);
    byUnit.set(key, list);
  }
  for (const list of byUnit.values()) {
    if (list.length < 2) continue;
    for (const s of list) {
      const others = list.filter((o) => o !== s).map((o) => o.file);
      out.push(
        finding(
          'DUPLICATE_SUBMISSION',
          `单位 ${s.unit.code}（${s.unit.name}）${s.period} 报告期报送了 ${list.length} 份，另见：${others.join('、')}`,
          {
            file: s.file,
            sheet: '_meta',
            value: s.unit.code,
            expected: '每个单位每期一份',
            unitCode: s.unit.code,
          },
        ),
      );
    }
  }

  // Periods that differ from the majority.
  const periods = new Map<string, number>();
  for (const s of subs) if (s.period) periods.set(s.period, (periods.get(s.period) ?? 0) + 1);
  if (periods.size > 1) {
    const main = [...periods.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    for (const s of subs) {
      if (s.period && s.period !== main) {
        out.push(
          finding('PERIOD_MISMATCH', `报告期 ${s.period} 与其他多数文件（${main}）不一致`, {
            file: s.file,
            sheet: '_meta',
            value: s.period,
            expected: main,
            unitCode: s.unit.code || undefined,
            severity: 'warning',
          }),
        );
      }
    }
  }

  // One enterprise in two townships (the partition): an error on each, naming the other.
  const isPartition = (s: Submission): boolean => {
    if (s.unit.kind === 'township') return true;
    if (s.unit.kind === 'park' && reg) return reg.unit(s.unit.code)?.partitionMember === true;
    return false;
  };
  const owners = new Map<string, { sub: Submission; e: EnterpriseRow }[]>();
  for (const s of subs) {
    if (!isPartition(s)) continue;
    const seen = new Set<string>();
    for (const e of s.enterprises) {
      if (!e.uscc || seen.has(e.uscc)) continue;
      seen.add(e.uscc);
      const list = owners.get(e.uscc) ?? [];
      list.push({ sub: s, e });
      owners.set(e.uscc, list);
    }
  }
  for (const [uscc, list] of owners) {
    const units = new Set(list.map((x) => x.sub.unit.code));
    if (units.size < 2) continue;
    for (const x of list) {
      const others = list.filter((o) => o.sub.unit.code !== x.sub.unit.code);
      out.push(
        finding(
          'USCC_CONFLICT',
          `企业 ${uscc}（${x.e.name}）同时被 ${[x, ...others].map((o) => `${o.sub.unit.name || o.sub.unit.code}（${o.e.ref.file} ${o.e.ref.sheet}!${o.e.ref.cell}）`).join('、')} 填报，一家企业只能属于一个乡镇(街道)`,
          {
            file: x.e.ref.file,
            sheet: x.e.ref.sheet,
            cell: x.e.ref.cell,
            value: uscc,
            expected: `只在一个乡镇(街道)填报；另见 ${others.map((o) => `${o.e.ref.file} ${o.e.ref.sheet}!${o.e.ref.cell}`).join('、')}`,
            unitCode: x.sub.unit.code || undefined,
          },
        ),
      );
    }
  }

  // Scale against peers (same kind): about 10,000× the median of the others.
  const already = new Set(out.filter((f) => f.code === 'SCALE_ANOMALY').map((f) => `${f.file}!${f.sheet}!${f.cell}`));
  const kinds: UnitKind[] = ['township', 'park', 'district', 'city'];
  for (const kind of kinds) {
    const peers = subs.filter((s) => s.unit.kind === kind);
    if (peers.length < MIN_PEERS + 1) continue;
    for (const f of BASE_FIELDS) {
      if (f.unit !== '万元') continue;
      const vals = peers.map((s) => s.fields[f.code]?.current).filter((v): v is number => typeof v === 'number' && v > 0);
      if (vals.length < MIN_PEERS + 1) continue;
      const med = median(vals);
      if (!(med > 0)) continue;
      for (const s of peers) {
        const fv = s.fields[f.code];
        const v = fv?.current;
        if (typeof v !== 'number' || v <= 0 || v / med < SCALE_RATIO) continue;
        const key = `${fv!.refs.current?.file}!${fv!.refs.current?.sheet}!${fv!.refs.current?.cell}`;
        if (already.has(key)) continue;
        already.add(key);
        out.push(
          finding(
            'SCALE_ANOMALY',
            `${f.nameZh}本期数 ${fmt(v)} 是同类单位中位数 ${fmt(med)} 的 ${Math.round(v / med)} 倍，可能把“元”当成“万元”填报`,
            {
              ...at(fv!.refs.current, s),
              value: fmt(v),
              expected: `以万元为单位（约 ${fmt(v / 10000)}）`,
            },
          ),
        );
      }
    }
  }
  return sortFindings(downgradeExplained(out, subs));
}

/**
 * A warning on a 指标表 row whose 备注/说明 is filled becomes info: the statistician has
 * explained it. Errors stay errors. The message says so.
 */
export function downgradeExplained(findings: Finding[], subs: Submission[]): Finding[] {
  const notes = new Map<string, string>();
  for (const s of subs) {
    for (const fv of Object.values(s.fields)) {
      if (!fv.note || !fv.refs.note) continue;
      const p = parseA1(fv.refs.note.cell);
      if (p) notes.set(`${fv.refs.note.file}\u0000${fv.refs.note.sheet}\u0000${p.row}`, fv.note);
    }
  }
  if (!notes.size) return findings;
  return findings.map((f) => {
    if (f.severity !== 'warning' || !f.cell || !f.sheet) return f;
    const p = parseA1(f.cell);
    const note = p ? notes.get(`${f.file}\u0000${f.sheet}\u0000${p.row}`) : undefined;
    if (note === undefined) return f;
    return { ...f, severity: 'info', message: `${f.message}（已有说明：${note}）` };
  });
}

// ---------------------------------------------------------------------------------------
// Completeness

export type CompletenessStatus = 'submitted' | 'missing' | 'failed';

export interface CompletenessRow {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  status: CompletenessStatus;
  files: string[];
  errors: number;
  warnings: number;
}

export const COMPLETENESS_ZH: Record<CompletenessStatus, string> = { submitted: '已报送', missing: '未报送', failed: '未通过校验' };

/**
 * Which units submitted, are missing, or failed (submitted with errors). Units expected are
 * those of the kinds the submissions are (default: townships and parks).
 */
export function completeness(
  register: Register,
  subs: Submission[],
  findings: Finding[],
  opts: { kinds?: UnitKind[] } = {},
): CompletenessRow[] {
  const ix = indexRegister(register);
  let kinds = opts.kinds;
  if (!kinds) {
    const k = new Set<UnitKind>();
    for (const s of subs) {
      const u = ix.unit(s.unit.code);
      if (u) k.add(u.kind);
    }
    if (k.has('township') || k.has('park') || k.size === 0) {
      k.add('township');
      k.add('park');
    }
    kinds = [...k];
  }
  const filesOf = new Map<string, string[]>();
  for (const s of subs) {
    const list = filesOf.get(s.unit.code) ?? [];
    list.push(s.file);
    filesOf.set(s.unit.code, list);
  }
  // Files that could not be read as a submission: attribute them by the unit code or name in
  // the file name, so a unit that sent an unreadable file shows as failed, not missing.
  const read = new Set(subs.map((s) => s.file));
  const unreadable = [...new Set(findings.filter((f) => f.severity === 'error' && !read.has(f.file)).map((f) => f.file))];
  const expectedUnits = register.units.filter((u: RegisterUnit) => kinds!.includes(u.kind));
  for (const file of unreadable) {
    const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    const byCode = expectedUnits.filter(
      (u) => u.code && new RegExp(`(^|[^0-9A-Za-z])${u.code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^0-9A-Za-z]|$)`).test(base),
    );
    const matches = byCode.length ? byCode : expectedUnits.filter((u) => u.name && base.includes(u.name));
    if (matches.length !== 1) continue;
    const list = filesOf.get(matches[0].code) ?? [];
    list.push(file);
    filesOf.set(matches[0].code, list);
  }
  const counts = new Map<string, { errors: number; warnings: number }>();
  for (const f of findings) {
    const c = counts.get(f.file) ?? { errors: 0, warnings: 0 };
    if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    counts.set(f.file, c);
  }
  return expectedUnits.map((u) => {
    const files = filesOf.get(u.code) ?? [];
    let errors = 0;
    let warnings = 0;
    for (const file of files) {
      errors += counts.get(file)?.errors ?? 0;
      warnings += counts.get(file)?.warnings ?? 0;
    }
    const status: CompletenessStatus = files.length === 0 ? 'missing' : errors > 0 ? 'failed' : 'submitted';
    return { code: u.code, name: u.name, kind: u.kind, parentCode: u.parentCode, status, files, errors, warnings };
  });
}
