/**
 * Layout round trips (issue 16 §2): each output sheet is built, written to .xlsx, read back, and
 * every table, header and column is found where its layout object says — the one object the
 * builder writes by and every reader (sti rank, --previous, the pane) reads by.
 */
import { describe, expect, it } from 'vitest';
import { BASE_FIELDS, ENTERPRISE_FLAGS, catalogue } from '../../src/core/catalogue.js';
import { buildDemoData } from '../../src/core/demo.js';
import { cellText, type SheetGrid, type WorkbookGrid } from '../../src/core/grid.js';
import { RANKING_LAYOUT, RANKING_SHEET, RANK_SUFFIX, INDEX_CODE, SETTINGS_LAYOUT, SETTINGS_SHEET } from '../../src/core/outputs-ranking.js';
import {
  COMPLETENESS_LAYOUT,
  COMPLETENESS_SHEET,
  ENTERPRISE_LAYOUT,
  ENTERPRISE_SHEET,
  NOTES_LAYOUT,
  NOTES_SHEET,
  PROVENANCE_LAYOUT,
  PROVENANCE_SHEET,
  ROLLUP_LAYOUT,
  previousCode,
  targetCode,
} from '../../src/core/outputs-rollup.js';
import { isRollupSheet } from '../../src/core/own-output.js';
import { DEFAULT_RANKING_INDICATORS, rankChildren, type RankingInputRow } from '../../src/core/ranking.js';
import { rollupAll } from '../../src/core/rollup.js';
import { findHeaderRow, type TableColumns } from '../../src/core/table-columns.js';
import { readRankingGrid, writeRankingWorkbook } from '../../src/io/ranking-xlsx.js';
import { readRollupGrid, writeRollupWorkbook } from '../../src/io/rollup-xlsx.js';
import { readXlsx } from '../../src/io/xlsx/read.js';

const sheetOf = (grid: WorkbookGrid, name: string): SheetGrid => {
  const s = grid.sheets.find((x) => x.name === name);
  expect(s, name).toBeDefined();
  return s!;
};
const rowTexts = (s: SheetGrid, r: number, from: number, n: number) => Array.from({ length: n }, (_, i) => cellText(s.cell(r, from + i)));

/** The table's header row (every column's text in the layout's column) and the first row under it. */
function tableAt<K extends string>(s: SheetGrid, t: TableColumns<K>, from = 0): number {
  const r = findHeaderRow(s, t, from);
  expect(r, `${s.name}: ${t.header.join('|')}`).toBeGreaterThanOrEqual(0);
  for (const [key, c] of Object.entries(t.col) as [K, number][]) expect(cellText(s.cell(r, c)), `${s.name} ${key}`).toBe(t.header[c]);
  return r;
}

