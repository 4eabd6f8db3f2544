/**
 * Notes of the composite index and of ranking tables as data, and the one place they become
 * Chinese. Callers filter and group notes by `kind`, never by reading the text.
 */
import { catalogue } from './catalogue.js';
import { RANK_METHOD_NAME_ZH, type RankMethod } from './rank.js';

/** What the composite did with an edge case; rows and columns are 0-based positions in its matrix. */
export type CompositeNote =
  /** Every unit has the same value: every score is `score` (minmax 100, zscore 0). */
  | { kind: 'constant-column'; column: number; method: 'minmax' | 'zscore'; score: number }
  /** 'base', lower is better: these rows are at or below half the base value and score the cap. */
  | { kind: 'capped'; column: number; rows: number[]; cap: number }
  /** These rows have no usable indicator: no index. */
  | { kind: 'no-index'; rows: number[] }
  /** These rows lack these columns: the weights are re-normalised over the rest. */
  | { kind: 'missing'; rows: number[]; columns: number[] }
  /** Geometric mean: these rows score ≤ 0 on these columns, so their index is 0. */
  | { kind: 'geometric-zero'; rows: number[]; columns: number[] };

/** How a composite note names its rows and columns. */
export interface NoteNames {
  rows(rows: readonly number[]): string;
  columns(columns: readonly number[]): string;
}

/** Rows and columns by number: 第1、2行, 第3个指标. */
export const NUMBERED: NoteNames = {
  rows: (rows) => `第${rows.map((r) => r + 1).join('、')}行`,
  columns: (columns) => `第${columns.map((c) => c + 1).join('、')}个指标`,
};

/** Rows by unit name and columns by indicator name (“中文名”), where known. */
export function namedBy(units: readonly string[], codes: readonly string[]): NoteNames {
  const or = (name: string | undefined, k: number) => name ?? `第${k + 1}项`;
  return {
    rows: (rows) => rows.map((r) => or(units[r], r)).join('、'),
    columns: (columns) =>
      columns.map((c) => or(codes[c] === undefined ? undefined : `“${catalogue.get(codes[c])?.nameZh ?? codes[c]}”`, c)).join('、'),
  };
}

/** A composite note in Chinese. */
export function compositeNoteText(note: CompositeNote, names: NoteNames = NUMBERED): string {
  switch (note.kind) {
    case 'constant-column':
      return `${names.columns([note.column])}各单位取值相同，${note.method === 'minmax' ? '标准化得分' : '标准分'}均记为${note.score}`;
    case 'capped':
      return `${names.columns([note.column])}（越小越好）：${names.rows(note.rows)}不高于基期值的一半（含为0），得分按上限${note.cap}计`;
    case 'no-index':
      return `${names.rows(note.rows)}没有可用指标，不计算指数`;
    case 'missing':
      return `${names.rows(note.rows)}缺少${names.columns(note.columns)}，按其余指标重新归一化权重`;
    case 'geometric-zero':
      return `${names.rows(note.rows)}的${names.columns(note.columns)}标准化得分不大于0，几何平均合成结果为0`;
  }
}

/** A note under a ranking table. */
export type RankingNote =
  /** These units have no value of the indicator and take no rank in it. */
  | { kind: 'not-ranked'; code: string; units: string[] }
  /** A note of the composite index; `units` and `codes` name its matrix rows and columns. */
  | { kind: 'index'; note: CompositeNote; units: string[]; codes: string[] }
  /** Rank change compared on the units ranked both years. */
  | { kind: 'peer-set'; peers: number; absent: string[]; gone: string[] }
  /** Last year's ranking used another method; last year's indices were re-ranked with this year's. */
  | { kind: 'method-changed'; previous: RankMethod; current: RankMethod }
  /** Values resting on incomplete totals (marked ※), by unit. */
  | { kind: 'incomplete'; units: { unitName: string; codes: string[] }[] }
  /** Parks that did not submit are not ranked among parks. */
  | { kind: 'parks-not-submitted'; units: string[] }
  /** A caliber note comparing this year's settings with last year's (core caliber.ts words it). */
  | { kind: 'caliber'; text: string };

const nameOf = (code: string): string => catalogue.get(code)?.nameZh ?? code;

/** A ranking note in Chinese (the text of --json `notes`, the lines under the table, the bulletin's 说明). */
export function rankingNoteText(note: RankingNote): string {
  switch (note.kind) {
    case 'not-ranked':
      return `${nameOf(note.code)}：${note.units.join('、')}无数值，不参与排名`;
    case 'index':
      return `科创指数：${compositeNoteText(note.note, namedBy(note.units, note.codes))}`;
    case 'peer-set':
      return (
        `位次变化按两年都参与排名的${note.peers}个单位重新排位后比较` +
        (note.absent.length > 0 ? `；${note.absent.join('、')}上年无排名，不计位次变化` : '') +
        (note.gone.length > 0 ? `；上年排名中的${note.gone.join('、')}本年未参与` : '')
      );
    case 'method-changed':
      return `上年排名方法为${RANK_METHOD_NAME_ZH[note.previous]}，本年为${RANK_METHOD_NAME_ZH[note.current]}：已按本年方法对上年指数重新排位后比较位次变化`;
    case 'incomplete':
      return `※ 标有“※”的数值所依据的合计不完整（缺少下级单位或个别数，详见汇总工作簿“报送情况”）：${note.units
        .map((u) => `${u.unitName}（${u.codes.map(nameOf).join('、')}）`)
        .join('；')}`;
    case 'parks-not-submitted':
      return `${note.units.join('、')}未报送，不参与园区排名`;
    case 'caliber':
      return note.text;
  }
}

/** Every note of a table in Chinese, in order. */
export function rankingNotesText(notes: readonly RankingNote[]): string[] {
  return notes.map(rankingNoteText);
}

/** Caliber notes (strings from caliberNotes) as ranking notes. */
export function caliberRankingNotes(texts: readonly string[]): RankingNote[] {
  return texts.map((text) => ({ kind: 'caliber', text }));
}
