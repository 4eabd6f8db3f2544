/**
 * Reading a submission by labels (product.md §4): sheets by name, header rows by their
 * texts, 指标表 rows by 指标代码, _meta by keys. Inserted or re-ordered rows and columns read
 * right; anything in the input areas that is not understood becomes a finding.
 */
import { BASE_FIELDS, ENTERPRISE_FLAGS, catalogue, type BaseField, type EnterpriseFlag } from './catalogue.js';
import { IndicatorError } from './errors.js';
import { RowsSheetGrid, cellText, mergeAt, mergeRange, type GridCell, type GridMerge, type SheetGrid, type WorkbookGrid } from './grid.js';
import { detectOwnOutput, ownOutputSkipped } from './own-output.js';
import { parseNumber, toHalfWidth } from './parse.js';
import { a1, columnLetters } from './sheet-model.js';
import {
  ENTERPRISE_COLUMNS,
  INDICATOR_COLUMNS,
  META_KEYS,
  SHEET_ENTERPRISES,
  SHEET_GUIDE,
  SHEET_INDICATORS,
  SHEET_META,
  TEMPLATE_SHEETS,
  headerUnit,
  normaliseHeader,
  templateFields,
  type ColumnDef,
  type EnterpriseColumnKey,
  type IndicatorColumnKey,
  type MetaKey,
} from './template-schema.js';
import type { CellRef, EnterpriseRow, FieldValue, Finding, Submission, UnitKind } from './types.js';
import { finding, type FindingCode } from './validate-codes.js';
import { normalizeUscc } from './uscc.js';
import { YES_NO_EXPECTED, unitKindFromText, yesNoFromText } from './vocabulary.js';

export interface ReadSubmissionResult {
  /**
   * The submission as read; null only when the workbook is not a submission at all (no
   * 指标表 and no 企业名录 found). Findings with severity 'error' mean it must not be rolled up.
   */
  submission: Submission | null;
  findings: Finding[];
}

const HEADER_SCAN_ROWS = 40;

interface Ctx {
  file: string;
  findings: Finding[];
}

function add(ctx: Ctx, code: FindingCode, message: string, at: { sheet?: string; cell?: string; value?: string; expected?: string } = {}) {
  ctx.findings.push(finding(code, message, { file: ctx.file, ...at }));
}

/**
 * Columns of the cells a row holds. Rows are sparse arrays, so this costs the row's cells,
 * not the sheet's width: one stray cell in column XFD must not make every row 16,384 steps.
 */
function rowColumns(sheet: SheetGrid, r: number): number[] {
  const out: number[] = [];
  if (sheet instanceof RowsSheetGrid) {
    sheet.rows[r]?.forEach((_cell, c) => out.push(c));
    return out;
  }
  for (let c = 0; c <= sheet.maxCol; c++) if (sheet.cell(r, c)) out.push(c);
  return out;
}

const isBlank = (c: GridCell | undefined): boolean =>
  !c || (!c.error && (c.value === null || (typeof c.value === 'string' && c.value.trim() === '')));

/** Column index → key, from a header row. */
interface HeaderMap<K extends string> {
  row: number;
  cols: Map<K, number>;
  /** Columns with a header text that matched nothing. */
  unknown: number[];
}

const headerLookups = new WeakMap<readonly ColumnDef<string>[], Map<string, ColumnDef<string>>>();

/** Normalised header text → its column (canonical headers win over aliases). */
function headerLookup<K extends string>(defs: readonly ColumnDef<K>[]): Map<string, ColumnDef<K>> {
  let m = headerLookups.get(defs) as Map<string, ColumnDef<K>> | undefined;
  if (!m) {
    m = new Map();
    for (const d of defs) m.set(normaliseHeader(d.header), d);
    for (const d of defs) for (const a of d.aliases) if (!m.has(normaliseHeader(a))) m.set(normaliseHeader(a), d);
    headerLookups.set(defs, m as Map<string, ColumnDef<string>>);
  }
  return m;
}

function matchHeader<K extends string>(text: string, defs: readonly ColumnDef<K>[]): ColumnDef<K> | undefined {
  if (text.length > 40) return undefined; // titles and notes, not headers
  const n = normaliseHeader(text);
  return n ? headerLookup(defs).get(n) : undefined;
}

function findHeader<K extends string>(sheet: SheetGrid, defs: readonly ColumnDef<K>[], required: K[]): HeaderMap<K> | null {
  const last = Math.min(sheet.maxRow, HEADER_SCAN_ROWS);
  let best: HeaderMap<K> | null = null;
  let bestScore = 0;
  for (let r = 0; r <= last; r++) {
    const cols = new Map<K, number>();
    let score = 0;
    for (let c = 0; c <= sheet.maxCol; c++) {
      const cell = sheet.cell(r, c);
      if (!cell || typeof cell.value !== 'string') continue;
      const d = matchHeader(cell.value, defs);
      if (d) {
        score++;
        if (!cols.has(d.key)) cols.set(d.key, c);
      }
    }
    if (required.some((k) => cols.has(k)) && score >= 2 && score > bestScore) {
      best = { row: r, cols, unknown: [] };
      bestScore = score;
      if (score >= defs.length) break;
    }
  }
  return best;
}

