/**
 * Fuzzing the file readers (issue 7 §2): random byte mutations of a real submission, random
 * edits of its XML parts, and readSubmission on random grids. Whatever comes in, reading
 * ends with a submission and findings or with the typed read error — never another
 * exception, never a hang. Short by default; STI_FUZZ_RUNS=100000 for a long run.
 */
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sheetGridFromValues, type GridMerge, type SheetGrid } from '../../src/core/grid.js';
import { readSubmission } from '../../src/core/read-submission.js';
import { BASE_FIELDS } from '../../src/core/catalogue.js';
import { ENTERPRISE_COLUMNS, INDICATOR_COLUMNS, META_KEYS } from '../../src/core/template-schema.js';
import type { Finding } from '../../src/core/types.js';
import { validateSubmissions } from '../../src/core/admit.js';
import { FINDING_CODES } from '../../src/core/validate-codes.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { isXlsxReadError, readXlsx } from '../../src/io/xlsx/read.js';
import { base } from '../robustness/corpus.js';
import { runs, timeout } from './runs.js';

const B = await base();
const PER_CASE_MS = 3000;

function checkFindings(findings: Finding[]) {
  for (const f of findings) {
    expect(Object.keys(FINDING_CODES)).toContain(f.code);
    expect(f.message).toMatch(/[\u4e00-\u9fff]/);
    expect(f.message).not.toMatch(/\n\s+at /);
  }
}

/** Read bytes both ways: the raw reader throws only XlsxReadError; the submission reader never throws. */
function readBoth(bytes: Uint8Array) {
  const t0 = performance.now();
  try {
    readXlsx(bytes, 'fuzz.xlsx');
  } catch (e) {
    if (!isXlsxReadError(e)) throw e;
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  }
  const r = readSubmissionFile(bytes, 'fuzz.xlsx');
  // FILE_UNREADABLE "读取时出错" is the safety net for a bug in reading: it must never fire.
  for (const f of r.findings) expect(f.message, 'an exception escaped into the safety net').not.toMatch(/^读取时出错/);
  checkFindings(r.findings);
  if (r.submission) checkFindings(validateSubmissions([r.submission], { fileFindings: r.findings }));
  expect(performance.now() - t0).toBeLessThan(PER_CASE_MS);
}

describe('reader on mutated bytes of a real submission', () => {
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 4096 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
  type Mutation = { kind: string; at: number; bits?: number; bytes?: Uint8Array; len?: number };
  const apply = (src: Uint8Array, ms: Mutation[]) => {
    let b = src.slice();
    for (const m of ms) {
      const at = m.at % Math.max(1, b.length);
      if (m.kind === 'flip') b[at] ^= m.bits!;
      else if (m.kind === 'set') b.set(m.bytes!.subarray(0, b.length - at), at);
      else if (m.kind === 'cut') b = new Uint8Array([...b.subarray(0, at), ...b.subarray(at + m.len!)]);
      else if (m.kind === 'insert') b = new Uint8Array([...b.subarray(0, at), ...m.bytes!, ...b.subarray(at)]);
      else b = b.slice(0, at);
    }
    return b;
  };
  it(
    'never throws anything but the typed read error, never hangs',
    () => {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (ms) => readBoth(apply(B.bytes, ms))),
        runs(150, 10),
      );
    },
    timeout(60_000),
  );
});

/** Pieces of XML that make readers stumble. */
const XML_JUNK = [
  '<c r="A1">',
  '</c>',
  '<row>',
  '</row>',
  '<row r="0">',
  '<row r="-3">',
  '<row r="1048577">',
  '<c r="XFD1"><v>1</v></c>',
  '<c r="Q"><v>2</v></c>',
  '<c t="s"><v>999999</v></c>',
  '<c t="s"><v>-1</v></c>',
  '<c t="s"><v>1e3</v></c>',
  '<c t="e"><v>#REF!</v></c>',
  '<c t="b"><v>2</v></c>',
  '<c t="d"><v>x</v></c>',
  '<c t="inlineStr"><is><t>=1+1</t></is></c>',
  '<v>NaN</v>',
  '<v>1e999</v>',
  '<v>-0</v>',
  '<f>A1</f>',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<!DOCTYPE x [<!ENTITY a "b">]>',
  '&a;',
  '&#0;',
  '&#xD800;',
  '&#x110000;',
  '&',
  '<',
  '>',
  '"',
  "'",
  '=',
  '<mergeCell ref="A1:XFD1048576"/>',
  '<mergeCell ref="B2"/>',
  '<mergeCells>',
  '<sheet name="" r:id=""/>',
  '<si><t>',
  '</t></si>',
  '<rPh><t>ふりがな</t></rPh>',
  '<x:c xmlns:x="urn:x">',
  '\u0000',
  '\uFEFF',
  '\uFFFF',
  '_xD83D_',
  '_x0000_',
  '<?xml version="1.0" encoding="UTF-16"?>',
];
const PARTS = [
  B.part.ind,
  B.part.ent,
  B.part.meta,
  'xl/sharedStrings.xml',
  'xl/workbook.xml',
  'xl/styles.xml',
  'xl/_rels/workbook.xml.rels',
  '[Content_Types].xml',
  '_rels/.rels',
];
const baseFiles = unzipSync(B.bytes);
const baseTexts = Object.fromEntries(PARTS.map((p) => [p, strFromU8(baseFiles[p])]));

