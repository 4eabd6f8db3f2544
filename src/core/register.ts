/**
 * The unit register (名录): a tree city → districts → townships/streets, parks attached to
 * their district as memo units unless marked 计入合计 (a partition member). The one model of
 * the tree: parsing from a table (shared by the .xlsx and .csv readers), lookups, checks, the
 * district tree the rollup walks, and a register inferred from submissions.
 */
import { toHalfWidth } from './parse.js';
import { a1 } from './sheet-model.js';
import { normaliseHeader } from './template-schema.js';
import type { Finding, Register, RegisterUnit, Submission, UnitKind } from './types.js';
import { finding } from './validate-codes.js';
import { KIND_TO_ZH, UNIT_KIND_EXPECTED, YES_NO_EXPECTED, unitKindFromText, yesNoFromText } from './vocabulary.js';

export const REGISTER_SHEET = '单位名录';
export const REGISTER_HEADERS = ['单位代码', '单位名称', '单位类型', '上级单位代码', '计入合计'] as const;

// The kind words and yes/no words read and written: one vocabulary (vocabulary.ts).
export { KIND_TO_ZH } from './vocabulary.js';

/**
 * Parse the register from a table of cell texts (first row with the headers anywhere in
 * the first rows). Columns are found by header text; bad rows become findings.
 */
export function parseRegisterTable(rows: string[][], file: string, sheet?: string): { register: Register; findings: Finding[] } {
  const findings: Finding[] = [];
  const at = (r: number, c: number, value?: string, expected?: string) => ({ file, sheet, cell: a1(r, c), value, expected });
  const norm = REGISTER_HEADERS.map((h) => normaliseHeader(h));
  const aliases: Record<string, number> = {
    代码: 0,
    单位编码: 0,
    名称: 1,
    类型: 2,
    级别: 2,
    上级代码: 3,
    上级单位: 3,
    是否计入合计: 4,
    计入区合计: 4,
  };
  let headerRow = -1;
  let cols: number[] = [];
  for (let r = 0; r < Math.min(rows.length, 20) && headerRow < 0; r++) {
    const found = [-1, -1, -1, -1, -1];
    rows[r].forEach((t, c) => {
      const n = normaliseHeader(t ?? '');
      let i = norm.indexOf(n);
      if (i < 0 && n in aliases) i = aliases[n];
      if (i >= 0 && found[i] < 0) found[i] = c;
    });
    if (found[0] >= 0 && found[1] >= 0 && found[2] >= 0) {
      headerRow = r;
      cols = found;
    }
  }
  const units: RegisterUnit[] = [];
  if (headerRow < 0) {
    findings.push(
      finding('REGISTER_INVALID', `名录中找不到表头（应含：${REGISTER_HEADERS.join(' | ')}）`, {
        file,
        sheet,
        expected: REGISTER_HEADERS.join(' | '),
      }),
    );
    return { register: { units }, findings };
  }
  if (cols[3] < 0)
    findings.push(
      finding('REGISTER_PARENT_COLUMN_MISSING', '名录缺少“上级单位代码”列', {
        file,
        sheet,
        cell: a1(headerRow, 0),
        expected: '上级单位代码',
      }),
    );
  for (let r = headerRow + 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const get = (i: number) => (cols[i] >= 0 ? toHalfWidth(String(row[cols[i]] ?? '')).trim() : '');
    const code = get(0).replace(/\s+/g, '');
    const name = get(1);
    const kindText = get(2);
    const parent = get(3).replace(/\s+/g, '');
    const member = get(4).toUpperCase();
    if (!code && !name && !kindText && !parent) continue;
    if (!code) {
      findings.push(finding('REGISTER_INVALID', `第 ${r + 1} 行缺少单位代码`, at(r, cols[0], name, '单位代码')));
      continue;
    }
    const kind = unitKindFromText(kindText);
    if (!kind) {
      findings.push(
        finding('REGISTER_INVALID', `单位 ${code}（${name}）的单位类型“${kindText}”无法识别`, at(r, cols[2], kindText, UNIT_KIND_EXPECTED)),
      );
      continue;
    }
    const unit: RegisterUnit = { code, name, kind, parentCode: parent || null };
    if (cols[4] >= 0) {
      const answer = member === '' ? false : yesNoFromText(member);
      if (answer) unit.partitionMember = true;
      else if (answer === null)
        findings.push(
          finding(
            'REGISTER_INVALID',
            `单位 ${code} 的“计入合计”应填“是”或“否”，实际为“${get(4)}”`,
            at(r, cols[4], get(4), YES_NO_EXPECTED),
          ),
        );
      if (unit.partitionMember && kind !== 'park') delete unit.partitionMember; // only parks are memo-or-member
    }
    units.push(unit);
  }
  const register = { units };
  findings.push(...validateRegister(register, file, sheet));
  return { register, findings };
}

