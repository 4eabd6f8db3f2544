/**
 * The city ranking workbook as a WorkbookModel (product.md §6): 城市排名 with every district's
 * value and rank per indicator (native RANK.EQ / RANK.AVG / SUMPRODUCT formulas with the
 * engine's ranks cached; values where no native formula is exact), the composite index and its
 * rank, 位次变化 and 进步位次 when last year's ranking is given, top/bottom-three conditional
 * formatting, a column chart of the index, and 排名设置 — the caliber, readable next year.
 */
import { catalogue, numberFormat } from './catalogue.js';
import type { RankMethod } from './rank.js';
import { fitSheet, printSetup } from './layout.js';
import { rankingNotesText } from './notes.js';
import { yesNoWord } from './vocabulary.js';
import { rowByKey, tableColumns } from './table-columns.js';
import type { RankingTable } from './ranking.js';
import {
  a1,
  columnLetters,
  quoteSheetName,
  type CellModel,
  type CellStyle,
  type ConditionalFormat,
  type SheetModel,
  type WorkbookModel,
} from './sheet-model.js';

export interface RankingWorkbookOptions {
  /** e.g. '示例市' */
  parentName: string;
  /** The 4–6 indicators 通报表 prints beside the 科创指数 (default: DEFAULT_HEADLINE_INDICATORS that are ranked). */
  headline?: string[];
  /** e.g. '2024年' */
  periodZh?: string;
  year?: number | null;
  period?: string | null;
  label?: string;
}

export const RANKING_SHEET = '城市排名';
export const SETTINGS_SHEET = '排名设置';
/**
 * Where things are on 城市排名 (and every sheet buildRankingSheet writes): the writer and the
 * readers (sti rank --previous, the pane, sti report) use this one object. Rows are in rank order;
 * columns left to right: 位次, the unit's code (hidden: for readers), its name, extra columns
 * (e.g. 所属区(县)), the 科创指数 and the comparison with last year, then each indicator's value and rank.
 */
export const RANKING_LAYOUT = {
  groupRow: 2,
  subRow: 3,
  codeRow: 4,
  firstDataRow: 5,
  positionCol: 0,
  codeCol: 1,
  nameCol: 2,
  /** Codes-row text over the unit code column: how a reader knows the sheet. */
  marker: '指标代码',
} as const;
/** Codes of the extra columns in the codes row. */
export const RANK_SUFFIX = ':位次';
export const INDEX_CODE = 'STI_INDEX';
export const EXTRA_CODES = {
  previousIndex: 'STI_INDEX:上年指数',
  previousRank: 'STI_INDEX:上年位次',
  change: 'STI_INDEX:位次变化',
  improvement: 'STI_INDEX:指数提高',
  progressRank: 'STI_INDEX:进步位次',
} as const;
/** The 位次 column's code when no index is ranked (the position follows the first ranked indicator). */
export const POSITION_CODE = 'POSITION';

/** A rank change as bulletins print it: ▲ up (red, as Chinese tables mark a rise), ▼ down (green), 持平. */
export const RANK_CHANGE_FORMAT = '[Red]"▲"0;[Green]"▼"0;"持平"';
/** Units needed before the top three and bottom three are highlighted (fewer: the first and the last). */
export const HIGHLIGHT_THREE_FROM = 7;

export const METHOD_ZH: Record<RankMethod, string> = {
  competition: '竞争排名（并列占位，同 RANK.EQ：1,2,2,4）',
  dense: '中国式排名（并列不占位：1,2,2,3）',
  average: '平均排名（同 RANK.AVG：1,2.5,2.5,4）',
};
export const INDEX_METHOD_ZH: Record<string, string> = {
  minmax: '极差标准化（0–100）',
  zscore: 'Z分数标准化（映射到0–100）',
  standard: '标准值法（x/标准值×100，封顶100）',
  base: '基期法（x/基期值×100；越小越好的指标基期值/x×100，封顶200）',
};

const HEADER: CellStyle = { bold: true, fill: 'DDEBF7', border: true, hAlign: 'center', vAlign: 'middle', wrap: true };
const CODE_STYLE: CellStyle = { color: '808080', fontSize: 8, hAlign: 'center' };
const GOOD: CellStyle = { fill: 'C6EFCE', color: '006100' };
const BAD: CellStyle = { fill: 'FFC7CE', color: '9C0006' };

