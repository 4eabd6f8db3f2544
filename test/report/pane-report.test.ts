/**
 * The pane's 通报 (engine.report) is the document `sti report` writes from the same submissions,
 * register and last year's ranking sheet: the same words and numbers in word/document.xml, and
 * the text shown for copy-paste says the same.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { readXlsx } from '../../src/io/xlsx/read.js';
import { createEngine } from '../../src/taskpane/engine-impl.js';
import { defaultSettings } from '../../src/taskpane/settings.js';

async function sti(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, cwd };
  const code = await main(args, io);
  return { code, out, err };
}

/** The words of a .docx body, paragraph by paragraph. */
function documentText(bytes: Uint8Array): string[] {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']);
  return xml
    .split('</w:p>')
    .map((p) =>
      [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
        .map((m) =>
          m[1]
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&apos;/g, "'")
            .replace(/&amp;/g, '&'),
        )
        .join(''),
    )
    .filter(Boolean);
}

describe('the pane writes the same 通报 as sti report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sti-pane-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('from the demo submissions, register and last year’s ranking sheet', async () => {
    expect((await sti(['demo', '--out', dir], dir)).code).toBe(0);
    const previousPath = join(dir, '排名_示例市_2023_上年示例.xlsx');
    const cli = await sti(['report', '报表', '--register', '单位名录.xlsx', '--previous', previousPath, '--out', 'cli.docx'], dir);
    expect(cli.code, cli.err).toBe(1); // the demo's planted errors leave totals incomplete: said, exit 1

    const engine = createEngine();
    const files = readdirSync(join(dir, '报表')).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, '报表', name))) }));
    const register = { name: '单位名录.xlsx', bytes: new Uint8Array(readFileSync(join(dir, '单位名录.xlsx'))) };
    const imported = await engine.importFiles(files, register, () => {});
    const settings = defaultSettings(
      engine.indexIndicators().map((i) => i.code),
      'zh-CN',
    );
    const previous = readXlsx(new Uint8Array(readFileSync(previousPath)), previousPath);
    const sheet = (name: string) => previous.sheets.find((s) => s.name === name)!;
    const out = await engine.report(imported, settings, sheet('城市排名'), sheet('排名设置'));

    expect(out.fileName).toBe('通报_示例市_2024.docx');
    expect(out.incomplete).toBe(true);
    const pane = documentText(out.bytes);
    expect(pane).toEqual(documentText(new Uint8Array(readFileSync(join(dir, 'cli.docx')))));
    expect(pane.length).toBeGreaterThan(40);
    // The text to copy: the same paragraphs (tables tab-separated).
    const text = out.text;
    for (const p of pane.filter((x) => x.length > 20 && !/^\d/.test(x))) expect(text).toContain(p);
    expect(text).toContain('位次\t区（县）\t科创指数（分）\t上年位次\t位次变化');
    expect(text).toMatch(/较上年上升\d位/);
  }, 120_000);
});
