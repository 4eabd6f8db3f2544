/**
 * Admission from sources (core/submission-source.ts): the CLI keeps read submissions packed in a
 * temporary file and admission decides from their heads and digests, loading a file only when an
 * error or warning names its cells. The decision must be the one made from the same submissions
 * held in memory — on the demo city with its planted errors, plus a firm listed by two townships
 * and a figure typed in 元.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { admit, admittedSubmissions, readsFromFiles, type FileRead } from '../../src/core/admit.js';
import { buildDemoData } from '../../src/core/demo.js';
import { rollupAdmission } from '../../src/core/rollup.js';
import { writeDemoFiles } from '../../src/io/demo.js';
import { readSubmissionFiles } from '../../src/io/rollup-read.js';
import { readSubmissionFile } from '../../src/io/submission.js';

const dir = mkdtempSync(join(tmpdir(), 'sti-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('admission from sources kept on disk', () => {
  it('gives the same findings, verdicts, unit statuses, admitted submissions and rollup as from memory', async () => {
    const data = buildDemoData();
    const towns = data.submissions.filter((s) => s.unit.kind === 'township' && s.enterprises.length > 0);
    // A firm of one township listed by another too (USCC_CONFLICT), and one township's R&D in 元 (SCALE_ANOMALY).
    towns[1].enterprises.push({ ...towns[0].enterprises[0], ref: { ...towns[1].enterprises[0].ref, cell: 'B999' } });
    const rd = towns[2].fields.RD_EXP;
    if (rd?.current) rd.current *= 10_000;
    const written = await writeDemoFiles(data, dir);
    const files = written.submissions.map((p) => ({ path: p, name: basename(p) }));
    const names = files.map((f) => f.name);
    const register = data.register;

    const read = await readSubmissionFiles(files, { workers: 0 });
    const fromSources = admit(readsFromFiles(names, read.sources, read.findings, read.checks), { register });
    const direct = files.map((f) => readSubmissionFile(new Uint8Array(readFileSync(f.path)), f.name));
    const inMemory = admit(
      direct.map((r, i): FileRead => ({ file: names[i], submission: r.submission, findings: r.findings })),
      { register },
    );
    // Something to compare: the planted problems are found.
    const codes = new Set(inMemory.findings.map((f) => f.code));
    expect(codes.has('USCC_CONFLICT')).toBe(true);
    expect(codes.has('SCALE_ANOMALY')).toBe(true);
    expect(inMemory.files.some((f) => f.marks.length > 0)).toBe(true);

    expect(fromSources.findings).toEqual(inMemory.findings);
    expect(fromSources.files).toEqual(inMemory.files);
    expect(fromSources.units).toEqual(inMemory.units);
    expect(fromSources.period).toBe(inMemory.period);
    expect(admittedSubmissions(fromSources)).toEqual(admittedSubmissions(inMemory));
    const a = rollupAdmission(fromSources, { releaseSubmissions: true });
    const b = rollupAdmission(inMemory);
    expect(a.districts).toEqual(b.districts);
    expect(a.city).toEqual(b.city);
    read.close();
  }, 120_000);
});
