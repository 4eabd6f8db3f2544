/** One cell, model ⇄ XML: the one cell builder (model cells and bulk rows) and makeCell. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CellValue } from '../../../src/core/sheet-model.js';
import { cellXml, columnOf, makeCell, parseRange, rowOf } from '../../../src/io/xlsx/parts/cell.js';
import { SharedStrings, readSharedStrings } from '../../../src/io/xlsx/parts/shared-strings.js';
import { readWorksheet } from '../../../src/io/xlsx/parts/worksheet.js';

/** A shared-string table that records what it was given. */
function strings() {
  const list: string[] = [];
  return { list, id: (s: string) => (list.includes(s) ? list.indexOf(s) : list.push(s) - 1) };
}

describe('cell: model → XML', () => {
  const cases: { name: string; value: CellValue | undefined; formula?: string; style?: number; shared: string; inline: string }[] = [
    {
      name: 'text',
      value: '企业',
      shared: '<c r="B2" t="s"><v>0</v></c>',
      inline: '<c r="B2" t="inlineStr"><is><t>企业</t></is></c>',
    },
    {
      name: 'text that looks like a formula stays text',
      value: '=HYPERLINK("x")',
      shared: '<c r="B2" t="s"><v>0</v></c>',
      inline: '<c r="B2" t="inlineStr"><is><t>=HYPERLINK(&quot;x&quot;)</t></is></c>',
    },
    {
      name: 'error-like constant text stays text',
      value: '#N/A',
      shared: '<c r="B2" t="s"><v>0</v></c>',
      inline: '<c r="B2" t="inlineStr"><is><t>#N/A</t></is></c>',
    },
    {
      name: 'text whose edge spaces or line breaks must survive',
      value: ' 甲\n乙 ',
      shared: '<c r="B2" t="s"><v>0</v></c>',
      inline: '<c r="B2" t="inlineStr"><is><t xml:space="preserve"> 甲\n乙 </t></is></c>',
    },
    { name: 'number', value: 12.5, shared: '<c r="B2"><v>12.5</v></c>', inline: '<c r="B2"><v>12.5</v></c>' },
    {
      name: 'non-finite number → #NUM!',
      value: NaN,
      shared: '<c r="B2" t="e"><v>#NUM!</v></c>',
      inline: '<c r="B2" t="e"><v>#NUM!</v></c>',
    },
    { name: 'boolean', value: false, shared: '<c r="B2" t="b"><v>0</v></c>', inline: '<c r="B2" t="b"><v>0</v></c>' },
    { name: 'blank', value: null, shared: '', inline: '' },
    { name: 'empty text is blank', value: '', shared: '', inline: '' },
    { name: 'styled blank', value: null, style: 3, shared: '<c r="B2" s="3"/>', inline: '<c r="B2" s="3"/>' },
    { name: 'styled number', value: 1, style: 2, shared: '<c r="B2" s="2"><v>1</v></c>', inline: '<c r="B2" s="2"><v>1</v></c>' },
    {
      name: 'formula with its cached number (leading = dropped)',
      value: 3,
      formula: '=SUM(A1:A2)',
      shared: '<c r="B2"><f>SUM(A1:A2)</f><v>3</v></c>',
      inline: '<c r="B2"><f>SUM(A1:A2)</f><v>3</v></c>',
    },
    {
      name: 'formula without a figure caches ""',
      value: null,
      formula: 'A1/B1',
      shared: '<c r="B2" t="str"><f>A1/B1</f><v></v></c>',
      inline: '<c r="B2" t="str"><f>A1/B1</f><v></v></c>',
    },
    {
      name: 'formula with an error result',
      value: '#DIV/0!',
      formula: 'A1/0',
      shared: '<c r="B2" t="e"><f>A1/0</f><v>#DIV/0!</v></c>',
      inline: '<c r="B2" t="e"><f>A1/0</f><v>#DIV/0!</v></c>',
    },
    {
      name: 'formula with a text result',
      value: 'a<b',
      formula: 'IF(A1>0,"a<b","")',
      shared: '<c r="B2" t="str"><f>IF(A1&gt;0,&quot;a&lt;b&quot;,&quot;&quot;)</f><v>a&lt;b</v></c>',
      inline: '<c r="B2" t="str"><f>IF(A1&gt;0,&quot;a&lt;b&quot;,&quot;&quot;)</f><v>a&lt;b</v></c>',
    },
    {
      name: 'formula with a boolean result',
      value: true,
      formula: 'A1>0',
      shared: '<c r="B2" t="b"><f>A1&gt;0</f><v>1</v></c>',
      inline: '<c r="B2" t="b"><f>A1&gt;0</f><v>1</v></c>',
    },
  ];
  it.each(cases)('$name', ({ value, formula, style, shared, inline }) => {
    const sst = strings();
    expect(cellXml('B2', value, style ?? 0, formula, sst)).toBe(shared);
    if (shared.includes('t="s"')) expect(sst.list).toEqual([value]);
    expect(cellXml('B2', value, style ?? 0, formula, null)).toBe(inline);
  });
});

