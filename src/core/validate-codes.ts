/**
 * Every finding code (the `code` of a Finding), each with its one severity, its Chinese title
 * and what an error of it leaves out of a rollup (`blocks`, applied by admit.ts). The CLI's
 * --json output, the workbooks' 说明 sheets and the task pane group by these codes; no code
 * exists outside this table (`Finding.code` is `FindingCode`).
 */
import type { Finding, Severity } from './types.js';

/**
 * What an error leaves out (admit.ts):
 * - `file`: the whole file (it cannot be placed: unreadable, wrong period, unknown unit, duplicate…);
 *   on the 企业名录 sheet, only the unit's enterprise list;
 * - `figure`: the figure at the finding's cell (a 指标表 value, or the 企业名录 row), totals it feeds are marked incomplete;
 * - `nothing`: shown only (warnings, infos, and the rollup's own notes).
 */
export type Blocks = 'file' | 'figure' | 'nothing';

interface CodeInfo {
  severity: Severity;
  zh: string;
  blocks: Blocks;
}

const E = (zh: string, blocks: Blocks): CodeInfo => ({ severity: 'error', zh, blocks });
const W = (zh: string): CodeInfo => ({ severity: 'warning', zh, blocks: 'nothing' });
const I = (zh: string): CodeInfo => ({ severity: 'info', zh, blocks: 'nothing' });

