/**
 * The submission template (product.md §4) as data: its sheets, header texts, rows per base
 * field from the catalogue, and builders for a blank or filled WorkbookModel. Reading by
 * labels (read-submission.ts) uses the same header definitions, so writer and reader agree.
 */
import { fitSheet, printSetup } from './layout.js';
import { BASE_FIELDS, ENTERPRISE_FLAGS, numberFormat, type BaseField, type EnterpriseFlag } from './catalogue.js';
import { parsePeriod, periodLabelZh } from './period.js';
import { a1, type CellModel, type CellStyle, type DataValidation, type SheetModel, type WorkbookModel } from './sheet-model.js';
import type { EnterpriseRow, FieldValue, Submission, UnitKind } from './types.js';
import { NO_WORD, UNIT_KIND_ZH, YES_WORD, yesNoWord } from './vocabulary.js';

export const TEMPLATE_ID = 'STI-SUBMISSION';
export const TEMPLATE_VERSION = '1.0';
/** Versions this build reads. */
export const SUPPORTED_TEMPLATE_VERSIONS: readonly string[] = ['1.0'];

export const SHEET_GUIDE = '填报说明';
export const SHEET_INDICATORS = '指标表';
export const SHEET_ENTERPRISES = '企业名录';
export const SHEET_META = '_meta';
export const TEMPLATE_SHEETS: readonly string[] = [SHEET_GUIDE, SHEET_INDICATORS, SHEET_ENTERPRISES, SHEET_META];

export type TemplateKind = UnitKind;
export const TEMPLATE_KINDS: readonly TemplateKind[] = ['township', 'park', 'district', 'city'];
// Kind labels (乡镇(街道), 区(县)…) belong to the one vocabulary of words read and written.
export { UNIT_KIND_ZH } from './vocabulary.js';

export interface TemplateOptions {
  unit?: { code?: string; name?: string; parentCode?: string | null };
  year?: number;
  /** '2024' or '2024-01..09'; default: the year. */
  period?: string;
  /** Deadline text shown in 填报说明, e.g. '2025-01-15'. */
  deadline?: string;
  /** Blank input rows in 企业名录 (default 300). */
  enterpriseRows?: number;
}

export type IndicatorColumnKey = 'code' | 'name' | 'unit' | 'current' | 'previous' | 'target' | 'note';
export type EnterpriseColumnKey =
  'uscc' | 'name' | 'township' | 'park' | `flag:${EnterpriseFlag}` | 'revenue' | 'rdFee' | 'rdExp' | 'rdFte';

export interface ColumnDef<K extends string> {
  key: K;
  header: string;
  /** Other texts accepted as this header when reading (compared after normalisation). */
  aliases: string[];
  width: number;
  /** The unit the values are in (for money / FTE columns). */
  unit?: string;
}

export const INDICATOR_COLUMNS: readonly ColumnDef<IndicatorColumnKey>[] = [
  { key: 'code', header: '指标代码', aliases: ['代码', '指标编码', '编码', '指标编号'], width: 20 },
  { key: 'name', header: '指标名称', aliases: ['指标', '名称', '指标名', '项目', '指标项目'], width: 40 },
  { key: 'unit', header: '计量单位', aliases: ['单位', '计算单位'], width: 9 },
  {
    key: 'current',
    header: '本期数',
    aliases: ['本期', '本期值', '本年数', '本年', '本期累计', '本年累计', '本期数值', '本年实际', '本期实际'],
    width: 14,
  },
  { key: 'previous', header: '上年同期数', aliases: ['上年同期', '去年同期', '上年同期值', '上年数', '上年同期累计'], width: 14 },
  { key: 'target', header: '全年目标', aliases: ['目标', '年度目标', '全年目标值', '全年任务', '目标任务'], width: 12 },
  { key: 'note', header: '备注/说明', aliases: ['备注', '说明', '备注说明', '情况说明'], width: 30 },
];

const flagColumns: ColumnDef<EnterpriseColumnKey>[] = ENTERPRISE_FLAGS.map((f) => ({
  key: `flag:${f.flag}` as const,
  header: f.nameZh,
  aliases:
    f.flag === 'HNTE'
      ? ['高企', '高新技术企业(是/否)']
      : f.flag === 'HNTE_NEW'
        ? ['新认定高新技术企业']
        : f.flag === 'TSME'
          ? ['科技型中小企业(入库)']
          : f.flag === 'IND'
            ? ['规上工业企业', '规模以上工业']
            : [],
  width: 8,
}));