/** Second pass on the chosen header row: duplicates and unknown texts. */
function auditHeader<K extends string>(ctx: Ctx, sheet: SheetGrid, h: HeaderMap<K>, defs: readonly ColumnDef<K>[]): void {
  const seen = new Map<K, number>();
  for (let c = 0; c <= sheet.maxCol; c++) {
    const cell = sheet.cell(h.row, c);
    const t = cellText(cell).trim();
    if (!t) continue;
    const d = matchHeader(t, defs);
    if (!d) {
      h.unknown.push(c);
      continue;
    }
    const prev = seen.get(d.key);
    if (prev !== undefined) {
      add(ctx, 'COLUMN_DUPLICATE', `表头“${d.header}”出现两次（${a1(h.row, prev)} 和 ${a1(h.row, c)}），只读取第一列`, {
        sheet: sheet.name,
        cell: a1(h.row, c),
        value: t,
        expected: `“${d.header}”只出现一次`,
      });
    } else seen.set(d.key, c);
  }
}

function findSheet(grid: WorkbookGrid, name: string): SheetGrid | undefined {
  const exact = grid.sheets.find((s) => s.name === name);
  if (exact) return exact;
  const n = normaliseHeader(name);
  return grid.sheets.find((s) => normaliseHeader(s.name) === n);
}

// ---------------------------------------------------------------------------------------
// Values

/** Largest magnitude read as a figure (10^15: Excel's precision; 10^15 万元 is far beyond any economy). */
const MAX_PLAUSIBLE = 1e15;

/** What a cell of a numeric input column holds, read with its finding(s). */
function readNumber(
  ctx: Ctx,
  sheet: SheetGrid,
  row: number,
  col: number,
  what: () => string,
  unit: string,
  integer: boolean,
): number | null {
  const cell = sheet.cell(row, col);
  if (!cell) return null;
  // Where and what, in words, only when a finding needs them (most cells of most files have none).
  const at = () => ({ sheet: sheet.name, cell: a1(row, col) });
  if (cell.error) {
    add(ctx, 'EXCEL_ERROR', `${what()}为错误值 ${cell.error}（公式出错），请改为数值`, { ...at(), value: cell.error, expected: '数值' });
    return null;
  }
  const v = cell.value;
  if (v === null) {
    if (cell.formula !== undefined)
      add(ctx, 'FORMULA_NO_VALUE', `${what()}是公式 =${cell.formula}，但文件中没有计算结果（请在 Excel 中打开后保存）`, {
        ...at(),
        value: `=${cell.formula}`,
        expected: '数值',
      });
    return null;
  }
  if (cell.isDate && typeof v === 'string') {
    add(ctx, 'DATE_VALUE', `${what()}是日期（${v}），不是数字`, { ...at(), value: v, expected: `数值（${unit}）` });
    return null;
  }
  let out: number | null;
  if (typeof v === 'number') {
    if (cell.isDate) {
      add(ctx, 'DATE_VALUE', `${what()}是日期格式，不是数字（单元格格式被设成了日期）`, {
        ...at(),
        value: String(v),
        expected: `数值（${unit}）`,
      });
      return null;
    }
    out = v;
  } else if (typeof v === 'boolean') {
    add(ctx, 'UNPARSABLE', `${what()}填的是逻辑值 ${v ? 'TRUE' : 'FALSE'}，不是数字`, {
      ...at(),
      value: v ? 'TRUE' : 'FALSE',
      expected: `数值（${unit}）`,
    });
    return null;
  } else {
    const t = readNumberText(ctx, v, what, unit, at);
    if (t === undefined) return null;
    out = t;
  }
  if (out !== null && Math.abs(out) >= MAX_PLAUSIBLE) {
    // Past Excel's 15 digits and anything a statistic can be; left in, totals overflow to Infinity.
    add(ctx, 'UNPARSABLE', `${what()}为 ${out}，超出合理范围（绝对值应小于 1e15），未读取`, {
      ...at(),
      value: String(out),
      expected: `数值（${unit}）`,
    });
    return null;
  }
  if (out !== null && integer && !Number.isInteger(out)) {
    add(ctx, 'NOT_INTEGER', `${what()}应为整数，实际为 ${out}`, { ...at(), value: String(out), expected: `整数（${unit}）` });
  }
  return out;
}