export const FINDING_CODES = {
  // Files
  FILE_UNREADABLE: E('文件无法读取', 'file'),
  FILE_SKIPPED: I('跳过的非表格文件'),
  OWN_OUTPUT_SKIPPED: I('本工具生成的汇总、排名或名录文件，未作为报表读取'),
  NOT_RANK_INPUT: E('不是可排名的汇总工作簿或区（县）报表', 'file'),
  // Sheets
  SHEET_MISSING: E('缺少工作表', 'file'),
  SHEET_GUIDE_MISSING: I('缺少填报说明工作表'),
  SHEET_RENAMED: W('工作表被改名'),
  SHEET_EXTRA: W('多余的工作表'),
  SHEET_EXTRA_EMPTY: I('多余的空工作表'),
  SHEET_NOT_A_TEMPLATE: E('不是填报模板', 'file'),
  // _meta
  META_MISSING: E('缺少模板标识', 'file'),
  META_KIND_MISSING: W('缺少单位类型'),
  META_INVALID: E('模板标识内容有误', 'file'),
  TEMPLATE_UNKNOWN: E('未知模板', 'file'),
  TEMPLATE_VERSION: E('模板版本不受支持', 'file'),
  // Layout
  HEADER_NOT_FOUND: E('找不到表头', 'file'),
  COLUMN_MISSING: E('缺少列', 'file'),
  COLUMN_MISSING_OPTIONAL: W('缺少列（按空或“否”读取）'),
  NOTE_COLUMN_MISSING: I('缺少备注列'),
  COLUMN_DUPLICATE: E('重复的列', 'file'),
  COLUMN_UNKNOWN: W('无法识别的列'),
  HEADER_UNIT_MISMATCH: W('表头单位与模板不一致'),
  UNIT_CHANGED: W('计量单位被修改'),
  MERGED_INPUT: E('填报区域有合并单元格', 'figure'),
  HIDDEN_ROW_DATA: W('隐藏行中有数据'),
  // 指标表 rows
  UNKNOWN_CODE: W('未知指标代码'),
  UNKNOWN_ROW: W('无法识别的行'),
  CODE_MISSING: I('缺少指标代码（已按名称识别）'),
  UNKNOWN_ROW_EMPTY: I('无法识别的空行'),
  DUPLICATE_CODE: E('指标重复', 'figure'),
  FIELD_NOT_EXPECTED: W('本级不填报的指标'),
  FIELD_ROW_MISSING: E('缺少指标行', 'figure'),
  // Values
  EXCEL_ERROR: E('单元格为错误值', 'figure'),
  UNPARSABLE: E('无法识别的数字', 'figure'),
  DATE_VALUE: E('日期填在数字栏', 'figure'),
  TEXT_NUMBER: I('文本形式的数字'),
  UNIT_IN_TEXT: W('文本中的单位与计量单位不一致'),
  FORMULA_NO_VALUE: W('公式没有计算结果'),
  NOT_INTEGER: E('应为整数', 'figure'),
  REQUIRED_MISSING: E('本期数未填', 'figure'),
  NEGATIVE_VALUE: E('数值为负', 'figure'),
  PART_EXCEEDS_WHOLE: E('分项大于总数', 'figure'),
  SCALE_ANOMALY: W('数量级异常'),
  COUNT_MISMATCH: W('家数与企业名录不一致'),
  // 企业名录
  USCC_MISSING: E('缺少统一社会信用代码', 'figure'),
  USCC_INVALID: E('统一社会信用代码有误', 'figure'),
  USCC_DUPLICATE_IN_FILE: W('企业在名录中重复，只计一次'),
  USCC_CONFLICT: W('企业被多个乡镇（街道）填报，只计一次'),
  USCC_IN_TWO_DISTRICTS: W('企业列于多个区县，全市只计一次'),
  ENTERPRISE_NAME_MISSING: W('缺少企业名称'),
  ENTERPRISE_NO_USCC: W('企业无统一社会信用代码，单独计数'),
  PARK_FIRM_NOT_IN_TOWNSHIP: W('园区企业未列入任何乡镇（街道）名录'),
  FLAG_INVALID: E('标志应为是/否', 'figure'),
  // Register and the set of submissions
  UNIT_NOT_IN_REGISTER: E('单位不在名录中', 'file'),
  UNIT_KIND_MISMATCH: E('单位类型与名录不一致', 'file'),
  UNIT_PARENT_MISMATCH: E('上级单位与名录不一致', 'file'),
  UNIT_NAME_MISMATCH: W('单位名称与名录不一致'),
  DUPLICATE_SUBMISSION: E('同一单位重复报送', 'file'),
  PERIOD_MISMATCH: E('报告期与本次汇总不一致', 'file'),
  NOTE_DOWNGRADED: I('已有说明的警告'),
  // Register file
  REGISTER_INVALID: E('名录有误', 'file'),
  REGISTER_PARENT_COLUMN_MISSING: W('名录缺少上级单位代码列'),
  REGISTER_DUPLICATE_UNIT: E('名录中单位代码重复', 'nothing'),
  REGISTER_ORPHAN_UNIT: E('名录中上级单位不存在', 'nothing'),
  // Rollup
  UNIT_NOT_SUBMITTED: W('单位未报送，合计不含该单位'),
  UNIT_LEFT_OUT: W('单位已报送但未纳入，合计不含该单位'),
  FIGURES_LEFT_OUT: W('部分数据因错误未纳入合计'),
  KEPT_DESPITE_ERROR: W('有错误的数据按 --allow-errors 纳入'),
  COUNT_FROM_LIST: I('家数按企业名录去重计数'),
  TOTAL_DIFFERS_FROM_ENTERED: I('本级自填数与汇总结果不一致'),
  DISTRICT_FIGURES_USED: I('采用区（县）本级报数'),
  TARGET_NOT_SUMMED: I('目标不以下级相加代替'),
  DISTRICT_INPUT_MISSING: W('缺少本级专用数据'),
  // Ranking
  RANKED_VALUE_INCOMPLETE: W('排名所用数值的合计不完整'),
  CALIBER_DIFFERS: I('与上年排名口径不同'),
} as const satisfies Record<string, CodeInfo>;

export type FindingCode = keyof typeof FINDING_CODES;

export const isFindingCode = (code: string): code is FindingCode => Object.prototype.hasOwnProperty.call(FINDING_CODES, code);

/** Build a finding; its severity is the code's, always. */
export function finding(
  code: FindingCode,
  message: string,
  at: { file: string; sheet?: string; cell?: string; value?: string; expected?: string; unitCode?: string },
): Finding {
  const f: Finding = { severity: FINDING_CODES[code].severity, code, message, file: at.file };
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

/**
 * The one order of findings: errors first, then file, sheet, cell (row, then column), code,
 * message; a finding repeated with the same severity, code, place and message is kept once,
 * so shuffled input gives identical output. Reports grouped by file keep this order inside a file.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
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
