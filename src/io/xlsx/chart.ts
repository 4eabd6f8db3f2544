/**
 * Native Excel charts for a written .xlsx: ExcelJS writes no charts, so this post-processor
 * adds, per chart of the model, xl/charts/chartN.xml (a clustered column/bar chart with its
 * category and value caches), a drawing with its anchor, the relationships and the content
 * types. The result opens in Excel, WPS and LibreOffice with the chart showing and linked
 * to the sheet's cells.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { CellModel, ChartModel, SheetModel, WorkbookModel } from '../../core/sheet-model.js';
import { parseA1 } from '../../core/sheet-model.js';

const ZIP_MTIME = new Date(2024, 0, 1, 0, 0, 0);
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The cells of a sheet-qualified range ("'城市排名'!$B$6:$B$11") read from the model (cached values). */
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

export function chartXml(chart: ChartModel, categories: string[], values: (number | null)[]): string {
  const strPts = categories.map((c, i) => `<c:pt idx="${i}"><c:v>${esc(c)}</c:v></c:pt>`).join('');
  const numPts = values.map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join('');
  const rich = (text: string, size: number, bold: boolean) =>
    `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="${size}" b="${bold ? 1 : 0}"/><a:t>${esc(text)}</a:t></a:r></a:p></c:rich></c:tx>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${NS_R}">` +
    '<c:lang val="zh-CN"/><c:roundedCorners val="0"/>' +
    '<c:chart>' +
    `<c:title>${rich(chart.title, 1400, true)}<c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/>' +
    '<c:plotArea><c:layout/>' +
    `<c:barChart><c:barDir val="${chart.type === 'bar' ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
    '<c:ser><c:idx val="0"/><c:order val="0"/>' +
    `<c:tx><c:v>${esc(chart.seriesName)}</c:v></c:tx>` +
    '<c:spPr><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill></c:spPr>' +
    '<c:invertIfNegative val="0"/>' +
    '<c:dLbls><c:numFmt formatCode="0.0" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>' +
    '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>' +
    `<c:cat><c:strRef><c:f>${esc(chart.categoriesRef)}</c:f><c:strCache><c:ptCount val="${categories.length}"/>${strPts}</c:strCache></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${esc(chart.valuesRef)}</c:f><c:numCache><c:formatCode>0.0</c:formatCode><c:ptCount val="${values.length}"/>${numPts}</c:numCache></c:numRef></c:val>` +
    '</c:ser>' +
    '<c:gapWidth val="80"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>' +
    `<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${chart.type === 'bar' ? 'l' : 'b'}"/>` +
    '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    '<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    `<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${chart.type === 'bar' ? 'b' : 'l'}"/><c:majorGridlines/>` +
    '<c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    '<c:crossAx val="50010001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>' +
    '</c:plotArea>' +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    '</c:chart>' +
    '</c:chartSpace>'
  );
}

function drawingXml(anchors: { chart: ChartModel; relId: string; id: number }[]): string {
  const body = anchors
    .map(
      ({ chart, relId, id }) =>
        '<xdr:twoCellAnchor editAs="oneCell">' +
        `<xdr:from><xdr:col>${chart.anchor.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${chart.anchor.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
        `<xdr:to><xdr:col>${chart.anchor.col + chart.anchor.widthCols}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${chart.anchor.row + chart.anchor.heightRows}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id + 1}" name="图表 ${id}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
        `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${NS_R}" r:id="${relId}"/></a:graphicData></a:graphic>` +
        '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>',
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
    body +
    '</xdr:wsDr>'
  );
}

