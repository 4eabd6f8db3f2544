/**
 * Writing formulas as whole ranges in ET: one formula string assigned to a multi-cell
 * Range.Formula is filled relatively across it (as Excel and ET do when a formula is entered
 * into a selection). A block of cells whose formulas are that relative fill of the top-left
 * one is written with one call; anything else cell by cell.
 */

/** A1 cell reference outside quoted text: optional $, 1–3 letters, optional $, digits. */
const CELL_REF = /(\$?)([A-Z]{1,3})(\$?)([1-9][0-9]*)(?![0-9A-Za-z_(!])/y;

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function colLetters(n: number): string {
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * Whole-column or whole-row references (B:B, 3:5) and R1C1 text: this module does not shift
 * them, so formulas holding them are never filled (written cell by cell instead).
 */
const UNSUPPORTED =
  /(^|[^A-Za-z0-9_.$])\$?[A-Z]{1,3}\s*:\s*\$?[A-Z]{1,3}(?![0-9A-Za-z_(])|(^|[^A-Za-z0-9_.$])\$?[0-9]+\s*:\s*\$?[0-9]+(?![0-9])/;

export function canFill(formula: string): boolean {
  return !UNSUPPORTED.test(stripQuoted(formula));
}

function stripQuoted(formula: string): string {
  return formula.replace(/"(?:[^"]|"")*"|'(?:[^']|'')*'/g, '""');
}

/**
 * The formula as it reads `dr` rows and `dc` columns away from where it was written: relative
 * row and column parts of A1 references move, $-anchored ones stay; text in double quotes and
 * quoted sheet names are left alone. null when a reference would leave the sheet.
 */
export function shiftFormula(formula: string, dr: number, dc: number): string | null {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < formula.length) {
        if (formula[j] === ch) {
          if (formula[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const prev = i > 0 ? formula[i - 1] : '';
    if (/[A-Z$]/.test(ch) && !/[A-Za-z0-9_.]/.test(prev)) {
      CELL_REF.lastIndex = i;
      const m = CELL_REF.exec(formula);
      if (m) {
        const [whole, colAbs, col, rowAbs, row] = m;
        const c = colAbs ? colNumber(col) : colNumber(col) + dc;
        const r = rowAbs ? Number(row) : Number(row) + dr;
        if (c < 1 || r < 1 || c > 16384 || r > 1048576) return null;
        out += `${colAbs}${colLetters(c)}${rowAbs}${r}`;
        i += whole.length;
        continue;
      }
    }
    // An identifier (function or name) is copied whole, so LOG10 is not read as a reference.
    if (/[A-Za-z_]/.test(ch)) {
      let j = i;
      while (j < formula.length && /[A-Za-z0-9_.]/.test(formula[j])) j++;
      out += formula.slice(i, j);
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

export interface FormulaBlock {
  row: number;
  col: number;
  rows: number;
  cols: number;
  /** The top-left cell's formula; assigned to the whole block, ET fills it relatively. */
  formula: string;
}

/**
 * Splits the formulas of a rectangle (rows × cols, '' where there is none) into blocks:
 * maximal runs along each row whose cells are the relative fill of the run's first cell,
 * then identical-width runs on the following rows that continue the same fill.
 */
export function fillBlocks(formulas: readonly (readonly string[])[], row0 = 0, col0 = 0): FormulaBlock[] {
  const blocks: FormulaBlock[] = [];
  const done = formulas.map((r) => r.map(() => false));
  const fits = (base: string, r0: number, c0: number, r: number, c: number) =>
    formulas[r]?.[c] !== undefined && formulas[r][c] !== '' && !done[r][c] && shiftFormula(base, r - r0, c - c0) === formulas[r][c];
  for (let r = 0; r < formulas.length; r++) {
    for (let c = 0; c < formulas[r].length; c++) {
      const f = formulas[r][c];
      if (!f || done[r][c]) continue;
      let cols = 1;
      let rows = 1;
      if (canFill(f)) {
        while (fits(f, r, c, r, c + cols)) cols++;
        while (r + rows < formulas.length && Array.from({ length: cols }, (_, k) => fits(f, r, c, r + rows, c + k)).every(Boolean)) rows++;
      }
      for (let i = 0; i < rows; i++) for (let k = 0; k < cols; k++) done[r + i][c + k] = true;
      blocks.push({ row: row0 + r, col: col0 + c, rows, cols, formula: f });
    }
  }
  return blocks;
}
