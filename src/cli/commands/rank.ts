import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { catalogue } from '../../core/catalogue.js';
import { COMPOSITE_METHODS, type CompositeMethod, type Direction } from '../../core/composite.js';
import { periodTextZh } from '../../core/period.js';
import { RANK_METHODS, type RankMethod } from '../../core/rank.js';
import {
  DEFAULT_RANKING_INDICATORS,
  rankChildren,
  rankingInputOf,
  type IndexOptions,
  type PreviousRanking,
  type RankingInputRow,
  type RankingTable,
} from '../../core/ranking.js';
import { caliberNotes, type AdoptedSetting } from '../../core/caliber.js';
import { caliberRankingNotes, rankingNotesText } from '../../core/notes.js';
import { admit, admittedSubmissions, figureLabel, listFigureMarks, type FileRead } from '../../core/admit.js';
import { SHEET_INDICATORS } from '../../core/template-schema.js';
import { computeIndicators, submissionFields } from '../../core/rollup.js';
import { DEFAULT_HEADLINE_INDICATORS } from '../../core/outputs-ranking.js';
import { readSubmission } from '../../core/read-submission.js';
import type { Finding } from '../../core/types.js';
import { finding, sortFindings } from '../../core/validate-codes.js';
import { checkPeriodOption } from '../admission.js';
import { readRankingWorkbook, writeRankingWorkbook, type RankingSettingsRead, type RankingWorkbookRead } from '../../io/ranking-xlsx.js';
import { isRollupGrid, readRollupGrid } from '../../io/rollup-xlsx.js';
import { readXlsx } from '../../io/xlsx/read.js';
import { isBulkRollupSheet } from '../../core/outputs-rollup.js';
import { parseCommandArgs } from '../args.js';
import { collectFiles, displayName, refuseOutputOverInputs, writeOutputFile } from '../files.js';
import { CliError, type CliIO, type Command } from '../io.js';
import { rankJson, type RankJson } from '../json-shape.js';
import { createProgress, textTable } from '../progress.js';
import { formatNumber } from './rollup.js';

/** Whether a file is a ranking workbook sti rank wrote (so a re-run may replace it). */
function isRankingWorkbookFile(path: string): boolean {
  try {
    readRankingWorkbook(new Uint8Array(readFileSync(path)), path);
    return true;
  } catch {
    return false;
  }
}

