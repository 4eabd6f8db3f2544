/** The one XML escaper and its OOXML cell-text form, against the reader's decoders. */
import { describe, expect, it } from 'vitest';
import { decodeOoxmlText, decodeXml } from '../../../src/io/xlsx/xml-scan.js';
import { escapeCellText, escapeXml, textElement, xmlNumber } from '../../../src/io/xlsx/xml.js';

describe('xml: escapeXml', () => {
  it.each([
    ['plain 文本', 'plain 文本'],
    ['A&B', 'A&amp;B'],
    ['<公司>', '&lt;公司&gt;'],
    ['say "hi"', 'say &quot;hi&quot;'],
    ["it's", "it's"],
    ['&amp;', '&amp;amp;'],
  ])('%j → %j, and back', (text, xml) => {
    expect(escapeXml(text)).toBe(xml);
    expect(decodeXml(xml)).toBe(text);
  });
});

describe('xml: escapeCellText (cell, shared-string and comment text)', () => {
  it.each([
    ['企业名称', '企业名称'],
    ['A&B <x>', 'A&amp;B &lt;x&gt;'],
    ['bell\u0007', 'bell_x0007_'],
    ['cr\r', 'cr_x000D_'],
    ['tab\tand\nline', 'tab\tand\nline'],
    ['_x0041_', '_x005F_x0041_'],
    ['snake_case', 'snake_case'],
    ['\ufffe', '_xFFFE_'],
    ['lone \ud800 half', 'lone \ufffd half'],
    ['pair 😀', 'pair 😀'],
  ])('%j → %j', (text, xml) => {
    expect(escapeCellText(text)).toBe(xml);
  });

  it.each(['A&B <公司>', 'bell\u0007 and \u001f', '_x0041_ stays literal', 'x_x000D_y', '"quoted"'])('%j reads back unchanged', (text) => {
    expect(decodeOoxmlText(escapeCellText(text))).toBe(text);
  });

  it('textElement keeps leading/trailing space and line breaks, or when asked', () => {
    expect(textElement('a')).toBe('<t>a</t>');
    expect(textElement(' a')).toBe('<t xml:space="preserve"> a</t>');
    expect(textElement('a\nb')).toBe('<t xml:space="preserve">a\nb</t>');
    expect(textElement('a', true)).toBe('<t xml:space="preserve">a</t>');
  });

  it('xmlNumber writes finite numbers as they are and anything else as 0', () => {
    expect([12.5, 0, -3, NaN, Infinity].map(xmlNumber)).toEqual(['12.5', '0', '-3', '0', '0']);
  });
});
