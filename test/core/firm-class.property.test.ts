import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BASE_FIELDS,
  ENTERPRISE_FLAGS,
  classMatchesCountRule,
  firmClass,
  firmClassCount,
  type EnterpriseCountRule,
} from '../../src/core/catalogue.js';

/** The rule as indicators.md states it: every flag of `all`, none of `none`, revenue at least the floor. */
function oracle(flags: Record<string, boolean>, revenue: number | null, rule: EnterpriseCountRule): boolean {
  if (!rule.all.every((f) => flags[f])) return false;
  if ((rule.none ?? []).some((f) => flags[f])) return false;
  return rule.minRevenue === undefined || (revenue !== null && revenue >= rule.minRevenue);
}

const RULES = BASE_FIELDS.flatMap((f) => (f.fromEnterprises ? [f.fromEnterprises] : []));

describe('firm classes', () => {
  it('a firm matches a catalogue count rule exactly when its class does', () => {
    expect(RULES.length).toBeGreaterThan(3);
    const flagsArb = fc.record(
      Object.fromEntries(ENTERPRISE_FLAGS.map((f) => [f.flag, fc.boolean()])) as Record<string, fc.Arbitrary<boolean>>,
    );
    // Revenues around the floors (equal, just below, just above), any, none, and not a number.
    const floors = RULES.flatMap((r) => (r.minRevenue !== undefined ? [r.minRevenue] : []));
    const revenueArb = fc.oneof(
      fc.constant(null),
      fc.constant(Number.NaN),
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.constantFrom(...floors).chain((x) => fc.constantFrom(x, x - 1e-9, x + 1e-9, x - 1, x + 1)),
    );
    fc.assert(
      fc.property(flagsArb, revenueArb, (flags, revenue) => {
        const k = firmClass(flags as never, revenue);
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThan(firmClassCount());
        for (const rule of RULES) expect(classMatchesCountRule(k, rule)).toBe(oracle(flags, revenue, rule));
      }),
      { numRuns: 2000 },
    );
  });

  it('says it cannot decide a rule whose revenue floor no catalogue count uses', () => {
    expect(classMatchesCountRule(firmClass({ IND: true } as never, 5), { all: ['IND'], minRevenue: 3 })).toBeUndefined();
    expect(classMatchesCountRule(firmClass({ IND: true } as never, 5), { all: ['IND'] })).toBe(true);
  });
});