function relsXml(rels: { id: string; type: string; target: string }[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`).join('') +
    '</Relationships>'
  );
}

/** Elements that must follow <drawing> in a worksheet (CT_Worksheet order). */
const AFTER_DRAWING = [
  '<legacyDrawing',
  '<legacyDrawingHF',
  '<picture',
  '<oleObjects',
  '<controls',
  '<webPublishItems',
  '<tableParts',
  '<extLst',
  '</worksheet>',
];

/** The zip path of a sheet's XML (e.g. 'xl/worksheets/sheet3.xml') from workbook.xml and its rels. */
export function sheetPartPath(workbookXml: string, workbookRels: string, sheetName: string): string {
  const nameAttr = esc(sheetName);
  const sm = new RegExp(`<sheet [^>]*name="${nameAttr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*/>`).exec(workbookXml);
  if (!sm) throw new Error(`工作簿中找不到工作表：${sheetName}`);
  const rid = /r:id="([^"]+)"/.exec(sm[0])?.[1];
  const target = new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*/>`).exec(workbookRels)?.[0];
  const sheetTarget = target ? /Target="([^"]+)"/.exec(target)?.[1] : undefined;
  if (!sheetTarget) throw new Error(`找不到工作表“${sheetName}”的文件`);
  return sheetTarget.startsWith('/') ? sheetTarget.slice(1) : `xl/${sheetTarget.replace(/^\.\//, '')}`;
}

/** Add every chart of the model's sheets to .xlsx bytes written from that model. */
export function addChartsToXlsx(bytes: Uint8Array, model: WorkbookModel): Uint8Array {
  const withCharts = model.sheets.filter((s) => (s.charts ?? []).length > 0);
  if (withCharts.length === 0) return bytes;
  const files = unzipSync(bytes);
  const text = (name: string) => strFromU8(files[name]);
  const workbook = text('xl/workbook.xml');
  const wbRels = text('xl/_rels/workbook.xml.rels');
  let contentTypes = text('[Content_Types].xml');
  let drawingNo = Object.keys(files).filter((n) => /^xl\/drawings\/drawing\d+\.xml$/.test(n)).length;
  let chartNo = Object.keys(files).filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n)).length;
  for (const sheet of withCharts) {
    const sheetPath = sheetPartPath(workbook, wbRels, sheet.name);
    const sheetFile = sheetPath.split('/').pop()!;
    const sheetRelsPath = `xl/worksheets/_rels/${sheetFile}.rels`;

    drawingNo++;
    const drawingPath = `xl/drawings/drawing${drawingNo}.xml`;
    const anchors: { chart: ChartModel; relId: string; id: number }[] = [];
    const drawingRels: { id: string; type: string; target: string }[] = [];
    (sheet.charts ?? []).forEach((chart, k) => {
      chartNo++;
      const cats = resolveRange(model, chart.categoriesRef).cells.map((c) =>
        c?.value === null || c?.value === undefined ? '' : String(c.value),
      );
      const vals = resolveRange(model, chart.valuesRef).cells.map((c) =>
        typeof c?.value === 'number' && Number.isFinite(c.value) ? c.value : null,
      );
      files[`xl/charts/chart${chartNo}.xml`] = strToU8(chartXml(chart, cats, vals));
      contentTypes = contentTypes.replace(
        '</Types>',
        `<Override PartName="/xl/charts/chart${chartNo}.xml" ContentType="${CT_CHART}"/></Types>`,
      );
      const relId = `rId${k + 1}`;
      drawingRels.push({ id: relId, type: REL_CHART, target: `../charts/chart${chartNo}.xml` });
      anchors.push({ chart, relId, id: k + 1 });
    });
    files[drawingPath] = strToU8(drawingXml(anchors));
    files[`xl/drawings/_rels/drawing${drawingNo}.xml.rels`] = strToU8(relsXml(drawingRels));
    contentTypes = contentTypes.replace('</Types>', `<Override PartName="/${drawingPath}" ContentType="${CT_DRAWING}"/></Types>`);

    // The sheet's relationship to its drawing, and the <drawing> element in its place.
    const drawingRelId = 'rIdStiChartDrawing';
    const rel = `<Relationship Id="${drawingRelId}" Type="${REL_DRAWING}" Target="../drawings/drawing${drawingNo}.xml"/>`;
    if (files[sheetRelsPath]) files[sheetRelsPath] = strToU8(text(sheetRelsPath).replace('</Relationships>', `${rel}</Relationships>`));
    else files[sheetRelsPath] = strToU8(relsXml([{ id: drawingRelId, type: REL_DRAWING, target: `../drawings/drawing${drawingNo}.xml` }]));
    let xml = text(sheetPath);
    if (!/<worksheet[^>]*xmlns:r=/.test(xml)) xml = xml.replace('<worksheet', `<worksheet xmlns:r="${NS_R}"`);
    const pos = Math.min(...AFTER_DRAWING.map((tag) => xml.indexOf(tag)).filter((i) => i >= 0));
    xml = xml.slice(0, pos) + `<drawing r:id="${drawingRelId}"/>` + xml.slice(pos);
    files[sheetPath] = strToU8(xml);
  }
  files['[Content_Types].xml'] = strToU8(contentTypes);
  const out: Zippable = {};
  const names = Object.keys(files).sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : 0));
  for (const name of names) out[name] = [files[name], { level: 6, mtime: ZIP_MTIME }];
  return zipSync(out, { mtime: ZIP_MTIME });
}
