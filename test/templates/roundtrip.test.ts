import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ENTERPRISE_FLAGS, type EnterpriseFlag } from '../../src/core/catalogue.js';
import { templateFields, TEMPLATE_KINDS, type TemplateKind } from '../../src/core/template-schema.js';
import { withUsccCheckChar } from '../../src/core/uscc.js';
import { cellText } from '../../src/core/grid.js';
import { parseA1 } from '../../src/core/sheet-model.js';
import type { EnterpriseRow, FieldValue, Submission } from '../../src/core/types.js';
import { writeSubmission } from '../../src/io/template.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { readXlsx } from '../../src/io/xlsx/read.js';

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Values as a unit would type them: non-negative, a few decimals (integers for counts). */
const amount = fc.integer({ min: 0, max: 10_000_000_000 }).map((n) => n / 100);
const count = fc.integer({ min: 0, max: 100_000 });
const text = fc.constantFrom(
  '已核实',
  '=HYPERLINK("http://x","点我")',
  '+1',
  '@SUM(A1)',
  '含 emoji 🚀 的说明',
  '全角ＡＢＣ１２３',
  'a "quoted" <b>&amp;</b>',
  '多行\n说明',
);

function fieldsArb(kind: TemplateKind) {
  const entries = templateFields(kind).map((f) => {
    const v = f.integer ? count : amount;
    const fv = fc.record({
      current: v,
      previous: fc.option(v, { nil: null }),
      target: f.scope === 'all' ? fc.option(v, { nil: null }) : fc.constant(null),
      note: fc.option(text, { nil: null }),
    });
    return [f.code, fv] as const;
  });
  return fc.record(Object.fromEntries(entries)) as fc.Arbitrary<Record<string, Omit<FieldValue, 'refs'>>>;
}

const enterpriseArb = fc.record({
  body: fc.array(fc.constantFrom(...CHARS), { minLength: 17, maxLength: 17 }).map((a) => a.join('')),
  name: fc.constantFrom('甲公司', '=HYPERLINK("x")', '乙 科技（北京）有限公司', "O'Brien & Co."),
  township: fc.option(fc.constantFrom('东华门街道', '景山街道'), { nil: null }),
  park: fc.option(fc.constantFrom('中关村东城园'), { nil: null }),
  flags: fc.record(
    Object.fromEntries(ENTERPRISE_FLAGS.map((f) => [f.flag, fc.boolean()])) as Record<EnterpriseFlag, fc.Arbitrary<boolean>>,
  ),
  revenue: fc.option(amount, { nil: null }),
  rdFee: fc.option(amount, { nil: null }),
  rdExp: fc.option(amount, { nil: null }),
  rdFte: fc.option(
    fc.integer({ min: 0, max: 100000 }).map((n) => n / 10),
    { nil: null },
  ),
});

function submissionArb(kind: TemplateKind): fc.Arbitrary<Submission> {
  return fc.record({ fields: fieldsArb(kind), ents: fc.array(enterpriseArb, { maxLength: 25 }) }).map(({ fields, ents }) => {
    const seen = new Set<string>();
    const enterprises: EnterpriseRow[] = [];
    for (const e of ents) {
      const uscc = withUsccCheckChar(e.body);
      if (seen.has(uscc)) continue;
      seen.add(uscc);
      enterprises.push({
        uscc,
        name: e.name,
        township: e.township,
        park: e.park,
        flags: e.flags,
        revenue: e.revenue,
        rdFee: e.rdFee,
        rdExp: e.rdExp,
        rdFte: e.rdFte,
        ref: { file: '', sheet: '', cell: '' },
      });
    }
    const f: Record<string, FieldValue> = {};
    for (const [k, v] of Object.entries(fields)) f[k] = { ...v, refs: {} };
    return {
      file: 'x.xlsx',
      templateId: 'STI-SUBMISSION',
      templateVersion: '1.0',
      unit: {
        code: kind === 'city' ? '1101' : '110101001',
        name: '=HYPERLINK("http://evil","东华门街道")',
        kind,
        parentCode: kind === 'city' ? null : '110101',
      },
      year: 2024,
      period: '2024-01..09',
      fields: f,
      enterprises,
    };
  });
}

