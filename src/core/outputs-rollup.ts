/**
 * The rollup workbook as a WorkbookModel (product.md §6): per level a 汇总表 with a row per
 * unit (townships/streets, then parks as 其中 memo rows) and the total row; totals and ratios
 * are live native formulas with the engine's values cached, so the file recalculates in
 * plain Excel, WPS and LibreOffice. A 企业名录 sheet holds the de-duplicated enterprises the
 * distinct counts are COUNTIFS over; 来源 lists the cells behind every total; 说明 the rules
 * and the findings. io renders it to .xlsx, the Excel adapter to live sheets.
 */
import {
  BASE_FIELDS,
  ENTERPRISE_FLAGS,
  catalogue,
  labelWithUnit,
  numberFormat,
  type BaseField,
  type CatalogueEntry,
  type DerivedIndicator,
  type EnterpriseFlag,
} from './catalogue.js';
import { formulaText } from './formulas.js';
import { NO_WORD, UNIT_KIND_ZH, YES_WORD, yesNoWord } from './vocabulary.js';
import { fitSheet, printSetup } from './layout.js';
import { rowByKey, tableColumns } from './table-columns.js';
import { buildRankingSheet, METHOD_ZH } from './outputs-ranking.js';
import { rankParks, type ParkRanking } from './ranking.js';
import { ROLLUP_INDICATORS } from './rollup.js';
import type { RollupResult, RollupRow } from './rollup-types.js';
import { a1, columnLetters, quoteSheetName, type CellModel, type CellStyle, type SheetModel, type WorkbookModel } from './sheet-model.js';
import { SEVERITY_ZH } from './types.js';
import { periodTextZh } from './period.js';
import { ROLE_ZH, unitStatusText, type Admission, type FigureMark } from './admit.js';
import type { FieldTotal, IndicatorValue, MissingPart } from './rollup-types.js';

export interface RollupWorkbookOptions {
  /** A label shown in every title, e.g. '示例数据'. */
  label?: string;
  /** The admission behind the results: every expected unit's status goes into 报送情况. */
  admission?: Pick<Admission, 'units' | 'files' | 'period' | 'periodSource'>;
  /** Data rows of 企业名录 per sheet before it continues on 企业名录(2)… (default: as many as Excel's last row allows). */
  enterpriseRowsPerSheet?: number;
}

/** Fills that mean something: a total that lacks units, a figure left out by an error, a figure kept with a warning. */
export const MARK_FILL = { incomplete: 'F8CBAD', leftOut: 'FF9999', warning: 'FFEB9C' } as const;

/** A cell comment naming the units a total lacks. */
export function missingComment(missing: readonly MissingPart[]): string {
  const parts = missing.map(
    (m) => `${m.unitName}（${m.reason}${m.roles.length === 1 ? `，${m.roles[0] === 'current' ? '本期数' : '上年同期数'}` : ''}）`,
  );
  return `合计不完整，不含：${parts.slice(0, 12).join('；')}${parts.length > 12 ? `；等 ${parts.length} 个单位` : ''}`;
}

/** A cell comment for marks on a unit's own figure. */
function marksComment(marks: readonly FigureMark[]): string {
  return marks
    .map((m) =>
      m.kind === 'left-out'
        ? `${ROLE_ZH[m.role]}有错误，未纳入合计：${m.message}`
        : m.kind === 'kept-despite-error'
          ? `${ROLE_ZH[m.role]}有错误，按 --allow-errors 纳入：${m.message}`
          : `警告（已纳入）：${m.message}`,
    )
    .join('\n');
}

/** The completeness of a cell: the fill and comment it gets (none when complete and unmarked). */
function markOf(
  t: FieldTotal | undefined,
  v: IndicatorValue | undefined,
  role: 'current' | 'previous' | 'target' | 'derived',
): { fill: string; comment: string } | null {
  const missing = v
    ? (v.missing ?? [])
    : (t?.missing ?? []).filter((m) => role !== 'target' && m.roles.includes(role as 'current' | 'previous'));
  if (missing.length > 0) return { fill: MARK_FILL.incomplete, comment: missingComment(missing) };
  const marks = role === 'derived' || !t ? [] : (t.marks ?? []).filter((m) => m.role === role);
  if (marks.length === 0) return null;
  return { fill: marks.some((m) => m.kind !== 'warning') ? MARK_FILL.leftOut : MARK_FILL.warning, comment: marksComment(marks) };
}

/** 单位类型 texts in column C of a 汇总表; `sti rank` reads the district rows by them. */
export const ROW_TYPE_ZH = {
  township: '乡镇(街道)',
  partitionPark: '园区(计入合计)',
  memoPark: '园区(其中项)',
  district: '区(县)',
  districtTotal: '区(县)合计',
  cityTotal: '市合计',
} as const;

/**
 * Where things are on a 汇总表 (0-based): the builder and every reader (sti rank, the pane, own-output
 * detection) use this one object. Header rows (block, label, codes), then one row per unit: its code,
 * name (a total's name ends in 合计, a memo park's starts with 其中：) and row type, then the value columns.
 */
export const ROLLUP_LAYOUT = {
  groupRow: 2,
  labelRow: 3,
  codeRow: 4,
  firstDataRow: 5,
  codeCol: 0,
  nameCol: 1,
  typeCol: 2,
  firstValueCol: 3,
  /** Headers of the unit columns (code, name, type). */
  unitHeaders: ['单位代码', '单位名称', '单位类型'],
  /** The codes row's text in the code column: how a reader knows the sheet. */
  codesLabel: '指标代码',
  rowTypes: ROW_TYPE_ZH,
  /** A total row's name is the unit's name and this. */
  totalSuffix: '合计',
  /** A memo (其中) park row's name is this and the park's name. */
  memoPrefix: '其中：',
} as const;

/** A unit's name from a 汇总表 row's name cell (without 合计 or 其中：). */
export const unitNameOfRow = (text: string): string =>
  text.replace(new RegExp(`${ROLLUP_LAYOUT.totalSuffix}$`), '').replace(new RegExp(`^${ROLLUP_LAYOUT.memoPrefix}`), '');

/** Column codes of the 上年同期数 and 全年目标 blocks. */
export const previousCode = (code: string): string => `${code}:上年`;
export const targetCode = (code: string): string => `${code}:目标`;

