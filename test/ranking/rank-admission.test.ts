/**
 * `sti rank` on district files goes through the same admission as `sti rollup` (issue 10): a file
 * of another period is left out (not mixed in), a district given twice is ranked from neither,
 * a figure with an error is left out and the values resting on it are marked, and the exit code
 * says so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RankJson } from '../../src/cli/json-shape.js';
import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { buildDemoData } from '../../src/core/demo.js';
import type { Submission } from '../../src/core/types.js';
import { writeSubmission } from '../../src/io/template.js';

async function sti(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false, cwd };
  const code = await main(args, io);
  return { code, out, err };
}

describe('sti rank on district files: the admission sti rollup uses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sti-rank-admit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const demo = buildDemoData();
  const districts = demo.submissions.filter((s) => s.unit.kind === 'district');

  async function write(name: string, s: Submission) {
    writeFileSync(join(dir, name), await writeSubmission(s));
  }

  it('leaves out another period, a district given twice and a figure with an error (the rest of that file counts); exits 1', async () => {
    const [d1, d2, d3, d4, ...rest] = districts;
    await write('d1.xlsx', d1);
    // Last year's template reused: another period.
    await write('d2-old.xlsx', { ...d2, period: String(demo.year - 1), year: demo.year - 1 });
    // Two files for one district.
    await write('d3-a.xlsx', d3);
    await write('d3-b.xlsx', d3);
    // A negative GDP: that figure is left out; R&D intensity of d4 has no denominator and is not ranked.
    const bad = structuredClone(d4);
    bad.fields.GDP = { ...bad.fields.GDP, current: -5 };
    await write('d4.xlsx', bad);
    for (const [i, s] of rest.entries()) await write(`r${i}.xlsx`, s);

    const r = await sti(['rank', '.', '--out', 'out.xlsx', '--json'], dir);
    expect(r.code, r.err).toBe(1);
    const json = JSON.parse(r.out) as RankJson;
    const ranked = json.rows.map((x) => x.unitCode).sort();
    expect(ranked).toEqual([d1, d4, ...rest].map((s) => s.unit.code).sort());
    expect(json.period).toBe(demo.period);
    const byCode = (code: string) => json.findings.filter((f) => f.code === code);
    expect(byCode('PERIOD_MISMATCH').map((f) => f.file)).toEqual(['d2-old.xlsx']);
    expect(
      byCode('DUPLICATE_SUBMISSION')
        .map((f) => f.file)
        .sort(),
    ).toEqual(['d3-a.xlsx', 'd3-b.xlsx']);
    expect(byCode('NEGATIVE_VALUE').map((f) => f.file)).toEqual(['d4.xlsx']);
    // The left-out GDP is not read as zero: d4's R&D intensity is no figure, not ranked, and the note says so.
    const row4 = json.rows.find((x) => x.unitCode === d4.unit.code)!;
    expect(row4.values.RD_INTENSITY).toBeNull();
    expect(row4.ranks.RD_INTENSITY).toBeNull();
    expect(json.notes.some((n) => n.includes(d4.unit.name) && n.includes('不参与排名'))).toBe(true);
    expect(row4.values.RD_GROWTH).not.toBeNull();
  });

  it('--period picks the period; the others are left out', async () => {
    const r = await sti(['rank', '.', '--period', String(demo.year - 1), '--out', 'out2.xlsx', '--json'], dir);
    const json = JSON.parse(r.out) as RankJson;
    expect(json.period).toBe(String(demo.year - 1));
    expect(json.rows.map((x) => x.unitCode)).toEqual([districts[1].unit.code]);
  });

  it('clean district files of one period: exit 0, nothing marked', async () => {
    const clean = mkdtempSync(join(tmpdir(), 'sti-rank-clean-'));
    try {
      for (const s of districts) writeFileSync(join(clean, `${s.unit.code}.xlsx`), await writeSubmission(s));
      const r = await sti(['rank', '.', '--out', 'out.xlsx', '--json'], clean);
      expect(r.code, r.err).toBe(0);
      const json = JSON.parse(r.out) as RankJson;
      expect(json.rows).toHaveLength(districts.length);
      expect(json.rows.every((x) => Object.keys(x.incomplete).length === 0)).toBe(true);
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  });
});
