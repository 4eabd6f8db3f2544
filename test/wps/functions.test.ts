/**
 * The STI functions as WPS calls them (2-D arrays, omitted options as DISP_E_PARAMNOTFOUND, error
 * cells as COM error numbers) give what the Excel wrappers give, with errors as their literal
 * text; registration uses the build's metadata (same JSDoc and zh-CN table as functions.json).
 */
import '../functions/shim.js';
import { beforeAll, describe, expect, it } from 'vitest';
import * as excel from '../../src/functions/functions.js';
import { PARAM_NOT_FOUND } from '../../src/wps/et.js';
import { forWps, registerStiFunctions, type WpsFunctionMetadata } from '../../src/wps/functions.js';
import { wpsFunctionsMetadata } from '../../scripts/wps-addin.mjs';

let metadata: WpsFunctionMetadata[];
const registered = new Map<string, { fn: (...a: unknown[]) => unknown; meta: unknown; ns: string }>();

beforeAll(async () => {
  metadata = (await wpsFunctionsMetadata(process.cwd())) as WpsFunctionMetadata[];
  registerStiFunctions(
    { AddCustomFunction: (ns, name, fn, meta) => void registered.set(name, { ns, fn: fn as (...a: unknown[]) => unknown, meta }) },
    metadata,
  );
}, 60_000);

/** What Excel shows for a wrapper's result, as the WPS mapping promises to show it. */
function excelAsShown(f: () => unknown): unknown {
  try {
    const out = f();
    return Array.isArray(out)
      ? out.map((row) =>
          (row as unknown[]).map((c) => (typeof c === 'object' && c !== null && 'code' in c ? (c as { code: string }).code : c)),
        )
      : out;
  } catch (e) {
    const err = e as { code: string; message?: string };
    return [[err.message ? `${err.code}：${err.message}` : err.code]];
  }
}

const CASES: [string, string, unknown[], unknown[]][] = [
  // [name, Excel wrapper, Excel arguments, the same as WPS passes them]
  [
    'RDINTENSITY',
    'rdIntensityFn',
    [
      [[2.5], [1]],
      [[100], [0]],
    ],
    [
      [[2.5], [1]],
      [[100], [0]],
    ],
  ],
  ['COMPLETION', 'completionFn', [[[80, 120]], [[100]]], [[[80, 120]], [[100]]]],
  ['SCHEDULEGAP', 'scheduleGapFn', [[[60]], [[100]], [[9]]], [[[60]], [[100]], [[9]]]],
  [
    'GROWTH',
    'growthFn',
    [
      [[110], ['']],
      [[100], [50]],
    ],
    [
      [[110], [null]],
      [[100], [50]],
    ],
  ],
  ['PPCHANGE', 'ppChangeFn', [[[2.31]], [[2.15]]], [[[2.31]], [[2.15]]]],
  [
    'SHARE',
    'shareFn',
    [
      [
        [1, 2],
        [3, 4],
      ],
      [[10]],
    ],
    [
      [
        [1, 2],
        [3, 4],
      ],
      [[10]],
    ],
  ],
  ['PER10K', 'per10kFn', [[[250]], [['abc']]], [[[250]], [['abc']]]],
  [
    'RANK',
    'rankFn',
    [[[3], [5], [9]], [[3], [5], [5], [9]], undefined, undefined],
    [[[3], [5], [9]], [[3], [5], [5], [9]], PARAM_NOT_FOUND, PARAM_NOT_FOUND],
  ],
  ['RANK', 'rankFn', [[[5]], [[3], [5], [5], [9]], 1, 'dense'], [[[5]], [[3], [5], [5], [9]], [[1]], [['dense']]]],
  ['RANK', 'rankFn', [[[7]], [[3], [5]], undefined, 'bogus'], [[[7]], [[3], [5]], PARAM_NOT_FOUND, 'bogus']],
  ['RANKCHANGE', 'rankChangeFn', [[[5], [2]], [[2], [2]], true], [[[5], [2]], [[2], [2]], true]],
  [
    'COMPOSITE',
    'compositeFn',
    [
      [
        [1, 10],
        [2, 20],
        [3, 30],
      ],
      undefined,
      undefined,
      undefined,
      undefined,
    ],
    [
      [
        [1, 10],
        [2, 20],
        [3, 30],
      ],
      PARAM_NOT_FOUND,
      PARAM_NOT_FOUND,
      PARAM_NOT_FOUND,
      PARAM_NOT_FOUND,
    ],
  ],
  [
    'COMPOSITE',
    'compositeFn',
    [
      [
        [1, 10],
        [2, 20],
      ],
      [[1, 3]],
      'zscore',
      undefined,
      undefined,
    ],
    [
      [
        [1, 10],
        [2, 20],
      ],
      [[1, 3]],
      [['zscore']],
      PARAM_NOT_FOUND,
      PARAM_NOT_FOUND,
    ],
  ],
  [
    'USCC',
    'usccFn',
    [[['91350100M000100Y43'], ['91350100M000100Y44'], [12345]]],
    [[['91350100M000100Y43'], ['91350100M000100Y44'], [12345]]],
  ],
  ['PARSENUM', 'parseNumFn', [[['1.2亿'], ['2000万'], ['—'], ['56.92%']], '万'], [[['1.2亿'], ['2000万'], ['—'], ['56.92%']], [['万']]]],
  ['SHARE', 'shareFn', [[[1, 2, 3]], [[1, 2]]], [[[1, 2, 3]], [[1, 2]]]],
];

