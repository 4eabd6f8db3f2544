/** Workbook and relationships, model ⇄ XML: sheet list, states, active tab, print titles; rels and their targets. */
import { describe, expect, it } from 'vitest';
import type { SheetModel, WorkbookModel } from '../../../src/core/sheet-model.js';
import { REL, readRels, relsXml, resolveTarget } from '../../../src/io/xlsx/parts/relationships.js';
import { printTitlesRef, readWorkbook, workbookXml } from '../../../src/io/xlsx/parts/workbook.js';

describe('workbook: model → XML → model', () => {
  const model: WorkbookModel = {
    sheets: [
      { name: '说明', state: 'hidden', rows: [] },
      { name: "城市'排名", rows: [], print: { orientation: 'landscape', titleRows: [0, 4], titleColumns: [0, 1] } },
      { name: 'A&B', state: 'veryHidden', rows: [] },
    ],
  };

  it('lists the sheets with their states, the active tab and the print titles', () => {
    const xml = workbookXml(model, 1);
    expect(xml).toContain(
      '<sheets><sheet name="说明" sheetId="1" state="hidden" r:id="rId1"/><sheet name="城市\'排名" sheetId="2" r:id="rId2"/>' +
        '<sheet name="A&amp;B" sheetId="3" state="veryHidden" r:id="rId3"/></sheets>',
    );
    expect(xml).toContain('activeTab="1"');
    expect(xml).toContain(
      `<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="1">'城市''排名'!$A:$B,'城市''排名'!$1:$5</definedName></definedNames>`,
    );
    expect(xml).toContain('<calcPr calcId="191029" fullCalcOnLoad="1"/>');
    expect(readWorkbook(xml, 'xl/workbook.xml')).toEqual([
      { name: '说明', state: 'hidden', rid: 'rId1' },
      { name: "城市'排名", state: 'visible', rid: 'rId2' },
      { name: 'A&B', state: 'veryHidden', rid: 'rId3' },
    ]);
  });

  it.each<{ print: SheetModel['print']; ref: string | null }>([
    { print: undefined, ref: null },
    { print: { orientation: 'portrait' }, ref: null },
    { print: { orientation: 'portrait', titleRows: [2, 3] }, ref: "'表'!$3:$4" },
    { print: { orientation: 'portrait', titleColumns: [0, 0] }, ref: "'表'!$A:$A" },
  ])('print titles $ref', ({ print, ref }) => {
    expect(printTitlesRef({ name: '表', rows: [], print })).toBe(ref);
  });

  it('reads sheets without names or states as Excel would show them', () => {
    expect(
      readWorkbook('<workbook><sheets><sheet sheetId="1" r:id="r9"/><sheet name="x" state="bogus"/></sheets></workbook>', 'wb'),
    ).toEqual([
      { name: 'Sheet1', state: 'visible', rid: 'r9' },
      { name: 'x', state: 'visible', rid: '' },
    ]);
  });
});

describe('relationships: model → XML → model', () => {
  it('writes and reads back relationships, targets resolved against the source folder', () => {
    const xml = relsXml([
      { id: 'rId1', type: REL.worksheet, target: 'worksheets/sheet1.xml' },
      { id: 'rId2', type: REL.drawing, target: '../drawings/drawing1.xml' },
      { id: 'rId3', type: REL.styles, target: 'a&b.xml' },
    ]);
    expect(xml).toContain(
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>',
    );
    expect(xml).toContain('Target="a&amp;b.xml"');
    expect(readRels(xml, 'rels', 'xl/')).toEqual([
      { id: 'rId1', type: REL.worksheet, target: 'xl/worksheets/sheet1.xml' },
      { id: 'rId2', type: REL.drawing, target: 'drawings/drawing1.xml' },
      { id: 'rId3', type: REL.styles, target: 'xl/a&b.xml' },
    ]);
  });

  it('leaves external relationships out', () => {
    const xml =
      '<Relationships><Relationship Id="h" Type="t/hyperlink" Target="http://x" TargetMode="External"/><Relationship Id="s" Type="t/styles" Target="styles.xml"/></Relationships>';
    expect(readRels(xml, 'rels', 'xl/')).toEqual([{ id: 's', type: 't/styles', target: 'xl/styles.xml' }]);
  });

  it.each([
    ['xl/', 'worksheets/sheet1.xml', 'xl/worksheets/sheet1.xml'],
    ['xl/', '/xl/worksheets/sheet1.xml', 'xl/worksheets/sheet1.xml'],
    ['xl/worksheets/', '../drawings/d.xml', 'xl/drawings/d.xml'],
    ['xl/', './styles.xml', 'xl/styles.xml'],
    ['', 'xl/workbook.xml', 'xl/workbook.xml'],
  ])('resolveTarget(%j, %j) = %j', (base, target, out) => {
    expect(resolveTarget(base, target)).toBe(out);
  });
});
