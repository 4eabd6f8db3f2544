/**
 * The city ranking sheet and 排名设置 as SheetModels, and last year's ranking read back from
 * its sheet. Thin adapter: the numbers come from the core RankingTable (rankChildren); this
 * only lays them out. Used when the core's own ranking-sheet builder is not available.
 */
import { catalogue, numberFormat } from '../core/catalogue.js';
import type { SheetGrid } from '../core/grid.js';
import type { PreviousRanking, RankingTable } from '../core/ranking.js';
import type { CellModel, CellStyle, SheetModel } from '../core/sheet-model.js';
import { columnLetters, quoteSheetName } from '../core/sheet-model.js';

export const RANKING_SHEET = '全市排名';
export const RANKING_SETTINGS_SHEET = '排名设置';
const HEADER: CellStyle = { bold: true, fill: 'DDEBF7', border: true, hAlign: 'center', vAlign: 'middle', wrap: true };
const BODY: CellStyle = { border: true };
const TOP: CellStyle = { fill: 'C6EFCE', color: '006100' };
const BOTTOM: CellStyle = { fill: 'FFC7CE', color: '9C0006' };

const METHOD_ZH = { competition: '竞争排名（RANK.EQ）', dense: '中国式排名', average: '平均排名（RANK.AVG）' } as const;
const INDEX_ZH = { minmax: '极差标准化', zscore: 'Z分数标准化', standard: '标准值法', base: '基期法' } as const;

/** Header texts of the index block; previousRankingFromGrid finds columns by them. */
export const COL_UNIT = '单位';
export const COL_UNIT_CODE = '单位代码';
export const COL_INDEX = '科创指数';
export const COL_INDEX_RANK = '科创指数排名';
export const COL_CHANGE = '位次变化';
export const COL_PROGRESS = '进步位次';

