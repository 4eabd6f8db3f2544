/**
 * A submission as admission holds it: its head (file, unit, period) and a digest of what the
 * checks across files need, with the whole submission loaded only when asked for. A command
 * reading thousands of files keeps each one packed on disk (io/submission-store.ts) and loads a
 * district's files when it rolls that district up; the pane and tests hold submissions in memory
 * (`sourceOf`). Admission (admit.ts) decides the same way from either.
 */
import { BASE_FIELDS } from './catalogue.js';
import { parseA1 } from './sheet-model.js';
import { SHEET_ENTERPRISES } from './template-schema.js';
import type { Submission } from './types.js';

/** A submission without its figures and 企业名录 rows. */
export type SubmissionHead = Omit<Submission, 'fields' | 'enterprises'>;

/** A 指标表 row whose 备注/说明 is filled (its warnings are explained). */
export interface ExplainedRow {
  file: string;
  sheet: string;
  /** 0-based row. */
  row: number;
  note: string;
}

/** What the checks across files need of a submission's figures and 企业名录. */
export interface SubmissionDigest {
  /** The sheet of its first 企业名录 row (SHEET_ENTERPRISES when it lists none). */
  listSheet: string;
  /** How many rows its 企业名录 lists. */
  listed: number;
  /**
   * The USCC of each 企业名录 row, in row order, made when asked for (the check across files asks
   * once or twice). A command reading thousands of files keeps them on disk with the submission: a
   * country's firms' codes would be most of what reading holds in memory.
   */
  usccs: () => PackedStrings;
  /** 本期数 of its 万元 fields, by code (for the check against peers). */
  money: Record<string, number>;
  /** Rows whose 备注/说明 is filled. */
  explained: readonly ExplainedRow[];
}

/** A digest as data (as it travels from a reading worker): its USCCs in it. */
export interface DigestData extends Omit<SubmissionDigest, 'listed' | 'usccs'> {
  usccs: PackedStrings;
}

export interface SubmissionSource {
  head: SubmissionHead;
  digest: SubmissionDigest;
  /**
   * The whole submission. A source kept on disk reads it back on every call, so callers use it and
   * let it go; an in-memory source returns its one object. A function of its own (not a method):
   * admission keeps the loader alone, without the source and its digest.
   */
  readonly load: () => Submission;
}

/**
 * Strings kept as one text: each `width` characters long when `ends` is null (a 企业名录's USCCs,
 * nearly always 18 characters each), else where each ends. A typed array of ends per file would
 * cost more than the codes' text itself (its object, its buffer and the buffer's memory apart).
 */
export interface PackedStrings {
  text: string;
  count: number;
  width: number;
  ends: Uint32Array | null;
}

export function packStrings(list: readonly string[]): PackedStrings {
  const width = list.length > 0 ? list[0].length : 0;
  const text = list.join('');
  if (list.every((t) => t.length === width)) return { text, count: list.length, width, ends: null };
  const ends = new Uint32Array(list.length);
  let at = 0;
  list.forEach((t, i) => (ends[i] = at += t.length));
  return { text, count: list.length, width: 0, ends };
}

export function packedAt(p: PackedStrings, i: number): string {
  if (p.ends === null) return p.text.slice(i * p.width, (i + 1) * p.width);
  return p.text.slice(i === 0 ? 0 : p.ends[i - 1], p.ends[i]);
}

const MONEY_FIELDS = BASE_FIELDS.filter((f) => f.unit === '万元').map((f) => f.code);

/** The digest of a submission as data (made beside reading, or from a submission in memory). */
export function digestData(sub: Submission): DigestData {
  const money: Record<string, number> = {};
  for (const code of MONEY_FIELDS) {
    const v = sub.fields[code]?.current;
    if (typeof v === 'number') money[code] = v;
  }
  const explained: ExplainedRow[] = [];
  for (const fv of Object.values(sub.fields)) {
    if (!fv.note || !fv.refs.note) continue;
    const p = parseA1(fv.refs.note.cell);
    if (p) explained.push({ file: fv.refs.note.file, sheet: fv.refs.note.sheet, row: p.row, note: fv.note });
  }
  return {
    listSheet: sub.enterprises[0]?.ref.sheet ?? SHEET_ENTERPRISES,
    usccs: packStrings(sub.enterprises.map((e) => e.uscc)),
    money,
    explained,
  };
}

/** A digest whose USCCs are held in memory (`usccs` in a function of its own: it keeps only them). */
export function digestOf(data: DigestData, usccs: () => PackedStrings = heldUsccs(data.usccs)): SubmissionDigest {
  return { listSheet: data.listSheet, listed: data.usccs.count, usccs, money: data.money, explained: data.explained };
}

function heldUsccs(p: PackedStrings): () => PackedStrings {
  return () => p;
}

/** The digest of a submission in memory. */
export function submissionDigest(sub: Submission): SubmissionDigest {
  return digestOf(digestData(sub));
}

/** The head of a submission (a new object: the submission's figures and rows are not kept by it). */
export function headOf(sub: Submission): SubmissionHead {
  const { fields: _fields, enterprises: _enterprises, ...head } = sub;
  return head;
}

/** A submission held in memory as a source. */
export function sourceOf(sub: Submission): SubmissionSource {
  return { head: sub, digest: submissionDigest(sub), load: () => sub };
}
