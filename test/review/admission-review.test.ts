/**
 * Review of the admission decision and the completeness it carries (README "Which files and
 * figures count: one admission decision", "Statistical rules in short"; product.md §5;
 * indicators.md §1). Each test is a confirmed bug: it fails on the code under review and says
 * what is expected and why.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPeriodOption } from '../../src/cli/admission.js';
import type { CliIO } from '../../src/cli/io.js';
import { readRankInputs } from '../../src/cli/commands/rank.js';
import { admit, readsOf } from '../../src/core/admit.js';
import { buildDemoData } from '../../src/core/demo.js';
import { rankingRowsFromRollup } from '../../src/core/ranking.js';
import { rollupAdmission, rollupAll } from '../../src/core/rollup.js';
import type { EnterpriseRow } from '../../src/core/types.js';
import { readRollupWorkbook, writeRollupWorkbook } from '../../src/io/rollup-xlsx.js';
import { writeSubmission } from '../../src/io/template.js';
import { firm, fv, register, sub, unit } from '../rollup/fixtures.js';

const C = unit('C1', '测试市', 'city', null);
const D1 = unit('D1', '甲区', 'district', 'C1');
const D2 = unit('D2', '乙区', 'district', 'C1');
const T1 = unit('T1', '城关镇', 'township', 'D1');
const T2 = unit('T2', '新民镇', 'township', 'D1');
const T3 = unit('T3', '东镇', 'township', 'D2');
const reg = register([C, D1, D2, T1, T2, T3]);

/** The same firm with a wrong check character: a USCC_INVALID row (a figure-level error on that 企业名录 row). */
function badUscc(e: EnterpriseRow): EnterpriseRow {
  const last = e.uscc[17] === '0' ? '1' : '0';
  return { ...e, uscc: e.uscc.slice(0, 17) + last };
}

describe('review: completeness of city totals', () => {
  it('a district whose own file is left out for a file-level error is 已报送但未纳入 in the city total, not 未报送', () => {
    // README: "Unit status, everywhere: 已纳入, 已报送但未纳入（reason）, 未报送" and "each total … names the
    // units it lacks and why". 乙区 sent its file (wrong parent code: a file-level error), so the city
    // total lacks it because it was left out, not because it never reported. The admission itself
    // knows (statusOf D2 = left-out); rollup.ts districtStatus() ignores the district's own file and
    // only looks at its townships' rows, so the city says 未报送.
    const d1 = sub(D1, { RD_EXP: fv(100, null, null, 'x.xlsx', 5), GDP: fv(1000, null, null, 'x.xlsx', 6) });
    const d2 = sub(D2, { RD_EXP: fv(50, null, null, 'x.xlsx', 5), GDP: fv(1000, null, null, 'x.xlsx', 6) });
    d2.unit = { ...d2.unit, parentCode: 'C9' }; // UNIT_PARENT_MISMATCH: blocks the file
    const out = rollupAll(reg, [d1, d2]);
    expect(out.admission.statusOf.get('D2')?.status).toBe('left-out');
    const row = out.city.rows.find((r) => r.unit.code === 'D2')!;
    expect(row.status).toBe('left-out');
    const m = out.city.total.fields.RD_EXP.missing?.find((x) => x.unitCode === 'D2');
    expect(m?.reason).toContain('已报送但未纳入');
    expect(m?.reason).toContain('上级单位与名录不一致');
  });

  it('区报数: a district figure left out by an error is named in the city total, and no growth is computed across different units', () => {
    // 甲区 has only its own file (two tiers: the city uses 区报数). Its R&D 本期数 is negative, a
    // figure-level error, so admission leaves that figure out (its 上年同期数 80 still counts).
    // README: "each total and indicator names the units it lacks and why". Expected: the city's
    // RD_EXP total (= 乙区's 50 only) lists 甲区 in `missing`, and so does RD_GROWTH. Actual: the
    // self-reported branch of rollup.ts totalRow() copies the district's own figures with no
    // `missing`, so the city total looks complete and RD_GROWTH = 50 / (80 + 40) − 1 = −58 % is an
    // unmarked wrong number (this year's 乙区 against last year's 甲区 + 乙区).
    const d1 = sub(D1, { RD_EXP: fv(-100, 80, null, 'x.xlsx', 5), GDP: fv(1000, 900, null, 'x.xlsx', 6) });
    const d2 = sub(D2, { RD_EXP: fv(50, 40, null, 'x.xlsx', 5), GDP: fv(1000, 900, null, 'x.xlsx', 6) });
    const out = rollupAll(reg, [d1, d2]);
    expect(out.admission.usedFileOf.get('D1')?.marks.map((m) => [m.field, m.role, m.kind])).toEqual([['RD_EXP', 'current', 'left-out']]);
    const cityRd = out.city.total.fields.RD_EXP;
    expect(cityRd.current).toBe(50);
    expect(cityRd.missing?.map((m) => m.unitCode)).toEqual(['D1']);
    const growth = out.city.total.indicators.RD_GROWTH;
    expect(growth.value === null || (growth.missing ?? []).some((m) => m.unitCode === 'D1')).toBe(true);
  });
});

