/**
 * The admission decision (product.md §5), made once for `sti validate`, `sti rollup`,
 * `sti rank`, `sti demo` and the task pane: which files count, which period is rolled up,
 * and — inside each admitted file — which figures an error leaves out. Every caller reads its
 * verdicts; none re-decides.
 *
 * - The period: the one asked for, else the period of most submissions. Files of another period
 *   are errors and left out (a district's own file does not decide its townships' period).
 * - An error blocks only what it touches (`blocks` in the code registry): a file-level error
 *   (unreadable, wrong period, unit not in the register, two files for one unit…) leaves the
 *   file out; a figure-level error leaves that figure (or that 企业名录 row) out and the unit's
 *   other figures still count; an error in the 企业名录 sheet's structure leaves only the list out.
 * - `allowErrors` keeps figures despite figure-level errors (marked in their cells); files that
 *   cannot be placed are still left out.
 * - Unit status, everywhere: 已纳入, 已报送但未纳入（reason）, 未报送.
 */
import { BASE_FIELDS, catalogue, matchesCountRule } from './catalogue.js';
import { indexRegister, registerFromSubmissions } from './register.js';
import { a1, parseA1 } from './sheet-model.js';
import { SHEET_ENTERPRISES, SHEET_INDICATORS, UNIT_KIND_ZH } from './template-schema.js';
import type { EnterpriseRow, Finding, Register, RegisterUnit, Submission, UnitKind } from './types.js';
import { sourceOf, type SubmissionHead, type SubmissionSource } from './submission-source.js';
import { crossSubmissionChecks, downgradeExplained, validateSubmission } from './validate.js';
import type { UsccKeySet } from './uscc-set.js';
import { FINDING_CODES, finding, sortFindings } from './validate-codes.js';

/** One file as read: its submission (null when it is not one) and the reader's findings. */
export interface FileRead {
  file: string;
  /** Its submission in memory (null when the file is not one, or when `source` holds it). */
  submission: Submission | null;
  /**
   * Its submission as a source: head and digest in memory, the rest loaded when asked for (a command
   * reading thousands of files keeps them on disk). Used instead of `submission` when present.
   */
  source?: SubmissionSource;
  findings: readonly Finding[];
  /**
   * The checks on the submission's own figures (`submissionChecks`), when the reader already made
   * them (a reading worker does, beside the file); admission makes them otherwise.
   */
  checks?: readonly Finding[];
}

export type UnitStatus = 'included' | 'left-out' | 'missing';
export const UNIT_STATUS_ZH: Record<UnitStatus, string> = { included: '已纳入', 'left-out': '已报送但未纳入', missing: '未报送' };

/** A unit status as shown: 已纳入 / 已报送但未纳入（reason） / 未报送. */
export function unitStatusText(status: UnitStatus, reason: string | null): string {
  return status === 'left-out' && reason ? `${UNIT_STATUS_ZH[status]}（${reason}）` : UNIT_STATUS_ZH[status];
}

export type FigureRole = 'current' | 'previous' | 'target';
export const ROLE_ZH: Record<FigureRole, string> = { current: '本期数', previous: '上年同期数', target: '全年目标' };

/** A mark on one figure of a unit: left out by an error, kept despite an error, or kept with a warning. */
export interface FigureMark {
  field: string;
  role: FigureRole;
  kind: 'left-out' | 'kept-despite-error' | 'warning';
  code: Finding['code'];
  message: string;
  sheet: string;
  cell: string;
}

export interface FileVerdict {
  file: string;
  unitCode: string | null;
  unitName: string | null;
  kind: UnitKind | null;
  period: string | null;
  /** used: its figures count (less any left out); left-out: none counts; skipped: not a submission. */
  verdict: 'used' | 'left-out' | 'skipped';
  /** Why it was left out or skipped (Chinese), null when used. */
  reason: string | null;
  errors: number;
  warnings: number;
  infos: number;
  /** Figures of a used file left out by errors (or kept despite them with allowErrors). */
  marks: readonly FigureMark[];
  /** 企业名录 rows left out by errors (their cells), and whether the whole list was left out. */
  listRowsLeftOut: readonly string[];
  listLeftOut: boolean;
  /**
   * The 企业名录 rows an error touched, as read (for which counts they feed): left out, or with
   * allowErrors kept. A row the reader could not take (no USCC) is `null`: it may feed any count.
   */
  listRowsTouched: readonly { row: EnterpriseRow | null; cell: string }[];
  /** With allowErrors: 企业名录 rows kept despite an error (their cells). */
  listRowsKept: readonly string[];
}

export interface UnitAdmission {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  status: UnitStatus;
  /** For left-out: why (Chinese). */
  reason: string | null;
  files: string[];
  errors: number;
  warnings: number;
}

