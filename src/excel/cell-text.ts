/**
 * Text must stay text. A string written through range.values that starts with = + - @ is
 * taken by Excel as a formula (a unit named '=HYPERLINK(…)' would become a live link), and
 * strings that look like numbers, dates or TRUE/FALSE are converted (unit code '0012' → 12).
 * Excel's apostrophe prefix keeps such a string as text; the apostrophe is not part of the value.
 */
import { cellValueForWrite, type CellModel } from '../core/sheet-model.js';

const FORMULA_START = /^[=+\-@']/;
const LOOKS_CONVERTIBLE = /^\s*([-+]?[\d,.]+%?|\d{1,4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?|true|false|#[A-Z/0!?]+[!?A]?)\s*$/i;

export function needsTextPrefix(s: string): boolean {
  return FORMULA_START.test(s) || LOOKS_CONVERTIBLE.test(s);
}

/**
 * The value to put in range.values for a cell: its constant, or for a formula cell its cached
 * result (written before the formula, so a host that does not calculate still shows it), by the
 * shared rule (cellValueForWrite in core/sheet-model). An error — #NUM! for a non-finite
 * number — is written as its literal, which Excel enters as that error value (a text that looks
 * like an error gets the apostrophe below, so only a real error becomes one). A constant cell
 * formatted as text ('@') keeps whatever is written as text already, so it gets no apostrophe.
 */
export function valueForExcel(cell: CellModel | null | undefined): string | number | boolean {
  if (!cell) return '';
  const isFormula = Boolean(cell.formula);
  const w = cellValueForWrite(cell.value, isFormula);
  switch (w.type) {
    case 'blank':
      return '';
    case 'text':
      return w.value !== '' && (isFormula || cell.style?.numFmt !== '@') && needsTextPrefix(w.value) ? `'${w.value}` : w.value;
    default:
      return w.value;
  }
}

/** Office.js takes formulas in English with '=' and without the file format's _xlfn./_xlws. prefixes. */
export function formulaForExcel(formula: string): string {
  const body = formula.replace(/^=/, '').replace(/_xlfn\.|_xlws\./g, '');
  return `=${body}`;
}
