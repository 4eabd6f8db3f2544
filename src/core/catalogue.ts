/**
 * The indicator catalogue (indicators.md §2–3) as data: the one source of labels, units,
 * decimals, directions and rollup rules for templates, functions, outputs and tests.
 */
import type { Direction } from './composite.js';
import { formulaOf, type Formula, type FormulaKind, type FormulaOperand } from './formulas.js';
import type { EnterpriseRow } from './types.js';

export type RollupRule = 'SUM' | 'RATIO_OF_SUMS' | 'TARGET_RATIO' | 'DISTRICT_ONLY' | 'CHANGE' | 'RECOMPUTE';

/** Enterprise-list flags of 企业名录 (the columns after 所属园区). */
export type EnterpriseFlag = 'IND' | 'HNTE' | 'HNTE_NEW' | 'TSME' | 'RD_ACTIVE' | 'RD_INST';

export const ENTERPRISE_FLAGS: readonly { flag: EnterpriseFlag; nameZh: string; nameEn: string }[] = [
  { flag: 'IND', nameZh: '规上工业', nameEn: 'Above-scale industrial' },
  { flag: 'HNTE', nameZh: '高新技术企业', nameEn: 'High-tech enterprise' },
  { flag: 'HNTE_NEW', nameZh: '新认定高企', nameEn: 'Newly certified high-tech' },
  { flag: 'TSME', nameZh: '科技型中小企业', nameEn: 'Tech SME' },
  { flag: 'RD_ACTIVE', nameZh: '有研发活动', nameEn: 'Has R&D activity' },
  { flag: 'RD_INST', nameZh: '有研发机构', nameEn: 'Has R&D institution' },
];

/** How an enterprise-count field is derived from 企业名录 rows (distinct USCC). */
export interface EnterpriseCountRule {
  /** All these flags must be set. */
  all: EnterpriseFlag[];
  /** None of these flags may be set. */
  none?: EnterpriseFlag[];
  /** 营业收入(万元) at least this much. */
  minRevenue?: number;
}

export type BaseFieldScope = 'all' | 'district';

/** What every catalogue entry carries for presentation and ranking. */
export interface CatalogueEntryBase {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  /** Display decimals. */
  decimals: number;
  /** 1: larger is better; -1: smaller is better (清零 counts). */
  direction: Direction;
}

export interface BaseField extends CatalogueEntryBase {
  /** 'all': every unit reports it and it sums; 'district': only the district (and city) enter it. */
  scope: BaseFieldScope;
  rule: 'SUM' | 'DISTRICT_ONLY';
  /** Count of distinct enterprises in 企业名录 matching this rule. */
  fromEnterprises?: EnterpriseCountRule;
  /** Stem of the generated completion / growth codes: `${stem}_COMPLETION`, `${stem}_GROWTH`. */
  stem: string;
  /** Growth 同比增速 is reported for it. */
  growth: boolean;
  /** Must not be negative (amounts, counts). */
  nonNegative: true;
  /** Whole numbers only (counts). */
  integer: boolean;
  /** Text for 备注 in the template (what to enter, caliber). */
  hintZh?: string;
}

export type DerivedKind = 'ratio' | 'growth' | 'pp' | 'completion' | 'composite';

export interface DerivedIndicator extends CatalogueEntryBase {
  rule: RollupRule;
  kind: DerivedKind;
  /** For 'ratio': numerator / denominator × factor. For 'growth' and 'completion': numerator is the base field. */
  numerator?: string;
  denominator?: string;
  factor?: number;
  /** For 'pp': the ratio indicator whose change this is. */
  of?: string;
  /** How it is computed (every kind but 'composite'): the one description the engine, STI.* and workbook formulas follow. */
  formula?: Formula;
}

/**
 * A derived indicator with its formula, from its numerator, denominator and factor (a 'pp' from
 * its ratio, one of `before`). `ratioKind` says what a 'ratio' is: a ratio, a share or a per-N.
 */
