/**
 * Fuzzing what `sti rank` reads: a real rollup workbook (from `sti demo`) with its sheet XML
 * edited at random — values turned into text, NaN, errors, huge numbers; district names
 * turned into formula-looking text; structure broken. rank ends with a Chinese message and
 * exit 0, 1 or 2, never an internal error (exit 3) or a stack trace, and a formula-looking
 * district name never becomes a formula in the ranking workbook.
 */
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sti } from '../robustness/cli-run.js';
import { runs, timeout } from './runs.js';

const work = mkdtempSync(join(tmpdir(), 'sti-rank-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const demo = await sti(['demo', '--out', join(work, 'demo')]);
if (demo.code !== 0) throw new Error(`sti demo failed: ${demo.err}`);
const rollupPath = readdirSync(join(work, 'demo'))
  .filter((n) => n.startsWith('汇总') && n.endsWith('.xlsx'))
  .map((n) => join(work, 'demo', n))[0];
const rollupFiles = unzipSync(new Uint8Array(readFileSync(rollupPath)));
const PARTS = Object.keys(rollupFiles).filter((n) => /^xl\/(worksheets\/sheet\d+|sharedStrings|workbook)\.xml$/.test(n));
const texts = Object.fromEntries(PARTS.map((p) => [p, strFromU8(rollupFiles[p])]));

const HOSTILE_NAME = '=HYPERLINK("http://127.0.0.1:9/r","点我")';
const VALUE_JUNK = ['NaN', '1e999', '-1.7e308', '', 'abc', '#DIV/0!', '-0', '0x10', '１２３', '1,234', HOSTILE_NAME];
const XML_JUNK = [
  '<c r="A1">',
  '</c>',
  '<row>',
  '</row>',
  '<c t="s"><v>99999</v></c>',
  '<c t="e"><v>#REF!</v></c>',
  '<f>',
  '</f>',
  '&',
  '<',
  '<!--',
  '<![CDATA[',
];

const STACK_FRAME = /^\s+at .+(\(|:\d+:\d+)/m;

describe('sti rank on randomly edited rollup workbooks', () => {
  it(
    'never an internal error or a stack trace; formula-looking names stay text',
    async () => {
      expect(PARTS.length).toBeGreaterThan(2);
      let n = 0;
      let ranked = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              part: fc.constantFrom(...PARTS),
              kind: fc.constantFrom('value', 'string', 'insert', 'delete'),
              pick: fc.nat(),
              junk: fc.constantFrom(...VALUE_JUNK),
              xml: fc.constantFrom(...XML_JUNK),
              len: fc.integer({ min: 1, max: 200 }),
            }),
            { minLength: 1, maxLength: 6 },
          ),
          async (edits) => {
            const t: Record<string, string> = { ...texts };
            for (const e of edits) {
              const x = t[e.part];
              if (e.kind === 'value') {
                // Replace the k-th <v>…</v> (a cached number or a string index) with junk.
                const all = [...x.matchAll(/<v>[^<]*<\/v>/g)];
                if (!all.length) continue;
                const m = all[e.pick % all.length];
                const esc = e.junk.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
                t[e.part] = x.slice(0, m.index) + `<v>${esc}</v>` + x.slice(m.index! + m[0].length);
              } else if (e.kind === 'string') {
                const all = [...x.matchAll(/<t( [^>]*)?>[^<]*<\/t>/g)];
                if (!all.length) continue;
                const m = all[e.pick % all.length];
                t[e.part] = x.slice(0, m.index) + `<t>${HOSTILE_NAME.replace(/"/g, '&quot;')}</t>` + x.slice(m.index! + m[0].length);
              } else if (e.kind === 'insert') {
                const at = e.pick % Math.max(1, x.length);
                t[e.part] = x.slice(0, at) + e.xml + x.slice(at);
              } else {
                const at = e.pick % Math.max(1, x.length);
                t[e.part] = x.slice(0, at) + x.slice(at + e.len);
              }
            }
            const files: Zippable = {};
            for (const [name, d] of Object.entries(rollupFiles)) if (!name.endsWith('/')) files[name] = name in t ? strToU8(t[name]) : d;
            const input = join(work, `in-${n}.xlsx`);
            const out = join(work, `out-${n++}.xlsx`);
            writeFileSync(input, zipSync(files, { level: 1 }));
            const r = await sti(['rank', input, '--out', out, '--json']);
            expect(STACK_FRAME.test(r.err), r.err).toBe(false);
            expect(r.err, r.err).not.toMatch(/程序内部错误/);
            expect([0, 1, 2], r.err).toContain(r.code);
            if (r.code !== 2) {
              ranked++;
              const x = Object.entries(unzipSync(new Uint8Array(readFileSync(out))))
                .filter(([name]) => name.endsWith('.xml'))
                .map(([, b]) => strFromU8(b))
                .join('\n');
              const formulas = [...x.matchAll(/<f[^>]*>([^<]*)<\/f>/g)].map((m) => m[1]);
              expect(formulas.filter((f) => /HYPERLINK/i.test(f))).toEqual([]);
            }
          },
        ),
        runs(20, 50),
      );
      // The edits must leave many workbooks readable, or the property only tests the refusal.
      expect(ranked, `${ranked} of ${n} edited workbooks were ranked`).toBeGreaterThan(n / 5);
    },
    timeout(120_000),
  );
});