export interface Admission {
  register: Register;
  registerSource: 'file' | 'inferred-from-submissions';
  /** The period rolled up, and how it was chosen. */
  period: string | null;
  year: number | null;
  periodSource: 'asked' | 'majority' | 'none';
  allowErrors: boolean;
  /**
   * The admitted submissions: one per unit, of the period, by file name; each loads with its
   * left-out figures and rows removed (`admittedSubmissions` loads them all).
   */
  admitted: AdmittedSubmission[];
  files: FileVerdict[];
  /** Expected units (the kinds the files are) and their status. */
  units: UnitAdmission[];
  /** Every finding (reading, checks, admission), sorted, explained warnings downgraded. */
  findings: Finding[];
  /** By unit code: the verdict of the file used for it. */
  usedFileOf: Map<string, FileVerdict>;
  /** By unit code: status and reason of every unit with a file or in the register. */
  statusOf: Map<string, { status: UnitStatus; reason: string | null; files: string[] }>;
  /**
   * 企业名录 rows the admitted files list (as read): no level counts more distinct firms, so the
   * city's set of firms is made that large once instead of grown (absent: grown as firms come).
   */
  listedRows?: number;
  /**
   * An empty set of firm keys, made as large as the check across files needed: the rollup takes it
   * (`takeFirmKeys`) to count the city's firms in, so a country's firms do not need a second set of
   * that size made while the first still waits to be collected. Absent once taken.
   */
  firmKeys?: UsccKeySet;
}

/** The admission's empty set of firm keys, for one rollup (a second rollup of it makes its own). */
export function takeFirmKeys(admission: Admission): UsccKeySet | undefined {
  const keys = admission.firmKeys;
  admission.firmKeys = undefined;
  return keys;
}

/** An admitted submission: its head, and the submission as it counts, loaded when asked for. */
export interface AdmittedSubmission {
  head: SubmissionHead;
  /** The submission with left-out figures blanked and left-out 企业名录 rows removed. */
  load(): Submission;
}

/** Every admitted submission, loaded (for callers that hold a rollup's submissions in memory). */
export function admittedSubmissions(admission: Pick<Admission, 'admitted'>): Submission[] {
  return admission.admitted.map((a) => a.load());
}

export interface AdmitOptions {
  /** The register; without it one is inferred from the submissions' _meta. */
  register?: Register | null;
  /** Findings from reading the register (shown, they do not block submissions). */
  registerFindings?: Finding[];
  /** The period to roll up ('2024', '2024-01..09'); default: the period of most submissions. */
  period?: string | null;
  /** Use figures despite figure-level errors (marked); files that cannot be placed stay out. */
  allowErrors?: boolean;
  /** Findings about files not read as submissions (skipped folders' files…). */
  otherFindings?: Finding[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Findings by file, in their order: every step below looks a file's findings up once, not by scanning them all. */
function byFileOf(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = out.get(f.file);
    if (list) list.push(f);
    else out.set(f.file, [f]);
  }
  return out;
}

/** The reads of submissions built in memory (tests, the pane's live sheets): no reading findings. */
export function readsOf(submissions: readonly Submission[], findings: readonly Finding[] = []): FileRead[] {
  const byFile = byFileOf(findings);
  return submissions.map((s) => ({ file: s.file, submission: s, findings: byFile.get(s.file) ?? [] }));
}

/** The reads of files as a reader returns them (submission sources + findings in one list; checks already made, by file). */
export function readsFromFiles(
  files: readonly string[],
  sources: readonly SubmissionSource[],
  findings: readonly Finding[],
  checks?: ReadonlyMap<string, readonly Finding[]>,
): FileRead[] {
  const sourceOfFile = new Map(sources.map((s) => [s.head.file, s]));
  const byFile = byFileOf(findings);
  return files.map((file) => {
    const source = sourceOfFile.get(file);
    const made = source ? checks?.get(file) : undefined;
    return { file, submission: null, ...(source ? { source } : {}), findings: byFile.get(file) ?? NONE, ...(made ? { checks: made } : {}) };
  });
}

/**
 * The checks on one submission's own figures (admission's first step), given what reading it found:
 * cells the reader already reported are not reported again, and a 企业名录 the reader could not take
 * is not counted. Reading workers make them beside each file, off the admitting thread.
 */
export function submissionChecks(submission: Submission, readFindings: readonly Finding[]): Finding[] {
  const reportedCells = new Set(readFindings.filter((f) => f.cell && f.sheet).map((f) => `${f.sheet}!${f.cell}`));
  const skipCounts = readFindings.some((f) => FINDING_CODES[f.code].severity === 'error' && isListFinding(f, SHEET_ENTERPRISES));
  return validateSubmission(submission, { reportedCells, skipCounts });
}

/** Is this finding about the 企业名录 sheet's structure (so only the list is left out)? */
function isListFinding(f: Finding, listSheet: string): boolean {
  if (f.sheet === listSheet || f.sheet === SHEET_ENTERPRISES) return true;
  return f.code === 'SHEET_MISSING' && f.expected === SHEET_ENTERPRISES;
}

/** A period in its one written form: 2024, or 2024-01..09 (months two digits). */
export function normalizePeriod(period: string): string {
  return period
    .trim()
    .replace(
      /^(\d{4})-(\d{1,2})\.\.(\d{1,2})$/,
      (_, y: string, a: string, b: string) => `${y}-${a.padStart(2, '0')}..${b.padStart(2, '0')}`,
    );
}

function majorityPeriod(subs: readonly SubmissionHead[]): string | null {
  const counts = new Map<string, number>();
  for (const s of subs) if (s.period) counts.set(normalizePeriod(s.period), (counts.get(normalizePeriod(s.period)) ?? 0) + 1);
  if (counts.size === 0) return null;
  // Most files; on a tie the later period (a bureau rolls up the current period, not last year's).
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || cmp(b[0], a[0]))[0][0];
}

