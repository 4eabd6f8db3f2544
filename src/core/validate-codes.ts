/**
 * Stable finding codes (the `code` of a Finding) with their default severity and a short
 * Chinese title. The CLI's --json output and the task pane group by these codes.
 */
import type { Finding, Severity } from './types.js';

export const FINDING_CODES = {
  // File level
  FILE_UNREADABLE: { severity: 'error', zh: '文件无法读取' },
  FILE_SKIPPED: { severity: 'info', zh: '跳过的非表格文件' },
  // Sheets
  SHEET_MISSING: { severity: 'error', zh: '缺少工作表' },
  SHEET_RENAMED: { severity: 'warning', zh: '工作表被改名' },
  SHEET_EXTRA: { severity: 'warning', zh: '多余的工作表' },
  SHEET_NOT_A_TEMPLATE: { severity: 'error', zh: '不是填报模板' },
  // _meta
  META_MISSING: { severity: 'error', zh: '缺少模板标识' },
  META_INVALID: { severity: 'error', zh: '模板标识内容有误' },
  TEMPLATE_UNKNOWN: { severity: 'error', zh: '未知模板' },
  TEMPLATE_VERSION: { severity: 'error', zh: '模板版本不受支持' },
  // Layout
  HEADER_NOT_FOUND: { severity: 'error', zh: '找不到表头' },
  COLUMN_MISSING: { severity: 'error', zh: '缺少列' },
  COLUMN_DUPLICATE: { severity: 'error', zh: '重复的列' },
  COLUMN_UNKNOWN: { severity: 'warning', zh: '无法识别的列' },
  HEADER_UNIT_MISMATCH: { severity: 'warning', zh: '表头单位与模板不一致' },
  UNIT_CHANGED: { severity: 'warning', zh: '计量单位被修改' },
  MERGED_INPUT: { severity: 'error', zh: '填报区域有合并单元格' },
  HIDDEN_ROW_DATA: { severity: 'warning', zh: '隐藏行中有数据' },
  // 指标表 rows
  UNKNOWN_CODE: { severity: 'warning', zh: '未知指标代码' },
  UNKNOWN_ROW: { severity: 'warning', zh: '无法识别的行' },
  CODE_MISSING: { severity: 'warning', zh: '缺少指标代码' },
  DUPLICATE_CODE: { severity: 'error', zh: '指标重复' },
  FIELD_NOT_EXPECTED: { severity: 'warning', zh: '本级不填报的指标' },
  FIELD_ROW_MISSING: { severity: 'error', zh: '缺少指标行' },
  // Values
  EXCEL_ERROR: { severity: 'error', zh: '单元格为错误值' },
  UNPARSABLE: { severity: 'error', zh: '无法识别的数字' },
  DATE_VALUE: { severity: 'error', zh: '日期填在数字栏' },
  TEXT_NUMBER: { severity: 'info', zh: '文本形式的数字' },
  UNIT_IN_TEXT: { severity: 'warning', zh: '文本中的单位与计量单位不一致' },
  FORMULA_NO_VALUE: { severity: 'warning', zh: '公式没有计算结果' },
  NOT_INTEGER: { severity: 'error', zh: '应为整数' },
  REQUIRED_MISSING: { severity: 'error', zh: '本期数未填' },
  NEGATIVE_VALUE: { severity: 'error', zh: '数值为负' },
  PART_EXCEEDS_WHOLE: { severity: 'error', zh: '分项大于总数' },
  SCALE_ANOMALY: { severity: 'warning', zh: '数量级异常' },
  COUNT_MISMATCH: { severity: 'warning', zh: '家数与企业名录不一致' },
  // 企业名录
  USCC_MISSING: { severity: 'error', zh: '缺少统一社会信用代码' },
  USCC_INVALID: { severity: 'error', zh: '统一社会信用代码有误' },
  USCC_DUPLICATE_IN_FILE: { severity: 'error', zh: '企业重复填报' },
  USCC_CONFLICT: { severity: 'error', zh: '企业被多个乡镇填报' },
  ENTERPRISE_NAME_MISSING: { severity: 'warning', zh: '缺少企业名称' },
  FLAG_INVALID: { severity: 'error', zh: '标志应为是/否' },
  // Register and the set of submissions
  UNIT_NOT_IN_REGISTER: { severity: 'error', zh: '单位不在名录中' },
  UNIT_KIND_MISMATCH: { severity: 'error', zh: '单位类型与名录不一致' },
  UNIT_NAME_MISMATCH: { severity: 'warning', zh: '单位名称与名录不一致' },
  DUPLICATE_SUBMISSION: { severity: 'error', zh: '同一单位重复报送' },
  PERIOD_MISMATCH: { severity: 'error', zh: '报告期不一致' },
  NOTE_DOWNGRADED: { severity: 'info', zh: '已有说明的警告' },
  // Register file
  REGISTER_INVALID: { severity: 'error', zh: '名录有误' },
} as const satisfies Record<string, { severity: Severity; zh: string }>;

export type FindingCode = keyof typeof FINDING_CODES;

/** Build a finding with the code's default severity unless told otherwise. */
export function finding(
  code: FindingCode,
  message: string,
  at: { file: string; sheet?: string; cell?: string; value?: string; expected?: string; unitCode?: string; severity?: Severity },
): Finding {
  const f: Finding = { severity: at.severity ?? FINDING_CODES[code].severity, code, message, file: at.file };
  if (at.sheet !== undefined) f.sheet = at.sheet;
  if (at.cell !== undefined) f.cell = at.cell;
  if (at.value !== undefined) f.value = at.value;
  if (at.expected !== undefined) f.expected = at.expected;
  if (at.unitCode !== undefined) f.unitCode = at.unitCode;
  return f;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Compare A1 addresses by row then column. */
function compareCells(a?: string, b?: string): number {
  if (a === b) return 0;
  if (!a) return -1;
  if (!b) return 1;
  const pa = /^([A-Z]+)(\d+)/.exec(a);
  const pb = /^([A-Z]+)(\d+)/.exec(b);
  if (!pa || !pb) return a < b ? -1 : 1;
  const ra = Number(pa[2]);
  const rb = Number(pb[2]);
  if (ra !== rb) return ra - rb;
  if (pa[1].length !== pb[1].length) return pa[1].length - pb[1].length;
  return pa[1] < pb[1] ? -1 : pa[1] > pb[1] ? 1 : 0;
}

const cmpText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A stable order: file, then sheet, then cell, then severity, then code (the validation report, grouped by file). */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .slice()
    .sort(
      (x, y) =>
        cmpText(x.file, y.file) ||
        cmpText(x.sheet ?? '', y.sheet ?? '') ||
        compareCells(x.cell, y.cell) ||
        SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] ||
        cmpText(x.code, y.code),
    );
}

/**
 * Errors first, then file, sheet, cell, code, message (rollup results and the pane's list);
 * a finding repeated with the same severity, code, place and message is kept once, so shuffled
 * input gives identical output.
 */
export function sortFindingsBySeverity(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const k = `${f.severity}|${f.code}|${f.file}|${f.sheet ?? ''}|${f.cell ?? ''}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return unique.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      cmpText(a.file, b.file) ||
      cmpText(a.sheet ?? '', b.sheet ?? '') ||
      compareCells(a.cell, b.cell) ||
      cmpText(a.code, b.code) ||
      cmpText(a.message, b.message),
  );
}
