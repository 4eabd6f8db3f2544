import { UNIT_STATUS_ZH, unitStatusText, type Admission, type FileVerdict, type UnitStatus } from '../../core/admit.js';
import { SEVERITY_ZH, type Finding, type UnitKind } from '../../core/types.js';
import { checkPeriodOption, readAndAdmit } from '../admission.js';
import { parseCommandArgs } from '../args.js';
import { collectFiles } from '../files.js';
import { CliError, type Command } from '../io.js';

const usage = `用法 Usage: sti validate <FILE|DIR>... [--register FILE] [--period P] [--json]

读取并校验各单位报送的填报文件（.xlsx），按文件列出问题：错误（必须改正）、警告（需要在“备注/说明”中说明；
已有说明的警告降为提示）、提示。目录会递归查找 .xlsx/.xlsm/.xls/.csv 文件（跳过以 ~$ 开头的 Excel 临时文件；
其他文件列为提示）。源文件只读，不会被修改。

校验与 sti rollup 用同一个纳入判定：rollup 不纳入的，这里报为错误（退出码 1）；这里通过的，rollup 全部采用。
  · 整份文件不纳入的错误：无法读取、不是填报模板、报告期与本次不一致、单位不在名录中、同一单位报送多份（均不纳入）等；
  · 只影响单个数的错误（数字无法识别、负数、分项大于总数、统一社会信用代码有误等）：只有该数（或企业名录该行）
    不纳入，该单位的其他数照常汇总，相关合计标为不完整；
  · 同一企业被两个乡镇（街道）填报：警告，汇总只计一次，两个乡镇的其他数照常汇总；
  · 本工具生成的汇总、排名工作簿和名录混在报表目录中时跳过（提示），不当作报表读取。

选项 Options:
  --register FILE   单位名录（.xlsx 的“单位名录”工作表或 .csv：单位代码|单位名称|单位类型|上级单位代码|计入合计），
                    给出时还校验单位是否在名录中，并列出报送情况（已纳入 / 已报送但未纳入（原因） / 未报送）
  --period P        本次汇总的报告期（如 2024 或 2024-01..09）；不给时取多数文件的报告期。其他报告期的文件为错误
  --json            以 JSON 输出（稳定结构，version 为 2）：
                      { "version": 2, "period", "periodSource": "asked"|"majority"|"none",
                        "summary": { "files", "submissions", "used", "leftOut", "skipped", "errors", "warnings", "infos" },
                        "files": [ { "file", "unitCode", "unitName", "kind", "period",
                                     "verdict": "used"|"left-out"|"skipped", "reason",
                                     "status": "ok"|"warnings"|"errors"|"unreadable", "errors", "warnings", "infos" } ],
                        "findings": [ { "severity": "error"|"warning"|"info", "code", "message",
                                        "file", "sheet"?, "cell"?, "value"?, "expected"?, "unitCode"? } ],
                        "completeness"?: [ { "code", "name", "kind", "parentCode",
                                            "status": "included"|"left-out"|"missing", "statusText", "reason",
                                            "files", "errors", "warnings" } ] }
                    findings 错误在前，再按文件、工作表、单元格排序；code 为稳定的英文代码（如 NEGATIVE_VALUE、USCC_CONFLICT）。

退出码 Exit codes: 0 无错误；1 有错误；2 用法错误或名录无法读取。
`;

export interface ValidateJson {
  version: 2;
  period: string | null;
  periodSource: Admission['periodSource'];
  summary: {
    files: number;
    submissions: number;
    used: number;
    leftOut: number;
    skipped: number;
    errors: number;
    warnings: number;
    infos: number;
  };
  files: {
    file: string;
    unitCode: string | null;
    unitName: string | null;
    kind: string | null;
    period: string | null;
    verdict: FileVerdict['verdict'];
    reason: string | null;
    status: 'ok' | 'warnings' | 'errors' | 'unreadable';
    errors: number;
    warnings: number;
    infos: number;
  }[];
  findings: Finding[];
  completeness?: {
    code: string;
    name: string;
    kind: UnitKind;
    parentCode: string | null;
    status: UnitStatus;
    statusText: string;
    reason: string | null;
    files: string[];
    errors: number;
    warnings: number;
  }[];
}

/** The validation report of an admission (the same verdicts sti rollup uses). */
export function validateJson(admission: Admission, withCompleteness: boolean): ValidateJson {
  const count = (sev: Finding['severity']) => admission.findings.filter((f) => f.severity === sev).length;
  const n = (v: FileVerdict['verdict']) => admission.files.filter((f) => f.verdict === v).length;
  return {
    version: 2,
    period: admission.period,
    periodSource: admission.periodSource,
    summary: {
      files: admission.files.filter((f) => f.verdict !== 'skipped').length,
      submissions: admission.files.filter((f) => f.unitCode !== null).length,
      used: n('used'),
      leftOut: n('left-out'),
      skipped: n('skipped'),
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
    },
    files: admission.files.map((f) => ({
      file: f.file,
      unitCode: f.unitCode,
      unitName: f.unitName,
      kind: f.kind,
      period: f.period,
      verdict: f.verdict,
      reason: f.reason,
      status: f.unitCode === null && f.verdict !== 'skipped' ? 'unreadable' : f.errors ? 'errors' : f.warnings ? 'warnings' : 'ok',
      errors: f.errors,
      warnings: f.warnings,
      infos: f.infos,
    })),
    findings: admission.findings,
    ...(withCompleteness
      ? {
          completeness: admission.units.map((u) => ({
            code: u.code,
            name: u.name,
            kind: u.kind,
            parentCode: u.parentCode,
            status: u.status,
            statusText: unitStatusText(u.status, u.reason),
            reason: u.reason,
            files: u.files,
            errors: u.errors,
            warnings: u.warnings,
          })),
        }
      : {}),
  };
}

