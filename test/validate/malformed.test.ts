import { describe, expect, it } from 'vitest';
import { readSubmissionFile } from '../../src/io/submission.js';
import { validateSubmissions } from '../../src/core/admit.js';
import { buildSubmissionModel } from '../../src/core/template-schema.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { MALFORMED, buildCase, truncatedCase } from '../fixtures/malformed.js';
import { baseSubmission } from '../fixtures/submissions.js';

function check(bytes: Uint8Array, file: string) {
  const r = readSubmissionFile(bytes, file);
  return validateSubmissions(r.submission ? [r.submission] : [], { fileFindings: r.findings });
}

describe('malformed submissions: one defect, exactly one finding at its cell', () => {
  it('has at least 30 cases with distinct names', () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(30);
    expect(new Set(MALFORMED.map((c) => c.name)).size).toBe(MALFORMED.length);
  });

  it('the unmodified base submission yields no finding at all', async () => {
    const bytes = await writeXlsx(buildSubmissionModel(baseSubmission()));
    expect(check(bytes, 'base.xlsx')).toEqual([]);
  });

  for (const c of MALFORMED) {
    it(c.name, async () => {
      const bytes = await buildCase(c);
      const findings = check(bytes, `${c.name}.xlsx`);
      const brief = findings.map((f) => ({ code: f.code, sheet: f.sheet, cell: f.cell, severity: f.severity }));
      expect(brief, JSON.stringify(findings, null, 1)).toHaveLength(1);
      const f = findings[0];
      expect(f.code).toBe(c.expected.code);
      expect(f.sheet).toBe(c.expected.sheet);
      expect(f.cell).toBe(c.expected.cell);
      if (c.expected.severity) expect(f.severity).toBe(c.expected.severity);
      expect(f.file).toBe(`${c.name}.xlsx`);
      expect(f.message).toMatch(/[\u4e00-\u9fff]/); // a Chinese message
    });
  }

  it('a truncated file is unreadable with a clear reason', async () => {
    const findings = check(await truncatedCase(), 'cut.xlsx');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'FILE_UNREADABLE', severity: 'error', value: 'TRUNCATED' });
    expect(findings[0].message).toContain('截断');
  });
});