/** A 其中 (memo) park: shown and ranked among parks, never added into its parent's total. */
export const isMemoPark = (u: RegisterUnit): boolean => u.kind === 'park' && u.partitionMember !== true;

/** A unit whose figures add up to its district's total: a township/street or a park marked 计入合计. */
export const isPartitionUnit = (u: RegisterUnit): boolean => u.kind === 'township' || (u.kind === 'park' && !isMemoPark(u));

/** Lookups over a register (built once per register and cached). */
export class RegisterIndex {
  readonly byCode = new Map<string, RegisterUnit>();
  private readonly kids = new Map<string | null, RegisterUnit[]>();
  constructor(readonly register: Register) {
    for (const u of register.units) {
      if (!this.byCode.has(u.code)) this.byCode.set(u.code, u);
      const list = this.kids.get(u.parentCode) ?? [];
      list.push(u);
      this.kids.set(u.parentCode, list);
    }
  }
  unit(code: string): RegisterUnit | undefined {
    return this.byCode.get(code);
  }
  /** Direct children, in register order. */
  children(code: string | null): RegisterUnit[] {
    return this.kids.get(code) ?? [];
  }
  /** Units whose sum is the parent's total: a district's townships and 计入合计 parks; a city's districts. */
  partitionMembers(code: string): RegisterUnit[] {
    return this.children(code).filter((u) => !isMemoPark(u));
  }
  /** Parks shown as 其中 (memo) rows, not added into the total. */
  memoParks(code: string): RegisterUnit[] {
    return this.children(code).filter(isMemoPark);
  }
  roots(): RegisterUnit[] {
    return this.register.units.filter((u) => u.parentCode === null || !this.byCode.has(u.parentCode));
  }
  /** Ancestors from the parent up (stops on a cycle). */
  ancestors(code: string): RegisterUnit[] {
    const out: RegisterUnit[] = [];
    const seen = new Set<string>([code]);
    let u = this.byCode.get(code);
    while (u && u.parentCode && !seen.has(u.parentCode)) {
      seen.add(u.parentCode);
      u = this.byCode.get(u.parentCode);
      if (u) out.push(u);
    }
    return out;
  }
}

const cache = new WeakMap<Register, RegisterIndex>();
export function indexRegister(register: Register): RegisterIndex {
  let ix = cache.get(register);
  if (!ix) {
    ix = new RegisterIndex(register);
    cache.set(register, ix);
  }
  return ix;
}

export const children = (register: Register, code: string | null): RegisterUnit[] => indexRegister(register).children(code);
export const partitionMembers = (register: Register, code: string): RegisterUnit[] => indexRegister(register).partitionMembers(code);
export const memoParks = (register: Register, code: string): RegisterUnit[] => indexRegister(register).memoParks(code);

export interface DistrictNode {
  unit: RegisterUnit;
  /** Townships/streets and partition-member parks: the units whose sum is the total. */
  partition: RegisterUnit[];
  /** Parks shown as 其中 rows, never added. */
  memo: RegisterUnit[];
}

/** The register as the rollup walks it: the city, its districts, each district's partition and memo units. */
export interface RegisterTree {
  city: RegisterUnit | null;
  districts: DistrictNode[];
  byCode: Map<string, RegisterUnit>;
  findings: Finding[];
}

/**
 * The district tree in register order (the first unit of a repeated code is used); a repeated
 * code or a township/park whose parent is not a district becomes a finding, never an exception.
 */
export function buildRegisterTree(register: Register, source = '名录'): RegisterTree {
  const ix = indexRegister(register);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const u of register.units) {
    if (!seen.has(u.code)) {
      seen.add(u.code);
      continue;
    }
    findings.push(
      finding('REGISTER_DUPLICATE_UNIT', `名录中单位代码“${u.code}”重复出现（${ix.unit(u.code)!.name}、${u.name}），仅采用第一条`, {
        file: source,
        unitCode: u.code,
      }),
    );
  }
  const units = [...ix.byCode.values()];
  const first = (u: RegisterUnit) => ix.byCode.get(u.code) === u;
  for (const u of units) {
    if (u.kind !== 'township' && u.kind !== 'park') continue;
    if (u.parentCode !== null && ix.unit(u.parentCode)?.kind === 'district') continue;
    findings.push(
      finding('REGISTER_ORPHAN_UNIT', `名录中单位“${u.name}”（${u.code}）的上级代码“${u.parentCode ?? ''}”不是名录中的区县`, {
        file: source,
        unitCode: u.code,
      }),
    );
  }
  const districts: DistrictNode[] = units
    .filter((u) => u.kind === 'district')
    .map((unit) => {
      const own = (list: RegisterUnit[]) => list.filter((u) => first(u) && (u.kind === 'township' || u.kind === 'park'));
      // Townships first, then partition-member parks, each in register order.
      const partition = own(ix.partitionMembers(unit.code)).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'township' ? -1 : 1));
      return { unit, partition, memo: own(ix.memoParks(unit.code)) };
    });
  return { city: units.find((u) => u.kind === 'city') ?? null, districts, byCode: new Map(ix.byCode), findings };
}

