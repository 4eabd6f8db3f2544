/**
 * Draws the add-in icon (a blue rounded square with three rising white bars: a ranking
 * chart) at the sizes the manifest names and writes them as PNG files to assets/.
 * Pure Node (zlib for the PNG deflate stream); run: node scripts/make-icons.mjs
 */
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ICON_SIZES = [16, 32, 64, 80, 128];
const BLUE = [0x1f, 0x5f, 0xa8];
const WHITE = [0xff, 0xff, 0xff];
const SUPERSAMPLE = 4;

/** Coverage of the shapes at a point in unit coordinates (0..1): 0 outside, 1 background, 2 bar. */
function shapeAt(x, y) {
  const r = 0.18; // corner radius
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return 0;
  const bars = [
    { x0: 0.2, x1: 0.36, top: 0.56 },
    { x0: 0.42, x1: 0.58, top: 0.38 },
    { x0: 0.64, x1: 0.8, top: 0.2 },
  ];
  for (const b of bars) if (x >= b.x0 && x < b.x1 && y >= b.top && y < 0.82) return 2;
  return 1;
}

/** RGBA pixels of the icon at `size`×`size`. */
export function drawIcon(size) {
  const px = Buffer.alloc(size * size * 4);
  const n = SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let pxx = 0; pxx < size; pxx++) {
      let inside = 0;
      let bar = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const s = shapeAt((pxx + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (s > 0) inside++;
          if (s === 2) bar++;
        }
      }
      const o = (py * size + pxx) * 4;
      const t = inside === 0 ? 0 : bar / inside;
      for (let c = 0; c < 3; c++) px[o + c] = Math.round(BLUE[c] * (1 - t) + WHITE[c] * t);
      px[o + 3] = Math.round((255 * inside) / (n * n));
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG file (8-bit RGBA, no interlace) of square RGBA pixels. */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fileURLToPath(new URL('../assets/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  for (const size of ICON_SIZES) {
    writeFileSync(`${dir}icon-${size}.png`, encodePng(size, drawIcon(size)));
    console.log(`assets/icon-${size}.png`);
  }
}
