import { describe, it, expect } from 'vitest';
import { ExcelError, isExcelError, thrown } from './shim.js';
import {
  compositeFn,
  completionFn,
  growthFn,
  parseNumFn,
  per10kFn,
  ppChangeFn,
  rankChangeFn,
  rankFn,
  rdIntensityFn,
  scheduleGapFn,
  shareFn,
  usccFn,
} from '../../src/functions/functions.js';
import { excelRound, withUsccCheckChar } from '../../src/core/index.js';

const round = (m: unknown[][], dp: number) => m.map((row) => row.map((x) => (typeof x === 'number' ? excelRound(x, dp) : x)));
const cell = (m: unknown[][]) => {
  expect(m).toHaveLength(1);
  expect(m[0]).toHaveLength(1);
  return m[0][0];
};
const errorOf = (x: unknown): ExcelError => {
  expect(x).toBeInstanceOf(ExcelError);
  return x as ExcelError;
};

describe('element-wise ratio functions', () => {
  it('STI.RDINTENSITY of single cells is rd / gdp × 100 (2022 national: 30782.9 / 1210207)', () => {
    expect(excelRound(cell(rdIntensityFn([[30782.9]], [[1210207]])) as number, 2)).toBe(2.54);
  });

  it('spills a column against a column of the same shape', () => {
    const rd = [[2843.3], [1001.8], [74]];
    const gdp = [[41610.9], [16311.3], [130]];
    expect(round(rdIntensityFn(rd, gdp), 2)).toEqual([[6.83], [6.14], [56.92]]);
  });

  it('broadcasts a single cell against a range and a row against a column (like Excel arrays)', () => {
    expect(shareFn([[1], [2], [3]], [[4]])).toEqual([[25], [50], [75]]);
    expect(shareFn([[50]], [[100, 200, 400]])).toEqual([[50, 25, 12.5]]);
    expect(per10kFn([[1], [2]], [[10000, 20000]])).toEqual([
      [1, 0.5],
      [2, 1],
    ]);
  });

  it('refuses ranges of different sizes with #VALUE! and a Chinese message', () => {
    const e = thrown(() => shareFn([[1], [2], [3]], [[1], [2]]));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('参数区域大小不一致');
    expect(e.message).toContain('3行×1列');
  });

  it('keeps an empty row empty and computes the others', () => {
    const out = completionFn([[28.12], [null], ['']], [[50], [null], [' ']]);
    expect(out).toEqual([[56.24], [''], ['']]);
  });

  it('maps a blank or zero denominator to #DIV/0! (no custom message: Excel allows none there)', () => {
    for (const gdp of [null, 0, '']) {
      const e = errorOf(cell(rdIntensityFn([[10]], [[gdp]])));
      expect(e.code).toBe('#DIV/0!');
      expect(e.message).toBeUndefined();
    }
  });

  it('maps a negative denominator to #NUM! and a blank numerator to #N/A with a Chinese message', () => {
    expect(errorOf(cell(shareFn([[1]], [[-5]]))).code).toBe('#NUM!');
    const na = errorOf(cell(rdIntensityFn([[null]], [[100]])));
    expect(na.code).toBe('#N/A');
    expect(na.message).toBe('缺少R&D经费');
  });

  it('maps text to #VALUE! naming the argument and pointing to STI.PARSENUM; plain numeric text is read', () => {
    const e = errorOf(cell(rdIntensityFn([['1.2亿']], [[100]])));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('R&D经费“1.2亿”不是数字');
    expect(e.message).toContain('STI.PARSENUM');
    expect(cell(shareFn([[' 25 ']], [['50']]))).toBe(50);
    expect(errorOf(cell(shareFn([[true]], [[2]]))).message).toContain('逻辑值TRUE');
  });

  it('treats the blank marks of Chinese tables ("—", "-", "/") as blank', () => {
    expect(cell(shareFn([['—']], [['/']]))).toBe('');
    expect(errorOf(cell(shareFn([[5]], [['-']]))).code).toBe('#DIV/0!');
  });

  it('one bad cell does not spoil the rest of the spill', () => {
    const out = shareFn([[1], ['x'], [3]], [[4]]);
    expect(out[0][0]).toBe(25);
    expect(isExcelError(out[1][0], '#VALUE!')).toBe(true);
    expect(out[2][0]).toBe(75);
  });

  it('STI.COMPLETION reproduces the seed check 28.12 / 50 → 56.24', () => {
    expect(cell(completionFn([[28.12]], [[50]]))).toBeCloseTo(56.24, 12);
  });

  it('STI.SCHEDULEGAP is completion − months/12 × 100; months outside 0..12 → #NUM!', () => {
    expect(cell(scheduleGapFn([[80]], [[100]], [[9]]))).toBeCloseTo(5, 12);
    expect(round(scheduleGapFn([[60], [75], [90]], [[100]], [[9]]), 6)).toEqual([[-15], [0], [15]]);
    expect(errorOf(cell(scheduleGapFn([[1]], [[2]], [[13]]))).code).toBe('#NUM!');
  });

  it('STI.GROWTH: (cur/prev − 1) × 100; previous 0 → #DIV/0!, negative → #NUM!', () => {
    // 2023 national R&D 33357.1 vs 2022 30782.9 → 8.4% (published)
    expect(excelRound(cell(growthFn([[33357.1]], [[30782.9]])) as number, 1)).toBe(8.4);
    expect(errorOf(cell(growthFn([[5]], [[0]]))).code).toBe('#DIV/0!');
    expect(errorOf(cell(growthFn([[5]], [[-1]]))).code).toBe('#NUM!');
  });

  it('STI.PPCHANGE is a difference in percentage points; a blank side is #N/A', () => {
    expect(excelRound(cell(ppChangeFn([[2.65]], [[2.56]])) as number, 2)).toBe(0.09);
    expect(errorOf(cell(ppChangeFn([[2.65]], [[null]]))).code).toBe('#N/A');
  });

  it('STI.SHARE and STI.PER10K', () => {
    expect(excelRound(cell(shareFn([[74]], [[130]])) as number, 2)).toBe(56.92);
    expect(cell(per10kFn([[350]], [[70000]]))).toBeCloseTo(50, 12);
  });
});