const HEADER: CellStyle = { bold: true, fill: 'DDEBF7', border: true, hAlign: 'center', vAlign: 'middle', wrap: true };
const CODE_STYLE: CellStyle = { color: '808080', fontSize: 8, hAlign: 'center' };
const TOTAL_FILL = 'FFF2CC';
const MEMO_STYLE: CellStyle = { italic: true, color: '595959' };

type Block = 'current' | 'previous' | 'target' | 'derived';
interface Column {
  block: Block;
  code: string;
  entry: CatalogueEntry;
}

export function sheetNamesFor(result: RollupResult, many: boolean): { summary: string } {
  if (!many) return { summary: '汇总表' };
  const short = result.unit.name.slice(0, 20).replace(/[[\]:*?/\\]/g, '_');
  return { summary: `汇总-${short}` };
}

function rowType(result: RollupResult, row: RollupRow): string {
  if (row.role === 'total') return result.level === 'city' ? ROW_TYPE_ZH.cityTotal : ROW_TYPE_ZH.districtTotal;
  if (row.unit.kind === 'district') return ROW_TYPE_ZH.district;
  if (row.unit.kind === 'park') return row.role === 'memo' ? ROW_TYPE_ZH.memoPark : ROW_TYPE_ZH.partitionPark;
  return ROW_TYPE_ZH.township;
}

function columnsFor(result: RollupResult): Column[] {
  const all = [...result.rows, result.total];
  const cols: Column[] = [];
  for (const f of BASE_FIELDS) cols.push({ block: 'current', code: f.code, entry: f });
  for (const f of BASE_FIELDS)
    if (all.some((r) => r.fields[f.code].previous !== null)) cols.push({ block: 'previous', code: previousCode(f.code), entry: f });
  for (const f of BASE_FIELDS)
    if (all.some((r) => r.fields[f.code].target !== null)) cols.push({ block: 'target', code: targetCode(f.code), entry: f });
  for (const d of ROLLUP_INDICATORS) {
    // Named indicators always; generated completion/growth only where some row has one.
    const named = d.kind !== 'completion' && d.kind !== 'growth' ? true : d.code === 'RD_GROWTH';
    if (named || all.some((r) => r.indicators[d.code].value !== null)) cols.push({ block: 'derived', code: d.code, entry: d });
  }
  return cols;
}

const BLOCK_ZH: Record<Block, string> = { current: '本期数', previous: '上年同期数', target: '全年目标', derived: '计算指标' };

/** A cell whose value is a number or null (blank). */
const num = (v: number | null, numFmt: string, extra: CellStyle = {}): CellModel =>
  v === null ? { style: { numFmt, ...extra } } : { value: v, style: { numFmt, ...extra } };

/**
 * The 汇总 sheet of one result and the 企业名录 its COUNTIFS read (named 企业-<单位> when `many`).
 * buildRollupWorkbook instead shares one 企业名录 among all its 汇总 sheets.
 */
