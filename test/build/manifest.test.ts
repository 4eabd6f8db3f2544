/**
 * The built add-in, checked offline: dist/manifest.xml (ids, resids, URLs, shared runtime,
 * custom functions) and the files it names. Runs after `npm run build` (npm test's pretest).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { child, findAll, parseXml, pathOf, type XmlElement } from './xml.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dist = `${repo}dist/`;
const BASE = 'https://localhost:3000/';

function readDist(file: string): string {
  const p = dist + file;
  if (!existsSync(p)) throw new Error(`${p} is missing: run \`npm run build\` first (npm test does it as pretest)`);
  return readFileSync(p, 'utf8');
}

const manifestText = readDist('manifest.xml');
const doc = parseXml(manifestText);
const app = child(doc, 'OfficeApp')!;

/** Resource ids defined under <Resources> → their element. */
const resources = new Map<string, XmlElement>();
for (const el of findAll(app, 'Resources').flatMap((r) => findAll(r, 'bt:Image').concat(findAll(r, 'bt:Url'), findAll(r, 'bt:String')))) {
  resources.set(el.attrs.id, el);
}
const residOf = (el: XmlElement | undefined) => el?.attrs.resid;
function findAllElements(root: XmlElement): XmlElement[] {
  return root.children.flatMap((c) => [c, ...findAllElements(c)]);
}

