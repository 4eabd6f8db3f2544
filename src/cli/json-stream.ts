/**
 * `--json` written piece by piece, with exactly the text `JSON.stringify(value, null, 2)` gives.
 * A rollup of tens of thousands of files prints hundreds of megabytes of JSON: built as one string
 * (and before it, as one object tree) it would be the largest thing the command holds. Here the
 * big arrays are written element by element, and a `LazyArray` makes its elements only when they
 * are written (a level's rows are turned into JSON one level at a time).
 */

/** An array whose elements are made when written (and then dropped). */
export class LazyArray<T> {
  constructor(
    readonly length: number,
    readonly at: (i: number) => T,
  ) {}
}

/** How a list of a document is made from a list: at once, or (written piece by piece) each element as it is written. */
export type ListMaker = <T, U>(items: readonly T[], f: (item: T) => U) => U[];
export const eagerMap: ListMaker = (items, f) => items.map((x) => f(x));
// writeJson takes a LazyArray where an array goes; a country's verdicts, unit statuses and districts are never all made at once.
export const lazyMap: ListMaker = <T, U>(items: readonly T[], f: (item: T) => U) =>
  new LazyArray(items.length, (i) => f(items[i])) as unknown as U[];

/**
 * JSON text made earlier for a known place in a document (its indent and depth, as writeJson reaches
 * it), as UTF-8, written as it is: a level's rows are turned into text when the level is rolled up,
 * kept in a temporary file, and written after the levels before it, without becoming a string again.
 */
export class JsonText {
  constructor(
    readonly utf8: Uint8Array,
    readonly indent: string,
    readonly depth: number,
  ) {}
}

/**
 * Text written as UTF-8 into one growing buffer: the pieces of a level's JSON are never joined into
 * one string (joining many pieces makes V8 copy them all again when the whole is first read).
 */
class Utf8Builder {
  private buf = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Lent out (lendJsonTextAt): a nested call makes its own. */
  busy = false;

  add(text: string | Uint8Array): void {
    // At most 3 bytes per UTF-16 unit.
    const room = this.used + (typeof text === 'string' ? text.length * 3 : text.length);
    if (room > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < room) size *= 2;
      const bigger = Buffer.allocUnsafe(size);
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
    if (typeof text === 'string') this.used += this.buf.write(text, this.used, 'utf8');
    else {
      this.buf.set(text, this.used);
      this.used += text.length;
    }
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.used);
  }

  clear(): void {
    this.used = 0;
  }
}

/**
 * One buffer for every level's JSON: a new one per level would leave many large blocks for the
 * allocator to reuse or not (at 40,000 files the process kept growing by them while rolling up).
 */
const shared = new Utf8Builder();

/**
 * `value` as writeJson writes it at this indent and depth, as UTF-8 lent to `use`: the bytes are
 * valid only during the call (the buffer is used again by the next).
 */
export function lendJsonTextAt<T>(value: unknown, indent: string, depth: number, use: (text: JsonText) => T): T {
  const out = shared.busy ? new Utf8Builder() : shared;
  out.busy = true;
  try {
    out.clear();
    if (!writeValue(value, indent, depth, (t) => out.add(t))) out.add('null');
    return use(new JsonText(out.bytes(), indent, depth));
  } finally {
    out.busy = false;
    out.clear();
  }
}

const CHUNK = 1 << 20;

/**
 * Write `value` as `JSON.stringify(value, null, 2)` would: strings in chunks of about a megabyte,
 * and JSON made earlier (JsonText) as its UTF-8 bytes, whole.
 */
export function writeJson(value: unknown, write: (chunk: string | Uint8Array) => void, depth = 4): void {
  let buf = '';
  const emit = (t: string | Uint8Array) => {
    if (typeof t !== 'string') {
      if (buf) write(buf);
      buf = '';
      write(t);
      return;
    }
    buf += t;
    if (buf.length >= CHUNK) {
      write(buf);
      buf = '';
    }
  };
  if (!writeValue(value, '', depth, emit)) emit('null');
  if (buf) write(buf);
}

/**
 * `JSON.stringify(v, null, 2)` as it reads `levels` deep in a larger document (each line after the
 * first indented by 2 × levels spaces). V8 writes it that way itself when `v` sits inside `levels`
 * one-element arrays, and the wrapping is cut off: no pass over the text to re-indent it.
 */
function indented(v: unknown, levels: number): string | undefined {
  if (levels === 0) return JSON.stringify(v, null, 2);
  let wrapped: unknown = v;
  for (let i = 0; i < levels; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Before v: "[\n" and the indent of each level (2, 4, … spaces); after it: "\n", the indent and "]" of each.
  const head = levels * 2 + levels * (levels + 1);
  const tail = levels * 2 + levels * (levels - 1);
  const inner = text.slice(head, text.length - tail);
  // An element JSON.stringify cannot write comes out as null inside an array; on its own it is left out.
  return inner === 'null' && JSON.stringify(v) === undefined ? undefined : inner;
}

/** A value JSON.stringify writes in an object (not undefined, a function or a symbol). */
function present(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/** Write one value at indentation `indent`; false when JSON.stringify would leave it out. */
function writeValue(v: unknown, indent: string, depth: number, emit: (t: string | Uint8Array) => void): boolean {
  if (!present(v)) return false;
  if (v instanceof JsonText) {
    if (v.indent !== indent || v.depth !== depth) throw new Error('JSON text made for another place in the document');
    emit(v.utf8);
    return true;
  }
  if (v instanceof LazyArray) {
    if (v.length === 0) {
      emit('[]');
      return true;
    }
    const inner = indent + '  ';
    emit('[');
    for (let i = 0; i < v.length; i++) {
      emit(i === 0 ? `\n${inner}` : `,\n${inner}`);
      if (!writeValue(v.at(i), inner, depth - 1, emit)) emit('null');
    }
    emit(`\n${indent}]`);
    return true;
  }
  const plain = v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
  if (depth <= 0 || !plain) {
    const text = indented(v, indent.length / 2);
    if (text === undefined) return false;
    emit(text);
    return true;
  }
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) {
      emit('[]');
      return true;
    }
    emit('[');
    v.forEach((x, i) => {
      emit(i === 0 ? `\n${inner}` : `,\n${inner}`);
      if (!writeValue(x, inner, depth - 1, emit)) emit('null');
    });
    emit(`\n${indent}]`);
    return true;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => present(x));
  if (entries.length === 0) {
    emit('{}');
    return true;
  }
  emit('{');
  entries.forEach(([k, x], i) => {
    emit(`${i === 0 ? '' : ','}\n${inner}${JSON.stringify(k)}: `);
    writeValue(x, inner, depth - 1, emit);
  });
  emit(`\n${indent}}`);
  return true;
}