/**
 * A native rank formula for x among range, or null when none is exact (then the value is written):
 * competition → _xlfn.RANK.EQ, average → _xlfn.RANK.AVG, on display decimals → SUMPRODUCT with ROUND,
 * dense → SUMPRODUCT/COUNTIF over a complete column.
 */
export function rankFormula(
  method: RankMethod,
  x: string,
  range: string,
  ascending: boolean,
  decimals: number | null,
  complete: boolean,
): string | null {
  const order = ascending ? 1 : 0;
  const gt = ascending ? '<' : '>';
  if (decimals === null) {
    if (method === 'competition') return `IF(ISNUMBER(${x}),_xlfn.RANK.EQ(${x},${range},${order}),"")`;
    if (method === 'average') return `IF(ISNUMBER(${x}),_xlfn.RANK.AVG(${x},${range},${order}),"")`;
    if (!complete) return null;
    return `IF(ISNUMBER(${x}),SUMPRODUCT((${range}${gt}${x})/COUNTIF(${range},${range}))+1,"")`;
  }
  if (!complete) return null;
  const rr = `ROUND(${range},${decimals})`;
  const rx = `ROUND(${x},${decimals})`;
  if (method === 'competition') return `IF(ISNUMBER(${x}),SUMPRODUCT(--(${rr}${gt}${rx}))+1,"")`;
  if (method === 'average') return `IF(ISNUMBER(${x}),SUMPRODUCT(--(${rr}${gt}${rx}))+(SUMPRODUCT(--(${rr}=${rx}))+1)/2,"")`;
  return null;
}

export function buildRankingWorkbook(table: RankingTable, options: RankingWorkbookOptions): WorkbookModel {
  const labelSuffix = options.label ? `（${options.label}）` : '';
  const ranking = buildRankingSheet(table, options);
  return {
    sheets: [ranking, buildBulletinTableSheet(table, ranking, options), buildSettingsSheet(table, options)],
    properties: { title: `各区科技创新指标排名${labelSuffix}`, creator: 'STI Rollup' },
  };
}

/** What differs between ranking sheets (城市排名, a rollup's 园区排名); every field defaults to 城市排名's. */
export interface RankingSheetOptions {
  name?: string;
  title?: string;
  /** The line under the title (method, directions…). */
  subtitle?: string;
  /** Headers of the code and name columns. */
  unitHeaders?: [string, string];
  /** Text columns after the name (e.g. 所属区(县)), one value per table row. */
  extraColumns?: { header: string; values: string[]; width?: number }[];
  /** The numbered notes under the table (the table's own notes follow). */
  notes?: string[];
}

/** Rows in published order: by the 科创指数's rank, else the first indicator's; unranked last; ties by unit code. */
export function rankingRowOrder(table: RankingTable): number[] {
  const key = (i: number): number | null =>
    table.settings.index ? table.rows[i].indexRank : table.columns.length ? table.rows[i].ranks[table.columns[0].code] : null;
  return table.rows
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (key(a) ?? Infinity) - (key(b) ?? Infinity) ||
        (table.rows[a].unitCode < table.rows[b].unitCode ? -1 : table.rows[a].unitCode > table.rows[b].unitCode ? 1 : 0),
    );
}

/**
 * One ranking sheet as bureaus publish it: rows in rank order; 位次 (并列 where tied), the unit,
 * the 科创指数 with last year's comparison (▲/▼), then per indicator its value and rank — ranks are
 * native formulas over the value cells with the engine's ranks cached; top and bottom three (first
 * and last under 7 units) highlighted with a legend; the index chart below the table.
 */
