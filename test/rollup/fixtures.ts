/** Small builders of registers and submissions for rollup tests (no files). */
import { ENTERPRISE_FLAGS, type EnterpriseFlag } from '../../src/core/catalogue.js';
import type { EnterpriseRow, FieldValue, Register, RegisterUnit, Submission, UnitKind } from '../../src/core/types.js';
import { withUsccCheckChar } from '../../src/core/uscc.js';

export function fv(
  current: number | null,
  previous: number | null = null,
  target: number | null = null,
  file = 'x.xlsx',
  row = 4,
): FieldValue {
  return {
    current,
    previous,
    target,
    note: null,
    refs: {
      ...(current !== null ? { current: { file, sheet: '指标表', cell: `D${row}` } } : {}),
      ...(previous !== null ? { previous: { file, sheet: '指标表', cell: `E${row}` } } : {}),
      ...(target !== null ? { target: { file, sheet: '指标表', cell: `F${row}` } } : {}),
    },
  };
}

export function flags(set: EnterpriseFlag[]): Record<EnterpriseFlag, boolean> {
  const out = {} as Record<EnterpriseFlag, boolean>;
  for (const f of ENTERPRISE_FLAGS) out[f.flag] = set.includes(f.flag);
  return out;
}

/** A valid USCC from a small integer. */
export function uscc(n: number): string {
  return withUsccCheckChar(`91330100${String(n).padStart(9, '0')}`);
}

export function firm(n: number, fl: EnterpriseFlag[], file: string, row: number, revenue: number | null = 5000): EnterpriseRow {
  return {
    uscc: uscc(n),
    name: `企业${n}`,
    township: null,
    park: null,
    flags: flags(fl),
    revenue,
    rdFee: null,
    rdExp: null,
    rdFte: null,
    ref: { file, sheet: '企业名录', cell: `A${row}` },
  };
}

export function unit(code: string, name: string, kind: UnitKind, parentCode: string | null, partitionMember?: boolean): RegisterUnit {
  return { code, name, kind, parentCode, ...(partitionMember !== undefined ? { partitionMember } : {}) };
}

export function sub(u: RegisterUnit, fields: Record<string, FieldValue>, enterprises: EnterpriseRow[] = [], period = '2024'): Submission {
  const file = `${u.code}.xlsx`;
  // Cells given without a file (fv's default) belong to this submission.
  for (const f of Object.values(fields)) for (const r of Object.values(f.refs)) if (r && r.file === 'x.xlsx') r.file = file;
  return {
    file,
    templateId: 'STI-SUBMISSION',
    templateVersion: '1.0',
    unit: { code: u.code, name: u.name, kind: u.kind, parentCode: u.parentCode },
    year: Number(period.slice(0, 4)),
    period,
    fields,
    enterprises,
  };
}

export function register(units: RegisterUnit[]): Register {
  return { units };
}
