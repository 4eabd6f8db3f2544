/**
 * One rule for the value a writer puts in a cell (cellValueForWrite): no figure is blank, a
 * formula without a figure caches "" (never 0, never a missing cache), a non-finite number is
 * the error #NUM! (never 0, never blank). Checked in the XML both .xlsx engines write and in
 * what the reader gets back.
 */
import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { cellValueForWrite, NON_FINITE_ERROR, parseA1 } from '../../src/core/sheet-model.js';
import { readXlsx } from '../../src/io/xlsx/read.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { CELL_VALUES_SHEET, RATIO, SHOWN } from '../fixtures/cell-values.js';

const sheetXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);

/** The <c> element of a cell, or null when the sheet has none. */
function cellElement(xml: string, ref: string): string | null {
  return new RegExp(`<c r="${ref}"(?:[^>]*/>|[^>]*>.*?</c>)`).exec(xml)?.[0] ?? null;
}

const xmlFormula = (f: string) => f.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('cellValueForWrite: the one rule', () => {
  it('blank for no figure, "" for a formula without one, #NUM! for a non-finite number, errors only from formulas', () => {
    expect([null, undefined, ''].map((v) => cellValueForWrite(v))).toEqual(Array(3).fill({ type: 'blank' }));
    expect([null, undefined, ''].map((v) => cellValueForWrite(v, true))).toEqual(Array(3).fill({ type: 'text', value: '' }));
    for (const v of [NaN, Infinity, -Infinity])
      for (const isFormula of [false, true]) expect(cellValueForWrite(v, isFormula)).toEqual({ type: 'error', value: NON_FINITE_ERROR });
    expect(NON_FINITE_ERROR).toBe('#NUM!');
    expect(cellValueForWrite(0)).toEqual({ type: 'number', value: 0 });
    expect(cellValueForWrite(-1.5, true)).toEqual({ type: 'number', value: -1.5 });
    expect(cellValueForWrite(false)).toEqual({ type: 'boolean', value: false });
    expect(cellValueForWrite('#DIV/0!', true)).toEqual({ type: 'error', value: '#DIV/0!' });
    expect(cellValueForWrite('#DIV/0!')).toEqual({ type: 'text', value: '#DIV/0!' });
    expect(cellValueForWrite('持平', true)).toEqual({ type: 'text', value: '持平' });
  });
});