export function buildRankingSheet(table: RankingTable, options: RankingWorkbookOptions & RankingSheetOptions): SheetModel {
  const L = RANKING_LAYOUT;
  const n = table.rows.length;
  const order = rankingRowOrder(table);
  const ordered = order.map((i) => table.rows[i]);
  const first = L.firstDataRow;
  const last = first + Math.max(n, 1) - 1;
  const method = table.settings.method;
  const display = table.settings.decimals === 'display';
  const withPrevious = ordered.some((r) => r.previousRank !== null || r.previousIndex !== null);
  const hasIndex = table.settings.index !== null;
  const rows: (CellModel | null)[][] = [];
  const merges: string[] = [];
  const conditionalFormats: ConditionalFormat[] = [];
  const labelSuffix = options.label ? `（${options.label}）` : '';
  const sheetName = options.name ?? RANKING_SHEET;
  const extraColumns = options.extraColumns ?? [];
  const extraValues = extraColumns.map((x) => order.map((i) => x.values[i] ?? ''));
  const lead = 3 + extraColumns.length;
  const title = options.title ?? `${options.parentName}${options.periodZh ?? ''}各区（县）科技创新指标排名${labelSuffix}`;
  rows[0] = [{ value: title, style: { bold: true, fontSize: 14 } }];
  rows[1] = [
    {
      value:
        options.subtitle ??
        `排名方法：${METHOD_ZH[method]}；${display ? '按显示位数四舍五入后的数值排名' : '按全精度数值排名'}；方向：越大越好的指标从大到小排，清零类等越小越好的指标（↓）从小到大排${hasIndex ? `；科创指数：${INDEX_METHOD_ZH[table.settings.index!.method]}，加权${table.settings.index!.aggregation === 'geometric' ? '几何' : '算术'}平均` : ''}。设置见“${SETTINGS_SHEET}”。`,
      style: { italic: true, color: '595959' },
    },
  ];
  const [codeHeader, nameHeader] = options.unitHeaders ?? ['区（县）代码', '区（县）'];
  const group: (CellModel | null)[] = [
    { value: '位次', style: HEADER },
    { value: codeHeader, style: HEADER },
    { value: nameHeader, style: HEADER },
    ...extraColumns.map((x) => ({ value: x.header, style: HEADER })),
  ];
  const sub: (CellModel | null)[] = Array.from({ length: lead }, () => ({ style: HEADER }));
  const codes: (CellModel | null)[] = Array.from({ length: lead }, () => null);
  codes[L.codeCol] = { value: L.marker, style: CODE_STYLE };
  for (let c = 0; c < lead; c++) merges.push(`${a1(L.groupRow, c)}:${a1(L.subRow, c)}`);
  let col = lead;
  const range = (c: number) => `$${columnLetters(c)}$${first + 1}:$${columnLetters(c)}$${last + 1}`;

  // The 科创指数 and last year's comparison come right after the unit.
  const indexDecimals = catalogue.get(INDEX_CODE)!.decimals;
  const indexFmt = numberFormat(catalogue.get(INDEX_CODE)!);
  let indexCol = -1;
  const extra: Record<keyof typeof EXTRA_CODES, number> = {
    previousIndex: -1,
    previousRank: -1,
    change: -1,
    improvement: -1,
    progressRank: -1,
  };
  if (hasIndex) {
    indexCol = col++;
    group[indexCol] = { value: '科创指数（分）', style: HEADER };
    merges.push(`${a1(L.groupRow, indexCol)}:${a1(L.subRow, indexCol)}`);
    sub[indexCol] = { style: HEADER };
    codes[indexCol] = { value: INDEX_CODE, style: CODE_STYLE };
    codes[L.positionCol] = { value: INDEX_CODE + RANK_SUFFIX, style: CODE_STYLE };
    if (withPrevious) {
      const heads: [keyof typeof EXTRA_CODES, string][] = [
        ['previousIndex', '上年指数'],
        ['previousRank', '上年位次'],
        ['change', '位次变化'],
        ['improvement', '指数提高'],
        ['progressRank', '进步位次'],
      ];
      group[col] = { value: '与上年比较（同一组单位、同一排名方法）', style: HEADER };
      for (let k = 1; k < heads.length; k++) group[col + k] = { style: HEADER };
      merges.push(`${a1(L.groupRow, col)}:${a1(L.groupRow, col + heads.length - 1)}`);
      for (const [key, text] of heads) {
        extra[key] = col;
        sub[col] = { value: text, style: HEADER };
        codes[col] = { value: EXTRA_CODES[key], style: CODE_STYLE };
        col++;
      }
    }
  } else if (table.columns.length) {
    codes[L.positionCol] = { value: POSITION_CODE, style: CODE_STYLE };
  }
  const pairs: { code: string; valueCol: number; rankCol: number; decimals: number; ascending: boolean; fmt: string }[] = [];
  for (const c of table.columns) {
    const e = catalogue.get(c.code)!;
    pairs.push({
      code: c.code,
      valueCol: col,
      rankCol: col + 1,
      decimals: c.decimals,
      ascending: c.direction === -1,
      fmt: numberFormat(e),
    });
    group[col] = { value: `${c.nameZh}（${c.unit}）${c.direction === -1 ? '↓' : ''}`, style: HEADER };
    group[col + 1] = { style: HEADER };
    merges.push(`${a1(L.groupRow, col)}:${a1(L.groupRow, col + 1)}`);
    sub[col] = { value: '数值', style: HEADER };
    sub[col + 1] = { value: '位次', style: HEADER };
    codes[col] = { value: c.code, style: CODE_STYLE };
    codes[col + 1] = { value: c.code + RANK_SUFFIX, style: CODE_STYLE };
    col += 2;
  }
  const width = col;
  rows[L.groupRow] = group;
  rows[L.subRow] = sub;
  rows[L.codeRow] = codes;
  // Same peer set both years when every ranked unit has last year's figure: then the change is a live formula.
  const samePeers = ordered.every((r) => r.indexRank === null || r.previousRank !== null);

  /** A value resting on an incomplete total: ※ after the number (the value stays a number) and a comment saying what is missing. */
  const markIncomplete = (cell: CellModel, why: string | undefined) => {
    if (!why || cell.value === undefined) return;
    const fmt = cell.style?.numFmt ?? 'General';
    cell.style = { ...(cell.style ?? {}), numFmt: fmt.includes(';') ? fmt : `${fmt}"※"` };
    cell.comment = `※ 合计不完整：${why}`;
  };
  /** How many units hold each rank of a column (a rank held by two or more is 并列); counted once per column, not per row. */
  const rankCounts = (ranks: (number | null)[]): Map<number, number> => {
    const counts = new Map<number, number>();
    for (const rk of ranks) if (rk !== null) counts.set(rk, (counts.get(rk) ?? 0) + 1);
    return counts;
  };
  /** A rank shared with another unit is shown as 并列 (the cell stays a number and a live formula). */
  const rankCell = (formula: string | null, rk: number | null, counts: Map<number, number>, style: CellStyle = {}): CellModel => {
    const tied = rk !== null && (counts.get(rk) ?? 0) > 1;
    const st: CellStyle = { border: true, hAlign: 'center', ...style, ...(tied ? { numFmt: '"并列"0' } : {}) };
    return formula ? { value: rk ?? '', formula, style: st } : { value: rk, style: st };
  };
  const indexRankCounts = rankCounts(ordered.map((r) => r.indexRank));
  const progressRankCounts = rankCounts(ordered.map((r) => r.progressRank));
  const indexComplete = table.rows.every((x) => x.index !== null);
  const pairRanks = pairs.map((p) => ({
    counts: rankCounts(ordered.map((x) => x.ranks[p.code])),
    complete: table.rows.every((x) => x.values[p.code] !== null),
  }));

  ordered.forEach((r, i) => {
    const ri = first + i;
    const out: (CellModel | null)[] = [
      null,
      { value: r.unitCode, style: { border: true, numFmt: '@' } },
      { value: r.unitName, style: { border: true } },
      ...extraValues.map((x) => ({ value: x[i], style: { border: true } })),
    ];
    pairs.forEach((p, k) => {
      const v = r.values[p.code];
      out[p.valueCol] = v === null ? { style: { border: true, numFmt: p.fmt } } : { value: v, style: { border: true, numFmt: p.fmt } };
      markIncomplete(out[p.valueCol]!, r.incomplete?.[p.code]);
      const f = rankFormula(method, a1(ri, p.valueCol), range(p.valueCol), p.ascending, display ? p.decimals : null, pairRanks[k].complete);
      out[p.rankCol] = rankCell(f, r.ranks[p.code], pairRanks[k].counts);
    });
    if (hasIndex) {
      out[indexCol] =
        r.index === null
          ? { style: { border: true, numFmt: indexFmt } }
          : { value: r.index, style: { border: true, numFmt: indexFmt, bold: true } };
      markIncomplete(out[indexCol]!, r.incomplete?.STI_INDEX);
      const f = rankFormula(method, a1(ri, indexCol), range(indexCol), false, display ? indexDecimals : null, indexComplete);
      out[L.positionCol] = rankCell(f, r.indexRank, indexRankCounts, { bold: true });
      if (withPrevious) {
        const pi = extra.previousIndex;
        out[pi] =
          r.previousIndex === null
            ? { style: { border: true, numFmt: indexFmt } }
            : { value: r.previousIndex, style: { border: true, numFmt: indexFmt } };
        out[extra.previousRank] = { value: r.previousRank, style: { border: true, hAlign: 'center' } };
        const prevCell = a1(ri, extra.previousRank);
        const curCell = a1(ri, L.positionCol);
        out[extra.change] = samePeers
          ? {
              value: r.rankChange ?? '',
              formula: `IF(AND(ISNUMBER(${prevCell}),ISNUMBER(${curCell})),${prevCell}-${curCell},"")`,
              style: { border: true, hAlign: 'center', numFmt: RANK_CHANGE_FORMAT },
            }
          : { value: r.rankChange, style: { border: true, hAlign: 'center', numFmt: RANK_CHANGE_FORMAT } };
        const idxCell = a1(ri, indexCol);
        const pCell = a1(ri, pi);
        out[extra.improvement] = {
          value: r.improvement ?? '',
          formula: `IF(AND(ISNUMBER(${idxCell}),ISNUMBER(${pCell})),${idxCell}-${pCell},"")`,
          style: { border: true, numFmt: '+0.0;-0.0;0.0' },
        };
        const fr =
          !display && method !== 'dense'
            ? rankFormula(method, a1(ri, extra.improvement), range(extra.improvement), false, null, true)
            : null;
        out[extra.progressRank] = rankCell(fr, r.progressRank, progressRankCounts);
      }
    } else if (pairs.length) {
      // No index: the position is the first indicator's rank (the rows follow it).
      out[L.positionCol] = { ...out[pairs[0].rankCol]!, style: { ...out[pairs[0].rankCol]!.style, bold: true } };
      if (out[L.positionCol]!.formula) out[L.positionCol]!.formula = `${a1(ri, pairs[0].rankCol)}`;
    }
    rows[ri] = out;
  });

  // Highlighting that means something: top and bottom three from 7 units, else the first and the last.
  const k = n >= HIGHLIGHT_THREE_FROM ? 3 : 1;
  const cf = (valueCol: number, rankCol: number) => {
    const rng = `${a1(first, valueCol)}:${a1(last, Math.max(valueCol, rankCol))}`;
    const rc = `$${columnLetters(rankCol)}${first + 1}`;
    conditionalFormats.push({ range: rng, rule: { type: 'expression', formula: `AND(ISNUMBER(${rc}),${rc}<=${k})`, style: GOOD } });
    conditionalFormats.push({
      range: rng,
      rule: { type: 'expression', formula: `AND(ISNUMBER(${rc}),${rc}>MAX(${range(rankCol)})-${k},${rc}>${k})`, style: BAD },
    });
  };
  if (n > 1) {
    for (const p of pairs) cf(p.valueCol, p.rankCol);
    if (hasIndex) cf(indexCol, L.positionCol);
  }

  // Notes under the table.
  let r = last + 2;
  rows[r++] = [{ value: '注：', style: { bold: true } }];
  const legend =
    n > 1
      ? `绿色为${k === 3 ? '前3名' : '第1名'}，红色为${k === 3 ? '后3名' : '最后1名'}（单位不足${HIGHLIGHT_THREE_FROM}个时只标第1名和最后1名）；“并列”为位次相同；位次变化 ▲ 上升、▼ 下降。`
      : '';
  const fixedNotes = options.notes ?? [
    '1. 位次为公式（RANK.EQ / RANK.AVG / SUMPRODUCT），与本工具计算结果一致；无原生等价公式时（如中国式排名遇空值）写入数值。',
    '2. 无数值的单位不参与该指标排名；科创指数缺少某项指标时按其余指标重新归一化权重。',
    ...(withPrevious
      ? ['3. 位次变化 = 上年位次 − 本年位次（▲ 上升、▼ 下降），按两年都参与排名的单位、以本年排名方法计算；进步位次为指数提高幅度的排名。']
      : []),
  ];
  for (const note of [...fixedNotes, ...(legend ? [`${fixedNotes.length + 1}. ${legend}`] : [])]) rows[r++] = [{ value: note }];
  for (const note of rankingNotesText(table.notes)) rows[r++] = [{ value: `· ${note}`, style: { color: '595959' } }];

  // The chart below the notes, right of the frozen columns, in the table's (rank) order.
  const yearText = options.year ? `${options.year}年` : (options.periodZh ?? '');
  const charts =
    hasIndex && n > 0
      ? [
          {
            type: 'column' as const,
            title: `${options.parentName}${yearText}科创指数（${INDEX_METHOD_ZH[table.settings.index!.method].replace(/（.*$/, '')}）${labelSuffix}`,
            seriesName: '科创指数',
            categoriesRef: `${quoteSheetName(sheetName)}!$${columnLetters(L.nameCol)}$${first + 1}:$${columnLetters(L.nameCol)}$${last + 1}`,
            valuesRef: `${quoteSheetName(sheetName)}!$${columnLetters(indexCol)}$${first + 1}:$${columnLetters(indexCol)}$${last + 1}`,
            anchor: { col: lead, row: r + 1, widthCols: Math.max(8, Math.min(12, width - lead)), heightRows: 18 },
          },
        ]
      : [];

  const sheet = fitSheet({
    name: sheetName,
    rows,
    freeze: { rows: L.firstDataRow, cols: lead },
    merges: [
      `A1:${columnLetters(Math.max(Math.min(width - 1, 14), 1))}1`,
      `A2:${columnLetters(Math.max(Math.min(width - 1, 14), 1))}2`,
      ...merges,
    ],
    conditionalFormats,
    charts,
    // The unit codes and the codes row are for readers (sti rank --previous, the pane): hidden on screen and in print.
    hiddenColumns: [L.codeCol],
    hiddenRows: [L.codeRow],
  });
  return {
    ...sheet,
    // Published on one page wide (the compact 通报表 is the one to read at full size).
    print: {
      ...printSetup(sheet, { title, label: options.label, titleRows: [L.groupRow, L.codeRow], titleColumns: [0, lead - 1] }),
      fitToWidth: 1,
    },
  };
}