function withFormula(d: DerivedIndicator, before: readonly DerivedIndicator[] = [], ratioKind: FormulaKind = 'ratio'): DerivedIndicator {
  const cur = (field: string) => ({ field, role: 'current' as const });
  const prev = (field: string) => ({ field, role: 'previous' as const });
  switch (d.kind) {
    case 'ratio':
      return { ...d, formula: formulaOf(ratioKind, d.factor ?? 1, [cur(d.numerator!), cur(d.denominator!)]) };
    case 'completion':
      return { ...d, formula: formulaOf('completion', 100, [cur(d.numerator!), { field: d.numerator!, role: 'target' }]) };
    case 'growth':
      return { ...d, formula: formulaOf('growth', 100, [cur(d.numerator!), prev(d.numerator!)]) };
    case 'pp': {
      const of = before.find((r) => r.code === d.of && r.kind === 'ratio');
      if (!of) throw new Error(`catalogue: ${d.code} is the change of ${d.of}, not a ratio listed before it`);
      const [n, den] = of.formula!.operands;
      return { ...d, formula: formulaOf('ppChange', of.factor ?? 1, [cur(n.field), cur(den.field), prev(n.field), prev(den.field)]) };
    }
    default:
      return d;
  }
}

/** Entries in order with their formulas (a 'pp' after its ratio). */
function withFormulas(entries: readonly DerivedIndicator[]): DerivedIndicator[] {
  const out: DerivedIndicator[] = [];
  for (const d of entries) out.push(d.formula ? d : withFormula(d, out));
  return out;
}

const amount = (code: string, nameZh: string, nameEn: string, extra: Partial<BaseField> = {}): BaseField => ({
  code,
  nameZh,
  nameEn,
  unit: '万元',
  decimals: 2,
  direction: 1,
  scope: 'all',
  rule: 'SUM',
  stem: code,
  growth: true,
  nonNegative: true,
  integer: false,
  ...extra,
});

const count = (code: string, nameZh: string, nameEn: string, extra: Partial<BaseField> = {}): BaseField => ({
  ...amount(code, nameZh, nameEn),
  unit: '家',
  decimals: 0,
  growth: false,
  integer: true,
  ...extra,
});

const districtInput = (code: string, nameZh: string, nameEn: string, unit = '万元'): BaseField => ({
  ...amount(code, nameZh, nameEn),
  unit,
  decimals: unit === '人' ? 0 : 2,
  integer: unit === '人',
  scope: 'district',
  rule: 'DISTRICT_ONLY',
  growth: unit === '万元',
});

