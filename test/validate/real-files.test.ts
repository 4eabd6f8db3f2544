/**
 * What real files do (issue 10 §4): merged notes and signature lines, and counts typed with
 * their own unit. Each workbook is the valid base submission with one such habit, written to
 * .xlsx and read back the way `sti validate` reads it.
 */
import { describe, expect, it } from 'vitest';
import { buildSubmissionModel, INDICATOR_COLUMNS } from '../../src/core/template-schema.js';
import { a1, type WorkbookModel } from '../../src/core/sheet-model.js';
import type { Finding } from '../../src/core/types.js';
import { validateSubmissions } from '../../src/core/admit.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { baseSubmission, entCell, entCol, fieldCell, fieldRow, setEnterprise, setField, sheet } from '../fixtures/submissions.js';

const IND = '指标表';
const ENT = '企业名录';
const LAST_IND_COL = INDICATOR_COLUMNS.length - 1;

async function read(mutate: (m: WorkbookModel) => void, file = 'real.xlsx') {
  const model = buildSubmissionModel(baseSubmission());
  mutate(model);
  const r = readSubmissionFile(await writeXlsx(model), file);
  const findings: Finding[] = validateSubmissions(r.submission ? [r.submission] : [], { fileFindings: r.findings });
  return { submission: r.submission, readFindings: r.findings, findings };
}

