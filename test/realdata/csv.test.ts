import { describe, it, expect } from 'vitest';
import { parseCsv, publicTable } from '../helpers/csv.js';

describe('test/helpers/csv.ts', () => {
  it('reads quoted fields with commas, doubled quotes and newlines, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'two\nlines', ''],
    ]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a,"b\n1,2')).toThrow('unterminated');
  });

  it('reads the quoted headers of the public tables', () => {
    const rows = publicTable('derived_rank_expectations_2022_intensity.csv');
    expect(Object.keys(rows[0])).toContain('rank_eq_desc (competition 1,2,2,4)');
    const gdp = publicTable('nbs_rd_intensity_2022_with_gdp.csv');
    expect(gdp[1].gdp_source_quality).toContain('third-party transcription (GitHub code, 0.1亿 precision)');
  });
});