describe('rollup workbook: built, written, read back by the layouts', async () => {
  const demo = buildDemoData();
  // One township left out (its file missing): totals become incomplete, so 报送情况's second table has rows.
  const dropped = demo.submissions.find((s) => s.unit.kind === 'township')!;
  const outcome = rollupAll(
    demo.register,
    demo.submissions.filter((s) => s !== dropped),
  );
  const results = [outcome.city, ...outcome.districts];
  const grid = readXlsx(await writeRollupWorkbook(results, { label: '示例数据' }), 'rollup.xlsx');
  const L = ROLLUP_LAYOUT;

  it('every 汇总 sheet: unit headers, the codes row and row types where ROLLUP_LAYOUT says', () => {
    const sheets = grid.sheets.filter(isRollupSheet);
    expect(sheets.length).toBe(results.length);
    const types = new Set<string>(Object.values(L.rowTypes));
    const known = (code: string) =>
      catalogue.get(code) !== undefined || BASE_FIELDS.some((f) => code === previousCode(f.code) || code === targetCode(f.code));
    for (const s of sheets) {
      expect(
        [L.codeCol, L.nameCol, L.typeCol].map((c) => cellText(s.cell(L.groupRow, c))),
        s.name,
      ).toEqual(L.unitHeaders);
      expect(cellText(s.cell(L.codeRow, L.codeCol))).toBe(L.codesLabel);
      const codes = rowTexts(s, L.codeRow, L.firstValueCol, s.maxCol - L.firstValueCol + 1);
      expect(codes.length).toBeGreaterThan(BASE_FIELDS.length);
      expect(codes.filter((c) => !known(c))).toEqual([]);
      const res = results.find((r) => cellText(s.cell(s.maxRow, L.codeCol)) === r.unit.code)!;
      expect(res, s.name).toBeDefined();
      // One data row per unit row and the total, each with a known type; the total last, named with the suffix.
      const data = Array.from({ length: s.maxRow - L.firstDataRow + 1 }, (_, i) => L.firstDataRow + i);
      expect(data.length).toBe(res.rows.length + 1);
      for (const r of data) expect(types.has(cellText(s.cell(r, L.typeCol))), `${s.name} row ${r + 1}`).toBe(true);
      expect(cellText(s.cell(s.maxRow, L.typeCol))).toBe(res.level === 'city' ? L.rowTypes.cityTotal : L.rowTypes.districtTotal);
      expect(cellText(s.cell(s.maxRow, L.nameCol))).toBe(`${res.unit.name}${L.totalSuffix}`);
      // The figures under the codes are the engine's (the current block of the total row).
      for (const f of BASE_FIELDS) {
        const c = L.firstValueCol + codes.indexOf(f.code);
        const v = s.cell(s.maxRow, c)?.value;
        expect(typeof v === 'number' ? v : null, `${s.name} ${f.code}`).toBe(res.total.fields[f.code].current);
      }
    }
  });

  it('报送情况, 来源, 说明 and 企业名录: each table found by its layout, its columns in place', () => {
    const completeness = sheetOf(grid, COMPLETENESS_SHEET);
    const u = tableAt(completeness, COMPLETENESS_LAYOUT.units);
    const t = tableAt(completeness, COMPLETENESS_LAYOUT.totals, u + 1);
    expect(t).toBeGreaterThan(u);
    const U = COMPLETENESS_LAYOUT.units.col;
    const droppedRow = Array.from({ length: t - u }, (_, i) => u + 1 + i).find(
      (r) => cellText(completeness.cell(r, U.code)) === dropped.unit.code,
    );
    expect(droppedRow).toBeDefined();
    expect(cellText(completeness.cell(droppedRow!, U.status))).toBe('未报送');
    const T = COMPLETENESS_LAYOUT.totals.col;
    expect(cellText(completeness.cell(t + 1, T.unitCode))).not.toBe('');
    expect(cellText(completeness.cell(t + 1, T.lacking))).toContain(dropped.unit.name);

    const provenance = sheetOf(grid, PROVENANCE_SHEET);
    const p1 = tableAt(provenance, PROVENANCE_LAYOUT.totals);
    expect(cellText(provenance.cell(p1 + 1, PROVENANCE_LAYOUT.totals.col.code))).toBe(BASE_FIELDS[0].code);
    const p2 = tableAt(provenance, PROVENANCE_LAYOUT.cells, p1 + 1);
    const C = PROVENANCE_LAYOUT.cells;
    expect(rowTexts(provenance, p2, C.header.length, BASE_FIELDS.length)).toEqual(BASE_FIELDS.map((f) => f.code));
    // The city's rows point at each district's sheet (the demo's submissions carry no cell references).
    const district = outcome.districts[0].unit;
    const unitRow = Array.from({ length: provenance.maxRow - p2 }, (_, i) => p2 + 1 + i).find(
      (r) => cellText(provenance.cell(r, C.col.unitCode)) === district.code,
    );
    expect(unitRow).toBeDefined();
    expect(cellText(provenance.cell(unitRow!, C.col.parentName))).toBe(outcome.city.unit.name);
    expect(cellText(provenance.cell(unitRow!, C.col.unitName))).toBe(district.name);
    expect(cellText(provenance.cell(unitRow!, C.col.file))).toBe(`见“${district.name}”汇总`);

    const notes = sheetOf(grid, NOTES_SHEET);
    expect(cellText(notes.cell(NOTES_LAYOUT.periodRow, NOTES_LAYOUT.keyCol))).toBe(NOTES_LAYOUT.periodKey);
    expect(cellText(notes.cell(NOTES_LAYOUT.periodRow, NOTES_LAYOUT.valueCol))).toBe(demo.period);

    const firms = sheetOf(grid, ENTERPRISE_SHEET);
    const E = ENTERPRISE_LAYOUT;
    for (const f of ENTERPRISE_FLAGS) expect(cellText(firms.cell(E.headerRow, E.flagCol(f.flag)))).toBe(f.nameZh);
    const districtCodes = new Set(outcome.districts.map((d) => d.unit.code));
    expect(firms.maxRow).toBeGreaterThanOrEqual(E.firstDataRow);
    for (let r = E.firstDataRow; r <= firms.maxRow; r++) {
      expect(districtCodes.has(cellText(firms.cell(r, E.districtCol)))).toBe(true);
      expect(['是', '否']).toContain(cellText(firms.cell(r, E.cityCol)));
      expect(typeof firms.cell(r, E.revenueCol)?.value === 'number' || !firms.cell(r, E.revenueCol)?.value).toBe(true);
    }
  });

  it('readRollupGrid (sti rank) reads the districts, the city, the period and the incomplete totals', () => {
    const read = readRollupGrid(grid);
    expect(read.period).toBe(demo.period);
    expect(read.city?.unitCode).toBe(outcome.city.unit.code);
    expect(read.city?.unitName).toBe(outcome.city.unit.name);
    expect(read.districts.map((d) => d.unitCode).sort()).toEqual(outcome.districts.map((d) => d.unit.code).sort());
    for (const d of outcome.districts) {
      const r = read.districts.find((x) => x.unitCode === d.unit.code)!;
      expect(r.unitName).toBe(d.unit.name);
      expect(r.values.RD_EXP).toBe(d.total.fields.RD_EXP.current);
      expect(r.parentCode).toBe(outcome.city.unit.code);
    }
    // The district that lost a township: its RD_EXP total is marked incomplete, with the reason from 报送情况.
    const hit = read.districts.find((d) => d.unitCode === dropped.unit.parentCode)!;
    expect(hit.incomplete?.RD_EXP).toContain(dropped.unit.name);
  });
});