export function buildRollupSheets(
  result: RollupResult,
  options: RollupWorkbookOptions & {
    many?: boolean;
    /** The shared 企业名录's sheets (buildRollupWorkbook); standalone sheets get their own. */
    enterpriseParts?: readonly EnterprisePart[];
    /** A district's rows in the shared 企业名录 (0-based index of its first firm, and how many): its COUNTIFS count only those. */
    enterpriseSpan?: EnterpriseSpan;
    sparse?: boolean;
    sheetName?: string;
    /** Inside buildRollupWorkbook: the workbook's shared 企业名录 is added there, not here. */
    sharedEnterpriseSheet?: boolean;
  } = {},
): SheetModel[] {
  const names = options.sheetName ? { summary: options.sheetName } : sheetNamesFor(result, Boolean(options.many));
  const L = ROLLUP_LAYOUT;
  const cols = columnsFor(result);
  const colIndex = new Map(cols.map((c, i) => [c.code, L.firstValueCol + i]));
  const partition = result.rows.filter((r) => r.role === 'partition');
  const memo = result.rows.filter((r) => r.role === 'memo');
  const dataRows: RollupRow[] = [...partition, ...memo, result.total];
  const rowIndex = (i: number) => L.firstDataRow + i;
  const p0 = L.firstDataRow;
  const p1 = L.firstDataRow + partition.length - 1;
  const totalRowIdx = rowIndex(dataRows.length - 1);
  const isAggregateRow = (r: RollupRow) => r.role === 'total' || result.level === 'city';
  // Large outputs: empty unit cells are not written and unit rows carry no borders (ExcelJS time and memory grow with styled cells).
  const sparse = options.sparse ?? dataRows.length > 60;

  // 企业名录 (distinct, one sheet for the workbook) layout for COUNTIFS.
  const E = ENTERPRISE_LAYOUT;
  // Standalone (e.g. the task pane writing one district's sheets): the sheet's own 企业名录 comes with it.
  const entSheetName = options.sharedEnterpriseSheet
    ? ENTERPRISE_SHEET
    : options.many
      ? `企业-${names.summary.replace(/^汇总-/, '')}`.slice(0, 31)
      : ENTERPRISE_SHEET;
  const entParts =
    options.sharedEnterpriseSheet && options.enterpriseParts
      ? options.enterpriseParts
      : enterpriseParts(entSheetName, result.distinctEnterprises, options.enterpriseRowsPerSheet);
  // One COUNTIFS per sheet of 企业名录 the level's rows are on, added (a city's list can outgrow one sheet).
  // A district counts over its own rows only (they are consecutive): opening a city workbook then
  // recalculates each firm once per count, not once per district and count.
  const entSpan =
    options.sharedEnterpriseSheet && options.enterpriseParts && result.level === 'district' ? options.enterpriseSpan : undefined;
  const countIfs = (criteria: (range: (col: number) => string) => string[]): string =>
    spanOnParts(entParts, entSpan)
      .map(({ sheet, first, last }) => {
        const range = (col: number) => `${quoteSheetName(sheet)}!$${columnLetters(col)}$${first}:$${columnLetters(col)}$${last}`;
        return `COUNTIFS(${criteria(range).join(',')})`;
      })
      .join('+');
  const levelCriterion = (range: (col: number) => string): string =>
    result.level === 'city' ? `${range(E.cityCol)},"${YES_WORD}"` : `${range(E.districtCol)},"${result.unit.code.replace(/"/g, '""')}"`;

  const periodZh = periodTextZh(result.period);
  const title = `${result.unit.name}${periodZh}科技指标汇总表${options.label ? `（${options.label}）` : ''}`;
  const width = L.firstValueCol + cols.length;
  const rows: (CellModel | null)[][] = [];
  rows[0] = [{ value: title, style: { bold: true, fontSize: 14 } }];
  rows[1] = [
    {
      value:
        '合计行为实时公式：加总类指标 = SUM(各乡镇/街道)；园区为“其中”项，不计入合计（登记为统计区的园区除外）；企业数按统一社会信用代码去重（COUNTIFS 企业名录）；比率 = 分子合计 ÷ 分母合计，不是各单位比率的平均；完成率以本级全年目标为分母。',
      style: { italic: true, color: '595959' },
    },
  ];
  const group: (CellModel | null)[] = [];
  const label: (CellModel | null)[] = [];
  const codes: (CellModel | null)[] = [null, null, null];
  const merges: string[] = [];
  [L.codeCol, L.nameCol, L.typeCol].forEach((c, i) => {
    group[c] = { value: L.unitHeaders[i], style: HEADER };
    label[c] = { style: HEADER };
    merges.push(`${a1(L.groupRow, c)}:${a1(L.labelRow, c)}`);
  });
  codes[L.codeCol] = { value: L.codesLabel, style: CODE_STYLE };
  let blockStart = 0;
  cols.forEach((c, i) => {
    const ci = L.firstValueCol + i;
    group[ci] = { value: i === blockStart ? BLOCK_ZH[c.block] : null, style: HEADER };
    label[ci] = { value: labelWithUnit(c.entry), style: HEADER };
    codes[ci] = { value: c.code, style: CODE_STYLE };
    const next = cols[i + 1];
    if (!next || next.block !== c.block) {
      if (ci > L.firstValueCol + blockStart) merges.push(`${a1(L.groupRow, L.firstValueCol + blockStart)}:${a1(L.groupRow, ci)}`);
      blockStart = i + 1;
    }
  });
  rows[L.groupRow] = group;
  rows[L.labelRow] = label;
  rows[L.codeRow] = codes;

  const cellOf = (code: string, r: number): string => a1(r, colIndex.get(code)!);
  dataRows.forEach((row, i) => {
    const r = rowIndex(i);
    const isTotal = row.role === 'total';
    const base: CellStyle = isTotal
      ? { bold: true, fill: TOTAL_FILL, border: true }
      : row.role === 'memo'
        ? { ...MEMO_STYLE, border: !sparse }
        : sparse
          ? {}
          : { border: true };
    const name = row.role === 'memo' ? `${L.memoPrefix}${row.unit.name}` : isTotal ? `${row.unit.name}${L.totalSuffix}` : row.unit.name;
    const out: (CellModel | null)[] = [];
    out[L.codeCol] = { value: row.unit.code, style: { ...base, numFmt: '@' } };
    out[L.nameCol] = { value: name, style: base };
    out[L.typeCol] = { value: rowType(result, row), style: base };
    for (const c of cols) {
      const ci = colIndex.get(c.code)!;
      const cell = cellFor(c, row, r, isTotal, isAggregateRow(row), base);
      const mark =
        c.block === 'derived'
          ? markOf(undefined, row.indicators[c.code], 'derived')
          : markOf(row.fields[(c.entry as BaseField).code], undefined, c.block);
      if (mark) {
        cell.style = { ...(cell.style ?? {}), fill: mark.fill };
        cell.comment = cell.comment ? `${mark.comment}\n${cell.comment}` : mark.comment;
      }
      // Large sheets skip styling empty unit cells (ExcelJS time grows with styled cells).
      out[ci] = sparse && !isTotal && cell.value === undefined && !cell.formula && !cell.comment ? null : cell;
    }
    rows[r] = out;
  });

  function cellFor(c: Column, row: RollupRow, r: number, isTotal: boolean, aggregate: boolean, base: CellStyle): CellModel {
    const fmt = numberFormat(c.entry);
    if (c.block !== 'derived') {
      const f = c.entry as BaseField;
      const t = row.fields[f.code];
      const value = c.block === 'current' ? t.current : c.block === 'previous' ? t.previous : t.target;
      if (!isTotal || value === null) {
        const cell = num(value, fmt, base);
        if (c.block === 'current' && t.source === 'enterprise-list' && t.entered !== undefined && t.entered !== t.current) {
          cell.comment = `按企业名录去重计数为${t.current}，该单位填报数为${t.entered ?? '空'}`;
        }
        return cell;
      }
      const colL = columnLetters(colIndex.get(c.code)!);
      const sumFormula = partition.length > 0 ? `SUM(${colL}${p0 + 1}:${colL}${p1 + 1})` : null;
      if (c.block === 'current') {
        if ((t.source === 'sum' || (t.source === 'none' && f.scope === 'all')) && sumFormula)
          return { value, formula: sumFormula, style: { ...base, numFmt: fmt } };
        if ((t.source === 'distinct-enterprises' || t.source === 'distinct-enterprises+entered') && f.fromEnterprises) {
          const rule = f.fromEnterprises;
          let formula = countIfs((range) => [
            levelCriterion(range),
            ...rule.all.map((fl) => `${range(E.flagCol(fl))},"${YES_WORD}"`),
            ...(rule.none ?? []).map((fl) => `${range(E.flagCol(fl))},"${NO_WORD}"`),
            ...(rule.minRevenue !== undefined ? [`${range(E.revenueCol)},">=${rule.minRevenue}"`] : []),
          ]);
          // Partition units without a list add their entered figure (for a city: the districts' entered parts).
          const extraCells = partition.flatMap((p, pi) => (p.fields[f.code].source === 'entered' ? [`${colL}${p0 + pi + 1}`] : []));
          if (result.level === 'district' && extraCells.length > 0) formula += `+${extraCells.join('+')}`;
          if (result.level === 'city' && t.source === 'distinct-enterprises+entered')
            return { value, style: { ...base, numFmt: fmt }, comment: '按企业名录去重计数，并加上未报名录单位的填报数' };
          return {
            value,
            formula,
            style: { ...base, numFmt: fmt },
            comment:
              '按统一社会信用代码在各乡镇（街道）名录中去重计数；园区是“其中”项，园区企业同时列于乡镇时只计一次，只列于园区名录的企业不计入',
          };
        }
        return { value, style: { ...base, numFmt: fmt }, comment: t.source === 'input' ? '本级填报数' : undefined };
      }
      if (c.block === 'previous') {
        if (t.previousSource === 'sum' && sumFormula) return { value, formula: sumFormula, style: { ...base, numFmt: fmt } };
        return { value, style: { ...base, numFmt: fmt }, comment: '本级填报的上年同期数' };
      }
      return { value, style: { ...base, numFmt: fmt }, comment: '本级全年目标（不是下级目标之和）' };
    }
    // Derived indicators: a native formula over this row's cells, cached with the engine value.
    const d = c.entry as DerivedIndicator;
    const v = row.indicators[d.code];
    if (d.rule === 'DISTRICT_ONLY' && !aggregate) return { style: { ...base, numFmt: fmt } };
    if (d.kind === 'pp' && catalogue.indicator(d.of!)!.rule === 'DISTRICT_ONLY' && !aggregate) return { style: { ...base, numFmt: fmt } };
    const formula = derivedFormula(d, r);
    const cached = v.value === null ? '' : v.value;
    if (!formula) return num(v.value, fmt, base);
    return { value: cached, formula, style: { ...base, numFmt: fmt } };
  }

  function ref(code: string, r: number): string | null {
    return colIndex.has(code) ? cellOf(code, r) : null;
  }

  /** A derived indicator's formula text over this row's cells, from the catalogue's formula (formulas.ts). */
  function derivedFormula(d: DerivedIndicator, r: number): string | null {
    if (!d.formula) return null;
    return formulaText(d.formula, (op) =>
      ref(op.role === 'previous' ? previousCode(op.field) : op.role === 'target' ? targetCode(op.field) : op.field, r),
    );
  }

  const fitted = fitSheet({
    name: names.summary,
    rows,
    columnWidths: [10, 22, 13, ...cols.map((c) => (c.block === 'derived' ? 14 : 12))],
    freeze: { rows: L.firstDataRow, cols: L.firstValueCol },
    merges: [`A1:${columnLetters(Math.min(width - 1, 12))}1`, `A2:${columnLetters(Math.min(width - 1, 12))}2`, ...merges],
    // The codes row is for readers (sti rank, the pane): hidden on screen and in print.
    hiddenRows: [L.codeRow],
  });
  // Printed: the unit columns on every page (and the header rows when it runs past one page down), fitted to as few pages wide as stay readable.
  const summary: SheetModel = {
    ...fitted,
    print: printSetup(fitted, {
      title,
      label: options.label,
      titleRowsIfTall: [L.groupRow, L.codeRow],
      titleColumns: [0, L.firstValueCol - 1],
    }),
  };
  void totalRowIdx;

  if (options.sharedEnterpriseSheet) return [summary];
  return [summary, ...buildEnterpriseSheets([result], { ...options, parts: entParts })];
}

