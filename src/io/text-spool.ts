/**
 * Texts kept in a temporary file until they are written out (a rollup's district levels of JSON,
 * made as each district is rolled up and written after the city's). Without a usable temporary
 * folder, or once the disk takes no more, texts are kept in memory: slower to hold, never lost.
 */
import { keepIn, openStore, type StoredAt } from './submission-store.js';

export class TextSpool {
  private readonly store = openStore();
  private readonly places: (StoredAt | string)[] = [];

  /** Keep a text; returns its number. */
  put(text: string): number {
    this.places.push(keepIn(this.store, text) ?? text);
    return this.places.length - 1;
  }

  get(n: number): string {
    const place = this.places[n];
    if (place === undefined) throw new Error(`暂存的文本中没有第 ${n} 项`);
    return typeof place === 'string' ? place : this.store!.get<string>(place);
  }

  close(): void {
    this.store?.close();
    this.places.length = 0;
  }
}
