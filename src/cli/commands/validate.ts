import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SEVERITY_ZH, type Finding, type Register, type Submission } from '../../core/types.js';
import { COMPLETENESS_ZH, completeness, sortFindings, validateSubmissions, type CompletenessRow } from '../../core/validate.js';
import { readRegisterFile } from '../../io/register.js';
import { readSubmissionFile } from '../../io/submission.js';
import { parseCommandArgs } from '../args.js';
import { collectFiles, displayName } from '../files.js';
import { createProgress } from '../progress.js';
import { CliError, type Command } from '../io.js';

const usage = `用法 Usage: sti validate <FILE|DIR>... [--register FILE] [--json]

读取并校验各单位报送的填报文件（.xlsx），按文件列出问题：错误（必须改正，阻止汇总）、
警告（需要在“备注/说明”中说明；已有说明的警告降为提示）、提示。目录会递归查找 .xlsx/.xlsm/.xls/.csv 文件
（跳过以 ~$ 开头的 Excel 临时文件）。源文件只读，不会被修改。

选项 Options:
  --register FILE   单位名录（.xlsx 的“单位名录”工作表或 .csv：单位代码|单位名称|单位类型|上级单位代码|计入合计），
                    给出时还校验单位是否在名录中，并列出报送情况（已报送 / 未报送 / 未通过校验）
  --json            以 JSON 输出（稳定结构，version 为 1）：
                      { "version": 1,
                        "summary": { "files", "submissions", "errors", "warnings", "infos" },
                        "files": [ { "file", "unitCode", "unitName", "kind", "period",
                                     "status": "ok"|"warnings"|"errors"|"unreadable", "errors", "warnings", "infos" } ],
                        "findings": [ { "severity": "error"|"warning"|"info", "code", "message",
                                        "file", "sheet"?, "cell"?, "value"?, "expected"?, "unitCode"? } ],
                        "completeness"?: [ { "code", "name", "kind", "parentCode",
                                            "status": "submitted"|"missing"|"failed", "files", "errors", "warnings" } ] }
                    findings 按文件、工作表、单元格排序；code 为稳定的英文代码（如 NEGATIVE_VALUE、USCC_CONFLICT）。

退出码 Exit codes: 0 无错误；1 有错误；2 用法错误或名录无法读取。
`;

export interface ValidateJson {
  version: 1;
  summary: { files: number; submissions: number; errors: number; warnings: number; infos: number };
  files: {
    file: string;
    unitCode: string | null;
    unitName: string | null;
    kind: string | null;
    period: string | null;
    status: 'ok' | 'warnings' | 'errors' | 'unreadable';
    errors: number;
    warnings: number;
    infos: number;
  }[];
  findings: Finding[];
  completeness?: CompletenessRow[];
}

