import { resolve } from 'node:path';
import { unitStatusText, type Admission } from '../../core/admit.js';
import { numberFormat, catalogue } from '../../core/catalogue.js';
import { excelRound } from '../../core/round.js';
import { activeDistricts, levelSummary, resultsIncomplete, rollupAdmission, rollupAdmissionEach } from '../../core/rollup.js';
import type { LevelSummary, RollupResult } from '../../core/rollup-types.js';
import { sortFindings } from '../../core/validate-codes.js';
import { writeRollupWorkbook } from '../../io/rollup-xlsx.js';
import { checkPeriodOption, readAndAdmit } from '../admission.js';
import { parseCommandArgs } from '../args.js';
import { collectFiles, refuseOutputOverInputs, writeOutputStream } from '../files.js';
import { CliError, writeOut, type CliIO, type Command } from '../io.js';
import {
  fileVerdictJson,
  findingJson,
  levelJson,
  parkRankingJson,
  unitStatusJson,
  type LevelJson,
  type RollupJson,
} from '../json-shape.js';
import { rankParks } from '../../core/ranking.js';
import { textTable } from '../progress.js';
import { eagerMap, JsonText, LazyArray, lazyMap, lendJsonTextAt, writeJson, type ListMaker } from '../json-stream.js';
import { TextSpool } from '../../io/text-spool.js';
import { limitHeapGrowth } from '../heap.js';

const usage = `用法 Usage: sti rollup <DIR|FILES...> [--register FILE] [--period P] --out FILE.xlsx [--json] [--allow-errors]
       sti rollup <DIR|FILES...> [--register FILE] [--period P] --json [--allow-errors]   （只打印 JSON，不写工作簿）

把乡镇（街道）、园区和区（县）报送的填报文件汇总为区（县）合计，并在有多个区（县）时汇总到全市：
  · 加总类指标 = 各乡镇（街道）之和；园区为“其中”项，不计入合计（名录中登记为统计区的园区除外）；
  · 企业数按统一社会信用代码在本区各乡镇（街道）的企业名录中去重：同时列于园区或两个乡镇的企业只计一次，
    只列于园区名录的企业不计入合计（列出，请核实乡镇是否漏报）；未提交企业名录的单位采用其填报数；
  · 比率 = 分子合计 ÷ 分母合计（不取平均）；完成率 = 本级实际 ÷ 本级全年目标；
    研发投入强度等以 GDP、就业人员、财政支出为分母的指标使用区（县）本级报表填报的分母，缺少时空缺（不按零处理）。
目录会递归查找 .xlsx 文件（跳过 ~$ 临时文件；本工具生成的汇总、排名工作簿和名录跳过，不当作报表）。源文件只读，不会被修改。

哪些文件、哪些数纳入汇总（与 sti validate 同一判定）：
  · 报告期：--period 指定，否则取多数文件的报告期；其他报告期的文件不纳入（错误）；
  · 整份不纳入：无法读取、不是填报模板、单位不在名录中、同一单位报送多份（均不纳入，状态为“已报送但未纳入”）；
  · 只影响单个数的错误（数字无法识别、负数、分项大于总数、统一社会信用代码有误等）：只有该数（或企业名录该行）不纳入，
    该单位其他数照常汇总；同一企业被两个乡镇（街道）填报时为警告，只计一次，两个乡镇的其他数照常汇总；
  · 单位状态：已纳入、已报送但未纳入（原因）、未报送。每个合计都注明不含哪些单位及原因：工作簿中该单元格
    加底色和批注，“报送情况”工作表列出全部单位状态和不完整的合计，--json 中每行的 missing 给出明细；
  · 两级汇总：市局只收到各区本级报表（没有乡镇报表）时，该区合计采用区报数（来源中注明）；
    乡镇报表和区本级报表都有时，以汇总结果为准，区自填数不一致时列出。

输出工作簿：全市汇总（多个区时）与各区“汇总表”（合计为 SUM / COUNTIFS / 比率公式并带计算结果，
Excel、WPS、LibreOffice 打开即可重新计算）、“园区排名”、去重后的“企业名录”（超过 Excel 的 1,048,576 行时续写在“企业名录(2)”等工作表）、“来源”（每个合计数的来源单元格）、
“报送情况”（各单位状态与不完整的合计）、“说明”（规则与问题清单）。

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
  --out FILE.xlsx   输出的汇总工作簿（不给 --json 时必填）
  --json            在标准输出打印计算结果 JSON（结构见 README 与 src/cli/json-shape.ts 的 RollupJson；
                    园区排名在 parkRankings 中）。只给 --json、不给 --out 时不写工作簿，只计算并打印 JSON
                    （汇总全国数万个文件时内存最少：各区算完即转为 JSON 暂存于临时文件，不在内存中保留全部单位）
  --period P        本次汇总的报告期（如 2024 或 2024-01..09）；不给时取多数文件的报告期
  --allow-errors    有“错误”的数也纳入汇总（逐个数判定，单元格加批注标明）；无法定位的文件（无法读取、报告期不符、
                    不在名录中、重复报送）仍不纳入

退出码 Exit codes: 0 成功；1 有错误（有文件或数因错误未纳入汇总，或 --allow-errors 时存在错误）；2 用法错误或文件无法读取。
`;

