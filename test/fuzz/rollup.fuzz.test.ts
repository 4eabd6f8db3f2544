/**
 * Fuzzing the rollup and ranking core on perturbed submissions: the 示例市 demo data with
 * values, enterprises and unit facts changed at random (negative, zero, huge, missing,
 * duplicated, codes that collide or point nowhere). rollupAll, the rollup workbook model
 * and the ranking never throw; every total is a finite number or null (never NaN, never a
 * silent zero for a missing input); shuffling the submissions changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDemoData } from '../../src/core/demo.js';
import { buildRollupWorkbook } from '../../src/core/outputs-rollup.js';
import { rankChildren, rankingRowsFromRollup, DEFAULT_RANKING_INDICATORS } from '../../src/core/ranking.js';
import { rollupAll } from '../../src/core/rollup.js';
import { registerFromSubmissions } from '../../src/core/register.js';
import type { Submission, UnitKind } from '../../src/core/types.js';
import { runs, timeout } from './runs.js';

const demo = buildDemoData();
// One district's units keep each run small: the district, its townships and parks.
const district = demo.submissions.find((s) => s.unit.kind === 'district')!;
const family = demo.submissions.filter((s) => s.unit.code === district.unit.code || s.unit.parentCode === district.unit.code);
const other = demo.submissions.find((s) => s.unit.kind === 'district' && s.unit.code !== district.unit.code)!;
const pool = [...family, other];

// Values the reader can hand over (it refuses magnitudes from 1e15 up).
const weird = fc.constantFrom(0, -0, -1, -1e9, 9.99e14, -9.99e14, 0.1 + 0.2, 1e-12, null);
const change = fc.record({
  sub: fc.nat(),
  what: fc.constantFrom(
    'field',
    'dropField',
    'enterpriseCopy',
    'enterpriseValue',
    'uscc',
    'unitCode',
    'parent',
    'kind',
    'period',
    'dropSub',
    'dupSub',
  ),
  pick: fc.nat(),
  value: weird,
  kind: fc.constantFrom<UnitKind>('township', 'park', 'district', 'city'),
  text: fc.constantFrom('', '=HYPERLINK("x")', '990100', '990101', 'X', '2023', '2024-01..06', '9'.repeat(30)),
});

type Change = { sub: number; what: string; pick: number; value: number | null; kind: UnitKind; text: string };

function perturb(changes: Change[]): Submission[] {
  let subs: Submission[] = structuredClone(pool);
  for (const c of changes) {
    if (subs.length === 0) break;
    const s = subs[c.sub % subs.length];
    const codes = Object.keys(s.fields);
    switch (c.what) {
      case 'field': {
        if (!codes.length) break;
        const fv = s.fields[codes[c.pick % codes.length]];
        (['current', 'previous', 'target'] as const).forEach((k, i) => (i === c.pick % 3 ? (fv[k] = c.value) : null));
        break;
      }
      case 'dropField':
        if (codes.length) delete s.fields[codes[c.pick % codes.length]];
        break;
      case 'enterpriseCopy': {
        const from = subs[c.pick % subs.length];
        if (from.enterprises.length) s.enterprises.push(structuredClone(from.enterprises[c.pick % from.enterprises.length]));
        break;
      }
      case 'enterpriseValue':
        if (s.enterprises.length) {
          const e = s.enterprises[c.pick % s.enterprises.length];
          e.revenue = c.value;
          e.rdExp = c.value;
        }
        break;
      case 'uscc':
        if (s.enterprises.length) s.enterprises[c.pick % s.enterprises.length].uscc = c.text;
        break;
      case 'unitCode':
        s.unit = { ...s.unit, code: c.text };
        break;
      case 'parent':
        s.unit = { ...s.unit, parentCode: c.text || null };
        break;
      case 'kind':
        s.unit = { ...s.unit, kind: c.kind };
        break;
      case 'period':
        s.period = c.text;
        break;
      case 'dropSub':
        subs = subs.filter((x) => x !== s);
        break;
      case 'dupSub':
        subs.push({ ...structuredClone(s), file: `${s.file}.copy.xlsx` });
        break;
    }
  }
  return subs;
}

/** Every number reachable from `x` is finite (JSON would hide NaN as null, so walk the objects). */
function allFinite(x: unknown, path: string, seen = new Set<object>()): string | null {
  if (typeof x === 'number') return Number.isFinite(x) ? null : `${path} = ${x}`;
  if (x === null || typeof x !== 'object' || seen.has(x)) return null;
  seen.add(x);
  for (const [k, v] of x instanceof Map ? x.entries() : Object.entries(x)) {
    const bad = allFinite(v, `${path}.${String(k)}`, seen);
    if (bad) return bad;
  }
  return null;
}

describe('rollup and ranking on perturbed submissions', () => {
  it(
    'never throw; totals finite or null; order of the submissions does not matter',
    () => {
      fc.assert(
        fc.property(fc.array(change, { maxLength: 8 }), fc.boolean(), (changes, useRegister) => {
          const subs = perturb(changes);
          const register = useRegister ? demo.register : registerFromSubmissions(subs);
          const a = rollupAll(register, subs);
          const b = rollupAll(register, [...subs].reverse());
          expect(JSON.stringify(b.city)).toBe(JSON.stringify(a.city));
          for (const r of [...a.districts, a.city]) {
            for (const f of r.findings) expect(f.message).toMatch(/[\u4e00-\u9fff]/);
            expect(allFinite(r, r.level)).toBeNull();
          }
          const model = buildRollupWorkbook([...a.districts, a.city]);
          for (const s of model.sheets)
            for (const row of s.rows)
              for (const c of row ?? []) if (typeof c?.value === 'number') expect(Number.isFinite(c.value), s.name).toBe(true);
          const rows = rankingRowsFromRollup(a.city);
          if (rows.length) {
            const t = rankChildren(rows, { indicators: [...DEFAULT_RANKING_INDICATORS] });
            expect(allFinite(t, 'ranking')).toBeNull();
          }
        }),
        {
          ...runs(25, 100),
          // Found by a run: one unit's two files (one of them also of the wrong kind) gave its reasons in file order.
          examples: [
            [
              [
                { sub: 1, what: 'unitCode', pick: 0, value: 0, kind: 'township', text: '990101' },
                { sub: 2, what: 'unitCode', pick: 0, value: 0, kind: 'township', text: '990101' },
                { sub: 0, what: 'kind', pick: 0, value: 0, kind: 'park', text: '' },
              ] as never,
              true,
            ],
          ],
        },
      );
    },
    timeout(120_000),
  );
});