describe('review: 企业名录 rows left out', () => {
  it('the only 企业名录 row of a township left out (bad USCC): that firm is not counted through the entered figure', () => {
    // README: "a bad 统一社会信用代码 row leaves that 企业名录 row out; the unit's other figures count".
    // 城关镇 lists one high-tech firm, with a wrong check character, and enters 高企数 1; 新民镇 lists
    // another. Expected: the district counts 1 (新民镇's firm) and names 城关镇 as missing that row.
    // Actual: admit.ts withoutLeftOut() removes the row, the township's list becomes empty, and
    // rollup.ts unitFields() then treats it as a township "without a list" and adds its entered 1,
    // so the left-out firm is counted after all (total 2) while `missing` says it was not. With two
    // rows (one bad) the same township counts 1, not 2: the result jumps with the list's length.
    const t1 = sub(T1, { HNTE_COUNT: fv(1, null, null, 'x.xlsx', 6) }, [badUscc(firm(1, ['HNTE'], 'T1.xlsx', 4))]);
    const t2 = sub(T2, { HNTE_COUNT: fv(1, null, null, 'x.xlsx', 6) }, [firm(2, ['HNTE'], 'T2.xlsx', 4)]);
    const out = rollupAll(reg, [t1, t2]);
    expect(out.admission.findings.some((f) => f.code === 'USCC_INVALID' && f.file === 'T1.xlsx')).toBe(true);
    const total = out.districts.find((d) => d.unit.code === 'D1')!.total.fields.HNTE_COUNT;
    expect(total.missing?.map((m) => m.unitCode)).toEqual(['T1']);
    expect(total.current).toBe(1);
  });

  it('a left-out 企业名录 row marks only the counts that row feeds, not every enterprise count', () => {
    // product.md §5 / README: "each total and indicator names the units it lacks and why". The bad
    // row is a high-tech enterprise only (not industrial, not a tech SME): 高企数 lacks it, but 规上
    // 工业企业数 and 科技型中小企业数 are complete. Actual: rollup.ts childRow() pushes a left-out
    // mark onto every fromEnterprises field, so IND_FIRMS, TSME_COUNT … and every ratio over them
    // (RD_ACTIVE_FIRM_SHARE, a default ranked indicator) are reported incomplete and `sti rank`
    // marks them ※ and exits 1.
    const t1 = sub(
      T1,
      { HNTE_COUNT: fv(2, null, null, 'x.xlsx', 6), IND_FIRMS: fv(1, null, null, 'x.xlsx', 7), TSME_COUNT: fv(1, null, null, 'x.xlsx', 8) },
      [firm(3, ['IND', 'TSME'], 'T1.xlsx', 4), badUscc(firm(1, ['HNTE'], 'T1.xlsx', 5)), firm(4, ['HNTE'], 'T1.xlsx', 6)],
    );
    const t2 = sub(T2, {
      HNTE_COUNT: fv(0, null, null, 'x.xlsx', 6),
      IND_FIRMS: fv(0, null, null, 'x.xlsx', 7),
      TSME_COUNT: fv(0, null, null, 'x.xlsx', 8),
    });
    const out = rollupAll(reg, [t1, t2]);
    const d = out.districts.find((x) => x.unit.code === 'D1')!;
    expect(d.total.fields.HNTE_COUNT.missing?.map((m) => m.unitCode)).toEqual(['T1']);
    expect(d.total.fields.IND_FIRMS.missing).toBeUndefined();
    expect(d.total.fields.TSME_COUNT.missing).toBeUndefined();
  });
});