const usage = `用法 Usage: sti rank <区汇总工作簿|区报表|DIR>... [--previous FILE] [--method competition|dense|average]
                [--index minmax|zscore|standard|base|none] [--weights W1,W2,...] [--standards V1,V2,...]
                [--indicators CODE1,CODE2,...] [--index-indicators CODE1,...] [--decimals] [--title 名称]
                [--period P] --out FILE.xlsx [--json]

对全市各区（县）排名：每个指标按其方向排位（越大越好从大到小，清零类等越小越好从小到大），
计算科创指数（在同级各区之间重新计算，不用下级指数）及其位次；给出上年排名工作簿时，
计算位次变化（上年位次 − 本年位次，按两年都参与排名的区、本年排名方法）和进步位次（指数提高幅度的排名）。

输入（可混合）：
  · sti rollup 生成的汇总工作簿：读取其中各区（县）的合计行（公式的计算结果）；
  · 区（县）本级填报文件（sti template district）：用该区自己填报的数计算指标。
目录会递归查找 .xlsx 文件。

选项 Options:
  --previous FILE     上年由 sti rank 生成的排名工作簿；未另行指定的设置（排名方法、排名数值、指标、指数方法、
                      指数指标、权重、方向、标准值或基期值、合成方式）沿用其“排名设置”，保持同一口径。
                      沿用了哪些上年设置（与默认不同时）、本年与上年口径有哪些不同，逐项写在排名表下的注中
                      （--json 的 notes）：口径不同时，指数提高和进步位次比较的是不同口径的指数
  --method M          competition（默认，竞争排名=RANK.EQ）| dense（中国式排名）| average（平均排名=RANK.AVG）
  --index M           科创指数方法：minmax（默认）| zscore | standard（需 --standards）| base（需 --standards 作基期值）| none。
                      standard：x/标准值×100，越小越好的指标 标准值/x×100，均封顶100（为0即达标）；
                      base：x/基期值×100，不封顶；越小越好的指标 基期值/x×100，封顶200（降到基期值一半及以下、
                      含清零对象清零，均记满分200）
  --weights W,...     指数权重，与指数指标一一对应（默认等权，自动归一化）
  --standards V,...   standard 法的标准值或 base 法的基期值，与指数指标一一对应
  --indicators C,...  参与排名的指标代码（默认：${DEFAULT_RANKING_INDICATORS.join(',')}）
  --index-indicators C,...  参与指数的指标代码（默认与 --indicators 相同）
  --decimals          按各指标显示小数位四舍五入后的数值排名（公报口径）
  --title 名称        排名表标题中的上级单位名称（默认取汇总工作簿中的市名）
  --headline C,...    “通报表”中科创指数之外列出的 4–6 个主要指标（默认：${DEFAULT_HEADLINE_INDICATORS.join(',')} 中参与排名的）
  --out FILE.xlsx     输出的排名工作簿（必填）：
                        城市排名：按科创指数位次排列（并列注明）；位次、区（县）、科创指数、与上年比较（▲上升 ▼下降）、
                        再是各指标的数值和位次（位次为 RANK.EQ 等原生公式）；7 个及以上单位时标出前三/后三，否则第一和最后；
                        科创指数柱形图在表下方；A4 横向、一页宽打印，表头重复；
                        通报表：位次、单位、科创指数和主要指标，一页 A4，供通报直接使用；
                        排名设置：下一年 --previous 读取，保持同一口径
  --json              在标准输出打印排名 JSON（结构见 README 与 src/cli/json-shape.ts 的 RankJson）

区（县）本级填报文件与 sti rollup 用同一个纳入判定（报告期、重复报送、错误逐个数判定）；同一个区（县）在多个输入中出现时
都不参与排名（错误）。排名所用数值依据的合计不完整（缺少下级单位或个别数）时，排名表中该数值后加“※”并附批注，
表下注明，--json 中该行的 incomplete 列出，退出码为 1。

  --period P          本次排名的报告期（如 2024）；不给时取汇总工作簿或多数区报表的报告期

退出码 Exit codes: 0 成功；1 有错误，或有排名数值依据的合计不完整（排名工作簿仍会写出）；2 用法错误或文件无法读取。
`;

const list = (s: string | undefined): string[] | undefined => (s === undefined ? undefined : s.split(/[,，\s]+/).filter(Boolean));
const numbers = (s: string | undefined, what: string): number[] | undefined => {
  const l = list(s);
  if (!l) return undefined;
  return l.map((x) => {
    const n = Number(x);
    if (!Number.isFinite(n)) throw new CliError(`${what}应为数字，实际为“${x}”`);
    return n;
  });
};

export interface RankInputs {
  rows: RankingInputRow[];
  /** The city total of a city rollup workbook (its 市合计 row), when one was given. */
  city: RankingInputRow | null;
  parentName: string | null;
  parentCode: string | null;
  period: string | null;
  findings: Finding[];
}

/**
 * District rows from rollup workbooks and district submissions. District files go through the
 * same admission as sti rollup (period, duplicates, errors: a figure with an error is left out and
 * the values resting on it are marked incomplete); rollup workbooks carry their own completeness
 * (报送情况). A district given twice is ranked from neither (an error naming both).
 */
/**
 * The sheets of a rollup workbook that ranking reads: not 企业名录 or 来源 (a big city's lists
 * hundreds of thousands of firms), and of the 汇总 sheets only the first — a city workbook's first
 * 汇总 sheet is the city's, with a row per district (the same figures as each district's own sheet,
 * which a national-scale workbook has thousands of, past the reader's cell limit). A district
 * workbook has one 汇总 sheet.
 */
function rollupSheetsToRank(): (sheet: string) => boolean {
  let summaries = 0;
  return (sheet) => {
    if (isBulkRollupSheet(sheet)) return false;
    if (sheet.startsWith('汇总')) return ++summaries === 1;
    return true;
  };
}

