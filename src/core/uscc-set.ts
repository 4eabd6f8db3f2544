/**
 * A set of firm keys for a country's worth of firms (two million and more). A key in the USCC's
 * shape (18 characters of its 31-character alphabet) is held as three integers of 30 bits, 12 bytes,
 * against 26 bytes and more in a CompactStringSet; any other key (`无代码:…`, a code the reader kept
 * as written) goes to a CompactStringSet beside it. Exact: keys are compared whole, never by hash.
 */
import { CompactStringSet, grown } from './string-set.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Character code → its place in the alphabet, or -1. */
const PLACE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) PLACE[ALPHABET.charCodeAt(i)] = i;

const WORDS = 3;
const CHARS_PER_WORD = 6;

export class UsccKeySet {
  /** Entry i is keys[3i, 3i + 3). */
  private keys: Uint32Array;
  /** 0: empty slot; otherwise entry number + 1. At most three quarters full. */
  private table: Int32Array;
  private count = 0;
  private others = new CompactStringSet();
  private readonly packed = new Uint32Array(WORDS);

  /** `expected`: about how many keys will come (the arrays are made that large once, not grown). */
  constructor(expected = 0) {
    const capacity = Number.isFinite(expected) ? Math.max(256, Math.ceil(expected)) : 256;
    this.keys = new Uint32Array(capacity * WORDS);
    let slots = 512;
    while (slots * 3 < capacity * 4) slots *= 2;
    this.table = new Int32Array(slots);
  }

  /** Empty the set, keeping its arrays at their size (the next use of a country's worth of keys makes none). */
  clear(): void {
    this.table.fill(0);
    this.count = 0;
    this.others = new CompactStringSet();
  }

  get size(): number {
    return this.count + this.others.size;
  }

  /** Add a key; true when it was not in the set. */
  add(key: string): boolean {
    if (!this.pack(key)) return this.others.add(key);
    const slot = this.find();
    if (this.table[slot] !== 0) return false;
    if ((this.count + 1) * WORDS > this.keys.length) this.keys = grown(this.keys, (this.count + 1) * WORDS);
    this.keys.set(this.packed, this.count * WORDS);
    this.count++;
    this.table[slot] = this.count;
    if (this.count * 4 > this.table.length * 3) this.rehash();
    return true;
  }

  has(key: string): boolean {
    if (!this.pack(key)) return this.others.has(key);
    return this.table[this.find()] !== 0;
  }

  /** The key into `packed` when it has the USCC's shape; false otherwise. */
  private pack(key: string): boolean {
    if (key.length !== WORDS * CHARS_PER_WORD) return false;
    for (let w = 0; w < WORDS; w++) {
      let word = 0;
      for (let i = w * CHARS_PER_WORD; i < (w + 1) * CHARS_PER_WORD; i++) {
        const c = key.charCodeAt(i);
        const place = c < 128 ? PLACE[c] : -1;
        if (place < 0) return false;
        word = word * 32 + place;
      }
      this.packed[w] = word;
    }
    return true;
  }

  /** The slot holding `packed`, or the empty slot where it would go. */
  private find(): number {
    const p = this.packed;
    const mask = this.table.length - 1;
    for (let slot = hashOf(p[0], p[1], p[2]) & mask; ; slot = (slot + 1) & mask) {
      const e = this.table[slot];
      if (e === 0) return slot;
      const at = (e - 1) * WORDS;
      if (this.keys[at] === p[0] && this.keys[at + 1] === p[1] && this.keys[at + 2] === p[2]) return slot;
    }
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    const k = this.keys;
    for (let e = 0; e < this.count; e++) {
      const at = e * WORDS;
      let slot = hashOf(k[at], k[at + 1], k[at + 2]) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = e + 1;
    }
    this.table = table;
  }
}

/** The three words mixed so that the low bits (the slot) depend on every character. */
function hashOf(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0x27d4eb2f);
  h ^= h >>> 16;
  return h >>> 0;
}
