/** TextSpool: texts come back as they went in, from the temporary file or, without one, from memory. */
import { afterEach, describe, expect, it } from 'vitest';
import { TextSpool } from '../../src/io/text-spool.js';

const texts = ['', '{\n    "level": "district"\n  }', '汇总表：示例区'.repeat(1000), 'x'.repeat(3 << 20), '\uD800 lone'];

describe('TextSpool', () => {
  const tmpBefore = process.env.TMPDIR;
  afterEach(() => {
    if (tmpBefore === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpBefore;
  });

  it('gives each text back, in any order, more than once', () => {
    const spool = new TextSpool();
    const at = texts.map((t) => spool.put(t));
    for (const i of [4, 0, 3, 1, 2, 3]) expect(spool.get(at[i])).toBe(texts[i]);
    spool.close();
    expect(() => spool.get(at[1])).toThrow();
  });

  it('keeps the texts in memory when no temporary file can be made', () => {
    process.env.TMPDIR = '/nonexistent/sti-no-such-folder';
    const spool = new TextSpool();
    const at = texts.map((t) => spool.put(t));
    texts.forEach((t, i) => expect(spool.get(at[i])).toBe(t));
    spool.close();
  });
});
