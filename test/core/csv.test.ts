import { describe, expect, it } from 'vitest';
import { parseCsv, sniffCsvSeparator } from '../../src/core/csv.js';

describe('src/core/csv.ts (the one CSV reader)', () => {
  it('quoted fields: doubled quotes, separators and line breaks inside, CRLF, a BOM dropped', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, ""y""","two\r\nlines"\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'two\r\nlines'],
    ]);
    // A quote inside an unquoted field is text.
    expect(parseCsv('5"x,b')).toEqual([['5"x', 'b']]);
  });

  it('separator: comma by default, sniffed from the first line when asked (，, tab, ;)', () => {
    expect(sniffCsvSeparator('代码，名称\n1，2')).toBe('，');
    expect(sniffCsvSeparator('代码\t名称')).toBe('\t');
    expect(sniffCsvSeparator('代码;名称')).toBe(';');
    expect(sniffCsvSeparator('代码')).toBe(',');
    expect(parseCsv('a;b\n1;"2;3"', { separator: 'auto' })).toEqual([
      ['a', 'b'],
      ['1', '2;3'],
    ]);
    expect(parseCsv('a;b')).toEqual([['a;b']]);
  });

  it('strict: an unterminated quote throws; otherwise the text read is kept; blank lines kept unless skipped', () => {
    expect(() => parseCsv('a,"b\n1', { strict: true })).toThrow('unterminated');
    expect(parseCsv('a,"b\n1')).toEqual([['a', 'b\n1']]);
    expect(parseCsv('a\n\nb\n')).toEqual([['a'], [''], ['b']]);
    expect(parseCsv('a\n\nb\n', { skipBlankLines: true })).toEqual([['a'], ['b']]);
  });
});
