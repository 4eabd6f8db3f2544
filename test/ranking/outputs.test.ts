/** The ranking workbook: native rank formulas, conditional formatting, the chart parts, and 排名设置 read back. */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildRankingWorkbook, rankFormula, RANKING_LAYOUT } from '../../src/core/outputs-ranking.js';
import { rankChildren, type RankingInputRow } from '../../src/core/ranking.js';
import { readRankingWorkbook, writeRankingWorkbook } from '../../src/io/ranking-xlsx.js';
import { readXlsx } from '../../src/io/xlsx/read.js';
import { expectEveryCellFits } from '../helpers/layout.js';

const rows: RankingInputRow[] = [
  { unitCode: 'D1', unitName: '东区', values: { RD_INTENSITY: 2.1429, DZ_NO_RD_GE_1E8: 3 } },
  { unitCode: 'D2', unitName: '西区', values: { RD_INTENSITY: 2.141, DZ_NO_RD_GE_1E8: 1 } },
  { unitCode: 'D3', unitName: '南区', values: { RD_INTENSITY: 3.5, DZ_NO_RD_GE_1E8: 0 } },
  { unitCode: 'D4', unitName: '北区', values: { RD_INTENSITY: null, DZ_NO_RD_GE_1E8: 7 } },
];
const previous = {
  units: [
    { unitCode: 'D1', index: 40, rank: 2 },
    { unitCode: 'D2', index: 60, rank: 1 },
    { unitCode: 'D3', index: 10, rank: 4 },
    { unitCode: 'D4', index: 30, rank: 3 },
  ],
};

describe('rankFormula', () => {
  it('uses RANK.EQ / RANK.AVG with the _xlfn. prefix, ascending for ↓ indicators', () => {
    expect(rankFormula('competition', 'C6', '$C$6:$C$9', false, null, false)).toBe('IF(ISNUMBER(C6),_xlfn.RANK.EQ(C6,$C$6:$C$9,0),"")');
    expect(rankFormula('average', 'C6', '$C$6:$C$9', true, null, false)).toBe('IF(ISNUMBER(C6),_xlfn.RANK.AVG(C6,$C$6:$C$9,1),"")');
  });
  it('ranks on display decimals with ROUND inside SUMPRODUCT; dense needs a complete column', () => {
    expect(rankFormula('competition', 'C6', 'R', false, 2, true)).toBe('IF(ISNUMBER(C6),SUMPRODUCT(--(ROUND(R,2)>ROUND(C6,2)))+1,"")');
    expect(rankFormula('dense', 'C6', 'R', false, null, true)).toBe('IF(ISNUMBER(C6),SUMPRODUCT((R>C6)/COUNTIF(R,R))+1,"")');
    expect(rankFormula('dense', 'C6', 'R', false, null, false)).toBeNull();
    expect(rankFormula('dense', 'C6', 'R', false, 2, true)).toBeNull();
  });
});

