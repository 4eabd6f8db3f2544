/** The deflate helper thread: chunks come back in order, each the same bytes zlib gives on this thread. */
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DeflatePool } from '../../src/io/xlsx/deflate-pool.js';

const CHUNK = 64 * 1024;

/** Text that compresses, then bytes that do not (random), so outputs of every size come back. */
function chunks(n: number): Uint8Array[] {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  return Array.from({ length: n }, (_, i) => {
    const c = new Uint8Array(i === n - 1 ? 1000 : CHUNK);
    if (i % 2 === 0) c.set(new TextEncoder().encode(`<row r="${i}">企业${i}</row>`.repeat(4000)).subarray(0, c.length));
    else for (let k = 0; k < c.length; k++) c[k] = random();
    return c;
  });
}

describe('DeflatePool', () => {
  it('returns every chunk in submission order, byte for byte what deflateRawSync gives here, and inflates to the input', () => {
    const pool = DeflatePool.start(CHUNK);
    expect(pool).not.toBeNull();
    const input = chunks(11);
    const got: Uint8Array[] = [];
    // The caller's buffer is reused after each submit: the pool must have copied it.
    const reused = new Uint8Array(CHUNK);
    input.forEach((c, i) => {
      reused.set(c);
      const final = i === input.length - 1;
      pool!.submit(reused.subarray(0, c.length), 1, final, {
        deliver: (out) => got.push(out),
        deflateHere: () => {
          throw new Error('the helper should have deflated every chunk');
        },
      });
      reused.fill(0);
    });
    pool!.drain();
    pool!.close();
    expect(got).toHaveLength(input.length);
    input.forEach((c, i) => {
      const finishFlush = i === input.length - 1 ? constants.Z_FINISH : constants.Z_SYNC_FLUSH;
      expect(Buffer.from(got[i]).equals(deflateRawSync(c, { level: 1, finishFlush }))).toBe(true);
    });
    const whole = inflateRawSync(Buffer.concat(got));
    expect(whole.equals(Buffer.concat(input))).toBe(true);
  });

  it('a helper that stops answering is given up after its timeout: every chunk, waiting or later, is deflated here, in order', () => {
    const pool = DeflatePool.start(CHUNK, 200)!;
    // The helper is stopped before it is given anything (as if it had died): nothing will ever come back from it.
    pool.close();
    const input = chunks(7);
    const got: Uint8Array[] = [];
    const here: number[] = [];
    input.forEach((c, i) =>
      pool.submit(c, 6, i === input.length - 1, {
        deliver: (out) => got.push(out),
        deflateHere: (bytes, final) => {
          here.push(i);
          return deflateRawSync(bytes, { level: 6, finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
        },
      }),
    );
    pool.drain();
    expect(got).toHaveLength(input.length);
    expect(inflateRawSync(Buffer.concat(got)).equals(Buffer.concat(input))).toBe(true);
    input.forEach((c, i) => {
      const finishFlush = i === input.length - 1 ? constants.Z_FINISH : constants.Z_SYNC_FLUSH;
      expect(Buffer.from(got[i]).equals(deflateRawSync(c, { level: 6, finishFlush }))).toBe(true);
    });
    expect(here.length).toBeGreaterThan(0);
  });
});
