import { describe, expect, it } from 'vitest';
import * as core from '../../src/core/index.js';
import { FINDING_CODES, finding, sortFindings } from '../../src/core/validate-codes.js';
import type { Finding, FindingCode } from '../../src/core/index.js';

const f = (severity: Finding['severity'], file: string, cell: string, code: FindingCode = 'UNPARSABLE'): Finding => ({
  severity,
  code,
  message: `${code}@${file}!${cell}`,
  file,
  sheet: '企业名录',
  cell,
});

describe('one finding order and one registry (src/core/validate-codes.ts)', () => {
  const list = [f('info', 'a.xlsx', 'C10'), f('error', 'b.xlsx', 'C2'), f('warning', 'a.xlsx', 'C9'), f('error', 'a.xlsx', 'C10')];

  it('sortFindings: errors first, then file and cell (row, then column); repeats kept once; shuffled input, same output', () => {
    const sorted = sortFindings([...list, { ...list[1] }]);
    expect(sorted.map((x) => `${x.severity}:${x.file}!${x.cell}`)).toEqual([
      'error:a.xlsx!C10',
      'error:b.xlsx!C2',
      'warning:a.xlsx!C9',
      'info:a.xlsx!C10',
    ]);
    expect(sortFindings([...list].reverse())).toEqual(sortFindings(list));
  });

  it('exactly one sort is exported, under one name', () => {
    expect(core.sortFindings).toBe(sortFindings);
    expect((core as Record<string, unknown>).sortFindingsBySeverity).toBeUndefined();
  });

  it('a finding always takes its code’s one severity; every error says what it blocks', () => {
    for (const [code, info] of Object.entries(FINDING_CODES)) {
      expect(finding(code as FindingCode, 'x', { file: 'a' }).severity, code).toBe(info.severity);
      if (info.severity !== 'error') expect(info.blocks, code).toBe('nothing');
    }
    // The codes that used to be reported with two severities now have one each.
    expect(FINDING_CODES.PERIOD_MISMATCH.severity).toBe('error');
    expect(FINDING_CODES.FILE_SKIPPED.severity).toBe('info');
    expect(FINDING_CODES.USCC_CONFLICT.severity).toBe('warning');
  });
});
