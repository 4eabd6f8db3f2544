/**
 * The task pane's import on the whole corpus at once (issue 7 §1: "used by the CLI and the
 * pane's import"): the pane engine (src/taskpane/engine-impl.ts, no Office.js) reads every
 * hostile file, reports each, and the rollup and ranking it then builds carry
 * formula-looking names as values, never as formulas. Writing those sheets into Excel is
 * tested on the in-memory workbook in test/excel/adapter.test.ts ("writes text that looks
 * like a formula or a number as text, never as a formula").
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SheetModel } from '../../src/core/sheet-model.js';
import { createEngine } from '../../src/taskpane/engine-impl.js';
import { defaultSettings } from '../../src/taskpane/settings.js';
import { base, buildCorpus } from './corpus.js';

const cases = await buildCorpus({ heavy: false });
const B = await base();

function formulasCarrying(sheets: SheetModel[], texts: string[]): string[] {
  const out: string[] = [];
  for (const s of sheets)
    for (const row of s.rows)
      for (const c of row ?? []) {
        if (!c?.formula) continue;
        if (texts.some((t) => c.formula!.includes(t.replace(/^[=+\-@]/, ''))) || /HYPERLINK|cmd\|/i.test(c.formula))
          out.push(`${s.name}: ${c.formula}`);
      }
  return out;
}

describe('the pane engine imports the whole corpus', () => {
  it('every file is reported, none is lost, every message is Chinese', async () => {
    const engine = createEngine();
    const files = cases.flatMap((c) => c.files.map((f) => ({ name: f.name, bytes: f.bytes })));
    files.push({ name: 'companion-township2.xlsx', bytes: B.bytes2 }, { name: 'companion-park.xlsx', bytes: B.parkBytes });
    const t0 = performance.now();
    const imported = await engine.importFiles(files, null, () => undefined);
    expect(performance.now() - t0).toBeLessThan(30_000);
    // Every file once (listed by file name, whatever order they were picked in).
    expect(imported.files.map((f) => f.file)).toEqual(files.map((f) => f.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const c of cases.filter((x) => x.readError !== undefined)) {
      const s = imported.files.find((f) => f.file === c.files[0].name)!;
      expect(s.usable, c.id).toBe(false);
      expect(
        imported.findings.some((f) => f.file === c.files[0].name && f.code === 'FILE_UNREADABLE'),
        c.id,
      ).toBe(true);
    }
    for (const f of imported.findings) expect(f.message).toMatch(/[\u4e00-\u9fff]/);
  }, 120_000);

  // One hostile unit among good ones (in the whole corpus it is one of many copies of the same unit: excluded as duplicates).
  it.each(cases.filter((c) => c.cls === '像公式的文本').map((c) => [c.id, c] as const))(
    '%s: formula-looking names stay values in the rollup and ranking sheets',
    async (_id, c) => {
      const engine = createEngine();
      const files = [
        ...c.files,
        { name: 'companion-township2.xlsx', bytes: B.bytes2 },
        { name: 'companion-park.xlsx', bytes: B.parkBytes },
      ];
      const imported = await engine.importFiles(files, null, () => undefined);
      expect(
        imported.files.find((f) => f.file === c.files[0].name)?.usable,
        JSON.stringify(imported.findings.filter((f) => f.severity === 'error')),
      ).toBe(true);
      const texts = c.keepsText!;
      let sawHostileValue = false;
      for (const d of engine.districts(imported)) {
        const out = engine.rollup(imported, d.code);
        expect(formulasCarrying(out.sheets, texts)).toEqual([]);
        sawHostileValue ||= out.sheets.some((s) =>
          s.rows.some((r) => (r ?? []).some((x) => typeof x?.value === 'string' && texts.includes(x.value) && !x.formula)),
        );
      }
      // The unit named =HYPERLINK(…) is a row of the rollup; notes and enterprise names are not shown there.
      if (c.id === 'formula-text-names')
        expect(sawHostileValue, 'the hostile unit name did not reach the rollup sheet as a value').toBe(true);
      const codes = engine.indexIndicators().map((i) => i.code);
      try {
        const ranking = await engine.rank(imported, defaultSettings(codes, 'zh-CN'), null);
        expect(formulasCarrying(ranking.sheets, texts)).toEqual([]);
      } catch (e) {
        // Townships alone have no district to rank: a message for the user, not a crash.
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(/[\u4e00-\u9fff]/);
      }
    },
    60_000,
  );
});

describe('the pane shows submitted text as text', () => {
  it('no HTML or code sink in src/** (React escapes text; innerHTML, eval or new Function would not)', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(n)) files.push(p);
      }
    };
    walk(join(import.meta.dirname, '..', '..', 'src'));
    expect(files.length).toBeGreaterThan(30);
    const sinks = /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(|\beval\(|new Function\(/;
    expect(files.filter((f) => sinks.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});
