/**
 * Benchmark data: N submission workbooks of a synthetic city (基准市, 基准数据 — not any real
 * place), plus its unit register (CSV) and the totals the generator knows to be true.
 *
 * Writing 10,000–40,000 workbooks through ExcelJS would take longer than the benchmark, so
 * real submissions are written once per (unit kind, enterprise count) by the product's own
 * `writeSubmission`, with unique marker values in every filled cell; each generated file is
 * that prototype with its markers replaced by the unit's values in the sheet XML and shared
 * strings, re-zipped. Every file is therefore exactly what the template writer produces for
 * that unit (same sheets, styles, validations, protection), only faster to make.
 *
 * Sets are cached under bench/out/sets/v<GENERATOR_VERSION>-n<N>/ (git-ignored).
 *
 *   tsx bench/generate.ts --n 1000        # generate (or reuse) the N = 1,000 set
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { BASE_FIELDS, ENTERPRISE_FLAGS, type EnterpriseFlag } from '../src/core/catalogue.js';
import { matchesCountRule } from '../src/core/rollup.js';
import type { EnterpriseRow, FieldValue, RegisterUnit, Submission, UnitKind } from '../src/core/types.js';
import { withUsccCheckChar } from '../src/core/uscc.js';
import { registerCsv } from '../src/io/register.js';
import { writeSubmission } from '../src/io/template.js';
import { prng, TOWN_STEMS, PARK_STEMS, FIRM_STEMS, FIRM_TAILS, USCC_CHARS } from '../src/core/synthetic.js';

/** Bump when the data or the file layout changes: cached sets of another version are not reused. */
export const GENERATOR_VERSION = 7;
export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = join(BENCH_DIR, 'out');
export const YEAR = 2024;
export const CITY_NAME = '基准市';
export const MIN_ENTERPRISES = 20;
export const MAX_ENTERPRISES = 80;

// ---------------------------------------------------------------------------------------
// Deterministic numbers

const round1 = (x: number): number => Math.round(x * 10) / 10;

// ---------------------------------------------------------------------------------------
// Which cells a unit of each kind fills (the same for every unit of the kind)

type Role = 'current' | 'previous' | 'target';
const TARGET_FIELDS = ['RD_EXP', 'TECH_CONTRACT_AMT', 'HNTE_COUNT'];
const ALL_FIELDS = BASE_FIELDS.filter((f) => f.scope === 'all');
const DISTRICT_FIELDS = BASE_FIELDS.filter((f) => f.scope === 'district');