/** Where each figure and each 企业名录 row of a submission was read: cell → what it is. */
interface CellIndex {
  figures: Map<string, { field: string; role: FigureRole }>;
  rows: Map<string, { field: string }[]>;
  listRows: Map<number, number>;
  listSheet: string;
  /** Columns of enterprise values that no total reads (a bad R&D figure of one firm blocks no count). */
  inertListColumns: Set<string>;
}

function indexCells(sub: Submission): CellIndex {
  const figures = new Map<string, { field: string; role: FigureRole }>();
  const rows = new Map<string, { field: string }[]>();
  for (const [field, fv] of Object.entries(sub.fields)) {
    for (const role of ['current', 'previous', 'target'] as const) {
      const ref = fv.refs[role];
      if (!ref) continue;
      figures.set(`${ref.sheet}!${ref.cell}`, { field, role });
      const p = parseA1(ref.cell);
      if (p) {
        const k = `${ref.sheet}!${p.row}`;
        const list = rows.get(k) ?? [];
        if (!list.some((x) => x.field === field)) list.push({ field });
        rows.set(k, list);
      }
    }
  }
  const listRows = new Map<number, number>();
  let listSheet = SHEET_ENTERPRISES;
  const inertListColumns = new Set<string>();
  sub.enterprises.forEach((e, i) => {
    listSheet = e.ref.sheet;
    const p = parseA1(e.ref.cell);
    if (p) listRows.set(p.row, i);
    for (const k of ['name', 'township', 'park', 'rdFee', 'rdExp', 'rdFte'] as const) {
      const letters = e.columns?.[k];
      if (letters) inertListColumns.add(letters);
    }
  });
  return { figures, rows, listRows, listSheet, inertListColumns };
}

const lettersOf = (cell: string): string => /^[A-Z]+/.exec(cell)?.[0] ?? '';

/** Cells of a merge range text like 'D5:E6' (used for MERGED_INPUT). */
function cellsInRange(range: string | undefined): { row: number; col: number }[] {
  const [from, to] = (range ?? '').split(':');
  const p0 = from ? parseA1(from) : null;
  const p1 = to ? parseA1(to) : p0;
  if (!p0 || !p1) return [];
  const out: { row: number; col: number }[] = [];
  for (let row = p0.row; row <= p1.row && out.length < 200; row++) for (let col = p0.col; col <= p1.col; col++) out.push({ row, col });
  return out;
}

/** One empty list for every verdict and decision with nothing in a list (a country's files: 160,000 empty arrays otherwise). */
const NONE: readonly never[] = Object.freeze([]);
const orNone = <T>(list: readonly T[] | undefined): readonly T[] => (list && list.length > 0 ? list : NONE);

interface FileDecision {
  readonly fileLevel: readonly Finding[];
  readonly listLevel: readonly Finding[];
  /** Figure errors mapped to figures. */
  readonly figures: readonly { field: string; role: FigureRole; f: Finding }[];
  /** Figure errors mapped to 企业名录 rows (by row index into enterprises, or -1 for a row not read). */
  readonly listRows: readonly { index: number; f: Finding }[];
  /** Errors that name no figure we can find: the file is left out rather than guessing. */
  readonly unplaced: readonly Finding[];
  /**
   * Where the submission's figures and rows were read, when placing its errors needed it (it also
   * places its warnings); null otherwise: most files have no error and no warning on a cell, and
   * 10,000 files' indexes held at once would cost more memory than the files' figures themselves.
   */
  readonly index: CellIndex | null;
}

/** The decision on a file with no error that blocks anything: one object for all of them (a country's files). */
const NOTHING_DECIDED: FileDecision = Object.freeze({
  fileLevel: NONE,
  listLevel: NONE,
  figures: NONE,
  listRows: NONE,
  unplaced: NONE,
  index: null,
});

