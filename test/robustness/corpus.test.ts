/**
 * Every case of the hostile corpus yields its clear finding (or typed read error), in
 * bounded time and memory, and nothing throws (issue 7 §1).
 */
import { describe, expect, it } from 'vitest';
import { validateSubmissions } from '../../src/core/admit.js';
import type { Finding, Submission } from '../../src/core/types.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { buildCorpus, type CorpusCase } from './corpus.js';

/** Generous: a case takes milliseconds; this catches hangs and quadratic blow-ups. */
export const CASE_TIME_LIMIT_MS = 5000;
/** Resident memory a single case may add while it runs (the largest legitimate part is 64 MB). */
export const CASE_RSS_LIMIT_MB = 400;

const cases = await buildCorpus();

export interface CaseRun {
  findings: Finding[];
  subs: (Submission | null)[];
  ms: number;
  rssDeltaMb: number;
}

export function runCase(c: CorpusCase): CaseRun {
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const t0 = performance.now();
  const fileFindings: Finding[] = [];
  const subs: (Submission | null)[] = [];
  for (const f of c.files) {
    const r = readSubmissionFile(f.bytes, f.name);
    peak = Math.max(peak, process.memoryUsage().rss);
    fileFindings.push(...r.findings);
    subs.push(r.submission);
  }
  const findings = validateSubmissions(
    subs.filter((s): s is Submission => s !== null),
    { fileFindings },
  );
  const ms = performance.now() - t0;
  peak = Math.max(peak, process.memoryUsage().rss);
  return { findings, subs, ms, rssDeltaMb: (peak - rss0) / 1048576 };
}

const CJK = /[\u4e00-\u9fff]/;

describe('hostile and broken workbooks: the corpus', () => {
  it('has at least 60 cases with unique ids, each declaring what it must yield', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      const declares =
        c.readError !== undefined || (c.findings?.length ?? 0) > 0 || !!c.absent || !!c.forbidden || !!c.keepsText || !!c.check;
      expect(declares, c.id).toBe(true);
    }
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const run = runCase(c);
    const label = `${c.id}: ${JSON.stringify(run.findings.map((f) => [f.code, f.sheet, f.cell, f.value?.slice(0, 40)]))}`;
    expect(run.ms, `${c.id} took ${Math.round(run.ms)} ms`).toBeLessThan(CASE_TIME_LIMIT_MS);
    expect(run.rssDeltaMb, `${c.id} grew RSS by ${Math.round(run.rssDeltaMb)} MB`).toBeLessThan(CASE_RSS_LIMIT_MB);

    // Every finding is a real one: a known severity, a file, and a Chinese message.
    for (const f of run.findings) {
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(f.file, label).toBeTruthy();
      expect(f.message, label).toMatch(CJK);
      expect(f.message, label).not.toMatch(/\n\s+at /);
      // No leaked JS artefacts (the value seen may itself be the text "NaN").
      expect(f.message.split(f.value ?? '\u0000').join(''), label).not.toMatch(/undefined|NaN|\[object /);
    }

    const unreadable = run.findings.filter((f) => f.code === 'FILE_UNREADABLE' && f.file === c.files[0].name);
    if (c.readError !== undefined) {
      const codes = Array.isArray(c.readError) ? c.readError : [c.readError];
      expect(unreadable.length, label).toBe(1);
      expect(codes, label).toContain(unreadable[0].value);
      expect(unreadable[0].severity).toBe('error');
      expect(run.subs[0]).toBeNull();
    } else {
      expect(unreadable, label).toEqual([]);
    }
    for (const want of c.findings ?? []) {
      const hit = run.findings.find(
        (f) =>
          f.code === want.code && (want.sheet === undefined || f.sheet === want.sheet) && (want.cell === undefined || f.cell === want.cell),
      );
      expect(hit, `${c.id} expected ${want.code} at ${want.sheet ?? ''}!${want.cell ?? ''}; got ${label}`).toBeDefined();
    }
    for (const code of c.absent ?? [])
      expect(
        run.findings.map((f) => f.code),
        label,
      ).not.toContain(code);
    const everything = JSON.stringify({ findings: run.findings, subs: run.subs });
    for (const s of c.forbidden ?? []) expect(everything.includes(s), `${c.id} output contains “${s}”`).toBe(false);
    for (const s of c.keepsText ?? []) expect(everything.includes(JSON.stringify(s).slice(1, -1)), `${c.id} lost “${s}”`).toBe(true);
    if (c.check) {
      expect(run.subs[0], label).not.toBeNull();
      c.check(run.subs[0]!);
    }
  });
});