/** The (field, role) cells of 指标表 a unit of this kind fills. */
export function filledCells(kind: UnitKind): [string, Role][] {
  const out: [string, Role][] = [];
  if (kind === 'township' || kind === 'park') {
    for (const f of ALL_FIELDS) {
      out.push([f.code, 'current'], [f.code, 'previous']);
      if (kind === 'township' && TARGET_FIELDS.includes(f.code)) out.push([f.code, 'target']);
    }
  } else {
    // A district (or the city) enters its own figures for every field (validation asks for
    // every 本期数), its district-only denominators and its own targets.
    for (const f of ALL_FIELDS) {
      out.push([f.code, 'current'], [f.code, 'previous']);
      if (TARGET_FIELDS.includes(f.code)) out.push([f.code, 'target']);
    }
    for (const f of DISTRICT_FIELDS) out.push([f.code, 'current'], [f.code, 'previous']);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Prototypes: real submissions with marker values, compiled into fill-in templates

const NUM_BASE = 9876500000;
const numMarker = (k: number): string => String(NUM_BASE + k);
const strMarker = (k: number): string => `§S${k}§`;
const UNIT_MARKERS = { name: '§UN§', code: '§UC§', parent: '§PC§', park: '§PK§' } as const;

/** One entry of the workbook: raw bytes (unchanged by filling) or literal chunks and marker tokens. */
type CompiledPart = { name: string; raw: Uint8Array } | { name: string; chunks: string[]; tokens: string[] };

interface Prototype {
  kind: UnitKind;
  enterprises: number;
  parts: CompiledPart[];
}

function markerSubmission(kind: UnitKind, nEnt: number): Pick<Submission, 'unit' | 'year' | 'period' | 'fields' | 'enterprises'> {
  let s = 0;
  let n = 0;
  const fields: Record<string, FieldValue> = {};
  for (const [code, role] of filledCells(kind)) {
    fields[code] ??= { current: null, previous: null, target: null, note: null, refs: {} };
    fields[code][role] = Number(numMarker(n++));
  }
  const enterprises: EnterpriseRow[] = [];
  for (let i = 0; i < nEnt; i++) {
    const flags = {} as Record<EnterpriseFlag, boolean>;
    // Flag cells get unique text markers (filled with 是/否 later); the writer takes booleans,
    // so markers go in through the township text and are patched in the XML — see fillRow.
    for (const f of ENTERPRISE_FLAGS) flags[f.flag] = true;
    enterprises.push({
      uscc: strMarker(s++),
      name: strMarker(s++),
      township: strMarker(s++),
      park: kind === 'park' ? UNIT_MARKERS.park : null,
      flags,
      revenue: Number(numMarker(n++)),
      rdFee: Number(numMarker(n++)),
      rdExp: Number(numMarker(n++)),
      rdFte: Number(numMarker(n++)),
      ref: { file: '', sheet: '', cell: '' },
    });
  }
  return {
    unit: { code: UNIT_MARKERS.code, name: UNIT_MARKERS.name, kind, parentCode: kind === 'city' ? null : UNIT_MARKERS.parent },
    year: YEAR,
    period: String(YEAR),
    fields,
    enterprises,
  };
}

const TOKEN_RE = /§(?:S\d+|UN|UC|PC|PK|F\d+_\d+)§|<v>98765\d{5}<\/v>/g;

function compileText(text: string): { chunks: string[]; tokens: string[] } | null {
  const chunks: string[] = [];
  const tokens: string[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    // A number marker keeps its <v>…</v>: only the digits are the token.
    const isNum = m[0].startsWith('<v>');
    chunks.push(text.slice(last, m.index! + (isNum ? 3 : 0)));
    tokens.push(isNum ? m[0].slice(3, -4) : m[0]);
    last = m.index! + m[0].length - (isNum ? 4 : 0);
  }
  if (tokens.length === 0) return null;
  chunks.push(text.slice(last));
  return { chunks, tokens };
}

/**
 * Flag cells: the writer puts the shared string '是' in every flag cell of the prototype.
 * Give each its own inline marker so each clone can say 是 or 否 per enterprise: the cell
 * `<c r="E4" s="17" t="s"><v>99</v></c>` becomes a shared-string reference to a marker
 * string appended to sharedStrings.xml.
 */
function markFlagCells(sheetXml: string, sstXml: string, nEnt: number): { sheet: string; sst: string } {
  const flagCols = ENTERPRISE_FLAGS.map((_, j) => String.fromCharCode('E'.charCodeAt(0) + j)); // E..J
  const sstCount = (sstXml.match(/<si>/g) ?? []).length;
  const added: string[] = [];
  let sheet = sheetXml;
  for (let i = 0; i < nEnt; i++) {
    const row = 4 + i;
    for (let j = 0; j < flagCols.length; j++) {
      const ref = `${flagCols[j]}${row}`;
      const re = new RegExp(`(<c r="${ref}"[^>]*? t="s"><v>)\\d+(</v></c>)`);
      if (!re.test(sheet)) throw new Error(`prototype: flag cell ${ref} not found`);
      sheet = sheet.replace(re, `$1${sstCount + added.length}$2`);
      added.push(`<si><t>§F${i}_${j}§</t></si>`);
    }
  }
  const sst = sstXml.replace(/uniqueCount="\d+"/, `uniqueCount="${sstCount + added.length}"`).replace('</sst>', `${added.join('')}</sst>`);
  return { sheet, sst };
}

async function buildPrototype(kind: UnitKind, nEnt: number): Promise<Uint8Array> {
  const bytes = await writeSubmission(markerSubmission(kind, nEnt), { enterpriseRows: Math.max(20, nEnt + 10) });
  if (nEnt === 0) return bytes;
  const files = unzipSync(bytes);
  const sheetName = findSheetPart(files, '企业名录');
  const { sheet, sst } = markFlagCells(strFromU8(files[sheetName]), strFromU8(files['xl/sharedStrings.xml']), nEnt);
  files[sheetName] = strToU8(sheet);
  files['xl/sharedStrings.xml'] = strToU8(sst);
  return zipParts(Object.entries(files).map(([name, data]) => [name, data]));
}

/** The part name of a sheet, from workbook.xml and its rels. */
function findSheetPart(files: Record<string, Uint8Array>, sheet: string): string {
  const wb = strFromU8(files['xl/workbook.xml']);
  const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
  const rid = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(wb)?.[1];
  const target = rid ? new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels) : null;
  const t = target?.[1] ?? target?.[2];
  if (!t) throw new Error(`prototype: sheet ${sheet} not found`);
  return t.startsWith('/') ? t.slice(1) : `xl/${t}`;
}

function compile(kind: UnitKind, nEnt: number, bytes: Uint8Array): Prototype {
  const files = unzipSync(bytes);
  const parts: CompiledPart[] = [];
  for (const [name, data] of Object.entries(files)) {
    if (/\.(xml|rels|vml)$/.test(name)) {
      const c = compileText(strFromU8(data));
      if (c) {
        parts.push({ name, ...c });
        continue;
      }
    }
    parts.push({ name, raw: data });
  }
  return { kind, enterprises: nEnt, parts };
}

const protoCache = new Map<string, Prototype>();

async function prototype(kind: UnitKind, nEnt: number, dir: string): Promise<Prototype> {
  const key = `${kind}-${nEnt}`;
  const hit = protoCache.get(key);
  if (hit) return hit;
  const file = join(dir, `${key}.xlsx`);
  let bytes: Uint8Array;
  if (existsSync(file)) bytes = new Uint8Array(readFileSync(file));
  else {
    bytes = await buildPrototype(kind, nEnt);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, bytes);
  }
  const p = compile(kind, nEnt, bytes);
  protoCache.set(key, p);
  return p;
}