export const ENTERPRISE_SHEET = '企业名录';
/** 0-based columns of 企业名录: readers and COUNTIFS rely on them. */
export const ENTERPRISE_LAYOUT = {
  headerRow: 2,
  firstDataRow: 3,
  flagCol: (flag: EnterpriseFlag): number => 4 + ENTERPRISE_FLAGS.findIndex((f) => f.flag === flag),
  revenueCol: 4 + ENTERPRISE_FLAGS.length,
  districtCol: 5 + ENTERPRISE_FLAGS.length,
  cityCol: 6 + ENTERPRISE_FLAGS.length,
} as const;

/** Excel's last row: no sheet may have more (a 企业名录 longer than that continues on another sheet). */
export const EXCEL_MAX_ROWS = 1_048_576;

const ENTERPRISE_SHEET_NAME = new RegExp(`^${ENTERPRISE_SHEET}(\\(\\d+\\))?$`);

/** Is this sheet 企业名录 or one of its continuations (企业名录(2)…, enterpriseParts)? */
export function isEnterpriseSheetName(name: string): boolean {
  return ENTERPRISE_SHEET_NAME.test(name);
}

/**
 * The bulk sheets of a rollup workbook (企业名录 and its continuations, 来源): readers that want the
 * totals (sti rank, sti report) skip them, so a city of tens of thousands of units stays readable.
 */
export function isBulkRollupSheet(name: string): boolean {
  return name === PROVENANCE_SHEET || isEnterpriseSheetName(name);
}

/** One sheet of 企业名录: its name and how many data rows it holds, in list order. */
export interface EnterprisePart {
  sheet: string;
  count: number;
}

/**
 * The sheets 企业名录 takes: `name`, then `name(2)`, `name(3)`… when its rows outgrow one sheet
 * (Excel refuses a workbook with a row past its last, and the list of a whole province can have
 * millions of firms). The 汇总 sheets' COUNTIFS, the sheets and the writer all follow this one plan.
 */
export function enterpriseParts(name: string, rows: number, perSheet = EXCEL_MAX_ROWS - ENTERPRISE_LAYOUT.firstDataRow): EnterprisePart[] {
  if (!(perSheet >= 1)) throw new Error(`企业名录每个工作表的行数必须至少为 1：${perSheet}`);
  const parts: EnterprisePart[] = [];
  for (let k = 1, left = rows; k === 1 || left > 0; k++, left -= perSheet) {
    const suffix = k === 1 ? '' : `(${k})`;
    parts.push({ sheet: name.slice(0, 31 - suffix.length) + suffix, count: Math.max(0, Math.min(perSheet, left)) });
  }
  return parts;
}

/** A run of rows of 企业名录: index of the first (0-based, over all its sheets) and how many. */
export interface EnterpriseSpan {
  start: number;
  count: number;
}

/**
 * The 1-based sheet rows a span of 企业名录 covers on each of its sheets (the whole list without a
 * span). An empty span names one row: a COUNTIFS needs a range, and its district criterion counts
 * nothing there.
 */
export function spanOnParts(parts: readonly EnterprisePart[], span?: EnterpriseSpan): { sheet: string; first: number; last: number }[] {
  const header = ENTERPRISE_LAYOUT.firstDataRow;
  const total = parts.reduce((a, p) => a + p.count, 0);
  const from = span ? span.start : 0;
  const to = span ? span.start + span.count : total;
  const out: { sheet: string; first: number; last: number }[] = [];
  let before = 0;
  for (const p of parts) {
    const lo = Math.max(from, before);
    const hi = Math.min(to, before + p.count);
    if (hi > lo) out.push({ sheet: p.sheet, first: header + 1 + lo - before, last: header + hi - before });
    before += p.count;
  }
  // Nothing to count: the list's first data row (its district criterion counts nothing there).
  return out.length > 0 ? out : [{ sheet: parts[0].sheet, first: header + 1, last: header + 1 }];
}

