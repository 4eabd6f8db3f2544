import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { numberFormat, catalogue } from '../../core/catalogue.js';
import { excelRound } from '../../core/round.js';
import { registerFromSubmissions, rollupAll } from '../../core/rollup.js';
import { sortFindingsBySeverity } from '../../core/validate-codes.js';
import type { RollupResult } from '../../core/rollup-types.js';
import type { Finding, Register, Submission } from '../../core/types.js';
import { validateSubmissions } from '../../core/validate.js';
import { readRegisterFile } from '../../io/register.js';
import { readSubmissionFiles } from '../../io/rollup-read.js';
import { writeRollupWorkbook } from '../../io/rollup-xlsx.js';
import { parseCommandArgs } from '../args.js';
import { collectFiles, displayName, refuseOutputOverInputs, writeOutputFile } from '../files.js';
import { CliError, type CliIO, type Command } from '../io.js';
import { findingJson, levelJson, parkRankingJson, type RollupJson } from '../json-shape.js';
import { rankParks } from '../../core/ranking.js';
import { createProgress, textTable } from '../progress.js';

const usage = `用法 Usage: sti rollup <DIR|FILES...> [--register FILE] --out FILE.xlsx [--json] [--allow-errors]

把乡镇（街道）、园区和区（县）报送的填报文件汇总为区（县）合计，并在有多个区（县）时汇总到全市：
  · 加总类指标 = 各乡镇（街道）之和；园区为“其中”项，不计入合计（名录中登记为统计区的园区除外）；
  · 企业数按统一社会信用代码在本区全部企业名录（含园区）中去重，园区企业同时列于乡镇时只计一次；
    未提交企业名录的单位采用其填报数；
  · 比率 = 分子合计 ÷ 分母合计（不取平均）；完成率 = 本级实际 ÷ 本级全年目标；
    研发投入强度等以 GDP、就业人员、财政支出为分母的指标使用区（县）本级报表填报的分母，缺少时空缺（不按零处理）。
目录会递归查找 .xlsx 文件（跳过 ~$ 临时文件）。源文件只读，不会被修改。

输出工作簿：全市汇总（多个区时）与各区“汇总表”（合计为 SUM / COUNTIFS / 比率公式并带计算结果，
Excel、WPS、LibreOffice 打开即可重新计算）、“园区排名”、去重后的“企业名录”、“来源”（每个合计数的来源单元格）、
“说明”（规则与问题清单）。

园区排名：园区是“其中”项，不计入合计，只在园区之间排名（有 2 个及以上已报送的园区时生成）。
  · 只汇总一个区（县）时，排该区的园区；汇总多个区（县）到全市时，全市的园区放在一起排名并注明所属区——
    市科技局要比较的是全市各园区，区内的排名由各区自己的汇总工作簿给出；
  · 指标为园区报表本身能算出的：R&D经费、研发经费增长率、高新技术企业数、技术合同成交额、研发费用占营业收入比重、
    有研发活动企业占比、研发机构设置率、高新技术产业产值占比，有园区填了全年目标时加上完成率
    （以 GDP、就业人员、财政支出为分母的指标只在区、市级计算，不排园区）；
  · 位次为竞争排名（RANK.EQ 公式，并列占位），按全精度数值；未报送的园区不列入，缺某项数值的园区不参与该项排名。

选项 Options:
  --register FILE   单位名录（.xlsx 或 .csv，见 sti validate --help）；不给时按各文件 _meta 中的单位信息推断
                    （此时园区一律作为“其中”项）
  --out FILE.xlsx   输出的汇总工作簿（必填）
  --json            在标准输出打印计算结果 JSON（结构见 README 与 src/cli/json-shape.ts 的 RollupJson；
                    园区排名在 parkRankings 中）
  --allow-errors    有“错误”的报表也纳入汇总（默认不纳入，并在问题清单中列出）

退出码 Exit codes: 0 成功；1 有报表因错误未纳入汇总（或 --allow-errors 时存在错误）；2 用法错误或文件无法读取。
`;