export const command: Command = {
  summary: '校验报送文件，列出错误和警告（有错误时退出码为 1）',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('validate', {
      args,
      allowPositionals: true,
      options: { register: { type: 'string' }, period: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (positionals.length === 0) throw new CliError('请指定要校验的文件或目录，例如：sti validate 报送文件/');
    const period = checkPeriodOption(values.period);
    const skipped: string[] = [];
    const files = collectFiles(positionals, io.cwd, skipped);
    if (files.length === 0) throw new CliError(`没有找到 .xlsx 文件：${positionals.join(' ')}`);
    const { admission, release } = await readAndAdmit({ files, skipped, registerPath: values.register ?? null, period }, io);
    // The verdicts are made: the submissions themselves are not needed again.
    release();
    const json = validateJson(admission, Boolean(values.register));
    if (values.json) io.out(JSON.stringify(json, null, 2) + '\n');
    else io.out(renderReport(json, values.register));
    return json.summary.errors > 0 ? 1 : 0;
  },
};

/** The Chinese report, grouped by file. */
export function renderReport(r: ValidateJson, registerFile?: string): string {
  const lines: string[] = [];
  lines.push(
    `校验结果：共 ${r.summary.files} 个文件（报告期 ${r.period ?? '—'}${r.periodSource === 'asked' ? '，按 --period' : r.periodSource === 'majority' ? '，多数文件的报告期' : ''}），` +
      `可纳入汇总 ${r.summary.used} 个，不纳入 ${r.summary.leftOut} 个；错误 ${r.summary.errors} 条，警告 ${r.summary.warnings} 条，提示 ${r.summary.infos} 条`,
  );
  lines.push('');
  const byFile = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const fileNames = [...r.files.map((f) => f.file), ...[...byFile.keys()].filter((k) => !r.files.some((f) => f.file === k))];
  const clean = fileNames.filter((n) => !byFile.has(n));
  // Many clean files (a whole district): one line for them, the report lists the files with findings.
  const listClean = clean.length <= 10;
  for (const name of fileNames) {
    const info = r.files.find((f) => f.file === name);
    const list = byFile.get(name) ?? [];
    if (!list.length && !listClean) continue;
    const who =
      info?.unitName || info?.unitCode
        ? `（${[info?.unitName, info?.unitCode].filter(Boolean).join(' ')}${info?.period ? `，${info.period}` : ''}）`
        : '';
    const verdict =
      info?.verdict === 'left-out' ? `不纳入汇总（${info.reason}）` : info?.verdict === 'skipped' ? `已跳过（${info.reason}）` : '';
    const status = !list.length
      ? '通过'
      : `错误 ${list.filter((f) => f.severity === 'error').length}，警告 ${list.filter((f) => f.severity === 'warning').length}，提示 ${list.filter((f) => f.severity === 'info').length}${verdict ? `；${verdict}` : ''}`;
    lines.push(`■ ${name}${who} — ${status}`);
    for (const f of list) {
      const where = f.sheet ? `${f.sheet}${f.cell ? '!' + f.cell : ''}` : '';
      lines.push(`  [${SEVERITY_ZH[f.severity]}] ${where ? where + '  ' : ''}${f.message}`);
      const extra: string[] = [];
      if (f.value !== undefined && f.value !== '') extra.push(`填报值：${f.value}`);
      if (f.expected) extra.push(`应为：${f.expected}`);
      if (extra.length) lines.push(`         ${extra.join('；')}`);
    }
    lines.push('');
  }
  if (!listClean) {
    lines.push(`其余 ${clean.length} 个文件全部通过校验（未逐一列出）。`);
    lines.push('');
  }
  if (r.completeness) {
    const c = r.completeness;
    const n = (s: string) => c.filter((x) => x.status === s).length;
    lines.push(
      `报送情况（名录 ${registerFile ?? ''}）：应报 ${c.length} 个单位，${UNIT_STATUS_ZH.included} ${n('included')}，${UNIT_STATUS_ZH['left-out']} ${n('left-out')}，${UNIT_STATUS_ZH.missing} ${n('missing')}`,
    );
    for (const x of c) {
      lines.push(
        `  ${x.code} ${x.name}：${x.statusText}${x.files.length ? `  ${x.files.join('、')}` : ''}${x.errors ? `（错误 ${x.errors}）` : ''}`,
      );
    }
    lines.push('');
  }
  lines.push(
    r.summary.errors > 0
      ? '有错误：请改正后重新报送（有错误的文件或数不纳入汇总）。'
      : r.summary.warnings > 0
        ? '没有错误；警告请在“备注/说明”中说明。'
        : '全部通过。',
  );
  return lines.join('\n') + '\n';
}
