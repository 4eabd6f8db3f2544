/**
 * Every derived indicator of the catalogue through its three paths on the same inputs — the
 * engine (computeIndicators), the STI.* custom functions, and the formula text written into a
 * rollup workbook recalculated by a real LibreOffice — including zero, negative and missing
 * operands. They agree: the same value, or no value everywhere (the engine's error code is the
 * custom function's Excel error; the workbook shows a blank). Rule (formulas.ts): a denominator
 * must be > 0 (blank or 0 → #DIV/0!, negative → #NUM!); a numerator may be any number.
 * The LibreOffice part is required in CI (CI=true).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ExcelError } from '../functions/shim.js';
import { completionFn, growthFn, per10kFn, ppChangeFn, rdIntensityFn, shareFn } from '../../src/functions/functions.js';
import { BASE_FIELDS, catalogue, type DerivedIndicator } from '../../src/core/catalogue.js';
import type { IndicatorErrorCode } from '../../src/core/errors.js';
import type { Formula } from '../../src/core/formulas.js';
import { buildRollupSheets, ROLLUP_LAYOUT } from '../../src/core/outputs-rollup.js';
import { computeIndicators, ROLLUP_INDICATORS } from '../../src/core/rollup.js';
import type { FieldTotal, IndicatorValue, RollupResult, RollupRow } from '../../src/core/rollup-types.js';
import type { WorkbookModel } from '../../src/core/sheet-model.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { libreofficeRequired, sofficePath } from '../helpers/env.js';
import { recalcToCsv } from './soffice.js';

type Figure = number | null;
type Role = 'current' | 'previous' | 'target';
type Inputs = Record<string, Record<Role, Figure>>;

const INDICATORS: readonly DerivedIndicator[] = ROLLUP_INDICATORS;
const formulaOf = (d: DerivedIndicator): Formula => d.formula!;

/** Background figures: positive, different per field and column. */
function background(): Inputs {
  const out: Inputs = {};
  BASE_FIELDS.forEach((f, j) => {
    out[f.code] = { current: 100 + 7 * j, previous: 90 + 5 * j, target: 110 + 3 * j };
  });
  return out;
}

/** Operand figures for one formula: a normal case, then each operand 0, negative, blank in turn, and pairs of them. */
function operandCases(f: Formula): Figure[][] {
  const normal: Figure[] = f.operands.map((o, i) => (o.domain === 'positive' ? 48 + i : 120 - 7 * i));
  const out: Figure[][] = [normal];
  const odd: Figure[] = [0, -12.5, null];
  f.operands.forEach((_, i) => {
    for (const x of odd) out.push(normal.map((v, k) => (k === i ? x : v)));
  });
  // Both operands of a pair odd (a negative ratio over a negative denominator; blank over zero; all blank).
  for (const x of odd) for (const y of odd) out.push(normal.map((_, k) => (k % 2 === 0 ? x : y)));
  return out;
}

interface Case {
  indicator: DerivedIndicator;
  figures: Figure[];
  inputs: Inputs;
  label: string;
}

/** One row of inputs per (indicator, case): the indicator's operands set, everything else background. */
function allCases(): Case[] {
  const cases: Case[] = [];
  for (const d of INDICATORS) {
    const f = formulaOf(d);
    operandCases(f).forEach((figures, k) => {
      const inputs = background();
      f.operands.forEach((o, i) => {
        inputs[o.field][o.role] = figures[i];
      });
      cases.push({ indicator: d, figures, inputs, label: `${d.code}#${k} ${JSON.stringify(figures)}` });
    });
  }
  return cases;
}

function fieldsOf(inputs: Inputs): Record<string, FieldTotal> {
  const out: Record<string, FieldTotal> = {};
  for (const f of BASE_FIELDS) {
    const x = inputs[f.code];
    out[f.code] = { code: f.code, ...x, source: x.current === null ? 'none' : 'entered', refs: [] };
  }
  return out;
}

/** What a path gives: a number, or no number (with the error code where the path has one). */
type Outcome = { value: number } | { value: null; code: IndicatorErrorCode | 'blank' };

const EXCEL_TO_CODE: Record<string, IndicatorErrorCode> = { '#DIV/0!': 'DIV0', '#NUM!': 'NUM', '#VALUE!': 'VALUE', '#N/A': 'NA' };

function engineOutcome(v: IndicatorValue): Outcome {
  if (v.value !== null) return { value: v.value };
  expect(v.error, `engine gives an error code with “${v.reason}”`).toBeDefined();
  return { value: null, code: v.error! };
}

/** What one cell of a custom function's spill means. */
function functionCell(m: unknown[][]): unknown {
  expect(m.length).toBe(1);
  expect(m[0].length).toBe(1);
  return m[0][0];
}