function decideFile(src: SubmissionSource, errors: Finding[]): FileDecision {
  if (errors.every((f) => FINDING_CODES[f.code].blocks === 'nothing')) return NOTHING_DECIDED;
  let built: CellIndex | null = null;
  // Loaded only for a file with an error or a warning on a cell: most files need nothing of their cells.
  const index = (): CellIndex => (built ??= indexCells(src.load()));
  const d = {
    fileLevel: [] as Finding[],
    listLevel: [] as Finding[],
    figures: [] as { field: string; role: FigureRole; f: Finding }[],
    listRows: [] as { index: number; f: Finding }[],
    unplaced: [] as Finding[],
  };
  for (const f of errors) {
    const blocks = FINDING_CODES[f.code].blocks;
    if (blocks === 'nothing') continue;
    const ix = index();
    const onList = isListFinding(f, ix.listSheet);
    if (blocks === 'file') {
      (onList ? d.listLevel : d.fileLevel).push(f);
      continue;
    }
    // blocks === 'figure'
    if (onList) {
      if (f.cell && ix.inertListColumns.has(lettersOf(f.cell)) && f.code !== 'MERGED_INPUT') continue; // no total reads it
      const cells = f.code === 'MERGED_INPUT' ? cellsInRange(f.value) : f.cell ? [parseA1(f.cell)].filter((x) => x !== null) : [];
      const hit = [...new Set(cells.map((c) => ix.listRows.get(c!.row)).filter((i): i is number => i !== undefined))];
      if (hit.length > 0) for (const index of hit) d.listRows.push({ index, f });
      else d.listRows.push({ index: -1, f }); // a row the reader did not take (no USCC…): the list lacks it
      continue;
    }
    if (f.code === 'FIELD_ROW_MISSING') {
      const code = (f.expected ?? '').split(/\s+/)[0];
      if (catalogue.baseField(code)) {
        d.figures.push({ field: code, role: 'current', f });
        continue;
      }
    }
    const sheet = f.sheet ?? SHEET_INDICATORS;
    const cells = f.code === 'MERGED_INPUT' ? cellsInRange(f.value) : f.cell ? [parseA1(f.cell)].filter((x) => x !== null) : [];
    let placed = false;
    for (const c of cells) {
      const at = ix.figures.get(`${sheet}!${a1(c!.row, c!.col)}`);
      if (at) {
        d.figures.push({ ...at, f });
        placed = true;
      }
    }
    if (!placed && f.cell && (f.code === 'DUPLICATE_CODE' || f.code === 'MERGED_INPUT')) {
      // A duplicated row or a merge beside the values: the whole field is in doubt.
      const code = f.code === 'DUPLICATE_CODE' ? (f.value ?? '').trim().toUpperCase() : '';
      const byRow = cells.flatMap((c) => ix.rows.get(`${sheet}!${c!.row}`) ?? []);
      const fields = catalogue.baseField(code) ? [code] : byRow.map((x) => x.field);
      for (const field of new Set(fields)) {
        for (const role of ['current', 'previous', 'target'] as const) d.figures.push({ field, role, f });
        placed = true;
      }
    }
    if (!placed) d.unplaced.push(f);
  }
  return { ...d, index: built };
}

/** A short reason from the findings that left a file out. */
function reasonOf(findings: readonly Finding[]): string {
  const texts = [...new Set(findings.map((f) => FINDING_CODES[f.code].zh))];
  return texts.slice(0, 3).join('；') + (texts.length > 3 ? '等' : '');
}

/** The submission with left-out figures blanked and left-out 企业名录 rows removed. */
function withoutLeftOut(sub: Submission, marks: FigureMark[], rowsOut: Set<number>, listOut: boolean): Submission {
  const left = marks.filter((m) => m.kind === 'left-out');
  const fields = { ...sub.fields };
  for (const m of left) {
    const fv = fields[m.field];
    if (fv) fields[m.field] = { ...fv, [m.role]: null };
  }
  const enterprises: EnterpriseRow[] = listOut ? [] : sub.enterprises.filter((_, i) => !rowsOut.has(i));
  // A township whose every listed firm was left out still reported by list: its counts are the
  // (now empty) list's, not its entered figures.
  const listed = !listOut && sub.enterprises.length > 0;
  return { ...sub, fields, enterprises, ...(listed && enterprises.length === 0 ? { listedEnterprises: true } : {}) };
}

/**
 * How an admitted submission loads: made here, not inside admit(), because a closure keeps its whole
 * scope alive (admit's would keep every source and the files loaded for their errors).
 */
