/**
 * The unit register (名录) as a tree: city → districts → townships/streets, parks hanging
 * under their district as memo units unless marked partition members.
 */
import type { Finding, Register, RegisterUnit, Submission } from './types.js';

export interface DistrictNode {
  unit: RegisterUnit;
  /** Townships/streets and partition-member parks: the units whose sum is the total. */
  partition: RegisterUnit[];
  /** Parks shown as 其中 rows, never added. */
  memo: RegisterUnit[];
}

export interface RegisterTree {
  city: RegisterUnit | null;
  districts: DistrictNode[];
  byCode: Map<string, RegisterUnit>;
  findings: Finding[];
}

export const isPartitionUnit = (u: RegisterUnit): boolean => u.kind === 'township' || (u.kind === 'park' && u.partitionMember === true);

/** Build the tree in register order; inconsistencies become findings, never exceptions. */
export function buildRegisterTree(register: Register, source = '名录'): RegisterTree {
  const byCode = new Map<string, RegisterUnit>();
  const findings: Finding[] = [];
  for (const u of register.units) {
    if (byCode.has(u.code)) {
      findings.push({
        severity: 'error',
        code: 'REGISTER_DUPLICATE_UNIT',
        message: `名录中单位代码“${u.code}”重复出现（${byCode.get(u.code)!.name}、${u.name}），仅采用第一条`,
        file: source,
        unitCode: u.code,
      });
      continue;
    }
    byCode.set(u.code, u);
  }
  const cities = [...byCode.values()].filter((u) => u.kind === 'city');
  const districts: DistrictNode[] = [...byCode.values()]
    .filter((u) => u.kind === 'district')
    .map((unit) => ({ unit, partition: [], memo: [] }));
  const districtByCode = new Map(districts.map((d) => [d.unit.code, d]));
  for (const u of byCode.values()) {
    if (u.kind !== 'township' && u.kind !== 'park') continue;
    const d = u.parentCode ? districtByCode.get(u.parentCode) : undefined;
    if (!d) {
      findings.push({
        severity: 'error',
        code: 'REGISTER_ORPHAN_UNIT',
        message: `名录中单位“${u.name}”（${u.code}）的上级代码“${u.parentCode ?? ''}”不是名录中的区县`,
        file: source,
        unitCode: u.code,
      });
      continue;
    }
    (isPartitionUnit(u) ? d.partition : d.memo).push(u);
  }
  // Townships first, then partition-member parks, each in register order.
  for (const d of districts) d.partition.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'township' ? -1 : 1));
  return { city: cities[0] ?? null, districts, byCode, findings };
}

/**
 * A register inferred from the submissions' _meta (unit code, name, kind, parent) when the
 * statistician gives none. Parks are memo units (partition membership is only in a register).
 */
export function registerFromSubmissions(submissions: readonly Submission[]): Register {
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
