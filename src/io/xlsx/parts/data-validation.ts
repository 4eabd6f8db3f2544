/**
 * Data validation (a worksheet's <dataValidations>): equal validations of single cells
 * grouped into rectangles, and each written with its formulas and messages. Written only.
 * The ExcelJS engine (write.ts) groups with the same `validationRanges` and `listFormula`.
 */
import { a1, type DataValidation } from '../../../core/sheet-model.js';
import { escapeXml, xmlNumber } from '../xml.js';

/** Cells are keyed row * MAX_COLUMNS + col. */
const MAX_COLUMNS = 16384;

/** Collects a sheet's cell validations while its cells are written. */
export class ValidationCollector {
  private keys = new Map<number, string>();
  private byKey = new Map<string, DataValidation>();

  add(row: number, col: number, v: DataValidation): void {
    const key = JSON.stringify(v);
    this.keys.set(row * MAX_COLUMNS + col, key);
    if (!this.byKey.has(key)) this.byKey.set(key, v);
  }

  /** Rectangles of equal validations, in row-major order. */
  ranges(): { sqref: string; validation: DataValidation }[] {
    return validationRanges(this.keys).map(([sqref, key]) => ({ sqref, validation: this.byKey.get(key)! }));
  }

  /** The <dataValidations> element ('' when there are none). */
  xml(): string {
    const list = this.ranges();
    return list.length
      ? `<dataValidations count="${list.length}">${list.map((x) => validationXml(x.validation, x.sqref)).join('')}</dataValidations>`
      : '';
  }
}

/** An inline list as a formula: "是,否" — commas separate items; quotes doubled. */
export function listFormula(list: readonly string[]): string {
  return `"${list.map((x) => x.replace(/"/g, '""')).join(',')}"`;
}

/** One <dataValidation> over `sqref`. */
export function validationXml(v: DataValidation, sqref: string): string {
  let attrs = `type="${v.type}"`;
  let formulas = '';
  if (v.type === 'list') {
    formulas = `<formula1>${escapeXml(listFormula(v.list ?? []))}</formula1>`;
  } else {
    const op = v.operator ?? 'greaterThanOrEqual';
    if (op !== 'between') attrs += ` operator="${op}"`;
    if (op === 'between') formulas = `<formula1>${xmlNumber(v.min ?? 0)}</formula1><formula2>${xmlNumber(v.max ?? 0)}</formula2>`;
    else if (op === 'lessThanOrEqual') formulas = `<formula1>${xmlNumber(v.max ?? 0)}</formula1>`;
    else formulas = `<formula1>${xmlNumber(v.min ?? v.max ?? 0)}</formula1>`;
  }
  if (v.allowBlank) attrs += ' allowBlank="1"';
  if (v.prompt) attrs += ` showInputMessage="1" prompt="${escapeXml(v.prompt)}"`;
  attrs += ' showErrorMessage="1"';
  if (v.errorTitle) attrs += ` errorTitle="${escapeXml(v.errorTitle)}"`;
  if (v.error) attrs += ` error="${escapeXml(v.error)}"`;
  return `<dataValidation ${attrs} sqref="${sqref}">${formulas}</dataValidation>`;
}

/**
 * Equal validations grouped into rectangles (row-major): [A1 range, key]. Keys are
 * row * 16384 + col. (ExcelJS's own grouping sorts addresses as text, A10 before A4, and
 * writes overlapping ranges.)
 */
export function validationRanges(keys: ReadonlyMap<number, string>): [string, string][] {
  const out: [string, string][] = [];
  const done = new Set<number>();
  const order = [...keys.keys()].sort((a, b) => a - b);
  const W = MAX_COLUMNS;
  for (const start of order) {
    if (done.has(start)) continue;
    const key = keys.get(start)!;
    const r0 = Math.floor(start / W);
    const c0 = start % W;
    let r1 = r0;
    while (keys.get((r1 + 1) * W + c0) === key && !done.has((r1 + 1) * W + c0)) r1++;
    let c1 = c0;
    const columnMatches = (c: number) => {
      for (let r = r0; r <= r1; r++) if (keys.get(r * W + c) !== key || done.has(r * W + c)) return false;
      return true;
    };
    while (columnMatches(c1 + 1)) c1++;
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) done.add(r * W + c);
    out.push([r0 === r1 && c0 === c1 ? a1(r0, c0) : `${a1(r0, c0)}:${a1(r1, c1)}`, key]);
  }
  return out;
}
