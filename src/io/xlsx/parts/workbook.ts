/**
 * The workbook part (xl/workbook.xml), both directions: the sheet list (names, states,
 * relationship ids), the active tab and print titles as defined names.
 */
import type { SheetState } from '../../../core/grid.js';
import { columnLetters, quoteSheetName, type SheetModel, type WorkbookModel } from '../../../core/sheet-model.js';
import { attr, scanXml } from '../xml-scan.js';
import { NS_MAIN, NS_R, XML_HEAD, escapeXml } from '../xml.js';

/** A sheet as the workbook lists it. */
export interface SheetMeta {
  name: string;
  state: SheetState;
  /** Relationship id of its part in the workbook's rels. */
  rid: string;
}

/**
 * workbook.xml for a model whose sheet i is xl/worksheets/sheet{i+1}.xml by relationship
 * rId{i+1}; `active` is the 0-based index of the selected tab.
 */
export function workbookXml(model: WorkbookModel, active: number): string {
  const sheetsXml = model.sheets
    .map(
      (s, i) =>
        `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.state && s.state !== 'visible' ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`,
    )
    .join('');
  return (
    XML_HEAD +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><workbookPr/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300" activeTab="${active}"/></bookViews>` +
    `<sheets>${sheetsXml}</sheets>${definedNamesXml(model)}<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>`
  );
}

/** Print titles as the workbook's defined names (one per sheet that repeats rows or columns). */
function definedNamesXml(model: WorkbookModel): string {
  const names = model.sheets
    .map((sm, i) => ({ ref: printTitlesRef(sm), i }))
    .filter((x): x is { ref: string; i: number } => x.ref !== null)
    .map((x) => `<definedName name="_xlnm.Print_Titles" localSheetId="${x.i}">${escapeXml(x.ref)}</definedName>`);
  return names.length ? `<definedNames>${names.join('')}</definedNames>` : '';
}

/** _xlnm.Print_Titles of a sheet (columns, then rows, as Excel writes them), or null. */
export function printTitlesRef(sm: SheetModel): string | null {
  const p = sm.print;
  if (!p || (!p.titleRows && !p.titleColumns)) return null;
  const q = quoteSheetName(sm.name);
  const parts: string[] = [];
  if (p.titleColumns) parts.push(`${q}!$${columnLetters(p.titleColumns[0])}:$${columnLetters(p.titleColumns[1])}`);
  if (p.titleRows) parts.push(`${q}!$${p.titleRows[0] + 1}:$${p.titleRows[1] + 1}`);
  return parts.join(',');
}

/** Read the sheet list of a workbook part, in tab order. */
export function readWorkbook(xml: string, partName: string): SheetMeta[] {
  const out: SheetMeta[] = [];
  scanXml(
    xml,
    {
      open(name, a) {
        if (name !== 'sheet') return;
        const st = attr(a, 'state');
        out.push({
          name: attr(a, 'name') ?? `Sheet${out.length + 1}`,
          state: st === 'hidden' ? 'hidden' : st === 'veryHidden' ? 'veryHidden' : 'visible',
          rid: attr(a, 'id') ?? '',
        });
      },
    },
    partName,
  );
  return out;
}
