import { describe, expect, it } from 'vitest';
import { fixedRecord } from '../../src/core/fixed-record.js';
import { BASE_FIELDS } from '../../src/core/catalogue.js';
import { rollupAll } from '../../src/core/rollup.js';
import { buildDemoData } from '../../src/core/demo.js';

describe('fixedRecord', () => {
  it('makes independent records with the keys in the order given', () => {
    const make = fixedRecord<number>(['b', 'a', 'c']);
    const x = make();
    const y = make();
    x.a = 1;
    expect(Object.keys(x)).toEqual(['b', 'a', 'c']);
    expect(y.a).toBeNull();
    expect(make().a).toBeNull();
  });

  it('gives rollup rows every base field in catalogue order', () => {
    const demo = buildDemoData();
    const { districts } = rollupAll(demo.register, demo.submissions);
    for (const d of districts)
      for (const row of [...d.rows, d.total]) expect(Object.keys(row.fields)).toEqual(BASE_FIELDS.map((f) => f.code));
  });
});