describe('dist/manifest.xml', () => {
  it('is the manifest.xml of the repository, copied by the build', () => {
    expect(manifestText).toBe(readFileSync(`${repo}manifest.xml`, 'utf8'));
  });

  it('is a TaskPaneApp for Workbook with a GUID Id, version and default locale', () => {
    expect(app.attrs['xsi:type']).toBe('TaskPaneApp');
    expect(child(app, 'Id')!.text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(child(app, 'Version')!.text).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(child(app, 'DefaultLocale')!.text).toBe('en-US');
    expect(findAll(child(app, 'Hosts')!, 'Host').map((h) => h.attrs.Name)).toEqual(['Workbook']);
  });

  it('has zh-CN overrides for the display name and description', () => {
    for (const name of ['DisplayName', 'Description']) {
      const el = child(app, name)!;
      expect(el.attrs.DefaultValue).toBeTruthy();
      const zh = el.children.find((c) => c.name === 'Override' && c.attrs.Locale.toLowerCase() === 'zh-cn');
      expect(zh?.attrs.Value).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('requires SharedRuntime 1.1, CustomFunctionsRuntime and the ExcelApi level the pane writes with', () => {
    const sets = findAll(child(app, 'Requirements')!, 'Set').map((s) => `${s.attrs.Name} ${s.attrs.MinVersion}`);
    expect(sets).toContain('SharedRuntime 1.1');
    expect(sets.some((s) => s.startsWith('CustomFunctionsRuntime 1.'))).toBe(true);
    // Data validation (the template's input cells) needs ExcelApi 1.8; charts 1.7; conditional formats 1.6.
    expect(sets).toContain('ExcelApi 1.8');
  });

  it('every resid refers to a resource, and every resource is used', () => {
    const referenced = findAllElements(app)
      .map((e) => e.attrs.resid)
      .filter((r): r is string => r !== undefined);
    expect(referenced.length).toBeGreaterThan(10);
    for (const r of referenced) expect(resources.has(r), `resid ${r}`).toBe(true);
    for (const id of resources.keys()) expect(referenced, `resource ${id} is never used`).toContain(id);
    expect(new Set(resources.keys()).size).toBe(resources.size);
  });

  it('every URL is well-formed https, and the files it names are in dist/', () => {
    const urls: string[] = [];
    for (const el of findAllElements(app)) {
      if (
        ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation', 'bt:Image', 'bt:Url'].includes(el.name) &&
        el.attrs.DefaultValue
      ) {
        urls.push(el.attrs.DefaultValue);
      }
      if (el.name === 'bt:Override' && el.parent?.name === 'bt:Url') urls.push(el.attrs.Value);
      if (el.name === 'AppDomain') urls.push(el.text);
    }
    expect(urls.length).toBeGreaterThan(8);
    const files = new Set<string>();
    for (const u of urls) {
      const url = new URL(u);
      expect(url.protocol, u).toBe('https:');
      if (u.startsWith(BASE) && u.length > BASE.length) files.add(u.slice(BASE.length));
    }
    for (const f of [
      'taskpane.html',
      'functions.js',
      'functions.json',
      'functions-zh-cn.json',
      'assets/icon-16.png',
      'assets/icon-32.png',
      'assets/icon-80.png',
    ]) {
      expect(files).toContain(f);
    }
    for (const f of files) expect(existsSync(dist + f), `dist/${f}`).toBe(true);
  });

  it('icons are PNGs of the size their resource id says', () => {
    for (const [id, el] of resources) {
      if (el.name !== 'bt:Image') continue;
      const size = Number(/(\d+)x\1$/.exec(id)![1]);
      const png = readFileSync(dist + el.attrs.DefaultValue.slice(BASE.length));
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it('one long-lived shared runtime on Taskpane.Url serves the pane, the ribbon and the custom functions', () => {
    const host = findAll(app, 'Host').find((h) => h.attrs['xsi:type'] === 'Workbook')!;
    expect(pathOf(host)).toBe('OfficeApp/VersionOverrides/Hosts/Host');
    expect(child(app, 'VersionOverrides')!.attrs['xsi:type']).toBe('VersionOverridesV1_0');
    expect(host.children[0].name).toBe('Runtimes'); // must come first inside <Host>
    const runtimes = findAll(host, 'Runtime');
    expect(runtimes).toHaveLength(1);
    expect(runtimes[0].attrs).toMatchObject({ resid: 'Taskpane.Url', lifetime: 'long' });

    const cf = findAll(host, 'ExtensionPoint').find((e) => e.attrs['xsi:type'] === 'CustomFunctions')!;
    expect(pathOf(cf)).toBe('OfficeApp/VersionOverrides/Hosts/Host/AllFormFactors/ExtensionPoint');
    expect(residOf(child(child(cf, 'Page')!, 'SourceLocation'))).toBe('Taskpane.Url');
    expect(resources.get(residOf(child(child(cf, 'Script')!, 'SourceLocation'))!)!.attrs.DefaultValue).toBe(`${BASE}functions.js`);
    const metadata = resources.get(residOf(child(child(cf, 'Metadata')!, 'SourceLocation'))!)!;
    expect(metadata.attrs.DefaultValue).toBe(`${BASE}functions.json`);
    const zh = metadata.children.find((c) => c.name === 'bt:Override');
    expect(zh?.attrs.Locale.toLowerCase()).toBe('zh-cn');
    expect(zh?.attrs.Value).toBe(`${BASE}functions-zh-cn.json`);
    expect(resources.get(residOf(child(cf, 'Namespace'))!)!.attrs.DefaultValue).toBe('STI');

    expect(residOf(findAll(host, 'FunctionFile')[0])).toBe('Taskpane.Url');
    const button = findAll(host, 'Action').find((a) => a.attrs['xsi:type'] === 'ShowTaskpane')!;
    expect(residOf(child(button, 'SourceLocation'))).toBe('Taskpane.Url');
    expect(resources.get('Taskpane.Url')!.attrs.DefaultValue).toBe(`${BASE}taskpane.html`);
  });

  it('the ribbon texts have Chinese overrides', () => {
    for (const id of ['Group.Label', 'TaskpaneButton.Label', 'TaskpaneButton.Tooltip', 'GetStarted.Title', 'GetStarted.Description']) {
      const zh = resources.get(id)!.children.find((c) => c.name === 'bt:Override');
      expect(zh?.attrs.Value, id).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('dist/taskpane.html and functions.js', () => {
  it('the page loads Office.js, the pane bundle and the functions bundle (shared runtime)', () => {
    const html = readDist('taskpane.html');
    expect(html).toMatch(/<script[^>]+src="?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js/);
    expect(html).toMatch(/<script[^>]+src="?taskpane\.js/);
    expect(html).toMatch(/<script[^>]+src="?functions\.js/);
  });

  it('functions.js associates every id of functions.json', () => {
    const js = readDist('functions.js');
    const ids = (JSON.parse(readDist('functions.json')) as { functions: { id: string }[] }).functions.map((f) => f.id);
    for (const id of ids) expect(js, id).toContain(`CustomFunctions.associate("${id}"`);
  });
});
