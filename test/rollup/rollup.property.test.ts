/**
 * Rollup invariants over random districts (fast-check). Expected totals are computed here,
 * independently of the engine: plain sums over the partition, Sets of USCCs over the partition's
 * lists (a 其中 park never raises a count), and the one admission rule the generator can trip:
 * a part larger than its whole (研发费用 > 营业收入) is an error that leaves that figure out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rollupDistrict } from '../../src/core/rollup.js';
import type { EnterpriseRow, Submission } from '../../src/core/types.js';
import { firm, fv, register, sub, unit, uscc } from './fixtures.js';
import type { EnterpriseFlag } from '../../src/core/catalogue.js';

/** Flags are a function of the firm id, so every listing of a firm agrees. */
const flagsOf = (id: number): EnterpriseFlag[] => [
  ...(id % 5 !== 0 ? (['IND'] as const) : []),
  ...(id % 3 === 0 ? (['RD_ACTIVE'] as const) : []),
  ...(id % 4 === 0 ? (['HNTE'] as const) : []),
];
const isInd = (id: number) => id % 5 !== 0;
const isIndRd = (id: number) => isInd(id) && id % 3 === 0;

const amount = fc.option(
  fc.integer({ min: 0, max: 10_000_000 }).map((x) => x / 10),
  { nil: null, freq: 6 },
);
const unitArb = fc.record({
  rd: amount,
  rev: amount,
  fee: amount,
  enteredFirms: fc.integer({ min: 0, max: 50 }),
  firms: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 12 }),
});
const districtArb = fc.record({
  towns: fc.array(unitArb, { minLength: 1, maxLength: 6 }),
  parks: fc.array(fc.record({ u: unitArb, partition: fc.boolean() }), { maxLength: 3 }),
});
type UnitData = { rd: number | null; rev: number | null; fee: number | null; enteredFirms: number; firms: number[] };
type District = { towns: UnitData[]; parks: { u: UnitData; partition: boolean }[] };

function build(d: { towns: UnitData[]; parks: { u: UnitData; partition: boolean }[] }) {
  const dist = unit('D1', '测试区', 'district', 'C1');
  const towns = d.towns.map((_, i) => unit(`T${i + 1}`, `镇${i + 1}`, 'township', 'D1'));
  const parks = d.parks.map((p, i) => unit(`P${i + 1}`, `园区${i + 1}`, 'park', 'D1', p.partition));
  const reg = register([unit('C1', '测试市', 'city', null), dist, ...towns, ...parks]);
  const mk = (u: ReturnType<typeof unit>, x: UnitData): Submission => {
    const file = `${u.code}.xlsx`;
    return sub(
      u,
      {
        RD_EXP: fv(x.rd, null, null, file, 4),
        IND_REVENUE: fv(x.rev, null, null, file, 8),
        IND_RD_FEE: fv(x.fee, null, null, file, 9),
        IND_FIRMS: fv(x.enteredFirms, null, null, file, 5),
      },
      x.firms.map((id, k) => firm(id, flagsOf(id), file, 4 + k)),
    );
  };
  const subs = [...towns.map((u, i) => mk(u, d.towns[i])), ...parks.map((u, i) => mk(u, d.parks[i].u))];
  return { reg, subs };
}

/** Independent expectations. */
function expected(d: { towns: UnitData[]; parks: { u: UnitData; partition: boolean }[] }) {
  const partition = [...d.towns, ...d.parks.filter((p) => p.partition).map((p) => p.u)];
  // 研发费用 above 营业收入 in the same unit: that 研发费用 is left out (an error), the rest counts.
  const admitted = (u: UnitData, k: 'rd' | 'rev' | 'fee') =>
    k === 'fee' && u.fee !== null && u.rev !== null && u.fee > u.rev ? null : u[k];
  const sum = (k: 'rd' | 'rev' | 'fee') => {
    const xs = partition.map((u) => admitted(u, k)).filter((x): x is number => x !== null);
    return xs.length ? xs.reduce((a, b) => a + b, 0) : null;
  };
  const listed = new Set(partition.flatMap((u) => u.firms));
  const anyList = partition.some((u) => u.firms.length > 0);
  const enteredExtra = partition.filter((u) => u.firms.length === 0).reduce((a, u) => a + u.enteredFirms, 0);
  const indFirms = anyList ? [...listed].filter(isInd).length + enteredExtra : enteredExtra;
  const indRd = [...listed].filter(isIndRd).length;
  const rev = sum('rev');
  const fee = sum('fee');
  return { rd: sum('rd'), rev, fee, indFirms, indRd, feeRatio: rev !== null && fee !== null && rev !== 0 ? (fee / rev) * 100 : null };
}

const close = (a: number | null, b: number | null) => {
  if (a === null || b === null) return expect(a).toBe(b);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
};