/**
 * A register inferred from the submissions' _meta (unit code, name, kind, parent) when the
 * statistician gives none. Parks are memo units (partition membership is only in a register).
 */
export function registerFromSubmissions(submissions: readonly Pick<Submission, 'file' | 'unit'>[]): Register {
  const units = new Map<string, RegisterUnit>();
  const sorted = [...submissions].sort((a, b) =>
    a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : a.file < b.file ? -1 : 1,
  );
  for (const s of sorted) {
    if (!units.has(s.unit.code))
      units.set(s.unit.code, { code: s.unit.code, name: s.unit.name, kind: s.unit.kind, parentCode: s.unit.parentCode });
  }
  // Parents named only as parent codes: districts of townships/parks, the city of districts.
  for (const u of [...units.values()]) {
    if ((u.kind === 'township' || u.kind === 'park') && u.parentCode && !units.has(u.parentCode)) {
      units.set(u.parentCode, { code: u.parentCode, name: u.parentCode, kind: 'district', parentCode: null });
    }
  }
  for (const u of [...units.values()]) {
    if (u.kind === 'district' && u.parentCode && !units.has(u.parentCode)) {
      units.set(u.parentCode, { code: u.parentCode, name: u.parentCode, kind: 'city', parentCode: null });
    }
  }
  return { units: [...units.values()] };
}

/** Which kinds may hang under which. */
const PARENT_KINDS: Record<UnitKind, (UnitKind | null)[]> = {
  city: [null],
  district: ['city', null],
  township: ['district'],
  park: ['district', 'city'],
};

/** Check the tree: duplicate codes, unknown parents, cycles, kinds that cannot nest. */
export function validateRegister(register: Register, file = '名录', sheet?: string): Finding[] {
  const out: Finding[] = [];
  const seen = new Map<string, RegisterUnit>();
  for (const u of register.units) {
    const prev = seen.get(u.code);
    if (prev)
      out.push(
        finding('REGISTER_INVALID', `单位代码 ${u.code} 重复（${prev.name} 与 ${u.name}）`, {
          file,
          sheet,
          value: u.code,
          expected: '每个单位代码只出现一次',
        }),
      );
    else seen.set(u.code, u);
  }
  for (const u of register.units) {
    if (u.parentCode === null) {
      if (!PARENT_KINDS[u.kind].includes(null)) {
        out.push(
          finding('REGISTER_INVALID', `${KIND_TO_ZH[u.kind]} ${u.code}（${u.name}）没有上级单位代码`, {
            file,
            sheet,
            value: u.code,
            expected: '上级单位代码',
          }),
        );
      }
      continue;
    }
    const p = seen.get(u.parentCode);
    if (!p) {
      out.push(
        finding('REGISTER_INVALID', `单位 ${u.code}（${u.name}）的上级单位代码 ${u.parentCode} 不在名录中`, {
          file,
          sheet,
          value: u.parentCode,
          expected: '名录中的单位代码',
        }),
      );
    } else if (!PARENT_KINDS[u.kind].includes(p.kind)) {
      out.push(
        finding('REGISTER_INVALID', `${KIND_TO_ZH[u.kind]} ${u.code}（${u.name}）不能隶属于${KIND_TO_ZH[p.kind]} ${p.code}（${p.name}）`, {
          file,
          sheet,
          value: `${u.kind} → ${p.kind}`,
          expected: PARENT_KINDS[u.kind]
            .filter(Boolean)
            .map((k) => KIND_TO_ZH[k!])
            .join('或'),
        }),
      );
    }
  }
  // Cycles: follow parents; a walk that returns to a unit is a cycle (reported once per cycle).
  const state = new Map<string, 1 | 2>();
  for (const u of register.units) {
    const path: string[] = [];
    let cur: RegisterUnit | undefined = u;
    while (cur && !state.has(cur.code)) {
      state.set(cur.code, 1);
      path.push(cur.code);
      cur = cur.parentCode ? seen.get(cur.parentCode) : undefined;
    }
    if (cur && state.get(cur.code) === 1) {
      const cycle = path.slice(path.indexOf(cur.code));
      out.push(
        finding('REGISTER_INVALID', `名录中的上下级关系成环：${[...cycle, cur.code].join(' → ')}`, {
          file,
          sheet,
          value: cycle.join(','),
          expected: '树形上下级关系',
        }),
      );
    }
    for (const c of path) state.set(c, 2);
  }
  return out;
}
