/** The city's distinct enterprises (counted across the districts' lists) against a plain oracle. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EnterpriseFlag } from '../../src/core/catalogue.js';
import { buildRegisterTree, rollupAll, rollupCity } from '../../src/core/rollup.js';
import { firm, register, sub, unit, uscc } from './fixtures.js';

const FLAG_CHOICES: EnterpriseFlag[][] = [['IND'], ['IND', 'RD_ACTIVE'], ['HNTE'], ['IND', 'HNTE', 'RD_INST'], []];
const REVENUES = [null, 5000, 20000, 80000];

describe('city enterprises', () => {
  it('every USCC once, the first district’s record counted; each repeat reported; counts by rule', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.uniqueArray(
            fc.record({ n: fc.integer({ min: 1, max: 40 }), kind: fc.nat(FLAG_CHOICES.length - 1), rev: fc.nat(REVENUES.length - 1) }),
            { maxLength: 12, selector: (x) => x.n },
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (perDistrict) => {
          const city = unit('C', '市', 'city', null);
          const districts = perDistrict.map((_, d) => unit(`D${d}`, `区${d}`, 'district', 'C'));
          const towns = perDistrict.map((_, d) => unit(`T${d}`, `镇${d}`, 'township', `D${d}`));
          const subs = perDistrict.map((fs, d) =>
            sub(
              towns[d],
              {},
              fs.map((f, i) => firm(f.n, FLAG_CHOICES[f.kind], `T${d}.xlsx`, 4 + i, REVENUES[f.rev])),
            ),
          );
          const out = rollupAll(register([city, ...districts, ...towns]), subs);
          // Oracle: the first district (register order) listing a USCC gives its flags and revenue; later ones are repeats.
          const first = new Map<string, { flags: EnterpriseFlag[]; revenue: number | null }>();
          let repeats = 0;
          for (const fs of perDistrict)
            for (const f of fs) {
              if (first.has(uscc(f.n))) repeats++;
              else first.set(uscc(f.n), { flags: FLAG_CHOICES[f.kind], revenue: REVENUES[f.rev] });
            }
          const firms = [...first.values()];
          expect(out.city.distinctEnterprises).toBe(first.size);
          expect(out.city.findings.filter((f) => f.code === 'USCC_IN_TWO_DISTRICTS')).toHaveLength(repeats);
          // No list anywhere: no figure (not zero).
          const count = (ok: (f: (typeof firms)[number]) => boolean) => (first.size > 0 ? firms.filter(ok).length : null);
          const t = out.city.total.fields;
          expect(t.IND_FIRMS.current).toBe(count((f) => f.flags.includes('IND')));
          expect(t.HNTE_COUNT.current).toBe(count((f) => f.flags.includes('HNTE')));
          expect(t.DZ_NO_RD_GE_1E8.current).toBe(
            count((f) => f.flags.includes('IND') && !f.flags.includes('RD_ACTIVE') && f.revenue !== null && f.revenue >= 10000),
          );
          expect(t.DZ_NO_INST_GE_5E8.current).toBe(
            count((f) => f.flags.includes('IND') && !f.flags.includes('RD_INST') && f.revenue !== null && f.revenue >= 50000),
          );
          // The city holds no second copy of the firms; each district keeps its own, one listing each.
          expect(out.city.enterprises).toEqual([]);
          out.districts.forEach((d, i) => {
            expect(d.enterprises.map((e) => e.uscc)).toEqual(perDistrict[i].map((f) => uscc(f.n)).sort());
            for (const e of d.enterprises) expect(e.listings).toHaveLength(1);
          });
          // The same from district results whose lists are not in order, given in another order.
          const shuffled = out.districts.map((d) => ({ ...d, enterprises: [...d.enterprises].reverse() })).reverse();
          const again = rollupCity(buildRegisterTree(register([city, ...districts, ...towns])), shuffled);
          expect(again.distinctEnterprises).toBe(first.size);
          expect(again.total.fields).toEqual(out.city.total.fields);
          expect(again.findings.filter((f) => f.code === 'USCC_IN_TWO_DISTRICTS').map((f) => [f.unitCode, f.value])).toEqual(
            out.city.findings.filter((f) => f.code === 'USCC_IN_TWO_DISTRICTS').map((f) => [f.unitCode, f.value]),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
