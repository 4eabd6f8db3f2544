/**
 * The city ranking workbook as a WorkbookModel (product.md §6): 城市排名 with every district's
 * value and rank per indicator (native RANK.EQ / RANK.AVG / SUMPRODUCT formulas with the
 * engine's ranks cached; values where no native formula is exact), the composite index and its
 * rank, 位次变化 and 进步位次 when last year's ranking is given, top/bottom-three conditional
 * formatting, a column chart of the index, and 排名设置 — the caliber, readable next year.
 */
import { catalogue, numberFormat } from './catalogue.js';
import type { RankMethod } from './rank.js';
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
  /** e.g. '2024年' */
  periodZh?: string;
  year?: number | null;
  period?: string | null;
  label?: string;
}

export const RANKING_SHEET = '城市排名';
export const SETTINGS_SHEET = '排名设置';
/** 0-based rows of 城市排名: readers (sti rank --previous) rely on them. */
export const RANKING_LAYOUT = { groupRow: 2, subRow: 3, codeRow: 4, firstDataRow: 5 } as const;
/** Codes of the extra columns in the codes row. */
export const RANK_SUFFIX = ':位次';
export const INDEX_CODE = 'STI_INDEX';
export const EXTRA_CODES = {
  previousIndex: 'STI_INDEX:上年指数',
  previousRank: 'STI_INDEX:上年位次',
  change: 'STI_INDEX:位次变化',
  changeText: 'STI_INDEX:升降',
  improvement: 'STI_INDEX:指数提高',
  progressRank: 'STI_INDEX:进步位次',
} as const;

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
  return {
    sheets: [buildRankingSheet(table, options), buildSettingsSheet(table, options)],
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

/**
 * One ranking sheet: per indicator its value and rank (native rank formulas with the engine's
 * ranks cached), the composite index and its rank when the table has one, the comparison with
 * last year when given, top/bottom-three conditional formatting and the index chart.
 */
export function buildRankingSheet(table: RankingTable, options: RankingWorkbookOptions & RankingSheetOptions): SheetModel {
  const L = RANKING_LAYOUT;
  const n = table.rows.length;
  const first = L.firstDataRow;
  const last = first + Math.max(n, 1) - 1;
  const method = table.settings.method;
  const display = table.settings.decimals === 'display';
  const withPrevious = table.rows.some((r) => r.previousRank !== null || r.previousIndex !== null);
  const hasIndex = table.settings.index !== null;
  const rows: (CellModel | null)[][] = [];
  const merges: string[] = [];
  const conditionalFormats: ConditionalFormat[] = [];
  const labelSuffix = options.label ? `（${options.label}）` : '';
  const sheetName = options.name ?? RANKING_SHEET;
  const extraColumns = options.extraColumns ?? [];
  const lead = 2 + extraColumns.length;
  rows[0] = [
    {
      value: options.title ?? `${options.parentName}${options.periodZh ?? ''}各区科技创新指标排名${labelSuffix}`,
      style: { bold: true, fontSize: 14 },
    },
  ];
  rows[1] = [
    {
      value:
        options.subtitle ??
        `排名方法：${METHOD_ZH[method]}；${display ? '按显示位数四舍五入后的数值排名' : '按全精度数值排名'}；方向：越大越好的指标从大到小排，清零类等越小越好的指标从小到大排${hasIndex ? `；科创指数：${INDEX_METHOD_ZH[table.settings.index!.method]}，加权${table.settings.index!.aggregation === 'geometric' ? '几何' : '算术'}平均` : ''}。设置见“${SETTINGS_SHEET}”。`,
      style: { italic: true, color: '595959' },
    },
  ];
  const [codeHeader, nameHeader] = options.unitHeaders ?? ['区代码', '区名称'];
  const group: (CellModel | null)[] = [
    { value: codeHeader, style: HEADER },
    { value: nameHeader, style: HEADER },
    ...extraColumns.map((x) => ({ value: x.header, style: HEADER })),
  ];
  const sub: (CellModel | null)[] = Array.from({ length: lead }, () => ({ style: HEADER }));
  const codes: (CellModel | null)[] = [{ value: '指标代码', style: CODE_STYLE }, ...Array.from({ length: lead - 1 }, () => null)];
  for (let c = 0; c < lead; c++) merges.push(`${a1(L.groupRow, c)}:${a1(L.subRow, c)}`);
  let col = lead;
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
  const indexDecimals = catalogue.get(INDEX_CODE)!.decimals;
  const indexFmt = numberFormat(catalogue.get(INDEX_CODE)!);
  let indexCol = -1;
  let indexRankCol = -1;
  const extra: Record<keyof typeof EXTRA_CODES, number> = {
    previousIndex: -1,
    previousRank: -1,
    change: -1,
    changeText: -1,
    improvement: -1,
    progressRank: -1,
  };
  if (hasIndex) {
    indexCol = col;
    indexRankCol = col + 1;
    group[col] = { value: '科创指数（分）', style: HEADER };
    group[col + 1] = { style: HEADER };
    merges.push(`${a1(L.groupRow, col)}:${a1(L.groupRow, col + 1)}`);
    sub[col] = { value: '指数', style: HEADER };
    sub[col + 1] = { value: '位次', style: HEADER };
    codes[col] = { value: INDEX_CODE, style: CODE_STYLE };
    codes[col + 1] = { value: INDEX_CODE + RANK_SUFFIX, style: CODE_STYLE };
    col += 2;
    if (withPrevious) {
      const heads: [keyof typeof EXTRA_CODES, string][] = [
        ['previousIndex', '上年指数'],
        ['previousRank', '上年位次'],
        ['change', '位次变化'],
        ['changeText', '升降'],
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
  }
  const width = col;
  rows[L.groupRow] = group;
  rows[L.subRow] = sub;
  rows[L.codeRow] = codes;
  const range = (c: number) => `$${columnLetters(c)}$${first + 1}:$${columnLetters(c)}$${last + 1}`;
  // Same peer set both years when every ranked unit has last year's figure: then the change is a live formula.
  const samePeers = table.rows.every((r) => r.indexRank === null || r.previousRank !== null);

  /** A value resting on an incomplete total: ※ after the number (the value stays a number) and a comment saying what is missing. */
  const markIncomplete = (cell: CellModel, why: string | undefined) => {
    if (!why || cell.value === undefined) return;
    const fmt = cell.style?.numFmt ?? 'General';
    cell.style = { ...(cell.style ?? {}), numFmt: fmt.includes(';') ? fmt : `${fmt}"※"` };
    cell.comment = `※ 合计不完整：${why}`;
  };
  table.rows.forEach((r, i) => {
    const ri = first + i;
    const out: (CellModel | null)[] = [
      { value: r.unitCode, style: { border: true, numFmt: '@' } },
      { value: r.unitName, style: { border: true } },
      ...extraColumns.map((x) => ({ value: x.values[i] ?? '', style: { border: true } })),
    ];
    for (const p of pairs) {
      const v = r.values[p.code];
      out[p.valueCol] = v === null ? { style: { border: true, numFmt: p.fmt } } : { value: v, style: { border: true, numFmt: p.fmt } };
      markIncomplete(out[p.valueCol]!, r.incomplete?.[p.code]);
      const complete = table.rows.every((x) => x.values[p.code] !== null);
      const f = rankFormula(method, a1(ri, p.valueCol), range(p.valueCol), p.ascending, display ? p.decimals : null, complete);
      const rk = r.ranks[p.code];
      out[p.rankCol] = f
        ? { value: rk ?? '', formula: f, style: { border: true, hAlign: 'center' } }
        : { value: rk, style: { border: true, hAlign: 'center' } };
    }
    if (hasIndex) {
      out[indexCol] =
        r.index === null
          ? { style: { border: true, numFmt: indexFmt } }
          : { value: r.index, style: { border: true, numFmt: indexFmt, bold: true } };
      markIncomplete(out[indexCol]!, r.incomplete?.STI_INDEX);
      const complete = table.rows.every((x) => x.index !== null);
      const f = rankFormula(method, a1(ri, indexCol), range(indexCol), false, display ? indexDecimals : null, complete);
      out[indexRankCol] = f
        ? { value: r.indexRank ?? '', formula: f, style: { border: true, hAlign: 'center', bold: true } }
        : { value: r.indexRank, style: { border: true, hAlign: 'center', bold: true } };
      if (withPrevious) {
        const pi = extra.previousIndex;
        out[pi] =
          r.previousIndex === null
            ? { style: { border: true, numFmt: indexFmt } }
            : { value: r.previousIndex, style: { border: true, numFmt: indexFmt } };
        out[extra.previousRank] = { value: r.previousRank, style: { border: true, hAlign: 'center' } };
        const prevCell = a1(ri, extra.previousRank);
        const curCell = a1(ri, indexRankCol);
        const chCell = a1(ri, extra.change);
        out[extra.change] = samePeers
          ? {
              value: r.rankChange ?? '',
              formula: `IF(AND(ISNUMBER(${prevCell}),ISNUMBER(${curCell})),${prevCell}-${curCell},"")`,
              style: { border: true, hAlign: 'center', numFmt: '+0;-0;0' },
            }
          : { value: r.rankChange, style: { border: true, hAlign: 'center', numFmt: '+0;-0;0' } };
        out[extra.changeText] = {
          value: r.rankChangeText ?? '',
          formula: `IF(ISNUMBER(${chCell}),IF(${chCell}>0,"上升"&${chCell}&"位",IF(${chCell}<0,"下降"&-${chCell}&"位","持平")),"")`,
          style: { border: true, hAlign: 'center' },
        };
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
        out[extra.progressRank] = fr
          ? { value: r.progressRank ?? '', formula: fr, style: { border: true, hAlign: 'center' } }
          : { value: r.progressRank, style: { border: true, hAlign: 'center' } };
      }
    }
    rows[ri] = out;
  });

  // Top three green, bottom three red, on each value+rank pair, by the rank (so direction-aware).
  const cf = (valueCol: number, rankCol: number) => {
    const rng = `${a1(first, valueCol)}:${a1(last, rankCol)}`;
    const rc = `$${columnLetters(rankCol)}${first + 1}`;
    conditionalFormats.push({ range: rng, rule: { type: 'expression', formula: `AND(ISNUMBER(${rc}),${rc}<=3)`, style: GOOD } });
    conditionalFormats.push({
      range: rng,
      rule: { type: 'expression', formula: `AND(ISNUMBER(${rc}),${rc}>MAX(${range(rankCol)})-3,${rc}>3)`, style: BAD },
    });
  };
  if (n > 0) {
    for (const p of pairs) cf(p.valueCol, p.rankCol);
    if (hasIndex) cf(indexCol, indexRankCol);
  }

  // Notes under the table.
  let r = last + 2;
  rows[r++] = [{ value: '注：', style: { bold: true } }];
  const fixedNotes = options.notes ?? [
    '1. 位次为公式（RANK.EQ / RANK.AVG / SUMPRODUCT），与本工具计算结果一致；无原生等价公式时（如中国式排名遇空值）写入数值。',
    '2. 无数值的单位不参与该指标排名；科创指数缺少某项指标时按其余指标重新归一化权重。',
    ...(withPrevious
      ? ['3. 位次变化 = 上年位次 − 本年位次（正数为上升），按两年都参与排名的单位、以本年排名方法计算；进步位次为指数提高幅度的排名。']
      : []),
  ];
  for (const note of fixedNotes) rows[r++] = [{ value: note }];
  for (const note of table.notes) rows[r++] = [{ value: `· ${note}`, style: { color: '595959' } }];

  const charts =
    hasIndex && n > 0
      ? [
          {
            type: 'column' as const,
            title: `${options.parentName}科创指数${labelSuffix}`,
            seriesName: '科创指数',
            categoriesRef: `${quoteSheetName(sheetName)}!$B$${first + 1}:$B$${last + 1}`,
            valuesRef: `${quoteSheetName(sheetName)}!$${columnLetters(indexCol)}$${first + 1}:$${columnLetters(indexCol)}$${last + 1}`,
            anchor: { col: 1, row: r + 1, widthCols: 8, heightRows: 18 },
          },
        ]
      : [];

  return {
    name: sheetName,
    rows,
    columnWidths: [
      10,
      12,
      ...extraColumns.map((x) => x.width ?? 12),
      ...Array.from({ length: width - lead }, (_, k) => (k % 2 === 0 ? 12 : 7)),
    ],
    freeze: { rows: L.firstDataRow, cols: lead },
    merges: [
      `A1:${columnLetters(Math.max(Math.min(width - 1, 14), 1))}1`,
      `A2:${columnLetters(Math.max(Math.min(width - 1, 14), 1))}2`,
      ...merges,
    ],
    conditionalFormats,
    charts,
    print: { orientation: 'landscape', paper: 'A4', fitToWidth: true },
  };
}

/** 0-based layout of 排名设置: key rows from row 2, the indicator table after its header row. */
export const SETTINGS_KEYS = {
  method: '排名方法',
  decimals: '排名数值',
  indexMethod: '指数方法',
  aggregation: '指数合成',
  year: '年度',
  period: '报告期',
} as const;
export const SETTINGS_TABLE_HEADER = [
  '指标代码',
  '指标名称',
  '单位',
  '小数位',
  '方向',
  '参与排名',
  '参与指数',
  '权重',
  '标准值或基期值',
] as const;

export function buildSettingsSheet(table: RankingTable, options: Pick<RankingWorkbookOptions, 'year' | 'period' | 'label'>): SheetModel {
  const s = table.settings;
  const rows: (CellModel | null)[][] = [];
  rows.push([
    {
      value: `排名设置${options.label ? `（${options.label}）` : ''}：下一年用 sti rank --previous 读取本工作簿，保持同一口径`,
      style: { bold: true },
    },
  ]);
  rows.push(['项目', '值', '说明'].map((v) => ({ value: v, style: HEADER })));
  rows.push([{ value: SETTINGS_KEYS.method }, { value: s.method }, { value: METHOD_ZH[s.method] }]);
  rows.push([
    { value: SETTINGS_KEYS.decimals },
    { value: s.decimals },
    { value: s.decimals === 'display' ? '按各指标显示小数位四舍五入后排名' : '按全精度数值排名' },
  ]);
  rows.push([
    { value: SETTINGS_KEYS.indexMethod },
    { value: s.index?.method ?? 'none' },
    { value: s.index ? INDEX_METHOD_ZH[s.index.method] : '不计算科创指数' },
  ]);
  rows.push([
    { value: SETTINGS_KEYS.aggregation },
    { value: s.index?.aggregation ?? '' },
    { value: s.index?.aggregation === 'geometric' ? '加权几何平均' : '加权算术平均' },
  ]);
  rows.push([{ value: SETTINGS_KEYS.year }, { value: options.year ?? null }, { value: '' }]);
  rows.push([{ value: SETTINGS_KEYS.period }, { value: options.period ?? '', style: { numFmt: '@' } }, { value: '' }]);
  rows.push([]);
  rows.push(SETTINGS_TABLE_HEADER.map((v) => ({ value: v, style: HEADER })));
  const codes = [...new Set([...s.indicators, ...(s.index?.indicators ?? [])])];
  for (const code of codes) {
    const e = catalogue.get(code)!;
    const k = s.index ? s.index.indicators.indexOf(code) : -1;
    rows.push([
      { value: code },
      { value: e.nameZh },
      { value: e.unit },
      { value: e.decimals },
      { value: k >= 0 ? s.index!.directions[k] : e.direction },
      { value: s.indicators.includes(code) ? '是' : '否' },
      { value: k >= 0 ? '是' : '否' },
      k >= 0 ? { value: s.index!.weights[k], style: { numFmt: '0.0000' } } : null,
      k >= 0 && s.index!.reference ? { value: s.index!.reference[k] } : null,
    ]);
  }
  return { name: SETTINGS_SHEET, rows, columnWidths: [24, 40, 12, 8, 8, 10, 10, 10, 16] };
}