/** Text in a numeric cell: a number with a finding, null for blank marks, undefined when unreadable. */
function readNumberText(
  ctx: Ctx,
  raw: string,
  what: () => string,
  unit: string,
  at: () => { sheet: string; cell: string },
): number | null | undefined {
  const s = toHalfWidth(raw).trim();
  if (s === '') return null;
  if (/%$/.test(s) && unit !== '%') {
    add(ctx, 'UNPARSABLE', `${what()}填的是百分数“${raw}”，应填${unit}数`, { ...at(), value: raw, expected: `数值（${unit}）` });
    return undefined;
  }
  const is万元 = unit === '万元';
  const typed = typedUnit(s, unit);
  if (typed !== null && typed !== unit && !(is万元 && typed === '元')) {
    add(ctx, 'UNPARSABLE', `${what()}填的是“${raw}”，单位“${typed}”与计量单位“${unit}”不一致，未读取；请填以${unit}计的数字`, {
      ...at(),
      value: raw,
      expected: `数值（${unit}）`,
    });
    return undefined;
  }
  // "703家" in a 家 row, "211.5人年" in a 人年 row: the row's own unit after the number is read like "3480万元" in a 万元 row.
  const text = typed === unit ? s.slice(0, -unit.length).trim() : s;
  // "5000元" where 万元 is asked: convert, and say so (scale errors are the classic mistake).
  const yuanOnly = is万元 && /\d\s*元$/.test(text) && !/[万亿千百]元$/.test(text);
  let value: number | null;
  try {
    value = parseNumber(text, is万元 && !yuanOnly ? { unit: '万' } : {});
  } catch (e) {
    const msg = e instanceof IndicatorError ? e.message : String(e);
    add(ctx, 'UNPARSABLE', `${what()}无法识别为数字：“${raw}”（${msg}）`, { ...at(), value: raw, expected: `数值（${unit}）` });
    return undefined;
  }
  if (value === null) return null;
  if (yuanOnly) {
    const converted = value / 10000;
    add(ctx, 'UNIT_IN_TEXT', `${what()}填的是“${raw}”（单位为元），计量单位是万元，已按 ${converted} 万元读取，请核实后改为万元数`, {
      ...at(),
      value: raw,
      expected: `以万元为单位的数值（${converted}）`,
    });
    return converted;
  }
  add(ctx, 'TEXT_NUMBER', `${what()}以文本填写“${raw}”，已按 ${value}${unit === '%' ? '' : ' ' + unit} 读取`, {
    ...at(),
    value: raw,
    expected: `数值（${unit}）`,
  });
  return value;
}

/** Unit words a figure is typed with, longest first where one ends another (人年 before 人). */
const UNIT_WORDS = ['人年', '人次', '元', '家', '个', '人', '项', '件', '户', '名', '位', '所', '台', '套', '次'];

/** The unit typed after a number ("703家" → 家, "12.5万人" → 人, "3480万元" → 元), or null. */
function typedUnit(s: string, rowUnit: string): string | null {
  for (const w of [rowUnit, ...UNIT_WORDS]) if (w && s.endsWith(w) && /\d\s*(万亿|[万亿千百])?\s*$/.test(s.slice(0, -w.length))) return w;
  return null;
}

function readText(sheet: SheetGrid, row: number, col: number | undefined): string | null {
  if (col === undefined) return null;
  const c = sheet.cell(row, col);
  if (!c) return null;
  const t = cellText(c).trim();
  return t === '' ? null : t;
}

/**
 * Text of a cell, or the merge's when a merge down its column covers it: 所属乡镇 merged over a
 * township's firms names the township of each (the covered cells are blank in the file).
 */
function readTextUnderMerge(sheet: SheetGrid, row: number, col: number | undefined): string | null {
  const own = readText(sheet, row, col);
  if (own !== null || col === undefined || sheet.merges.length === 0) return own;
  const m = mergeAt(sheet, row, col);
  return m && m.c0 === col && m.r0 !== row ? readText(sheet, m.r0, col) : null;
}

function readFlag(ctx: Ctx, sheet: SheetGrid, row: number, col: number | undefined, what: () => string): boolean {
  if (col === undefined) return false;
  const c = sheet.cell(row, col);
  if (isBlank(c)) return false;
  if (c!.error) {
    add(ctx, 'EXCEL_ERROR', `${what()}为错误值 ${c!.error}`, {
      sheet: sheet.name,
      cell: a1(row, col),
      value: c!.error,
      expected: YES_NO_EXPECTED,
    });
    return false;
  }
  const v = c!.value;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' && (v === 0 || v === 1)) return v === 1;
  const answer = yesNoFromText(String(v));
  if (answer !== null) return answer;
  add(ctx, 'FLAG_INVALID', `${what()}应填“是”或“否”，实际为“${String(v)}”（按“否”处理）`, {
    sheet: sheet.name,
    cell: a1(row, col),
    value: String(v),
    expected: YES_NO_EXPECTED,
  });
  return false;
}

/**
 * Merges that lose data (MERGED_INPUT). Excel keeps only a merge's top-left value and shows it
 * over the whole merge, so a merge loses data exactly when a cell it covers (other than the
 * top-left) is one the unit must fill or one still holding a value:
 * - a figure cell (本期数/上年同期数/全年目标; in 企业名录 the credit code, flag, money and FTE
 *   columns) on a row read as data: it reads blank while the sheet shows the top-left's number
 *   over it (100 merged over two rows' 本期数: one row's 100, or both's?);
 * - any input cell that holds a value Excel hides behind the merge (files not saved by Excel).
 * A merge over blank text cells (a 备注 note over two rows, 所属乡镇 over its firms, the signature
 * line under the table) loses nothing: its text is read at its top-left. Nor does a figure spread
 * over blank text cells (全年目标 merged into 备注): it is read in its own cell. Not reported.
 */
function mergedInputs(
  ctx: Ctx,
  sheet: SheetGrid,
  firstRow: number,
  dataRows: ReadonlySet<number>,
  figureCols: readonly number[],
  inputCols: readonly number[],
): GridMerge[] {
  const reported: GridMerge[] = [];
  for (const m of sheet.merges) {
    if (m.r1 < firstRow) continue;
    const cols = inputCols.filter((c) => c >= m.c0 && c <= m.c1);
    if (cols.length === 0) continue;
    let losesData = false;
    for (let r = Math.max(m.r0, firstRow); r <= m.r1 && !losesData; r++)
      losesData = cols.some(
        (c) => (r !== m.r0 || c !== m.c0) && ((dataRows.has(r) && figureCols.includes(c)) || !isBlank(sheet.cell(r, c))),
      );
    if (!losesData) continue;
    reported.push(m);
    add(ctx, 'MERGED_INPUT', `填报区域有合并单元格 ${mergeRange(m)}，合并后只保留左上角的值，请取消合并`, {
      sheet: sheet.name,
      cell: a1(m.r0, m.c0),
      value: mergeRange(m),
      expected: '不合并单元格',
    });
  }
  return reported;
}