/**
 * 企业名录: every district's distinct enterprises (one row per district and USCC), with the
 * district code (its COUNTIFS criterion) and 计入全市 = 是 on a firm's first district only
 * (the city's criterion), so a firm listed in two districts counts once for the city.
 * Rows carry no styles: the sheet can hold hundreds of thousands of firms; past Excel's last
 * row the list continues on 企业名录(2)… (enterpriseParts), each with the same header.
 */
export function buildEnterpriseSheets(
  results: readonly RollupResult[],
  options: RollupWorkbookOptions & { withRows?: boolean; parts?: readonly EnterprisePart[] } = {},
): SheetModel[] {
  const districts = results.filter((r) => r.level === 'district');
  const total = districts.reduce((a, r) => a + r.enterprises.length, 0);
  const parts = options.parts ?? enterpriseParts(ENTERPRISE_SHEET, total, options.enterpriseRowsPerSheet);
  const values = options.withRows !== false ? enterpriseRowValues(results)[Symbol.iterator]() : null;
  let done = 0;
  return parts.map((part, k) => {
    const rows: (CellModel | null)[][] = [];
    rows[0] = [
      {
        value: `企业名录（按统一社会信用代码去重）${parts.length > 1 ? `（第 ${k + 1} 部分，共 ${parts.length} 部分）` : ''}${options.label ? `（${options.label}）` : ''}`,
        style: { bold: true, fontSize: 12 },
      },
    ];
    const span = parts.length > 1 ? `本表为第 ${done + 1}–${done + part.count} 行，` : '';
    rows[1] = [
      {
        value: `共${total}行；${span}各汇总表中企业数类指标的合计为${parts.length > 1 ? '企业名录各部分 COUNTIFS 计数之和' : '本表的 COUNTIFS 计数'}（按“汇总区”筛选；全市按“计入全市”筛选）。园区与所在乡镇（街道）重复列出的企业只计一次。`,
        style: { italic: true, color: '595959' },
      },
    ];
    done += part.count;
    rows[ENTERPRISE_LAYOUT.headerRow] = [
      '统一社会信用代码',
      '企业名称',
      '所属乡镇(街道)',
      '所属园区',
      ...ENTERPRISE_FLAGS.map((f) => f.nameZh),
      '营业收入(万元)',
      '汇总区代码',
      '计入全市',
      '列于名录的单位',
      '来源文件',
      '工作表',
      '单元格',
      '列出次数',
    ].map((v) => ({ value: v, style: HEADER }));
    if (values)
      for (let i = 0; i < part.count; i++) {
        const next = values.next();
        if (next.done) break;
        rows.push(next.value.map((value) => ({ value })));
      }
    // Rows are streamed after the model (hundreds of thousands): the widths stay as given, the header gets its lines.
    const widths = [22, 34, 14, 20, ...ENTERPRISE_FLAGS.map(() => 10), 14, 10, 8, 18, 30, 10, 8, 8];
    const sheet = fitSheet(
      { name: part.sheet, rows, columnWidths: widths, freeze: { rows: 3, cols: 2 } },
      { keep: widths.map((_, i) => i) },
    );
    return {
      ...sheet,
      print: printSetup(sheet, {
        title: `${part.sheet}${options.label ? `（${options.label}）` : ''}`,
        label: options.label,
        titleRows: [2, 2],
        titleColumns: [0, 1],
      }),
    };
  });
}

/** Columns of 企业名录 whose text is the same on many rows (written once, as shared strings); the others are each firm's own. */
export const ENTERPRISE_OWN_TEXT_COLUMNS: readonly number[] = [0, 1];

/** The data rows of 企业名录 as plain values, in sheet order (a generator: the file writer streams them). */
export function* enterpriseRowValues(results: readonly RollupResult[]): Generator<(string | number | null)[]> {
  const seen = new Set<string>();
  for (const r of results) {
    if (r.level !== 'district') continue;
    for (const e of r.enterprises) {
      const first = e.listings[0];
      const before = seen.size;
      seen.add(e.uscc);
      // Built by pushes (a row per firm of a whole city: no spread of a mapped array per row).
      const row: (string | number | null)[] = [e.uscc, e.name, e.township, e.park];
      for (const f of ENTERPRISE_FLAGS) row.push(yesNoWord(e.flags[f.flag]));
      row.push(
        e.revenue,
        r.unit.code,
        yesNoWord(seen.size > before),
        e.listings.length === 1 ? e.listings[0].unitCode : e.listings.map((l) => l.unitCode).join('、'),
        first?.file ?? '',
        first?.sheet ?? '',
        first?.cell ?? '',
        e.listings.length,
      );
      yield row;
    }
  }
}

export const PROVENANCE_SHEET = '来源';
/**
 * The two tables of 来源: how each total was obtained, then each unit's cells (one column per base
 * field, by its code, after the fixed columns). The builder and the .xlsx writer (which streams the
 * second table's rows of a big rollup) find them by these.
 */
export const PROVENANCE_LAYOUT = {
  totals: tableColumns([
    ['unitName', '汇总单位'],
    ['code', '指标代码'],
    ['name', '指标名称'],
    ['source', '取数方式'],
    ['value', '合计值'],
    ['units', '纳入单位数'],
    ['lacking', '不含的单位（原因）'],
  ]),
  cells: tableColumns([
    ['parentName', '汇总单位'],
    ['unitCode', '单位代码'],
    ['unitName', '单位名称'],
    ['file', '来源文件'],
    ['sheet', '工作表'],
  ]),
} as const;

const SOURCE_ZH: Record<string, string> = {
  entered: '单位填报',
  'enterprise-list': '企业名录去重',
  sum: '各乡镇（街道）相加',
  'distinct-enterprises': '各乡镇（街道）名录按代码去重',
  'distinct-enterprises+entered': '名录去重＋未报名录单位填报数',
  input: '本级填报（区报数）',
  none: '无数据',
};

/**
 * 来源: how each total was obtained (per level and field), then, per unit submission, the cell
 * of every figure it contributed (本期数｜上年同期数｜全年目标). One row per submission keeps
 * the sheet small for thousands of files; the city level points at the district sheets.
 */
