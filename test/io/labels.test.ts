import { describe, expect, it } from 'vitest';
import { buildSubmissionModel } from '../../src/core/template-schema.js';
import { parseA1, type WorkbookModel } from '../../src/core/sheet-model.js';
import { readSubmission } from '../../src/core/read-submission.js';
import { sheetGridFromValues } from '../../src/core/grid.js';
import { validateSubmissions } from '../../src/core/admit.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { readXlsx } from '../../src/io/xlsx/read.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { baseSubmission, fieldRow, indCol, sheet } from '../fixtures/submissions.js';

async function read(mutate: (m: WorkbookModel) => void) {
  const model = buildSubmissionModel(baseSubmission());
  mutate(model);
  const bytes = await writeXlsx(model);
  const r = readSubmissionFile(bytes, 'moved.xlsx');
  return { ...r, grid: readXlsx(bytes, 'moved.xlsx') };
}

/** Every value read equals the base submission's, and each ref's cell holds that value. */
function expectSameValues(r: Awaited<ReturnType<typeof read>>) {
  const base = baseSubmission();
  const sub = r.submission!;
  expect(sub).not.toBeNull();
  for (const [code, want] of Object.entries(base.fields)) {
    const got = sub.fields[code];
    expect([code, got.current, got.previous, got.target, got.note]).toEqual([code, want.current, want.previous, want.target, want.note]);
    const s = r.grid.sheets.find((x) => x.name === got.refs.current!.sheet)!;
    const p = parseA1(got.refs.current!.cell)!;
    expect(s.cell(p.row, p.col)?.value).toBe(want.current);
  }
  expect(sub.enterprises.map((e) => [e.uscc, e.name, e.revenue, e.flags])).toEqual(
    base.enterprises.map((e) => [e.uscc, e.name, e.revenue, e.flags]),
  );
  expect(validateSubmissions([sub], { fileFindings: r.findings })).toEqual([]);
}

describe('reading by labels, not addresses', () => {
  it('rows inserted above the header and between field rows', async () => {
    const r = await read((m) => {
      const s = sheet(m, '指标表');
      s.rows.splice(0, 0, [{ value: '（内部编号：2024-017）' }], []);
      s.merges = s.merges!.map((x) => x.replace(/(\d+)/g, (d) => String(Number(d) + 2)));
      s.rows.splice(fieldRow('HNTE_COUNT') + 2, 0, [], [null, { value: '以下为企业数' }]);
    });
    // the stray text row (no code, no input) is reported as info, nothing else
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([['UNKNOWN_ROW_EMPTY', 'info']]);
    expectSameValues({ ...r, findings: [] });
    expect(r.submission!.fields.RD_EXP.refs.current!.cell).toBe('D6');
    expect(r.submission!.fields.FIRMS_TOTAL.refs.current!.cell).toBe(`D${fieldRow('FIRMS_TOTAL') + 1 + 4}`);
  });

  it('field rows in reverse order', async () => {
    const r = await read((m) => {
      const s = sheet(m, '指标表');
      const body = s.rows.splice(3);
      s.rows.push(...body.reverse());
    });
    expectSameValues(r);
    expect(r.submission!.fields.RD_EXP.refs.current!.cell).toBe(`D${3 + 22}`);
  });

  it('columns re-ordered, a column inserted, headers with spaces, full-width letters and units', async () => {
    const r = await read((m) => {
      const s = sheet(m, '指标表');
      const order = [
        indCol('name'),
        indCol('code'),
        indCol('unit'),
        -1,
        indCol('previous'),
        indCol('current'),
        indCol('note'),
        indCol('target'),
      ];
      s.rows = s.rows.map((row, i) => {
        if (!row || i < 2) return row;
        return order.map((c) => (c < 0 ? (i === 2 ? { value: '填报人' } : null) : (row[c] ?? null)));
      });
      const h = s.rows[2]!;
      h[1] = { value: '指标 代码' };
      h[4] = { value: '上年同期数（万元）' };
      h[5] = { value: '本　期　数' };
      // codes in full-width and lower case
      s.rows[fieldRow('RD_EXP')]![1] = { value: 'ｒｄ＿ｅｘｐ' };
    });
    expectSameValues(r);
    expect(r.submission!.fields.RD_EXP.refs).toMatchObject({
      current: { cell: 'F4' },
      previous: { cell: 'E4' },
      target: { cell: 'H4' },
      note: { cell: 'G4' },
    });
  });

  it('enterprise columns re-ordered, with extra blank rows', async () => {
    const r = await read((m) => {
      const s = sheet(m, '企业名录');
      s.rows = s.rows.map((row) => (row ? [...row].reverse() : row));
      s.rows.splice(4, 0, [], []);
    });
    expectSameValues(r);
    expect(r.submission!.enterprises[1].ref.cell).toBe('N7');
  });

  it('grids from the Excel adapter (values arrays with an origin) read the same way', () => {
    const base = baseSubmission();
    const values = [
      ['指标代码', '指标名称', '计量单位', '本期数', '上年同期数', '全年目标', '备注/说明'],
      ['RD_EXP', 'R&D经费内部支出', '万元', 1200, 1000, '', ''],
      ['IND_FIRMS', '规模以上工业企业数', '家', '3', '', '', '已核实'],
    ];
    const ind = sheetGridFromValues('指标表', values, { origin: { row: 4, col: 1 } });
    const meta = sheetGridFromValues('_meta', [
      ['template_id', 'STI-SUBMISSION'],
      ['template_version', '1.0'],
      ['unit_code', base.unit.code],
      ['unit_kind', 'township'],
      ['year', 2024],
      ['period', '2024'],
    ]);
    const ent = sheetGridFromValues('企业名录', [['统一社会信用代码', '企业名称']]);
    const guide = sheetGridFromValues('填报说明', [['说明']]);
    const r = readSubmission({ fileName: '当前工作簿', sheets: [guide, ind, ent, meta] });
    expect(r.submission!.fields.RD_EXP).toMatchObject({ current: 1200, previous: 1000, refs: { current: { cell: 'E6' } } });
    expect(r.submission!.fields.IND_FIRMS.current).toBe(3);
    expect(r.findings.map((f) => f.code)).toContain('TEXT_NUMBER');
    expect(r.findings.map((f) => f.code)).toContain('FIELD_ROW_MISSING');
  });

  it('a workbook that is not a template yields no submission and one clear finding', () => {
    const r = readSubmission({ fileName: 'x.xlsx', sheets: [sheetGridFromValues('Sheet1', [['随便', '写写']])] });
    expect(r.submission).toBeNull();
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].code).toBe('SHEET_NOT_A_TEMPLATE');
  });
});