/** What the text summary, the JSON and the findings need of a run, whether its levels were kept whole or written as they came. */
export interface RollupRunOutput {
  admission: Admission;
  filesRead: number;
  /** The levels reported (the city first when several districts). */
  levels: LevelSummary[];
  /** Level i's JSON. */
  levelJsonAt(i: number): LevelJson | JsonText;
}

export interface RollupRun extends RollupRunOutput {
  /**
   * The admission decision. Its `admitted` are emptied once rolled up: the results hold what the
   * outputs need, and a rollup of many files does not keep every submission while it writes them.
   */
  admission: Admission;
  districts: RollupResult[];
  city: RollupResult;
  /** Results written (city first when several districts). */
  results: RollupResult[];
}

/** The levels a rollup reports: the city and its active districts, one active district alone, or the first district. */
function levelsToReport<L>(city: L, districts: readonly L[], active: readonly L[]): L[] {
  const levels = active.length > 1 ? [city, ...active] : active.length === 1 ? [...active] : districts.slice(0, 1);
  if (levels.length === 0) throw new CliError('名录中没有区（县），无法汇总');
  return levels;
}

export interface RollupFilesOptions {
  allowErrors?: boolean;
  period?: string | null;
  /** Other files found in the folders given (named in the verdicts, not read). */
  skipped?: string[];
}

/** Read and admit the files, then roll them up with `roll` (each district's submissions loaded as it is rolled up, then let go). */
async function readAndRollUp<T>(
  files: string[],
  registerPath: string | null,
  io: CliIO,
  options: RollupFilesOptions,
  roll: (admission: Admission) => T,
): Promise<{ admission: Admission; filesRead: number; outcome: T }> {
  const { admission, filesRead, release } = await readAndAdmit({ files, registerPath, ...options }, io);
  try {
    return { admission, filesRead, outcome: roll(admission) };
  } finally {
    release();
  }
}

/** Read, admit and roll up; shared by `sti rollup` and `sti demo`. */
export async function rollupFiles(
  files: string[],
  registerPath: string | null,
  io: CliIO,
  options: RollupFilesOptions = {},
): Promise<RollupRun> {
  const { admission, filesRead, outcome } = await readAndRollUp(files, registerPath, io, options, (a) =>
    rollupAdmission(a, { releaseSubmissions: true }),
  );
  const { districts, city } = outcome;
  const results = levelsToReport(city, districts, activeDistricts(districts));
  return {
    admission,
    districts,
    city,
    results,
    filesRead,
    levels: results.map(levelSummary),
    levelJsonAt: (i) => levelJson(results[i]),
  };
}

/** Where a level's JSON sits in the document writeRollupJson writes (the elements of `levels`). */
const LEVEL_PLACE = { indent: '    ', depth: 2 } as const;

/** A run whose district levels were turned into JSON as each was rolled up, kept in a temporary file until written. */
export interface SpooledRollupRun extends RollupRunOutput {
  city: RollupResult;
  /** Let the kept JSON go (after it is written). */
  close(): void;
}

/**
 * Read, admit and roll up for `sti rollup --json` without a workbook: each district's rows and
 * firms become JSON as it is rolled up and are let go, so a country's units are never all held
 * (only each district's total, parks and findings stay for the city, the ranking of parks and the summary).
 */