const brief = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.code} ${f.sheet ?? ''}!${f.cell ?? ''} ${f.message}`);
const notInfo = (fs: Finding[]) => fs.filter((f) => f.severity !== 'info');

/** A row under the last one of a sheet, after one blank row (where a signature line sits). */
function addLineUnder(m: WorkbookModel, name: string, cells: (string | number | null)[], mergeTo?: number): string {
  const s = sheet(m, name);
  const r = s.rows.length + 1;
  s.rows[r] = cells.map((v) => (v === null ? null : { value: v }));
  if (mergeTo !== undefined) s.merges!.push(`${a1(r, 0)}:${a1(r, mergeTo)}`);
  return a1(r, 0);
}

const SIGNATURE = '单位负责人：张三    填表人：李四    报出日期：2025-01-10';

describe('merged cells that hold only text are not errors', () => {
  it('a 备注/说明 note merged over two rows: no finding, read as the note of its top row', async () => {
    const { submission, findings } = await read((m) => {
      setField(m, 'RD_EXP', 'note', '含新建研发中心投入，两项合并说明');
      sheet(m, IND).merges!.push(`${fieldCell('RD_EXP', 'note')}:${a1(fieldRow('RD_EXP') + 1, LAST_IND_COL)}`);
    });
    expect(brief(findings)).toEqual([]);
    expect(submission!.fields.RD_EXP.note).toBe('含新建研发中心投入，两项合并说明');
    expect(submission!.fields.RD_EXP.current).toBe(1200);
    const next = Object.entries(submission!.fields).find(([, v]) => v.refs.note?.cell === a1(fieldRow('RD_EXP') + 1, LAST_IND_COL));
    expect(next?.[1].note).toBeNull();
  });

  it('a signature line merged across the table under 指标表: no warning or error, at most an info', async () => {
    const { findings } = await read((m) => void addLineUnder(m, IND, [SIGNATURE], LAST_IND_COL));
    expect(brief(notInfo(findings))).toEqual([]);
    expect(findings.filter((f) => f.code === 'MERGED_INPUT')).toEqual([]);
  });

  it('a signature line laid out over separate cells (under the figure columns) is not data either', async () => {
    const { findings } = await read(
      (m) =>
        void addLineUnder(m, IND, ['单位负责人：', '张三', null, '填表人：李四', null, '报出日期：', '2025-01-10', '联系电话：88886666']),
    );
    expect(brief(notInfo(findings))).toEqual([]);
  });

  it('a signature line and a 注： note under the 企业名录 list: no warning or error', async () => {
    const { submission, findings } = await read((m) => {
      addLineUnder(m, ENT, ['注：本表金额单位为万元，人员为人年。']);
      addLineUnder(m, ENT, [SIGNATURE], entCol('rdFte'));
    });
    expect(brief(notInfo(findings))).toEqual([]);
    expect(submission!.enterprises).toHaveLength(3);
  });

  it('所属乡镇 merged down over its firms: no finding, each firm reads the township', async () => {
    const { submission, findings } = await read((m) => {
      setEnterprise(m, 1, 'township', null);
      setEnterprise(m, 2, 'township', null);
      sheet(m, ENT).merges!.push(`${entCell(0, 'township')}:${entCell(2, 'township')}`);
    });
    expect(brief(findings)).toEqual([]);
    expect(submission!.enterprises.map((e) => e.township)).toEqual(['东华门街道', '东华门街道', '东华门街道']);
  });
});

describe('merged cells that lose data are still reported', () => {
  it('a value hidden under a note merged into a column outside the table is named, not dropped', async () => {
    const hidden = a1(fieldRow('RD_EXP'), LAST_IND_COL + 1);
    const { readFindings } = await read((m) => {
      setField(m, 'RD_EXP', 'note', '说明');
      sheet(m, IND).rows[fieldRow('RD_EXP')]![LAST_IND_COL + 1] = { value: '被合并遮住的文字' };
      sheet(m, IND).merges!.push(`${fieldCell('RD_EXP', 'note')}:${hidden}`);
    });
    expect(readFindings.map((f) => `${f.code} ${f.cell}`)).toEqual([`COLUMN_UNKNOWN ${hidden}`]);
  });

  it('本期数 merged over two indicator rows: MERGED_INPUT at the top-left', async () => {
    const current = INDICATOR_COLUMNS.findIndex((c) => c.key === 'current');
    const { readFindings } = await read((m) => {
      const below = sheet(m, IND).rows[fieldRow('IND_REVENUE') + 1]!;
      below[current] = { ...below[current], value: null }; // Excel blanks the cells a merge covers
      sheet(m, IND).merges!.push(`${fieldCell('IND_REVENUE')}:${a1(fieldRow('IND_REVENUE') + 1, current)}`);
    });
    const merged = readFindings.filter((f) => f.code === 'MERGED_INPUT');
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ severity: 'error', sheet: IND, cell: fieldCell('IND_REVENUE') });
  });

  it('an amount merged over two firms in 企业名录: MERGED_INPUT', async () => {
    const { readFindings } = await read((m) => {
      setEnterprise(m, 1, 'revenue', null);
      sheet(m, ENT).merges!.push(`${entCell(0, 'revenue')}:${entCell(1, 'revenue')}`);
    });
    expect(readFindings.filter((f) => f.code === 'MERGED_INPUT').map((f) => f.cell)).toEqual([entCell(0, 'revenue')]);
  });

  it('a figure merged into the 备注 column only is read in its own cell (nothing is lost)', async () => {
    const { submission, findings } = await read((m) => {
      sheet(m, IND).merges!.push(`${fieldCell('HNTE_COUNT', 'target')}:${fieldCell('HNTE_COUNT', 'note')}`);
    });
    expect(brief(findings)).toEqual([]);
    expect(submission!.fields.HNTE_COUNT.target).toBe(2);
  });
});

describe('counts typed with the row’s own unit', () => {
  it.each([
    ['IND_FIRMS', '3家', 3, '家'],
    ['IND_RD_FTE', '30.5人年', 30.5, '人年'],
    ['PLATFORMS_NEW', '2个', 2, '个'],
    ['TALENT_NEW', '3 人', 3, '人'],
  ])('%s typed “%s” reads %d with one TEXT_NUMBER info', async (code, text, value, unit) => {
    const { submission, findings } = await read((m) => setField(m, code, 'current', text));
    expect(brief(findings)).toEqual([expect.stringMatching(new RegExp(`^info TEXT_NUMBER ${IND}!${fieldCell(code)} .*${unit}`))]);
    expect(submission!.fields[code].current).toBe(value);
  });

  it.each([
    ['IND_FIRMS', '3人', '家'],
    ['RD_EXP', '5家', '万元'],
    ['IND_RD_FTE', '30.5人', '人年'],
    ['PLATFORMS_NEW', '2元', '个'],
  ])('%s typed “%s” (another unit) is UNPARSABLE naming %s', async (code, text, unit) => {
    const { readFindings, submission } = await read((m) => setField(m, code, 'current', text));
    const f = readFindings.filter((x) => x.code === 'UNPARSABLE');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', sheet: IND, cell: fieldCell(code), value: text, expected: `数值（${unit}）` });
    expect(f[0].message).toContain(`“${unit}”`);
    expect(submission!.fields[code].current).toBeNull();
  });

  it('企业名录 研发人员全时当量 typed “20.5人年” reads 20.5; “20.5家” is UNPARSABLE naming 人年', async () => {
    const ok = await read((m) => setEnterprise(m, 0, 'rdFte', '20.5人年'));
    expect(brief(ok.findings)).toEqual([expect.stringMatching(new RegExp(`^info TEXT_NUMBER ${ENT}!${entCell(0, 'rdFte')} `))]);
    expect(ok.submission!.enterprises[0].rdFte).toBe(20.5);
    const bad = await read((m) => setEnterprise(m, 0, 'rdFte', '20.5家'));
    const f = bad.readFindings.filter((x) => x.code === 'UNPARSABLE');
    expect(f.map((x) => x.cell)).toEqual([entCell(0, 'rdFte')]);
    expect(f[0].message).toContain('“人年”');
  });

  it('amounts keep their money units: “1200.0万元” and “0.1亿元” read in 万元', async () => {
    const { submission, findings } = await read((m) => {
      setField(m, 'RD_EXP', 'current', '1200.0万元');
      setField(m, 'RD_EXP', 'previous', '0.1亿元');
    });
    expect(submission!.fields.RD_EXP.current).toBe(1200);
    expect(submission!.fields.RD_EXP.previous).toBe(1000);
    expect(findings.map((f) => f.code)).toEqual(['TEXT_NUMBER', 'TEXT_NUMBER']);
  });
});