export interface RollupRun {
  register: Register;
  registerSource: RollupJson['register'];
  submissions: Submission[];
  validation: Finding[];
  districts: RollupResult[];
  city: RollupResult;
  /** Results written (city first when several districts). */
  results: RollupResult[];
  excluded: { file: string; reason: string }[];
  filesRead: number;
}

/** Read, validate and roll up; shared by `sti rollup` and `sti demo`. */
export async function rollupFiles(files: string[], registerPath: string | null, io: CliIO, allowErrors: boolean): Promise<RollupRun> {
  let register: Register | null = null;
  const registerFindings: Finding[] = [];
  if (registerPath) {
    const abs = resolve(io.cwd, registerPath);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(abs));
    } catch {
      throw new CliError(`找不到名录文件：${registerPath}`);
    }
    const r = readRegisterFile(bytes, registerPath);
    if (!r.register) throw new CliError(`名录文件无法使用：${r.findings.map((f) => f.message).join('；')}`);
    register = r.register;
    registerFindings.push(...r.findings);
  }
  const registerAbs = registerPath ? resolve(io.cwd, registerPath) : null;
  const toRead = files.filter((p) => p !== registerAbs && /\.xls[xm]$/i.test(p)).map((p) => ({ path: p, name: displayName(p, io.cwd) }));
  for (const p of files)
    if (p !== registerAbs && !/\.xls[xm]$/i.test(p))
      registerFindings.push({
        severity: 'warning',
        code: 'FILE_SKIPPED',
        message: '不是 .xlsx 填报文件，未读取',
        file: displayName(p, io.cwd),
      });
  const progress = createProgress(io, '读取报表', toRead.length);
  const read = await readSubmissionFiles(toRead, { onProgress: (d, t) => progress.update(d, t) });
  progress.done();
  const submissions = read.submissions;
  const registerSource: RollupJson['register'] = register ? 'file' : 'inferred-from-submissions';
  register ??= registerFromSubmissions(submissions);
  const validation = sortFindingsBySeverity([
    ...registerFindings,
    ...validateSubmissions(submissions, { register, fileFindings: read.findings }),
  ]);
  const excluded: RollupRun['excluded'] = [];
  const errorFiles = new Set(validation.filter((f) => f.severity === 'error').map((f) => f.file));
  const readFiles = new Set(submissions.map((s) => s.file));
  for (const f of toRead) if (!readFiles.has(f.name)) excluded.push({ file: f.name, reason: '无法读取为填报文件' });
  let used = submissions;
  if (!allowErrors) {
    used = submissions.filter((s) => !errorFiles.has(s.file));
    for (const s of submissions)
      if (errorFiles.has(s.file))
        excluded.push({ file: s.file, reason: `${s.unit.name}的报表有错误，未纳入汇总（改正后重新汇总，或用 --allow-errors）` });
  }
  const exclusionFindings: Finding[] = excluded.map((e) => ({ severity: 'error', code: 'NOT_ROLLED_UP', message: e.reason, file: e.file }));
  const { districts, city } = rollupAll(register, used);
  const active = districts.filter((d) => d.files.length > 0 || d.rows.some((r) => r.status === 'submitted'));
  const results = active.length > 1 ? [city, ...active] : active.length === 1 ? active : districts.slice(0, 1);
  if (results.length === 0) throw new CliError('名录中没有区（县），无法汇总');
  // City-level findings repeat the districts'; keep one copy of each.
  for (const r of results) r.findings = sortFindingsBySeverity(r.findings);
  return {
    register,
    registerSource,
    submissions: used,
    validation: sortFindingsBySeverity([...exclusionFindings, ...validation]),
    districts,
    city,
    results,
    excluded,
    filesRead: toRead.length,
  };
}

export function rollupJson(run: RollupRun, output: string | null): RollupJson {
  const levels = run.results;
  const findings = sortFindingsBySeverity([
    ...run.validation,
    ...(levels.length > 1 ? levels[0].findings : levels.flatMap((l) => l.findings)),
  ]);
  return {
    schema: 'sti-rollup/1',
    year: levels[0]?.year ?? null,
    period: levels[0]?.period ?? null,
    register: run.registerSource,
    files: { read: run.filesRead, used: run.submissions.length, excluded: run.excluded },
    levels: levels.map(levelJson),
    parkRankings: rankParks(levels).map(parkRankingJson),
    findings: findings.map(findingJson),
    output,
  };
}