export function buildPaneRankingSheets(
  table: RankingTable,
  meta: { year: number | null; period: string | null; cityName: string },
): SheetModel[] {
  const n = table.rows.length;
  const hasPrevious = table.rows.some((r) => r.previousRank !== null);
  const title = `${meta.cityName}${meta.year ?? ''}年科技创新指标排名`;
  const header: CellModel[] = [
    { value: COL_UNIT_CODE, style: HEADER },
    { value: COL_UNIT, style: HEADER },
  ];
  const sub: CellModel[] = [
    { value: null, style: HEADER },
    { value: null, style: HEADER },
  ];
  const merges: string[] = [];
  const firstRow = 3; // 0-based: title, blank-free header rows 1–2, data from row 3
  table.columns.forEach((c) => {
    const col = header.length;
    header.push({ value: `${c.nameZh}（${c.unit}）`, style: HEADER }, { value: null, style: HEADER });
    sub.push({ value: '数值', style: HEADER }, { value: '排名', style: HEADER });
    merges.push(`${columnLetters(col)}2:${columnLetters(col + 1)}2`);
  });
  const indexCol = header.length;
  for (const h of [COL_INDEX, COL_INDEX_RANK, ...(hasPrevious ? ['上年排名', COL_CHANGE, COL_PROGRESS] : [])]) {
    header.push({ value: h, style: HEADER });
    sub.push({ value: null, style: HEADER });
    merges.push(`${columnLetters(header.length - 1)}2:${columnLetters(header.length - 1)}3`);
  }
  merges.push('A2:A3', 'B2:B3', `A1:${columnLetters(header.length - 1)}1`);

  const sorted = [...table.rows].sort((a, b) => (a.indexRank ?? Infinity) - (b.indexRank ?? Infinity));
  const body: CellModel[][] = sorted.map((r) => {
    const row: CellModel[] = [
      { value: r.unitCode, style: { ...BODY, numFmt: '@' } },
      { value: r.unitName, style: BODY },
    ];
    for (const c of table.columns) {
      row.push({ value: r.values[c.code] ?? null, style: { ...BODY, numFmt: numberFormat(catalogue.get(c.code)!) } });
      row.push({ value: r.ranks[c.code] ?? null, style: { ...BODY, hAlign: 'center' } });
    }
    row.push({ value: r.index, style: { ...BODY, numFmt: '0.0', bold: true } });
    row.push({ value: r.indexRank, style: { ...BODY, hAlign: 'center', bold: true } });
    if (hasPrevious) {
      row.push({ value: r.previousRank, style: { ...BODY, hAlign: 'center' } });
      row.push({ value: r.rankChangeText, style: { ...BODY, hAlign: 'center' } });
      row.push({ value: r.progressRank, style: { ...BODY, hAlign: 'center' } });
    }
    return row;
  });
  const notes: CellModel[][] = table.notes.map((t) => [{ value: `注：${t}`, style: { italic: true, color: '595959' } }]);
  const last = firstRow + n; // 1-based last data row
  const indexLetter = columnLetters(indexCol);
  const ranking: SheetModel = {
    name: RANKING_SHEET,
    rows: [[{ value: title, style: { bold: true, fontSize: 14, hAlign: 'center' } }], header, sub, ...body, [], ...notes],
    columnWidths: [10, 12, ...table.columns.flatMap(() => [12, 6]), 10, 8, ...(hasPrevious ? [8, 10, 8] : [])],
    freeze: { rows: firstRow, cols: 2 },
    merges,
    conditionalFormats: [
      { range: `${indexLetter}${firstRow + 1}:${indexLetter}${last}`, rule: { type: 'top', rank: Math.min(3, n), style: TOP } },
      { range: `${indexLetter}${firstRow + 1}:${indexLetter}${last}`, rule: { type: 'bottom', rank: Math.min(3, n), style: BOTTOM } },
    ],
    charts: [
      {
        type: 'column',
        title: `${COL_INDEX}`,
        seriesName: COL_INDEX,
        categoriesRef: `${quoteSheetName(RANKING_SHEET)}!$B$${firstRow + 1}:$B$${last}`,
        valuesRef: `${quoteSheetName(RANKING_SHEET)}!$${indexLetter}$${firstRow + 1}:$${indexLetter}$${last}`,
        anchor: { col: 1, row: last + notes.length + 2, widthCols: 8, heightRows: 16 },
      },
    ],
    print: { orientation: 'landscape', fitToWidth: true, paper: 'A4' },
  };

  const s = table.settings;
  const kv = (k: string, v: string | number | null): CellModel[] => [{ value: k, style: { bold: true } }, { value: v }];
  const settingsRows: CellModel[][] = [
    [{ value: '排名设置（下年请按同一口径）', style: { bold: true, fontSize: 14 } }],
    kv('年份', meta.year),
    kv('报告期', meta.period),
    kv('排名方法', `${s.method}（${METHOD_ZH[s.method]}）`),
    kv('按显示位数排名', s.decimals === 'display' ? '是' : '否'),
    kv('排名指标', s.indicators.join(',')),
    kv('指数方法', s.index ? `${s.index.method}（${INDEX_ZH[s.index.method]}）` : '无'),
    kv('指数合成', s.index?.aggregation ?? null),
    [],
    [
      { value: '指标代码', style: HEADER },
      { value: '指标名称', style: HEADER },
      { value: '方向', style: HEADER },
      { value: '权重', style: HEADER },
      { value: '标准值/基期值', style: HEADER },
    ],
    ...(s.index?.indicators ?? []).map((code, i): CellModel[] => [
      { value: code, style: BODY },
      { value: catalogue.get(code)?.nameZh ?? code, style: BODY },
      { value: s.index!.directions[i] === -1 ? '逆向（越小越好）' : '正向', style: BODY },
      { value: s.index!.weights[i], style: { ...BODY, numFmt: '0.0000' } },
      { value: s.index!.reference?.[i] ?? null, style: BODY },
    ]),
  ];
  return [ranking, { name: RANKING_SETTINGS_SHEET, rows: settingsRows, columnWidths: [22, 36, 16, 10, 14] }];
}

function text(grid: SheetGrid, r: number, c: number): string {
  const v = grid.cell(r, c)?.value;
  return v === null || v === undefined ? '' : String(v).trim();
}

/**
 * Last year's ranking from its sheet: the header row holding 单位 and 科创指数 gives the
 * columns; each row below with a unit and a number is one unit. Codes when present, names else.
 */
export function previousRankingFromGrid(grid: SheetGrid): PreviousRanking {
  for (let r = 0; r <= Math.min(grid.maxRow, 30); r++) {
    const cols = new Map<string, number>();
    for (let c = 0; c <= grid.maxCol; c++) {
      const h = text(grid, r, c);
      if (!cols.has(h)) cols.set(h, c);
    }
    const unitCol = cols.get(COL_UNIT);
    const indexCol = cols.get(COL_INDEX);
    if (unitCol === undefined || indexCol === undefined) continue;
    const codeCol = cols.get(COL_UNIT_CODE);
    const rankCol = cols.get(COL_INDEX_RANK) ?? cols.get('排名');
    const units: PreviousRanking['units'] = [];
    for (let i = r + 1; i <= grid.maxRow; i++) {
      const name = text(grid, i, unitCol);
      const index = grid.cell(i, indexCol)?.value;
      if (!name || typeof index !== 'number') continue;
      const rank = rankCol !== undefined ? grid.cell(i, rankCol)?.value : null;
      units.push({
        unitCode: codeCol !== undefined ? text(grid, i, codeCol) || name : name,
        unitName: name,
        index,
        rank: typeof rank === 'number' ? rank : null,
      });
    }
    if (units.length > 0) return { units };
  }
  throw new Error(`工作表“${grid.name}”中找不到“${COL_UNIT}”和“${COL_INDEX}”列，无法作为上年排名表`);
}
