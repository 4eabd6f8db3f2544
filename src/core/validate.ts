/**
 * Validation of submissions (issue 3 §3): per-submission checks, checks across the set
 * (duplicates, one enterprise in two townships, scale against peers), the register, and
 * the completeness board. Errors block the rollup; warnings need a 说明 — a warning on a
 * 指标表 row whose 备注/说明 is filled is downgraded to info (the statistician explained it).
 */
import { BASE_FIELDS, ENTERPRISE_FLAGS, catalogue, type BaseField, type EnterpriseCountRule } from './catalogue.js';
import type { RegisterIndex } from './register.js';
import { parseA1 } from './sheet-model.js';
import { SHEET_INDICATORS, SUPPORTED_TEMPLATE_VERSIONS, TEMPLATE_ID, templateFields } from './template-schema.js';
import type { CellRef, EnterpriseRow, Finding, Submission, UnitKind } from './types.js';
import { packedAt, type ExplainedRow, type SubmissionSource } from './submission-source.js';
import { UsccKeySet } from './uscc-set.js';
import { validateUscc } from './uscc.js';
import { finding } from './validate-codes.js';

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
 * Checks across the admitted submissions (admit.ts calls this once): a firm listed by two
 * townships (counted once; a warning at both cells) and figures about 10,000× their peers' median.
 * Made from each submission's digest; the few submissions a finding names are loaded for its cells.
 * Also gives back the set of firm keys it used, emptied: made at a country's size, it can count the
 * city's firms next (Admission.firmKeys) instead of a second one alive beside it until a full collection.
 */
export function crossSubmissionChecks(
  sources: readonly SubmissionSource[],
  reg: RegisterIndex,
): { findings: Finding[]; firmKeys: UsccKeySet } {
  const out: Finding[] = [];
  const loaded = new Map<SubmissionSource, Submission>();
  const load = (src: SubmissionSource): Submission => {
    let sub = loaded.get(src);
    if (!sub) loaded.set(src, (sub = src.load()));
    return sub;
  };
  // One enterprise in two townships (the partition): an error on each, naming the other.
  const isPartition = (s: SubmissionSource): boolean => {
    const kind = s.head.unit.kind;
    if (kind === 'township') return true;
    if (kind === 'park') return reg.unit(s.head.unit.code)?.partitionMember === true;
    return false;
  };
  // Two passes: the USCCs listed more than once (a compact set of every key, not a map of a country's
  // firms to their owners), then the owners of those only.
  const partition = sources.filter(isPartition);
  let rows = 0;
  for (const src of partition) rows += src.digest.listed;
  const seen = new UsccKeySet(rows);
  const repeated = new Set<string>();
  for (const src of partition) {
    const usccs = src.digest.usccs();
    for (let row = 0; row < usccs.count; row++) {
      const uscc = packedAt(usccs, row);
      if (uscc && !seen.add(uscc)) repeated.add(uscc);
    }
  }
  type Owner = { src: SubmissionSource; row: number };
  const owners = new Map<string, Owner[]>();
  if (repeated.size > 0)
    for (const src of partition) {
      const usccs = src.digest.usccs();
      for (let row = 0; row < usccs.count; row++) {
        const uscc = packedAt(usccs, row);
        if (!repeated.has(uscc)) continue;
        const had = owners.get(uscc);
        if (had === undefined) owners.set(uscc, [{ src, row }]);
        // A submission's rows come together: a firm it listed already is its latest owner.
        else if (had[had.length - 1].src !== src) had.push({ src, row });
      }
    }
  seen.clear();
  for (const [uscc, owned] of owners) {
    const units = new Set(owned.map((x) => x.src.head.unit.code));
    if (units.size < 2) continue;
    const list = owned.map((o) => ({ unit: o.src.head.unit, e: load(o.src).enterprises[o.row] }));
    for (const x of list) {
      const others = list.filter((o) => o.unit.code !== x.unit.code);
      out.push(
        finding(
          'USCC_CONFLICT',
          `企业 ${uscc}（${x.e.name}）同时被 ${[x, ...others].map((o) => `${o.unit.name || o.unit.code}（${o.e.ref.file} ${o.e.ref.sheet}!${o.e.ref.cell}）`).join('、')} 填报，汇总只计一次；一家企业只能属于一个乡镇(街道)，请核实后从其中一份名录删除`,
          {
            file: x.e.ref.file,
            sheet: x.e.ref.sheet,
            cell: x.e.ref.cell,
            value: uscc,
            expected: `只在一个乡镇(街道)填报；另见 ${others.map((o) => `${o.e.ref.file} ${o.e.ref.sheet}!${o.e.ref.cell}`).join('、')}`,
            unitCode: x.unit.code || undefined,
          },
        ),
      );
    }
  }

  // Scale against peers (same kind): about 10,000× the median of the others.
  const already = new Set(out.filter((f) => f.code === 'SCALE_ANOMALY').map((f) => `${f.file}!${f.sheet}!${f.cell}`));
  const kinds: UnitKind[] = ['township', 'park', 'district', 'city'];
  for (const kind of kinds) {
    const peers = sources.filter((s) => s.head.unit.kind === kind);
    if (peers.length < MIN_PEERS + 1) continue;
    for (const f of BASE_FIELDS) {
      if (f.unit !== '万元') continue;
      const vals = peers.map((s) => s.digest.money[f.code]).filter((v): v is number => typeof v === 'number' && v > 0);
      if (vals.length < MIN_PEERS + 1) continue;
      const med = median(vals);
      if (!(med > 0)) continue;
      for (const src of peers) {
        const v = src.digest.money[f.code];
        if (typeof v !== 'number' || v <= 0 || v / med < SCALE_RATIO) continue;
        const s = load(src);
        const fv = s.fields[f.code];
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
  return { findings: out, firmKeys: seen };
}

/**
 * A warning on a 指标表 row whose 备注/说明 is filled becomes info: the statistician has
 * explained it. Errors stay errors. The message says so.
 */
export function downgradeExplained(findings: Finding[], explained: Iterable<ExplainedRow>): Finding[] {
  const notes = new Map<string, string>();
  for (const x of explained) notes.set(`${x.file}\u0000${x.sheet}\u0000${x.row}`, x.note);
  if (!notes.size) return findings;
  return findings.map((f) => {
    if (f.severity !== 'warning' || !f.cell || !f.sheet) return f;
    const p = parseA1(f.cell);
    const note = p ? notes.get(`${f.file}\u0000${f.sheet}\u0000${p.row}`) : undefined;
    if (note === undefined) return f;
    return { ...f, severity: 'info', message: `${f.message}（已有说明：${note}）` };
  });
}
