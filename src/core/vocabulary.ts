/**
 * The words read from files — unit kinds, yes/no answers, flag marks — and the words written.
 * One vocabulary for the register reader, the template reader and validation, so a word one of
 * them accepts the others accept too.
 */
import { toHalfWidth } from './parse.js';
import type { UnitKind } from './types.js';

// ---- unit kinds ----

/** Kind words a register, a template's _meta or a statistician may write (after half-width, no spaces). */
const UNIT_KIND_WORDS: Readonly<Record<string, UnitKind>> = {
  市: 'city',
  地级市: 'city',
  区: 'district',
  县: 'district',
  '区(县)': 'district',
  区县: 'district',
  县级市: 'district',
  乡镇: 'township',
  乡: 'township',
  镇: 'township',
  街道: 'township',
  '乡镇(街道)': 'township',
  乡镇街道: 'township',
  园区: 'park',
  开发区: 'park',
  高新区: 'park',
  city: 'city',
  district: 'district',
  township: 'township',
  park: 'park',
};

/** A unit kind from its word (市/区/县/乡镇/街道/园区 and their variants, or the English code); null when unknown. */
export function unitKindFromText(text: string): UnitKind | null {
  const t = toHalfWidth(text).replace(/\s+/g, '');
  return UNIT_KIND_WORDS[t] ?? UNIT_KIND_WORDS[t.toLowerCase()] ?? null;
}

/** The short word the register writes for a kind (单位名录's 单位类型). */
export const KIND_TO_ZH: Readonly<Record<UnitKind, string>> = { city: '市', district: '区', township: '乡镇', park: '园区' };

/** A kind as templates and outputs label it: 乡镇(街道), 区(县). */
export const UNIT_KIND_ZH: Readonly<Record<UnitKind, string>> = { township: '乡镇(街道)', park: '园区', district: '区(县)', city: '市' };

/** What a 单位类型 cell should hold, as a message says it. */
export const UNIT_KIND_EXPECTED = '市/区/县/乡镇/街道/园区';

// ---- yes / no and flag marks ----

/** The words written for yes and no (drop-downs, 企业名录 flags, 计入合计, 排名设置). */
export const YES_WORD = '是';
export const NO_WORD = '否';
export const YES_NO_EXPECTED = `${YES_WORD}/${NO_WORD}`;

/** A boolean as the word written. */
export function yesNoWord(b: boolean): string {
  return b ? YES_WORD : NO_WORD;
}

/** Yes, however a unit marks it: 是, ✓, √, Y, 1, TRUE, 有… (upper-cased, half-width). */
const YES_WORDS: ReadonlySet<string> = new Set([YES_WORD, '√', '✓', '✔', '1', 'Y', 'YES', 'TRUE', 'T', '有', '对', '是的', '计入']);
/** No: 否, ×, N, 0, FALSE, 无, and the blank marks of Chinese tables (-, —, /). */
const NO_WORDS: ReadonlySet<string> = new Set([
  NO_WORD,
  '×',
  '✗',
  '✘',
  '0',
  'N',
  'NO',
  'FALSE',
  'F',
  '无',
  '不是',
  '不计入',
  '-',
  '—',
  '/',
]);

/** A yes/no answer from a cell's text: true, false, or null when it is neither (blank included). */
export function yesNoFromText(text: string): boolean | null {
  const t = toHalfWidth(text).trim().toUpperCase();
  if (YES_WORDS.has(t)) return true;
  if (NO_WORDS.has(t)) return false;
  return null;
}
