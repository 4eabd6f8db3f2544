/**
 * A read submission in a compact form for the trip from a reader worker to the main thread and the
 * temporary file it waits in, and back into the same `Submission` when the rollup loads it, with
 * its repeated pieces shared.
 *
 * As objects, a submission is serialized value by value (every cell reference carries its own copy
 * of the file and sheet names; every 企业名录 row its own flags object), which costs time and about
 * three times the memory of the data once it is back. Packed, its numbers are typed arrays and its
 * texts a few arrays; the worker serializes the packed form once (packForAdmission) and its bytes
 * are transferred, not copied. Unpacked on the main thread, every reference to the file is the one
 * file-name string, sheet names, cell names ('D8') and township/park names are shared across files, and 企业名录 rows with the same flags
 * share one flags object (nothing writes to a row's flags; the rollup copies what it keeps).
 *
 * The round trip is exact: `unpack(pack(r))` is deep-equal to `r`, keys in the same order. A result
 * this form cannot carry exactly (a value that is not a finite number or null, a reference to
 * another file…) travels as it is.
 */
import { ENTERPRISE_FLAGS, type EnterpriseFlag } from '../core/catalogue.js';
import type { ReadSubmissionResult } from '../core/read-submission.js';
import type { CellRef, EnterpriseRow, FieldValue, Finding, Submission } from '../core/types.js';
import { fixedRecord } from '../core/fixed-record.js';
import { submissionChecks } from '../core/admit.js';
import { digestData, headOf, type DigestData, type PackedStrings, type SubmissionHead } from '../core/submission-source.js';
import { deserialize, serialize } from 'node:v8';

const ROLES = ['current', 'previous', 'target', 'note'] as const;
type Role = (typeof ROLES)[number];
const MONEY = ['revenue', 'rdFee', 'rdExp', 'rdFte'] as const;
const FIELD_KEYS = ['current', 'previous', 'target', 'note', 'refs'];
const ENTERPRISE_KEYS = ['uscc', 'name', 'township', 'park', 'flags', 'revenue', 'rdFee', 'rdExp', 'rdFte', 'ref', 'columns'];
const ENTERPRISE_KEYS_NO_COLUMNS = ENTERPRISE_KEYS.slice(0, -1);
const SUBMISSION_KEYS = ['file', 'templateId', 'templateVersion', 'unit', 'year', 'period', 'fields', 'enterprises'];
const FLAG_KEYS = ENTERPRISE_FLAGS.map((f) => f.flag);
const REF_KEYS = ['file', 'sheet', 'cell'];

export interface PackedSubmission {
  packed: 1;
  findings: ReadSubmissionResult['findings'];
  head: Omit<Submission, 'fields' | 'enterprises'>;
  /** Texts referred to by index below (sheet names, cell names, townships, parks…). */
  strings: string[];
  fieldCodes: string[];
  /** Per field: current, previous, target (NaN = null). */
  fieldValues: Float64Array;
  fieldNotes: (string | null)[];
  /** Per field and role (current, previous, target, note): sheet index and cell index into `strings`, -1 when absent. */
  fieldRefs: Int32Array;
  usccs: string[];
  names: string[];
  /** Per row: township index, park index (-1 = null), sheet index, cell index, columns index (-1 = none). */
  rowTexts: Int32Array;
  /** Per row: the flags as a bit mask (bit i = ENTERPRISE_FLAGS[i]). */
  rowFlags: Uint32Array;
  /** Per row: revenue, rdFee, rdExp, rdFte (NaN = null). */
  rowMoney: Float64Array;
  /** The `columns` objects of the rows (one per sheet). */
  columns: NonNullable<EnterpriseRow['columns']>[];
}

export type SubmissionMessage = PackedSubmission | { packed: 0; result: ReadSubmissionResult };

/** Whether `o`'s own keys are exactly `expected`, in that order (for every row of every file: no array or string is built). */
function hasKeys(o: object, expected: readonly string[]): boolean {
  let i = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k) || k !== expected[i]) return false;
    i++;
  }
  return i === expected.length;
}
const numOk = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));

/**
 * A file as a rollup's reading gives it back (a worker or this thread): the head, reading findings,
 * checks on its own figures and digest admission works from, and the packed submission already
 * serialized for the temporary file (V8's serializer). Serialized where it was read, the submission
 * crosses to the main thread as one transferred buffer, and the main thread, which gathers every
 * file, neither rebuilds it from the message nor serializes it again to keep it.
 */
export type ReadForAdmission =
  | { findings: Finding[]; head: null }
  | {
      findings: Finding[];
      head: SubmissionHead;
      /** The packed submission without its reading findings (they travel above), serialized. */
      stored: Uint8Array;
      checks: Finding[];
      digest: DigestData;
    };

export function packForAdmission(read: ReadSubmissionResult): ReadForAdmission {
  const s = read.submission;
  if (!s) return { findings: read.findings, head: null };
  const message = packResult({ submission: s, findings: [] });
  return {
    findings: read.findings,
    head: headOf(s),
    stored: serialize(message),
    checks: submissionChecks(s, read.findings),
    digest: digestData(s),
  };
}

