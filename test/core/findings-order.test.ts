import { describe, expect, it } from 'vitest';
import { sortFindings as rollupSortFindings } from '../../src/core/rollup.js';
import { sortFindings, sortFindingsBySeverity } from '../../src/core/validate-codes.js';
import type { Finding } from '../../src/core/types.js';

const f = (severity: Finding['severity'], file: string, cell: string, code = 'X'): Finding => ({
  severity,
  code,
  message: `${code}@${file}!${cell}`,
  file,
  sheet: '企业名录',
  cell,
});

describe('one finding order per job (src/core/validate-codes.ts)', () => {
  const list = [f('info', 'a.xlsx', 'C10'), f('error', 'b.xlsx', 'C2'), f('warning', 'a.xlsx', 'C9'), f('error', 'a.xlsx', 'C10')];

  it('sortFindings: by file, sheet, cell (row then column), then severity', () => {
    expect(sortFindings(list).map((x) => `${x.file}!${x.cell}:${x.severity}`)).toEqual([
      'a.xlsx!C9:warning',
      'a.xlsx!C10:error',
      'a.xlsx!C10:info',
      'b.xlsx!C2:error',
    ]);
  });

  it('sortFindingsBySeverity: errors first, then file and cell; repeats kept once; the rollup name is the same function', () => {
    const sorted = sortFindingsBySeverity([...list, { ...list[1] }]);
    expect(sorted.map((x) => `${x.severity}:${x.file}!${x.cell}`)).toEqual([
      'error:a.xlsx!C10',
      'error:b.xlsx!C2',
      'warning:a.xlsx!C9',
      'info:a.xlsx!C10',
    ]);
    expect(rollupSortFindings).toBe(sortFindingsBySeverity);
    // Same output for shuffled input.
    expect(sortFindingsBySeverity([...list].reverse())).toEqual(sortFindingsBySeverity(list));
  });
});