export function buildProvenanceSheet(results: readonly RollupResult[], options: RollupWorkbookOptions = {}): SheetModel {
  const rows: (CellModel | null)[][] = [];
  const head = (values: readonly string[]) => rows.push(values.map((v) => ({ value: v, style: HEADER })));
  rows.push([{ value: `汇总数据来源${options.label ? `（${options.label}）` : ''}`, style: { bold: true, fontSize: 12 } }]);
  rows.push([{ value: '一、各合计数的取数方式（企业数的构成见“企业名录”工作表）', style: { bold: true } }]);
  const { totals: T, cells: C } = PROVENANCE_LAYOUT;
  head(T.header);
  for (const res of results) {
    for (const f of BASE_FIELDS) {
      const t = res.total.fields[f.code];
      const contributing = new Set(t.refs.filter((r) => r.role === 'current').map((r) => r.unitCode)).size;
      rows.push(
        rowByKey(T, {
          unitName: { value: res.unit.name },
          code: { value: f.code },
          name: { value: f.nameZh },
          source: { value: SOURCE_ZH[t.source] + (t.enterpriseCount !== undefined ? `（${t.enterpriseCount}家）` : '') },
          value: num(t.current, numberFormat(f)),
          ...(t.source === 'sum' ? { units: { value: contributing } } : {}),
          lacking: { value: (t.missing ?? []).map((m) => `${m.unitName}（${m.reason}）`).join('、') },
        }),
      );
    }
  }
  rows.push([]);
  rows.push([{ value: '二、各单位报表中每个数所在的单元格（本期数｜上年同期数｜全年目标）', style: { bold: true } }]);
  head([...C.header, ...BASE_FIELDS.map((f) => f.code)]);
  for (const res of results) {
    if (res.level === 'city') {
      for (const r of res.rows)
        rows.push(
          rowByKey(C, {
            parentName: { value: res.unit.name },
            unitCode: { value: r.unit.code, style: { numFmt: '@' } },
            unitName: { value: r.unit.name },
            file: { value: `见“${r.unit.name}”汇总` },
          }).slice(0, C.col.file + 1),
        );
      continue;
    }
    const units: { code: string; name: string; fields: RollupRow['fields'] }[] = [
      ...res.rows.filter((r) => r.status === 'included').map((r) => ({ code: r.unit.code, name: r.unit.name, fields: r.fields })),
      { code: res.unit.code, name: `${res.unit.name}（本级）`, fields: res.total.fields },
    ];
    for (const u of units) {
      const refs = BASE_FIELDS.flatMap((f) => u.fields[f.code].refs.filter((x) => x.unitCode === u.code));
      if (refs.length === 0) continue;
      rows.push([
        ...rowByKey(C, {
          parentName: { value: res.unit.name },
          unitCode: { value: u.code, style: { numFmt: '@' } },
          unitName: { value: u.name },
          file: { value: refs[0].file },
          sheet: { value: refs[0].sheet },
        }),
        ...BASE_FIELDS.map((f) => {
          const own = u.fields[f.code].refs.filter((x) => x.unitCode === u.code);
          const cells = (['current', 'previous', 'target'] as const).map((role) => own.find((x) => x.role === role)?.cell ?? '');
          return cells.some(Boolean) ? { value: cells.join('｜').replace(/｜+$/, '') } : null;
        }),
      ]);
    }
  }
  for (const row of rows) {
    const lacks = row?.[T.col.lacking];
    if (lacks && lacks.style !== HEADER && typeof lacks.value === 'string') lacks.style = { wrap: true, vAlign: 'top' };
  }
  const sheet = fitSheet({ name: PROVENANCE_SHEET, rows, freeze: { rows: 0, cols: 0 } }, { wrapWidths: { [T.col.lacking]: 50 } });
  return {
    ...sheet,
    print: printSetup(sheet, { title: `汇总数据来源${options.label ? `（${options.label}）` : ''}`, label: options.label }),
  };
}

export const COMPLETENESS_SHEET = '报送情况';
/** Header texts of 报送情况's two tables; `sti rank` finds the second by its first header and reads it. */
export const COMPLETENESS_LAYOUT = {
  units: tableColumns([
    ['code', '单位代码'],
    ['name', '单位名称'],
    ['kind', '单位类型'],
    ['parentCode', '上级单位代码'],
    ['status', '状态'],
    ['reason', '原因'],
    ['files', '文件'],
  ]),
  totals: tableColumns([
    ['unitCode', '汇总单位代码'],
    ['unitName', '汇总单位'],
    ['code', '指标代码'],
    ['name', '指标名称'],
    ['lacking', '不含的单位'],
    ['reason', '原因'],
  ]),
} as const;

/**
 * 报送情况: every expected unit's status (已纳入 / 已报送但未纳入（原因） / 未报送) and every total
 * (field or indicator, at each level) that lacks a unit or a figure, with the units and reasons.
 * `sti rank` reads the second table to mark ranked values that rest on incomplete totals.
 */
