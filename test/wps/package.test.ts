/**
 * The built WPS package (dist/wps/, written by `npm run build` through webpack.wps.config.js):
 * manifest and ribbon parse, the ribbon has no XML declaration, every file they and the pages
 * name exists, functions.json lists every STI function with its zh-CN texts, the offline zip
 * holds the same files beside publish.xml, and nothing in it refers to another origin.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseXml, type XmlElement } from '../build/xml.js';

const DIST = join(process.cwd(), 'dist', 'wps');
const I18N = JSON.parse(readFileSync(join(process.cwd(), 'src/functions/i18n-zh-cn.json'), 'utf8')) as Record<
  string,
  { parameters?: Record<string, { name: string }> }
>;
const CJK = /[\u4e00-\u9fff]/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}
function find(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => find(c, name))];
}
const read = (f: string) => readFileSync(join(DIST, f), 'utf8');

describe('dist/wps', () => {
  it('exists (npm run build writes it)', () => {
    expect(existsSync(join(DIST, 'manifest.xml')), 'run `npm run build` first').toBe(true);
  });

  it('manifest.xml is a JsPlugin naming functions.json and the STI namespace', () => {
    const doc = parseXml(read('manifest.xml'));
    const plugin = doc.children[0];
    expect(plugin.name).toBe('JsPlugin');
    expect(find(plugin, 'Name')[0].text).toBe('STIRollup');
    const fns = find(plugin, 'Functions')[0];
    expect(find(fns, 'Namespace')[0].text).toBe('STI');
    const uri = find(fns, 'Uri')[0].text;
    expect(existsSync(join(DIST, uri))).toBe(true);
    expect(find(plugin, 'Version')[0].text).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('ribbon.xml starts with <customUI (no XML declaration) and its callbacks exist in the entry page script', () => {
    const text = read('ribbon.xml');
    expect(text.startsWith('<customUI')).toBe(true);
    expect(text).not.toMatch(/<\?xml/);
    const ui = parseXml(text).children[0];
    const callbacks = new Set<string>();
    const walk = (e: XmlElement) => {
      for (const [k, v] of Object.entries(e.attrs)) if (/^(on[A-Z]|get[A-Z])/.test(k)) callbacks.add(v);
      e.children.forEach(walk);
    };
    walk(ui);
    expect([...callbacks].sort()).toEqual(['GetImage', 'OnAction', 'OnAddinLoad']);
    const page = read('index.html');
    const scripts = [...page.matchAll(/<script[^>]*src=["']?([^"' >]+)/g)].map((m) => m[1]);
    expect(scripts.length).toBe(1);
    const main = read(scripts[0]);
    for (const cb of callbacks) expect(main, cb).toContain(cb);
    expect(main).toContain('AddCustomFunction');
    expect(main).toContain('CreateTaskPane');
    expect(main).toContain('taskpane.html');
    const button = find(ui, 'button')[0];
    expect(button.attrs.label).toMatch(CJK);
  });

  it('every file the pages name exists (scripts relative, no other origin); the icon named by GetImage exists', () => {
    for (const page of ['index.html', 'taskpane.html']) {
      const html = read(page);
      for (const m of html.matchAll(/\b(?:src|href)=["']?([^"' >]+)/g)) {
        expect(m[1], `${page}: ${m[1]}`).not.toMatch(/^[a-z]+:|^\/\//i);
        expect(existsSync(join(DIST, m[1])), `${page} names ${m[1]}`).toBe(true);
      }
    }
    expect(read(readdirSync(DIST).find((f) => /^main\..*\.js$/.test(f))!)).toContain('assets/icon-32.png');
    expect(existsSync(join(DIST, 'assets/icon-32.png'))).toBe(true);
  });

  it('functions.json lists every STI function with Chinese descriptions and parameter names, typed for WPS', () => {
    const meta = JSON.parse(read('functions.json')) as {
      functions: {
        name: string;
        description: string;
        parameters: { name: string; description: string; type: string }[];
        result: { type: string };
      }[];
    };
    expect(meta.functions.map((f) => f.name).sort()).toEqual(Object.keys(I18N).sort());
    for (const f of meta.functions) {
      expect(f.name).toMatch(/^[A-Z0-9_]+$/);
      expect(f.description, f.name).toMatch(CJK);
      const zh = Object.values(I18N[f.name].parameters ?? {}).map((p) => p.name);
      expect(
        f.parameters.map((p) => p.name),
        f.name,
      ).toEqual(zh);
      for (const p of f.parameters) {
        expect(p.description, `${f.name}.${p.name}`).toMatch(CJK);
        expect(p.type).toMatch(/^any(\[\]\[\])?\??$/);
      }
      expect(f.result.type).toBe('any[][]');
    }
    // Range parameters are 2-D, options scalar and optional.
    const rank = meta.functions.find((f) => f.name === 'RANK')!;
    expect(rank.parameters.map((p) => p.type)).toEqual(['any[][]', 'any[][]', 'any?', 'any?']);
    // The entry script carries the same metadata for AddCustomFunction.
    const main = read(readdirSync(DIST).find((f) => /^main\..*\.js$/.test(f))!);
    for (const f of meta.functions) expect(main).toContain(f.description);
  });

  it('the offline zip holds publish.xml and the whole package in <name>_<version>/', () => {
    const zipName = readdirSync(DIST).find((f) => f.endsWith('.zip'))!;
    expect(zipName).toMatch(/^STIRollup_\d+\.\d+\.\d+_离线包\.zip$/);
    const entries = unzipSync(new Uint8Array(readFileSync(join(DIST, zipName))));
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string;
    const folder = `STIRollup_${version}/`;
    const publish = new TextDecoder().decode(entries['publish.xml']);
    const plugin = find(parseXml(publish), 'jsplugin')[0];
    expect(plugin.attrs).toMatchObject({ name: 'STIRollup', type: 'et', url: `STIRollup_${version}`, version });
    const built = files(DIST)
      .map((f) => relative(DIST, f).split('\\').join('/'))
      .filter((f) => !f.endsWith('.zip') && f !== 'publish.xml' && f !== 'jsplugins.example.xml')
      .sort();
    const zipped = Object.keys(entries)
      .filter((k) => k.startsWith(folder))
      .map((k) => k.slice(folder.length))
      .sort();
    expect(zipped).toEqual(built);
    for (const f of built) expect(Buffer.from(entries[folder + f]).equals(readFileSync(join(DIST, f))), f).toBe(true);
  });

  it('nothing in the package refers to another origin: pages and XML name only local files, scripts request no absolute URL', () => {
    const NAMESPACE_URL = /^http:\/\/(schemas\.openxmlformats\.org|schemas\.microsoft\.com|purl\.org|purl\.oclc\.org|www\.w3\.org)\//;
    // Addresses that occur only inside libraries' error and help texts (React, exceljs, core-js, jszip, docx), never requested.
    const MESSAGE_URL = /^https:\/\/(react\.dev\/errors\/|github\.com\/|stuk\.github\.io\/|answers\.microsoft\.com\/)/;
    const URL = /\b(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'`<>)\\]*/gi;
    const problems: string[] = [];
    for (const f of files(DIST).filter((x) => /\.(js|html|xml|json)$/.test(x))) {
      const text = readFileSync(f, 'utf8');
      const rel = relative(DIST, f);
      for (const m of text.matchAll(URL)) {
        if (NAMESPACE_URL.test(m[0])) continue;
        if (f.endsWith('.js') && MESSAGE_URL.test(m[0])) continue;
        problems.push(`${rel}: ${m[0]}`);
      }
      const request = /\b(fetch|open|WebSocket|EventSource|sendBeacon|importScripts|Worker)\(\s*["'`](?:https?:)?\/\//.exec(text);
      if (request) problems.push(`${rel}: request ${text.slice(request.index, request.index + 80)}`);
    }
    expect(problems).toEqual([]);
  });

  it('is lowered for older Chromium: no optional chaining, nullish coalescing or class fields syntax left', () => {
    for (const f of files(DIST).filter((x) => x.endsWith('.js'))) {
      const js = readFileSync(f, 'utf8');
      // `?.` followed by a name or bracket, outside strings, is optional chaining; `??` is nullish coalescing.
      expect(
        /[\w)\]]\?\.[A-Za-z_$[(]/.test(js.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""')),
        relative(DIST, f),
      ).toBe(false);
      expect(
        /[\w)\]]\s*\?\?\s*[\w"'([{]/.test(js.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""')),
        relative(DIST, f),
      ).toBe(false);
    }
  });
});