describe('STI.RANK', () => {
  const ref = [[2.14], [3.0], [2.14], [1.5], ['n/a'], [null], [5]];

  it('spills the rank of every value of a range, competition by default (RANK.EQ)', () => {
    expect(rankFn(ref.slice(0, 4), ref)).toEqual([[3], [2], [3], [5]]);
  });

  it('dense, average and ascending order', () => {
    const values = [[5], [3], [2.14], [1.5]];
    expect(rankFn(values, ref, 0, 'competition')).toEqual([[1], [2], [3], [5]]);
    expect(rankFn(values, ref, 0, 'dense')).toEqual([[1], [2], [3], [4]]);
    expect(rankFn(values, ref, 0, '中国式')).toEqual([[1], [2], [3], [4]]);
    expect(rankFn(values, ref, 0, 'AVERAGE')).toEqual([[1], [2], [3.5], [5]]);
    expect(rankFn(values, ref, 1)).toEqual([[5], [4], [2], [1]]);
    expect(rankFn(values, ref, true, 'average')).toEqual([[5], [4], [2.5], [1]]);
  });

  it('skips text and blanks in ref, leaves a blank value blank, and gives #N/A for a value not in ref', () => {
    const out = rankFn([[null], [7]], ref);
    expect(out[0][0]).toBe('');
    const e = errorOf(out[1][0]);
    expect(e.code).toBe('#N/A');
    expect(e.message).toContain('不在排名区域中');
  });

  it('accepts a single-cell value and a row-shaped ref', () => {
    expect(rankFn([[20]], [[10, 20, 30]])).toEqual([[2]]);
  });

  it('refuses an unknown method or a text order with #VALUE!', () => {
    expect(thrown(() => rankFn([[1]], [[1]], 0, 'olympic')).message).toContain('排名方法');
    expect(thrown(() => rankFn([[1]], [[1]], 'desc')).code).toBe('#VALUE!');
  });
});

describe('STI.RANKCHANGE', () => {
  it('is previous − current, element-wise, or Chinese text with asText', () => {
    expect(rankChangeFn([[5], [2], [4]], [[2], [4], [4]])).toEqual([[3], [-2], [0]]);
    expect(rankChangeFn([[5], [2], [4]], [[2], [4], [4]], true)).toEqual([['上升3位'], ['下降2位'], ['持平']]);
  });

  it('a missing rank is #N/A; a blank row stays blank; rank 0 is #VALUE!', () => {
    const out = rankChangeFn([[null], [null], [0]], [[3], [null], [1]]);
    expect(errorOf(out[0][0]).code).toBe('#N/A');
    expect(out[1][0]).toBe('');
    expect(errorOf(out[2][0]).code).toBe('#VALUE!');
  });
});

