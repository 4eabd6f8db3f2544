/**
 * Drawings and charts, model → XML: the chart (series, caches from the model's cells, axes),
 * its anchor in the sheet's drawing, and the parts, relationships and content types the
 * native writer adds for them (no unzip-and-patch afterwards).
 */
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import type { ChartModel, WorkbookModel } from '../../../src/core/sheet-model.js';
import { chartCaches, chartXml, drawingXml, planDrawings, resolveRange } from '../../../src/io/xlsx/parts/drawing.js';
import { contentTypesXml } from '../../../src/io/xlsx/parts/package.js';
import { readXlsx } from '../../../src/io/xlsx/read.js';
import { writeXlsxNative } from '../../../src/io/xlsx/write-native.js';
import { scanXml } from '../../../src/io/xlsx/xml-scan.js';

const chart = (over: Partial<ChartModel> = {}): ChartModel => ({
  type: 'column',
  title: '2024年科创指数',
  seriesName: '指数',
  categoriesRef: "'城市 排名'!$A$2:$A$4",
  valuesRef: "'城市 排名'!$B$2:$B$4",
  anchor: { col: 4, row: 1, widthCols: 8, heightRows: 15 },
  ...over,
});

const MODEL: WorkbookModel = {
  sheets: [
    {
      name: '城市 排名',
      rows: [
        [{ value: '区' }, { value: '指数' }],
        [{ value: '东湖区' }, { value: 88.5 }],
        [{ value: 'A&B区' }, { value: null }],
        [{ value: 3 }, { formula: 'B2/2', value: 44.25, comment: '折半' }],
      ],
      charts: [chart(), chart({ type: 'bar', title: '横向' })],
    },
    { name: '说明', rows: [[{ value: '无图' }]] },
    {
      name: "O'Brien",
      rows: [[{ value: 'x' }, { value: 1 }]],
      charts: [chart({ categoriesRef: "'O''Brien'!$A$1", valuesRef: "'O''Brien'!B1" })],
    },
  ],
};

