import { expect } from 'vitest';

/** A set of strings of our own, checked against the language's Set: every add's answer, the size, and every probe. */
export function expectSameAsSet(
  set: { add(k: string): boolean; has(k: string): boolean; size: number },
  keys: readonly string[],
  probes: readonly string[],
): void {
  const oracle = new Set<string>();
  for (const k of keys) {
    expect(set.add(k)).toBe(!oracle.has(k));
    oracle.add(k);
  }
  expect(set.size).toBe(oracle.size);
  for (const k of [...keys, ...probes]) expect(set.has(k)).toBe(oracle.has(k));
}
