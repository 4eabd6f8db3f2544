/** The ranking workbook: native rank formulas, conditional formatting, the chart parts, and 排名设置 read back. */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildRankingWorkbook, rankFormula, RANKING_LAYOUT } from '../../src/core/outputs-ranking.js';
import { rankChildren, type RankingInputRow } from '../../src/core/ranking.js';
import { readRankingWorkbook, writeRankingWorkbook } from '../../src/io/ranking-xlsx.js';
import { readXlsx } from '../../src/io/xlsx/read.js';

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

  it('writes value and rank per indicator, the index and its rank, and the comparison columns', () => {
    const codes = sheet.rows[RANKING_LAYOUT.codeRow]!.map((c) => c?.value);
    expect(codes).toEqual([
      '指标代码',
      undefined,
      'RD_INTENSITY',
      'RD_INTENSITY:位次',
      'DZ_NO_RD_GE_1E8',
      'DZ_NO_RD_GE_1E8:位次',
      'STI_INDEX',
      'STI_INDEX:位次',
      'STI_INDEX:上年指数',
      'STI_INDEX:上年位次',
      'STI_INDEX:位次变化',
      'STI_INDEX:升降',
      'STI_INDEX:指数提高',
      'STI_INDEX:进步位次',
    ]);
    const first = sheet.rows[RANKING_LAYOUT.firstDataRow]!;
    // Display decimals with a blank in the column: no exact native formula, so the value is written.
    expect(first[3]).toMatchObject({ value: 2 });
    expect(first[3]!.formula).toBeUndefined();
    // The ↓ column is complete: SUMPRODUCT with ROUND, ascending.
    expect(first[5]!.formula).toBe('IF(ISNUMBER(E6),SUMPRODUCT(--(ROUND($E$6:$E$9,0)<ROUND(E6,0)))+1,"")');
    expect(first[5]!.value).toBe(3);
    expect(first[11]!.formula).toContain('"上升"&');
  });

  it('colours the top three and bottom three of every rank column by rank (direction-aware)', () => {
    const cf = sheet.conditionalFormats ?? [];
    expect(cf).toHaveLength(6);
    expect(cf[0]).toMatchObject({ range: 'C6:D9', rule: { type: 'expression', formula: 'AND(ISNUMBER($D6),$D6<=3)' } });
    expect(cf[1].rule.type === 'expression' && cf[1].rule.formula).toBe('AND(ISNUMBER($D6),$D6>MAX($D$6:$D$9)-3,$D6>3)');
  });

  it('writes a native column chart of the index into the .xlsx', async () => {
    const bytes = await writeRankingWorkbook(table, { parentName: '测试市', year: 2024, period: '2024' });
    const files = unzipSync(bytes);
    const chart = strFromU8(files['xl/charts/chart1.xml']);
    expect(chart).toContain('<c:barDir val="col"/>');
    expect(chart).toContain("<c:f>'城市排名'!$G$6:$G$9</c:f>");
    expect(chart).toContain('<c:v>东区</c:v>');
    expect(strFromU8(files['[Content_Types].xml'])).toContain('/xl/charts/chart1.xml');
    expect(strFromU8(files['xl/drawings/_rels/drawing1.xml.rels'])).toContain('../charts/chart1.xml');
    const sheetXml = strFromU8(files['xl/worksheets/sheet1.xml']);
    expect(sheetXml).toMatch(/<drawing r:id="[^"]+"\/>/);
    expect(sheetXml.indexOf('<drawing')).toBeLessThan(sheetXml.indexOf('</worksheet>'));
    // Still a workbook the reader opens.
    expect(readXlsx(bytes, 'r.xlsx').sheets.map((s) => s.name)).toEqual(['城市排名', '排名设置']);
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
    expect(back.previous.units.map((u) => u.unitCode)).toEqual(['D1', 'D2', 'D3', 'D4']);
    expect(back.previous.units.every((u) => typeof u.index === 'number' && typeof u.rank === 'number')).toBe(true);
    expect(back.previous.method).toBe('dense');
    expect(() => readRankingWorkbook(bytes.slice(0, 10), 'bad.xlsx')).toThrow();
  });
});