export function readRankInputs(paths: { path: string; name: string }[], io: CliIO, options: { period?: string | null } = {}): RankInputs {
  const findings: Finding[] = [];
  const candidates: (RankingInputRow & { file: string; parentCode: string | null })[] = [];
  let parentName: string | null = null;
  let parentCode: string | null = null;
  let period: string | null = options.period ?? null;
  let city: RankingInputRow | null = null;
  const districtReads: FileRead[] = [];
  const progress = createProgress(io, '读取文件', paths.length);
  paths.forEach(({ path, name }, i) => {
    progress.update(i + 1);
    let grid;
    try {
      const bytes = new Uint8Array(readFileSync(path));
      // First without 企业名录 (a big city's rollup workbook lists hundreds of thousands of firms);
      // a district submission needs its own 企业名录, so it is read again in full.
      grid = readXlsx(bytes, name, { sheetFilter: rollupSheetsToRank() });
      if (!isRollupGrid(grid)) grid = readXlsx(bytes, name);
    } catch (e) {
      findings.push(finding('FILE_UNREADABLE', `文件无法读取：${e instanceof Error ? e.message : String(e)}`, { file: name }));
      return;
    }
    if (isRollupGrid(grid)) {
      const read = readRollupGrid(grid);
      if (options.period && read.period && read.period !== options.period) {
        findings.push(
          finding('PERIOD_MISMATCH', `汇总工作簿的报告期 ${read.period} 与 --period ${options.period} 不一致，未参与排名`, {
            file: name,
            sheet: '说明',
            value: read.period,
            expected: options.period,
          }),
        );
        return;
      }
      if (period && read.period && read.period !== period) {
        findings.push(
          finding('PERIOD_MISMATCH', `汇总工作簿的报告期 ${read.period} 与其他输入（${period}）不一致，未参与排名；可用 --period 指定`, {
            file: name,
            sheet: '说明',
            value: read.period,
            expected: period,
          }),
        );
        return;
      }
      period ??= read.period;
      city ??= read.city;
      for (const d of read.districts)
        candidates.push({
          unitCode: d.unitCode,
          unitName: d.unitName,
          values: d.values,
          incomplete: d.incomplete,
          file: name,
          parentCode: d.parentCode,
        });
      // The city name from the city sheet's total row (its 市合计 row, read by the rollup layout).
      parentName ??= read.city?.unitName || null;
      return;
    }
    const { submission, findings: f } = readSubmission(grid);
    if (!submission || submission.unit.kind !== 'district') {
      findings.push(
        finding('NOT_RANK_INPUT', '既不是 sti rollup 生成的汇总工作簿，也不是区（县）本级填报文件，未读取', {
          file: name,
          expected: '汇总工作簿或区（县）填报文件',
        }),
      );
      return;
    }
    districtReads.push({ file: name, submission, findings: f });
  });
  progress.done();
  if (districtReads.length > 0) {
    // The admission sti rollup uses: period, duplicates, errors per figure.
    const admission = admit(districtReads, { period });
    findings.push(...admission.findings);
    period ??= admission.period;
    for (const sub of admittedSubmissions(admission)) {
      parentCode ??= sub.unit.parentCode;
      const fields = submissionFields(sub);
      const verdict = admission.usedFileOf.get(sub.unit.code);
      const marks = verdict ? [...verdict.marks, ...listFigureMarks(verdict, sub.enterprises[0]?.ref.sheet)] : [];
      for (const m of marks) {
        if (m.kind !== 'left-out' || m.role === 'target') continue;
        (fields[m.field].missing ??= []).push({
          unitCode: sub.unit.code,
          unitName: sub.unit.name,
          reason: m.sheet === SHEET_INDICATORS ? `${figureLabel(m)}有错误未纳入（${m.sheet}!${m.cell}）` : m.message,
          roles: [m.role],
        });
      }
      candidates.push({
        ...rankingInputOf({ unitCode: sub.unit.code, unitName: sub.unit.name }, fields, computeIndicators(fields, true)),
        file: sub.file,
        parentCode: sub.unit.parentCode,
      });
    }
  }
  // A district given twice (two workbooks, or a workbook and its own file): neither is ranked.
  const rows: RankingInputRow[] = [];
  for (const c of candidates) {
    const same = candidates.filter((x) => x.unitCode === c.unitCode);
    if (same.length > 1) {
      findings.push(
        finding(
          'DUPLICATE_SUBMISSION',
          `${c.unitName}（${c.unitCode}）在多个输入中出现（${same.map((x) => x.file).join('、')}），不知采用哪一份，未参与排名；请只给出一份`,
          { file: c.file, value: c.unitCode, expected: '每个区（县）一份', unitCode: c.unitCode },
        ),
      );
      continue;
    }
    parentCode ??= c.parentCode;
    rows.push({ unitCode: c.unitCode, unitName: c.unitName, values: c.values, incomplete: c.incomplete });
  }
  return { rows, city, parentName, parentCode, period, findings: sortFindings(findings) };
}