describe('cell: XML → model', () => {
  const sst = ['甲', '乙'];
  const dateStyles = [false, true];
  it.each([
    { name: 'shared string', t: 's', v: '1', f: null, is: null, s: 0, cell: { value: '乙' } },
    { name: 'formula text result', t: 'str', v: 'a&amp;b', f: 'A1&amp;B1', is: null, s: 0, cell: { value: 'a&b', formula: 'A1&B1' } },
    { name: 'inline string with an OOXML escape', t: 'inlineStr', v: null, f: null, is: 'x_x0007_', s: 0, cell: { value: 'x\u0007' } },
    { name: 'boolean', t: 'b', v: '1', f: null, is: null, s: 0, cell: { value: true } },
    { name: 'error', t: 'e', v: '#DIV/0!', f: 'A1/0', is: null, s: 0, cell: { value: null, error: '#DIV/0!', formula: 'A1/0' } },
    { name: 'ISO date', t: 'd', v: '2024-01-31', f: null, is: null, s: 0, cell: { value: '2024-01-31', isDate: true } },
    { name: 'number', t: 'n', v: '12.5', f: null, is: null, s: 0, cell: { value: 12.5 } },
    { name: 'number in a date style', t: 'n', v: '45000', f: null, is: null, s: 1, cell: { value: 45000, isDate: true } },
    { name: 'formula without a value', t: 'n', v: null, f: 'SUM(A1:A2)', is: null, s: 0, cell: { value: null, formula: 'SUM(A1:A2)' } },
    { name: 'empty cell', t: 'n', v: null, f: null, is: null, s: 0, cell: undefined },
  ])('$name', ({ t, v, f, is, s, cell }) => {
    expect(makeCell(t, v, f, is, s, sst, dateStyles)).toEqual(cell);
  });

  it.each([
    ['A1', 0, 0],
    ['AB12', 11, 27],
    ['xfd1048576', 1048575, 16383],
    ['12', 11, -1],
    ['B', -1, 1],
  ])('address %s → row %i, column %i', (ref, row, col) => {
    expect(rowOf(ref)).toBe(row);
    expect(columnOf(ref)).toBe(col);
  });

  it('ranges are normalised; bad corners give null', () => {
    expect(parseRange('C3:A1')).toEqual({ r0: 0, c0: 0, r1: 2, c1: 2 });
    expect(parseRange('B2')).toEqual({ r0: 1, c0: 1, r1: 1, c1: 1 });
    expect(parseRange('A1:Z')).toBeNull();
  });
});

describe('cell: model → XML → model for any value (property)', () => {
  const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const value = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.stringMatching(/^(_x[0-9A-F]{4}_|[&<>"' \t\n\r]|[a-z\u4e00-\u4e09])*$/, { maxLength: 16 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
  );
  it('reads back every value written, as a shared string or an inline string', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 8 }), fc.boolean(), (values, shared) => {
        const sst = new SharedStrings();
        const row = values.map((v, c) => cellXml(`${String.fromCharCode(65 + c)}1`, v, 0, undefined, shared ? sst : null)).join('');
        const xml = `<worksheet ${NS}><sheetData><row r="1">${row}</row></sheetData></worksheet>`;
        const strings = readSharedStrings(sst.xml(), 'sst');
        const grid = readWorksheet(xml, {
          sheetName: 'p',
          state: 'visible',
          sst: strings,
          dateStyles: [],
          maxRows: 10,
          budget: { left: 100, max: 100 },
          partName: 'p',
        });
        values.forEach((v, c) => {
          // Blank text is no cell; -0 reads back as 0.
          const expected = v === '' ? undefined : Object.is(v, -0) ? 0 : v;
          expect(grid.cell(0, c)?.value).toBe(expected);
        });
      }),
      { numRuns: 300 },
    );
  });
});