export const BASE_FIELDS: readonly BaseField[] = [
  amount('RD_EXP', 'R&D经费内部支出', 'Intramural R&D expenditure', { stem: 'RD' }),
  count('IND_FIRMS', '规模以上工业企业数', 'Above-scale industrial enterprises', { fromEnterprises: { all: ['IND'] } }),
  count('IND_FIRMS_RD', '有研发活动的规上工业企业数', 'Above-scale industrial enterprises with R&D activity', {
    fromEnterprises: { all: ['IND', 'RD_ACTIVE'] },
  }),
  count('IND_FIRMS_INST', '有研发机构的规上工业企业数', 'Above-scale industrial enterprises with an R&D institution', {
    fromEnterprises: { all: ['IND', 'RD_INST'] },
  }),
  amount('IND_REVENUE', '规上工业企业营业收入', 'Operating revenue of above-scale industrial enterprises'),
  amount('IND_RD_FEE', '规上工业企业研发费用', 'R&D expenses (accounting) of above-scale industrial enterprises', {
    hintZh: '会计口径研发费用，不是R&D经费',
  }),
  amount('IND_RD_FTE', '规上工业企业研发人员全时当量', 'R&D personnel FTE of above-scale industrial enterprises', {
    unit: '人年',
    decimals: 1,
    growth: false,
  }),
  amount('RD_FTE', 'R&D人员全时当量', 'R&D personnel full-time equivalent', { unit: '人年', decimals: 1, growth: false }),
  count('HNTE_COUNT', '有效高新技术企业数', 'Valid high-tech enterprises', {
    fromEnterprises: { all: ['HNTE'] },
    stem: 'HNTE',
    growth: true,
  }),
  count('HNTE_NEW', '新认定高新技术企业数', 'Newly certified high-tech enterprises', { fromEnterprises: { all: ['HNTE_NEW'] } }),
  count('TSME_COUNT', '科技型中小企业入库数', 'Registered tech SMEs', { fromEnterprises: { all: ['TSME'] }, stem: 'TSME', growth: true }),
  count('FIRMS_TOTAL', '企业数', 'Enterprises (all)', { hintZh: '辖区内全部企业数，用于计算每千家企业中高新技术企业数' }),
  amount('TECH_CONTRACT_AMT', '技术合同成交额', 'Technology contract turnover (seller side)', {
    stem: 'TECH_CONTRACT',
    hintZh: '输出方（卖方）口径，不含吸纳额',
  }),
  amount('TECH_CONTRACT_ABSORB', '技术合同吸纳额', 'Technology contracts absorbed (buyer side)', {
    hintZh: '吸纳方（买方）口径，不得计入成交额',
  }),
  amount('HT_OUTPUT', '高新技术产业产值', 'High-tech industry output'),
  amount('IND_OUTPUT', '规上工业总产值', 'Gross output of above-scale industry'),
  amount('HT_VA', '高新技术产业增加值', 'High-tech industry value added'),
  amount('IND_VA', '规上工业增加值', 'Value added of above-scale industry'),
  count('PLATFORMS_NEW', '新增市级以上创新平台', 'New innovation platforms (city level and above)', { unit: '个' }),
  count('TALENT_NEW', '新增市级以上高层次人才', 'New high-level talents (city level and above)', { unit: '人' }),
  count('DZ_NO_RD_GE_1E8', '营业收入1亿元以上无研发活动规上工业企业数', 'Above-scale firms with revenue ≥ 100m yuan and no R&D activity', {
    direction: -1,
    fromEnterprises: { all: ['IND'], none: ['RD_ACTIVE'], minRevenue: 10000 },
    hintZh: '清零对象，越少越好，目标为0',
  }),
  count(
    'DZ_NO_INST_GE_5E8',
    '营业收入5亿元以上无研发机构规上工业企业数',
    'Above-scale firms with revenue ≥ 500m yuan and no R&D institution',
    {
      direction: -1,
      fromEnterprises: { all: ['IND'], none: ['RD_INST'], minRevenue: 50000 },
      hintZh: '清零对象，越少越好，目标为0',
    },
  ),
  districtInput('GDP', '地区生产总值', 'Gross domestic product'),
  districtInput('EMPLOYED', '就业人员', 'Employed persons', '人'),
  districtInput('FISCAL_EXP', '一般公共预算支出', 'General public budget expenditure'),
  districtInput('FISCAL_ST_EXP', '其中：科学技术支出', 'of which: science and technology expenditure'),
  districtInput('FAI', '固定资产投资', 'Fixed-asset investment'),
  districtInput('HT_INV', '其中：高新技术产业投资', 'of which: high-tech industry investment'),
];

const ratioOf = (
  code: string,
  nameZh: string,
  nameEn: string,
  numerator: string,
  denominator: string,
  rule: RollupRule,
  formulaKind: 'ratio' | 'share' | 'perN',
  extra: Partial<DerivedIndicator> = {},
): DerivedIndicator =>
  withFormula(
    {
      code,
      nameZh,
      nameEn,
      unit: '%',
      decimals: 2,
      direction: 1,
      rule,
      kind: 'ratio',
      numerator,
      denominator,
      factor: 100,
      ...extra,
    },
    [],
    formulaKind,
  );

