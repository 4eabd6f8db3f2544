import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zhCN } from '../../src/taskpane/i18n/zh-CN.js';
import { enUS } from '../../src/taskpane/i18n/en-US.js';
import { pickLanguage, translator } from '../../src/taskpane/i18n/index.js';

const taskpaneDir = fileURLToPath(new URL('../../src/taskpane/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

describe('pane texts', () => {
  it('zh-CN and en-US have exactly the same keys, none empty', () => {
    expect(Object.keys(enUS).sort()).toEqual(Object.keys(zhCN).sort());
    for (const table of [zhCN, enUS]) for (const [k, v] of Object.entries(table)) expect(v.trim(), k).not.toBe('');
  });

  it('uses the same {placeholders} in both languages', () => {
    const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) expect(ph(enUS[key]), key).toEqual(ph(zhCN[key]));
  });

  it('every key used in the components exists, and every key is used', () => {
    const code = sources(taskpaneDir)
      .filter((f) => !f.includes(`${path.sep}i18n${path.sep}`))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const literal = [...code.matchAll(/\bt\(\s*'([^']+)'/g)].map((m) => m[1]);
    for (const k of literal) expect(zhCN, k).toHaveProperty([k]);
    // Keys built from a prefix and a value (t(`step.${s}`)) count as used when their prefix appears.
    const prefixes = [...code.matchAll(/\bt\(\s*`([^`$]+)\$\{/g)].map((m) => m[1]);
    const unused = Object.keys(zhCN).filter(
      (k) => !literal.includes(k) && !prefixes.some((p) => k.startsWith(p)) && !code.includes(`'${k}'`),
    );
    expect(unused).toEqual([]);
  });

  it('follows Office’s display language: Chinese variants → zh-CN, others → en-US, unknown → zh-CN', () => {
    expect(pickLanguage('zh-CN')).toBe('zh-CN');
    expect(pickLanguage('zh-TW')).toBe('zh-CN');
    expect(pickLanguage('en-US')).toBe('en-US');
    expect(pickLanguage('de-DE')).toBe('en-US');
    expect(pickLanguage(undefined)).toBe('zh-CN');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('zh-CN');
    expect(t('rank.done', { sheet: '城市排名' })).toBe('排名表已写入“城市排名”。');
    expect(t('rank.done')).toContain('{sheet}');
    expect(translator('en-US')('step.rank')).toBe('Rank');
  });
});

describe('components never call Office.js', () => {
  it('no file under src/taskpane uses Excel.run, context.sync or the Excel namespace', () => {
    for (const f of sources(taskpaneDir)) {
      const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (f.endsWith(`${path.sep}index.tsx`) && !f.includes('i18n')) {
        // The entry only checks that Office/Excel exist before handing the adapter to the pane.
        expect(text).not.toMatch(/Excel\.run|context\.sync|\.getRange/);
        continue;
      }
      expect(text, f).not.toMatch(/\bExcel\.|context\.sync|Office\.context/);
    }
  });
});

describe('the texts a statistician reads', () => {
  it('use no developer words (commands, internal sheet names, sync counts)', () => {
    for (const table of [zhCN, enUS] as Record<string, string>[])
      for (const [k, v] of Object.entries(table)) expect(v, k).not.toMatch(/npm |_meta|\bsyncs?\b|同步次数|context\.|JSON|undefined/i);
  });

  it('follow the language’s punctuation: no full-width colon, semicolon or brackets in English', () => {
    for (const [k, v] of Object.entries(enUS as Record<string, string>)) {
      // Chinese sheet and column names quoted inside English text may keep their own brackets (单位（县）).
      const outsideChinese = v.replace(/[\u4e00-\u9fff（）]+/g, '');
      expect(outsideChinese, k).not.toMatch(/[：；，。]/);
    }
    expect(translator('en-US')('common.labelled', { label: 'File', value: 'a.xlsx' })).toBe('File: a.xlsx');
    expect(translator('zh-CN')('common.labelled', { label: '文件', value: 'a.xlsx' })).toBe('文件：a.xlsx');
  });
});