function admittedLoader(src: SubmissionSource, marks: FigureMark[], rowsOut: Set<number>, listOut: boolean): () => Submission {
  // The loader alone, not the source: its digest (every firm's USCC) is not needed once admitted.
  const load = src.load;
  // Most files leave nothing out: their loader is the source's own (the submission as read), with
  // no marks or rows kept for them; withoutLeftOut is only for the others.
  if (rowsOut.size === 0 && !listOut && !marks.some((m) => m.kind === 'left-out')) return load;
  return () => withoutLeftOut(load(), marks, rowsOut, listOut);
}

/** What a file's verdict says beyond its name, head and finding counts. */
type VerdictDecided = Pick<FileVerdict, 'verdict' | 'reason'> &
  Partial<Pick<FileVerdict, 'marks' | 'listRowsLeftOut' | 'listLeftOut' | 'listRowsTouched' | 'listRowsKept'>>;

/**
 * A file's verdict, every field set in one order: one verdict per file of a country, and objects
 * built by spreading got a hidden class of their own each (about 0.5 KB a file).
 */
function fileVerdict(
  known: { file: string; head: SubmissionHead | undefined; counts: { errors: number; warnings: number; infos: number } },
  decided: VerdictDecided,
): FileVerdict {
  const { file, head, counts } = known;
  return {
    file,
    unitCode: head?.unit.code || null,
    unitName: head?.unit.name || null,
    kind: head?.unit.kind ?? null,
    period: head?.period || null,
    verdict: decided.verdict,
    reason: decided.reason,
    errors: counts.errors,
    warnings: counts.warnings,
    infos: counts.infos,
    marks: orNone(decided.marks),
    listRowsLeftOut: orNone(decided.listRowsLeftOut),
    listLeftOut: decided.listLeftOut ?? false,
    listRowsTouched: orNone(decided.listRowsTouched),
    listRowsKept: orNone(decided.listRowsKept),
  };
}

/** The explained rows of every source, in order (their warnings become info). */
function* explainedRows(sources: readonly SubmissionSource[]) {
  for (const src of sources) yield* src.digest.explained;
}

/**
 * Decide, once, what counts. `reads` are every file given (readable or not); the result says
 * each file's verdict, each unit's status, the cleaned submissions and every finding.
 */
