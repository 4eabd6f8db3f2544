/**
 * rollupAdmissionEach: each district's full result handed over as it is rolled up, only its summary
 * kept. The city it makes is rollupAdmission's (which collects the results), and without provenance
 * only the source cells are gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admit, readsFromFiles, type Admission } from '../../src/core/admit.js';
import { buildDemoData } from '../../src/core/demo.js';
import { levelSummary, rollupAdmission, rollupAdmissionEach, summarizeDistrict, type RollupResult } from '../../src/core/rollup.js';
import { parkSummaryOf, rankParks } from '../../src/core/ranking.js';
import { writeDemoFiles } from '../../src/io/demo.js';
import { readSubmissionFiles, type ReadManyResult } from '../../src/io/rollup-read.js';

// The demo's files as the CLI reads them (figures with the cells they came from).
const dir = mkdtempSync(join(tmpdir(), 'sti-each-'));
const data = buildDemoData();
let read: ReadManyResult;
let names: string[];
beforeAll(async () => {
  const written = await writeDemoFiles(data, dir);
  const files = written.submissions.map((p) => ({ path: p, name: basename(p) }));
  names = files.map((f) => f.name);
  read = await readSubmissionFiles(files, { workers: 0 });
}, 60_000);
afterAll(() => {
  read?.close();
  rmSync(dir, { recursive: true, force: true });
});

function demoAdmission(): Admission {
  return admit(readsFromFiles(names, read.sources, read.findings, read.checks), { register: data.register });
}

const withoutRefs = (r: RollupResult) => ({
  ...r,
  total: { ...r.total, fields: Object.fromEntries(Object.entries(r.total.fields).map(([k, t]) => [k, { ...t, refs: [] }])) },
  rows: r.rows.map((row) => ({
    ...row,
    fields: Object.fromEntries(Object.entries(row.fields).map(([k, t]) => [k, { ...t, refs: [] }])),
  })),
});

describe('rollupAdmissionEach', () => {
  it('hands over every district in register order and makes the same city as rollupAdmission', () => {
    const kept = rollupAdmission(demoAdmission());
    const handed: RollupResult[] = [];
    const each = rollupAdmissionEach(demoAdmission(), (r, s) => {
      handed.push(r);
      expect(s).toEqual(summarizeDistrict(r, kept.admission.statusOf));
    });
    expect(handed.map((r) => r.unit.code)).toEqual(kept.tree.districts.map((d) => d.unit.code));
    expect(handed).toEqual(kept.districts);
    expect(each.city).toEqual(kept.city);
    expect(each.districts.map((d) => d.total)).toEqual(kept.districts.map((d) => d.total));
    // The demo's districts list firms, and the city counts each once.
    expect(each.city.distinctEnterprises).toBeGreaterThan(0);
    expect(each.city.enterprises).toEqual([]);
  });

  it("counts the admitted files' 企业名录 rows as read, the most firms the city can count", () => {
    const a = demoAdmission();
    const admittedFiles = new Set(a.admitted.map((x) => x.head.file));
    const rows = read.sources.filter((s) => admittedFiles.has(s.head.file)).reduce((n, s) => n + s.load().enterprises.length, 0);
    expect(rows).toBeGreaterThan(0);
    expect(a.listedRows).toBe(rows);
    expect(rollupAdmissionEach(a, () => {}).city.distinctEnterprises).toBeLessThanOrEqual(rows);
  });

  it('counts the city firms in the set the check across files used, emptied, and only once', () => {
    const a = demoAdmission();
    expect(a.firmKeys?.size).toBe(0);
    const handed: RollupResult[] = [];
    const included = new Set<string>();
    const first = rollupAdmissionEach(a, (r, s) => {
      handed.push(r);
      if (s.cityStatus.status === 'included') included.add(r.unit.code);
    });
    expect(a.firmKeys).toBeUndefined();
    // The city's firms, counted here from the districts handed over.
    const distinct = new Set(handed.filter((r) => included.has(r.unit.code)).flatMap((r) => r.enterprises.map((e) => e.uscc)));
    expect(distinct.size).toBeGreaterThan(0);
    expect(first.city.distinctEnterprises).toBe(distinct.size);
    // A second rollup of the same admission makes a set of its own: the same city.
    expect(rollupAdmissionEach(a, () => {}).city).toEqual(first.city);
  });

  it('without provenance: the same figures, statuses and findings, no source cells kept for the city', () => {
    const kept = rollupAdmission(demoAdmission());
    const handed: RollupResult[] = [];
    const each = rollupAdmissionEach(demoAdmission(), (r) => handed.push(r), { provenance: false });
    // The districts handed over keep their cells (a writer of 来源 would take them then).
    expect(handed).toEqual(kept.districts);
    expect(each.districts.every((d) => Object.values(d.total.fields).every((t) => t.refs.length === 0))).toBe(true);
    // Parks kept as the ranking of parks needs them: the same ranking as from the districts' rows.
    const parksOf = (r: RollupResult) => r.rows.filter((x) => x.role === 'memo');
    expect(each.districts.flatMap((d) => d.parks)).toEqual(kept.districts.flatMap((d) => parksOf(d).map(parkSummaryOf)));
    const ranked = rankParks([kept.city, ...kept.districts]);
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.some((p) => p.table.rows.length >= 2)).toBe(true);
    expect(rankParks([levelSummary(each.city), ...each.districts])).toEqual(ranked);
    // The city: only its own submission's cells — everything else equal.
    const cityRefs = Object.values(each.city.total.fields).flatMap((t) => t.refs);
    expect(cityRefs.every((r) => r.unitCode === each.city.unit.code)).toBe(true);
    expect(Object.values(kept.city.total.fields).some((t) => t.refs.length > 0)).toBe(true);
    expect(withoutRefs(each.city)).toEqual(withoutRefs(kept.city));
  });
});
