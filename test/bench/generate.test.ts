/**
 * The benchmark's generator makes real submission workbooks: cloned files read back through
 * the product's reader with no findings, pass validation against the generated register, carry
 * valid USCCs, and add up to the totals the generator reports as true (which the benchmark
 * checks both rollups against).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSet, type SetInfo } from '../../bench/generate.js';
import { rollupAll } from '../../src/core/rollup.js';
import type { Submission } from '../../src/core/types.js';
import { validateUscc } from '../../src/core/uscc.js';
import { validateSubmissions } from '../../src/core/admit.js';
import { readRegisterFile } from '../../src/io/register.js';
import { readSubmissionFile } from '../../src/io/submission.js';

describe('bench generator', () => {
  let tmp: string;
  let info: SetInfo;
  const subs: Submission[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'sti-bench-'));
    info = await generateSet(24, { dir: join(tmp, 'set'), prototypesDir: join(tmp, 'prototypes') });
    for (const f of readdirSync(info.submissionsDir).sort()) {
      const r = readSubmissionFile(new Uint8Array(readFileSync(join(info.submissionsDir, f))), f);
      expect(r.findings).toEqual([]);
      subs.push(r.submission!);
    }
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes exactly N readable workbooks, with the register', () => {
    expect(info.files).toBe(24);
    expect(subs).toHaveLength(24);
    const kinds = new Set(subs.map((s) => s.unit.kind));
    expect([...kinds].sort()).toEqual(['city', 'district', 'park', 'township']);
  });

  it('fills every unit with its own values (no marker left, enterprises 20–80 with valid USCCs)', () => {
    for (const s of subs) {
      expect(s.unit.name).not.toMatch(/§/);
      if (s.unit.kind === 'township' || s.unit.kind === 'park') {
        expect(s.enterprises.length).toBeGreaterThanOrEqual(20);
        expect(s.enterprises.length).toBeLessThanOrEqual(80);
        for (const e of s.enterprises) {
          expect(validateUscc(e.uscc).valid).toBe(true);
          expect(e.name).not.toMatch(/§/);
          expect(typeof e.revenue).toBe('number');
        }
        expect(s.fields.RD_EXP.current).toBeGreaterThan(0);
      }
    }
    // Different units differ (the clone patched the values, not only the names).
    const rd = subs.filter((s) => s.unit.kind === 'township').map((s) => s.fields.RD_EXP.current);
    expect(new Set(rd).size).toBe(rd.length);
  });

  it('passes validation against the generated register', () => {
    const reg = readRegisterFile(new Uint8Array(readFileSync(info.registerPath)), 'register.csv');
    expect(reg.findings).toEqual([]);
    const findings = validateSubmissions(subs, { register: reg.register! });
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('adds up to the totals it reports as true (independently of the engine: sums and distinct USCCs here)', () => {
    const reg = readRegisterFile(new Uint8Array(readFileSync(info.registerPath)), 'register.csv').register!;
    for (const t of info.truth.districts) {
      const memberParks = new Set(reg.units.filter((u) => u.kind === 'park' && u.partitionMember).map((u) => u.code));
      const mine = subs.filter((s) => s.unit.parentCode === t.code);
      const partition = mine.filter((s) => s.unit.kind === 'township' || memberParks.has(s.unit.code));
      const rd = partition.reduce((a, s) => a + (s.fields.RD_EXP.current ?? 0), 0);
      expect(rd).toBeCloseTo(t.sums.RD_EXP, 6);
      const hnte = new Set(partition.flatMap((s) => s.enterprises.filter((e) => e.flags.HNTE).map((e) => e.uscc)));
      expect(hnte.size).toBe(t.counts.HNTE_COUNT);
      // And the engine agrees.
      const { districts } = rollupAll(reg, subs);
      const d = districts.find((x) => x.unit.code === t.code)!;
      expect(d.total.fields.RD_EXP.current).toBeCloseTo(t.sums.RD_EXP, 6);
      expect(d.total.fields.HNTE_COUNT.current).toBe(t.counts.HNTE_COUNT);
    }
  });
});