export const ENTERPRISE_COLUMNS: readonly ColumnDef<EnterpriseColumnKey>[] = [
  { key: 'uscc', header: '统一社会信用代码', aliases: ['信用代码', '社会信用代码', 'USCC', '统一代码'], width: 22 },
  { key: 'name', header: '企业名称', aliases: ['单位名称', '企业'], width: 30 },
  { key: 'township', header: '所属乡镇(街道)', aliases: ['所属乡镇', '所属街道', '乡镇(街道)', '乡镇街道', '所在乡镇'], width: 14 },
  { key: 'park', header: '所属园区', aliases: ['园区', '所在园区'], width: 14 },
  ...flagColumns,
  { key: 'revenue', header: '营业收入(万元)', aliases: ['营业收入', '营收'], width: 14, unit: '万元' },
  { key: 'rdFee', header: '研发费用(万元)', aliases: ['研发费用'], width: 14, unit: '万元' },
  { key: 'rdExp', header: 'R&D经费(万元)', aliases: ['R&D经费', 'R&D经费支出', 'R&D经费内部支出'], width: 14, unit: '万元' },
  { key: 'rdFte', header: '研发人员全时当量(人年)', aliases: ['研发人员全时当量', 'R&D人员全时当量'], width: 14, unit: '人年' },
];

/** Keys of _meta (column A), with their Chinese descriptions (column C). */
export const META_KEYS = {
  template_id: '模板标识',
  template_version: '模板版本',
  unit_code: '单位代码',
  unit_name: '单位名称',
  unit_kind: '单位类型',
  parent_code: '上级单位代码',
  year: '年度',
  period: '报告期',
} as const;
export type MetaKey = keyof typeof META_KEYS;

/** Base fields a template of this kind asks for: every unit the 'all' fields; districts and cities also the district-only inputs. */
export function templateFields(kind: TemplateKind): BaseField[] {
  return BASE_FIELDS.filter((f) => f.scope === 'all' || kind === 'district' || kind === 'city');
}

/** Whether the field takes an annual target (district-only denominators do not). */
export function fieldTakesTarget(f: BaseField): boolean {
  return f.scope === 'all';
}

/** 0-based row of the header row in 指标表 and 企业名录 of generated templates. */
export const HEADER_ROW = 2;
export const DEFAULT_ENTERPRISE_ROWS = 300;

const HEADER_STYLE: CellStyle = { bold: true, fill: 'DDEBF7', hAlign: 'center', vAlign: 'middle', wrap: true, border: true };
const LABEL_STYLE: CellStyle = { border: true, vAlign: 'middle' };
const INPUT_FILL = 'FFF9E5';
const TITLE_STYLE: CellStyle = { bold: true, fontSize: 14, hAlign: 'center', vAlign: 'middle' };
const SUBTITLE_STYLE: CellStyle = { color: '595959', hAlign: 'left' };

function inputStyle(numFmt: string): CellStyle {
  return { locked: false, fill: INPUT_FILL, border: true, numFmt, hAlign: 'right' };
}

function numberValidation(integer: boolean, what: string): DataValidation {
  return integer
    ? { type: 'whole', operator: 'greaterThanOrEqual', min: 0, allowBlank: true, errorTitle: '输入有误', error: `${what}应为不小于0的整数` }
    : {
        type: 'decimal',
        operator: 'greaterThanOrEqual',
        min: 0,
        allowBlank: true,
        errorTitle: '输入有误',
        error: `${what}应为不小于0的数字`,
      };
}

const FLAG_VALIDATION: DataValidation = {
  type: 'list',
  list: [YES_WORD, NO_WORD],
  allowBlank: true,
  errorTitle: '输入有误',
  error: '请填写“是”或“否”',
};

interface ResolvedOptions {
  kind: TemplateKind;
  code: string;
  name: string;
  parentCode: string;
  year: number;
  period: string;
  periodLabel: string;
  deadline: string | null;
  enterpriseRows: number;
}

function resolve(kind: TemplateKind, opts: TemplateOptions): ResolvedOptions {
  const year = opts.year ?? new Date().getFullYear() - 1;
  const period = opts.period ?? String(year);
  const p = parsePeriod(period); // throws a Chinese IndicatorError for a bad period
  if (p.year !== year && opts.year !== undefined) throw new Error(`报告期“${period}”与年度 ${year} 不一致`);
  return {
    kind,
    code: opts.unit?.code ?? '',
    name: opts.unit?.name ?? '',
    parentCode: opts.unit?.parentCode ?? '',
    year: p.year,
    period,
    periodLabel: periodLabelZh(p),
    deadline: opts.deadline ?? null,
    enterpriseRows: opts.enterpriseRows ?? DEFAULT_ENTERPRISE_ROWS,
  };
}