describe('round trip: fill a template, write it, read it back', () => {
  for (const kind of TEMPLATE_KINDS) {
    it(`${kind}: what was written is what is read, with refs at the right cells`, async () => {
      await fc.assert(
        fc.asyncProperty(submissionArb(kind), async (sub) => {
          const bytes = await writeSubmission(sub);
          const { submission, findings } = readSubmissionFile(bytes, 'rt.xlsx');
          expect(findings.filter((x) => x.severity !== 'info')).toEqual([]);
          expect(submission).not.toBeNull();
          const got = submission!;
          expect(got.unit).toEqual(sub.unit);
          expect([got.templateId, got.templateVersion, got.year, got.period]).toEqual(['STI-SUBMISSION', '1.0', 2024, '2024-01..09']);
          expect(Object.keys(got.fields).sort()).toEqual(Object.keys(sub.fields).sort());
          const grid = readXlsx(bytes, 'rt.xlsx');
          const cellAt = (ref: { sheet: string; cell: string }) => {
            const p = parseA1(ref.cell)!;
            return grid.sheets.find((s) => s.name === ref.sheet)!.cell(p.row, p.col);
          };
          for (const [code, want] of Object.entries(sub.fields)) {
            const g = got.fields[code];
            expect({ code, current: g.current, previous: g.previous, target: g.target, note: g.note }).toEqual({
              code,
              current: want.current,
              previous: want.previous,
              target: want.target,
              note: want.note,
            });
            // The ref of each value points at the cell that holds it; the row's code is in column A.
            for (const k of ['current', 'previous', 'target'] as const) {
              const ref = g.refs[k]!;
              expect(ref.file).toBe('rt.xlsx');
              expect(ref.sheet).toBe('指标表');
              const c = cellAt(ref);
              // A blank is blank, except the locked '—' of district-only fields' targets.
              if (want[k] !== null) expect(c?.value).toBe(want[k]);
              else expect(['', '—']).toContain(cellText(c));
              expect(cellText(grid.sheets[1].cell(parseA1(ref.cell)!.row, 0))).toBe(code);
            }
            if (want.note !== null) {
              const c = cellAt(g.refs.note!);
              expect(c?.value).toBe(want.note);
              expect(c?.formula).toBeUndefined(); // text stays text, never a formula
            }
          }
          expect(got.enterprises.length).toBe(sub.enterprises.length);
          got.enterprises.forEach((e, i) => {
            const w = sub.enterprises[i];
            const { ref, columns, ...rest } = e;
            const { ref: _r, ...want } = w;
            expect(rest).toEqual(want);
            expect(ref).toEqual({ file: 'rt.xlsx', sheet: '企业名录', cell: `A${4 + i}` });
            expect(cellAt(ref)?.value).toBe(w.uscc);
            expect(cellAt({ sheet: '企业名录', cell: `${columns!.name}${4 + i}` })?.value).toBe(w.name);
            expect(cellAt({ sheet: '企业名录', cell: `${columns!.name}${4 + i}` })?.formula).toBeUndefined();
          });
        }),
        { numRuns: kind === 'township' ? 8 : 3 },
      );
    });
  }

  it('the unit name that looks like a formula stays text in _meta and in the titles', async () => {
    const [sub] = fc.sample(submissionArb('township'), { numRuns: 1, seed: 7 });
    const grid = readXlsx(await writeSubmission(sub), 'f.xlsx');
    for (const s of grid.sheets)
      for (let r = 0; r <= s.maxRow; r++) for (let c = 0; c <= s.maxCol; c++) expect(s.cell(r, c)?.formula).toBeUndefined();
  });
});
