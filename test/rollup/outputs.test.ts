/** The rollup workbook as written: formulas over the partition rows only, text stays text, read-back for sti rank. */
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoData } from '../../src/core/demo.js';
import { sti } from '../robustness/cli-run.js';
import {
  buildRollupSheets,
  buildRollupWorkbook,
  ENTERPRISE_LAYOUT,
  enterpriseParts,
  isBulkRollupSheet,
  ROLLUP_LAYOUT,
  ROW_TYPE_ZH,
  spanOnParts,
} from '../../src/core/outputs-rollup.js';
import { rollupDistrict, rollupAll } from '../../src/core/rollup.js';
import { a1, parseA1 } from '../../src/core/sheet-model.js';
import { readRollupWorkbook, writeRollupWorkbook } from '../../src/io/rollup-xlsx.js';
import { readXlsx } from '../../src/io/xlsx/read.js';
import { firm, fv, register, sub, unit } from './fixtures.js';

const D = unit('D1', '测试区', 'district', 'C1');
const T1 = unit('T1', '城关镇', 'township', 'D1');
const T2 = unit('T2', '=HYPERLINK("http://x","点我")', 'township', 'D1');
const PP = unit('PP', '开发区（统计区）', 'park', 'D1', true);
const P1 = unit('P1', '高新园', 'park', 'D1');
const reg = register([unit('C1', '测试市', 'city', null), D, T1, T2, PP, P1]);
const subs = [
  sub(T1, { RD_EXP: fv(100, 80, 120), IND_REVENUE: fv(1000), IND_RD_FEE: fv(20) }, [
    firm(1, ['IND', 'RD_ACTIVE'], 'T1.xlsx', 4),
    firm(2, ['IND'], 'T1.xlsx', 5),
  ]),
  sub(T2, { RD_EXP: fv(50, 40), IND_REVENUE: fv(500), IND_RD_FEE: fv(5), IND_FIRMS: fv(3) }),
  sub(PP, { RD_EXP: fv(30, 30), IND_REVENUE: fv(300), IND_RD_FEE: fv(3) }, [firm(3, ['IND'], 'PP.xlsx', 4)]),
  sub(P1, { RD_EXP: fv(999), IND_REVENUE: fv(9999), IND_RD_FEE: fv(999) }, [
    firm(2, ['IND'], 'P1.xlsx', 4),
    firm(4, ['IND', 'RD_ACTIVE'], 'P1.xlsx', 5),
  ]),
  sub(D, { GDP: fv(9000, 8000), RD_EXP: fv(null, null, 200) }),
];