describe('rollup properties', () => {
  it('SUM fields total the partition (townships and partition-member parks only)', () => {
    fc.assert(
      fc.property(districtArb, (d) => {
        const { reg, subs } = build(d as District);
        const r = rollupDistrict(reg, 'D1', subs);
        const e = expected(d as District);
        close(r.total.fields.RD_EXP.current, e.rd);
        close(r.total.fields.IND_REVENUE.current, e.rev);
        close(r.total.fields.IND_RD_FEE.current, e.fee);
      }),
      { numRuns: 200 },
    );
  });

  it('parks are never added unless partition members', () => {
    fc.assert(
      fc.property(districtArb, fc.integer({ min: 1, max: 1_000_000 }), (d, bump) => {
        const { reg, subs } = build(d as District);
        const before = rollupDistrict(reg, 'D1', subs).total.fields.RD_EXP.current;
        // Raise every memo park's R&D: the total must not move; raise a partition park's: it moves by exactly that.
        const memo = subs.filter((s) => s.unit.kind === 'park' && !reg.units.find((u) => u.code === s.unit.code)!.partitionMember);
        const bumped = subs.map((s) =>
          memo.includes(s) ? { ...s, fields: { ...s.fields, RD_EXP: fv((s.fields.RD_EXP.current ?? 0) + bump) } } : s,
        );
        close(rollupDistrict(reg, 'D1', bumped).total.fields.RD_EXP.current, before);
        const member = subs.find((s) => s.unit.kind === 'park' && reg.units.find((u) => u.code === s.unit.code)!.partitionMember);
        if (member) {
          const m2 = subs.map((s) =>
            s === member ? { ...s, fields: { ...s.fields, RD_EXP: fv((s.fields.RD_EXP.current ?? 0) + bump) } } : s,
          );
          close(rollupDistrict(reg, 'D1', m2).total.fields.RD_EXP.current, (before ?? 0) + bump);
        }
        // Memo rows are shown, after the partition rows.
        const r = rollupDistrict(reg, 'D1', subs);
        const roles = r.rows.map((x) => x.role);
        expect(roles).toEqual([...roles].sort((a, b) => (a === b ? 0 : a === 'partition' ? -1 : 1)));
        expect(r.rows.filter((x) => x.role === 'memo').map((x) => x.unit.code)).toEqual(memo.map((s) => s.unit.code));
      }),
      { numRuns: 150 },
    );
  });

  it('ratios are Σnumerator / Σdenominator, not the mean of the parts', () => {
    fc.assert(
      fc.property(districtArb, (d) => {
        const { reg, subs } = build(d as District);
        const r = rollupDistrict(reg, 'D1', subs);
        const e = expected(d as District);
        close(r.total.indicators.IND_RD_FEE_RATIO.value, e.feeRatio);
        // The ratio of sums lies between the smallest and largest part ratio (a mediant).
        const parts = r.rows.filter((x) => x.role === 'partition').map((x) => x.indicators.IND_RD_FEE_RATIO.value);
        const total = r.total.indicators.IND_RD_FEE_RATIO.value;
        if (total !== null && parts.every((p) => p !== null)) {
          expect(total).toBeGreaterThanOrEqual(Math.min(...(parts as number[])) - 1e-9);
          expect(total).toBeLessThanOrEqual(Math.max(...(parts as number[])) + 1e-9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a ratio total differs from the mean of ratios when the parts differ in size and ratio', () => {
    const d = {
      towns: [
        { rd: 1, rev: 100, fee: 1, enteredFirms: 0, firms: [] },
        { rd: 1, rev: 1000, fee: 90, enteredFirms: 0, firms: [] },
      ],
      parks: [],
    };
    const { reg, subs } = build(d);
    const r = rollupDistrict(reg, 'D1', subs);
    const mean = (1 + 9) / 2;
    expect(r.total.indicators.IND_RD_FEE_RATIO.value).toBeCloseTo((91 / 1100) * 100, 10);
    expect(r.total.indicators.IND_RD_FEE_RATIO.value).not.toBeCloseTo(mean, 2);
  });

  it('enterprise counts are distinct USCC across the partition’s lists; a 其中 park’s list never raises them', () => {
    fc.assert(
      fc.property(districtArb, (d) => {
        const { reg, subs } = build(d as District);
        const r = rollupDistrict(reg, 'D1', subs);
        const e = expected(d as District);
        expect(r.total.fields.IND_FIRMS.current).toBe(e.indFirms);
        const partitionCodes = new Set(reg.units.filter((u) => u.kind === 'township' || u.partitionMember).map((u) => u.code));
        const partitionLists = subs.filter((s) => partitionCodes.has(s.unit.code));
        if (partitionLists.some((s) => s.enterprises.length > 0)) {
          expect(r.total.fields.IND_FIRMS_RD.current).toBe(e.indRd);
          expect(r.enterprises.length).toBe(new Set(partitionLists.flatMap((s) => s.enterprises.map((x) => x.uscc))).size);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('shuffling the submissions changes nothing', () => {
    fc.assert(
      fc.property(
        districtArb.chain((d) => {
          const { reg, subs } = build(d as District);
          return fc.tuple(
            fc.constant(reg),
            fc.constant(subs),
            fc.shuffledSubarray(subs, { minLength: subs.length, maxLength: subs.length }),
          );
        }),
        ([reg, subs, shuffled]) => {
          expect(JSON.stringify(rollupDistrict(reg, 'D1', shuffled))).toBe(JSON.stringify(rollupDistrict(reg, 'D1', subs)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('de-duplication is idempotent: listing an enterprise again changes no count', () => {
    fc.assert(
      fc.property(districtArb, fc.nat(), fc.nat(), (d, which, where) => {
        const { reg, subs } = build(d as District);
        // A firm already counted (listed by a partition unit), listed again anywhere.
        const partitionCodes = new Set(reg.units.filter((u) => u.kind === 'township' || u.partitionMember).map((u) => u.code));
        const withFirms = subs.filter((s) => s.enterprises.length > 0 && partitionCodes.has(s.unit.code));
        if (withFirms.length === 0) return;
        const src = withFirms[which % withFirms.length];
        const copy: EnterpriseRow = { ...src.enterprises[which % src.enterprises.length] };
        const target = subs[where % subs.length];
        if (target.enterprises.length === 0) return; // a first list would replace the unit's entered count: not a duplicate
        const dup = subs.map((s) =>
          s === target ? { ...s, enterprises: [...s.enterprises, { ...copy, ref: { ...copy.ref, file: s.file, cell: `A${999}` } }] } : s,
        );
        const a = rollupDistrict(reg, 'D1', subs);
        const b = rollupDistrict(reg, 'D1', dup);
        for (const code of ['IND_FIRMS', 'IND_FIRMS_RD', 'HNTE_COUNT'])
          expect(b.total.fields[code].current).toBe(a.total.fields[code].current);
        expect(b.enterprises.length).toBe(a.enterprises.length);
      }),
      { numRuns: 150 },
    );
  });

  it('a park enterprise also listed by its township counts once; one only the park lists is not counted (and is reported)', () => {
    const t = unit('T1', '城关镇', 'township', 'D1');
    const p = unit('P1', '高新园', 'park', 'D1');
    const reg = register([unit('D1', '测试区', 'district', null), t, p]);
    const subs = [
      sub(t, { IND_FIRMS: fv(2) }, [firm(1, ['IND'], 'T1.xlsx', 4), firm(2, ['IND'], 'T1.xlsx', 5)]),
      sub(p, { IND_FIRMS: fv(2) }, [firm(2, ['IND'], 'P1.xlsx', 4), firm(3, ['IND'], 'P1.xlsx', 5)]),
    ];
    const r = rollupDistrict(reg, 'D1', subs);
    expect(r.total.fields.IND_FIRMS.current).toBe(2);
    expect(r.total.fields.IND_FIRMS.enterpriseCount).toBe(2);
    expect(r.enterprises.map((e) => e.uscc)).toEqual([uscc(1), uscc(2)].sort());
    const shared = r.enterprises.find((e) => e.uscc === uscc(2))!;
    expect(shared.listings.map((l) => l.unitCode)).toEqual(['T1', 'P1']);
    const note = r.findings.find((f) => f.code === 'PARK_FIRM_NOT_IN_TOWNSHIP')!;
    expect(note.unitCode).toBe('P1');
    expect(note.message).toContain('不计入区合计');
  });

  it('a 其中 park’s list does not raise a count the townships entered without lists (issue 10: 10 + 3 was 13)', () => {
    const t = unit('T1', '城关镇', 'township', 'D1');
    const p = unit('P1', '高新园', 'park', 'D1');
    const reg = register([unit('D1', '测试区', 'district', null), t, p]);
    const park = sub(p, { IND_FIRMS: fv(3) }, [
      firm(1, ['IND'], 'P1.xlsx', 4),
      firm(2, ['IND'], 'P1.xlsx', 5),
      firm(3, ['IND'], 'P1.xlsx', 6),
    ]);
    const withPark = rollupDistrict(reg, 'D1', [sub(t, { IND_FIRMS: fv(10) }, []), park]);
    const withoutPark = rollupDistrict(reg, 'D1', [sub(t, { IND_FIRMS: fv(10) }, [])]);
    expect(withoutPark.total.fields.IND_FIRMS.current).toBe(10);
    expect(withPark.total.fields.IND_FIRMS.current).toBe(10);
    // The park's own row still shows its count (其中 row).
    expect(withPark.rows.find((x) => x.unit.code === 'P1')!.fields.IND_FIRMS.current).toBe(3);
  });
});