describe('review: --allow-errors', () => {
  it('an enterprise row kept despite its error is marked on the counts it feeds', () => {
    // README: "`--allow-errors` keeps figures despite figure-level errors (marked in their cells)".
    // A 指标表 figure kept this way gets a 'kept-despite-error' mark; a 企业名录 row with a bad USCC is
    // kept and counted too, but admit.ts (the `if (!allowErrors)` around listRowsLeftOut) records
    // nothing, so the township's 高企数 — which now includes a firm with an invalid code — has no
    // mark at all and the workbook shows it as a clean figure.
    const t1 = sub(T1, { HNTE_COUNT: fv(2, null, null, 'x.xlsx', 6) }, [
      badUscc(firm(1, ['HNTE'], 'T1.xlsx', 4)),
      firm(3, ['HNTE'], 'T1.xlsx', 5),
    ]);
    const t2 = sub(T2, { HNTE_COUNT: fv(1, null, null, 'x.xlsx', 6) }, [firm(2, ['HNTE'], 'T2.xlsx', 4)]);
    const out = rollupAdmission(admit(readsOf([t1, t2]), { register: reg, allowErrors: true }));
    const d = out.districts.find((x) => x.unit.code === 'D1')!;
    expect(d.total.fields.HNTE_COUNT.current).toBe(3); // kept
    const row = d.rows.find((r) => r.unit.code === 'T1')!;
    expect((row.fields.HNTE_COUNT.marks ?? []).some((m) => m.kind === 'kept-despite-error')).toBe(true);
  });
});

describe('review: the period', () => {
  it('--period 2024-1..9 (accepted by the CLI) is the same period as the templates’ 2024-01..09', () => {
    // checkPeriodOption accepts one- or two-digit months (its own regex \d{1,2}) and passes the text
    // through; admit.ts compares period strings, so every 2024-01..09 file is PERIOD_MISMATCH and
    // left out. Expected: the same months are the same period (parsePeriod/formatPeriod normalise).
    const t1 = sub(T1, { RD_EXP: fv(5, null, null, 'x.xlsx', 5) }, [], '2024-01..09');
    const t2 = sub(T2, { RD_EXP: fv(6, null, null, 'x.xlsx', 5) }, [], '2024-01..09');
    const a = admit(readsOf([t1, t2]), { register: reg, period: checkPeriodOption('2024-1..9') });
    expect(a.findings.filter((f) => f.code === 'PERIOD_MISMATCH')).toEqual([]);
    expect(a.files.map((f) => f.verdict)).toEqual(['used', 'used']);
  });
});

