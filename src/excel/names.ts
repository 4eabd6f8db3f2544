/** Sheet names: what Excel accepts, and a free name when one is taken. */

import { MAX_SHEET_NAME, sanitizeSheetName } from '../core/sheet-model.js';

// Pure and wanted by UI components too, so it lives in the core (components do not import src/excel).
export { sanitizeSheetName };

/** `base` if free, else "base (2)", "base (3)"… shortened to fit 31 characters. Case-insensitive, like Excel. */
export function freeSheetName(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const candidate = base.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** Where each new sheet goes: its name (kept, or "名称 (2)"…) and the existing sheet it replaces, if any. */
export interface SheetPlan<M extends { name: string }> {
  model: M;
  name: string;
  replaces: string | null;
}

/**
 * The names new sheets are written under, decided once for every host: a clash is replaced when
 * asked (once per existing sheet), else the sheet gets a free name. `renames`: requested → written;
 * `taken`: every name in use afterwards (for temporary names of replaced sheets).
 */
export function planSheetNames<M extends { name: string }>(
  models: readonly M[],
  existing: readonly string[],
  mode: 'rename' | 'replace',
): { plan: SheetPlan<M>[]; renames: Map<string, string>; taken: Set<string> } {
  const taken = new Set(existing);
  const renames = new Map<string, string>();
  const plan: SheetPlan<M>[] = [];
  for (const model of models) {
    const requested = sanitizeSheetName(model.name);
    const clash = existing.find((n) => n.toLowerCase() === requested.toLowerCase()) ?? null;
    let name: string;
    let replaces: string | null = null;
    if (clash && mode === 'replace' && !plan.some((p) => p.replaces === clash)) {
      name = requested;
      replaces = clash;
    } else name = freeSheetName(requested, taken);
    taken.add(name);
    renames.set(model.name, name);
    plan.push({ model, name, replaces });
  }
  return { plan, renames, taken };
}

/** A sheet name as written in a formula: quoted unless it is a plain identifier. */
export function sheetRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Points references to renamed sheets ('old'!A1 or old!A1) at their new names. */
export function renameSheetRefs(formula: string, renames: ReadonlyMap<string, string>): string {
  let out = formula;
  for (const [from, to] of renames) {
    if (from === to) continue;
    const quoted = `'${from.replace(/'/g, "''")}'!`;
    out = out.split(quoted).join(`${sheetRef(to)}!`);
    if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(from)) {
      out = out.replace(new RegExp(`(^|[^A-Za-z0-9_.'])${escapeRegExp(from)}!`, 'g'), `$1${sheetRef(to)}!`);
    }
  }
  return out;
}

/** "'城市排名'!$A$3:$A$8" → { sheet: '城市排名', address: '$A$3:$A$8' }. */
export function splitSheetAddress(ref: string): { sheet: string | null; address: string } {
  const bang = ref.lastIndexOf('!');
  if (bang < 0) return { sheet: null, address: ref };
  let sheet = ref.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, address: ref.slice(bang + 1) };
}