export const BULLETIN_TABLE_SHEET = '通报表';
/** What a bulletin's table usually shows beside the 科创指数 (those that are ranked are used, up to six). */
export const DEFAULT_HEADLINE_INDICATORS: readonly string[] = [
  'RD_INTENSITY',
  'RD_GROWTH',
  'RD_ACTIVE_FIRM_SHARE',
  'HNTE_PER_1000_FIRMS',
  'TECH_CONTRACT_GDP_RATIO',
  'HT_OUTPUT_SHARE',
];

/** The headline indicators a 通报表 shows: those asked for (or the defaults) that are ranked, 4 to 6 where the table has them. */
export function headlineIndicators(table: RankingTable, asked?: readonly string[]): string[] {
  const ranked = table.columns.map((c) => c.code);
  const chosen = (asked ?? DEFAULT_HEADLINE_INDICATORS).filter((c) => ranked.includes(c)).slice(0, 6);
  for (const c of ranked) if (chosen.length < 4 && !chosen.includes(c)) chosen.push(c);
  return chosen;
}

/**
 * 通报表: the compact table a bulletin prints on one A4 page — 位次, 单位, 科创指数 and the headline
 * indicators' values (and ranks), in rank order; every figure is a live reference to 城市排名.
 */
export function buildBulletinTableSheet(table: RankingTable, ranking: SheetModel, options: RankingWorkbookOptions): SheetModel {
  const L = RANKING_LAYOUT;
  const codes = ranking.rows[L.codeRow] ?? [];
  const colOf = (code: string) => codes.findIndex((c) => c?.value === code);
  const labelSuffix = options.label ? `（${options.label}）` : '';
  const hasIndex = table.settings.index !== null;
  const headline = headlineIndicators(table, options.headline);
  const title = `${options.parentName}${options.periodZh ?? ''}各区（县）科技创新主要指标${labelSuffix}`;
  const source: { header: string; col: number }[] = [
    { header: '位次', col: L.positionCol },
    { header: '区（县）', col: L.nameCol },
    ...(hasIndex ? [{ header: '科创指数', col: colOf(INDEX_CODE) }] : []),
  ];
  for (const code of headline) {
    const e = catalogue.get(code)!;
    source.push({ header: `${e.nameZh}（${e.unit}）`, col: colOf(code) }, { header: '位次', col: colOf(code + RANK_SUFFIX) });
  }
  const rows: (CellModel | null)[][] = [];
  rows[0] = [{ value: title, style: { bold: true, fontSize: 14 } }];
  rows[1] = [{ value: `数据与排名见“${ranking.name}”（本表各数为其引用）。`, style: { italic: true, color: '595959' } }];
  rows[2] = source.map((x) => ({ value: x.header, style: HEADER }));
  const n = table.rows.length;
  for (let i = 0; i < n; i++) {
    const from = ranking.rows[L.firstDataRow + i] ?? [];
    rows[3 + i] = source.map((x) => {
      const cell = from[x.col];
      const style: CellStyle = {
        border: true,
        ...(cell?.style?.numFmt ? { numFmt: cell.style.numFmt } : {}),
        ...(x.col === L.positionCol ? { hAlign: 'center' } : {}),
      };
      if (cell?.value === undefined || cell.value === null || cell.value === '') return { style };
      return {
        value: cell.value,
        formula: `${quoteSheetName(ranking.name)}!${a1(L.firstDataRow + i, x.col)}`,
        style: { ...style, ...(x.col === L.nameCol ? {} : { hAlign: x.header === '位次' ? 'center' : undefined }) },
        ...(cell.comment ? { comment: cell.comment } : {}),
      };
    });
  }
  const marked = table.rows.some((r) => Object.keys(r.incomplete ?? {}).length > 0);
  let r = 3 + n + 1;
  rows[r++] = [
    {
      value: `注：${hasIndex ? '位次按科创指数排列；' : ''}“并列”为位次相同。${marked ? '标“※”的数值所依据的合计不完整（详见汇总工作簿“报送情况”）。' : ''}`,
    },
  ];
  const sheet = fitSheet({
    name: BULLETIN_TABLE_SHEET,
    rows,
    merges: [`A1:${columnLetters(Math.max(source.length - 1, 1))}1`, `A2:${columnLetters(Math.max(source.length - 1, 1))}2`],
    freeze: { rows: 3, cols: 2 },
  });
  return { ...sheet, print: { ...printSetup(sheet, { title, label: options.label, titleRows: [2, 2], onePage: true }), fitToWidth: 1 } };
}