describe('ranking workbook', () => {
  const table = rankChildren(rows, { indicators: ['RD_INTENSITY', 'DZ_NO_RD_GE_1E8'], decimals: 'display', previous });
  const model = buildRankingWorkbook(table, { parentName: '测试市', periodZh: '2024年', year: 2024, period: '2024' });
  const sheet = model.sheets[0];

  it('as published: rows in rank order; 位次, the unit, 科创指数 and last year, then each indicator’s value and rank', () => {
    const codes = sheet.rows[RANKING_LAYOUT.codeRow]!.map((c) => c?.value);
    expect(codes).toEqual([
      'STI_INDEX:位次',
      '指标代码',
      undefined,
      'STI_INDEX',
      'STI_INDEX:上年指数',
      'STI_INDEX:上年位次',
      'STI_INDEX:位次变化',
      'STI_INDEX:指数提高',
      'STI_INDEX:进步位次',
      'RD_INTENSITY',
      'RD_INTENSITY:位次',
      'DZ_NO_RD_GE_1E8',
      'DZ_NO_RD_GE_1E8:位次',
    ]);
    expect(sheet.rows[RANKING_LAYOUT.groupRow]!.slice(0, 4).map((c) => c?.value)).toEqual([
      '位次',
      '区（县）代码',
      '区（县）',
      '科创指数（分）',
    ]);
    // Rows follow the index rank; the code column is hidden (readers use it, a printed table does not).
    const dataRows = table.rows.map((_, i) => sheet.rows[RANKING_LAYOUT.firstDataRow + i]!);
    const positions = dataRows.map((r) => r[0]!.value as number);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(dataRows.map((r) => r[1]!.value)).toEqual(
      [...table.rows].sort((a, b) => (a.indexRank ?? 99) - (b.indexRank ?? 99)).map((r) => r.unitCode),
    );
    expect(sheet.hiddenColumns).toEqual([RANKING_LAYOUT.codeCol]);
    const first = dataRows[0];
    // The position is a live rank formula over the index column.
    expect(first[0]!.formula).toContain('$D$6:$D$9');
    // Display decimals with a blank in the column: no exact native formula, so the value is written.
    const rd = dataRows.find((r) => r[9]?.value === undefined)!;
    expect(rd[10]!.formula).toBeUndefined();
    // The ↓ column is complete: SUMPRODUCT with ROUND, ascending.
    expect(first[12]!.formula).toMatch(/^IF\(ISNUMBER\(L6\),SUMPRODUCT\(--\(ROUND\(\$L\$6:\$L\$9,0\)<ROUND\(L6,0\)\)\)\+1,""\)$/);
    // Rank changes as bulletins print them: ▲ up, ▼ down, 持平.
    expect(first[6]!.style?.numFmt).toBe('[Red]"▲"0;[Green]"▼"0;"持平"');
  });

  it('ties are shown as 并列 (the cell stays a number)', () => {
    const tiedTable = rankChildren(
      [
        { unitCode: 'A', unitName: '甲', values: { RD_INTENSITY: 2 } },
        { unitCode: 'B', unitName: '乙', values: { RD_INTENSITY: 2 } },
        { unitCode: 'C', unitName: '丙', values: { RD_INTENSITY: 1 } },
      ],
      { indicators: ['RD_INTENSITY'], index: false },
    );
    const s = buildRankingWorkbook(tiedTable, { parentName: '测试市' }).sheets[0];
    const ranks = [0, 1, 2].map((i) => s.rows[RANKING_LAYOUT.firstDataRow + i]![4]!);
    expect(ranks.map((c) => c.value)).toEqual([1, 1, 3]);
    expect(ranks.map((c) => c.style?.numFmt)).toEqual(['"并列"0', '"并列"0', undefined]);
    // Without an index the position follows the first indicator.
    expect(s.rows[RANKING_LAYOUT.codeRow]![0]?.value).toBe('POSITION');
  });

  it('highlights the first and last under 7 units, the top and bottom three from 7, with a legend', () => {
    const cf = sheet.conditionalFormats ?? [];
    expect(cf).toHaveLength(6);
    expect(cf[0]).toMatchObject({ range: 'J6:K9', rule: { type: 'expression', formula: 'AND(ISNUMBER($K6),$K6<=1)' } });
    expect(cf[1].rule.type === 'expression' && cf[1].rule.formula).toBe('AND(ISNUMBER($K6),$K6>MAX($K$6:$K$9)-1,$K6>1)');
    const text = JSON.stringify(sheet.rows);
    expect(text).toContain('绿色为第1名，红色为最后1名');
    const seven = rankChildren(
      Array.from({ length: 7 }, (_, i) => ({ unitCode: `U${i}`, unitName: `单位${i}`, values: { RD_INTENSITY: i } })),
      { indicators: ['RD_INTENSITY'] },
    );
    const s7 = buildRankingWorkbook(seven, { parentName: '测试市' }).sheets[0];
    expect(s7.conditionalFormats![0].rule.type === 'expression' && s7.conditionalFormats![0].rule.formula).toContain('<=3');
  });

  it('every cell written fits its column as computed by the layout rule; wrapped headers get their lines; it prints A4 with titles', () => {
    for (const s of model.sheets) expectEveryCellFits(s);
    expect(sheet.print).toMatchObject({ paper: 'A4', fitToWidth: 1, titleRows: [2, 4], titleColumns: [0, 2] });
    expect(sheet.print?.header).toContain('测试市');
  });

  it('通报表: 位次, 单位, 科创指数 and the headline indicators in rank order, live references to 城市排名, one A4 page', () => {
    const t = model.sheets.find((x) => x.name === '通报表')!;
    expect(t.rows[2]!.map((c) => c?.value)).toEqual([
      '位次',
      '区（县）',
      '科创指数',
      '研发经费投入强度（%）',
      '位次',
      '营业收入1亿元以上无研发活动规上工业企业数（家）',
      '位次',
    ]);
    const ranked = [...table.rows].sort((a, b) => (a.indexRank ?? 99) - (b.indexRank ?? 99));
    expect(ranked.map((_, i) => t.rows[3 + i]![1]!.value)).toEqual(ranked.map((r) => r.unitName));
    expect(t.rows[3]![2]!.formula).toBe("'城市排名'!D6");
    expect(t.rows[3]![2]!.value).toBe(ranked[0].index);
    expect(t.print).toMatchObject({ fitToWidth: 1, fitToHeight: 1, paper: 'A4' });
    expectEveryCellFits(t);
  });

  it('排名设置 lists values resting on incomplete totals, fits its columns, and reads back', async () => {
    const marked = rankChildren(
      rows.map((r) =>
        r.unitCode === 'D1'
          ? { ...r, incomplete: { RD_INTENSITY: '新民镇：企业名录!A4 有错误，该行企业未计入；另一个很长的原因说明文字' } }
          : r,
      ),
      { indicators: ['RD_INTENSITY', 'DZ_NO_RD_GE_1E8'] },
    );
    const wb = buildRankingWorkbook(marked, { parentName: '测试市', year: 2024, period: '2024' });
    const settingsSheet = wb.sheets.find((x) => x.name === '排名设置')!;
    expectEveryCellFits(settingsSheet);
    // The indicator table's columns keep the widths its own content needs (the reason is merged and wraps).
    expect(settingsSheet.columnWidths![4]).toBeLessThan(12);
    const back = readRankingWorkbook(await writeRankingWorkbook(marked, { parentName: '测试市', year: 2024, period: '2024' }), 'm.xlsx');
    expect(back.settings.incomplete?.D1?.RD_INTENSITY).toContain('新民镇');
    expect(back.settings.parentName).toBe('测试市');
  });

  it('writes a native column chart of the index into the .xlsx', async () => {
    const bytes = await writeRankingWorkbook(table, { parentName: '测试市', year: 2024, period: '2024' });
    const files = unzipSync(bytes);
    const chart = strFromU8(files['xl/charts/chart1.xml']);
    expect(chart).toContain('<c:barDir val="col"/>');
    expect(chart).toContain("<c:f>'城市排名'!$D$6:$D$9</c:f>");
    // Categories in the table's (rank) order, and a title naming the method and year.
    const names = [...chart.matchAll(/<c:v>([^<]+)<\/c:v>/g)].map((m) => m[1]);
    const byRank = [...table.rows].sort((a, b) => (a.indexRank ?? 99) - (b.indexRank ?? 99)).map((r) => r.unitName);
    expect(names.filter((x) => byRank.includes(x))).toEqual(byRank);
    expect(chart).toContain('2024年科创指数（极差标准化）');
    expect(strFromU8(files['[Content_Types].xml'])).toContain('/xl/charts/chart1.xml');
    expect(strFromU8(files['xl/drawings/_rels/drawing1.xml.rels'])).toContain('../charts/chart1.xml');
    const sheetXml = strFromU8(files['xl/worksheets/sheet1.xml']);
    expect(sheetXml).toMatch(/<drawing r:id="[^"]+"\/>/);
    expect(sheetXml.indexOf('<drawing')).toBeLessThan(sheetXml.indexOf('</worksheet>'));
    // Still a workbook the reader opens.
    expect(readXlsx(bytes, 'r.xlsx').sheets.map((s) => s.name)).toEqual(['城市排名', '通报表', '排名设置']);
  });

  it('reads back its ranks, index and settings (next year’s --previous)', async () => {
    const bytes = await writeRankingWorkbook(
      rankChildren(rows, {
        indicators: ['RD_INTENSITY', 'DZ_NO_RD_GE_1E8'],
        method: 'dense',
        index: { method: 'minmax', weights: [3, 1] },
      }),
      {
        parentName: '测试市',
        year: 2024,
        period: '2024',
      },
    );
    const back = readRankingWorkbook(bytes, 'r.xlsx');
    expect(back.settings).toMatchObject({
      method: 'dense',
      decimals: 'full',
      indexMethod: 'minmax',
      aggregation: 'arithmetic',
      year: 2024,
      period: '2024',
      indicators: ['RD_INTENSITY', 'DZ_NO_RD_GE_1E8'],
    });
    expect(back.settings.index).toEqual([
      { code: 'RD_INTENSITY', direction: 1, weight: 0.75, reference: null },
      { code: 'DZ_NO_RD_GE_1E8', direction: -1, weight: 0.25, reference: null },
    ]);
    expect(back.previous.units.map((u) => u.unitCode).sort()).toEqual(['D1', 'D2', 'D3', 'D4']);
    expect(back.previous.units.every((u) => typeof u.index === 'number' && typeof u.rank === 'number')).toBe(true);
    expect(back.previous.method).toBe('dense');
    expect(() => readRankingWorkbook(bytes.slice(0, 10), 'bad.xlsx')).toThrow();
  });
});
