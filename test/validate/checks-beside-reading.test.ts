/**
 * Reading workers make the checks on each submission's own figures beside the file
 * (admit.ts submissionChecks); admission takes them instead of making them again. The decision
 * must be the same either way, on the demo city with its planted errors.
 */
import { describe, expect, it } from 'vitest';
import { admit, admittedSubmissions, readsOf, submissionChecks, type FileRead } from '../../src/core/admit.js';
import { buildDemoData } from '../../src/core/demo.js';

describe('checks made beside reading', () => {
  const demo = buildDemoData();
  const reads = readsOf(demo.submissions);
  // As a worker sends them: made on its own copy of the file, cloned on the way.
  const withChecks: FileRead[] = reads.map((r) => ({
    ...r,
    checks: r.submission ? structuredClone(submissionChecks(structuredClone(r.submission), r.findings)) : undefined,
  }));

  it('the checks find the planted figure errors (so the comparison below compares something)', () => {
    const made = withChecks.flatMap((r) => r.checks ?? []);
    expect(made.filter((f) => f.severity === 'error').length).toBeGreaterThan(0);
  });

  it('admission gives the same findings, verdicts, unit statuses and admitted figures with the checks given as without', () => {
    const plain = admit(reads, { register: demo.register });
    const given = admit(withChecks, { register: demo.register });
    expect(given.findings).toEqual(plain.findings);
    expect(given.files).toEqual(plain.files);
    expect(given.units).toEqual(plain.units);
    expect(admittedSubmissions(given)).toEqual(admittedSubmissions(plain));
  });

  it('checks given are used, not made again: a check given for a file is the one admission reports', () => {
    const i = withChecks.findIndex((r) => (r.checks?.length ?? 0) > 0);
    const marker = { ...withChecks[i].checks![0], message: '由读取进程给出的检查' };
    const changed = withChecks.map((r, k) => (k === i ? { ...r, checks: [marker, ...r.checks!.slice(1)] } : r));
    expect(admit(changed, { register: demo.register }).findings.some((f) => f.message === '由读取进程给出的检查')).toBe(true);
  });
});