export function buildCompletenessSheet(results: readonly RollupResult[], options: RollupWorkbookOptions = {}): SheetModel {
  const rows: (CellModel | null)[][] = [];
  const head = (values: readonly string[]) => rows.push(values.map((v) => ({ value: v, style: HEADER })));
  rows.push([{ value: `报送情况与合计完整性${options.label ? `（${options.label}）` : ''}`, style: { bold: true, fontSize: 12 } }]);
  const units =
    options.admission?.units ??
    results
      .filter((r) => r.level === 'district')
      .flatMap((r) =>
        r.rows.map((x) => ({
          code: x.unit.code,
          name: x.unit.name,
          kind: x.unit.kind,
          parentCode: x.unit.parentCode,
          status: x.status === 'rolled-up' ? ('included' as const) : x.status,
          reason: x.statusReason,
          files: x.files,
        })),
      );
  const n = (st: string) => units.filter((u) => u.status === st).length;
  rows.push([
    {
      value: `一、各单位报送情况：应报 ${units.length} 个，已纳入 ${n('included')}，已报送但未纳入 ${n('left-out')}，未报送 ${n('missing')}`,
      style: { bold: true },
    },
  ]);
  head(COMPLETENESS_LAYOUT.units.header);
  const order = { 'left-out': 0, missing: 1, included: 2 } as const;
  for (const u of [...units].sort((a, b) => order[a.status] - order[b.status])) {
    const fill = u.status === 'included' ? undefined : u.status === 'left-out' ? MARK_FILL.leftOut : MARK_FILL.incomplete;
    rows.push(
      rowByKey(COMPLETENESS_LAYOUT.units, {
        code: { value: u.code, style: { numFmt: '@' } },
        name: { value: u.name },
        kind: { value: UNIT_KIND_ZH[u.kind] ?? u.kind },
        parentCode: { value: u.parentCode ?? '', style: { numFmt: '@' } },
        status: { value: unitStatusText(u.status, null), style: fill ? { fill } : undefined },
        reason: { value: u.reason ?? '' },
        files: { value: u.files.join('、') },
      }),
    );
  }
  rows.push([]);
  const incomplete: (CellModel | null)[][] = [];
  for (const r of results) {
    const add = (code: string, missing: readonly MissingPart[] | undefined) => {
      if (!missing?.length) return;
      incomplete.push(
        rowByKey(COMPLETENESS_LAYOUT.totals, {
          unitCode: { value: r.unit.code, style: { numFmt: '@' } },
          unitName: { value: r.unit.name },
          code: { value: code },
          name: {
            value:
              catalogue.get(code)?.nameZh ??
              (code.endsWith(':上年') ? `${catalogue.get(code.slice(0, -3))?.nameZh ?? code}（上年同期数）` : code),
          },
          lacking: { value: missing.map((m) => m.unitName).join('、') },
          reason: { value: missing.map((m) => `${m.unitName}：${m.reason}`).join('；') },
        }),
      );
    };
    // A field's 本期数 and 上年同期数 are separate columns (and codes): each row says which one lacks what.
    for (const f of BASE_FIELDS) {
      const missing = r.total.fields[f.code].missing ?? [];
      add(
        f.code,
        missing.filter((m) => m.roles.includes('current')),
      );
      add(
        previousCode(f.code),
        missing.filter((m) => m.roles.includes('previous')),
      );
    }
    for (const d of ROLLUP_INDICATORS) add(d.code, r.total.indicators[d.code]?.missing);
  }
  rows.push([
    {
      value:
        incomplete.length === 0
          ? '二、不完整的合计：无（每个合计都包含全部应报单位的数）'
          : `二、不完整的合计（${incomplete.length} 项）：这些合计不含下列单位或数，使用和排名时请注意`,
      style: { bold: true },
    },
  ]);
  head(COMPLETENESS_LAYOUT.totals.header);
  rows.push(...incomplete);
  // Printed as a list a bureau files with its rollup: reasons, files and unit lists wrapped at a readable width.
  for (const row of rows) {
    for (const k of [4, 5, 6]) {
      const cell = row?.[k];
      if (cell && !cell.style?.bold && cell.style !== HEADER) cell.style = { ...(cell.style ?? {}), wrap: true, vAlign: 'top' };
    }
  }
  const title = `报送情况与合计完整性${options.label ? `（${options.label}）` : ''}`;
  const sheet = fitSheet({ name: COMPLETENESS_SHEET, rows, freeze: { rows: 0, cols: 0 } }, { wrapWidths: { 4: 30, 5: 50, 6: 36 } });
  return { ...sheet, print: printSetup(sheet, { title, label: options.label }) };
}

export const NOTES_SHEET = '说明';
/** Where 说明 holds the report period (`sti rank` reads it to check the period of a rollup workbook). */
export const NOTES_LAYOUT = { periodRow: 1, keyCol: 0, valueCol: 1, periodKey: '报告期' } as const;

