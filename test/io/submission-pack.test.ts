/** Packed submissions (worker → main thread): the exact submission back, with its repeated pieces shared. */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDemoData } from '../../src/core/demo.js';
import { writeDemoFiles } from '../../src/io/demo.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { serialize } from 'node:v8';
import { packForAdmission, packResult, storedMessage, SubmissionUnpacker, type SubmissionMessage } from '../../src/io/submission-pack.js';
import type { ReadSubmissionResult } from '../../src/core/read-submission.js';

/** Through V8's serializer into a buffer, as the worker sends it and the temporary file keeps it. */
const travel = (x: SubmissionMessage): SubmissionMessage => storedMessage(serialize(x));

describe('submission pack', () => {
  it('gives back every submission of the demo exactly, keys in order, with texts and flags shared', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sti-pack-'));
    const written = await writeDemoFiles(buildDemoData(), dir);
    const unpacker = new SubmissionUnpacker();
    const back: ReadSubmissionResult[] = [];
    let packed = 0;
    for (const path of written.submissions) {
      const r = readSubmissionFile(new Uint8Array(readFileSync(path)), basename(path));
      const message = packResult(r);
      if (message.packed === 1) packed++;
      const got = unpacker.unpack(travel(message));
      expect(JSON.stringify(got)).toBe(JSON.stringify(r));
      expect(got).toEqual(r);
      // As the rollup loads it: the stored bytes read into a buffer that the next load overwrites.
      const read = packForAdmission(r);
      expect(read.findings).toBe(r.findings);
      if (!read.head) throw new Error(`${r.submission?.file}: no submission read`);
      const scratch = Buffer.from(read.stored);
      const loaded = new SubmissionUnpacker().unpack(storedMessage(scratch));
      scratch.fill(0xff);
      expect(loaded).toEqual({ submission: r.submission, findings: [] });
      back.push(got);
    }
    // Every demo file reads into the packed form (the fallback is for shapes the reader does not make).
    expect(packed).toBe(written.submissions.length);
    const subs = back.map((r) => r.submission!).filter(Boolean);
    const rows = subs.flatMap((s) => s.enterprises);
    expect(rows.length).toBeGreaterThan(100);
    // One flags object per combination of flags, one string per sheet name, one file name per file.
    expect(new Set(rows.map((e) => e.flags)).size).toBe(new Set(rows.map((e) => JSON.stringify(e.flags))).size);
    for (const s of subs) for (const e of s.enterprises) expect(e.ref.file).toBe(s.file);
    const refs = subs.flatMap((s) => Object.values(s.fields).flatMap((f) => Object.values(f.refs)));
    const sheetObjects = new Set(refs.map((r) => r!.sheet));
    expect(sheetObjects.size).toBeLessThanOrEqual(2);
  }, 120_000);

  it('sends what it cannot carry exactly as it is', () => {
    const r: ReadSubmissionResult = {
      submission: {
        file: 'a.xlsx',
        templateId: 'x',
        templateVersion: '1',
        unit: { code: '1', name: 'A', kind: 'township', parentCode: null },
        year: 2024,
        period: '2024',
        fields: { RD_EXP: { current: Number.NaN, previous: null, target: null, note: null, refs: {} } },
        enterprises: [],
      },
      findings: [],
    };
    const message = packResult(r);
    expect(message.packed).toBe(0);
    expect(new SubmissionUnpacker().unpack(travel(message)).submission!.fields.RD_EXP.current).toBeNaN();
    // A reference into another file, or a submission already marked by admission, also travel as they are.
    const other = structuredClone(r);
    other.submission!.fields.RD_EXP = {
      current: 1,
      previous: null,
      target: null,
      note: null,
      refs: { current: { file: 'b.xlsx', sheet: '指标表', cell: 'D5' } },
    };
    expect(packResult(other).packed).toBe(0);
    expect(packResult({ ...r, submission: { ...other.submission!, fields: {}, listedEnterprises: true } }).packed).toBe(0);
    expect(packResult({ submission: null, findings: [] }).packed).toBe(0);
    // Shapes checked key by key, in order: references in role order pack; out of order, or a key left undefined, do not.
    const withRefs = (refs: object) => {
      const x = structuredClone(r);
      x.submission!.fields.RD_EXP = { current: 1, previous: 2, target: null, note: null, refs: refs as never };
      return packResult(x).packed;
    };
    const cur = { file: 'a.xlsx', sheet: '指标表', cell: 'D5' };
    const prev = { file: 'a.xlsx', sheet: '指标表', cell: 'E5' };
    expect(withRefs({ current: cur, previous: prev })).toBe(1);
    expect(withRefs({ previous: prev, current: cur })).toBe(0);
    expect(withRefs({ current: cur, previous: undefined })).toBe(0);
    expect(withRefs({ current: { sheet: '指标表', file: 'a.xlsx', cell: 'D5' } })).toBe(0);
  });
});