/**
 * Where things are on 排名设置: the builder and the readers (sti rank --previous, the pane) use
 * this one object. Key rows (项目 | 值 | 说明) under a header row; after a blank row the table of
 * ranked indicators; after it, when any, the table of ranked values resting on incomplete totals,
 * whose reason is merged across the rest of the indicator table's width.
 */
export const SETTINGS_LAYOUT = {
  keysHeaderRow: 1,
  keys: tableColumns([
    ['key', '项目'],
    ['value', '值'],
    ['note', '说明'],
  ]),
  keyTexts: {
    method: '排名方法',
    decimals: '排名数值',
    indexMethod: '指数方法',
    aggregation: '指数合成',
    year: '年度',
    period: '报告期',
    parent: '上级单位',
  },
  indicators: tableColumns([
    ['code', '指标代码'],
    ['name', '指标名称'],
    ['unit', '单位'],
    ['decimals', '小数位'],
    ['direction', '方向'],
    ['ranked', '参与排名'],
    ['inIndex', '参与指数'],
    ['weight', '权重'],
    ['reference', '标准值或基期值'],
  ]),
  incomplete: tableColumns([
    ['code', '指标代码'],
    ['name', '指标名称'],
    ['unitCode', '单位代码'],
    ['unitName', '单位名称'],
    ['reason', '合计不完整的原因'],
  ]),
} as const;
/** The key texts of 排名设置 (column 项目). */
export const SETTINGS_KEYS = SETTINGS_LAYOUT.keyTexts;
/** Header of 排名设置's table of ranked values that rest on incomplete totals (readers find it by its reason header). */
export const SETTINGS_INCOMPLETE_HEADER = SETTINGS_LAYOUT.incomplete.header;
/** 0-based columns of that table; the reason spans the rest of the indicator table's width (merged, wrapped). */
export const SETTINGS_INCOMPLETE_COLS = {
  ...SETTINGS_LAYOUT.incomplete.col,
  reasonLast: SETTINGS_LAYOUT.indicators.header.length - 1,
} as const;
export const SETTINGS_TABLE_HEADER = SETTINGS_LAYOUT.indicators.header;

