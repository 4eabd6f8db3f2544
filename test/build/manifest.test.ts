/**
 * The built add-in, checked offline: dist/manifest.xml (ids, resids, URLs, shared runtime,
 * custom functions) and the files it names. Runs after `npm run build` (npm test's pretest),
 * the default build: every URL on the dev server's address, Office.js from Microsoft's CDN.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OfficeAddinManifest } from 'office-addin-manifest';
import { child, findAll, pathOf, type XmlElement } from './xml.js';
import { dist, functionsFiles, readBuiltAddin, repo } from './built-addin.js';

const BASE = 'https://localhost:3000/';
const built = readBuiltAddin(dist);
const { manifestText, app, resources } = built;
const readDist = built.read;
const packageVersion = (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const HASHED = /\.[0-9a-f]{8}\.[a-z]+$/;

const residOf = (el: XmlElement | undefined) => el?.attrs.resid;
function findAllElements(root: XmlElement): XmlElement[] {
  return root.children.flatMap((c) => [c, ...findAllElements(c)]);
}

describe('dist/manifest.xml', () => {
  it('is the repository manifest.xml with Version from package.json and content-hashed file names, nothing else changed', () => {
    const source = readFileSync(path.join(repo, 'manifest.xml'), 'utf8');
    expect(child(app, 'Version')!.text).toBe(`${packageVersion}.0`);
    // Undo exactly what the build may do; what is left must be the source, byte for byte.
    const undo = (xml: string) =>
      xml
        .replace(/<!--[\s\S]*?-->\s*/g, '')
        .replace(/<Version>[^<]*<\/Version>/, '<Version/>')
        .replace(/(\w)\.[0-9a-f]{8}\.(js|json|png)"/g, '$1.$2"')
        .replace(/taskpane\.html\?v=[0-9a-f]{8}"/g, 'taskpane.html"');
    expect(undo(manifestText)).toBe(undo(source));
    expect(manifestText).toMatch(/<!-- Built from manifest\.xml by `npm run build` \(version \d+\.\d+\.\d+\.0\)\. /);
  });

  it('office-addin-manifest reads it: the same id, version, host, page and icons', async () => {
    const info = await OfficeAddinManifest.readManifestFile(path.join(dist, 'manifest.xml'));
    expect(info).toMatchObject({
      id: child(app, 'Id')!.text,
      version: `${packageVersion}.0`,
      officeAppType: 'TaskPaneApp',
      hosts: ['Workbook'],
      appDomains: ['https://localhost:3000'],
      permissions: 'ReadWriteDocument',
    });
    expect(info.defaultSettings?.sourceLocation).toMatch(/^https:\/\/localhost:3000\/taskpane\.html\?v=[0-9a-f]{8}$/);
    expect(info.iconUrl).toMatch(/^https:\/\/localhost:3000\/assets\/icon-32\.[0-9a-f]{8}\.png$/);
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
    const unhashed = [...files].map((f) => f.replace(/\?v=[0-9a-f]{8}$/, '').replace(/\.[0-9a-f]{8}(\.\w+)$/, '$1'));
    for (const f of [
      'taskpane.html',
      'functions.js',
      'functions.json',
      'functions-zh-cn.json',
      'assets/icon-16.png',
      'assets/icon-32.png',
      'assets/icon-80.png',
    ]) {
      expect(unhashed).toContain(f);
    }
    // Each URL changes with its file's content: a hash in the name, or ?v= on the page (whose name is the pane's address).
    for (const f of files) expect(f, f).toMatch(f.startsWith('taskpane.html') ? /^taskpane\.html\?v=[0-9a-f]{8}$/ : HASHED);
    for (const f of files) expect(existsSync(path.join(dist, f.replace(/\?.*$/, ''))), `dist/${f}`).toBe(true);
  });

  it('icons are PNGs of the size their resource id says', () => {
    for (const [id, el] of resources) {
      if (el.name !== 'bt:Image') continue;
      const size = Number(/(\d+)x\1$/.exec(id)![1]);
      const png = readFileSync(path.join(dist, el.attrs.DefaultValue.slice(BASE.length)));
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
    expect(resources.get(residOf(child(child(cf, 'Script')!, 'SourceLocation'))!)!.attrs.DefaultValue).toMatch(
      /^https:\/\/localhost:3000\/functions\.[0-9a-f]{8}\.js$/,
    );
    const metadata = resources.get(residOf(child(child(cf, 'Metadata')!, 'SourceLocation'))!)!;
    expect(metadata.attrs.DefaultValue).toMatch(/^https:\/\/localhost:3000\/functions\.[0-9a-f]{8}\.json$/);
    const zh = metadata.children.find((c) => c.name === 'bt:Override');
    expect(zh?.attrs.Locale.toLowerCase()).toBe('zh-cn');
    expect(zh?.attrs.Value).toMatch(/^https:\/\/localhost:3000\/functions-zh-cn\.[0-9a-f]{8}\.json$/);
    expect(resources.get(residOf(child(cf, 'Namespace'))!)!.attrs.DefaultValue).toBe('STI');

    expect(residOf(findAll(host, 'FunctionFile')[0])).toBe('Taskpane.Url');
    const button = findAll(host, 'Action').find((a) => a.attrs['xsi:type'] === 'ShowTaskpane')!;
    expect(residOf(child(button, 'SourceLocation'))).toBe('Taskpane.Url');
    expect(resources.get('Taskpane.Url')!.attrs.DefaultValue).toMatch(/^https:\/\/localhost:3000\/taskpane\.html\?v=[0-9a-f]{8}$/);
  });

  it('the ribbon texts have Chinese overrides', () => {
    for (const id of ['Group.Label', 'TaskpaneButton.Label', 'TaskpaneButton.Tooltip', 'GetStarted.Title', 'GetStarted.Description']) {
      const zh = resources.get(id)!.children.find((c) => c.name === 'bt:Override');
      expect(zh?.attrs.Value, id).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('dist/taskpane.html and functions.js', () => {
  const files = functionsFiles(built, BASE);

  it('the page loads Office.js from the CDN, the pane bundle and the functions bundle the manifest names (shared runtime)', () => {
    const html = readDist('taskpane.html');
    expect(html).toMatch(/<script[^>]+src="?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js/);
    expect(html).toMatch(/<script[^>]+src="?taskpane\.[0-9a-f]{8}\.js/);
    const attr = (value: string) => `="?${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?[\\s>]`;
    expect(html).toMatch(new RegExp(`<script[^>]+src${attr(files.script)}`));
    expect(html).toMatch(new RegExp(`<meta name="?sti-version"? content${attr(packageVersion)}`));
  });

  it("the page's ?v= in the manifest is the hash of the page as built", async () => {
    const { createHash } = await import('node:crypto');
    const v = /\?v=([0-9a-f]{8})$/.exec(resources.get('Taskpane.Url')!.attrs.DefaultValue)![1];
    expect(v).toBe(
      createHash('sha256')
        .update(readFileSync(path.join(dist, 'taskpane.html')))
        .digest('hex')
        .slice(0, 8),
    );
  });

  it('functions.js associates every id of functions.json', () => {
    const js = readDist(files.script);
    const ids = (JSON.parse(readDist(files.metadata)) as { functions: { id: string }[] }).functions.map((f) => f.id);
    for (const id of ids) expect(js, id).toContain(`CustomFunctions.associate("${id}"`);
  });
});
