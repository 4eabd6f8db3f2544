import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildBulletin, bulletinDate, bulletinInputFromRollup, type Bulletin, type BulletinFigures } from '../../core/bulletin.js';
import { bulletinMarkdown } from '../../core/bulletin-text.js';
import { caliberNotes } from '../../core/caliber.js';
import { caliberRankingNotes } from '../../core/notes.js';
import { catalogue } from '../../core/catalogue.js';
import { rankChildren, rankingRowsFromRollup, type ParkRanking, type RankingInputRow, type RankingTable } from '../../core/ranking.js';
import type { Finding } from '../../core/types.js';
import { finding, sortFindings } from '../../core/validate-codes.js';
import { readRankingGrid, type RankingWorkbookRead } from '../../io/ranking-xlsx.js';
import { isRollupGrid } from '../../io/rollup-xlsx.js';
import { readXlsx } from '../../io/xlsx/read.js';
import { checkPeriodOption } from '../admission.js';
import { isBulkRollupSheet } from '../../core/outputs-rollup.js';
import { parseCommandArgs } from '../args.js';
import { collectFiles, displayName, refuseOutputOverInputs, writeOutputFile } from '../files.js';
import { CliError, type CliIO, type Command } from '../io.js';
import { incompleteFindings, rankTable, readPreviousOption, readRankInputs, type RankRunOptions } from './rank.js';
import { rollupFiles, runFindings, type RollupRun } from './rollup.js';

const usage = `用法 Usage: sti report <汇总工作簿|排名工作簿|报表目录>... [--previous FILE] [--register FILE] [--period P]
                  [--title 名称] [--issuer 发文单位] [--date YYYY-MM-DD] --out 通报.docx [--markdown]

按科技局通报的行文写出 Word 通报（.docx）：标题和报告期；全市总体情况（合计、增速、目标完成率，
年内报告期加时序进度）；各区（县）科创指数排名表；按名次逐区一段（优势和短板指标及其位次、位次变化、
目标完成和增长情况）；有园区排名时的园区情况；说明（排名方法、口径、合计不完整的数据）；附表（各指标数值及位次）。
依据不完整合计的数据，正文中随数注明不含哪个单位及原因。金额1亿元及以上以亿元表示，数值按 Excel 的 ROUND 四舍五入。
Writes the bulletin (通报) as a Word document in the bureaus' own style, from the same figures as sti rank.

输入（可混合，至少一种）：
  · sti rollup 生成的汇总工作簿：各区（县）合计、增速和完成率；按与 sti rank 相同的方法重新排名
    （未给排名工作簿时：沿用 --previous 的排名设置，否则默认设置）。全市合计取自全市汇总工作簿的“市合计”行；
    汇总工作簿中读不到园区排名，需要园区情况时请给报表目录；
  · sti rank 生成的排名工作簿：按其“排名设置”排名（与汇总工作簿同给时核对两者数值、位次一致，不一致则不写通报）；
    只给排名工作簿时，通报只有位次，没有合计、完成率和增速；
  · 报表目录或报表文件（与 sti rollup 相同，可加 --register）：先汇总（含全市合计和园区排名），再排名。

选项 Options:
  --previous FILE    上年由 sti rank 生成的排名工作簿：科创指数和各指标的“较上年上升/下降N位”
                     （应与生成本年排名工作簿时用的相同）
  --register FILE    单位名录（给报表时用，见 sti rollup --help）
  --period P         报告期（如 2024 或 2024-01..09）；年内报告期的完成率附“超（落后）时序进度”
  --title 名称       通报标题中的市名（默认取汇总数据中的市名）
  --issuer 名称      标题下的发文单位（默认“<市名>科学技术局”）
  --date YYYY-MM-DD  标题下的日期（默认今天）
  --out 通报.docx    输出的 Word 文档（Word、WPS、LibreOffice 均可打开）
  --markdown         在标准输出打印通报的 Markdown 文本（给出 --out 时同时写出 .docx）

退出码 Exit codes: 0 成功；1 输入有错误，或通报中有依据不完整合计的数据（文档仍会写出）；2 用法错误或文件无法读取。
`;

/** What the bulletin is built from, whichever inputs were given. */
export interface ReportInputs {
  parentName: string | null;
  period: string | null;
  table: RankingTable & { caliber?: string[] };
  city: BulletinFigures | null;
  districts: readonly BulletinFigures[] | null;
  parks: readonly ParkRanking[];
  findings: Finding[];
  notes: string[];
}

