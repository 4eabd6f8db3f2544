import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
// @ts-expect-error — plain ESM script without type declarations
import { ICON_SIZES, drawIcon, encodePng } from '../../scripts/make-icons.mjs';

const assets = new URL('../../assets/', import.meta.url);

describe('assets/icon-*.png', () => {
  it.each(ICON_SIZES as number[])('icon-%i.png is what scripts/make-icons.mjs draws, and decodes to its pixels', (size) => {
    const file = readFileSync(new URL(`icon-${size}.png`, assets));
    expect(file.equals(encodePng(size, drawIcon(size)))).toBe(true);
    // Decode independently: IHDR size, IDAT inflates to size rows of (filter byte + RGBA).
    expect([file.readUInt32BE(16), file.readUInt32BE(20), file[24], file[25]]).toEqual([size, size, 8, 6]);
    const idatLength = file.readUInt32BE(33);
    expect(file.toString('ascii', 37, 41)).toBe('IDAT');
    const raw = inflateSync(file.subarray(41, 41 + idatLength));
    expect(raw.length).toBe(size * (size * 4 + 1));
    // Corners are (nearly) transparent (rounded), the centre is opaque.
    const alpha = (x: number, y: number) => raw[y * (size * 4 + 1) + 1 + x * 4 + 3];
    expect(alpha(0, 0)).toBeLessThan(64);
    expect(alpha(size >> 1, size >> 1)).toBe(255);
  });
});