describe('review: order independence', () => {
  it('shuffling the input files changes nothing in rollupAll’s result', () => {
    // The rollup's results do not depend on input order (commit 73e787f), but admission.files — which
    // `sti rollup --json` prints as `verdicts` and the pane lists — keeps the order files were given in
    // (admit.ts step 6 iterates `reads`). Expected: one order (by file name), like every other list.
    const mk = () => [
      sub(T1, { RD_EXP: fv(5, 4, null, 'x.xlsx', 5) }),
      sub(T2, { RD_EXP: fv(6, 3, null, 'x.xlsx', 5) }),
      sub(T3, { RD_EXP: fv(7, 2, null, 'x.xlsx', 5) }),
    ];
    const a = rollupAll(reg, mk());
    const b = rollupAll(reg, mk().reverse());
    // The short diff first (the verdicts' order), then the whole result.
    expect(b.admission.files.map((f) => f.file)).toEqual(a.admission.files.map((f) => f.file));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe('review: ranked values resting on incomplete totals', () => {
  // A township's 上年同期数 left out: the district's RD_EXP 本期数 is complete, its growth is not.
  const t1 = sub(T1, { RD_EXP: fv(100, -80, null, 'x.xlsx', 5) });
  const t2 = sub(T2, { RD_EXP: fv(10, 8, null, 'x.xlsx', 5) });
  const t3 = sub(T3, { RD_EXP: fv(10, 8, null, 'x.xlsx', 5) });

  it('rankingRowsFromRollup: a total lacking only a 上年同期数 does not mark the ranked 本期数', () => {
    // README: "`sti rank` marks a value resting on an incomplete total with ※". The ranked value of
    // RD_EXP is the 本期数 (Σ of all townships, complete); only RD_GROWTH rests on the incomplete
    // 上年同期数. ranking.ts rankingRowsFromRollup() marks a field whenever `missing` is non-empty,
    // ignoring MissingPart.roles (the same in rank.ts incompleteCodes() for district files).
    const out = rollupAll(reg, [t1, t2, t3]);
    expect(out.districts[0].total.fields.RD_EXP.missing?.[0].roles).toEqual(['previous']);
    const row = rankingRowsFromRollup(out.city).find((r) => r.unitCode === 'D1')!;
    expect(row.incomplete?.RD_GROWTH).toBeDefined();
    expect(row.incomplete?.RD_EXP).toBeUndefined();
  });

  it('readRollupGrid: 报送情况 read back marks RD_EXP of 甲区 only where its 本期数 is incomplete', async () => {
    // Same case through the workbook `sti rank` reads: 报送情况's second table has no column for the
    // roles, so readRollupGrid marks 甲区's RD_EXP 本期数 as resting on an incomplete total.
    const out = rollupAll(reg, [t1, t2, t3]);
    const bytes = await writeRollupWorkbook([...out.districts, out.city], { admission: out.admission });
    const read = readRollupWorkbook(bytes, 'rollup.xlsx');
    const d1 = read.districts.find((d) => d.unitCode === 'D1')!;
    expect(d1.values.RD_EXP).toBe(110);
    expect(d1.incomplete?.RD_GROWTH).toBeDefined();
    expect(d1.incomplete?.RD_EXP).toBeUndefined();
  });

  describe('sti rank on district files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sti-review-rank-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const io: CliIO = { out: () => {}, err: () => {}, isTTY: false, cwd: dir };

    it('a 企业名录 row left out of a district file marks the count that rests on it', async () => {
      // rank.ts readRankInputs() turns admission marks into `missing`, but not the verdict's
      // listRowsLeftOut: the district's 高企数 is counted from its list without the bad row (1 instead
      // of 2) and HNTE_COUNT / HNTE_PER_1000_FIRMS (a default ranked indicator) are ranked unmarked.
      const demo = buildDemoData();
      const [d, ...others] = demo.submissions.filter((s) => s.unit.kind === 'district').slice(0, 3);
      const bad = structuredClone(d);
      bad.enterprises = [firm(1, ['HNTE'], 'd.xlsx', 4), badUscc(firm(2, ['HNTE'], 'd.xlsx', 5))];
      bad.fields.HNTE_COUNT = { ...bad.fields.HNTE_COUNT, current: 2 };
      bad.fields.HNTE_NEW = { ...bad.fields.HNTE_NEW, current: 0 };
      writeFileSync(join(dir, 'd.xlsx'), await writeSubmission(bad));
      for (const [i, s] of others.entries()) writeFileSync(join(dir, `r${i}.xlsx`), await writeSubmission(s));
      const inputs = readRankInputs(
        ['d.xlsx', 'r0.xlsx', 'r1.xlsx'].map((name) => ({ path: join(dir, name), name })),
        io,
      );
      expect(inputs.findings.some((f) => f.code === 'USCC_INVALID' && f.file === 'd.xlsx')).toBe(true);
      const row = inputs.rows.find((r) => r.unitCode === d.unit.code)!;
      expect(row.values.HNTE_COUNT).toBe(1);
      expect(row.incomplete?.HNTE_COUNT).toBeDefined();
      expect(row.incomplete?.HNTE_PER_1000_FIRMS).toBeDefined();
    });
  });
});