function functionOutcome(x: unknown): Outcome {
  if (typeof x === 'number') return { value: x };
  if (x === '') return { value: null, code: 'blank' };
  expect(x).toBeInstanceOf(ExcelError);
  const code = EXCEL_TO_CODE[(x as ExcelError).code];
  expect(code, String((x as ExcelError).code)).toBeDefined();
  return { value: null, code };
}

/**
 * The STI function a statistician computes an indicator with, on the same figures. A ratio and a
 * share in percent are STI.SHARE (R&D intensity STI.RDINTENSITY); per 10,000 STI.PER10K and per
 * 1,000 STI.PER10K(...)/10 (no per-1,000 function); a pp change STI.PPCHANGE of the two ratios.
 * Like Excel, an error argument passes through the function that receives it.
 */
function viaFunctions(d: DerivedIndicator, figures: Figure[]): unknown {
  const f = formulaOf(d);
  const c = (x: Figure) => [[x]];
  const ratioFn = (dd: { code: string; factor: number }, n: Figure, den: Figure): unknown => {
    if (dd.factor === 100) return functionCell((dd.code === 'RD_INTENSITY' ? rdIntensityFn : shareFn)(c(n), c(den)));
    if (dd.factor === 10000) return functionCell(per10kFn(c(n), c(den)));
    if (dd.factor === 1000) {
      const per10k = functionCell(per10kFn(c(n), c(den)));
      return typeof per10k === 'number' ? per10k / 10 : per10k;
    }
    throw new Error(`no STI function for a factor of ${dd.factor}`);
  };
  switch (f.kind) {
    case 'ratio':
    case 'share':
    case 'perN':
      return ratioFn({ code: d.code, factor: f.factor }, figures[0], figures[1]);
    case 'completion':
      return functionCell(completionFn(c(figures[0]), c(figures[1])));
    case 'growth':
      return functionCell(growthFn(c(figures[0]), c(figures[1])));
    case 'ppChange': {
      const of = { code: d.of!, factor: f.factor };
      const now = ratioFn(of, figures[0], figures[1]);
      if (now instanceof ExcelError) return now;
      const before = ratioFn(of, figures[2], figures[3]);
      if (before instanceof ExcelError) return before;
      return functionCell(ppChangeFn([[now]], [[before]]));
    }
  }
}

/**
 * Engine and function agree: equal numbers, or no number with the same error. A function's cell
 * whose inputs are all blank stays blank (numericCells), where the engine names what is missing.
 */
function expectSame(label: string, engine: Outcome, fn: Outcome, figures: Figure[]): void {
  if (figures.every((x) => x === null)) {
    expect({ label, engine: engine.value, fn }).toEqual({ label, engine: null, fn: { value: null, code: 'blank' } });
    return;
  }
  if (engine.value === null) {
    expect({ label, fn }).toEqual({ label, fn: engine });
    return;
  }
  expect({ label, fn: fn.value === null ? fn : 'number' }).toEqual({ label, fn: 'number' });
  expect(Math.abs(fn.value! - engine.value), label).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(engine.value)));
}

const cases = allCases();

describe('every derived indicator: engine and STI.* custom functions', () => {
  it('has a formula description for every indicator the rollup computes, over base fields', () => {
    expect(INDICATORS.length).toBeGreaterThan(40);
    for (const d of INDICATORS) {
      expect(d.formula, d.code).toBeDefined();
      for (const o of d.formula!.operands) expect(catalogue.baseField(o.field), `${d.code} ${o.field}`).toBeDefined();
    }
  });

  it('agree on every case: the same value, or no value with the same error', () => {
    const seen = new Map<string, Set<string>>();
    for (const { indicator: d, figures, inputs, label } of cases) {
      const engine = engineOutcome(computeIndicators(fieldsOf(inputs), true)[d.code]);
      const fn = functionOutcome(viaFunctions(d, figures));
      expectSame(label, engine, fn, figures);
      const s = seen.get(d.code) ?? new Set<string>();
      s.add(engine.value === null ? engine.code : engine.value < 0 ? 'negative' : 'value');
      seen.set(d.code, s);
    }
    // Every indicator met a value, a negative value (negative numerator), a zero or blank denominator, a negative one and a blank numerator.
    for (const d of INDICATORS)
      expect([d.code, [...seen.get(d.code)!].sort()]).toEqual([d.code, ['DIV0', 'NA', 'NUM', 'negative', 'value']]);
  });

  it('a negative denominator or target gives no value anywhere (the rule a statistician expects), not a ratio with a flipped sign', () => {
    const inputs = background();
    inputs.GDP.current = -5000;
    inputs.RD_EXP.current = -10;
    inputs.RD_EXP.target = -20;
    const v = computeIndicators(fieldsOf(inputs), true);
    expect(v.RD_INTENSITY).toMatchObject({ value: null, error: 'NUM', reason: '地区生产总值为负数' });
    expect(v.RD_COMPLETION).toMatchObject({ value: null, error: 'NUM', reason: 'R&D经费内部支出全年目标为负数' });
    expect((functionCell(rdIntensityFn([[-10]], [[-5000]])) as ExcelError).code).toBe('#NUM!');
    expect((functionCell(completionFn([[-10]], [[-20]])) as ExcelError).code).toBe('#NUM!');
  });
});