/** Last year's ranking workbook named by --previous (a Chinese CliError when it cannot be read). */
export function readPreviousOption(path: string, io: CliIO): RankingWorkbookRead {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(resolve(io.cwd, path)));
  } catch {
    throw new CliError(`找不到上年排名文件：${path}`);
  }
  try {
    return readRankingWorkbook(bytes, path);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
}

export interface RankRunOptions {
  method?: RankMethod;
  indexMethod?: CompositeMethod | 'none';
  weights?: number[];
  standards?: number[];
  indicators?: string[];
  indexIndicators?: string[];
  decimals?: boolean;
  previous?: { ranking: PreviousRanking; settings: RankingSettingsRead } | null;
}

/**
 * Options given, else last year's settings, else defaults. With last year's ranking, the
 * caliber notes (core caliberNotes: settings adopted from last year, settings that differ
 * from last year's) end the table's notes and are also in `caliber`.
 */
export function rankTable(rows: RankingInputRow[], o: RankRunOptions): RankingTable & { caliber: string[] } {
  const prev = o.previous?.settings;
  const adopted: AdoptedSetting[] = [];
  const adopt = <T>(given: T | undefined, last: T | undefined, setting: AdoptedSetting): T | undefined => {
    if (given !== undefined || last === undefined) return given;
    adopted.push(setting);
    return last;
  };
  const method = adopt(o.method, prev?.method, 'method') ?? 'competition';
  const lastIndicators = prev?.indicators && prev.indicators.length > 0 ? prev.indicators : undefined;
  const indicators = adopt(o.indicators, lastIndicators, 'indicators') ?? [...DEFAULT_RANKING_INDICATORS];
  for (const c of indicators) if (!catalogue.get(c)) throw new CliError(`未知的指标代码：${c}`);
  const indexMethod = adopt(o.indexMethod, prev?.indexMethod, 'indexMethod') ?? 'minmax';
  let index: IndexOptions | false = false;
  if (indexMethod !== 'none') {
    const fromPrev = !o.indexIndicators && !o.indicators && prev?.index && prev.index.length > 0 ? prev.index : null;
    const lastCodes = fromPrev?.map((x) => x.code);
    const codes = o.indexIndicators ?? adopt(undefined, lastCodes, 'indexIndicators') ?? indicators;
    for (const c of codes) if (!catalogue.get(c)) throw new CliError(`未知的指数指标代码：${c}`);
    const lastWeights = fromPrev?.map((x) => x.weight);
    const weights = adopt(o.weights, lastWeights, 'weights');
    if (weights && weights.length !== codes.length)
      throw new CliError(`权重应为${codes.length}个（与指数指标一一对应），实际为${weights.length}个`);
    const lastReference = fromPrev && fromPrev.every((x) => x.reference !== null) ? fromPrev.map((x) => x.reference) : undefined;
    const reference = adopt<(number | null)[]>(o.standards, lastReference, 'reference');
    if ((indexMethod === 'standard' || indexMethod === 'base') && (!reference || reference.length !== codes.length)) {
      throw new CliError(
        `指数方法 ${indexMethod} 需要 --standards 给出${codes.length}个${indexMethod === 'standard' ? '标准值' : '基期值'}（与指数指标一一对应）`,
      );
    }
    // No options for these: last year's, else the catalogue's directions and the arithmetic mean.
    const lastDirections: Direction[] | undefined = fromPrev?.map((x) => x.direction);
    const directions = adopt(undefined, lastDirections, 'directions');
    const aggregation = adopt(undefined, prev?.aggregation, 'aggregation') ?? 'arithmetic';
    index = { method: indexMethod, indicators: codes, weights, reference, directions, aggregation };
  }
  const decimals = o.decimals
    ? 'display'
    : o.decimals === false
      ? undefined
      : adopt(undefined, prev?.decimals === 'display' ? ('display' as const) : undefined, 'decimals');
  const table = rankChildren(rows, { method, decimals, indicators, index, previous: o.previous?.ranking });
  const caliber = o.previous ? caliberNotes(table.settings, o.previous.settings, adopted) : [];
  return { ...table, notes: [...table.notes, ...caliberRankingNotes(caliber)], caliber };
}

