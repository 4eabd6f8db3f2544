import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types.js';
import { selectFindings, type FindingsView } from '../../src/taskpane/findings-view.js';

const f = (severity: Finding['severity'], file: string, cell: string | undefined, message: string, unitCode?: string): Finding => ({
  severity,
  code: 'UNPARSABLE',
  message,
  file,
  sheet: cell ? '指标表' : undefined,
  cell,
  unitCode,
});

const findings: Finding[] = [
  f('warning', 'b.xlsx', 'D10', '数值偏大', 'T2'),
  f('error', 'a.xlsx', 'D9', '负数', 'T1'),
  f('info', 'c.xlsx', undefined, '已有说明'),
  f('error', 'b.xlsx', 'AA2', '校验位错误', 'T2'),
  f('warning', 'a.xlsx', 'D2', '与名录不一致', 'T1'),
  { ...f('error', 'a.xlsx', 'A3', '校验码错误', 'T1'), sheet: '企业名录' },
];
const names = new Map([
  ['T1', '城关街道'],
  ['T2', '新民镇'],
]);
const unitOf = (x: Finding) => (x.unitCode ? names.get(x.unitCode)! : '');
const view = (over: Partial<FindingsView> = {}): FindingsView => ({
  severity: 'all',
  query: '',
  sort: { key: 'severity', dir: 'ascending' },
  ...over,
});

describe('validation report view', () => {
  it('sorts by severity (errors first), keeping the engine order within a severity', () => {
    expect(selectFindings(findings, view(), unitOf).map((x) => x.message)).toEqual([
      '负数',
      '校验位错误',
      '校验码错误',
      '数值偏大',
      '与名录不一致',
      '已有说明',
    ]);
    expect(selectFindings(findings, view({ sort: { key: 'severity', dir: 'descending' } }), unitOf)[0].severity).toBe('info');
  });

  it('sorts places by sheet, then row and column, not as text (D2 < D9 < D10, AA2 with row 2); no place last', () => {
    const cells = selectFindings(findings, view({ sort: { key: 'cell', dir: 'ascending' } }), unitOf).map((x) => x.cell);
    expect(cells).toEqual(['A3', 'D2', 'AA2', 'D9', 'D10', undefined]);
  });

  it('filters by severity and by text in unit name, file, cell or message', () => {
    expect(selectFindings(findings, view({ severity: 'error' }), unitOf)).toHaveLength(3);
    expect(selectFindings(findings, view({ query: '新民' }), unitOf).map((x) => x.cell)).toEqual(['AA2', 'D10']);
    expect(selectFindings(findings, view({ query: 'A.XLSX' }), unitOf)).toHaveLength(3);
    expect(selectFindings(findings, view({ query: '校验位', severity: 'warning' }), unitOf)).toHaveLength(0);
  });
});
