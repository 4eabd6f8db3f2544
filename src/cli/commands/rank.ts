import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { catalogue } from '../../core/catalogue.js';
import { COMPOSITE_METHODS, type CompositeMethod, type Direction } from '../../core/composite.js';
import { periodTextZh } from '../../core/period.js';
import { RANK_METHODS, type RankMethod } from '../../core/rank.js';
import {
  DEFAULT_RANKING_INDICATORS,
  rankChildren,
  type IndexOptions,
  type PreviousRanking,
  type RankingInputRow,
  type RankingTable,
} from '../../core/ranking.js';
import { computeIndicators, submissionFields } from '../../core/rollup.js';
import { readSubmission } from '../../core/read-submission.js';
import type { Finding } from '../../core/types.js';
import { readRankingWorkbook, writeRankingWorkbook, type RankingSettingsRead } from '../../io/ranking-xlsx.js';
import { isRollupGrid, readRollupGrid } from '../../io/rollup-xlsx.js';
import { readXlsx } from '../../io/xlsx/read.js';
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
                --out FILE.xlsx [--json]

对全市各区（县）排名：每个指标按其方向排位（越大越好从大到小，清零类等越小越好从小到大），
计算科创指数（在同级各区之间重新计算，不用下级指数）及其位次；给出上年排名工作簿时，
计算位次变化（上年位次 − 本年位次，按两年都参与排名的区、本年排名方法）和进步位次（指数提高幅度的排名）。

输入（可混合）：
  · sti rollup 生成的汇总工作簿：读取其中各区（县）的合计行（公式的计算结果）；
  · 区（县）本级填报文件（sti template district）：用该区自己填报的数计算指标。
目录会递归查找 .xlsx 文件。

选项 Options:
  --previous FILE     上年由 sti rank 生成的排名工作簿；未另行指定的设置（排名方法、指数方法、指标、权重、
                      标准值）沿用其“排名设置”，保持同一口径
  --method M          competition（默认，竞争排名=RANK.EQ）| dense（中国式排名）| average（平均排名=RANK.AVG）
  --index M           科创指数方法：minmax（默认）| zscore | standard（需 --standards）| base（需 --standards 作基期值）| none
  --weights W,...     指数权重，与指数指标一一对应（默认等权，自动归一化）
  --standards V,...   standard 法的标准值或 base 法的基期值，与指数指标一一对应
  --indicators C,...  参与排名的指标代码（默认：${DEFAULT_RANKING_INDICATORS.join(',')}）
  --index-indicators C,...  参与指数的指标代码（默认与 --indicators 相同）
  --decimals          按各指标显示小数位四舍五入后的数值排名（公报口径）
  --title 名称        排名表标题中的上级单位名称（默认取汇总工作簿中的市名）
  --out FILE.xlsx     输出的排名工作簿（必填）：城市排名（位次为 RANK.EQ 等原生公式、前三/后三条件格式、
                      科创指数柱形图）与排名设置
  --json              在标准输出打印排名 JSON（结构见 README 与 src/cli/json-shape.ts 的 RankJson）

退出码 Exit codes: 0 成功；2 用法错误或文件无法读取。
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
  parentName: string | null;
  parentCode: string | null;
  period: string | null;
  findings: Finding[];
}