describe('ranking workbook: built, written, read back by the layouts', async () => {
  const codes = [...DEFAULT_RANKING_INDICATORS];
  const rows: RankingInputRow[] = ['A', 'B', 'C', 'D', 'E'].map((x, i) => ({
    unitCode: `99010${i}`,
    unitName: `${x}区`,
    values: Object.fromEntries(codes.map((c, k) => [c, 1 + ((i * 7 + k * 3) % 11) / 2])),
    ...(i === 1 ? { incomplete: { [codes[0]]: '不含：某镇（未报送）' } } : {}),
  }));
  const indexCodes = codes.slice(0, 4);
  const table = rankChildren(rows, {
    method: 'average',
    decimals: 'display',
    indicators: codes,
    index: { method: 'standard', indicators: indexCodes, weights: [4, 3, 2, 1], reference: [5, 6, 7, 8], aggregation: 'geometric' },
    previous: { year: 2023, units: rows.map((r, i) => ({ unitCode: r.unitCode, unitName: r.unitName, index: 50 + i, rank: i + 1 })) },
  });
  const grid = readXlsx(
    await writeRankingWorkbook(table, { parentName: '示例市', year: 2024, period: '2024', periodZh: '2024年' }),
    'ranking.xlsx',
  );

  it('城市排名: the marker and every column code in the codes row; rows in place', () => {
    const s = sheetOf(grid, RANKING_SHEET);
    const L = RANKING_LAYOUT;
    expect(cellText(s.cell(L.codeRow, L.codeCol))).toBe(L.marker);
    const codesRow = rowTexts(s, L.codeRow, 0, s.maxCol + 1);
    expect(codesRow[L.positionCol]).toBe(INDEX_CODE + RANK_SUFFIX);
    for (const c of [INDEX_CODE, ...codes.flatMap((c) => [c, c + RANK_SUFFIX])]) expect(codesRow, c).toContain(c);
    const units = Array.from({ length: rows.length }, (_, i) => cellText(s.cell(L.firstDataRow + i, L.codeCol))).sort();
    expect(units).toEqual(rows.map((r) => r.unitCode).sort());
  });

  it('排名设置: key rows, the indicator table and the incomplete table where SETTINGS_LAYOUT says', () => {
    const s = sheetOf(grid, SETTINGS_SHEET);
    const K = SETTINGS_LAYOUT.keys;
    expect(rowTexts(s, SETTINGS_LAYOUT.keysHeaderRow, 0, K.header.length)).toEqual(K.header);
    const keyTexts = Array.from({ length: 7 }, (_, i) => cellText(s.cell(SETTINGS_LAYOUT.keysHeaderRow + 1 + i, K.col.key)));
    expect(keyTexts).toEqual(Object.values(SETTINGS_LAYOUT.keyTexts));
    const T = SETTINGS_LAYOUT.indicators;
    const t = tableAt(s, T);
    const listed = Array.from({ length: codes.length }, (_, i) => cellText(s.cell(t + 1 + i, T.col.code)));
    expect(listed).toEqual(codes);
    expect(cellText(s.cell(t + 1, T.col.name))).toBe(catalogue.get(codes[0])!.nameZh);
    const I = SETTINGS_LAYOUT.incomplete;
    const i = tableAt(s, I, t + 1);
    expect(cellText(s.cell(i + 1, I.col.unitCode))).toBe(rows[1].unitCode);
    expect(cellText(s.cell(i + 1, I.col.reason))).toBe('不含：某镇（未报送）');
  });

  it('readRankingGrid (--previous) gives back the table and its settings', () => {
    const read = readRankingGrid(grid);
    for (const r of table.rows) {
      const back = read.rows.find((x) => x.unitCode === r.unitCode)!;
      expect(back.unitName).toBe(r.unitName);
      expect(back.ranks).toEqual({ ...r.ranks, [INDEX_CODE]: r.indexRank });
      for (const c of codes) expect(back.values[c]).toBeCloseTo(r.values[c]!, 12);
    }
    const st = table.settings;
    expect(read.settings).toMatchObject({
      method: 'average',
      decimals: 'display',
      indexMethod: 'standard',
      aggregation: 'geometric',
      year: 2024,
      period: '2024',
      parentName: '示例市',
      indicators: codes,
      incomplete: { [rows[1].unitCode]: { [codes[0]]: '不含：某镇（未报送）' } },
    });
    expect(read.settings.index!.map((x) => x.code)).toEqual(st.index!.indicators);
    expect(read.settings.index!.map((x) => x.direction)).toEqual(st.index!.directions);
    read.settings.index!.forEach((x, k) => expect(x.weight).toBeCloseTo(st.index!.weights[k], 4));
    expect(read.settings.index!.map((x) => x.reference)).toEqual(st.index!.reference);
  });
});