/** One warning per ranked unit whose values rest on incomplete totals. */
export function incompleteFindings(table: RankingTable, file: string): Finding[] {
  return table.rows
    .filter((r) => Object.keys(r.incomplete).length > 0)
    .map((r) =>
      finding(
        'RANKED_VALUE_INCOMPLETE',
        `${r.unitName}的${Object.keys(r.incomplete)
          .map((c) => catalogue.get(c)?.nameZh ?? c)
          .join('、')}所依据的合计不完整：${[...new Set(Object.values(r.incomplete))].join('；')}`,
        { file, unitCode: r.unitCode },
      ),
    );
}

/** The ranking as an aligned Chinese text table. */
export function rankingText(table: RankingTable, maxIndicators = 4): string {
  const cols = table.columns.slice(0, maxIndicators);
  const head = ['位次', '区（县）', ...(table.settings.index ? ['科创指数'] : []), ...cols.map((c) => `${c.nameZh}(位次)`)];
  const withPrev = table.rows.some((r) => r.rankChangeText !== null);
  if (withPrev) head.push('上年位次', '位次变化', '进步位次');
  const sorted = [...table.rows].sort((a, b) => (a.indexRank ?? 1e9) - (b.indexRank ?? 1e9) || (a.unitCode < b.unitCode ? -1 : 1));
  const rows = [head];
  for (const r of sorted) {
    rows.push([
      r.indexRank === null ? '—' : String(r.indexRank),
      r.unitName,
      ...(table.settings.index ? [r.index === null ? '—' : formatNumber(r.index, 1) + (r.incomplete.STI_INDEX ? '※' : '')] : []),
      ...cols.map((c) =>
        r.values[c.code] === null
          ? '—'
          : `${formatNumber(r.values[c.code]!, c.decimals)}${r.incomplete[c.code] ? '※' : ''}(${r.ranks[c.code]})`,
      ),
      ...(withPrev
        ? [
            r.previousRank === null ? '—' : String(r.previousRank),
            r.rankChangeText ?? '—',
            r.progressRank === null ? '—' : String(r.progressRank),
          ]
        : []),
    ]);
  }
  const align = head.map((_, i) => (i === 1 ? 'left' : 'right') as 'left' | 'right');
  return textTable(rows, align);
}

