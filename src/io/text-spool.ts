/**
 * Texts as UTF-8 bytes, kept in a temporary file until they are written out (a rollup's district
 * levels of JSON, made as each district is rolled up and written after the city's). Without a
 * usable temporary folder, or once the disk takes no more, they are kept in memory: slower to hold,
 * never lost.
 */
import { keepIn, openStore, type StoredAt } from './submission-store.js';

export class TextSpool {
  private readonly store = openStore();
  private readonly places: (StoredAt | Uint8Array)[] = [];

  /**
   * Keep a text's UTF-8 bytes; returns its number. `lent`: the caller uses the buffer again, so the
   * bytes are written to the file at once (or copied); otherwise they must not change afterwards.
   */
  put(utf8: Uint8Array, lent = false): number {
    // Kept in memory: a copy of its own (Buffer#slice would be a view), so a larger buffer it was cut from is not held too.
    this.places.push(keepIn(this.store, utf8, lent) ?? new Uint8Array(utf8));
    return this.places.length - 1;
  }

  get(n: number): Uint8Array {
    const place = this.places[n];
    if (place === undefined) throw new Error(`暂存的文本中没有第 ${n} 项`);
    return place instanceof Uint8Array ? place : this.store!.getBytes(place);
  }

  close(): void {
    this.store?.close();
    this.places.length = 0;
  }
}