export async function rollupFilesToJson(
  files: string[],
  registerPath: string | null,
  io: CliIO,
  options: RollupFilesOptions = {},
): Promise<SpooledRollupRun> {
  const spool = new TextSpool();
  try {
    const spooled = new Map<LevelSummary, number>();
    const { admission, filesRead, outcome } = await readAndRollUp(files, registerPath, io, options, (a) =>
      rollupAdmissionEach(
        a,
        (result, summary) => {
          // Only what can be reported: the active districts, and the first (reported when none is).
          if (summary.active || spooled.size === 0)
            spooled.set(
              summary,
              lendJsonTextAt(levelJson(result), LEVEL_PLACE.indent, LEVEL_PLACE.depth, (t) => spool.put(t.utf8, true)),
            );
        },
        // The JSON shows no source cells: the city's total need not hold every unit's.
        { releaseSubmissions: true, provenance: false },
      ),
    );
    const { city, districts } = outcome;
    const levels = levelsToReport<LevelSummary>(
      levelSummary(city),
      districts,
      districts.filter((d) => d.active),
    );
    return {
      admission,
      filesRead,
      city,
      levels,
      levelJsonAt: (i) => {
        // The city's rows (a country's districts) made one by one as they are written.
        if (levels[i].level === 'city') return levelJson(city, lazyMap);
        const at = spooled.get(levels[i]);
        if (at === undefined) throw new Error(`${levels[i].unit.name}的汇总结果未暂存`);
        return new JsonText(spool.get(at), LEVEL_PLACE.indent, LEVEL_PLACE.depth);
      },
      close: () => spool.close(),
    };
  } catch (e) {
    spool.close();
    throw e;
  }
}

/** 1 when any finding of the run is an error (a file or figure left out, or kept despite it), else 0. */
function exitCodeOf(run: RollupRunOutput): number {
  return runFindings(run).some((f) => f.severity === 'error') ? 1 : 0;
}

/** The findings of a run: admission (validation) and rollup, each once. */
export function runFindings(run: RollupRunOutput) {
  return sortFindings([...run.admission.findings, ...run.levels.flatMap((l) => l.findings)]);
}

export function rollupJson(run: RollupRun, output: string | null): RollupJson {
  return { ...rollupJsonOf(run, output), levels: run.results.map((r) => levelJson(r)) };
}

/**
 * The same JSON as `rollupJson`, written piece by piece (json-stream.ts): a level's JSON is
 * made when it is written (kept results) or was made as its district was rolled up and kept in a
 * temporary file (rollupFilesToJson), so a city of tens of thousands of units never holds its JSON whole.
 */
export function writeRollupJson(run: RollupRunOutput, output: string | null, write: (chunk: string | Uint8Array) => void): void {
  writeJson({ ...rollupJsonOf(run, output, lazyMap), levels: new LazyArray(run.levels.length, (i) => run.levelJsonAt(i)) }, write);
}

function rollupJsonOf(run: RollupRunOutput, output: string | null, list: ListMaker = eagerMap): RollupJson {
  const levels = run.levels;
  const a = run.admission;
  return {
    schema: 'sti-rollup/2',
    year: levels[0]?.year ?? a.year,
    period: a.period,
    periodSource: a.periodSource,
    register: a.registerSource,
    files: {
      read: run.filesRead,
      used: a.files.filter((f) => f.verdict === 'used').length,
      leftOut: a.files.filter((f) => f.verdict === 'left-out').length,
      skipped: a.files.filter((f) => f.verdict === 'skipped').length,
      verdicts: list(a.files, fileVerdictJson),
    },
    units: list(a.units, (u) => unitStatusJson(u, unitStatusText(u.status, u.reason))),
    incomplete: resultsIncomplete(levels),
    levels: [],
    parkRankings: rankParks(levels).map(parkRankingJson),
    findings: runFindings(run).map(findingJson),
    output,
  };
}

const SUMMARY_CODES = ['RD_EXP', 'HNTE_COUNT', 'TECH_CONTRACT_AMT', 'RD_INTENSITY', 'RD_ACTIVE_FIRM_SHARE', 'TECH_CONTRACT_COMPLETION'];