const SUMMARY_CODES = ['RD_EXP', 'HNTE_COUNT', 'TECH_CONTRACT_AMT', 'RD_INTENSITY', 'RD_ACTIVE_FIRM_SHARE', 'TECH_CONTRACT_COMPLETION'];

/** A short aligned table of the totals (Chinese). */
export function rollupSummaryText(results: readonly RollupResult[]): string {
  const head = ['单位', ...SUMMARY_CODES.map((c) => `${catalogue.get(c)!.nameZh}(${catalogue.get(c)!.unit})`)];
  const rows = [head];
  const districts = results.filter((r) => r.level === 'district');
  const city = results.find((r) => r.level === 'city');
  for (const r of [...districts, ...(city ? [city] : [])]) {
    rows.push([
      r.level === 'city' ? `${r.unit.name}合计` : r.unit.name,
      ...SUMMARY_CODES.map((c) => {
        const e = catalogue.get(c)!;
        const v = c in r.total.fields ? r.total.fields[c].current : (r.total.indicators[c]?.value ?? null);
        return v === null ? '—' : formatNumber(v, e.decimals, numberFormat(e).includes(','));
      }),
    ]);
  }
  return textTable(rows, ['left', ...SUMMARY_CODES.map(() => 'right' as const)]);
}

/** excelRound then fixed decimals, with thousands separators when asked. */
export function formatNumber(v: number, decimals: number, grouping = false): string {
  const r = excelRound(v, decimals);
  const neg = r < 0;
  const [i, f = ''] = Math.abs(r).toString().includes('e') ? [String(Math.abs(r)), ''] : Math.abs(r).toString().split('.');
  const int = grouping ? i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : i;
  const frac = decimals > 0 ? '.' + (f + '0'.repeat(decimals)).slice(0, decimals) : '';
  return (neg ? '-' : '') + int + frac;
}

export const command: Command = {
  summary: '汇总乡镇（街道）、园区报表为区（县）合计和全市合计（公式实时、来源可查）',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs('rollup', {
      args,
      allowPositionals: true,
      options: { register: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, 'allow-errors': { type: 'boolean' } },
    });
    if (positionals.length === 0) throw new CliError(`请给出报表文件或目录。\n${usage}`);
    if (!values.out) throw new CliError(`请用 --out 指定输出的汇总工作簿（.xlsx）。\n${usage}`);
    const files = collectFiles(positionals, io.cwd);
    if (files.length === 0) throw new CliError(`在 ${positionals.join('、')} 中没有找到 .xlsx 文件`);
    const out = resolve(io.cwd, values.out);
    const registerAbs = values.register ? resolve(io.cwd, values.register) : null;
    refuseOutputOverInputs({ abs: out, shown: values.out }, [...files, registerAbs], '输入的报表或名录文件');
    const run = await rollupFiles(files, values.register ?? null, io, Boolean(values['allow-errors']));
    const extraFindings = run.validation;
    const bytes = await writeRollupWorkbook(run.results, { extraFindings });
    writeOutputFile(out, bytes, values.out, { createDir: true });
    const json = rollupJson(run, out);
    const errors = json.findings.filter((f) => f.severity === 'error').length;
    if (values.json) {
      io.out(JSON.stringify(json, null, 2) + '\n');
    } else {
      io.out(
        `已读取 ${run.filesRead} 个文件，汇总 ${run.submissions.length} 份报表${run.excluded.length > 0 ? `，${run.excluded.length} 个文件未纳入（见问题清单）` : ''}。\n\n`,
      );
      io.out(rollupSummaryText(run.results));
      const warnings = json.findings.filter((f) => f.severity === 'warning').length;
      io.out(`\n问题：错误 ${errors} 条，警告 ${warnings} 条（详见工作簿“说明”工作表）。\n`);
      for (const e of run.excluded) io.out(`  未纳入：${e.file}：${e.reason}\n`);
      io.out(`汇总工作簿：${out}\n`);
    }
    return errors > 0 ? 1 : 0;
  },
};