function text(value: string, style?: CellStyle): CellModel {
  return style ? { value, style } : { value };
}

function guideSheet(o: ResolvedOptions): SheetModel {
  const unitLine = o.name ? `${o.name}${o.code ? `（代码 ${o.code}）` : ''}` : '（请在 _meta 中由下发单位填写，或联系区科技局）';
  const lines: [string, string][] = [
    ['填报单位', unitLine],
    ['单位类型', UNIT_KIND_ZH[o.kind]],
    ['上级单位代码', o.parentCode || '—'],
    ['报告期', `${o.periodLabel}（${o.period}）`],
    ['模板', `${TEMPLATE_ID} 版本 ${TEMPLATE_VERSION}`],
    ['报送截止日期', o.deadline ?? '以通知为准'],
  ];
  const steps = [
    '1. 在“指标表”的黄色单元格中填写本期数、上年同期数（按最新修订数）和全年目标；没有的填 0，不要留空。',
    '2. 金额单位为“万元”（不是“元”），人员为“人年”或“人”，企业数为“家”；请勿在数字后加单位或文字。',
    '3. 数值与上年相差很大、或需要解释口径的，请在“备注/说明”列写明原因；有说明的警告可以通过审核。',
    '4. “企业名录”每行一家企业，统一社会信用代码填 18 位；同一企业只填一次；标志列填“是”或“否”。',
    '5. 企业名录中的规上工业、高企、科技型中小企业等家数应与“指标表”中的对应家数一致。',
    '6. 请勿修改工作表名称、删除或合并单元格、调整表头；不要修改隐藏的 _meta 工作表。',
    '7. 技术合同成交额按输出方（卖方）口径填报，吸纳额单独填报，二者不得相加。',
    '8. 填好后直接保存为 .xlsx 报送，不要另存为 .xls、.csv 或加密码。',
  ];
  const rows: CellModel[][] = [[text(`科技统计数据填报说明（${o.periodLabel}）`, TITLE_STYLE)], []];
  for (const [k, v] of lines) rows.push([text(k, { bold: true, border: true }), text(v, { border: true, wrap: true })]);
  rows.push([]);
  rows.push([text('填报要求', { bold: true })]);
  for (const s of steps) rows.push([text(s, { wrap: true, vAlign: 'top' })]);
  const merges = ['A1:B1', ...steps.map((_, i) => `A${lines.length + 5 + i}:B${lines.length + 5 + i}`)];
  return {
    name: SHEET_GUIDE,
    rows,
    columnWidths: [16, 84],
    merges,
    protect: true,
    print: { orientation: 'portrait', fitToWidth: true, paper: 'A4' },
  };
}

function indicatorSheet(o: ResolvedOptions): SheetModel {
  const fields = templateFields(o.kind);
  const ncol = INDICATOR_COLUMNS.length;
  const last = a1(0, ncol - 1).replace(/\d+$/, '');
  const rows: (CellModel | null)[][] = [
    [text(`${o.name || '（单位）'}科技统计指标表（${o.periodLabel}）`, TITLE_STYLE)],
    [text(`填报单位：${o.name || '—'}${o.code ? `（${o.code}）` : ''}    报告期：${o.period}    金额单位：万元`, SUBTITLE_STYLE)],
    INDICATOR_COLUMNS.map((c) => text(c.header, HEADER_STYLE)),
  ];
  for (const f of fields) {
    const fmt = numberFormat(f);
    const what = f.nameZh;
    const input = (): CellModel => ({ style: inputStyle(fmt), validation: numberValidation(f.integer, what) });
    const target: CellModel = fieldTakesTarget(f) ? input() : { value: '—', style: { ...LABEL_STYLE, fill: 'F2F2F2', hAlign: 'center' } };
    rows.push([
      text(f.code, { ...LABEL_STYLE, color: '595959' }),
      text(f.nameZh, { ...LABEL_STYLE, wrap: true }),
      text(f.unit, { ...LABEL_STYLE, hAlign: 'center' }),
      input(),
      input(),
      target,
      { style: { locked: false, fill: INPUT_FILL, border: true, wrap: true }, ...(f.hintZh ? { comment: f.hintZh } : {}) },
    ]);
  }
  return {
    name: SHEET_INDICATORS,
    rows,
    columnWidths: INDICATOR_COLUMNS.map((c) => c.width),
    freeze: { rows: HEADER_ROW + 1, cols: 0 },
    merges: [`A1:${last}1`, `A2:${last}2`],
    protect: true,
    print: { orientation: 'landscape', fitToWidth: true, paper: 'A4' },
  };
}