export function admit(reads: readonly FileRead[], options: AdmitOptions = {}): Admission {
  const findings: Finding[] = [...(options.registerFindings ?? []), ...(options.otherFindings ?? [])];
  // Each read's submission as a source (its head and digest; the whole submission only when needed).
  const sourceOfRead = new Map<FileRead, SubmissionSource>();
  for (const r of reads) {
    const src = r.source ?? (r.submission ? sourceOf(r.submission) : null);
    if (src) sourceOfRead.set(r, src);
  }
  const sources = [...sourceOfRead.values()];
  const subs = sources.map((src) => src.head);
  const allowErrors = options.allowErrors === true;

  // 1. Each file's own checks (reading findings, then the checks on its figures).
  for (const r of reads) {
    findings.push(...r.findings);
    const src = sourceOfRead.get(r);
    if (!src) continue;
    findings.push(...(r.checks ?? submissionChecks(src.load(), r.findings)));
  }

  // 2. Placement against the register.
  const registerSource: Admission['registerSource'] = options.register ? 'file' : 'inferred-from-submissions';
  const register = options.register ?? registerFromSubmissions(subs);
  const reg = indexRegister(register);
  if (options.register) {
    for (const s of subs) {
      if (!s.unit.code) continue;
      const u = reg.unit(s.unit.code);
      const where = { file: s.file, sheet: '_meta', unitCode: s.unit.code };
      if (!u) {
        findings.push(
          finding('UNIT_NOT_IN_REGISTER', `单位代码 ${s.unit.code}（${s.unit.name}）不在单位名录中，未纳入汇总`, {
            ...where,
            value: s.unit.code,
            expected: '名录中的单位代码',
          }),
        );
        continue;
      }
      if (u.kind !== s.unit.kind)
        findings.push(
          finding(
            'UNIT_KIND_MISMATCH',
            `单位 ${u.code}（${u.name}）在名录中是${UNIT_KIND_ZH[u.kind]}，但使用的是${UNIT_KIND_ZH[s.unit.kind]}模板，未纳入汇总`,
            { ...where, value: s.unit.kind, expected: u.kind },
          ),
        );
      if (s.unit.parentCode && u.parentCode && s.unit.parentCode !== u.parentCode)
        findings.push(
          finding('UNIT_PARENT_MISMATCH', `单位 ${u.code} 的上级单位代码为 ${s.unit.parentCode}，名录中为 ${u.parentCode}，未纳入汇总`, {
            ...where,
            value: s.unit.parentCode,
            expected: u.parentCode,
          }),
        );
      if (s.unit.name && u.name && s.unit.name.replace(/\s+/g, '') !== u.name.replace(/\s+/g, ''))
        findings.push(
          finding('UNIT_NAME_MISMATCH', `单位名称“${s.unit.name}”与名录中的“${u.name}”不一致（按代码 ${u.code} 识别）`, {
            ...where,
            value: s.unit.name,
            expected: u.name,
          }),
        );
    }
  }

  // 3. The period.
  const asked = options.period ? normalizePeriod(options.period) : null;
  const period = asked ?? majorityPeriod(subs);
  const periodSource: Admission['periodSource'] = asked ? 'asked' : period ? 'majority' : 'none';
  for (const s of subs) {
    if (!period || !s.period || normalizePeriod(s.period) === period) continue;
    findings.push(
      finding(
        'PERIOD_MISMATCH',
        `报告期 ${s.period} 与本次汇总的报告期 ${period}${asked ? '（--period 指定）' : '（多数文件的报告期）'}不一致，未纳入汇总；如果沿用了旧模板，请改用本期模板重新填报`,
        { file: s.file, sheet: '_meta', value: s.period, expected: period, unitCode: s.unit.code || undefined },
      ),
    );
  }

  // 4. Two files for one unit (among the files still standing): an error on each, neither counted.
  const fileErrorsSoFar = new Set(
    findings.filter((f) => FINDING_CODES[f.code].severity === 'error' && FINDING_CODES[f.code].blocks === 'file').map((f) => f.file),
  );
  const listFileErrors = new Set<string>();
  const soFar = byFileOf(findings);
  for (const r of reads) {
    const src = sourceOfRead.get(r);
    if (!src) continue;
    const listSheet = src.digest.listSheet;
    const fileLevel = (soFar.get(r.file) ?? []).filter(
      (f) => f.severity === 'error' && FINDING_CODES[f.code].blocks === 'file' && !isListFinding(f, listSheet),
    );
    if (fileLevel.length === 0) listFileErrors.add(r.file);
  }
  const standing = subs.filter((s) => s.unit.code && (!fileErrorsSoFar.has(s.file) || listFileErrors.has(s.file)));
  const byUnit = new Map<string, SubmissionHead[]>();
  for (const s of standing) {
    const list = byUnit.get(s.unit.code);
    if (list) list.push(s);
    else byUnit.set(s.unit.code, [s]);
  }
  for (const list of byUnit.values()) {
    if (list.length < 2) continue;
    for (const s of list) {
      const others = list.filter((o) => o !== s).map((o) => o.file);
      findings.push(
        finding(
          'DUPLICATE_SUBMISSION',
          `单位 ${s.unit.code}（${s.unit.name}）报送了 ${list.length} 份 ${s.period} 报表（另见：${others.join('、')}），均未纳入汇总；请确认哪一份有效，删除其余后重新汇总`,
          { file: s.file, sheet: '_meta', value: s.unit.code, expected: '每个单位每期一份', unitCode: s.unit.code },
        ),
      );
    }
  }

  // 5. Decide each file; checks across the admitted set (firms in two townships, scale against peers).
  const beforeCross = byFileOf(findings);
  const errorsOf = (file: string) => (beforeCross.get(file) ?? []).filter((f) => f.severity === 'error');
  const decisions = new Map<string, FileDecision>();
  const candidates: SubmissionSource[] = [];
  for (const src of sources) {
    const d = decideFile(src, errorsOf(src.head.file));
    decisions.set(src.head.file, d);
    if (d.fileLevel.length === 0 && d.unplaced.length === 0) candidates.push(src);
  }
  const cross = crossSubmissionChecks(candidates, reg);
  findings.push(...cross.findings);
  const all = sortFindings(downgradeExplained(findings, explainedRows(sources)));
  const allByFile = byFileOf(all);

  // 6. Verdicts.
  const count = new Map<string, { errors: number; warnings: number; infos: number }>();
  for (const f of all) {
    const c = count.get(f.file) ?? { errors: 0, warnings: 0, infos: 0 };
    if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    else c.infos++;
    count.set(f.file, c);
  }
  const files: FileVerdict[] = [];
  const admitted: AdmittedSubmission[] = [];
  let listedRows = 0;
  const usedFileOf = new Map<string, FileVerdict>();
  const seenFiles = new Set<string>();
  for (const r of reads) {
    if (seenFiles.has(r.file)) continue;
    seenFiles.add(r.file);
    const c = count.get(r.file) ?? { errors: 0, warnings: 0, infos: 0 };
    const src = sourceOfRead.get(r);
    const s = src?.head;
    const known = { file: r.file, head: s, counts: c };
    if (!src || !s) {
      const mine = allByFile.get(r.file) ?? [];
      const errs = mine.filter((f) => f.severity === 'error');
      const own = mine.find((f) => f.code === 'OWN_OUTPUT_SKIPPED' || f.code === 'FILE_SKIPPED');
      files.push(
        fileVerdict(known, {
          verdict: errs.length > 0 || !own ? 'left-out' : 'skipped',
          reason: errs.length > 0 ? reasonOf(errs) : own ? FINDING_CODES[own.code].zh : '无法读取为填报文件',
        }),
      );
      continue;
    }
    const d = decisions.get(s.file)!;
    if (d.fileLevel.length > 0 || d.unplaced.length > 0) {
      files.push(
        fileVerdict(known, {
          verdict: 'left-out',
          reason: d.fileLevel.length > 0 ? reasonOf(d.fileLevel) : `${reasonOf(d.unplaced)}（无法确定影响哪些数，整份未纳入）`,
        }),
      );
      continue;
    }
    // The whole submission only for a file with figure or list-row errors (its cells are named).
    const full = d.figures.length > 0 || d.listRows.length > 0 ? src.load() : null;
    const marks: FigureMark[] = d.figures.map(({ field, role, f }) => {
      const ref = full!.fields[field]?.refs[role];
      return {
        field,
        role,
        kind: allowErrors ? 'kept-despite-error' : 'left-out',
        code: f.code,
        message: f.message,
        sheet: ref?.sheet ?? f.sheet ?? SHEET_INDICATORS,
        cell: ref?.cell ?? f.cell ?? '',
      };
    });
    // Warnings on a figure's own cell: the figure counts, and its cell says so.
    let index = d.index;
    const cells = (): CellIndex => (index ??= indexCells(full ?? src.load()));
    for (const f of allByFile.get(s.file) ?? []) {
      if (f.severity !== 'warning' || !f.cell) continue;
      const at = cells().figures.get(`${f.sheet ?? SHEET_INDICATORS}!${f.cell}`);
      if (at) marks.push({ ...at, kind: 'warning', code: f.code, message: f.message, sheet: f.sheet ?? SHEET_INDICATORS, cell: f.cell });
    }
    const rowsOut = new Set<number>();
    const touchedCells: string[] = [];
    const touched: (EnterpriseRow | null)[] = [];
    for (const { index, f } of d.listRows) {
      const cell = index >= 0 ? full!.enterprises[index].ref.cell : (f.cell ?? '');
      if (touchedCells.includes(cell)) continue;
      touchedCells.push(cell);
      touched.push(index >= 0 ? full!.enterprises[index] : null);
      if (!allowErrors && index >= 0) rowsOut.add(index);
    }
    const listLeftOut = d.listLevel.length > 0 && src.digest.listed > 0;
    const verdict = fileVerdict(known, {
      verdict: 'used',
      reason: null,
      marks,
      listRowsLeftOut: allowErrors ? [] : touchedCells,
      listLeftOut: listLeftOut || (d.listLevel.length > 0 && !allowErrors),
      listRowsTouched: touched.map((row, i) => ({ row, cell: touchedCells[i] })),
      listRowsKept: allowErrors ? touchedCells.filter((_, i) => touched[i] !== null) : [],
    });
    files.push(verdict);
    admitted.push({ head: s, load: admittedLoader(src, marks, rowsOut, verdict.listLeftOut) });
    listedRows += src.digest.listed;
    usedFileOf.set(s.unit.code, verdict);
  }

  // 7. Units: 已纳入, 已报送但未纳入（reason）, 未报送.
  const units = unitStatuses(register, files, subs);
  const statusOf: Admission['statusOf'] = new Map();
  // The unit statuses themselves (a copy of each of a country's units' status would be one more object per file).
  for (const u of units) statusOf.set(u.code, u);
  // Units outside the expected kinds (a district's own file…); `files` is sorted, so each unit's entry lists them in order.
  for (const f of files) {
    if (!f.unitCode) continue;
    const known = statusOf.get(f.unitCode);
    if (known) {
      if (!known.files.includes(f.file)) known.files.push(f.file);
      continue;
    }
    const used = usedFileOf.has(f.unitCode);
    statusOf.set(f.unitCode, { status: used ? 'included' : 'left-out', reason: used ? null : f.reason, files: [f.file] });
  }
  const year =
    admitted.find((a) => a.head.period === period)?.head.year ?? (period && /^\d{4}/.test(period) ? Number(period.slice(0, 4)) : null);
  return {
    register,
    registerSource,
    period,
    year,
    periodSource,
    allowErrors,
    admitted: admitted.sort((a, b) => cmp(a.head.file, b.head.file)),
    // By file name: the same files give the same answer whatever order they were given in.
    files: files.sort((a, b) => cmp(a.file, b.file)),
    units,
    findings: all,
    usedFileOf,
    statusOf,
    listedRows,
    firmKeys: cross.firmKeys,
  };
}

