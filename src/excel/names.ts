/** Sheet names: what Excel accepts, and a free name when one is taken. */

import { MAX_SHEET_NAME } from '../core/sheet-model.js';

// Pure and wanted by UI components too, so it lives in the core (components do not import src/excel).
export { sanitizeSheetName } from '../core/sheet-model.js';

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
