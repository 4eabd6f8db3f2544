/**
 * A set of strings held as bytes in one growing buffer, with an open-addressing table of
 * entry numbers. The city counts every distinct firm of every district once: a `Set<string>` of
 * two million USCCs holds two million string objects (about 3 times the bytes); this holds the
 * characters and three integers a key.
 */
export class CompactStringSet {
  private bytes = new Uint8Array(1 << 12);
  private used = 0;
  /** Entry i is bytes[starts[i], starts[i + 1]). */
  private starts = new Uint32Array(1 << 8);
  private hashes = new Uint32Array(1 << 8);
  /** 0: empty slot; otherwise entry number + 1. Never more than half full. */
  private table = new Int32Array(1 << 9);
  private scratch = new Uint8Array(64);
  size = 0;

  /** Add a key; true when it was not in the set. */
  add(key: string): boolean {
    const n = this.encode(key);
    const h = hashOf(this.scratch, n);
    const slot = this.find(h, n);
    if (this.table[slot] !== 0) return false;
    this.append(n, h);
    this.table[slot] = this.size;
    if (this.size * 2 > this.table.length) this.rehash();
    return true;
  }

  has(key: string): boolean {
    const n = this.encode(key);
    return this.table[this.find(hashOf(this.scratch, n), n)] !== 0;
  }

  /**
   * The key's bytes into scratch; their count. Each UTF-16 unit below 0x80 is one byte, any other three
   * (the first ≥ 0x80): one-to-one for every string, lone surrogates included (UTF-8 would merge them).
   */
  private encode(key: string): number {
    if (this.scratch.length < key.length * 3) this.scratch = new Uint8Array(key.length * 3);
    const out = this.scratch;
    let n = 0;
    for (let i = 0; i < key.length; i++) {
      const u = key.charCodeAt(i);
      if (u < 0x80) out[n++] = u;
      else {
        out[n++] = 0x80 | (u >> 14);
        out[n++] = (u >> 7) & 0x7f;
        out[n++] = u & 0x7f;
      }
    }
    return n;
  }

  /** The slot holding the key in scratch[0, n), or the empty slot where it would go. */
  private find(h: number, n: number): number {
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = this.table[slot];
      if (e === 0) return slot;
      if (this.hashes[e - 1] === h && this.equals(e - 1, n)) return slot;
    }
  }

  private equals(entry: number, n: number): boolean {
    const start = this.starts[entry];
    const end = entry + 1 < this.size ? this.starts[entry + 1] : this.used;
    if (end - start !== n) return false;
    for (let i = 0; i < n; i++) if (this.bytes[start + i] !== this.scratch[i]) return false;
    return true;
  }

  private append(n: number, h: number): void {
    if (this.used + n > this.bytes.length) this.bytes = grown(this.bytes, this.used + n);
    this.bytes.set(this.scratch.subarray(0, n), this.used);
    if (this.size === this.starts.length) {
      this.starts = grown(this.starts, this.size + 1);
      this.hashes = grown(this.hashes, this.size + 1);
    }
    this.starts[this.size] = this.used;
    this.hashes[this.size] = h;
    this.used += n;
    this.size++;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let e = 0; e < this.size; e++) {
      let slot = this.hashes[e] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = e + 1;
    }
    this.table = table;
  }
}

/** FNV-1a over the bytes, then mixed so that the low bits (the slot) depend on every byte. */
function hashOf(bytes: Uint8Array, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** A copy of the array at least `need` long, grown by half (a large set does not double its last buffer). */
export function grown<T extends Uint8Array | Uint32Array>(a: T, need: number): T {
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, Math.ceil(a.length * 1.5)));
  next.set(a);
  return next;
}