/** The named derived indicators of indicators.md §3 (completion and growth are generated below). */
export const NAMED_INDICATORS: readonly DerivedIndicator[] = withFormulas([
  ratioOf('RD_INTENSITY', '研发经费投入强度', 'R&D intensity (R&D / GDP)', 'RD_EXP', 'GDP', 'DISTRICT_ONLY', 'ratio'),
  {
    code: 'RD_GROWTH',
    nameZh: '研发经费增长率',
    nameEn: 'R&D expenditure growth',
    unit: '%',
    decimals: 1,
    direction: 1,
    rule: 'CHANGE',
    kind: 'growth',
    numerator: 'RD_EXP',
  },
  {
    code: 'RD_INTENSITY_PP',
    nameZh: '研发投入强度比上年提高',
    nameEn: 'R&D intensity change',
    unit: '百分点',
    decimals: 2,
    direction: 1,
    rule: 'CHANGE',
    kind: 'pp',
    of: 'RD_INTENSITY',
  },
  ratioOf(
    'IND_RD_FEE_RATIO',
    '规上工业研发费用占营业收入比重',
    'R&D expenses / revenue of above-scale industry',
    'IND_RD_FEE',
    'IND_REVENUE',
    'RATIO_OF_SUMS',
    'ratio',
  ),
  ratioOf(
    'RD_ACTIVE_FIRM_SHARE',
    '有研发活动的规上工业企业占比',
    'Share of above-scale firms with R&D activity',
    'IND_FIRMS_RD',
    'IND_FIRMS',
    'RATIO_OF_SUMS',
    'share',
  ),
  {
    code: 'RD_ACTIVE_FIRM_SHARE_PP',
    nameZh: '有研发活动企业占比增幅',
    nameEn: 'Change in share of firms with R&D activity',
    unit: '百分点',
    decimals: 2,
    direction: 1,
    rule: 'CHANGE',
    kind: 'pp',
    of: 'RD_ACTIVE_FIRM_SHARE',
  },
  ratioOf(
    'RD_INST_FIRM_SHARE',
    '企业研发机构设置率',
    'Share of above-scale firms with an R&D institution',
    'IND_FIRMS_INST',
    'IND_FIRMS',
    'RATIO_OF_SUMS',
    'share',
  ),
  ratioOf(
    'RD_PER_10K_EMP',
    '每万名就业人员中R&D人员数',
    'R&D personnel per 10,000 employed',
    'RD_FTE',
    'EMPLOYED',
    'DISTRICT_ONLY',
    'perN',
    {
      unit: '人年/万人',
      decimals: 1,
      factor: 10000,
    },
  ),
  ratioOf(
    'HNTE_PER_1000_FIRMS',
    '每千家企业中高新技术企业数',
    'High-tech enterprises per 1,000 enterprises',
    'HNTE_COUNT',
    'FIRMS_TOTAL',
    'RATIO_OF_SUMS',
    'perN',
    {
      unit: '家',
      factor: 1000,
    },
  ),
  ratioOf(
    'HT_OUTPUT_SHARE',
    '高新技术产业产值占规上工业总产值比重',
    'High-tech share of above-scale industrial output',
    'HT_OUTPUT',
    'IND_OUTPUT',
    'RATIO_OF_SUMS',
    'share',
  ),
  ratioOf(
    'HT_VA_SHARE',
    '高新技术产业增加值占比',
    'High-tech share of industrial value added',
    'HT_VA',
    'IND_VA',
    'RATIO_OF_SUMS',
    'share',
  ),
  ratioOf(
    'HT_INV_SHARE',
    '高新技术产业投资占固定资产投资比重',
    'High-tech share of fixed-asset investment',
    'HT_INV',
    'FAI',
    'DISTRICT_ONLY',
    'share',
    { decimals: 1 },
  ),
  ratioOf(
    'TECH_CONTRACT_GDP_RATIO',
    '技术合同成交额与GDP之比',
    'Technology contract turnover / GDP',
    'TECH_CONTRACT_AMT',
    'GDP',
    'DISTRICT_ONLY',
    'ratio',
  ),
  ratioOf(
    'FISCAL_ST_SHARE',
    '财政科技支出占比',
    'S&T share of fiscal expenditure',
    'FISCAL_ST_EXP',
    'FISCAL_EXP',
    'DISTRICT_ONLY',
    'share',
  ),
  {
    code: 'STI_INDEX',
    nameZh: '科创指数',
    nameEn: 'Science and technology innovation index',
    unit: '分',
    decimals: 1,
    direction: 1,
    rule: 'RECOMPUTE',
    kind: 'composite',
  },
]);

