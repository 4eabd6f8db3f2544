import { IndicatorError } from './errors.js';

export type MagnitudeUnit = '元' | '万' | '亿';

export interface ParseNumberOptions {
  /** Express the result in this unit ("1.2亿" with unit 万 → 12000). A bare number is taken as already in it. */
  unit?: MagnitudeUnit;
}

const UNIT_FACTOR: Record<MagnitudeUnit, number> = { 元: 1, 万: 1e4, 亿: 1e8 };
const SUFFIX_FACTOR: Record<string, number> = { 亿: 1e8, 万: 1e4, 千: 1e3, 百: 1e2 };
/** Texts that mean "no figure" in Chinese statistical tables. */
const BLANK_MARKS = new Set(['', '-', '--', '—', '——', '–', '/', '／', '…', '……', '无', '空', 'N/A', 'n/a', '#N/A']);

/** Full-width ASCII (U+FF01–FF5E) to half-width; ideographic and no-break spaces to space. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCodePoint(c - 0xfee0);
    else if (c === 0x3000 || c === 0xa0 || c === 0x2007 || c === 0x202f) out += ' ';
    else if (ch === '。') out += '.';
    else out += ch;
  }
  return out;
}

const NUMBER_RE = /^([+-])?(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?$/;

/**
 * Read a number from messy submitted text: "1,234.5", "１２３", "1.2亿", "2000万元", "56.92%"
 * (→ 56.92, percent as number of percent), "(123)" (accounting negative). Blank marks
 * ("—", "-", "/") give null. Anything else throws IndicatorError VALUE.
 */
export function parseNumber(input: unknown, options: ParseNumberOptions = {}): number | null {
  const target = options.unit ? UNIT_FACTOR[options.unit] : 1;
  if (input === null || input === undefined) return null;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new IndicatorError('VALUE', `不是有效数字：${String(input)}`);
    return input;
  }
  if (typeof input === 'boolean') throw new IndicatorError('VALUE', `应为数字，实际为逻辑值：${input ? 'TRUE' : 'FALSE'}`);
  if (typeof input !== 'string') throw new IndicatorError('VALUE', `应为数字，无法识别：${String(input)}`);
  const original = input;
  let s = toHalfWidth(input).trim();
  if (BLANK_MARKS.has(s)) return null;
  s = s.replace(/\s+/g, '');
  if (BLANK_MARKS.has(s)) return null;
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('−')) s = '-' + s.slice(1);
  // Thousands separators: ASCII comma or Chinese comma between digit groups of three.
  if (/^[+-]?\d{1,3}([,，、]\d{3})+(\.\d*)?/.test(s)) s = s.replace(/[,，、](?=\d{3})/g, '');
  let magnitude = 1;
  // A trailing 元 names the unit: "5000元" in 万 is 0.5, like "50万" in 亿 is 0.005.
  let hadMagnitude = s.endsWith('元');
  s = s.replace(/元$/, '');
  if (s.endsWith('%')) {
    hadMagnitude = false;
    s = s.slice(0, -1); // a percent is returned as its number of percent: "56.92%" → 56.92
  } else {
    // Longest first so "万亿" is read before "亿".
    if (s.endsWith('万亿')) {
      magnitude = 1e12;
      hadMagnitude = true;
      s = s.slice(0, -2);
    } else {
      const last = s.slice(-1);
      if (last in SUFFIX_FACTOR) {
        magnitude = SUFFIX_FACTOR[last];
        hadMagnitude = true;
        s = s.slice(0, -1);
      }
    }
  }
  const m = NUMBER_RE.exec(s);
  if (!m) throw new IndicatorError('VALUE', `无法识别的数字：“${original}”`);
  // Shift the decimal exponent instead of multiplying, so "1.2亿" in 万 is exactly 12000.
  const shift = (m[3] ? Number(m[3]) : 0) + (hadMagnitude ? Math.round(Math.log10(magnitude / target)) : 0);
  let value = Number(`${m[2]}e${shift}`);
  if (!Number.isFinite(value)) throw new IndicatorError('VALUE', `数字超出范围：“${original}”`);
  if ((m[1] === '-') !== negative) value = -value;
  return value;
}
