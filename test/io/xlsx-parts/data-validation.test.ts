/** Data validation, model → XML: each rule's formulas and messages, and equal cells grouped into rectangles. */
import { describe, expect, it } from 'vitest';
import type { DataValidation } from '../../../src/core/sheet-model.js';
import { ValidationCollector, listFormula, validationRanges, validationXml } from '../../../src/io/xlsx/parts/data-validation.js';
import { scanXml } from '../../../src/io/xlsx/xml-scan.js';

describe('data validation: model → XML', () => {
  it.each<{ name: string; v: DataValidation; xml: string }>([
    {
      name: 'list with quotes and commas escaped',
      v: { type: 'list', list: ['是', '否', 'say "x"'], allowBlank: true },
      xml: '<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="B2:B9"><formula1>&quot;是,否,say &quot;&quot;x&quot;&quot;&quot;</formula1></dataValidation>',
    },
    {
      name: 'decimal ≥ 0 by default',
      v: { type: 'decimal', min: 0, allowBlank: false },
      xml: '<dataValidation type="decimal" operator="greaterThanOrEqual" showErrorMessage="1" sqref="B2:B9"><formula1>0</formula1></dataValidation>',
    },
    {
      name: 'whole between with prompt and error texts',
      v: { type: 'whole', operator: 'between', min: 1, max: 12, allowBlank: false, prompt: '填 1–12', errorTitle: '月份', error: '<不对>' },
      xml: '<dataValidation type="whole" showInputMessage="1" prompt="填 1–12" showErrorMessage="1" errorTitle="月份" error="&lt;不对&gt;" sqref="B2:B9"><formula1>1</formula1><formula2>12</formula2></dataValidation>',
    },
    {
      name: 'decimal ≤ max',
      v: { type: 'decimal', operator: 'lessThanOrEqual', max: 100, allowBlank: false },
      xml: '<dataValidation type="decimal" operator="lessThanOrEqual" showErrorMessage="1" sqref="B2:B9"><formula1>100</formula1></dataValidation>',
    },
  ])('$name', ({ v, xml }) => {
    expect(validationXml(v, 'B2:B9')).toBe(xml);
    expect(() => scanXml(xml, { open() {} }, 'dv')).not.toThrow();
  });

  it('an inline list formula doubles quotes', () => {
    expect(listFormula(['a"b', 'c'])).toBe('"a""b,c"');
  });

  const key = (r: number, c: number) => r * 16384 + c;
  it.each<{ name: string; cells: [number, number, string][]; ranges: [string, string][] }>([
    { name: 'one cell', cells: [[0, 0, 'x']], ranges: [['A1', 'x']] },
    {
      name: 'a column',
      cells: [
        [1, 1, 'x'],
        [2, 1, 'x'],
        [3, 1, 'x'],
      ],
      ranges: [['B2:B4', 'x']],
    },
    {
      name: 'a rectangle and a different cell',
      cells: [
        [0, 0, 'x'],
        [0, 1, 'x'],
        [1, 0, 'x'],
        [1, 1, 'x'],
        [1, 2, 'y'],
      ],
      ranges: [
        ['A1:B2', 'x'],
        ['C2', 'y'],
      ],
    },
    {
      name: 'row 10 after row 4 (numeric, not text, order)',
      cells: [
        [9, 0, 'x'],
        [3, 0, 'x'],
      ],
      ranges: [
        ['A4', 'x'],
        ['A10', 'x'],
      ],
    },
    {
      name: 'an L shape: never overlapping ranges',
      cells: [
        [0, 0, 'x'],
        [1, 0, 'x'],
        [1, 1, 'x'],
      ],
      ranges: [
        ['A1:A2', 'x'],
        ['B2', 'x'],
      ],
    },
  ])('groups $name', ({ cells, ranges }) => {
    expect(validationRanges(new Map(cells.map(([r, c, k]) => [key(r, c), k])))).toEqual(ranges);
  });

  it('collects cell validations into one <dataValidations>', () => {
    const dv = new ValidationCollector();
    expect(dv.xml()).toBe('');
    const yes: DataValidation = { type: 'list', list: ['是', '否'], allowBlank: false };
    dv.add(5, 2, yes);
    dv.add(6, 2, { ...yes });
    dv.add(6, 3, { type: 'decimal', min: 0, allowBlank: false });
    expect(dv.xml()).toBe(
      '<dataValidations count="2">' +
        '<dataValidation type="list" showErrorMessage="1" sqref="C6:C7"><formula1>&quot;是,否&quot;</formula1></dataValidation>' +
        '<dataValidation type="decimal" operator="greaterThanOrEqual" showErrorMessage="1" sqref="D7"><formula1>0</formula1></dataValidation>' +
        '</dataValidations>',
    );
  });
});