export const completionCode = (field: BaseField): string => `${field.stem}_COMPLETION`;
export const growthCode = (field: BaseField): string => `${field.stem}_GROWTH`;

/** 完成率 for every base field that can carry a target (all but the district-only denominators). */
export const COMPLETION_INDICATORS: readonly DerivedIndicator[] = withFormulas(
  BASE_FIELDS.filter((f) => f.scope === 'all').map((f) => ({
    code: completionCode(f),
    nameZh: `${f.nameZh}完成率`,
    nameEn: `${f.nameEn}: completion of annual target`,
    unit: '%',
    decimals: 2,
    direction: 1,
    rule: 'TARGET_RATIO',
    kind: 'completion',
    numerator: f.code,
  })),
);

/** 同比增速 for every amount with growth (RD_EXP's is the named RD_GROWTH). */
export const GROWTH_INDICATORS: readonly DerivedIndicator[] = withFormulas(
  BASE_FIELDS.filter((f) => f.growth && !NAMED_INDICATORS.some((d) => d.kind === 'growth' && d.numerator === f.code)).map((f) => ({
    code: growthCode(f),
    nameZh: `${f.nameZh}增速`,
    nameEn: `${f.nameEn}: year-on-year growth`,
    unit: '%',
    decimals: 1,
    direction: 1,
    rule: 'CHANGE',
    kind: 'growth',
    numerator: f.code,
  })),
);

export const DERIVED_INDICATORS: readonly DerivedIndicator[] = [...NAMED_INDICATORS, ...COMPLETION_INDICATORS, ...GROWTH_INDICATORS];

/** Either kind of catalogue entry; both carry the presentation fields. */
export type CatalogueEntry = BaseField | DerivedIndicator;

const byCode = new Map<string, CatalogueEntry>();
for (const e of [...BASE_FIELDS, ...DERIVED_INDICATORS]) {
  if (byCode.has(e.code)) throw new Error(`catalogue: duplicate code ${e.code}`);
  byCode.set(e.code, e);
}

export const catalogue = {
  baseFields: BASE_FIELDS,
  derivedIndicators: DERIVED_INDICATORS,
  enterpriseFlags: ENTERPRISE_FLAGS,
  get(code: string): CatalogueEntry | undefined {
    return byCode.get(code);
  },
  baseField(code: string): BaseField | undefined {
    const e = byCode.get(code);
    return e && 'scope' in e ? e : undefined;
  },
  indicator(code: string): DerivedIndicator | undefined {
    const e = byCode.get(code);
    return e && 'kind' in e ? e : undefined;
  },
} as const;

/** Display label "中文名（单位）" used in headers. */
export function labelWithUnit(e: CatalogueEntry): string {
  return `${e.nameZh}（${e.unit}）`;
}

/** An Excel number format showing the entry's decimals ("0.00", "#,##0"). */
export function numberFormat(e: CatalogueEntry): string {
  const grouping = e.unit === '万元' || e.unit === '家' || e.unit === '人' ? '#,##0' : '0';
  return e.decimals > 0 ? `${grouping}.${'0'.repeat(e.decimals)}` : grouping;
}

const FLAG_BIT: Record<EnterpriseFlag, number> = { IND: 1, HNTE: 2, HNTE_NEW: 4, TSME: 8, RD_ACTIVE: 16, RD_INST: 32 };