function enterpriseInputRow(): CellModel[] {
  return ENTERPRISE_COLUMNS.map((c): CellModel => {
    if (c.key === 'uscc') {
      return {
        style: { locked: false, fill: INPUT_FILL, border: true, numFmt: '@' },
        validation: {
          type: 'textLength',
          operator: 'between',
          min: 18,
          max: 18,
          allowBlank: true,
          errorTitle: '输入有误',
          error: '统一社会信用代码应为18位',
        },
      };
    }
    if (c.key.startsWith('flag:'))
      return { style: { locked: false, fill: INPUT_FILL, border: true, hAlign: 'center' }, validation: FLAG_VALIDATION };
    if (c.unit) {
      const fmt = c.unit === '人年' ? '0.0' : '#,##0.00';
      return { style: inputStyle(fmt), validation: numberValidation(false, c.header) };
    }
    return { style: { locked: false, fill: INPUT_FILL, border: true, numFmt: '@' } };
  });
}

function enterpriseSheet(o: ResolvedOptions): SheetModel {
  const ncol = ENTERPRISE_COLUMNS.length;
  const last = a1(0, ncol - 1).replace(/\d+$/, '');
  const rows: (CellModel | null)[][] = [
    [text(`${o.name || '（单位）'}企业名录（${o.periodLabel}）`, TITLE_STYLE)],
    [text('每行一家企业；统一社会信用代码填18位，同一企业只填一次；标志列填“是”或“否”；金额单位：万元。', SUBTITLE_STYLE)],
    ENTERPRISE_COLUMNS.map((c) => text(c.header, HEADER_STYLE)),
  ];
  for (let i = 0; i < o.enterpriseRows; i++) rows.push(enterpriseInputRow());
  return {
    name: SHEET_ENTERPRISES,
    rows,
    columnWidths: ENTERPRISE_COLUMNS.map((c) => c.width),
    freeze: { rows: HEADER_ROW + 1, cols: 2 },
    merges: [`A1:${last}1`, `A2:${last}2`],
    protect: true,
    print: { orientation: 'landscape', fitToWidth: true, paper: 'A4' },
  };
}

function metaSheet(o: ResolvedOptions): SheetModel {
  const values: Record<MetaKey, string | number> = {
    template_id: TEMPLATE_ID,
    template_version: TEMPLATE_VERSION,
    unit_code: o.code,
    unit_name: o.name,
    unit_kind: o.kind,
    parent_code: o.parentCode,
    year: o.year,
    period: o.period,
  };
  const rows: CellModel[][] = [[text('key'), text('value'), text('说明')]];
  for (const k of Object.keys(META_KEYS) as MetaKey[]) {
    const v = values[k];
    rows.push([text(k), typeof v === 'number' ? { value: v } : { value: v, style: { numFmt: '@' } }, text(META_KEYS[k])]);
  }
  return { name: SHEET_META, state: 'veryHidden', rows, columnWidths: [18, 24, 16], protect: true };
}

/** A blank template for one unit and period. */
export function buildTemplateModel(kind: TemplateKind, opts: TemplateOptions = {}): WorkbookModel {
  if (!TEMPLATE_KINDS.includes(kind)) throw new Error(`未知的模板类型“${String(kind)}”，应为 township、park、district 或 city`);
  const o = resolve(kind, opts);
  // Input columns keep the widths units type into; wrapped headers and names get the lines they need,
  // and every sheet prints A4 with its title in the page header and the header row repeated.
  const printable = (sheet: SheetModel, headerRow?: number): SheetModel => {
    const fitted = fitSheet(sheet, { keep: (sheet.columnWidths ?? []).map((_, i) => i) });
    const title = String(sheet.rows[0]?.[0]?.value ?? sheet.name);
    return { ...fitted, print: printSetup(fitted, { title, ...(headerRow !== undefined ? { titleRows: [headerRow, headerRow] } : {}) }) };
  };
  return {
    sheets: [printable(guideSheet(o)), printable(indicatorSheet(o), HEADER_ROW), printable(enterpriseSheet(o), HEADER_ROW), metaSheet(o)],
    properties: { title: `${o.name || UNIT_KIND_ZH[kind]}科技统计填报表 ${o.period}`, creator: 'STI Rollup 科技指标汇总助手' },
  };
}