/**
 * The expected units (those of the kinds the files are: townships and parks whenever either
 * is present) and their status. Unreadable files count for the unit their name names, so a unit
 * that sent a broken file is 已报送但未纳入, not 未报送.
 */
function unitStatuses(register: Register, files: FileVerdict[], subs: readonly SubmissionHead[]): UnitAdmission[] {
  const ix = indexRegister(register);
  const kinds = new Set<UnitKind>();
  for (const s of subs) {
    const u = ix.unit(s.unit.code);
    if (u) kinds.add(u.kind);
  }
  if (kinds.has('township') || kinds.has('park') || kinds.size === 0) {
    kinds.add('township');
    kinds.add('park');
  }
  const expected = register.units.filter((u: RegisterUnit) => kinds.has(u.kind));
  const filesOf = new Map<string, FileVerdict[]>();
  for (const f of files) if (f.unitCode) filesOf.set(f.unitCode, [...(filesOf.get(f.unitCode) ?? []), f]);
  for (const f of files) {
    if (f.unitCode || f.verdict === 'skipped') continue;
    const base = f.file.slice(Math.max(f.file.lastIndexOf('/'), f.file.lastIndexOf('\\')) + 1);
    const byCode = expected.filter(
      (u) => u.code && new RegExp(`(^|[^0-9A-Za-z])${u.code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^0-9A-Za-z]|$)`).test(base),
    );
    const matches = byCode.length ? byCode : expected.filter((u) => u.name && base.includes(u.name));
    if (matches.length === 1) filesOf.set(matches[0].code, [...(filesOf.get(matches[0].code) ?? []), f]);
  }
  return expected.map((u) => {
    // By file name: the unit's reasons read the same whatever order the files were given in.
    const list = [...(filesOf.get(u.code) ?? [])].sort((a, b) => cmp(a.file, b.file));
    const used = list.find((f) => f.verdict === 'used');
    const status: UnitStatus = used ? 'included' : list.length > 0 ? 'left-out' : 'missing';
    const reason = status === 'left-out' ? [...new Set(list.map((f) => f.reason).filter((r): r is string => !!r))].join('；') : null;
    return {
      code: u.code,
      name: u.name,
      kind: u.kind,
      parentCode: u.parentCode,
      status,
      reason,
      files: list.map((f) => f.file),
      errors: list.reduce((a, f) => a + f.errors, 0),
      warnings: list.reduce((a, f) => a + f.warnings, 0),
    };
  });
}