/** 说明: what the workbook is, the rules, and every finding of the rollup. */
export function buildNotesSheet(
  results: readonly RollupResult[],
  options: RollupWorkbookOptions & { extraFindings?: RollupResult['findings'] } = {},
): SheetModel {
  const rows: (CellModel | null)[][] = [];
  const line = (text: string, style?: CellStyle) => rows.push([{ value: text, style }]);
  line(`说明${options.label ? `（${options.label}：本工作簿中的数字为合成的示例数据，不代表任何真实地区）` : ''}`, {
    bold: true,
    fontSize: 12,
  });
  const N = NOTES_LAYOUT;
  rows[N.periodRow] = [];
  rows[N.periodRow][N.keyCol] = { value: N.periodKey };
  rows[N.periodRow][N.valueCol] = { value: results.find((r) => r.period)?.period ?? '', style: { numFmt: '@' } };
  line('本工作簿由 STI Rollup 科技指标汇总助手生成，不含自定义函数，可在 Excel、WPS、LibreOffice 中打开并重新计算。');
  line(
    `1. 乡镇（街道）为合计的完整划分；园区为“其中”项，只列示${rankParks(results).length > 0 ? '并在园区之间排名（见“园区排名”）' : ''}，不计入合计（名录登记为统计区的园区除外）。`,
  );
  line('2. 加总类指标的合计为 SUM 公式；比率类指标 = 分子合计 ÷ 分母合计，不取各单位比率的平均数。');
  line(
    '3. 企业数类指标按统一社会信用代码在各乡镇（街道）名录中去重：同一企业列于两个乡镇或同时列于园区时只计一次；只列于园区名录的企业不计入合计；未提交企业名录的单位采用其填报数。',
  );
  line('4. 完成率 = 本级实际 ÷ 本级全年目标（本级目标为填报数，不是下级目标之和）；增速、提高百分点按本级本年与上年同期的合计重新计算。');
  line('5. 研发投入强度等以地区生产总值、就业人员、财政支出为分母的指标只在区（市）级计算；本级未填报分母时该指标空缺，不按零处理。');
  line('6. 每个合计数的来源单元格见“来源”工作表；各单位报送情况（已纳入、已报送但未纳入、未报送）和不完整的合计见“报送情况”工作表。');
  line(
    `7. 底色：橙色为不完整的合计（批注列出不含的单位及原因）；红色为有错误未纳入合计的数；黄色为有警告、已纳入的数。报告期 ${options.admission?.period ?? results.find((r) => r.period)?.period ?? ''}${options.admission?.periodSource === 'asked' ? '（按 --period 指定）' : options.admission?.periodSource === 'majority' ? '（多数文件的报告期）' : ''}。`,
  );
  rows.push([]);
  const findings = [...(options.extraFindings ?? []), ...results.flatMap((r) => r.findings)];
  line(`汇总中发现的问题（${findings.length}条）`, { bold: true });
  const headerRow = rows.length;
  rows.push(['级别', '代码', '说明', '文件', '工作表', '单元格', '所见值', '应为'].map((v) => ({ value: v, style: HEADER })));
  const seen = new Set<string>();
  for (const f of findings) {
    const k = `${f.code}|${f.file}|${f.cell}|${f.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    rows.push([
      { value: SEVERITY_ZH[f.severity] },
      { value: f.code },
      { value: f.message },
      { value: f.file },
      { value: f.sheet ?? '' },
      { value: f.cell ?? '' },
      { value: f.value ?? '', style: { numFmt: '@' } },
      { value: f.expected ?? '' },
    ]);
  }
  // Messages and what is expected wrap at a readable width; the rule lines above the table run on to the right.
  for (const row of rows.slice(headerRow + 1)) {
    for (const k of [2, 3, 7]) {
      const cell = row?.[k];
      if (cell && typeof cell.value === 'string') cell.style = { ...(cell.style ?? {}), wrap: true, vAlign: 'top' };
    }
  }
  const sheet = fitSheet({ name: NOTES_SHEET, rows }, { wrapWidths: { 2: 70, 3: 36, 7: 30 } });
  return { ...sheet, print: printSetup(sheet, { title: '说明', label: options.label, titleRows: [headerRow, headerRow] }) };
}

export const PARK_RANKING_SHEET = '园区排名';

/**
 * 园区排名: the 其中 parks ranked among parks (product.md §5) — each park's value and rank per
 * park indicator, ranks as live RANK.EQ formulas with the engine's ranks cached. A city
 * workbook ranks all its districts' parks together (with each park's district).
 */
export function buildParkRankingSheet(ranking: ParkRanking, options: RollupWorkbookOptions & { name?: string } = {}): SheetModel {
  const labelSuffix = options.label ? `（${options.label}）` : '';
  const periodZh = periodTextZh(ranking.period);
  const city = ranking.scope === 'city';
  return buildRankingSheet(ranking.table, {
    name: options.name ?? PARK_RANKING_SHEET,
    parentName: ranking.unit.name,
    label: options.label,
    title: `${ranking.unit.name}${periodZh}${city ? '全市' : ''}园区科技创新指标排名${labelSuffix}`,
    subtitle: `园区为“其中”项：只列示、在园区之间排名，不计入${city ? '各区和全市' : '区（县）'}合计。${
      city ? '全市各区（县）的园区一起排名。' : ''
    }数值为各园区报表的本期数及据此计算的指标（与汇总表“其中”行相同）。排名方法：${METHOD_ZH[ranking.table.settings.method]}，按全精度数值排名；越大越好的指标从大到小排。`,
    unitHeaders: ['园区代码', '园区名称'],
    extraColumns: city ? [{ header: '所属区(县)', values: ranking.districts.map((d) => d.unitName) }] : [],
    notes: ['1. 位次为 RANK.EQ 公式，与本工具计算结果一致。', '2. 无数值的园区不参与该指标排名；未报送的园区不列入排名。'],
  });
}

/** The whole rollup workbook: for one district, or several districts and the city. */
export function buildRollupWorkbook(
  results: readonly RollupResult[],
  options: RollupWorkbookOptions & {
    extraFindings?: RollupResult['findings'];
    /** false: 企业名录 gets its header only (the .xlsx writer streams the rows from enterpriseRowValues). */
    enterpriseRowsInModel?: boolean;
  } = {},
): WorkbookModel {
  const many = results.length > 1;
  const sheets: SheetModel[] = [];
  // The city sheet first when present, then each district.
  const ordered = [...results].sort((a, b) => (a.level === b.level ? 0 : a.level === 'city' ? -1 : 1));
  const enterpriseRows = ordered.filter((r) => r.level === 'district').reduce((a, r) => a + r.enterprises.length, 0);
  const entParts = enterpriseParts(ENTERPRISE_SHEET, enterpriseRows, options.enterpriseRowsPerSheet);
  const unitRows = ordered.reduce((a, r) => a + r.rows.length + 1, 0);
  const sparse = unitRows > 400 ? true : undefined;
  // Sheet names must be unique (case-insensitively): two districts of one name get their codes appended.
  const used = new Set<string>([...entParts.map((p) => p.sheet.toLowerCase()), PROVENANCE_SHEET, NOTES_SHEET, COMPLETENESS_SHEET]);
  // Each district's rows in 企业名录, in the order enterpriseRowValues writes them (districts in order).
  let firmsBefore = 0;
  const spans = new Map<RollupResult, EnterpriseSpan>();
  for (const r of ordered)
    if (r.level === 'district') {
      spans.set(r, { start: firmsBefore, count: r.enterprises.length });
      firmsBefore += r.enterprises.length;
    }
  for (const r of ordered) {
    let name = sheetNamesFor(r, many).summary;
    if (used.has(name.toLowerCase())) name = `${name.slice(0, 31 - r.unit.code.length - 1)}_${r.unit.code}`.slice(0, 31);
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${name.slice(0, 27)}_${k}`;
    used.add(name.toLowerCase());
    sheets.push(
      ...buildRollupSheets(r, {
        ...options,
        many,
        enterpriseParts: entParts,
        enterpriseSpan: spans.get(r),
        sparse,
        sheetName: name,
        sharedEnterpriseSheet: true,
      }),
    );
  }
  for (const ranking of rankParks(ordered)) {
    let name = PARK_RANKING_SHEET;
    if (used.has(name.toLowerCase())) name = `${name}-${ranking.unit.name}`.slice(0, 31).replace(/[[\]:*?/\\]/g, '_');
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${name.slice(0, 27)}_${k}`;
    used.add(name.toLowerCase());
    sheets.push(buildParkRankingSheet(ranking, { ...options, name }));
  }
  sheets.push(buildCompletenessSheet(ordered, options));
  sheets.push(...buildEnterpriseSheets(ordered, { ...options, parts: entParts, withRows: options.enterpriseRowsInModel !== false }));
  sheets.push(buildProvenanceSheet(ordered, options));
  sheets.push(buildNotesSheet(ordered, options));
  return { sheets, properties: { title: `科技指标汇总表${options.label ? `（${options.label}）` : ''}`, creator: 'STI Rollup' } };
}