describe('rollup workbook model', () => {
  const result = rollupDistrict(reg, 'D1', subs);
  const model = buildRollupWorkbook([result]);
  const sheet = model.sheets.find((s) => s.name === '汇总表')!;
  const L = ROLLUP_LAYOUT;
  const codes = sheet.rows[L.codeRow]!.map((c) => c?.value);
  const col = (code: string) => codes.indexOf(code);
  const rowOf = (unitCode: string, type?: string) =>
    sheet.rows.findIndex((r, i) => i >= L.firstDataRow && r?.[0]?.value === unitCode && (!type || r?.[2]?.value === type));
  const total = rowOf('D1', ROW_TYPE_ZH.districtTotal);

  it('orders townships, partition parks, 其中 parks, then the total', () => {
    const names = sheet.rows.slice(L.firstDataRow).map((r) => r?.[1]?.value);
    expect(names).toEqual(['城关镇', '=HYPERLINK("http://x","点我")', '开发区（统计区）', '其中：高新园', '测试区合计']);
  });

  it('SUM covers the partition rows only, never the 其中 park; cached value = engine value', () => {
    const c = sheet.rows[total]![col('RD_EXP')]!;
    const first = a1(L.firstDataRow, col('RD_EXP'));
    const last = a1(L.firstDataRow + 2, col('RD_EXP'));
    expect(c.formula).toBe(`SUM(${first}:${last})`);
    expect(c.value).toBe(180);
    expect(result.total.fields.RD_EXP.current).toBe(180);
    expect(sheet.rows[total]![col('RD_EXP:上年')]!.formula).toMatch(/^SUM\(/);
    // The district's own target is an input value, not a sum.
    expect(sheet.rows[total]![col('RD_EXP:目标')]).toMatchObject({ value: 200 });
    expect(sheet.rows[total]![col('RD_EXP:目标')]!.formula).toBeUndefined();
  });

  it('distinct counts are COUNTIFS over the de-duplicated 企业名录 (partition lists) plus units without a list; the engine agrees', () => {
    const c = sheet.rows[total]![col('IND_FIRMS')]!;
    // Firms 1,2 (T1), 3 (PP) → 3 distinct; the memo park's 2 (again) and 4 (only the park) do not raise it; + T2's entered 3.
    expect(c.value).toBe(6);
    expect(result.total.fields.IND_FIRMS.current).toBe(6);
    expect(c.formula).toMatch(/^COUNTIFS\('企业名录'!\$L\$4:\$L\$6,"D1",'企业名录'!\$E\$4:\$E\$6,"是"\)\+[A-Z]+7$/);
    const rd = sheet.rows[total]![col('IND_FIRMS_RD')]!;
    expect(rd.formula).toContain('"是"');
    const ents = model.sheets.find((s) => s.name === '企业名录')!;
    expect(ents.rows.slice(3).length).toBe(3);
    // An independent COUNTIFS over the 企业名录 rows written: district D1, 规上工业 = 是.
    const counted = ents.rows.slice(3).filter((r) => r?.[11]?.value === 'D1' && r?.[4]?.value === '是').length;
    expect(counted + 3).toBe(c.value);
  });

  it('ratios are formulas over the row’s own numerator and denominator cells', () => {
    const r = sheet.rows[total]![col('IND_RD_FEE_RATIO')]!;
    const n = a1(total, col('IND_RD_FEE'));
    const d = a1(total, col('IND_REVENUE'));
    expect(r.formula).toBe(`IF(OR(${n}="",${d}="",${d}<=0),"",${n}/${d}*100)`);
    expect(r.value).toBeCloseTo((28 / 1800) * 100, 12);
    const intensity = sheet.rows[total]![col('RD_INTENSITY')]!;
    expect(intensity.formula).toContain(a1(total, col('GDP')));
    // Townships have no district-only indicator at all.
    expect(sheet.rows[rowOf('T1')]![col('RD_INTENSITY')]!.formula).toBeUndefined();
    const completion = sheet.rows[total]![col('RD_COMPLETION')]!;
    expect(completion.value).toBeCloseTo(90, 12);
  });

  it('every formula refers to cells that exist on the sheet', () => {
    for (const r of sheet.rows) {
      for (const c of r ?? []) {
        if (!c?.formula || c.formula.includes('企业名录')) continue;
        for (const ref of c.formula.match(/\$?[A-Z]{1,3}\$?\d+/g) ?? []) {
          const p = parseA1(ref)!;
          expect(p.row).toBeGreaterThanOrEqual(L.firstDataRow);
          expect(p.row).toBeLessThanOrEqual(total);
        }
      }
    }
  });

  it('text from submissions is written as text, never as a formula', async () => {
    const bytes = await writeRollupWorkbook([result]);
    const files = unzipSync(bytes);
    const xml = Object.entries(files)
      .filter(([n]) => n.startsWith('xl/worksheets/sheet'))
      .map(([, b]) => strFromU8(b))
      .join('');
    expect(xml).not.toMatch(/<f>[^<]*HYPERLINK/);
    const grid = readXlsx(bytes, 'r.xlsx');
    const s = grid.sheets.find((x) => x.name === '汇总表')!;
    expect(s.cell(L.firstDataRow + 1, 1)).toMatchObject({ value: '=HYPERLINK("http://x","点我")' });
    expect(s.cell(L.firstDataRow + 1, 1)?.formula).toBeUndefined();
  });

  it('has 来源 and 说明 sheets; 来源 names each submission cell behind a total', () => {
    const src = model.sheets.find((s) => s.name === '来源')!;
    const flat = src.rows.map((r) => (r ?? []).map((c) => c?.value ?? ''));
    // Part one: RD_EXP of 测试区 is the sum of 3 partition units (the memo park is not among them).
    const how = flat.find((r) => r[0] === '测试区' && r[1] === 'RD_EXP')!;
    expect(how.slice(3, 6)).toEqual(['各乡镇（街道）相加', 180, 3]);
    // Part two: T1's row names its file and the cells of 本期数｜上年同期数｜全年目标 for RD_EXP.
    const header = flat.find((r) => r[1] === '单位代码')!;
    const t1 = flat.find((r) => r[1] === 'T1' && r[3] === 'T1.xlsx')!;
    expect(t1[header.indexOf('RD_EXP')]).toBe('D4｜E4｜F4');
    expect(t1[4]).toBe('指标表');
    const own = flat.find((r) => r[1] === 'D1')!;
    expect(own[header.indexOf('GDP')]).toBe('D4｜E4');
    const notes = model.sheets.find((s) => s.name === '说明')!;
    expect(notes.rows.some((r) => String(r?.[0]?.value ?? '').includes('园区为“其中”项'))).toBe(true);
  });
});

describe('rollup workbook read back (input of sti rank)', () => {
  it('reads each district row with its coded values, from a city workbook', async () => {
    const C2 = unit('C1', '测试市', 'city', null);
    const D2 = unit('D2', '第二区', 'district', 'C1');
    const T3 = unit('T3', '东镇', 'township', 'D2');
    const reg2 = register([C2, D, T1, D2, T3]);
    const { districts, city } = rollupAll(reg2, [
      sub(T1, { RD_EXP: fv(100) }),
      sub(T3, { RD_EXP: fv(30) }),
      sub(D, { GDP: fv(1000) }),
      sub(D2, { GDP: fv(3000) }),
    ]);
    const bytes = await writeRollupWorkbook([city, ...districts]);
    const read = readRollupWorkbook(bytes, 'c.xlsx');
    const byCode = new Map(read.districts.map((d) => [`${d.sheet}|${d.unitCode}`, d]));
    expect(byCode.get('汇总-测试市|D1')?.values.RD_INTENSITY).toBeCloseTo(10, 12);
    expect(byCode.get('汇总-测试市|D2')?.values.RD_INTENSITY).toBeCloseTo(1, 12);
    expect(byCode.get('汇总-测试市|D1')?.values.RD_EXP).toBe(100);
    // Each district once, although its own sheet repeats its total.
    expect(read.districts.map((d) => d.unitCode)).toEqual(['D1', 'D2']);
    expect(read.period).toBe('2024');
  });
});

describe('sheet names', () => {
  it('two districts with one name get distinct 汇总 sheets', () => {
    const A = unit('A1', '新区', 'district', 'C1');
    const B = unit('B1', '新区', 'district', 'C1');
    const reg2 = register([
      unit('C1', '测试市', 'city', null),
      A,
      B,
      unit('TA', '甲镇', 'township', 'A1'),
      unit('TB', '乙镇', 'township', 'B1'),
    ]);
    const { districts, city } = rollupAll(reg2, [
      sub(unit('TA', '甲镇', 'township', 'A1'), { RD_EXP: fv(1) }),
      sub(unit('TB', '乙镇', 'township', 'B1'), { RD_EXP: fv(2) }),
    ]);
    const names = buildRollupWorkbook([city, ...districts]).sheets.map((s) => s.name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names).toEqual(['汇总-测试市', '汇总-新区', '汇总-新区_B1', '报送情况', '企业名录', '来源', '说明']);
  });
});

describe('standalone district sheets (task pane)', () => {
  it('come with the 企业名录 their COUNTIFS read', () => {
    const result = rollupDistrict(reg, 'D1', subs);
    const sheets = buildRollupSheets(result, { many: true });
    expect(sheets.map((s) => s.name)).toEqual(['汇总-测试区', '企业-测试区']);
    const formulas = sheets[0].rows.flatMap((r) => (r ?? []).map((c) => c?.formula ?? '')).filter((f) => f.startsWith('COUNTIFS('));
    expect(formulas.length).toBeGreaterThan(0);
    expect(formulas.every((f) => f.includes("'企业-测试区'!$L$4:$L$6"))).toBe(true);
    expect(sheets[1].rows.length).toBe(3 + result.enterprises.length);
  });
});

describe('企业名录 longer than one sheet (Excel stops at row 1,048,576)', () => {
  it('enterpriseParts: the first sheet keeps the name, the rest are numbered, every row in exactly one part', () => {
    expect(enterpriseParts('企业名录', 0, 2)).toEqual([{ sheet: '企业名录', count: 0 }]);
    expect(enterpriseParts('企业名录', 4, 2)).toEqual([
      { sheet: '企业名录', count: 2 },
      { sheet: '企业名录(2)', count: 2 },
    ]);
    expect(enterpriseParts('企业名录', 5, 2).map((p) => p.count)).toEqual([2, 2, 1]);
    const long = enterpriseParts('企'.repeat(31), 3, 1);
    expect(long.map((p) => p.sheet.length)).toEqual([31, 31, 31]);
    expect(long[2].sheet.endsWith('(3)')).toBe(true);
    // The default fills a sheet to Excel's last row: header rows + data rows = 1,048,576.
    const [first, second] = enterpriseParts('企业名录', 1_048_574);
    expect(first.count + 3).toBe(1_048_576);
    expect(second).toEqual({ sheet: '企业名录(2)', count: 1 });
    expect(() => enterpriseParts('企业名录', 3, 0)).toThrow();
  });

  it('a split list holds the same rows in order, and each COUNTIFS adds one term per part with the same cached totals', async () => {
    const data = buildDemoData();
    const { districts, city } = rollupAll(data.register, data.submissions);
    const results = [city, ...districts];
    const whole = readXlsx(await writeRollupWorkbook(results), 'whole.xlsx');
    const split = readXlsx(await writeRollupWorkbook(results, { enterpriseRowsPerSheet: 37 }), 'split.xlsx');
    const dataRows = (s: { maxRow: number; maxCol: number; cell(r: number, c: number): { value: unknown } | undefined }) =>
      Array.from({ length: s.maxRow - 2 }, (_, i) => Array.from({ length: s.maxCol + 1 }, (_, c) => s.cell(i + 3, c)?.value ?? null));
    const wholeRows = dataRows(whole.sheets.find((s) => s.name === '企业名录')!);
    const parts = split.sheets.filter((s) => /^企业名录(\(\d+\))?$/.test(s.name));
    expect(wholeRows.length).toBeGreaterThan(100);
    expect(parts).toHaveLength(Math.ceil(wholeRows.length / 37));
    expect(parts.map((s) => s.name).slice(0, 2)).toEqual(['企业名录', '企业名录(2)']);
    expect(parts.flatMap(dataRows)).toEqual(wholeRows);
    expect(parts.every((s) => s.maxRow - 2 <= 37)).toBe(true);
    // The same cells hold the same cached totals; their formulas count over every part.
    const citySheet = (g: typeof whole) => g.sheets.find((s) => s.name === `汇总-${city.unit.name}`)!;
    let countifs = 0;
    const a = citySheet(whole);
    const b = citySheet(split);
    for (let r = 0; r <= a.maxRow; r++)
      for (let c = 0; c <= a.maxCol; c++) {
        expect(b.cell(r, c)?.value).toEqual(a.cell(r, c)?.value);
        const f = b.cell(r, c)?.formula;
        if (f?.startsWith('COUNTIFS(')) {
          countifs++;
          expect(f.split('COUNTIFS(').length - 1).toBe(parts.length);
          for (const p of parts) expect(f).toContain(p.name);
        }
      }
    expect(countifs).toBeGreaterThan(3);
  });
});

describe('a district COUNTIFS counts over its own rows of 企业名录 only', () => {
  it('spanOnParts: every firm of the span is in exactly one returned range, and nothing else is (checked firm by firm)', () => {
    for (const [total, per] of [
      [0, 5],
      [1, 5],
      [10, 3],
      [12, 4],
      [7, 7],
    ] as const) {
      const parts = enterpriseParts('企业名录', total, per);
      // Where firm i is: part k, sheet row 4 + (i mod per) (1-based; three header rows).
      const where = (i: number) => ({ sheet: parts[Math.floor(i / per)].sheet, row: 4 + (i % per) });
      for (let start = 0; start <= total; start++)
        for (let count = 0; start + count <= total; count++) {
          const ranges = spanOnParts(parts, { start, count });
          const covered = ranges.flatMap((r) => Array.from({ length: r.last - r.first + 1 }, (_, k) => `${r.sheet}!${r.first + k}`));
          if (count === 0) {
            expect(ranges).toHaveLength(1);
            expect(ranges[0].first).toBe(ranges[0].last);
            continue;
          }
          const expected = Array.from({ length: count }, (_, k) => where(start + k)).map((w) => `${w.sheet}!${w.row}`);
          expect(covered).toEqual(expected);
        }
      // No span: the whole list.
      const all = spanOnParts(parts).reduce((a, r) => a + r.last - r.first + 1, 0);
      expect(all).toBe(Math.max(total, 1));
    }
  });

  it('in the demo city, each district formula names only rows holding that district’s firms; the city counts the whole list', async () => {
    const data = buildDemoData();
    const { districts, city } = rollupAll(data.register, data.submissions);
    const results = [city, ...districts];
    const grid = readXlsx(await writeRollupWorkbook(results, { enterpriseRowsPerSheet: 37 }), 'spans.xlsx');
    const parts = grid.sheets.filter((s) => /^企业名录(\(\d+\))?$/.test(s.name));
    const districtCol = ENTERPRISE_LAYOUT.districtCol;
    let checked = 0;
    for (const s of grid.sheets.filter((x) => x.name.startsWith('汇总-'))) {
      for (let r = 0; r <= s.maxRow; r++)
        for (let c = 0; c <= s.maxCol; c++) {
          const f = s.cell(r, c)?.formula;
          if (!f?.startsWith('COUNTIFS(')) continue;
          const isCity = s.name === `汇总-${city.unit.name}`;
          const code = /"(\d+)"/.exec(f)?.[1];
          for (const m of f.matchAll(/'?(企业名录(?:\(\d+\))?)'?!\$[A-Z]+\$(\d+):\$[A-Z]+\$(\d+)/g)) {
            const part = parts.find((p) => p.name === m[1])!;
            const [first, last] = [Number(m[2]) - 1, Number(m[3]) - 1];
            if (isCity) continue;
            const codes = new Set(Array.from({ length: last - first + 1 }, (_, k) => part.cell(first + k, districtCol)?.value));
            // Only this district's rows (an empty district: one row of another district, counted as nothing).
            if (codes.size === 1 && !codes.has(code)) expect(last).toBe(first);
            else expect([...codes]).toEqual([code]);
            checked++;
          }
          if (isCity) expect(f.split('COUNTIFS(').length - 1).toBe(parts.length);
        }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('readers of the totals skip every sheet of 企业名录 and 来源', () => {
  it('isBulkRollupSheet: true for 企业名录, each continuation and 来源; false for every other sheet of a split workbook', async () => {
    const data = buildDemoData();
    const { districts, city } = rollupAll(data.register, data.submissions);
    const grid = readXlsx(await writeRollupWorkbook([city, ...districts], { enterpriseRowsPerSheet: 37 }), 'split.xlsx');
    const bulk = grid.sheets.map((s) => s.name).filter(isBulkRollupSheet);
    const parts = enterpriseParts(
      '企业名录',
      districts.reduce((a, d) => a + d.enterprises.length, 0),
      37,
    ).map((p) => p.sheet);
    expect(parts.length).toBeGreaterThan(2);
    expect(bulk).toEqual([...parts, '来源']);
    for (const name of ['企业名录 (2)', '企业名录(x)', '企业名录(2)备份', '汇总-东湖区', '来源表'])
      expect(isBulkRollupSheet(name)).toBe(false);
  });

  it('sti rank and sti report read a workbook with a split 企业名录 to the same ranking and 通报 as an unsplit one', async () => {
    const data = buildDemoData();
    const { districts, city } = rollupAll(data.register, data.submissions);
    const dir = mkdtempSync(join(tmpdir(), 'sti-split-'));
    const whole = join(dir, 'whole.xlsx');
    const split = join(dir, 'split.xlsx');
    writeFileSync(whole, await writeRollupWorkbook([city, ...districts]));
    writeFileSync(split, await writeRollupWorkbook([city, ...districts], { enterpriseRowsPerSheet: 37 }));
    const rank = async (file: string) => {
      const out = join(dir, `rank-${Date.now()}.xlsx`);
      const r = await sti(['rank', file, '--out', out, '--json']);
      // 0, or 1 when the demo's incomplete totals are reported; never a refusal.
      expect(r.code).toBeLessThan(2);
      return { ...(JSON.parse(r.out.replaceAll(JSON.stringify(out).slice(1, -1), 'OUT')) as { rows: unknown[] }), code: r.code };
    };
    const [a, b] = [await rank(whole), await rank(split)];
    expect(a.rows.length).toBeGreaterThan(3);
    expect(b).toEqual(a);
    const report = async (file: string) => (await sti(['report', file, '--out', join(dir, `r-${Date.now()}.docx`), '--markdown'])).out;
    expect(await report(split)).toBe(await report(whole));
  });
});
