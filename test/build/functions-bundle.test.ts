/**
 * dist/functions.js as Excel loads it: evaluated in a fresh global scope, it registers every
 * function of functions.json with CustomFunctions.associate, and the registered functions
 * compute. Outside Excel (no CustomFunctions global) it loads without an error.
 */
import { describe, it, expect } from 'vitest';
import vm from 'node:vm';
import { dist, functionsFiles, readBuiltAddin } from './built-addin.js';

// functions.<hash>.js and functions.<hash>.json, as the built manifest names them.
const built = readBuiltAddin(dist);
const files = functionsFiles(built, 'https://localhost:3000/');
const read = (file: 'functions.js' | 'functions.json') => built.read(file === 'functions.js' ? files.script : files.metadata);

class FakeExcelError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

function load(withRuntime: boolean) {
  const associated = new Map<string, (...args: unknown[]) => unknown>();
  const sandbox: Record<string, unknown> = { console };
  sandbox.self = sandbox;
  sandbox.window = sandbox;
  if (withRuntime) {
    sandbox.CustomFunctions = {
      Error: FakeExcelError,
      associate: (id: string, fn: (...args: unknown[]) => unknown) => associated.set(id, fn),
    };
  }
  vm.runInNewContext(read('functions.js'), sandbox, { filename: 'functions.js' });
  return { associated, sandbox };
}

describe('dist/functions.js', () => {
  it('associates every function id of functions.json with a function', () => {
    const ids = (JSON.parse(read('functions.json')) as { functions: { id: string }[] }).functions.map((f) => f.id);
    const { associated } = load(true);
    expect([...associated.keys()].sort()).toEqual([...ids].sort());
    for (const fn of associated.values()) expect(typeof fn).toBe('function');
  });

  it('the registered functions compute, spill and return Excel errors', () => {
    const { associated } = load(true);
    const call = (id: string, ...args: unknown[]) => associated.get(id)!(...args);
    expect(call('SHARE', [[74], [28.12]], [[130], [50]])).toEqual([[(74 / 130) * 100], [(28.12 / 50) * 100]]);
    expect(call('RANK', [[2.14], [6.83]], [[6.83], [2.14], [2.14], [1]], 0, 'dense')).toEqual([[2], [1]]);
    expect(call('PARSENUM', [['1.2亿']], '万')).toEqual([[12000]]);
    const [[err]] = call('RDINTENSITY', [[1]], [[0]]) as unknown[][];
    expect(err).toBeInstanceOf(FakeExcelError);
    expect((err as FakeExcelError).code).toBe('#DIV/0!');
  });

  it('loads outside Excel (no CustomFunctions global) without throwing', () => {
    expect(() => load(false)).not.toThrow();
  });
});