describe('native .xlsx writer', () => {
  it('caches "" (t="str", <v></v>) for a formula without a figure, never 0 or no cached value', async () => {
    const xml = sheetXml(await writeXlsx({ sheets: [CELL_VALUES_SHEET] }));
    for (const ref of ['A1', 'B1']) expect(cellElement(xml, ref)).toBe(`<c r="${ref}" t="str"><f>${xmlFormula(RATIO)}</f><v></v></c>`);
    // No number 0 anywhere (a shared-string index 0 is t="s").
    expect(xml).not.toMatch(/<c r="[A-Z]+\d+"(?: s="\d+")?>(?:<f>[^<]*<\/f>)?<v>0<\/v>/);
  });

  it('writes a non-finite number, constant or cached, as the error #NUM! (t="e")', async () => {
    const xml = sheetXml(await writeXlsx({ sheets: [CELL_VALUES_SHEET] }));
    expect(cellElement(xml, 'C1')).toBe('<c r="C1" t="e"><f>A2*2</f><v>#NUM!</v></c>');
    expect(cellElement(xml, 'D1')).toBe('<c r="D1" t="e"><f>A2*3</f><v>#NUM!</v></c>');
    expect(cellElement(xml, 'E1')).toBe('<c r="E1" t="e"><v>#NUM!</v></c>');
    expect(cellElement(xml, 'F1')).toBe('<c r="F1" t="e"><v>#NUM!</v></c>');
    expect(cellElement(xml, 'J1')).toBe('<c r="J1" t="e"><f>A2/0</f><v>#DIV/0!</v></c>');
    expect(xml).not.toMatch(/NaN|Infinity/);
  });

  it('writes a constant without a figure (null or "") as a blank, keeping its style; error-like text stays text', async () => {
    const xml = sheetXml(await writeXlsx({ sheets: [CELL_VALUES_SHEET] }));
    expect(cellElement(xml, 'G1')).toMatch(/^<c r="G1" s="\d+"\/>$/);
    expect(cellElement(xml, 'H1')).toBe(cellElement(xml, 'G1')!.replace('G1', 'H1'));
    expect(cellElement(xml, 'I1')).toMatch(/^<c r="I1" t="s"><v>\d+<\/v><\/c>$/);
  });

  it('writes appended rows by the same rule', async () => {
    const bytes = await writeXlsx(
      { sheets: [{ name: 'S', rows: [[{ value: 'h' }]] }] },
      { appendRows: [{ sheet: 'S', start: 1, rows: [[NaN, -Infinity, 0, null, '', true, '#NUM!']] }] },
    );
    const xml = sheetXml(bytes);
    // Blanks are left out; a cell right after the one before it has no r, the first after a gap has one.
    expect(/<row r="2">.*?<\/row>/.exec(xml)?.[0]).toBe(
      '<row r="2"><c t="e"><v>#NUM!</v></c><c t="e"><v>#NUM!</v></c><c><v>0</v></c>' +
        '<c r="F2" t="b"><v>1</v></c><c t="inlineStr"><is><t>#NUM!</t></is></c></row>',
    );
    const s = readXlsx(bytes, 'a.xlsx').sheets[0];
    expect([s.cell(1, 0), s.cell(1, 6)]).toEqual([{ value: null, error: '#NUM!' }, { value: '#NUM!' }]);
  });
});

describe('both .xlsx engines', () => {
  for (const engine of ['native', 'exceljs'] as const) {
    it(`${engine}: reads back "" for formulas without a figure, #NUM! errors, blanks and text`, async () => {
      const bytes = await writeXlsx({ sheets: [CELL_VALUES_SHEET] }, { engine });
      const s = readXlsx(bytes, `${engine}.xlsx`).sheets[0];
      const at = (ref: string) => {
        const p = parseA1(ref)!;
        return s.cell(p.row, p.col);
      };
      expect(at('A1')).toEqual({ value: '', formula: RATIO });
      expect(at('B1')).toEqual({ value: '', formula: RATIO });
      expect(at('C1')).toEqual({ value: null, error: '#NUM!', formula: 'A2*2' });
      expect(at('D1')).toEqual({ value: null, error: '#NUM!', formula: 'A2*3' });
      expect(at('E1')).toEqual({ value: null, error: '#NUM!' });
      expect(at('F1')).toEqual({ value: null, error: '#NUM!' });
      expect([at('G1'), at('H1')]).toEqual([undefined, undefined]);
      expect(at('I1')).toEqual({ value: '#NUM!' });
      expect(at('J1')).toEqual({ value: null, error: '#DIV/0!', formula: 'A2/0' });
      for (const [ref, shown] of Object.entries(SHOWN)) expect([ref, at(ref)?.error ?? at(ref)?.value ?? '']).toEqual([ref, shown]);
    });
  }

  it('ExcelJS writes the same cell XML as the native writer for every case', async () => {
    const native = sheetXml(await writeXlsx({ sheets: [CELL_VALUES_SHEET] }));
    const excelJs = sheetXml(await writeXlsx({ sheets: [CELL_VALUES_SHEET] }, { engine: 'exceljs' }));
    const strip = (c: string | null) => c?.replace(/ s="\d+"/, '').replace('<v/>', '<v></v>') ?? null;
    for (const ref of ['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'J1'])
      expect([ref, strip(cellElement(excelJs, ref))]).toEqual([ref, strip(cellElement(native, ref))]);
  });
});