function parseDateOption(text: string | undefined): string {
  if (text === undefined) return bulletinDate(new Date());
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  if (!m || !d || d.getMonth() !== Number(m[2]) - 1) throw new CliError(`日期“${text}”格式不对，应为 YYYY-MM-DD，如 2025-03-01`);
  return bulletinDate(d);
}

/** The bulletin of a rollup run (sti demo, sti report on submissions): city total, districts, parks. */
export function bulletinFromRun(
  run: Pick<RollupRun, 'city' | 'results'>,
  table: RankingTable,
  options: {
    previousRows?: RankingWorkbookRead['rows'] | null;
    label?: string;
    date?: string | null;
    title?: string | null;
    issuer?: string | null;
  } = {},
): Bulletin {
  const fromRollup = bulletinInputFromRollup(run.city, run.results);
  return buildBulletin({
    ...fromRollup,
    parentName: options.title ?? fromRollup.parentName,
    label: options.label,
    issuer: options.issuer,
    date: options.date,
    ranking: table,
    previousRows: options.previousRows,
  });
}

/** The ranking of a ranking workbook reproduced from `rows` with its 排名设置 (and last year's ranking). */
function rankLikeWorkbook(rows: RankingInputRow[], wb: RankingWorkbookRead, previous: RankRunOptions['previous']): RankingTable {
  const s = wb.settings;
  const indicators = s.indicators?.length
    ? s.indicators
    : wb.rows.length
      ? Object.keys(wb.rows[0].ranks).filter((c) => c !== 'STI_INDEX')
      : [];
  for (const c of indicators) if (!catalogue.get(c)) throw new CliError(`排名工作簿的排名设置中有未知的指标代码：${c}`);
  const index =
    s.indexMethod === 'none' || !s.index?.length
      ? false
      : {
          method: s.indexMethod ?? 'minmax',
          indicators: s.index.map((x) => x.code),
          weights: s.index.map((x) => x.weight),
          directions: s.index.map((x) => x.direction),
          reference: s.index.every((x) => x.reference !== null) ? s.index.map((x) => x.reference) : undefined,
          aggregation: s.aggregation ?? 'arithmetic',
        };
  const table = rankChildren(rows, {
    method: s.method ?? 'competition',
    decimals: s.decimals === 'display' ? 'display' : undefined,
    indicators,
    index,
    previous: previous?.ranking,
  });
  if (previous) table.notes.push(...caliberRankingNotes(caliberNotes(table.settings, previous.settings, [])));
  return table;
}

/** Values and ranks of the ranking workbook that the recomputed table does not reproduce (Chinese). */
function differences(table: RankingTable, wb: RankingWorkbookRead): string[] {
  const out: string[] = [];
  const byCode = new Map(table.rows.map((r) => [r.unitCode, r]));
  const close = (a: number | null | undefined, b: number | null | undefined) =>
    (a ?? null) === null || (b ?? null) === null
      ? (a ?? null) === (b ?? null)
      : Math.abs(a! - b!) <= 1e-9 * Math.max(1, Math.abs(a!), Math.abs(b!));
  for (const w of wb.rows) {
    const r = byCode.get(w.unitCode);
    if (!r) {
      out.push(`${w.unitName}不在汇总数据中`);
      continue;
    }
    for (const [code, rankInWb] of Object.entries(w.ranks)) {
      const name = catalogue.get(code)?.nameZh ?? code;
      const value = code === 'STI_INDEX' ? r.index : r.values[code];
      const rankNow = code === 'STI_INDEX' ? r.indexRank : r.ranks[code];
      if (!close(w.values[code], value))
        out.push(`${w.unitName}的${name}（排名工作簿 ${w.values[code] ?? '空'}，汇总数据 ${value ?? '空'}）`);
      else if (!close(rankInWb, rankNow))
        out.push(`${w.unitName}的${name}位次（排名工作簿第${rankInWb ?? '—'}位，重算第${rankNow ?? '—'}位）`);
    }
  }
  for (const r of table.rows) if (!wb.rows.some((w) => w.unitCode === r.unitCode)) out.push(`${r.unitName}不在排名工作簿中`);
  return out;
}

type Classified = {
  rankingWorkbooks: { abs: string; name: string; read: RankingWorkbookRead }[];
  rollups: string[];
  submissions: string[];
};