/** District rows from rollup workbooks and district submissions; later duplicates are reported. */
export function readRankInputs(paths: { path: string; name: string }[], io: CliIO): RankInputs {
  const rows: RankingInputRow[] = [];
  const findings: Finding[] = [];
  let parentName: string | null = null;
  let parentCode: string | null = null;
  let period: string | null = null;
  const progress = createProgress(io, '读取文件', paths.length);
  paths.forEach(({ path, name }, i) => {
    progress.update(i + 1);
    let grid;
    try {
      const bytes = new Uint8Array(readFileSync(path));
      // First without 企业名录 (a big city's rollup workbook lists hundreds of thousands of firms);
      // a district submission needs its own 企业名录, so it is read again in full.
      grid = readXlsx(bytes, name, { sheetFilter: (sheet) => sheet !== '企业名录' });
      if (!isRollupGrid(grid)) grid = readXlsx(bytes, name);
    } catch (e) {
      findings.push({
        severity: 'error',
        code: 'FILE_UNREADABLE',
        message: `文件无法读取：${e instanceof Error ? e.message : String(e)}`,
        file: name,
      });
      return;
    }
    const add = (row: RankingInputRow) => {
      if (rows.some((r) => r.unitCode === row.unitCode)) {
        findings.push({
          severity: 'warning',
          code: 'DUPLICATE_DISTRICT',
          message: `${row.unitName}（${row.unitCode}）在多个文件中出现，只采用第一个`,
          file: name,
          unitCode: row.unitCode,
        });
        return;
      }
      rows.push(row);
    };
    if (isRollupGrid(grid)) {
      const read = readRollupGrid(grid);
      period ??= read.period;
      for (const d of read.districts) {
        parentCode ??= d.parentCode;
        add({ unitCode: d.unitCode, unitName: d.unitName, values: d.values });
      }
      for (const s of grid.sheets) {
        // The city name from the city sheet's total row (汇总-… sheet whose 合计 row is 市合计).
        for (let r = 5; r <= s.maxRow && !parentName; r++)
          if (s.cell(r, 2)?.value === '市合计') parentName = String(s.cell(r, 1)?.value ?? '').replace(/合计$/, '');
      }
      return;
    }
    const { submission, findings: f } = readSubmission(grid);
    if (!submission || submission.unit.kind !== 'district') {
      findings.push({
        severity: 'error',
        code: 'NOT_RANK_INPUT',
        message: '既不是 sti rollup 生成的汇总工作簿，也不是区（县）本级填报文件，未读取',
        file: name,
        expected: '汇总工作簿或区（县）填报文件',
      });
      return;
    }
    findings.push(...f);
    period ??= submission.period;
    parentCode ??= submission.unit.parentCode;
    const fields = submissionFields(submission);
    const values: Record<string, number | null> = {};
    for (const [code, t] of Object.entries(fields)) values[code] = t.current;
    for (const [code, v] of Object.entries(computeIndicators(fields, true))) values[code] = v.value;
    add({ unitCode: submission.unit.code, unitName: submission.unit.name, values });
  });
  progress.done();
  return { rows, parentName, parentCode, period, findings };
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

/** Options given, else last year's settings, else defaults. */
export function rankTable(rows: RankingInputRow[], o: RankRunOptions): RankingTable {
  const prev = o.previous?.settings;
  const method = o.method ?? prev?.method ?? 'competition';
  const indicators = o.indicators ?? (prev?.indicators && prev.indicators.length > 0 ? prev.indicators : [...DEFAULT_RANKING_INDICATORS]);
  for (const c of indicators) if (!catalogue.get(c)) throw new CliError(`未知的指标代码：${c}`);
  const indexMethod = o.indexMethod ?? prev?.indexMethod ?? 'minmax';
  let index: IndexOptions | false = false;
  if (indexMethod !== 'none') {
    const fromPrev = !o.indexIndicators && !o.indicators && prev?.index && prev.index.length > 0 ? prev.index : null;
    const codes = o.indexIndicators ?? fromPrev?.map((x) => x.code) ?? indicators;
    for (const c of codes) if (!catalogue.get(c)) throw new CliError(`未知的指数指标代码：${c}`);
    const weights = o.weights ?? fromPrev?.map((x) => x.weight);
    if (weights && weights.length !== codes.length)
      throw new CliError(`权重应为${codes.length}个（与指数指标一一对应），实际为${weights.length}个`);
    const reference =
      o.standards ?? (fromPrev && fromPrev.every((x) => x.reference !== null) ? fromPrev.map((x) => x.reference) : undefined);
    if ((indexMethod === 'standard' || indexMethod === 'base') && (!reference || reference.length !== codes.length)) {
      throw new CliError(
        `指数方法 ${indexMethod} 需要 --standards 给出${codes.length}个${indexMethod === 'standard' ? '标准值' : '基期值'}（与指数指标一一对应）`,
      );
    }
    const directions: Direction[] | undefined = fromPrev ? fromPrev.map((x) => x.direction) : undefined;
    index = { method: indexMethod, indicators: codes, weights, reference, directions, aggregation: prev?.aggregation ?? 'arithmetic' };
  }
  const decimals = o.decimals ? 'display' : o.decimals === false ? undefined : prev?.decimals === 'display' ? 'display' : undefined;
  return rankChildren(rows, { method, decimals, indicators, index, previous: o.previous?.ranking });
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
      ...(table.settings.index ? [r.index === null ? '—' : formatNumber(r.index, 1)] : []),
      ...cols.map((c) => (r.values[c.code] === null ? '—' : `${formatNumber(r.values[c.code]!, c.decimals)}(${r.ranks[c.code]})`)),
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
        decimals: { type: 'boolean' },
        title: { type: 'string' },
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
    if (v.previous) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(readFileSync(previousAbs!));
      } catch {
        throw new CliError(`找不到上年排名文件：${v.previous}`);
      }
      try {
        const read = readRankingWorkbook(bytes, v.previous);
        previous = { ranking: read.previous, settings: read.settings };
      } catch (e) {
        throw new CliError(e instanceof Error ? e.message : String(e));
      }
    }
    const inputs = readRankInputs(
      files.map((p) => ({ path: p, name: displayName(p, io.cwd) })),
      io,
    );
    if (inputs.rows.length === 0)
      throw new CliError(`没有读到任何区（县）的数据：${inputs.findings.map((f) => `${f.file}：${f.message}`).join('；')}`);
    let table: RankingTable;
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
    const bytes = await writeRankingWorkbook(table, { parentName, periodZh: periodTextZh(inputs.period), year, period: inputs.period });
    writeOutputFile(outAbs, bytes, v.out, { createDir: true });
    const json: RankJson = rankJson(table, {
      parent: { unitCode: inputs.parentCode, unitName: parentName },
      year,
      period: inputs.period,
      findings: inputs.findings,
      output: outAbs,
    });
    if (v.json) io.out(JSON.stringify(json, null, 2) + '\n');
    else {
      io.out(`${parentName}${periodTextZh(inputs.period)}各区（县）排名（${inputs.rows.length}个单位）\n\n`);
      io.out(rankingText(table));
      for (const n of table.notes) io.out(`注：${n}\n`);
      for (const f of inputs.findings)
        io.out(`${f.severity === 'error' ? '错误' : f.severity === 'warning' ? '警告' : '提示'}：${f.file}：${f.message}\n`);
      io.out(`\n排名工作簿：${outAbs}\n`);
    }
    return 0;
  },
};
