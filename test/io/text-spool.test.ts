/** TextSpool: texts' bytes come back as they went in, from the temporary file or, without one, from memory. */
import { afterEach, describe, expect, it } from 'vitest';
import { TextSpool } from '../../src/io/text-spool.js';

const texts = ['', '{\n    "level": "district"\n  }', '汇总表：示例区'.repeat(1000), 'x'.repeat(3 << 20), '𠀀 four-byte'].map((t) =>
  Buffer.from(t, 'utf8'),
);
// Bytes cut from a larger buffer (as a level's JSON is): only the cut comes back.
const cut = Buffer.from('before|汇总|after').subarray(7, 13);
texts.push(cut);
const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

describe('TextSpool', () => {
  const tmpBefore = process.env.TMPDIR;
  afterEach(() => {
    if (tmpBefore === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpBefore;
  });

  it('gives each text back, in any order, more than once', () => {
    const spool = new TextSpool();
    const at = texts.map((t) => spool.put(t));
    for (const i of [4, 0, 5, 3, 1, 2, 3, 5]) expect(hex(spool.get(at[i]))).toBe(hex(texts[i]));
    spool.close();
    expect(() => spool.get(at[1])).toThrow();
  });

  it('keeps the texts in memory when no temporary file can be made', () => {
    process.env.TMPDIR = '/nonexistent/sti-no-such-folder';
    const spool = new TextSpool();
    const at = texts.map((t) => spool.put(t));
    texts.forEach((t, i) => expect(hex(spool.get(at[i]))).toBe(hex(t)));
    spool.close();
  });

  it('keeps lent bytes as they were when put, whatever the caller writes into its buffer next', () => {
    for (const tmp of [tmpBefore, '/nonexistent/sti-no-such-folder']) {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
      const spool = new TextSpool();
      const buffer = Buffer.alloc(64);
      const at = ['东湖区', '西山区', ''].map((name) => {
        const n = buffer.write(name);
        const kept = spool.put(buffer.subarray(0, n), true);
        buffer.fill(0x41);
        return kept;
      });
      expect(at.map((n) => Buffer.from(spool.get(n)).toString())).toEqual(['东湖区', '西山区', '']);
      spool.close();
    }
  });
});
