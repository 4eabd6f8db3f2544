/**
 * Adding an indicator is one catalogue entry (docs/ARCHITECTURE.md): a made-up base field and a
 * derived share over it, added to a COPY of the catalogue, appear in the template, the rollup JSON,
 * the workbook's formulas and (through their formula kind) the custom functions' metadata.
 *
 * The seam: the catalogue is a module-level constant every module imports, so the copy replaces the
 * module for this test file only (vi.mock); no production code takes a catalogue parameter.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/core/catalogue.js', async () => {
  const actual = await vi.importActual<typeof import('../../src/core/catalogue.js')>('../../src/core/catalogue.js');
  const { formulaOf } = await vi.importActual<typeof import('../../src/core/formulas.js')>('../../src/core/formulas.js');
  const rd = actual.BASE_FIELDS.find((f) => f.code === 'RD_EXP')!;
  const field = { ...rd, code: 'SYN_SPEND', stem: 'SYN', nameZh: '合成测试支出', nameEn: 'Synthetic spend' };
  const share = {
    code: 'SYN_SHARE',
    nameZh: '合成测试支出占研发经费比重',
    nameEn: 'Synthetic share of R&D',
    unit: '%',
    decimals: 2,
    direction: 1 as const,
    rule: 'RATIO_OF_SUMS' as const,
    kind: 'ratio' as const,
    numerator: 'SYN_SPEND',
    denominator: 'RD_EXP',
    factor: 100,
    formula: formulaOf('share', 100, [
      { field: 'SYN_SPEND', role: 'current' },
      { field: 'RD_EXP', role: 'current' },
    ]),
  };
  const BASE_FIELDS = [...actual.BASE_FIELDS, field];
  const NAMED_INDICATORS = [...actual.NAMED_INDICATORS, share];
  const DERIVED_INDICATORS = [...NAMED_INDICATORS, ...actual.COMPLETION_INDICATORS, ...actual.GROWTH_INDICATORS];
  const byCode = new Map<string, (typeof BASE_FIELDS)[number] | (typeof DERIVED_INDICATORS)[number]>(
    [...BASE_FIELDS, ...DERIVED_INDICATORS].map((e) => [e.code, e]),
  );
  const catalogue = {
    ...actual.catalogue,
    baseFields: BASE_FIELDS,
    derivedIndicators: DERIVED_INDICATORS,
    get: (code: string) => byCode.get(code),
    baseField: (code: string) => {
      const e = byCode.get(code);
      return e && 'scope' in e ? e : undefined;
    },
    indicator: (code: string) => {
      const e = byCode.get(code);
      return e && 'kind' in e ? e : undefined;
    },
  };
  return { ...actual, BASE_FIELDS, NAMED_INDICATORS, DERIVED_INDICATORS, catalogue };
});

const { buildDemoData } = await import('../../src/core/demo.js');
const { buildTemplateModel } = await import('../../src/core/template-schema.js');
const { rollupAll } = await import('../../src/core/rollup.js');
const { levelJson } = await import('../../src/cli/json-shape.js');
const { buildRollupWorkbook, ROLLUP_LAYOUT } = await import('../../src/core/outputs-rollup.js');
const { columnLetters } = await import('../../src/core/sheet-model.js');

describe('a synthetic indicator added to a copy of the catalogue', () => {
  const demo = buildDemoData();
  // Every submission reports the new field: 10% of its R&D expenditure.
  for (const s of demo.submissions) {
    const rd = s.fields.RD_EXP;
    s.fields.SYN_SPEND = { current: rd?.current == null ? null : rd.current / 10, previous: null, target: null, note: null, refs: {} };
  }
  const out = rollupAll(demo.register, demo.submissions);

  it('appears in the templates (指标表 row with its name and unit)', () => {
    const model = buildTemplateModel('township');
    const texts = model.sheets.flatMap((s) => s.rows.flatMap((r) => (r ?? []).map((c) => String(c?.value ?? ''))));
    expect(texts).toContain('SYN_SPEND');
    expect(texts.some((t) => t.includes('合成测试支出'))).toBe(true);
  });

  it('appears in the rollup JSON with the engine’s values', () => {
    const json = JSON.parse(JSON.stringify(levelJson(out.districts[0])));
    const total = out.districts[0].total;
    expect(JSON.stringify(json.total)).toContain('SYN_SPEND');
    expect(total.fields.SYN_SPEND.current).toBeCloseTo(total.fields.RD_EXP.current! / 10, 6);
    expect(json.total.indicators.SYN_SHARE).toBeCloseTo(10, 6);
  });

  it('appears in the workbook as a column with a live formula over its operands', () => {
    const model = buildRollupWorkbook([out.city, ...out.districts]);
    const sheet = model.sheets.find((s) => s.name.startsWith('汇总') && s.rows[ROLLUP_LAYOUT.codeRow])!;
    const codes = sheet.rows[ROLLUP_LAYOUT.codeRow]!.map((c) => c?.value);
    const col = codes.indexOf('SYN_SHARE');
    expect(codes).toContain('SYN_SPEND');
    expect(col).toBeGreaterThan(0);
    const letter = (code: string) => columnLetters(codes.indexOf(code));
    const total = sheet.rows.find((r, i) => i >= ROLLUP_LAYOUT.firstDataRow && r?.[col]?.formula)!;
    expect(total[col]!.formula).toMatch(new RegExp(`\\b${letter('SYN_SPEND')}\\d+.*\\b${letter('RD_EXP')}\\d+`));
  });

  it('its formula kind is a custom function in the functions’ metadata (STI.SHARE)', () => {
    const source = readFileSync(new URL('../../src/functions/functions.ts', import.meta.url), 'utf8');
    expect(source).toMatch(/@customfunction SHARE\b/);
  });
});
