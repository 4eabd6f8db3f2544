/**
 * Last year's ranking from any sheet that has 单位 and 科创指数 columns (a hand-made or older
 * table): the fallback when the chosen sheet is not a 城市排名 written by this product.
 */
import type { SheetGrid } from '../core/grid.js';
import type { PreviousRanking } from '../core/ranking.js';

const UNIT_HEADERS = ['单位', '单位名称', '区名称', '区（县）'];
const CODE_HEADERS = ['单位代码', '区代码'];
const COL_INDEX = '科创指数';
const RANK_HEADERS = ['科创指数排名', '指数排名', '排名', '位次'];
const first = (cols: Map<string, number>, names: string[]) => names.map((n) => cols.get(n)).find((c) => c !== undefined);

function text(grid: SheetGrid, r: number, c: number): string {
  const v = grid.cell(r, c)?.value;
  return v === null || v === undefined ? '' : String(v).trim();
}

/** The first header row (within 30 rows) naming a unit column and 科创指数; one unit per row below with a number. */
export function previousRankingFromGrid(grid: SheetGrid): PreviousRanking {
  for (let r = 0; r <= Math.min(grid.maxRow, 30); r++) {
    const cols = new Map<string, number>();
    for (let c = 0; c <= grid.maxCol; c++) {
      const h = text(grid, r, c);
      if (!cols.has(h)) cols.set(h, c);
    }
    const unitCol = first(cols, UNIT_HEADERS);
    const indexCol = cols.get(COL_INDEX);
    if (unitCol === undefined || indexCol === undefined) continue;
    const codeCol = first(cols, CODE_HEADERS);
    const rankCol = first(cols, RANK_HEADERS);
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
  throw new Error(`工作表“${grid.name}”中找不到“单位”和“${COL_INDEX}”列，无法作为上年排名表`);
}