/** A firm's flags as bits of FLAG_BIT (property reads by name: fast where a read by a variable key is not). */
function flagMask(f: Record<EnterpriseFlag, boolean>): number {
  return (f.IND ? 1 : 0) | (f.HNTE ? 2 : 0) | (f.HNTE_NEW ? 4 : 0) | (f.TSME ? 8 : 0) | (f.RD_ACTIVE ? 16 : 0) | (f.RD_INST ? 32 : 0);
}

const maskOfRule = new WeakMap<EnterpriseCountRule, { all: number; none: number }>();
function ruleMasks(rule: EnterpriseCountRule): { all: number; none: number } {
  let m = maskOfRule.get(rule);
  if (!m) {
    m = { all: rule.all.reduce((a, f) => a | FLAG_BIT[f], 0), none: (rule.none ?? []).reduce((a, f) => a | FLAG_BIT[f], 0) };
    maskOfRule.set(rule, m);
  }
  return m;
}

/** Does an enterprise listing match a count rule (all flags, none of the excluded flags, revenue floor)? */
export function matchesCountRule(e: Pick<EnterpriseRow, 'flags' | 'revenue'>, rule: EnterpriseCountRule): boolean {
  const m = flagMask(e.flags);
  const masks = ruleMasks(rule);
  if ((m & masks.all) !== masks.all || (m & masks.none) !== 0) return false;
  return rule.minRevenue === undefined || (e.revenue !== null && e.revenue >= rule.minRevenue);
}

/** Flag bits (FLAG_BIT) below a firm class's revenue bits. */
const FLAG_BITS = Object.keys(FLAG_BIT).length;
let revenueFloors: readonly number[] | undefined;
/** The revenue floors of the catalogue's count rules, ascending (a firm's class has a bit for each floor it reaches). */
function countRuleFloors(): readonly number[] {
  return (revenueFloors ??= [
    ...new Set(BASE_FIELDS.flatMap((f) => (f.fromEnterprises?.minRevenue !== undefined ? [f.fromEnterprises.minRevenue] : []))),
  ].sort((a, b) => a - b));
}

/** How many firm classes there are (firmClass gives 0 … this − 1). */
export function firmClassCount(): number {
  return 1 << (FLAG_BITS + countRuleFloors().length);
}

/**
 * A firm's class for the catalogue's counts: its flag bits and a bit for each revenue floor it reaches. Firms of
 * one class match the same count rules, so a level's counts go over its classes, not over every firm per field.
 */
export function firmClass(flags: Record<EnterpriseFlag, boolean>, revenue: number | null): number {
  let k = flagMask(flags);
  if (revenue === null) return k;
  const floors = countRuleFloors();
  for (let i = 0; i < floors.length; i++) if (revenue >= floors[i]) k |= 1 << (FLAG_BITS + i);
  return k;
}

/** matchesCountRule for every firm of a class; undefined for a rule whose revenue floor is not a catalogue count's. */
export function classMatchesCountRule(k: number, rule: EnterpriseCountRule): boolean | undefined {
  const floor = rule.minRevenue === undefined ? -1 : countRuleFloors().indexOf(rule.minRevenue);
  if (rule.minRevenue !== undefined && floor < 0) return undefined;
  const masks = ruleMasks(rule);
  if ((k & masks.all) !== masks.all || (k & masks.none) !== 0) return false;
  return floor < 0 || (k & (1 << (FLAG_BITS + floor))) !== 0;
}

/** An operand of a formula in words: “R&D经费内部支出”, “上年R&D经费内部支出”, “R&D经费内部支出全年目标”. */
export function operandLabelZh(operand: Pick<FormulaOperand, 'field' | 'role'>): string {
  const name = byCode.get(operand.field)?.nameZh ?? operand.field;
  return operand.role === 'previous' ? `上年${name}` : operand.role === 'target' ? `${name}全年目标` : name;
}
