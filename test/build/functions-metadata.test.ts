/**
 * functions.json (from the JSDoc) and functions-zh-cn.json (built with the Chinese table):
 * the same functions and parameters, every text present; and the localizer refuses gaps.
 */
import { describe, it, expect } from 'vitest';
import { dist, functionsFiles, readBuiltAddin } from './built-addin.js';
// @ts-expect-error — plain ESM script without type declarations
import { localizeMetadata } from '../../scripts/functions-zh.mjs';

interface Param {
  name: string;
  description?: string;
  dimensionality?: string;
  optional?: boolean;
  type?: string;
}
interface Fn {
  id: string;
  name: string;
  description?: string;
  parameters: Param[];
  result?: { dimensionality?: string };
}
interface Metadata {
  functions: Fn[];
}

// The build names them with content hashes; the manifest says which files they are.
const built = readBuiltAddin(dist);
const files = functionsFiles(built, 'https://localhost:3000/');
const readJson = (file: string) => JSON.parse(built.read(file)) as Metadata;
const en = readJson(files.metadata);
const zh = readJson(files.metadataZh);
const CJK = /[\u4e00-\u9fff]/;

const PRODUCT_FUNCTIONS = [
  'RDINTENSITY',
  'COMPLETION',
  'SCHEDULEGAP',
  'GROWTH',
  'PPCHANGE',
  'SHARE',
  'PER10K',
  'RANK',
  'RANKCHANGE',
  'COMPOSITE',
  'USCC',
  'PARSENUM',
];

describe('functions.json', () => {
  it('declares exactly the functions of product.md §3, names = ids (English)', () => {
    expect(en.functions.map((f) => f.id).sort()).toEqual([...PRODUCT_FUNCTIONS].sort());
    for (const f of en.functions) expect(f.name).toBe(f.id);
  });

  it('every function and parameter has an English description', () => {
    for (const f of en.functions) {
      expect(f.description?.trim(), f.id).toBeTruthy();
      for (const p of f.parameters) expect(p.description?.trim(), `${f.id}.${p.name}`).toBeTruthy();
    }
  });

  it('range parameters are matrices and results spill (matrix)', () => {
    const scalarOptions = new Set(['RANK.order', 'RANK.method', 'RANKCHANGE.asText', 'COMPOSITE.method', 'PARSENUM.unit']);
    for (const f of en.functions) {
      expect(f.result?.dimensionality, f.id).toBe('matrix');
      for (const p of f.parameters) {
        const key = `${f.id}.${p.name}`;
        if (scalarOptions.has(key)) expect(p.optional, key).toBe(true);
        else expect(p.dimensionality, key).toBe('matrix');
      }
    }
    const optional = (id: string) =>
      en.functions
        .find((f) => f.id === id)!
        .parameters.filter((p) => p.optional)
        .map((p) => p.name);
    expect(optional('RANK')).toEqual(['order', 'method']);
    expect(optional('COMPOSITE')).toEqual(['weights', 'method', 'directions', 'reference']);
  });
});

describe('functions-zh-cn.json', () => {
  it('lists the same ids and names in the same order, with the same parameter count and shape', () => {
    expect(zh.functions.map((f) => [f.id, f.name])).toEqual(en.functions.map((f) => [f.id, f.name]));
    zh.functions.forEach((z, i) => {
      const e = en.functions[i];
      expect(z.parameters.length, z.id).toBe(e.parameters.length);
      z.parameters.forEach((p, k) => {
        const { name: _n, description: _d, ...zShape } = p;
        const { name: _n2, description: _d2, ...eShape } = e.parameters[k];
        expect(zShape, `${z.id} parameter ${k + 1}`).toEqual(eShape);
      });
      expect(z.result).toEqual(e.result);
    });
  });

  it('every description, parameter name and parameter description is Chinese text', () => {
    for (const f of zh.functions) {
      expect(f.description, f.id).toMatch(CJK);
      const names = new Set<string>();
      for (const p of f.parameters) {
        expect(p.name, `${f.id} parameter`).toMatch(CJK);
        expect(p.description, `${f.id}.${p.name}`).toMatch(CJK);
        names.add(p.name);
      }
      expect(names.size, `${f.id}: parameter names must differ`).toBe(f.parameters.length);
    }
  });
});

describe('the zh-CN localizer fails the build on a missing or stale text', () => {
  const metadata: Metadata = {
    functions: [
      {
        id: 'SHARE',
        name: 'SHARE',
        description: 'Share',
        parameters: [
          { name: 'part', description: 'The part' },
          { name: 'whole', description: 'The whole' },
        ],
      },
    ],
  };
  const complete = {
    SHARE: {
      description: '占比',
      parameters: { part: { name: '部分', description: '部分的数值' }, whole: { name: '总体', description: '总体的数值' } },
    },
  };

  it('localizes a complete table', () => {
    const out = localizeMetadata(metadata, complete) as Metadata;
    expect(out.functions[0]).toMatchObject({ id: 'SHARE', name: 'SHARE', description: '占比' });
    expect(out.functions[0].parameters.map((p) => p.name)).toEqual(['部分', '总体']);
  });

  it.each([
    ['a function without an entry', {}, 'SHARE: no Chinese entry'],
    ['an empty description', { SHARE: { ...complete.SHARE, description: ' ' } }, 'SHARE: Chinese description missing'],
    ['an English-only description', { SHARE: { ...complete.SHARE, description: 'Share' } }, 'SHARE: Chinese description missing'],
    [
      'a parameter without text',
      { SHARE: { ...complete.SHARE, parameters: { part: complete.SHARE.parameters.part } } },
      'SHARE.whole: Chinese parameter name missing',
    ],
    [
      'a parameter name that no longer exists',
      { SHARE: { ...complete.SHARE, parameters: { ...complete.SHARE.parameters, total: { name: '总', description: '总' } } } },
      'unknown parameter "total"',
    ],
    [
      'an entry for a removed function',
      { ...complete, OLDFN: { description: '旧' } },
      'OLDFN: Chinese entry for a function that does not exist',
    ],
  ])('refuses %s', (_what, table, message) => {
    expect(() => localizeMetadata(metadata, table)).toThrow(message);
  });
});