/** A short aligned table of the totals (Chinese). */
export function rollupSummaryText(results: readonly Pick<LevelSummary, 'level' | 'unit' | 'total'>[]): string {
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
/** The totals that lack units or figures, one line per level (empty when every total is complete). */
export function incompleteTotalsText(results: readonly Pick<LevelSummary, 'unit' | 'total'>[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const units = new Map<string, string>();
    for (const t of Object.values(r.total.fields))
      for (const m of t.missing ?? []) if (!units.has(m.unitName)) units.set(m.unitName, m.reason);
    for (const v of Object.values(r.total.indicators))
      for (const m of v.missing ?? []) if (!units.has(m.unitName)) units.set(m.unitName, m.reason);
    if (units.size === 0) continue;
    const named = [...units.entries()].slice(0, 6).map(([n, why]) => `${n}（${why}）`);
    lines.push(`  ${r.unit.name}：不含 ${named.join('、')}${units.size > 6 ? ` 等 ${units.size} 个单位` : ''}`);
  }
  if (lines.length === 0) return '';
  return ['注意：以下合计不完整（工作簿中已加底色和批注，明细见“报送情况”工作表）：', ...lines].join('\n') + '\n';
}

/** What a run did, in Chinese: files used and left out, the totals, incomplete totals, problems. */
export function rollupRunText(run: RollupRunOutput, json: RollupJson): string {
  const lines: string[] = [];
  const { used, leftOut, skipped } = json.files;
  lines.push(
    `已读取 ${run.filesRead} 个文件（报告期 ${json.period ?? '—'}），纳入 ${used} 份${leftOut > 0 ? `，${leftOut} 份未纳入` : ''}${skipped > 0 ? `，跳过 ${skipped} 个` : ''}。`,
  );
  lines.push('');
  lines.push(rollupSummaryText(run.levels).trimEnd());
  const incomplete = incompleteTotalsText(run.levels);
  if (incomplete) lines.push('', incomplete.trimEnd());
  const errors = json.findings.filter((f) => f.severity === 'error').length;
  const warnings = json.findings.filter((f) => f.severity === 'warning').length;
  lines.push('');
  lines.push(`问题：错误 ${errors} 条，警告 ${warnings} 条（详见工作簿“说明”工作表）。`);
  for (const v of json.files.verdicts) if (v.verdict === 'left-out') lines.push(`  未纳入：${v.file}：${v.reason}`);
  return lines.join('\n') + '\n';
}

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
      options: {
        register: { type: 'string' },
        period: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        'allow-errors': { type: 'boolean' },
      },
    });
    if (positionals.length === 0) throw new CliError(`请给出报表文件或目录。\n${usage}`);
    if (!values.out && !values.json) throw new CliError(`请用 --out 指定输出的汇总工作簿（.xlsx），或用 --json 只打印计算结果。\n${usage}`);
    const period = checkPeriodOption(values.period);
    const skipped: string[] = [];
    const files = collectFiles(positionals, io.cwd, skipped);
    if (files.length === 0) throw new CliError(`在 ${positionals.join('、')} 中没有找到 .xlsx 文件`);
    const options = { allowErrors: Boolean(values['allow-errors']), period, skipped };
    if (!values.out) {
      // --json alone: no workbook, so no district's rows need to wait for it (rollupFilesToJson),
      // and what is alive stays small: the heap need not grow far past it.
      limitHeapGrowth();
      const run = await rollupFilesToJson(files, values.register ?? null, io, options);
      try {
        writeRollupJson(run, null, (chunk) => writeOut(io, chunk));
        io.out('\n');
      } finally {
        run.close();
      }
      return exitCodeOf(run);
    }
    const out = resolve(io.cwd, values.out);
    const registerAbs = values.register ? resolve(io.cwd, values.register) : null;
    refuseOutputOverInputs({ abs: out, shown: values.out }, [...files, registerAbs], '输入的报表或名录文件');
    const run = await rollupFiles(files, values.register ?? null, io, options);
    // Written to the file as the zip is made: a workbook of a whole country is never held whole.
    await writeOutputStream(
      out,
      values.out,
      (sink) => writeRollupWorkbook(run.results, { extraFindings: run.admission.findings, admission: run.admission, sink }),
      { createDir: true },
    );
    if (values.json) {
      writeRollupJson(run, out, (chunk) => writeOut(io, chunk));
      io.out('\n');
    } else {
      io.out(rollupRunText(run, rollupJson(run, out)));
      io.out(`汇总工作簿：${out}\n`);
    }
    return exitCodeOf(run);
  },
};