/** Data in columns the header does not name, on the rows read: one finding per column. */
function unknownColumnData(
  ctx: Ctx,
  sheet: SheetGrid,
  headerRow: number,
  known: Set<number>,
  rows: number[],
  inputMerges: readonly GridMerge[],
): void {
  const reported = new Set<number>();
  // Data under a merge reported as MERGED_INPUT is that finding's; under any other merge it is reported here.
  let lastMerge: GridMerge | undefined;
  const inInputMerge = (r: number, c: number): boolean => {
    if (lastMerge && r >= lastMerge.r0 && r <= lastMerge.r1 && c >= lastMerge.c0 && c <= lastMerge.c1) return true;
    lastMerge = inputMerges.find((m) => r >= m.r0 && r <= m.r1 && c >= m.c0 && c <= m.c1);
    return lastMerge !== undefined;
  };
  for (const r of rows) {
    for (const c of rowColumns(sheet, r)) {
      if (known.has(c) || reported.has(c)) continue;
      const cell = sheet.cell(r, c);
      if (isBlank(cell)) continue;
      if (inInputMerge(r, c)) continue; // reported as a merge
      reported.add(c);
      const head = cellText(sheet.cell(headerRow, c)).trim();
      add(
        ctx,
        'COLUMN_UNKNOWN',
        head ? `列“${head}”不是模板的列，其中的数据未读取` : `第 ${a1(headerRow, c).replace(/\d+$/, '')} 列没有表头，其中的数据未读取`,
        { sheet: sheet.name, cell: a1(r, c), value: cellText(cell), expected: '模板列内的数据' },
      );
    }
  }
}

/**
 * The lines under a statistical table (表尾): the signature line (单位负责人：… 填表人：… 报出日期：…)
 * and notes (注：…). They are part of a proper 报表, not data and not unknown columns.
 */
const FOOTER_LABEL =
  /^(单位负责人|统计负责人|部门负责人|负责人|审核人|填表人|填报人|制表人|经办人|联系人|联系电话|电话|报出日期|填报日期|填表日期|报送日期|注|说明|备注)\s*([(（][^)）]*[)）])?\s*([:：]|$)/;

