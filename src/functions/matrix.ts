/**
 * Excel arguments as matrices. Every range-capable parameter is declared `any[][]`, so a
 * single cell arrives as [[x]]; element-wise functions broadcast like Excel (a dimension of
 * size 1 stretches to the other's size) and return a spilled matrix of the result shape.
 */
import { IndicatorError, parseNumber } from '../core/index.js';
import { toExcelError } from './errors.js';

export type Matrix = unknown[][];

/** What Excel hands over for a cell that is empty (null on some hosts, "" on others). */
export function isBlank(cell: unknown): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** The blank a spilled result shows for an empty input. */
export const BLANK = '';

/** An argument as a matrix: undefined/null → [[null]], a scalar → [[x]], a 1-D array → one row. */
export function asMatrix(arg: unknown): Matrix {
  if (Array.isArray(arg)) {
    if (arg.length === 0) return [[null]];
    return arg.every(Array.isArray) ? (arg as Matrix) : [arg];
  }
  return [[arg ?? null]];
}

/** Row-major cells of a matrix argument. */
export function flatten(arg: unknown): unknown[] {
  return asMatrix(arg).flat();
}

export interface Shape {
  rows: number;
  cols: number;
}

export function shapeOf(m: Matrix): Shape {
  return { rows: m.length, cols: m.reduce((c, row) => Math.max(c, row.length), 0) };
}

/** The common shape of several matrices: per dimension equal sizes, or 1 (which stretches). */
export function broadcastShape(matrices: readonly Matrix[]): Shape {
  const shapes = matrices.map(shapeOf);
  const pick = (dim: 'rows' | 'cols'): number => {
    const sizes = new Set(shapes.map((s) => s[dim]).filter((n) => n !== 1));
    if (sizes.size > 1) {
      const described = shapes.map((s) => `${s.rows}行×${s.cols}列`).join('、');
      throw new IndicatorError('VALUE', `参数区域大小不一致（${described}）：各区域应同样大小，或为单个单元格`);
    }
    return sizes.size === 1 ? [...sizes][0] : 1;
  };
  return { rows: pick('rows'), cols: pick('cols') };
}

/**
 * Apply `fn` cell by cell over broadcast arguments. A failing cell becomes that cell's
 * Excel error (the other cells still compute); a shape mismatch fails the whole call.
 */
export function mapCells(args: readonly unknown[], fn: (...cells: unknown[]) => unknown): unknown[][] {
  const matrices = args.map(asMatrix);
  const { rows, cols } = broadcastShape(matrices);
  const out: unknown[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: unknown[] = [];
    for (let c = 0; c < cols; c++) {
      const cells = matrices.map((m) => {
        const mr = m.length === 1 ? m[0] : m[r];
        return (mr.length === 1 ? mr[0] : mr[c]) ?? null;
      });
      try {
        row.push(fn(...cells));
      } catch (e) {
        row.push(toExcelError(e));
      }
    }
    out.push(row);
  }
  return out;
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A cell read as a number the way Excel arithmetic does: numbers, and text that is a plain
 * number ("123", " 4.5 "). Blank and the blank marks of Chinese tables ("—", "-", "/") → null.
 * Anything else is #VALUE! naming the argument; messy text goes through STI.PARSENUM first.
 */
export function readNumber(cell: unknown, label: string): number | null {
  if (isBlank(cell)) return null;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new IndicatorError('VALUE', `${label}不是有效数字`);
    return cell;
  }
  if (typeof cell === 'boolean') throw new IndicatorError('VALUE', `${label}应为数字，实际为逻辑值${cell ? 'TRUE' : 'FALSE'}`);
  if (typeof cell === 'string') {
    const text = cell.trim();
    if (PLAIN_NUMBER.test(text)) return Number(text);
    if (isBlankMark(text)) return null;
    throw new IndicatorError('VALUE', `${label}“${cell}”不是数字；带单位或千分位的文本请先用 STI.PARSENUM 转换`);
  }
  throw new IndicatorError('VALUE', `${label}不是数字`);
}

function isBlankMark(text: string): boolean {
  try {
    return parseNumber(text) === null;
  } catch {
    return false;
  }
}

/**
 * Element-wise numeric function: each cell of each argument read with readNumber; a cell
 * whose inputs are all blank stays blank; otherwise the core decides (blank denominator
 * → #DIV/0!, blank numerator → #N/A, both with Chinese messages).
 */
export function numericCells(
  args: readonly unknown[],
  labels: readonly string[],
  fn: (...values: (number | null)[]) => number,
): unknown[][] {
  return mapCells(args, (...cells) => {
    const values = cells.map((c, i) => readNumber(c, labels[i]));
    if (values.every((v) => v === null)) return BLANK;
    return fn(...values);
  });
}

/** A scalar option argument: the single cell of a 1×1 matrix, or the value itself; blank → undefined. */
export function scalarOption(arg: unknown, label: string): unknown {
  if (Array.isArray(arg)) {
    const cells = flatten(arg);
    if (cells.length !== 1) throw new IndicatorError('VALUE', `${label}应为单个值`);
    arg = cells[0];
  }
  return isBlank(arg) ? undefined : arg;
}
