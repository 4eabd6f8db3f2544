/**
 * Drawings and charts: a sheet's drawing part (xl/drawings/drawingN.xml) anchoring its
 * charts, and each chart (xl/charts/chartN.xml: a clustered column or bar chart with its
 * category and value caches taken from the model's cells, and linked to those cells).
 * Written only; it opens in Excel, WPS and LibreOffice with the chart showing.
 */
import { parseA1, type CellModel, type ChartModel, type SheetModel, type WorkbookModel } from '../../../core/sheet-model.js';
import { NS_CHART, NS_DRAWING_MAIN, NS_R, NS_SPREADSHEET_DRAWING, XML_HEAD, escapeXml } from '../xml.js';

/** A sheet's drawing and its charts, numbered across the workbook (drawing1, chart1, chart2…). */
export interface SheetDrawing {
  drawingNo: number;
  charts: { chart: ChartModel; chartNo: number }[];
}

/** The drawing of each sheet with charts (undefined for the others), numbered in sheet order. */
export function planDrawings(model: WorkbookModel): (SheetDrawing | undefined)[] {
  let drawingNo = 0;
  let chartNo = 0;
  return model.sheets.map((sm) => {
    const charts = sm.charts ?? [];
    if (charts.length === 0) return undefined;
    return { drawingNo: ++drawingNo, charts: charts.map((chart) => ({ chart, chartNo: ++chartNo })) };
  });
}

/** The cells of a sheet-qualified range ("'城市排名'!$B$6:$B$11") read from the model, row by row. */
export function resolveRange(model: WorkbookModel, ref: string): { sheet: SheetModel; cells: (CellModel | null | undefined)[] } {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!(.+)$/.exec(ref);
  if (!m) throw new Error(`图表数据区域格式不对：${ref}`);
  const sheetName = (m[1] ?? m[2]).replace(/''/g, "'");
  const sheet = model.sheets.find((s) => s.name === sheetName);
  if (!sheet) throw new Error(`图表引用的工作表不存在：${sheetName}`);
  const [a, b = a] = m[3].split(':');
  const p = parseA1(a);
  const q = parseA1(b);
  if (!p || !q) throw new Error(`图表数据区域格式不对：${ref}`);
  const cells: (CellModel | null | undefined)[] = [];
  for (let r = p.row; r <= q.row; r++) for (let c = p.col; c <= q.col; c++) cells.push(sheet.rows[r]?.[c]);
  return { sheet, cells };
}

/** A chart's cached categories (as text) and values (finite numbers, else a gap) from the model. */
export function chartCaches(model: WorkbookModel, chart: ChartModel): { categories: string[]; values: (number | null)[] } {
  return {
    categories: resolveRange(model, chart.categoriesRef).cells.map((c) =>
      c?.value === null || c?.value === undefined ? '' : String(c.value),
    ),
    values: resolveRange(model, chart.valuesRef).cells.map((c) =>
      typeof c?.value === 'number' && Number.isFinite(c.value) ? c.value : null,
    ),
  };
}

/** xl/charts/chartN.xml: one series, data labels with one decimal, linked to the model's ranges. */
export function chartXml(chart: ChartModel, categories: readonly string[], values: readonly (number | null)[]): string {
  const bar = chart.type === 'bar';
  const strPts = categories.map((c, i) => `<c:pt idx="${i}"><c:v>${escapeXml(c)}</c:v></c:pt>`).join('');
  const numPts = values.map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join('');
  const rich = (text: string, size: number, bold: boolean) =>
    `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="${size}" b="${bold ? 1 : 0}"/><a:t>${escapeXml(text)}</a:t></a:r></a:p></c:rich></c:tx>`;
  return (
    XML_HEAD +
    `<c:chartSpace xmlns:c="${NS_CHART}" xmlns:a="${NS_DRAWING_MAIN}" xmlns:r="${NS_R}">` +
    '<c:lang val="zh-CN"/><c:roundedCorners val="0"/>' +
    '<c:chart>' +
    `<c:title>${rich(chart.title, 1400, true)}<c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/>' +
    '<c:plotArea><c:layout/>' +
    `<c:barChart><c:barDir val="${bar ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
    '<c:ser><c:idx val="0"/><c:order val="0"/>' +
    `<c:tx><c:v>${escapeXml(chart.seriesName)}</c:v></c:tx>` +
    '<c:spPr><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill></c:spPr>' +
    '<c:invertIfNegative val="0"/>' +
    '<c:dLbls><c:numFmt formatCode="0.0" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>' +
    '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>' +
    `<c:cat><c:strRef><c:f>${escapeXml(chart.categoriesRef)}</c:f><c:strCache><c:ptCount val="${categories.length}"/>${strPts}</c:strCache></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${escapeXml(chart.valuesRef)}</c:f><c:numCache><c:formatCode>0.0</c:formatCode><c:ptCount val="${values.length}"/>${numPts}</c:numCache></c:numRef></c:val>` +
    '</c:ser>' +
    '<c:gapWidth val="80"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>' +
    `<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${bar ? 'l' : 'b'}"/>` +
    '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    '<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    `<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${bar ? 'b' : 'l'}"/><c:majorGridlines/>` +
    '<c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    '<c:crossAx val="50010001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>' +
    '</c:plotArea>' +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    '</c:chart>' +
    '</c:chartSpace>'
  );
}

/** The drawing's relationship id of its k-th chart (0-based). */
export const chartRelId = (k: number): string => `rId${k + 1}`;

/** xl/drawings/drawingN.xml: each chart in a two-cell anchor over its model cells (chart k by chartRelId(k)). */
export function drawingXml(charts: readonly ChartModel[]): string {
  const body = charts
    .map((chart, k) => {
      const id = k + 1;
      const { col, row, widthCols, heightRows } = chart.anchor;
      return (
        '<xdr:twoCellAnchor editAs="oneCell">' +
        `<xdr:from><xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
        `<xdr:to><xdr:col>${col + widthCols}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row + heightRows}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id + 1}" name="图表 ${id}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
        `<a:graphic><a:graphicData uri="${NS_CHART}"><c:chart xmlns:c="${NS_CHART}" xmlns:r="${NS_R}" r:id="${chartRelId(k)}"/></a:graphicData></a:graphic>` +
        '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
      );
    })
    .join('');
  return XML_HEAD + `<xdr:wsDr xmlns:xdr="${NS_SPREADSHEET_DRAWING}" xmlns:a="${NS_DRAWING_MAIN}">` + body + '</xdr:wsDr>';
}