/** A digest's USCC text as bytes for the temporary file: one byte a character when every one fits. */
export interface TextBytes {
  bytes: Uint8Array;
  encoding: 'latin1' | 'utf16le';
}

export function usccTextBytes(p: PackedStrings): TextBytes {
  const encoding = /^[^\u0100-\uffff]*$/.test(p.text) ? 'latin1' : 'utf16le';
  return { bytes: Buffer.from(p.text, encoding), encoding };
}

/** The USCCs back from their bytes, with the digest's count, width and ends (the message carried them without the text). */
export function usccsFromBytes(bytes: Uint8Array, encoding: TextBytes['encoding'], shape: PackedStrings): PackedStrings {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
  return { text, count: shape.count, width: shape.width, ends: shape.ends };
}

/** A digest's USCCs without their text (kept in a store), for the message or the source. */
export function withoutText(p: PackedStrings): PackedStrings {
  return { text: '', count: p.count, width: p.width, ends: p.ends };
}

/**
 * A stored submission read back. Its typed arrays may be views of `bytes` (V8's deserializer makes
 * them so): use the message only while `bytes` is unchanged; `unpack` copies every value out.
 */
export function storedMessage(bytes: Uint8Array): SubmissionMessage {
  return deserialize(bytes) as SubmissionMessage;
}

/** Pack a reader result (or say it cannot be packed exactly: then it travels as it is). */
export function packResult(r: ReadSubmissionResult): SubmissionMessage {
  const s = r.submission;
  const plain = { packed: 0 as const, result: r };
  if (!s || !hasKeys(s, SUBMISSION_KEYS)) return plain;
  const strings: string[] = [];
  const index = new Map<string, number>();
  const str = (t: string): number => {
    let i = index.get(t);
    if (i === undefined) {
      i = strings.length;
      strings.push(t);
      index.set(t, i);
    }
    return i;
  };
  const codes = Object.keys(s.fields);
  const fieldValues = new Float64Array(codes.length * 3);
  const fieldRefs = new Int32Array(codes.length * 8).fill(-1);
  const fieldNotes: (string | null)[] = [];
  const refOk = (ref: CellRef | undefined): boolean => ref === undefined || (hasKeys(ref, REF_KEYS) && ref.file === s.file);
  for (let i = 0; i < codes.length; i++) {
    const fv = s.fields[codes[i]];
    if (!hasKeys(fv, FIELD_KEYS) || !numOk(fv.current) || !numOk(fv.previous) || !numOk(fv.target)) return plain;
    fieldValues[i * 3] = fv.current ?? NaN;
    fieldValues[i * 3 + 1] = fv.previous ?? NaN;
    fieldValues[i * 3 + 2] = fv.target ?? NaN;
    fieldNotes.push(fv.note);
    // Refs are written in role order by the reader; any other shape travels as it is.
    let order = 0;
    for (const key in fv.refs) {
      while (order < ROLES.length && ROLES[order] !== key) order++;
      if (order === ROLES.length || !Object.hasOwn(fv.refs, key) || fv.refs[key as Role] === undefined) return plain;
      order++;
    }
    for (let k = 0; k < ROLES.length; k++) {
      const ref = fv.refs[ROLES[k]];
      if (!refOk(ref)) return plain;
      if (!ref) continue;
      fieldRefs[i * 8 + k * 2] = str(ref.sheet);
      fieldRefs[i * 8 + k * 2 + 1] = str(ref.cell);
    }
  }
  const rows = s.enterprises;
  const usccs: string[] = [];
  const names: string[] = [];
  const rowTexts = new Int32Array(rows.length * 5);
  const rowFlags = new Uint32Array(rows.length);
  const rowMoney = new Float64Array(rows.length * 4);
  const columns: NonNullable<EnterpriseRow['columns']>[] = [];
  for (let i = 0; i < rows.length; i++) {
    const e = rows[i];
    if (
      !hasKeys(e, e.columns === undefined ? ENTERPRISE_KEYS_NO_COLUMNS : ENTERPRISE_KEYS) ||
      !hasKeys(e.flags, FLAG_KEYS) ||
      !refOk(e.ref)
    )
      return plain;
    if (typeof e.uscc !== 'string' || typeof e.name !== 'string') return plain;
    usccs.push(e.uscc);
    names.push(e.name);
    rowTexts[i * 5] = e.township === null ? -1 : str(e.township);
    rowTexts[i * 5 + 1] = e.park === null ? -1 : str(e.park);
    rowTexts[i * 5 + 2] = str(e.ref.sheet);
    rowTexts[i * 5 + 3] = str(e.ref.cell);
    let c = -1;
    if (e.columns) {
      c = columns.indexOf(e.columns);
      if (c < 0) c = columns.push(e.columns) - 1;
    }
    rowTexts[i * 5 + 4] = c;
    let mask = 0;
    for (let b = 0; b < ENTERPRISE_FLAGS.length; b++) {
      const v = e.flags[ENTERPRISE_FLAGS[b].flag];
      if (typeof v !== 'boolean') return plain;
      if (v) mask |= 1 << b;
    }
    rowFlags[i] = mask;
    for (let m = 0; m < MONEY.length; m++) {
      const v = e[MONEY[m]];
      if (!numOk(v)) return plain;
      rowMoney[i * 4 + m] = v ?? NaN;
    }
  }
  const { fields: _f, enterprises: _e, ...head } = s;
  return {
    packed: 1,
    findings: r.findings,
    head,
    strings,
    fieldCodes: codes,
    fieldValues,
    fieldNotes,
    fieldRefs,
    usccs,
    names,
    rowTexts,
    rowFlags,
    rowMoney,
    columns,
  };
}