export function buildSettingsSheet(
  table: RankingTable,
  options: Pick<RankingWorkbookOptions, 'year' | 'period' | 'label'> & { parentName?: string },
): SheetModel {
  const s = table.settings;
  const rows: (CellModel | null)[][] = [];
  rows.push([
    {
      value: `排名设置${options.label ? `（${options.label}）` : ''}：下一年用 sti rank --previous 读取本工作簿，保持同一口径`,
      style: { bold: true },
    },
  ]);
  const K = SETTINGS_LAYOUT.keys;
  const T = SETTINGS_LAYOUT.indicators;
  const key = (k: keyof typeof SETTINGS_KEYS, value: CellModel, note: string) =>
    rows.push(rowByKey(K, { key: { value: SETTINGS_KEYS[k] }, value, note: { value: note } }));
  rows[SETTINGS_LAYOUT.keysHeaderRow] = K.header.map((v) => ({ value: v, style: HEADER }));
  key('method', { value: s.method }, METHOD_ZH[s.method]);
  key('decimals', { value: s.decimals }, s.decimals === 'display' ? '按各指标显示小数位四舍五入后排名' : '按全精度数值排名');
  key('indexMethod', { value: s.index?.method ?? 'none' }, s.index ? INDEX_METHOD_ZH[s.index.method] : '不计算科创指数');
  key('aggregation', { value: s.index?.aggregation ?? '' }, s.index?.aggregation === 'geometric' ? '加权几何平均' : '加权算术平均');
  key('year', { value: options.year ?? null }, '');
  key('period', { value: options.period ?? '', style: { numFmt: '@' } }, '');
  key('parent', { value: options.parentName ?? '' }, '排名的单位所属的上级（标题中的名称）');
  rows.push([]);
  rows.push(T.header.map((v) => ({ value: v, style: HEADER })));
  const codes = [...new Set([...s.indicators, ...(s.index?.indicators ?? [])])];
  for (const code of codes) {
    const e = catalogue.get(code)!;
    const k = s.index ? s.index.indicators.indexOf(code) : -1;
    rows.push(
      rowByKey(T, {
        code: { value: code },
        name: { value: e.nameZh },
        unit: { value: e.unit },
        decimals: { value: e.decimals },
        direction: { value: k >= 0 ? s.index!.directions[k] : e.direction },
        ranked: { value: yesNoWord(s.indicators.includes(code)) },
        inIndex: { value: yesNoWord(k >= 0) },
        ...(k >= 0 ? { weight: { value: s.index!.weights[k], style: { numFmt: '0.0000' } } } : {}),
        ...(k >= 0 && s.index!.reference ? { reference: { value: s.index!.reference[k] } } : {}),
      }),
    );
  }
  // Which ranked values rest on incomplete totals (the ※ of 城市排名), so a reader of this workbook knows too.
  // The columns follow the indicator table above; the reason is merged across its last columns and wraps there.
  const C = SETTINGS_INCOMPLETE_COLS;
  const merges: string[] = [];
  const I = SETTINGS_LAYOUT.incomplete;
  const incomplete = table.rows.flatMap((r) =>
    Object.entries(r.incomplete ?? {}).map(([code, why]) => ({
      code,
      name: catalogue.get(code)?.nameZh ?? code,
      unitCode: r.unitCode,
      unitName: r.unitName,
      reason: why,
    })),
  );
  if (incomplete.length > 0) {
    rows.push([]);
    merges.push(`${a1(rows.length, C.reason)}:${a1(rows.length, C.reasonLast)}`);
    rows.push(I.header.map((v) => ({ value: v, style: HEADER })));
    for (const values of incomplete) {
      merges.push(`${a1(rows.length, C.reason)}:${a1(rows.length, C.reasonLast)}`);
      const top = (value: string): CellModel => ({ value, style: { vAlign: 'top' } });
      rows.push(
        rowByKey(I, {
          code: top(values.code),
          name: top(values.name),
          unitCode: top(values.unitCode),
          unitName: top(values.unitName),
          reason: { value: values.reason, style: { vAlign: 'top', wrap: true } },
        }),
      );
    }
  }
  const sheet = fitSheet({ name: SETTINGS_SHEET, rows, merges, columnWidths: [24, 40, 12, 8, 8, 10, 10, 10, 16] });
  return { ...sheet, print: printSetup(sheet, { title: `排名设置${options.label ? `（${options.label}）` : ''}`, label: options.label }) };
}