const soffice = sofficePath();
const suite = soffice || libreofficeRequired ? describe : describe.skip;

suite('every derived indicator: the rollup workbook’s formula text recalculated by LibreOffice', () => {
  const SENTINEL = '未重算';
  let sheet: string[][];
  let rows: RollupRow[];
  let codes: string[];
  let summary: WorkbookModel['sheets'][number];

  beforeAll(() => {
    if (!soffice) throw new Error('LibreOffice (soffice) is required in CI');
    const city = { code: 'C0', name: '检验市', kind: 'city' as const, parentCode: null };
    rows = cases.map(({ inputs }, i) => {
      const fields = fieldsOf(inputs);
      return {
        unit: { code: `K${i}`, name: `情形${i}`, kind: 'district' as const, parentCode: city.code },
        role: 'partition' as const,
        status: 'included' as const,
        statusReason: null,
        files: [],
        fields,
        indicators: computeIndicators(fields, true),
      };
    });
    const emptyFields = fieldsOf(Object.fromEntries(BASE_FIELDS.map((f) => [f.code, { current: null, previous: null, target: null }])));
    const result: RollupResult = {
      level: 'city',
      unit: city,
      year: 2024,
      period: '2024',
      rows,
      total: {
        unit: city,
        role: 'total',
        status: 'rolled-up',
        statusReason: null,
        files: [],
        fields: emptyFields,
        indicators: computeIndicators(emptyFields, true),
      },
      enterprises: [],
      distinctEnterprises: 0,
      files: [],
      findings: [],
    };
    const model: WorkbookModel = { sheets: buildRollupSheets(result) };
    // Formula cells cache a sentinel: what LibreOffice shows is its own calculation.
    for (const s of model.sheets) for (const r of s.rows) for (const c of r ?? []) if (c?.formula) c.value = SENTINEL;
    summary = model.sheets[0];
    codes = model.sheets[0].rows[ROLLUP_LAYOUT.codeRow]!.map((c) => String(c?.value ?? ''));
    return writeXlsx(model).then((bytes) => {
      const csv = recalcToCsv(soffice!, { paths: bytes });
      sheet = csv.paths[model.sheets[0].name];
    });
  }, 200_000);

  it('writes a formula for every indicator on every case row', () => {
    for (const d of INDICATORS) expect(codes, d.code).toContain(d.code);
    const missing = rows.flatMap((_, i) =>
      INDICATORS.filter((d) => !summary.rows[ROLLUP_LAYOUT.firstDataRow + i]?.[codes.indexOf(d.code)]?.formula).map(
        (d) => `${cases[i].label} ${d.code}`,
      ),
    );
    expect(missing).toEqual([]);
    expect(sheet.length).toBeGreaterThanOrEqual(ROLLUP_LAYOUT.firstDataRow + rows.length);
  });

  it('recalculates to the engine value, and to a blank exactly where the engine has none', () => {
    const mismatches: string[] = [];
    let numbers = 0;
    let blanks = 0;
    rows.forEach((row, i) => {
      const line = sheet[ROLLUP_LAYOUT.firstDataRow + i];
      expect(line[ROLLUP_LAYOUT.codeCol]).toBe(row.unit.code);
      for (const d of INDICATORS) {
        const text = line[codes.indexOf(d.code)] ?? '';
        const v = row.indicators[d.code].value;
        if (text === SENTINEL) mismatches.push(`${cases[i].label} ${d.code}: not recalculated`);
        else if (v === null) {
          if (text !== '')
            mismatches.push(`${cases[i].label} ${d.code}: engine none (${row.indicators[d.code].reason}), LibreOffice ${text}`);
          else blanks++;
        } else {
          const lo = Number(text);
          if (text === '' || !(Math.abs(lo - v) <= 1e-9 * Math.max(1, Math.abs(v))))
            mismatches.push(`${cases[i].label} ${d.code}: engine ${v}, LibreOffice “${text}”`);
          else numbers++;
        }
      }
    });
    expect(mismatches).toEqual([]);
    expect(numbers).toBeGreaterThan(1000);
    expect(blanks).toBeGreaterThan(100);
  });
});
