import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSubmissionModel } from '../../src/core/template-schema.js';
import { sheetGridFromValues } from '../../src/core/grid.js';
import { readSubmission } from '../../src/core/read-submission.js';
import { validateSubmissions } from '../../src/core/admit.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { readXlsx, XlsxReadError } from '../../src/io/xlsx/read.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { scanXml } from '../../src/io/xlsx/xml-scan.js';
import { baseSubmission } from '../fixtures/submissions.js';
import { runs } from '../fuzz/runs.js';

// Short runs inside npm test; STI_FUZZ_RUNS=N (the project's one long-run switch) for long ones.
const RUNS = runs(150, 20).numRuns ?? 150;

const cellValue = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '指标代码',
    '本期数',
    '上年同期数',
    '全年目标',
    '备注/说明',
    'RD_EXP',
    'IND_FIRMS',
    '统一社会信用代码',
    '企业名称',
    '是',
    '否',
    '1.2亿',
    '—',
    '#DIV/0!',
    'template_id',
    'STI-SUBMISSION',
    'unit_code',
    '=SUM(A1)',
  ),
  fc.double({ noNaN: false }),
  fc.integer(),
  fc.boolean(),
);

describe('fuzzing the readers (never a crash, only findings or typed read errors)', () => {
  it('readSubmission + validateSubmissions on random grids never throw', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.constantFrom('指标表', '企业名录', '_meta', '填报说明', 'Sheet1', ' 指标表 ', '企业名录（2）'),
            rows: fc.array(fc.array(cellValue, { maxLength: 10 }), { maxLength: 20 }),
          }),
          { maxLength: 5 },
        ),
        (sheets) => {
          const grid = { fileName: 'f.xlsx', sheets: sheets.map((s) => sheetGridFromValues(s.name, s.rows)) };
          const r = readSubmission(grid);
          const all = validateSubmissions(r.submission ? [r.submission] : [], { fileFindings: r.findings });
          for (const f of all) {
            expect(f.message).toMatch(/[\u4e00-\u9fff]/);
            expect(f.message).not.toMatch(/undefined|\[object /);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('readXlsx on corrupted bytes of a real submission throws only XlsxReadError', async () => {
    const good = await writeXlsx(buildSubmissionModel(baseSubmission()));
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat({ max: good.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.option(fc.nat({ max: good.length }), { nil: undefined }),
        (edits, cut) => {
          const b = good.slice(0, cut ?? good.length);
          for (const e of edits) if (e.at < b.length) b[e.at] = e.byte;
          try {
            readXlsx(b, 'x.xlsx');
          } catch (err) {
            expect(err).toBeInstanceOf(XlsxReadError);
          }
          const r = readSubmissionFile(b, 'x.xlsx');
          expect(Array.isArray(r.findings)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any text, number or boolean written by the native writer reads back unchanged', async () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.constantFrom('=SUM(A1)', '_x0041_', '&amp;', '<b>', ' lead', 'trail ', '#DIV/0!'),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(value, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), async (rows) => {
        const g = readXlsx(await writeXlsx({ sheets: [{ name: 'F', rows: rows.map((r) => r.map((v) => ({ value: v }))) }] }), 'f.xlsx');
        rows.forEach((r, i) =>
          r.forEach((v, j) => {
            const want =
              typeof v === 'string'
                ? v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
                : Object.is(v, -0)
                  ? 0
                  : v;
            expect(g.sheets[0].cell(i, j)?.value ?? '').toEqual(want);
          }),
        );
      }),
      { numRuns: Math.max(50, RUNS / 2) },
    );
  });

  it('the XML scanner on arbitrary text throws only XlsxReadError', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('<', '<!', '<!--', '<![CDATA[', '<?', '</', '<a b="', '<c r="A1"'),
        (s, pre) => {
          try {
            scanXml(pre + s, { open() {}, close() {}, text() {}, cdata() {} }, 'p');
          } catch (err) {
            expect(err).toBeInstanceOf(XlsxReadError);
          }
        },
      ),
      { numRuns: RUNS * 3 },
    );
  });
});