/** Named files are looked at (ranking workbook, rollup workbook, else a submission); folders are submissions. */
function classify(positionals: string[], io: CliIO, skipped: string[]): Classified {
  const out: Classified = { rankingWorkbooks: [], rollups: [], submissions: [] };
  for (const p of positionals) {
    const abs = resolve(io.cwd, p);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new CliError(`找不到文件或目录：${p}`);
    }
    if (isDir) {
      out.submissions.push(...collectFiles([p], io.cwd, skipped));
      continue;
    }
    const [file] = collectFiles([p], io.cwd);
    let grid;
    try {
      grid = readXlsx(new Uint8Array(readFileSync(file)), displayName(file, io.cwd), { sheetFilter: (s) => !isBulkRollupSheet(s) });
    } catch {
      out.submissions.push(file); // unreadable: the rollup names it
      continue;
    }
    if (isRollupGrid(grid)) out.rollups.push(file);
    else {
      try {
        out.rankingWorkbooks.push({ abs: file, name: displayName(file, io.cwd), read: readRankingGrid(grid) });
      } catch {
        out.submissions.push(file);
      }
    }
  }
  return out;
}

/** Read the inputs and rank them the way sti rank does (or as the ranking workbook given was ranked). */
export async function readReportInputs(
  inputs: Classified,
  options: { register: string | null; period: string | null; previous: RankRunOptions['previous']; skipped: string[] },
  io: CliIO,
): Promise<ReportInputs> {
  if (inputs.rankingWorkbooks.length > 1)
    throw new CliError(
      `只能给出一个本年排名工作簿，实际为${inputs.rankingWorkbooks.length}个：${inputs.rankingWorkbooks.map((w) => w.name).join('、')}`,
    );
  if (inputs.rollups.length > 0 && inputs.submissions.length > 0)
    throw new CliError('请只给出汇总工作簿或报表（目录）之一：两者都给时不知以哪份数据为准');
  const wb = inputs.rankingWorkbooks[0] ?? null;
  const previous = options.previous;
  const findings: Finding[] = [];
  const notes: string[] = [];
  let rows: RankingInputRow[];
  let parentName: string | null = null;
  let period: string | null = options.period;
  let city: BulletinFigures | null = null;
  let districts: readonly BulletinFigures[] | null = null;
  let parks: readonly ParkRanking[] = [];
  if (inputs.submissions.length > 0) {
    const run = await rollupFiles(inputs.submissions, options.register, io, { period, skipped: options.skipped });
    findings.push(...runFindings(run));
    rows = rankingRowsFromRollup(run.city);
    parentName = run.city.unit.name;
    period = run.city.period ?? run.admission.period;
    const fromRollup = bulletinInputFromRollup(run.city, run.results);
    city = fromRollup.city ?? null;
    districts = fromRollup.districts ?? null;
    parks = fromRollup.parks ?? [];
  } else if (inputs.rollups.length > 0) {
    const read = readRankInputs(
      inputs.rollups.map((p) => ({ path: p, name: displayName(p, io.cwd) })),
      io,
      { period },
    );
    findings.push(...read.findings);
    rows = read.rows;
    parentName = read.parentName;
    period = read.period;
    // readRollupWorkbook's district rows carry their totals, previous-year figures and targets; a city workbook its 市合计 too.
    districts = read.rows.map((r) => ({ unitCode: r.unitCode, unitName: r.unitName, values: r.values, incomplete: r.incomplete }));
    if (read.city)
      city = { unitCode: read.city.unitCode, unitName: read.city.unitName, values: read.city.values, incomplete: read.city.incomplete };
  } else if (wb) {
    // The ranking workbook alone: its values, the ※ it recorded in 排名设置, and the parent it was ranked under.
    const incomplete = wb.read.settings.incomplete ?? {};
    rows = wb.read.rows.map((r) => ({ unitCode: r.unitCode, unitName: r.unitName, values: r.values, incomplete: incomplete[r.unitCode] }));
    period ??= wb.read.settings.period ?? null;
    parentName ??= wb.read.settings.parentName ?? null;
  } else throw new CliError(`请给出汇总工作簿、排名工作簿或报表目录。\n${usage}`);
  if (rows.length === 0)
    throw new CliError(
      `没有读到任何区（县）的数据${findings.length ? `：${findings.map((f) => `${f.file}：${f.message}`).join('；')}` : ''}`,
    );

  let table: RankingTable & { caliber?: string[] };
  try {
    table = wb ? rankLikeWorkbook(rows, wb.read, previous) : rankTable(rows, { previous });
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
  if (wb) {
    if (wb.read.settings.period && period && wb.read.settings.period !== period)
      throw new CliError(`排名工作簿 ${wb.name} 的报告期（${wb.read.settings.period}）与汇总数据（${period}）不一致`);
    const diff = differences(table, wb.read);
    if (diff.length > 0)
      throw new CliError(
        `排名工作簿 ${wb.name} 与汇总数据不一致，未写通报：${diff.slice(0, 5).join('；')}${diff.length > 5 ? `等${diff.length}处` : ''}。请用同一份汇总工作簿重新运行 sti rank，或只给出其中一个`,
      );
  }
  // A district's finding also reaches the city's list: the one sort keeps each once.
  return { parentName, period, table, city, districts, parks, findings: sortFindings(findings), notes };
}

export const command: Command = {
  summary: '按科技局通报的行文生成 Word 通报（全市情况、排名表、逐区分析、说明）',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values: v, positionals } = parseCommandArgs('report', {
      args,
      allowPositionals: true,
      options: {
        previous: { type: 'string' },
        register: { type: 'string' },
        period: { type: 'string' },
        title: { type: 'string' },
        issuer: { type: 'string' },
        date: { type: 'string' },
        out: { type: 'string' },
        markdown: { type: 'boolean' },
      },
    });
    if (positionals.length === 0) throw new CliError(`请给出汇总工作簿、排名工作簿或报表目录。\n${usage}`);
    if (!v.out && !v.markdown) throw new CliError(`请用 --out 指定输出的通报（.docx），或用 --markdown 打印文本。\n${usage}`);
    if (v.out && !/\.docx$/i.test(v.out)) throw new CliError(`--out 应为 .docx 文件，实际为“${v.out}”`);
    const date = parseDateOption(v.date);
    const period = checkPeriodOption(v.period);
    const previousAbs = v.previous ? resolve(io.cwd, v.previous) : null;
    let previous: RankRunOptions['previous'] = null;
    let previousRows: RankingWorkbookRead['rows'] | null = null;
    if (v.previous) {
      const read = readPreviousOption(v.previous, io);
      previous = { ranking: read.previous, settings: read.settings };
      previousRows = read.rows;
    }
    const skipped: string[] = [];
    const inputs = classify(positionals, io, skipped);
    const outAbs = v.out ? resolve(io.cwd, v.out) : null;
    if (outAbs && v.out) {
      refuseOutputOverInputs({ abs: outAbs, shown: v.out }, [previousAbs, v.register ? resolve(io.cwd, v.register) : null], '输入文件之一');
      refuseOutputOverInputs(
        { abs: outAbs, shown: v.out },
        [...inputs.rollups, ...inputs.submissions, ...inputs.rankingWorkbooks.map((w) => w.abs)],
        '输入文件之一',
      );
    }
    const read = await readReportInputs(inputs, { register: v.register ?? null, period, previous, skipped: skipped }, io);
    const parentName = v.title ?? read.parentName;
    const bulletin = buildBulletin({
      parentName,
      period: read.period,
      issuer: v.issuer,
      date,
      ranking: read.table,
      previousRows,
      city: read.city,
      districts: read.districts,
      parks: read.parks,
      notes: read.notes,
    });
    if (outAbs && v.out) {
      // The Word library is loaded by the commands that write Word only (every other command starts without it).
      const { writeBulletinDocx } = await import('../../io/bulletin-docx.js');
      writeOutputFile(outAbs, await writeBulletinDocx(bulletin), v.out, { createDir: true });
    }
    const findings = [...read.findings, ...incompleteFindings(read.table, outAbs ?? '通报')];
    if (bulletin.incomplete && !findings.some((f) => f.code === 'RANKED_VALUE_INCOMPLETE'))
      findings.push(finding('RANKED_VALUE_INCOMPLETE', '通报中有依据不完整合计的数据（已在正文中随数注明）', { file: outAbs ?? '通报' }));
    if (v.markdown) io.out(bulletinMarkdown(bulletin));
    else {
      io.out(`${bulletin.title}\n`);
      // Errors in full (they change what the bulletin says); warnings counted (sti validate lists them).
      const errors = findings.filter((f) => f.severity === 'error');
      for (const f of errors) io.out(`错误：${f.file}：${f.message}\n`);
      const warnings = findings.filter((f) => f.severity === 'warning' && f.code !== 'RANKED_VALUE_INCOMPLETE').length;
      if (warnings > 0) io.out(`另有警告 ${warnings} 条（sti validate 列出明细）。\n`);
      if (bulletin.incomplete) io.out('注意：通报中有依据不完整合计的数据，已在正文中随数注明，并列于“说明”。\n');
    }
    if (outAbs) (v.markdown ? io.err : io.out)(`通报：${outAbs}\n`);
    return findings.some((f) => f.severity === 'error') || bulletin.incomplete ? 1 : 0;
  },
};