describe('drawing and chart: model → XML', () => {
  it('numbers drawings per sheet and charts across the workbook', () => {
    expect(planDrawings(MODEL).map((d) => d && { drawing: d.drawingNo, charts: d.charts.map((c) => c.chartNo) })).toEqual([
      { drawing: 1, charts: [1, 2] },
      undefined,
      { drawing: 2, charts: [3] },
    ]);
  });

  it('takes the caches from the model: categories as text, values finite numbers or gaps', () => {
    expect(chartCaches(MODEL, chart())).toEqual({ categories: ['东湖区', 'A&B区', '3'], values: [88.5, null, 44.25] });
    expect(resolveRange(MODEL, "'O''Brien'!B1").cells.map((c) => c?.value)).toEqual([1]);
  });

  it.each([
    ['no sheet', '$A$1:$A$2', /图表数据区域格式不对/],
    ['unknown sheet', "'无此表'!$A$1", /图表引用的工作表不存在：无此表/],
    ['not an address', "'说明'!$A$1:东", /图表数据区域格式不对/],
  ])('refuses a reference with %s', (_, ref, message) => {
    expect(() => resolveRange(MODEL, ref)).toThrow(message);
  });

  it.each<{ type: ChartModel['type']; dir: string; catPos: string; valPos: string }>([
    { type: 'column', dir: 'col', catPos: 'b', valPos: 'l' },
    { type: 'bar', dir: 'bar', catPos: 'l', valPos: 'b' },
  ])('a $type chart', ({ type, dir, catPos, valPos }) => {
    const xml = chartXml(chart({ type, title: 'R&D <强度>' }), ['东湖区', 'A&B区'], [1.5, null]);
    expect(xml).toContain(`<c:barDir val="${dir}"/><c:grouping val="clustered"/>`);
    expect(xml).toContain('<a:t>R&amp;D &lt;强度&gt;</a:t>');
    expect(xml).toContain('<c:tx><c:v>指数</c:v></c:tx>');
    expect(xml).toContain(
      `<c:cat><c:strRef><c:f>'城市 排名'!$A$2:$A$4</c:f><c:strCache><c:ptCount val="2"/><c:pt idx="0"><c:v>东湖区</c:v></c:pt><c:pt idx="1"><c:v>A&amp;B区</c:v></c:pt></c:strCache></c:strRef></c:cat>`,
    );
    expect(xml).toContain(
      `<c:val><c:numRef><c:f>'城市 排名'!$B$2:$B$4</c:f><c:numCache><c:formatCode>0.0</c:formatCode><c:ptCount val="2"/><c:pt idx="0"><c:v>1.5</c:v></c:pt></c:numCache></c:numRef></c:val>`,
    );
    expect(xml).toContain(
      `<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${catPos}"/>`,
    );
    expect(xml).toContain(
      `<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${valPos}"/>`,
    );
    expect(() => scanXml(xml, { open() {} }, 'chart')).not.toThrow();
  });

  it('anchors each chart over its cells in the drawing', () => {
    const xml = drawingXml([chart(), chart({ anchor: { col: 0, row: 20, widthCols: 5, heightRows: 10 } })]);
    expect(xml).toContain(
      '<xdr:from><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>' +
        '<xdr:to><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>16</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>',
    );
    expect(xml).toContain('<xdr:cNvPr id="2" name="图表 1"/>');
    expect(xml).toContain('<xdr:cNvPr id="3" name="图表 2"/>');
    expect([...xml.matchAll(/r:id="([^"]+)"/g)].map((m) => m[1])).toEqual(['rId1', 'rId2']);
    expect(() => scanXml(xml, { open() {} }, 'drawing')).not.toThrow();
  });

  it('content types name every drawing and chart part given', () => {
    const xml = contentTypesXml(
      [{ part: '/xl/charts/chart1.xml', type: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml' }],
      false,
    );
    expect(xml).toContain(
      '<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>',
    );
    expect(xml).not.toContain('Extension="vml"');
  });
});

describe('drawing and chart: written by the native writer', () => {
  const files = unzipSync(writeXlsxNative(MODEL));
  const text = (name: string) => strFromU8(files[name]);

  it('writes the chart, drawing and relationship parts, and lists them in the content types', () => {
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'xl/charts/chart1.xml',
        'xl/charts/chart2.xml',
        'xl/charts/chart3.xml',
        'xl/drawings/drawing1.xml',
        'xl/drawings/drawing2.xml',
        'xl/drawings/_rels/drawing1.xml.rels',
        'xl/drawings/_rels/drawing2.xml.rels',
        'xl/worksheets/_rels/sheet1.xml.rels',
        'xl/worksheets/_rels/sheet3.xml.rels',
      ]),
    );
    expect(files['xl/worksheets/_rels/sheet2.xml.rels']).toBeUndefined();
    const types = text('[Content_Types].xml');
    for (const part of [
      '/xl/drawings/drawing1.xml',
      '/xl/drawings/drawing2.xml',
      '/xl/charts/chart1.xml',
      '/xl/charts/chart2.xml',
      '/xl/charts/chart3.xml',
    ])
      expect(types).toContain(`<Override PartName="${part}"`);
    expect(text('xl/drawings/_rels/drawing1.xml.rels')).toContain(
      'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart2.xml"',
    );
    expect(text('xl/drawings/_rels/drawing2.xml.rels')).toContain('Target="../charts/chart3.xml"');
    expect(text('xl/charts/chart2.xml')).toContain('<c:barDir val="bar"/>');
    expect(text('xl/charts/chart3.xml')).toContain("<c:f>'O''Brien'!$A$1</c:f>");
  });

  it('links each sheet to its drawing before the comments drawing, as CT_Worksheet orders them', () => {
    const sheet1 = text('xl/worksheets/sheet1.xml');
    expect(sheet1).toMatch(/<drawing r:id="rIdDrawing1"\/><legacyDrawing r:id="rIdComments2"\/><\/worksheet>$/);
    const rels = text('xl/worksheets/_rels/sheet1.xml.rels');
    expect(rels).toContain(
      'Id="rIdDrawing1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"',
    );
    expect(rels).toContain('Id="rIdComments1"');
    expect(text('xl/worksheets/sheet2.xml')).not.toContain('<drawing');
    expect(text('xl/worksheets/_rels/sheet3.xml.rels')).toContain('Target="../drawings/drawing2.xml"');
  });

  it('still reads back as the same cells', () => {
    const grid = readXlsx(writeXlsxNative(MODEL), 'chart.xlsx');
    expect(grid.sheets.map((s) => s.name)).toEqual(['城市 排名', '说明', "O'Brien"]);
    expect(grid.sheets[0].cell(2, 0)?.value).toBe('A&B区');
    expect(grid.sheets[0].cell(3, 1)?.value).toBe(44.25);
  });

  it('refuses a chart whose data range does not exist, before writing anything', () => {
    const bad: WorkbookModel = { sheets: [{ name: 'a', rows: [], charts: [chart({ valuesRef: "'无此表'!$B$2:$B$4" })] }] };
    expect(() => writeXlsxNative(bad)).toThrow(/图表引用的工作表不存在/);
  });
});