export const command: Command = {
  summary: '校验报送文件，列出错误和警告（有错误时退出码为 1）',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('validate', {
      args,
      allowPositionals: true,
      options: { register: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (positionals.length === 0) throw new CliError('请指定要校验的文件或目录，例如：sti validate 报送文件/');
    let register: Register | undefined;
    const registerFindings: Finding[] = [];
    if (values.register) {
      const p = resolve(io.cwd, values.register);
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(p);
      } catch {
        throw new CliError(`找不到名录文件：${values.register}`);
      }
      const r = readRegisterFile(bytes, values.register);
      if (!r.register) throw new CliError(r.findings.map((f) => f.message).join('；') || `名录文件无法读取：${values.register}`);
      const blocking = r.findings.filter((f) => f.severity === 'error');
      if (r.register.units.length === 0)
        throw new CliError(`名录中没有单位：${values.register}${blocking.length ? `（${blocking[0].message}）` : ''}`);
      register = r.register;
      registerFindings.push(...r.findings);
    }
    // The register may sit in the same folder as the submissions: it is not one of them.
    const registerPath = values.register ? resolve(io.cwd, values.register) : null;
    const skipped: string[] = [];
    const files = collectFiles(positionals, io.cwd, skipped).filter((f) => f !== registerPath);
    if (files.length === 0) throw new CliError(`没有找到 .xlsx 文件：${positionals.join(' ')}`);
    const subs: Submission[] = [];
    const fileFindings: Finding[] = [];
    const display = (abs: string) => displayName(abs, io.cwd);
    const bySub = new Map<string, Submission | null>();
    const progress = createProgress(io, '读取中', files.length);
    files.forEach((abs, i) => {
      const name = display(abs);
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(abs);
      } catch (e) {
        fileFindings.push({
          severity: 'error',
          code: 'FILE_UNREADABLE',
          message: `无法打开文件：${e instanceof Error ? e.message : String(e)}`,
          file: name,
        });
        bySub.set(name, null);
        return;
      }
      const r = readSubmissionFile(bytes, name);
      fileFindings.push(...r.findings);
      if (r.submission) subs.push(r.submission);
      bySub.set(name, r.submission);
      progress.update(i + 1);
    });
    progress.done();
    // Other files in the folders are named, not silently passed over.
    const skippedFindings: Finding[] = skipped.map((f) => ({
      severity: 'info',
      code: 'FILE_SKIPPED',
      message: '不是表格文件（.xlsx/.xlsm/.xls/.csv），未读取',
      file: display(f),
    }));
    const findings = sortFindings([...registerFindings, ...skippedFindings, ...validateSubmissions(subs, { register, fileFindings })]);
    const comp = register ? completeness(register, subs, findings) : undefined;
    const count = (file: string | null, sev: Finding['severity']) =>
      findings.filter((f) => (file === null || f.file === file) && f.severity === sev).length;
    const json: ValidateJson = {
      version: 1,
      summary: {
        files: files.length,
        submissions: subs.length,
        errors: count(null, 'error'),
        warnings: count(null, 'warning'),
        infos: count(null, 'info'),
      },
      files: [...bySub.entries()].map(([file, s]) => {
        const errors = count(file, 'error');
        const warnings = count(file, 'warning');
        return {
          file,
          unitCode: s?.unit.code || null,
          unitName: s?.unit.name || null,
          kind: s?.unit.kind ?? null,
          period: s?.period || null,
          status: !s ? 'unreadable' : errors ? 'errors' : warnings ? 'warnings' : 'ok',
          errors,
          warnings,
          infos: count(file, 'info'),
        };
      }),
      findings,
      ...(comp ? { completeness: comp } : {}),
    };
    if (values.json) io.out(JSON.stringify(json, null, 2) + '\n');
    else io.out(renderReport(json, values.register));
    return json.summary.errors > 0 ? 1 : 0;
  },
};

/** The Chinese report, grouped by file. */
export function renderReport(r: ValidateJson, registerFile?: string): string {
  const lines: string[] = [];
  lines.push(
    `校验结果：共 ${r.summary.files} 个文件，错误 ${r.summary.errors} 条，警告 ${r.summary.warnings} 条，提示 ${r.summary.infos} 条`,
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
    const status = !list.length
      ? '通过'
      : `错误 ${list.filter((f) => f.severity === 'error').length}，警告 ${list.filter((f) => f.severity === 'warning').length}，提示 ${list.filter((f) => f.severity === 'info').length}`;
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
      `报送情况（名录 ${registerFile ?? ''}）：应报 ${c.length} 个单位，已报送 ${n('submitted')}，未通过校验 ${n('failed')}，未报送 ${n('missing')}`,
    );
    for (const x of c) {
      lines.push(
        `  ${COMPLETENESS_ZH[x.status].padEnd(6, '　')} ${x.code} ${x.name}${x.files.length ? `  ${x.files.join('、')}` : ''}${x.errors ? `（错误 ${x.errors}）` : ''}`,
      );
    }
    lines.push('');
  }
  lines.push(
    r.summary.errors > 0
      ? '有错误：请改正后重新报送（错误会阻止汇总）。'
      : r.summary.warnings > 0
        ? '没有错误；警告请在“备注/说明”中说明。'
        : '全部通过。',
  );
  return lines.join('\n') + '\n';
}
