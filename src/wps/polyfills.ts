/**
 * What older WPS builds' Chromium lacks and the pane or its libraries call. Syntax is lowered
 * at build time (webpack.wps.config.js); these are the missing built-ins, added only when absent.
 */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

const c = globalThis.crypto as Writable<Crypto> | undefined;
if (c && typeof c.getRandomValues === 'function' && typeof c.randomUUID !== 'function') {
  c.randomUUID = function randomUUID(): `${string}-${string}-${string}-${string}-${string}` {
    const b = c.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` as `${string}-${string}-${string}-${string}-${string}`;
  };
}

if (typeof globalThis.queueMicrotask !== 'function') {
  (globalThis as { queueMicrotask: (cb: () => void) => void }).queueMicrotask = (cb) => void Promise.resolve().then(cb);
}

function define<T extends object>(proto: T, name: string, value: unknown): void {
  if (!(name in proto)) Object.defineProperty(proto, name, { value, writable: true, configurable: true });
}

define(Array.prototype, 'at', function at<T>(this: T[], i: number): T | undefined {
  const n = Math.trunc(i) || 0;
  return this[n < 0 ? this.length + n : n];
});
define(String.prototype, 'at', function at(this: string, i: number): string | undefined {
  const n = Math.trunc(i) || 0;
  return this[n < 0 ? this.length + n : n];
});
define(Array.prototype, 'flat', function flat(this: unknown[], depth = 1): unknown[] {
  return depth < 1
    ? this.slice()
    : this.reduce<unknown[]>(
        (acc, x) => acc.concat(Array.isArray(x) ? (x as unknown[] & { flat(d: number): unknown[] }).flat(depth - 1) : [x]),
        [],
      );
});
define(Array.prototype, 'flatMap', function flatMap<T, U>(this: T[], f: (x: T, i: number, a: T[]) => U | U[]): U[] {
  return this.reduce<U[]>((acc, x, i, a) => acc.concat(f(x, i, a)), []);
});
define(Array.prototype, 'findLast', function findLast<T>(this: T[], f: (x: T, i: number, a: T[]) => unknown): T | undefined {
  for (let i = this.length - 1; i >= 0; i--) if (f(this[i], i, this)) return this[i];
  return undefined;
});
define(Array.prototype, 'findLastIndex', function findLastIndex<T>(this: T[], f: (x: T, i: number, a: T[]) => unknown): number {
  for (let i = this.length - 1; i >= 0; i--) if (f(this[i], i, this)) return i;
  return -1;
});
define(String.prototype, 'replaceAll', function replaceAll(this: string, search: string | RegExp, replacement: string): string {
  if (search instanceof RegExp)
    return this.replace(new RegExp(search.source, search.flags.includes('g') ? search.flags : `${search.flags}g`), replacement);
  return this.split(search).join(replacement);
});
define(Object, 'hasOwn', (o: object, k: PropertyKey) => Object.prototype.hasOwnProperty.call(o, k));
define(Object, 'fromEntries', (entries: Iterable<[PropertyKey, unknown]>) => {
  const o: Record<PropertyKey, unknown> = {};
  for (const [k, v] of entries) o[k] = v;
  return o;
});
if (typeof globalThis.structuredClone !== 'function') {
  (globalThis as { structuredClone: (v: unknown) => unknown }).structuredClone = (v: unknown) =>
    v === undefined ? v : JSON.parse(JSON.stringify(v));
}

export {};
