/** The city's distinct enterprises (merged from the districts' lists) against a plain oracle. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildRegisterTree, rollupAll, rollupCity } from '../../src/core/rollup.js';
import { firm, register, sub, unit, uscc } from './fixtures.js';

describe('city enterprises', () => {
  it('every USCC once, in code order, with every district’s listings in district order; each repeat reported', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 12 }), { minLength: 1, maxLength: 5 }),
        (perDistrict) => {
          const city = unit('C', '市', 'city', null);
          const districts = perDistrict.map((_, d) => unit(`D${d}`, `区${d}`, 'district', 'C'));
          const towns = perDistrict.map((_, d) => unit(`T${d}`, `镇${d}`, 'township', `D${d}`));
          const subs = perDistrict.map((ns, d) =>
            sub(
              towns[d],
              {},
              ns.map((n, i) => firm(n, ['IND'], `T${d}.xlsx`, 4 + i)),
            ),
          );
          const out = rollupAll(register([city, ...districts, ...towns]), subs);
          // Oracle: each USCC with the districts (in register order) that list it.
          const byUscc = new Map<string, number[]>();
          perDistrict.forEach((ns, d) => ns.forEach((n) => byUscc.set(uscc(n), [...(byUscc.get(uscc(n)) ?? []), d])));
          const expected = [...byUscc.keys()].sort();
          expect(out.city.enterprises.map((e) => e.uscc)).toEqual(expected);
          for (const e of out.city.enterprises) expect(e.listings.map((l) => l.unitCode)).toEqual(byUscc.get(e.uscc)!.map((d) => `T${d}`));
          const repeats = [...byUscc.values()].reduce((a, ds) => a + ds.length - 1, 0);
          expect(out.city.findings.filter((f) => f.code === 'USCC_IN_TWO_DISTRICTS')).toHaveLength(repeats);
          // No list anywhere: no figure (not zero).
          expect(out.city.total.fields.IND_FIRMS.current).toBe(byUscc.size > 0 ? byUscc.size : null);
          // A district's record is the city's own unless another district lists the firm too (then a copy).
          for (const d of out.districts)
            for (const e of d.enterprises) {
              const c = out.city.enterprises.find((x) => x.uscc === e.uscc)!;
              expect(c === e).toBe(byUscc.get(e.uscc)!.length === 1);
              expect(e.listings).toHaveLength(1);
            }
          // The same from district results whose lists are not in order.
          const shuffled = out.districts.map((d) => ({ ...d, enterprises: [...d.enterprises].reverse() }));
          const again = rollupCity(buildRegisterTree(register([city, ...districts, ...towns])), shuffled);
          expect(again.enterprises.map((e) => [e.uscc, e.listings.map((l) => l.unitCode)])).toEqual(
            out.city.enterprises.map((e) => [e.uscc, e.listings.map((l) => l.unitCode)]),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