/** Every finding of a set of submissions and their reading findings (the validation report alone). */
export function validateSubmissions(
  subs: readonly Submission[],
  opts: { register?: Register; fileFindings?: Finding[]; period?: string | null } = {},
): Finding[] {
  return admit(readsOf(subs, opts.fileFindings ?? []).concat(unreadReads(subs, opts.fileFindings ?? [])), {
    register: opts.register,
    period: opts.period,
  }).findings;
}

/** Files named only by findings (unreadable ones) as reads without a submission. */
function unreadReads(subs: readonly Submission[], findings: readonly Finding[]): FileRead[] {
  const read = new Set(subs.map((s) => s.file));
  const byFile = byFileOf(findings.filter((f) => !read.has(f.file)));
  return [...byFile.entries()].map(([file, fs]) => ({ file, submission: null, findings: fs }));
}

/** Base fields whose figure a mark concerns, for messages. */
export function figureLabel(m: Pick<FigureMark, 'field' | 'role'>): string {
  return `${catalogue.baseField(m.field)?.nameZh ?? m.field}${ROLE_ZH[m.role]}`;
}

/**
 * Marks on a unit's enterprise counts from its 企业名录: the counts a left-out row would have fed
 * (a row the reader could not take may feed any), the counts a row kept despite its error feeds
 * (allowErrors), or every count when the whole list could not be read (then its entered figures are used).
 */
export function listFigureMarks(verdict: FileVerdict, listSheet = SHEET_ENTERPRISES): FigureMark[] {
  const out: FigureMark[] = [];
  const where = (cells: string[]) => cells.map((c) => `${listSheet}!${c}`).join('、');
  for (const f of BASE_FIELDS) {
    const rule = f.fromEnterprises;
    if (!rule) continue;
    const mark = (kind: FigureMark['kind'], code: FigureMark['code'], message: string, cell: string) =>
      out.push({ field: f.code, role: 'current', kind, code, message, sheet: listSheet, cell });
    if (verdict.listLeftOut) {
      mark('warning', 'COLUMN_MISSING', '企业名录有结构性错误未读取，家数采用填报数', '');
      continue;
    }
    const feeds = verdict.listRowsTouched.filter(({ row }) => row === null || matchesCountRule(row, rule));
    if (feeds.length === 0) continue;
    const cells = feeds.map((x) => x.cell).filter(Boolean);
    if (verdict.listRowsLeftOut.length > 0) mark('left-out', 'USCC_INVALID', `${where(cells)} 有错误，该行企业未计入`, cells[0] ?? '');
    else mark('kept-despite-error', 'USCC_INVALID', `${where(cells)} 有错误，按 --allow-errors 计入`, cells[0] ?? '');
  }
  return out;
}
