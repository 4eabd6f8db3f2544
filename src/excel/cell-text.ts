/**
 * Text must stay text. A string written through range.values that starts with = + - @ is
 * taken by Excel as a formula (a unit named '=HYPERLINK(…)' would become a live link), and
 * strings that look like numbers, dates or TRUE/FALSE are converted (unit code '0012' → 12).
 * Excel's apostrophe prefix keeps such a string as text; the apostrophe is not part of the value.
 */
const FORMULA_START = /^[=+\-@']/;
const LOOKS_CONVERTIBLE = /^\s*([-+]?[\d,.]+%?|\d{1,4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?|true|false|#[A-Z/0!?]+[!?A]?)\s*$/i;

export function needsTextPrefix(s: string): boolean {
  return FORMULA_START.test(s) || LOOKS_CONVERTIBLE.test(s);
}

/**
 * The value to put in range.values for a constant cell. A cell formatted as text ('@') keeps
 * whatever is written as text already, so it gets no apostrophe.
 */
export function constantForExcel(value: string | number | boolean | null | undefined, numberFormat?: string): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'string' && value !== '' && numberFormat !== '@' && needsTextPrefix(value)) return `'${value}`;
  return value;
}

/** Office.js takes formulas in English with '=' and without the file format's _xlfn./_xlws. prefixes. */
export function formulaForExcel(formula: string): string {
  const body = formula.replace(/^=/, '').replace(/_xlfn\.|_xlws\./g, '');
  return `=${body}`;
}