describe('STI.COMPOSITE', () => {
  const values = [
    [10, 1, 5],
    [20, 3, 5],
    [30, 2, 5],
  ];

  it('spills one min–max score per row (0–100), equal weights by default', () => {
    const out = compositeFn(values);
    expect(out).toHaveLength(3);
    // column 3 is constant → 100 for everyone (core note); columns 1, 2 min–max.
    expect(out[0][0]).toBeCloseTo((0 + 0 + 100) / 3, 10);
    expect(out[1][0]).toBeCloseTo((50 + 100 + 100) / 3, 10);
    expect(out[2][0]).toBeCloseTo((100 + 50 + 100) / 3, 10);
  });

  it('weights (as a row), directions and the standard method with reference values', () => {
    const w = compositeFn(values, [[2, 1, 1]]);
    expect(w[2][0]).toBeCloseTo((2 * 100 + 50 + 100) / 4, 10);
    const d = compositeFn(values, null as never, 'minmax', [[-1, 1, 1]]);
    expect(d[0][0]).toBeCloseTo((100 + 0 + 100) / 3, 10);
    const s = compositeFn([[15, 2]], null as never, 'standard', null as never, [[30, 1]]);
    expect(s[0][0]).toBeCloseTo((50 + 100) / 2, 10);
  });

  it('a row with no numbers stays blank; text in values is #VALUE! naming row and column', () => {
    const out = compositeFn([
      [1, 2],
      [null, null],
      [3, 4],
    ]);
    expect(out[1][0]).toBe('');
    const e = thrown(() =>
      compositeFn([
        [1, 2],
        [3, 'abc'],
      ]),
    );
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('第2行第2列');
  });

  it('bad options are #VALUE! with a Chinese message', () => {
    expect(thrown(() => compositeFn(values, [[1, 2]])).message).toContain('权重应为3个');
    expect(thrown(() => compositeFn(values, null as never, 'median')).message).toContain('指数方法');
    expect(thrown(() => compositeFn(values, null as never, 'minmax', [[1, 0, 1]])).message).toContain('指标方向');
    expect(thrown(() => compositeFn(values, null as never, 'base')).message).toContain('基期值');
  });
});

describe('STI.USCC', () => {
  const valid = withUsccCheckChar('91350100M000100Y4');

  it('returns the normalised code for valid codes (trim, full-width → half-width, upper case)', () => {
    const fullWidth = ` ${valid.toLowerCase().replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))} `;
    expect(usccFn([[valid], [fullWidth], [null]])).toEqual([[valid], [valid], ['']]);
  });

  it('a wrong check character is #VALUE! 统一社会信用代码校验位错误', () => {
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const e = errorOf(cell(usccFn([[wrong]])));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('统一社会信用代码校验位错误');
  });

  it('wrong length, a forbidden character or a number cell give the reason', () => {
    expect(errorOf(cell(usccFn([['123']]))).message).toContain('应为18位');
    expect(errorOf(cell(usccFn([['I1350100M000100Y4X']]))).message).toContain('不是统一社会信用代码允许的字符');
    expect(errorOf(cell(usccFn([[913501001234567]]))).message).toContain('应以文本输入');
  });
});

describe('STI.PARSENUM', () => {
  it('reads the messy texts of product.md §3', () => {
    const out = parseNumFn([['1,234.5'], ['１２３'], ['1.2亿'], ['2000万'], ['56.92%'], ['—'], ['-'], ['/'], [42]]);
    expect(out).toEqual([[1234.5], [123], [120000000], [20000000], [56.92], [''], [''], [''], [42]]);
  });

  it('converts to the unit asked for (万, 亿, 元; 万元 and 亿元 accepted)', () => {
    expect(parseNumFn([['1.2亿'], ['2000万'], ['5000']], '万')).toEqual([[12000], [2000], [5000]]);
    expect(parseNumFn([['2000万']], '亿元')).toEqual([[0.2]]);
    expect(parseNumFn([['3万']], [['元']])).toEqual([[30000]]);
  });

  it('garbage and an unknown unit are #VALUE! with Chinese messages', () => {
    const e = errorOf(cell(parseNumFn([['abc']])));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('无法识别的数字');
    expect(thrown(() => parseNumFn([['1']], '千克')).message).toContain('单位应为');
  });
});