const flagText = yesNoWord;

/** Values of one 指标表 row as written: numbers stay numbers, text (as from a fixture) stays text. */
export type FieldInput = Partial<Pick<FieldValue, 'current' | 'previous' | 'target' | 'note'>>;

/**
 * Write a submission's values into a template model built for it (same kind): 指标表 rows
 * by 指标代码, 企业名录 rows from the first input row (more rows are added when needed).
 * Fields missing from the template are an error (the caller built the wrong kind).
 */
export function fillTemplateModel(model: WorkbookModel, sub: Pick<Submission, 'fields' | 'enterprises'>): WorkbookModel {
  const ind = model.sheets.find((s) => s.name === SHEET_INDICATORS);
  const ent = model.sheets.find((s) => s.name === SHEET_ENTERPRISES);
  if (!ind || !ent) throw new Error('模板缺少“指标表”或“企业名录”工作表');
  const rowOfCode = new Map<string, number>();
  ind.rows.forEach((r, i) => {
    const v = r?.[0]?.value;
    if (i > HEADER_ROW && typeof v === 'string') rowOfCode.set(v, i);
  });
  const col = (k: IndicatorColumnKey) => INDICATOR_COLUMNS.findIndex((c) => c.key === k);
  for (const [code, fv] of Object.entries(sub.fields)) {
    const r = rowOfCode.get(code);
    if (r === undefined) throw new Error(`模板中没有指标 ${code}（模板类型不对？）`);
    const row = ind.rows[r]!;
    const put = (k: IndicatorColumnKey, v: number | string | null | undefined) => {
      if (v === null || v === undefined) return;
      const c = col(k);
      row[c] = { ...(row[c] ?? {}), value: v };
    };
    put('current', fv.current);
    put('previous', fv.previous);
    put('target', fv.target);
    put('note', fv.note);
  }
  const first = HEADER_ROW + 1;
  sub.enterprises.forEach((e, i) => {
    const r = first + i;
    while (ent.rows.length <= r) ent.rows.push(enterpriseInputRow());
    const row = (ent.rows[r] ??= enterpriseInputRow());
    ENTERPRISE_COLUMNS.forEach((c, ci) => {
      const v = enterpriseValue(e, c.key);
      if (v === null || v === undefined) return;
      row[ci] = { ...(row[ci] ?? {}), value: v };
    });
  });
  return model;
}

function enterpriseValue(e: EnterpriseRow, key: EnterpriseColumnKey): string | number | null {
  switch (key) {
    case 'uscc':
      return e.uscc;
    case 'name':
      return e.name;
    case 'township':
      return e.township;
    case 'park':
      return e.park;
    case 'revenue':
      return e.revenue;
    case 'rdFee':
      return e.rdFee;
    case 'rdExp':
      return e.rdExp;
    case 'rdFte':
      return e.rdFte;
    default:
      return flagText(e.flags[key.slice(5) as EnterpriseFlag]);
  }
}

/** A filled model for a submission (demo data, benchmarks, tests). */
export function buildSubmissionModel(
  sub: Pick<Submission, 'unit' | 'year' | 'period' | 'fields' | 'enterprises'>,
  opts: Pick<TemplateOptions, 'deadline' | 'enterpriseRows'> = {},
): WorkbookModel {
  const model = buildTemplateModel(sub.unit.kind, {
    unit: { code: sub.unit.code, name: sub.unit.name, parentCode: sub.unit.parentCode },
    year: sub.year,
    period: sub.period,
    deadline: opts.deadline,
    // A filled file needs no large blank tail; keep a few spare rows for corrections.
    enterpriseRows: opts.enterpriseRows ?? Math.max(20, sub.enterprises.length + 10),
  });
  return fillTemplateModel(model, sub);
}

/** Normalise a header or label for comparison: half-width, no spaces, no parenthesised unit, lower case. */
export function normaliseHeader(s: string): string {
  let t = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xff01 && c <= 0xff5e) t += String.fromCodePoint(c - 0xfee0);
    else t += ch;
  }
  return t
    .replace(/[\s\u3000\u00a0]+/g, '')
    .replace(/[(（][^()（）]*[)）]/g, '')
    .replace(/[：:*＊]/g, '')
    .toLowerCase();
}

/** The parenthesised unit in a header, e.g. '营业收入（元）' → '元'; null when none. */
export function headerUnit(s: string): string | null {
  const m = /[(（]\s*([^()（）]*?)\s*[)）]/.exec(s);
  return m ? m[1] : null;
}