/** Is row r a 表尾 line: its first non-blank cell opens with a footer label? */
function isFooterRow(sheet: SheetGrid, r: number): boolean {
  for (const c of rowColumns(sheet, r)) {
    const cell = sheet.cell(r, c);
    if (isBlank(cell)) continue;
    return typeof cell!.value === 'string' && FOOTER_LABEL.test(cell!.value.trim());
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// _meta

interface Meta {
  values: Partial<Record<MetaKey, string>>;
  refs: Partial<Record<MetaKey, string>>;
}

function readMeta(sheet: SheetGrid): Meta {
  const byLabel = new Map<string, MetaKey>();
  for (const k of Object.keys(META_KEYS) as MetaKey[]) {
    byLabel.set(normaliseHeader(k), k);
    byLabel.set(normaliseHeader(META_KEYS[k]), k);
  }
  const meta: Meta = { values: {}, refs: {} };
  for (let r = 0; r <= sheet.maxRow; r++) {
    const key = byLabel.get(normaliseHeader(cellText(sheet.cell(r, 0))));
    if (!key || meta.values[key] !== undefined) continue;
    meta.values[key] = cellText(sheet.cell(r, 1)).trim();
    meta.refs[key] = a1(r, 1);
  }
  return meta;
}

// ---------------------------------------------------------------------------------------

/** Read one submission workbook. Never throws for bad content: everything odd is a finding. */
export function readSubmission(grid: WorkbookGrid): ReadSubmissionResult {
  // A rollup, ranking or register saved among the reports: named once, not read as a submission.
  const own = detectOwnOutput(grid);
  if (own) return { submission: null, findings: [ownOutputSkipped(grid.fileName, own)] };
  const ctx: Ctx = { file: grid.fileName, findings: [] };
  const used = new Set<SheetGrid>();

  // Sheets: by name, then by content for renamed ones.
  let ind = findSheet(grid, SHEET_INDICATORS);
  let ent = findSheet(grid, SHEET_ENTERPRISES);
  const metaSheet = findSheet(grid, SHEET_META);
  const guide = findSheet(grid, SHEET_GUIDE);
  for (const s of [ind, ent, metaSheet, guide]) if (s) used.add(s);
  if (!ind) {
    ind = grid.sheets.find(
      (s) =>
        !used.has(s) &&
        findHeader(s, INDICATOR_COLUMNS, ['code', 'name']) !== null &&
        findHeader(s, INDICATOR_COLUMNS, ['current']) !== null,
    );
    if (ind) {
      used.add(ind);
      add(ctx, 'SHEET_RENAMED', `工作表“${ind.name}”应命名为“${SHEET_INDICATORS}”（已按内容识别并读取），请勿修改工作表名称`, {
        sheet: ind.name,
        value: ind.name,
        expected: SHEET_INDICATORS,
      });
    }
  }
  if (!ent) {
    ent = grid.sheets.find((s) => !used.has(s) && findHeader(s, ENTERPRISE_COLUMNS, ['uscc']) !== null);
    if (ent) {
      used.add(ent);
      add(ctx, 'SHEET_RENAMED', `工作表“${ent.name}”应命名为“${SHEET_ENTERPRISES}”（已按内容识别并读取），请勿修改工作表名称`, {
        sheet: ent.name,
        value: ent.name,
        expected: SHEET_ENTERPRISES,
      });
    }
  }
  if (!ind && !ent) {
    add(ctx, 'SHEET_NOT_A_TEMPLATE', `这不是科技统计填报模板：找不到“${SHEET_INDICATORS}”和“${SHEET_ENTERPRISES}”工作表`, {
      value: grid.sheets.map((s) => s.name).join('、') || '（无工作表）',
      expected: TEMPLATE_SHEETS.join('、'),
    });
    return { submission: null, findings: ctx.findings };
  }
  if (!ind)
    add(ctx, 'SHEET_MISSING', `缺少工作表“${SHEET_INDICATORS}”`, {
      expected: SHEET_INDICATORS,
      value: grid.sheets.map((s) => s.name).join('、'),
    });
  if (!ent)
    add(ctx, 'SHEET_MISSING', `缺少工作表“${SHEET_ENTERPRISES}”`, {
      expected: SHEET_ENTERPRISES,
      value: grid.sheets.map((s) => s.name).join('、'),
    });
  if (!guide) add(ctx, 'SHEET_GUIDE_MISSING', `缺少工作表“${SHEET_GUIDE}”（不影响读取）`, { expected: SHEET_GUIDE });
  for (const s of grid.sheets) {
    if (used.has(s)) continue;
    const empty = s.maxRow < 0;
    add(
      ctx,
      empty ? 'SHEET_EXTRA_EMPTY' : 'SHEET_EXTRA',
      empty
        ? `多余的空工作表“${s.name}”（已忽略）`
        : `多余的工作表“${s.name}”，其中的内容未读取；数据请填在“${SHEET_INDICATORS}”或“${SHEET_ENTERPRISES}”中`,
      {
        sheet: s.name,
        value: s.name,
        expected: TEMPLATE_SHEETS.join('、'),
      },
    );
  }

  // _meta
  let meta: Meta = { values: {}, refs: {} };
  if (!metaSheet) {
    add(ctx, 'META_MISSING', `缺少隐藏的“${SHEET_META}”工作表，无法确认模板和填报单位；请使用下发的模板填报`, {
      expected: `${SHEET_META} 工作表`,
    });
  } else {
    meta = readMeta(metaSheet);
    if (!meta.values.template_id) {
      add(ctx, 'META_MISSING', `“${SHEET_META}”中缺少模板标识 template_id`, { sheet: metaSheet.name, expected: 'template_id' });
    }
    if (!meta.values.unit_code) {
      add(ctx, 'META_MISSING', `“${SHEET_META}”中缺少单位代码 unit_code，无法确定填报单位`, {
        sheet: metaSheet.name,
        cell: meta.refs.unit_code,
        expected: '单位代码',
      });
    }
  }
  const metaAt = (k: MetaKey) => ({ sheet: metaSheet?.name ?? SHEET_META, cell: meta.refs[k] });
  let kind: UnitKind = 'township';
  if (meta.values.unit_kind !== undefined) {
    const k = unitKindFromText(meta.values.unit_kind);
    if (k) kind = k;
    else
      add(ctx, 'META_INVALID', `单位类型“${meta.values.unit_kind}”无法识别`, {
        ...metaAt('unit_kind'),
        value: meta.values.unit_kind,
        expected: 'township / park / district / city',
      });
  } else if (metaSheet) {
    add(ctx, 'META_KIND_MISSING', `“${SHEET_META}”中缺少单位类型 unit_kind（按乡镇读取）`, {
      sheet: metaSheet.name,
      expected: 'unit_kind',
    });
  }
  let year = NaN;
  if (meta.values.year !== undefined) year = Number(meta.values.year);
  let period = meta.values.period ?? '';
  if (!period && Number.isInteger(year)) period = String(year);
  if (!Number.isInteger(year) && /^\d{4}/.test(period)) year = Number(period.slice(0, 4));
  if (metaSheet && Number.isInteger(year) && /^\d{4}/.test(period) && Number(period.slice(0, 4)) !== year) {
    add(ctx, 'META_INVALID', `年度 ${year} 与报告期“${period}”不一致`, {
      ...metaAt('period'),
      value: `${year} / ${period}`,
      expected: `${year} 年的报告期`,
    });
  } else if (metaSheet && (!Number.isInteger(year) || !/^\d{4}(-\d{1,2}\.\.\d{1,2})?$/.test(period))) {
    add(ctx, 'META_INVALID', `年度/报告期无法识别：年度“${meta.values.year ?? ''}”，报告期“${meta.values.period ?? ''}”`, {
      ...metaAt('period'),
      value: `${meta.values.year ?? ''} / ${meta.values.period ?? ''}`,
      expected: '年度如 2024，报告期如 2024 或 2024-01..09',
    });
  }

  // 指标表
  const fields: Record<string, FieldValue> = {};
  if (ind) readIndicatorSheet(ctx, ind, kind, fields);

  // 企业名录
  const enterprises: EnterpriseRow[] = [];
  if (ent) readEnterpriseSheet(ctx, ent, enterprises);

  const submission: Submission = {
    file: grid.fileName,
    templateId: meta.values.template_id ?? '',
    templateVersion: meta.values.template_version ?? '',
    unit: {
      code: meta.values.unit_code ?? '',
      name: meta.values.unit_name ?? '',
      kind,
      parentCode: meta.values.parent_code ? meta.values.parent_code : null,
    },
    year: Number.isInteger(year) ? year : 0,
    period,
    fields,
    enterprises,
  };
  for (const f of ctx.findings) if (submission.unit.code && f.unitCode === undefined) f.unitCode = submission.unit.code;
  return { submission, findings: ctx.findings };
}

function fieldByName(name: string): BaseField | undefined {
  const n = normaliseHeader(name.replace(/^其中[:：]?/, ''));
  return BASE_FIELDS.find((f) => normaliseHeader(f.nameZh.replace(/^其中[:：]?/, '')) === n);
}

function readIndicatorSheet(ctx: Ctx, sheet: SheetGrid, kind: UnitKind, fields: Record<string, FieldValue>): void {
  const h = findHeader(sheet, INDICATOR_COLUMNS, ['current']);
  if (!h || (!h.cols.has('code') && !h.cols.has('name'))) {
    add(ctx, 'HEADER_NOT_FOUND', `“${sheet.name}”中找不到表头行（应含“指标代码”“本期数”等列），无法读取指标`, {
      sheet: sheet.name,
      expected: INDICATOR_COLUMNS.map((c) => c.header).join(' | '),
    });
    return;
  }
  auditHeader(ctx, sheet, h, INDICATOR_COLUMNS);
  for (const k of ['code', 'previous', 'target', 'note'] as IndicatorColumnKey[]) {
    if (h.cols.has(k)) continue;
    const def = INDICATOR_COLUMNS.find((c) => c.key === k)!;
    add(
      ctx,
      k === 'note' ? 'NOTE_COLUMN_MISSING' : 'COLUMN_MISSING_OPTIONAL',
      `“${sheet.name}”缺少“${def.header}”列${k === 'code' ? '（按指标名称识别各行）' : ''}`,
      {
        sheet: sheet.name,
        cell: a1(h.row, 0),
        expected: def.header,
      },
    );
  }
  const col = (k: IndicatorColumnKey) => h.cols.get(k);
  const inputCols = (['current', 'previous', 'target', 'note'] as IndicatorColumnKey[])
    .map(col)
    .filter((c): c is number => c !== undefined);
  const figureCols = (['current', 'previous', 'target'] as IndicatorColumnKey[]).map(col).filter((c): c is number => c !== undefined);
  const known = new Set<number>([...h.cols.values()]);
  const expected = new Set(templateFields(kind).map((f) => f.code));
  const dataRows: number[] = [];
  const hidden = new Set(sheet.hiddenRows ?? []);
  const ref = (r: number, c: number | undefined): CellRef | undefined =>
    c === undefined ? undefined : { file: ctx.file, sheet: sheet.name, cell: a1(r, c) };

  for (let r = h.row + 1; r <= sheet.maxRow; r++) {
    const codeCol = col('code');
    const nameCol = col('name');
    const rawCode = codeCol !== undefined ? readText(sheet, r, codeCol) : null;
    const name = nameCol !== undefined ? readText(sheet, r, nameCol) : null;
    const hasInput = inputCols.some((c) => !isBlank(sheet.cell(r, c)));
    let hasAny = hasInput || rawCode !== null || name !== null;
    if (!hasAny) {
      hasAny = rowColumns(sheet, r).some((c) => !isBlank(sheet.cell(r, c)));
      if (hasAny && !isFooterRow(sheet, r)) dataRows.push(r); // only stray cells: reported as unknown columns
      continue;
    }
    if (isFooterRow(sheet, r)) continue;
    dataRows.push(r);
    let field: BaseField | undefined;
    if (rawCode !== null) {
      const code = toHalfWidth(rawCode).replace(/\s+/g, '').toUpperCase();
      field = catalogue.baseField(code);
      if (!field) {
        const byName = name ? fieldByName(name) : undefined;
        add(
          ctx,
          hasInput ? 'UNKNOWN_CODE' : 'UNKNOWN_ROW_EMPTY',
          `未知指标代码“${rawCode}”${name ? `（${name}）` : ''}${hasInput ? '，该行数据未读取' : ''}`,
          {
            sheet: sheet.name,
            cell: a1(r, codeCol!),
            value: rawCode,
            expected: byName ? byName.code : '模板中的指标代码',
          },
        );
        continue;
      }
    } else if (name !== null) {
      field = fieldByName(name);
      if (!field) {
        add(ctx, hasInput ? 'UNKNOWN_ROW' : 'UNKNOWN_ROW_EMPTY', `无法识别的行“${name}”${hasInput ? '，该行数据未读取' : ''}`, {
          sheet: sheet.name,
          cell: a1(r, nameCol!),
          value: name,
          expected: '模板中的指标',
        });
        continue;
      }
      if (codeCol !== undefined) {
        add(ctx, 'CODE_MISSING', `该行缺少指标代码，已按名称“${name}”识别为 ${field.code}`, {
          sheet: sheet.name,
          cell: a1(r, codeCol),
          value: '',
          expected: field.code,
        });
      }
    } else {
      // Numbers with neither code nor name.
      const c = inputCols.find((cc) => !isBlank(sheet.cell(r, cc)))!;
      add(ctx, 'UNKNOWN_ROW', `第 ${r + 1} 行有数据但没有指标代码和名称，未读取`, {
        sheet: sheet.name,
        cell: a1(r, c),
        value: cellText(sheet.cell(r, c)),
        expected: '指标代码',
      });
      continue;
    }
    if (fields[field.code]) {
      add(
        ctx,
        'DUPLICATE_CODE',
        `指标 ${field.code}（${field.nameZh}）出现两次（${fields[field.code].refs.current?.cell ?? ''} 所在行和第 ${r + 1} 行），只读取第一行`,
        {
          sheet: sheet.name,
          cell: a1(r, codeCol ?? nameCol ?? 0),
          value: field.code,
          expected: '每个指标一行',
        },
      );
      continue;
    }
    if (hasInput && !expected.has(field.code)) {
      add(ctx, 'FIELD_NOT_EXPECTED', `${field.nameZh}（${field.code}）只由区（县）、市填报，本单位填报的数未计入`, {
        sheet: sheet.name,
        cell: a1(r, codeCol ?? nameCol ?? 0),
        value: field.code,
        expected: '留空',
      });
    }
    if (hasInput && hidden.has(r)) {
      add(ctx, 'HIDDEN_ROW_DATA', `第 ${r + 1} 行（${field.nameZh}）被隐藏，但有数据（已读取），请取消隐藏核对`, {
        sheet: sheet.name,
        cell: a1(r, codeCol ?? nameCol ?? 0),
        value: field.code,
        expected: '不隐藏行',
      });
    }
    const what = (k: string) => `${field!.nameZh}的${k}`;
    // A 计量单位 changed from the template's: 元 for 万元 is converted (and said); others are reported.
    let factor = 1;
    const unitCol = col('unit');
    const unitText = unitCol !== undefined ? readText(sheet, r, unitCol) : null;
    if (unitText !== null && normaliseHeader(unitText) !== normaliseHeader(field.unit)) {
      const f = field.unit === '万元' ? UNIT_FACTORS_TO_WAN[toHalfWidth(unitText).replace(/\s+/g, '')] : undefined;
      if (f !== undefined) factor = f;
      add(
        ctx,
        'UNIT_CHANGED',
        `${field.nameZh}的计量单位被改为“${unitText}”，模板要求“${field.unit}”${f !== undefined ? `，已按${unitText}换算为${field.unit}读取，请核实` : '，数值按模板单位读取，请核实'}`,
        { sheet: sheet.name, cell: a1(r, unitCol!), value: unitText, expected: field.unit },
      );
    }
    const num = (k: IndicatorColumnKey, label: string) => {
      const c = col(k);
      const v = c === undefined ? null : readNumber(ctx, sheet, r, c, () => what(label), field!.unit, field!.integer);
      return v !== null && factor !== 1 ? Number((v * factor).toPrecision(15)) : v;
    };
    const fv: FieldValue = {
      current: num('current', '本期数'),
      previous: num('previous', '上年同期数'),
      target: num('target', '全年目标'),
      note: readText(sheet, r, col('note')),
      refs: {},
    };
    const rc = ref(r, col('current'));
    if (rc) fv.refs.current = rc;
    const rp = ref(r, col('previous'));
    if (rp) fv.refs.previous = rp;
    const rt = ref(r, col('target'));
    if (rt) fv.refs.target = rt;
    const rn = ref(r, col('note'));
    if (rn) fv.refs.note = rn;
    fields[field.code] = fv;
  }
  const lossyMerges = mergedInputs(ctx, sheet, h.row + 1, new Set(dataRows), figureCols, inputCols);
  unknownColumnData(ctx, sheet, h.row, known, dataRows, lossyMerges);
  // Rows the template asks for that are not there at all.
  for (const code of expected) {
    if (fields[code]) continue;
    const f = catalogue.baseField(code)!;
    add(ctx, 'FIELD_ROW_MISSING', `缺少指标行 ${code}（${f.nameZh}），请勿删除模板中的行`, {
      sheet: sheet.name,
      value: '',
      expected: `${code} ${f.nameZh}`,
    });
  }
}

const FLAG_NAMES: Record<EnterpriseFlag, string> = Object.fromEntries(ENTERPRISE_FLAGS.map((f) => [f.flag, f.nameZh])) as Record<
  EnterpriseFlag,
  string
>;

const UNIT_FACTORS_TO_WAN: Record<string, number> = { 元: 1e-4, 千元: 0.1, 万元: 1, 亿元: 1e4 };

function readEnterpriseSheet(ctx: Ctx, sheet: SheetGrid, out: EnterpriseRow[]): void {
  const h = findHeader(sheet, ENTERPRISE_COLUMNS, ['uscc']);
  if (!h) {
    if (sheet.maxRow >= 0) {
      add(ctx, 'HEADER_NOT_FOUND', `“${sheet.name}”中找不到表头行（应含“统一社会信用代码”“企业名称”等列），企业名录未读取`, {
        sheet: sheet.name,
        expected: ENTERPRISE_COLUMNS.map((c) => c.header).join(' | '),
      });
    }
    return;
  }
  auditHeader(ctx, sheet, h, ENTERPRISE_COLUMNS);
  for (const d of ENTERPRISE_COLUMNS) {
    if (h.cols.has(d.key)) continue;
    add(
      ctx,
      d.key === 'uscc' ? 'COLUMN_MISSING' : 'COLUMN_MISSING_OPTIONAL',
      `“${sheet.name}”缺少“${d.header}”列${d.key.startsWith('flag:') ? '（按“否”处理）' : ''}`,
      {
        sheet: sheet.name,
        cell: a1(h.row, 0),
        expected: d.header,
      },
    );
  }
  // Units named in money headers, e.g. 营业收入（元）: convert to 万元 and say so.
  const factor = new Map<EnterpriseColumnKey, number>();
  for (const d of ENTERPRISE_COLUMNS) {
    const c = h.cols.get(d.key);
    if (c === undefined || !d.unit) continue;
    const text = cellText(sheet.cell(h.row, c));
    const u = headerUnit(text);
    if (!u || u === d.unit) continue;
    const f = d.unit === '万元' ? UNIT_FACTORS_TO_WAN[u] : undefined;
    add(
      ctx,
      'HEADER_UNIT_MISMATCH',
      `列“${text}”的单位是“${u}”，模板要求“${d.unit}”${f !== undefined ? `，已换算为${d.unit}读取` : '，按模板单位读取'}，请核实`,
      {
        sheet: sheet.name,
        cell: a1(h.row, c),
        value: text,
        expected: d.header,
      },
    );
    if (f !== undefined) factor.set(d.key, f);
  }
  const col = (k: EnterpriseColumnKey) => h.cols.get(k);
  const known = new Set<number>([...h.cols.values()]);
  const inputCols = [...known];
  const valueKeys = ['name', 'township', 'park', 'revenue', 'rdFee', 'rdExp', 'rdFte'] as const;
  // Column letters of the row's other values: one shared object for the sheet (memory stays small for 10,000 files).
  const columns: NonNullable<EnterpriseRow['columns']> = {};
  for (const k of valueKeys) {
    const c = col(k);
    if (c !== undefined) (columns as Record<string, string>)[k] = columnLetters(c);
  }
  const dataRows: number[] = [];
  const hidden = new Set(sheet.hiddenRows ?? []);
  for (let r = h.row + 1; r <= sheet.maxRow; r++) {
    if (!rowColumns(sheet, r).some((c) => !isBlank(sheet.cell(r, c)))) continue;
    if (isFooterRow(sheet, r)) continue;
    dataRows.push(r);
    const usccCol = col('uscc');
    const rowHasInput = inputCols.some((c) => !isBlank(sheet.cell(r, c)));
    if (!rowHasInput) continue; // stray cells only: unknown columns
    const rawUscc = usccCol !== undefined ? readText(sheet, r, usccCol) : null;
    const name = readText(sheet, r, col('name')) ?? '';
    if (usccCol === undefined) continue;
    if (rawUscc === null) {
      add(ctx, 'USCC_MISSING', `第 ${r + 1} 行${name ? `（${name}）` : ''}缺少统一社会信用代码，该行未计入`, {
        sheet: sheet.name,
        cell: a1(r, usccCol),
        value: '',
        expected: '18位统一社会信用代码',
      });
      continue;
    }
    if (hidden.has(r)) {
      add(ctx, 'HIDDEN_ROW_DATA', `第 ${r + 1} 行（${name || rawUscc}）被隐藏，但有数据（已读取），请取消隐藏核对`, {
        sheet: sheet.name,
        cell: a1(r, usccCol),
        value: rawUscc,
        expected: '不隐藏行',
      });
    }
    const flags = {} as Record<EnterpriseFlag, boolean>;
    for (const f of ENTERPRISE_FLAGS)
      flags[f.flag] = readFlag(ctx, sheet, r, col(`flag:${f.flag}`), () => `${name || rawUscc}的“${FLAG_NAMES[f.flag]}”`);
    const money = (k: EnterpriseColumnKey, label: string, unit: string) => {
      const c = col(k);
      if (c === undefined) return null;
      const v = readNumber(ctx, sheet, r, c, () => `${name || rawUscc}的${label}`, unit, false);
      const f = factor.get(k);
      return v !== null && f !== undefined ? Number((v * f).toPrecision(15)) : v;
    };
    out.push({
      uscc: normalizeUscc(rawUscc),
      name,
      township: readTextUnderMerge(sheet, r, col('township')),
      park: readTextUnderMerge(sheet, r, col('park')),
      flags,
      revenue: money('revenue', '营业收入', '万元'),
      rdFee: money('rdFee', '研发费用', '万元'),
      rdExp: money('rdExp', 'R&D经费', '万元'),
      rdFte: money('rdFte', '研发人员全时当量', '人年'),
      ref: { file: ctx.file, sheet: sheet.name, cell: a1(r, usccCol) },
      columns,
    });
  }
  // The credit code, flags and amounts are figures; 企业名称, 所属乡镇 and 所属园区 are text.
  const textCols = new Set((['name', 'township', 'park'] as EnterpriseColumnKey[]).map(col));
  const lossyMerges = mergedInputs(
    ctx,
    sheet,
    h.row + 1,
    new Set(dataRows),
    inputCols.filter((c) => !textCols.has(c)),
    inputCols,
  );
  unknownColumnData(ctx, sheet, h.row, known, dataRows, lossyMerges);
}