// ---------------------------------------------------------------------------------------
// Filling a prototype

const ZIP_MTIME = new Date(2024, 11, 31, 12, 0, 0);

function zipParts(entries: [string, Uint8Array][]): Uint8Array {
  const z: Zippable = {};
  for (const [name, data] of entries) z[name] = [data, { level: name.endsWith('/') ? 0 : 6, mtime: ZIP_MTIME }];
  return zipSync(z, { mtime: ZIP_MTIME });
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Marker token → text to write (already XML-escaped). */
type Values = Map<string, string>;

function fill(p: Prototype, values: Values): Uint8Array {
  const entries: [string, Uint8Array][] = [];
  for (const part of p.parts) {
    if ('raw' in part) {
      entries.push([part.name, part.raw]);
      continue;
    }
    let s = part.chunks[0];
    for (let i = 0; i < part.tokens.length; i++) {
      const v = values.get(part.tokens[i]);
      if (v === undefined) throw new Error(`generator: no value for marker ${part.tokens[i]} in ${part.name}`);
      s += v + part.chunks[i + 1];
    }
    entries.push([part.name, strToU8(s)]);
  }
  return zipParts(entries);
}

function valuesFor(sub: Pick<Submission, 'unit' | 'fields' | 'enterprises'>, parkName: string | null): Values {
  const v: Values = new Map();
  v.set(UNIT_MARKERS.name, xmlEscape(sub.unit.name));
  v.set(UNIT_MARKERS.code, xmlEscape(sub.unit.code));
  v.set(UNIT_MARKERS.parent, xmlEscape(sub.unit.parentCode ?? ''));
  if (parkName !== null) v.set(UNIT_MARKERS.park, xmlEscape(parkName));
  let n = 0;
  for (const [code, role] of filledCells(sub.unit.kind)) {
    const x = sub.fields[code]?.[role];
    if (typeof x !== 'number') throw new Error(`generator: ${sub.unit.code} lacks ${code}.${role}`);
    v.set(numMarker(n++), String(x));
  }
  let s = 0;
  sub.enterprises.forEach((e, i) => {
    v.set(strMarker(s++), e.uscc);
    v.set(strMarker(s++), xmlEscape(e.name));
    v.set(strMarker(s++), xmlEscape(e.township ?? ''));
    ENTERPRISE_FLAGS.forEach((f, j) => v.set(`§F${i}_${j}§`, e.flags[f.flag] ? '是' : '否'));
    v.set(numMarker(n++), String(e.revenue ?? 0));
    v.set(numMarker(n++), String(e.rdFee ?? 0));
    v.set(numMarker(n++), String(e.rdExp ?? 0));
    v.set(numMarker(n++), String(e.rdFte ?? 0));
  });
  return v;
}

// ---------------------------------------------------------------------------------------
// The synthetic city

const DISTRICT_STEMS = ['东湖', '西岭', '南港', '北塘', '中山', '青溪', '松江', '梅林', '鹿鸣', '河西'];

/** What the generator knows to be true about one district (the benchmark checks both rollups against it). */
export interface DistrictTruth {
  code: string;
  name: string;
  /** Σ over the partition (townships + partition-member parks) of SUM fields' 本期数. */
  sums: Record<string, number>;
  /** Distinct USCC across every 企业名录 of the district (parks included) per count field. */
  counts: Record<string, number>;
  /** District-only inputs (GDP, …). */
  inputs: Record<string, number>;
  partitionUnits: number;
  memoUnits: number;
}

export interface SetInfo {
  version: number;
  n: number;
  dir: string;
  /** Directory holding only the submission workbooks. */
  submissionsDir: string;
  registerPath: string;
  files: number;
  bytes: number;
  districts: number;
  townships: number;
  parks: number;
  partitionParks: number;
  enterpriseRows: number;
  generateSeconds: number;
  truth: { districts: DistrictTruth[] };
}

export function setDir(n: number): string {
  return join(OUT_DIR, 'sets', `v${GENERATOR_VERSION}-n${n}`);
}

interface Planned {
  unit: RegisterUnit;
  sub: Submission;
  parkName: string | null;
}

export interface GenerateOptions {
  /** Where the set goes (default bench/out/sets/v<version>-n<N>). */
  dir?: string;
  /** Where prototypes are cached (default bench/out/prototypes-v<version>). */
  prototypesDir?: string;
  log?: (s: string) => void;
}

/** Generate (or reuse) the set of N submission workbooks. */
export async function generateSet(n: number, options: GenerateOptions = {}): Promise<SetInfo> {
  if (!Number.isInteger(n) || n < 3) throw new Error('N must be an integer ≥ 3');
  const log = options.log ?? (() => {});
  const dir = options.dir ?? setDir(n);
  const protoDir = options.prototypesDir ?? join(OUT_DIR, `prototypes-v${GENERATOR_VERSION}`);
  const infoPath = join(dir, 'set.json');
  if (existsSync(infoPath)) {
    const info = JSON.parse(readFileSync(infoPath, 'utf8')) as SetInfo;
    if (info.version === GENERATOR_VERSION && info.n === n) return info;
  }
  const t0 = performance.now();
  rmSync(dir, { recursive: true, force: true });
  const subDir = join(dir, 'submissions');
  mkdirSync(subDir, { recursive: true });

  const rnd = prng(0x5717 + n);
  const between = (a: number, b: number) => a + (b - a) * rnd();
  const int = (a: number, b: number) => Math.floor(between(a, b + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];

  const cityCode = '880000';
  const units: RegisterUnit[] = [{ code: cityCode, name: CITY_NAME, kind: 'city', parentCode: null }];
  const truths: DistrictTruth[] = [];
  let firmSerial = 0;
  let files = 0;
  let bytes = 0;
  let enterpriseRows = 0;
  let townships = 0;
  let parks = 0;
  let partitionParks = 0;

  const write = async (p: Planned) => {
    const proto = await prototype(p.unit.kind, p.sub.enterprises.length, protoDir);
    const data = fill(proto, valuesFor(p.sub, p.parkName));
    writeFileSync(join(subDir, p.sub.file), data);
    files++;
    bytes += data.length;
    enterpriseRows += p.sub.enterprises.length;
    if (files % 1000 === 0) log(`  generated ${files}/${n}`);
  };

  const newFirm = (township: string, park: string | null): EnterpriseRow => {
    firmSerial++;
    // 9 + 1 (registration type) + 6-digit area code + 9-character organisation code + check.
    const body = `91${cityCode}` + Array.from({ length: 9 }, () => USCC_CHARS[int(0, 30)]).join('');
    const ind = rnd() < 0.8;
    const rdActive = rnd() < (ind ? 0.6 : 0.3);
    const revenue = round1(Math.exp(between(Math.log(1500), Math.log(150000))));
    const hnte = rdActive && rnd() < 0.45;
    const rdFee = rdActive ? round1(revenue * between(0.008, 0.045)) : 0;
    const flags = {} as Record<EnterpriseFlag, boolean>;
    const set: Partial<Record<EnterpriseFlag, boolean>> = {
      IND: ind,
      RD_ACTIVE: rdActive,
      RD_INST: rdActive && rnd() < 0.5,
      HNTE: hnte,
      HNTE_NEW: hnte && rnd() < 0.25,
      TSME: rnd() < 0.4,
    };
    for (const f of ENTERPRISE_FLAGS) flags[f.flag] = Boolean(set[f.flag]);
    return {
      uscc: withUsccCheckChar(body),
      name: `${CITY_NAME}${pick(FIRM_STEMS)}${pick(FIRM_TAILS)}（${firmSerial}号）`,
      township,
      park,
      flags,
      revenue,
      rdFee,
      rdExp: rdActive ? round1(rdFee * between(0.8, 1.1)) : 0,
      rdFte: rdActive ? round1(between(3, 60)) : 0,
      ref: { file: '', sheet: '企业名录', cell: '' },
    };
  };

  const field = (current: number, previous: number | null = null, target: number | null = null): FieldValue => ({
    current,
    previous,
    target,
    note: null,
    refs: {},
  });

  /** A township's or park's 指标表 from its list (counts agree with the list) plus area-level amounts. */
  const areaFields = (firms: EnterpriseRow[], scale: number, withTargets: boolean): Record<string, FieldValue> => {
    const ind = firms.filter((e) => e.flags.IND);
    const sum = (xs: (number | null)[]) => round1(xs.reduce<number>((a, b) => a + (b ?? 0), 0));
    const level: Record<string, number> = {
      RD_EXP: round1(sum(firms.map((e) => e.rdExp)) * between(1.05, 1.3)),
      IND_REVENUE: sum(ind.map((e) => e.revenue)),
      IND_RD_FEE: sum(ind.map((e) => e.rdFee)),
      IND_RD_FTE: sum(ind.map((e) => e.rdFte)),
      RD_FTE: round1(sum(firms.map((e) => e.rdFte)) * between(1.05, 1.25)),
      FIRMS_TOTAL: Math.round(firms.length * between(25, 60) * scale),
      TECH_CONTRACT_AMT: round1(between(800, 30000) * scale),
      TECH_CONTRACT_ABSORB: round1(between(500, 20000) * scale),
      IND_OUTPUT: round1(sum(ind.map((e) => e.revenue)) * between(0.85, 1.02)),
      IND_VA: round1(sum(ind.map((e) => e.revenue)) * between(0.22, 0.3)),
      PLATFORMS_NEW: int(0, 4),
      TALENT_NEW: int(0, 8),
      DZ_NO_RD_GE_1E8: int(0, 3),
      DZ_NO_INST_GE_5E8: int(0, 2),
    };
    level.HT_OUTPUT = round1(level.IND_OUTPUT * between(0.15, 0.65));
    level.HT_VA = round1(level.IND_VA * between(0.15, 0.65));
    // Last year's counts come from the firms that were already there, so a part never exceeds its whole.
    const keep = between(0.8, 0.95);
    const lastYear = firms.filter(() => rnd() < keep);
    const fields: Record<string, FieldValue> = {};
    for (const f of ALL_FIELDS) {
      let cur = f.fromEnterprises ? firms.filter((e) => matchesCountRule(e, f.fromEnterprises!)).length : level[f.code];
      if (cur === undefined) cur = f.integer ? int(0, 5) : round1(between(100, 5000) * scale);
      const prev = f.fromEnterprises
        ? lastYear.filter((e) => matchesCountRule(e, f.fromEnterprises!)).length
        : f.integer
          ? Math.max(0, Math.round(cur / between(0.9, 1.25)))
          : round1(cur / between(0.92, 1.3));
      const target =
        withTargets && TARGET_FIELDS.includes(f.code)
          ? f.integer
            ? Math.round(cur * between(0.9, 1.2))
            : round1(cur * between(0.85, 1.2))
          : null;
      fields[f.code] = field(cur, prev, target);
    }
    return fields;
  };

  const submission = (u: RegisterUnit, fields: Record<string, FieldValue>, enterprises: EnterpriseRow[]): Submission => ({
    file: `${u.code}_${u.name}_${YEAR}.xlsx`,
    templateId: 'STI-SUBMISSION',
    templateVersion: '1.0',
    unit: { code: u.code, name: u.name, kind: u.kind, parentCode: u.parentCode },
    year: YEAR,
    period: String(YEAR),
    fields,
    enterprises,
  });

  const districtInputs = (rdSum: number, rdFte: number): Record<string, number> => {
    const gdp = round1(rdSum / between(0.012, 0.034));
    const fiscal = round1(gdp * between(0.08, 0.14));
    const fai = round1(gdp * between(0.25, 0.45));
    return {
      GDP: gdp,
      EMPLOYED: Math.round(rdFte / between(0.004, 0.012)),
      FISCAL_EXP: fiscal,
      FISCAL_ST_EXP: round1(fiscal * between(0.015, 0.06)),
      FAI: fai,
      HT_INV: round1(fai * between(0.05, 0.3)),
    };
  };
  /** A district's (or the city's) own 指标表: its figures (what it reports upward), inputs and targets. */
  const inputFields = (
    own: Record<string, FieldValue>,
    inputs: Record<string, number>,
    targets: Record<string, number>,
  ): Record<string, FieldValue> => {
    const out: Record<string, FieldValue> = {};
    for (const [code, fv] of Object.entries(own)) out[code] = { ...fv };
    for (const f of DISTRICT_FIELDS) {
      const cur = inputs[f.code];
      out[f.code] = field(cur, f.integer ? Math.round(cur / between(0.98, 1.03)) : round1(cur / between(1.0, 1.08)));
    }
    for (const [code, t] of Object.entries(targets)) out[code].target = t;
    return out;
  };

  // One file for the city itself; the rest in districts of 8–20 townships and 1–2 parks.
  let remaining = n - 1;
  let di = 0;
  const citySums: Record<string, number> = {};
  const cityOwn: Record<string, FieldValue> = {};
  while (remaining > 0) {
    di++;
    const dCode = `88${String(di).padStart(4, '0')}`;
    const dName = `${DISTRICT_STEMS[(di - 1) % DISTRICT_STEMS.length]}${di > DISTRICT_STEMS.length ? Math.ceil(di / DISTRICT_STEMS.length) : ''}区`;
    const district: RegisterUnit = { code: dCode, name: dName, kind: 'district', parentCode: cityCode };
    units.push(district);
    let nTowns = int(8, 20);
    let nParks = int(1, 2);
    if (1 + nTowns + nParks > remaining) {
      // The last district takes what is left (at least its own file and one township).
      nParks = remaining >= 4 ? 1 : 0;
      nTowns = Math.max(0, remaining - 1 - nParks);
    }
    remaining -= 1 + nTowns + nParks;
    const scale = between(0.6, 1.6);
    const towns: Planned[] = [];
    for (let t = 0; t < nTowns; t++) {
      const name = `${dName}${TOWN_STEMS[t % TOWN_STEMS.length]}${t >= TOWN_STEMS.length ? 2 : ''}${t % 3 === 0 ? '街道' : '镇'}`;
      const unit: RegisterUnit = { code: `${dCode}${String(t + 1).padStart(3, '0')}`, name, kind: 'township', parentCode: dCode };
      units.push(unit);
      const firms = Array.from({ length: int(MIN_ENTERPRISES, MAX_ENTERPRISES) }, () => newFirm(name, null));
      towns.push({ unit, sub: submission(unit, areaFields(firms, scale, true), firms), parkName: null });
    }
    const parkPlans: Planned[] = [];
    for (let p = 0; p < nParks; p++) {
      const name = `${dName}${PARK_STEMS[(di + p) % PARK_STEMS.length]}`;
      // About one park in twelve is its own statistical area (计入合计 = 是).
      const member = rnd() < 1 / 12;
      const unit: RegisterUnit = {
        code: `${dCode}P${p + 1}`,
        name,
        kind: 'park',
        parentCode: dCode,
        ...(member ? { partitionMember: true } : {}),
      };
      units.push(unit);
      const total = int(MIN_ENTERPRISES, MAX_ENTERPRISES);
      const firms: EnterpriseRow[] = [];
      // A memo park: about a third of its firms are also listed by their township (counted once),
      // the rest only by the park. A partition-member park is its own area: only its own firms.
      for (const t of member ? [] : towns) {
        if (firms.length >= total / 3) break;
        for (const e of t.sub.enterprises.slice(p * 3, p * 3 + int(1, 3))) {
          if (firms.length >= total / 3) break;
          firms.push({ ...e, flags: { ...e.flags }, park: name });
        }
      }
      while (firms.length < total) firms.push(newFirm(member || !towns.length ? name : pick(towns).unit.name, name));
      parkPlans.push({ unit, sub: submission(unit, areaFields(firms, scale * 0.5, false), firms), parkName: name });
      parks++;
      if (member) partitionParks++;
    }
    townships += nTowns;

    // Truth: Σ partition of SUM fields, distinct USCC across the partition's lists (a 其中 park's list never raises a count).
    const partition = [...towns, ...parkPlans.filter((p) => p.unit.partitionMember)];
    const sums: Record<string, number> = {};
    for (const f of ALL_FIELDS)
      if (!f.fromEnterprises) sums[f.code] = partition.reduce((a, p) => a + (p.sub.fields[f.code].current ?? 0), 0);
    const distinct = new Map<string, EnterpriseRow>();
    for (const p of partition) for (const e of p.sub.enterprises) if (!distinct.has(e.uscc)) distinct.set(e.uscc, e);
    const counts: Record<string, number> = {};
    for (const f of ALL_FIELDS)
      if (f.fromEnterprises) counts[f.code] = [...distinct.values()].filter((e) => matchesCountRule(e, f.fromEnterprises!)).length;
    const inputs = districtInputs(sums.RD_EXP, sums.RD_FTE);
    for (const [k, v] of Object.entries(sums)) citySums[k] = (citySums[k] ?? 0) + v;
    const targets = {
      RD_EXP: round1(sums.RD_EXP * between(0.9, 1.15)),
      TECH_CONTRACT_AMT: round1(sums.TECH_CONTRACT_AMT * between(0.8, 1.2)),
      HNTE_COUNT: Math.round(counts.HNTE_COUNT * between(0.9, 1.2)),
    };
    const own: Record<string, FieldValue> = {};
    for (const f of ALL_FIELDS) {
      const prev = partition.reduce((a, p) => a + (p.sub.fields[f.code].previous ?? 0), 0);
      own[f.code] = field(f.fromEnterprises ? counts[f.code] : sums[f.code], prev);
      cityOwn[f.code] ??= field(0, 0);
      cityOwn[f.code].current! += own[f.code].current!;
      cityOwn[f.code].previous! += prev;
    }
    truths.push({
      code: dCode,
      name: dName,
      sums,
      counts,
      inputs,
      partitionUnits: partition.length,
      memoUnits: nParks - (partition.length - nTowns),
    });

    for (const p of [...towns, ...parkPlans]) await write(p);
    await write({ unit: district, sub: submission(district, inputFields(own, inputs, targets), []), parkName: null });
  }
  // The city's own inputs (its GDP is not the sum of the districts', as in real statistics).
  const city = units[0];
  const cityInputs = districtInputs(citySums.RD_EXP ?? 0, citySums.RD_FTE ?? 0);
  await write({
    unit: city,
    sub: submission(
      city,
      inputFields(cityOwn, cityInputs, {
        RD_EXP: round1((citySums.RD_EXP ?? 0) * 1.05),
        TECH_CONTRACT_AMT: round1((citySums.TECH_CONTRACT_AMT ?? 0) * 1.05),
        HNTE_COUNT: Math.round(truths.reduce((a, t) => a + t.counts.HNTE_COUNT, 0) * 1.05),
      }),
      [],
    ),
    parkName: null,
  });

  const registerPath = join(dir, 'register.csv');
  writeFileSync(registerPath, registerCsv({ units }));
  const info: SetInfo = {
    version: GENERATOR_VERSION,
    n,
    dir,
    submissionsDir: subDir,
    registerPath,
    files,
    bytes,
    districts: truths.length,
    townships,
    parks,
    partitionParks,
    enterpriseRows,
    generateSeconds: (performance.now() - t0) / 1000,
    truth: { districts: truths },
  };
  if (files !== n || readdirSync(subDir).length !== n) throw new Error(`generator: wrote ${files} files, expected ${n}`);
  writeFileSync(infoPath, JSON.stringify(info));
  return info;
}

// ---------------------------------------------------------------------------------------

const invokedDirectly = process.argv[1] && /bench[\\/]generate\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  const i = process.argv.indexOf('--n');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 100;
  generateSet(n, { log: (s) => console.log(s) }).then(
    (info) =>
      console.log(
        `${info.files} files (${(info.bytes / 1048576).toFixed(1)} MB), ${info.districts} districts, ${info.townships} townships, ${info.parks} parks in ${info.submissionsDir} (${info.generateSeconds.toFixed(1)} s)`,
      ),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