/**
 * Texts and flag objects shared by every submission unpacked through one instance (one read of
 * many files): a cell name or a township's name is kept once, whatever number of files use it.
 */
export class SubmissionUnpacker {
  private readonly texts = new Map<string, string>();
  private readonly flagObjects = new Map<number, Record<EnterpriseFlag, boolean>>();
  private readonly columnObjects = new Map<string, NonNullable<EnterpriseRow['columns']>>();
  /** A record maker per list of field codes (files of one template share one): records in V8's fast form. */
  private readonly fieldRecords = new Map<string, () => Record<string, FieldValue>>();

  private fieldRecord(codes: readonly string[]): Record<string, FieldValue> {
    const key = codes.join(',');
    let make = this.fieldRecords.get(key);
    if (!make) {
      make = fixedRecord<FieldValue>(codes);
      this.fieldRecords.set(key, make);
    }
    return make();
  }

  private text(t: string): string {
    const known = this.texts.get(t);
    if (known !== undefined) return known;
    this.texts.set(t, t);
    return t;
  }

  private flags(mask: number): Record<EnterpriseFlag, boolean> {
    let f = this.flagObjects.get(mask);
    if (!f) {
      f = {} as Record<EnterpriseFlag, boolean>;
      ENTERPRISE_FLAGS.forEach((x, b) => (f![x.flag] = (mask & (1 << b)) !== 0));
      this.flagObjects.set(mask, f);
    }
    return f;
  }

  private columnsOf(c: NonNullable<EnterpriseRow['columns']>): NonNullable<EnterpriseRow['columns']> {
    const key = JSON.stringify(c);
    const known = this.columnObjects.get(key);
    if (known) return known;
    this.columnObjects.set(key, c);
    return c;
  }

  /** `name`: the file's name as the caller holds it, used for the submission and its cells when it is the same text (not a copy per load). */
  unpack(m: SubmissionMessage, name?: string): ReadSubmissionResult {
    if (m.packed === 0) return m.result;
    const strings = m.strings.map((t) => this.text(t));
    const file = name === m.head.file ? name : m.head.file;
    const num = (v: number): number | null => (Number.isNaN(v) ? null : v);
    const fields = this.fieldRecord(m.fieldCodes);
    for (let i = 0; i < m.fieldCodes.length; i++) {
      const refs: FieldValue['refs'] = {};
      for (let k = 0; k < ROLES.length; k++) {
        const sheet = m.fieldRefs[i * 8 + k * 2];
        if (sheet < 0) continue;
        refs[ROLES[k] as Role] = { file, sheet: strings[sheet], cell: strings[m.fieldRefs[i * 8 + k * 2 + 1]] };
      }
      fields[m.fieldCodes[i]] = {
        current: num(m.fieldValues[i * 3]),
        previous: num(m.fieldValues[i * 3 + 1]),
        target: num(m.fieldValues[i * 3 + 2]),
        note: m.fieldNotes[i],
        refs,
      };
    }
    const columns = m.columns.map((c) => this.columnsOf(c));
    const enterprises: EnterpriseRow[] = [];
    for (let i = 0; i < m.usccs.length; i++) {
      const t = m.rowTexts;
      const row: EnterpriseRow = {
        uscc: m.usccs[i],
        name: m.names[i],
        township: t[i * 5] < 0 ? null : strings[t[i * 5]],
        park: t[i * 5 + 1] < 0 ? null : strings[t[i * 5 + 1]],
        flags: this.flags(m.rowFlags[i]),
        revenue: num(m.rowMoney[i * 4]),
        rdFee: num(m.rowMoney[i * 4 + 1]),
        rdExp: num(m.rowMoney[i * 4 + 2]),
        rdFte: num(m.rowMoney[i * 4 + 3]),
        ref: { file, sheet: strings[t[i * 5 + 2]], cell: strings[t[i * 5 + 3]] },
      };
      if (t[i * 5 + 4] >= 0) row.columns = columns[t[i * 5 + 4]];
      enterprises.push(row);
    }
    const submission: Submission = { ...m.head, file, fields, enterprises };
    return { submission, findings: m.findings };
  }
}