describe('STI functions in WPS', () => {
  it('registers every function of the build metadata in namespace STI with Chinese texts', () => {
    expect([...registered.keys()].sort()).toEqual(metadata.map((m) => m.name).sort());
    expect(registered.size).toBe(12);
    for (const [name, r] of registered) {
      expect(r.ns).toBe('STI');
      const meta = r.meta as { description: string; parameters: { name: string }[] };
      expect(meta.description, name).toMatch(/[\u4e00-\u9fff]/);
      for (const p of meta.parameters) expect(p.name, name).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it.each(CASES.map((c, i) => [`${c[0]} #${i + 1}`, c] as const))(
    '%s: same result as the Excel wrapper',
    (_label, [name, jsName, excelArgs, wpsArgs]) => {
      const excelFn = (excel as unknown as Record<string, (...a: unknown[]) => unknown>)[jsName];
      const expected = excelAsShown(() => excelFn(...excelArgs));
      const actual = registered.get(name)!.fn(...wpsArgs);
      expect(actual).toEqual(expected);
    },
  );

  it('maps errors to their literals: #DIV/0! and #N/A per cell, a whole-call failure with its Chinese reason', () => {
    const growth = registered.get('GROWTH')!.fn;
    expect(growth([[110], [5]], [[0], [100]])).toEqual([['#DIV/0!'], [expect.any(Number)]]);
    const rank = registered.get('RANK')!.fn;
    expect(rank([[4]], [[3], [5]], PARAM_NOT_FOUND, PARAM_NOT_FOUND)).toEqual([['#N/A']]);
    const share = registered.get('SHARE')!.fn;
    const [[whole]] = share([[1, 2, 3]], [[1, 2]]) as string[][];
    expect(whole).toMatch(/^#VALUE!：参数区域大小不一致/);
  });

  it('an error cell handed over as its COM number is not computed with (Excel: #VALUE!)', () => {
    const share = registered.get('SHARE')!.fn;
    expect(share([[-2146826281, 5]], [[10]])).toEqual([['#VALUE!', 50]]);
  });

  it('a wrapper that breaks unexpectedly still answers with #VALUE! and a Chinese reason', () => {
    const broken = forWps(() => {
      throw new TypeError('x is undefined');
    });
    expect(broken()).toEqual([['#VALUE!：计算出错：x is undefined']]);
  });

  it('a WPS without AddCustomFunction (older than 12.1.0.20540) registers nothing and does not fail', () => {
    expect(registerStiFunctions({}, metadata)).toEqual([]);
    expect(registerStiFunctions(undefined, metadata)).toEqual([]);
  });
});