export const command: Command = {
  summary: '全市各区（县）指标排名、科创指数、位次变化，生成带公式、条件格式和图表的排名工作簿',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values: v, positionals } = parseCommandArgs('rank', {
      args,
      allowPositionals: true,
      options: {
        previous: { type: 'string' },
        method: { type: 'string' },
        index: { type: 'string' },
        weights: { type: 'string' },
        standards: { type: 'string' },
        indicators: { type: 'string' },
        'index-indicators': { type: 'string' },
        headline: { type: 'string' },
        decimals: { type: 'boolean' },
        title: { type: 'string' },
        period: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length === 0) throw new CliError(`请给出各区（县）的汇总工作簿、区报表或目录。\n${usage}`);
    if (!v.out) throw new CliError(`请用 --out 指定输出的排名工作簿（.xlsx）。\n${usage}`);
    if (v.method && !RANK_METHODS.includes(v.method as RankMethod))
      throw new CliError(`未知的排名方法“${v.method}”，应为 competition、dense 或 average`);
    if (v.index && v.index !== 'none' && !COMPOSITE_METHODS.includes(v.index as CompositeMethod))
      throw new CliError(`未知的指数方法“${v.index}”，应为 minmax、zscore、standard、base 或 none`);
    const outAbs = resolve(io.cwd, v.out);
    const previousAbs = v.previous ? resolve(io.cwd, v.previous) : null;
    // Sources are never modified (product.md §8): the output may only replace an earlier ranking workbook.
    const out = { abs: outAbs, shown: v.out };
    refuseOutputOverInputs(out, [previousAbs], '上年排名文件（--previous）');
    const collected = collectFiles(positionals, io.cwd);
    refuseOutputOverInputs(out, collected, '输入的文件之一（不是排名工作簿）', isRankingWorkbookFile);
    const files = collected.filter((p) => /\.xls[xm]$/i.test(p) && p !== outAbs && p !== previousAbs);
    if (files.length === 0) throw new CliError(`在 ${positionals.join('、')} 中没有找到 .xlsx 文件`);
    let previous: RankRunOptions['previous'] = null;
    const previousRead = v.previous ? readPreviousOption(v.previous, io) : null;
    if (previousRead) previous = { ranking: previousRead.previous, settings: previousRead.settings };
    const inputs = readRankInputs(
      files.map((p) => ({ path: p, name: displayName(p, io.cwd) })),
      io,
      { period: checkPeriodOption(v.period) },
    );
    if (inputs.rows.length === 0)
      throw new CliError(`没有读到任何区（县）的数据：${inputs.findings.map((f) => `${f.file}：${f.message}`).join('；')}`);
    let table: RankingTable & { caliber: string[] };
    try {
      table = rankTable(inputs.rows, {
        method: v.method as RankMethod | undefined,
        indexMethod: v.index as CompositeMethod | 'none' | undefined,
        weights: numbers(v.weights, '权重'),
        standards: numbers(v.standards, '标准值'),
        indicators: list(v.indicators),
        indexIndicators: list(v['index-indicators']),
        decimals: v.decimals ? true : undefined,
        previous,
      });
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(e instanceof Error ? e.message : String(e));
    }
    const parentName = v.title ?? inputs.parentName ?? '全市';
    const year = inputs.period ? Number(inputs.period.slice(0, 4)) || null : null;
    const headline = list(v.headline);
    for (const c of headline ?? [])
      if (!table.columns.some((x) => x.code === c)) throw new CliError(`--headline 中的“${c}”不是参与排名的指标`);
    const bytes = await writeRankingWorkbook(table, {
      parentName,
      periodZh: periodTextZh(inputs.period),
      year,
      period: inputs.period,
      headline,
    });
    writeOutputFile(outAbs, bytes, v.out, { createDir: true });
    const findings = [
      ...inputs.findings,
      ...table.caliber.map((m) => finding('CALIBER_DIFFERS', m, { file: v.previous ?? outAbs })),
      ...incompleteFindings(table, outAbs),
    ];
    const json: RankJson = rankJson(table, {
      parent: { unitCode: inputs.parentCode, unitName: parentName },
      year,
      period: inputs.period,
      findings,
      output: outAbs,
    });
    if (v.json) io.out(JSON.stringify(json, null, 2) + '\n');
    else {
      io.out(`${parentName}${periodTextZh(inputs.period)}各区（县）排名（${inputs.rows.length}个单位）\n\n`);
      io.out(rankingText(table));
      for (const n of rankingNotesText(table.notes)) io.out(`注：${n}\n`);
      for (const f of findings)
        io.out(`${f.severity === 'error' ? '错误' : f.severity === 'warning' ? '警告' : '提示'}：${f.file}：${f.message}\n`);
      io.out(`\n排名工作簿：${outAbs}\n`);
    }
    return findings.some((f) => f.severity === 'error' || f.code === 'RANKED_VALUE_INCOMPLETE') ? 1 : 0;
  },
};