describe('reader on randomly edited XML parts of a real submission', () => {
  const edit = fc.record({
    part: fc.constantFrom(...PARTS),
    kind: fc.constantFrom('delete', 'duplicate', 'insert', 'replace'),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 400 }),
    junk: fc.oneof(fc.constantFrom(...XML_JUNK), fc.string({ maxLength: 12 })),
  });
  it(
    'never throws anything but the typed read error, never hangs',
    () => {
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
          const texts: Record<string, string> = { ...baseTexts };
          for (const e of edits) {
            const t = texts[e.part];
            const at = e.at % Math.max(1, t.length);
            if (e.kind === 'delete') texts[e.part] = t.slice(0, at) + t.slice(at + e.len);
            else if (e.kind === 'duplicate') texts[e.part] = t.slice(0, at + e.len) + t.slice(at, at + e.len) + t.slice(at + e.len);
            else if (e.kind === 'insert') texts[e.part] = t.slice(0, at) + e.junk + t.slice(at);
            else texts[e.part] = t.slice(0, at) + e.junk + t.slice(at + e.junk.length);
          }
          const files: Zippable = {};
          for (const [n, d] of Object.entries(baseFiles)) if (!n.endsWith('/')) files[n] = n in texts ? strToU8(texts[n]) : d;
          readBoth(zipSync(files, { level: 1 }));
        }),
        runs(150, 10),
      );
    },
    timeout(60_000),
  );
});

// ---------------------------------------------------------------------------------------
// readSubmission on random grids

const CODES = BASE_FIELDS.map((f) => f.code);
const TEXTS = [
  ...INDICATOR_COLUMNS.flatMap((c) => [c.header, ...c.aliases]),
  ...ENTERPRISE_COLUMNS.flatMap((c) => [c.header, ...c.aliases]),
  ...Object.keys(META_KEYS),
  ...Object.values(META_KEYS),
  ...CODES,
  ...BASE_FIELDS.map((f) => f.nameZh),
  'township',
  'park',
  'district',
  'city',
  '乡镇',
  '园区',
  'STI-SUBMISSION',
  '1.0',
  '2024',
  '2024-01..09',
  '是',
  '否',
  '√',
  '×',
  '营业收入（元）',
  '营业收入（亿元）',
  '1,234.5',
  '１２３',
  '1.2亿',
  '2000万',
  '56.92%',
  '—',
  '-',
  '/',
  '5000元',
  '(12)',
  '=HYPERLINK("x")',
  '@SUM(1)',
  '+1',
  '2024年3月1日',
  '91350100M000100Y43',
  '91350100m000100y43',
  '9135010',
  'NaN',
  'Infinity',
  '1e400',
  '',
  ' ',
  '\u3000',
  '😀',
];
const cellValue = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...TEXTS) },
  { weight: 3, arbitrary: fc.oneof(fc.double(), fc.integer({ min: -10, max: 100000 }), fc.constantFrom(-0, 0, 1e308, -1e308)) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom('#DIV/0!', '#N/A', '#VALUE!', '#REF!') },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 4, arbitrary: fc.constant('') },
);
const SHEET_NAMES = ['指标表', '企业名录', '_meta', '填报说明', 'Sheet1', '指 标 表', '企业名录 (2)', '附表', ''];
const sheetArb: fc.Arbitrary<SheetGrid> = fc
  .record({
    name: fc.constantFrom(...SHEET_NAMES),
    state: fc.constantFrom('visible' as const, 'hidden' as const, 'veryHidden' as const),
    values: fc.array(fc.array(cellValue, { maxLength: 16 }), { maxLength: 30 }),
    dates: fc.array(fc.boolean(), { maxLength: 16 }),
    formulas: fc.boolean(),
    origin: fc.record({ row: fc.integer({ min: 0, max: 5 }), col: fc.integer({ min: 0, max: 3 }) }),
    merges: fc.array(
      fc.record({
        r0: fc.integer({ min: 0, max: 35 }),
        c0: fc.integer({ min: 0, max: 18 }),
        h: fc.integer({ min: 0, max: 4 }),
        w: fc.integer({ min: 0, max: 4 }),
      }),
      { maxLength: 4 },
    ),
    hidden: fc.array(fc.integer({ min: 0, max: 35 }), { maxLength: 4 }),
  })
  .map((s) =>
    sheetGridFromValues(s.name, s.values, {
      state: s.state,
      origin: s.origin,
      formulas: s.formulas ? s.values.map((r) => r.map((v) => (typeof v === 'number' && v > 1000 ? '=SUM(A1:A2)' : ''))) : undefined,
      numberFormats: s.values.map((r) => r.map((_v, j) => (s.dates[j] ? 'yyyy-mm-dd' : 'General'))),
      merges: s.merges.map((m): GridMerge => ({ r0: m.r0, c0: m.c0, r1: m.r0 + m.h, c1: m.c0 + m.w })),
      hiddenRows: s.hidden,
    }),
  );

describe('readSubmission on random grids', () => {
  it(
    'never throws; every finding has a known code and a Chinese message; validation never throws either',
    () => {
      fc.assert(
        fc.property(fc.array(sheetArb, { maxLength: 5 }), (sheets) => {
          const r = readSubmission({ fileName: 'grid.xlsx', sheets });
          checkFindings(r.findings);
          if (r.submission) {
            for (const fv of Object.values(r.submission.fields))
              for (const v of [fv.current, fv.previous, fv.target]) expect(v === null || Number.isFinite(v)).toBe(true);
            checkFindings(validateSubmissions([r.submission, r.submission], { fileFindings: r.findings }));
          }
        }),
        runs(400, 4),
      );
    },
    timeout(60_000),
  );
});
