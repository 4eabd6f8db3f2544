/**
 * scripts/addin-build.mjs: the build options, the manifest rewrite, the Office.js file choice,
 * the .reg files, and the deployment plugin inside a real (small) webpack build: it fails when
 * "localhost" is left in a host build or the manifest names a file the build lacks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Configuration, Stats } from 'webpack';
import { repo } from './built-addin.js';
import {
  AddinDeploymentPlugin,
  DEV_BASE,
  OFFICE_JS_CDN,
  addCatalogReg,
  catalogGuid,
  encodeRegFile,
  findLocalhost,
  manifestUrls,
  manifestVersion,
  officeJsFiles,
  parseBuildOptions,
  parseHost,
  parseShare,
  removeCatalogReg,
  renderManifest,
  // @ts-expect-error — plain ESM script without type declarations
} from '../../scripts/addin-build.mjs';

const officeJsPackage = path.join(repo, 'node_modules', '@microsoft', 'office-js');

describe('build options', () => {
  it('host: an https URL, normalised to end in "/"; anything Office cannot load is refused', () => {
    expect(parseHost('https://sti.example.gov.cn/addin')).toBe('https://sti.example.gov.cn/addin/');
    expect(parseHost(' https://STI.example.gov.cn:8443 ')).toBe('https://sti.example.gov.cn:8443/');
    expect(() => parseHost('http://sti.example.gov.cn/')).toThrow('必须以 https:// 开头');
    expect(() => parseHost('sti.example.gov.cn')).toThrow('不是完整的网址');
    expect(() => parseHost('https://sti.example.gov.cn/?a=1')).toThrow('不能带');
    expect(() => parseHost('https://user:pw@sti.example.gov.cn/')).toThrow('不能带');
    expect(() => parseHost(true)).toThrow('需要一个地址');
  });

  it('share: a UNC path (forward slashes accepted), nothing else', () => {
    expect(parseShare('\\\\fileserver\\sti-addin\\')).toBe('\\\\fileserver\\sti-addin');
    expect(parseShare('//fileserver/加载项/清单')).toBe('\\\\fileserver\\加载项\\清单');
    for (const bad of ['C:\\addin', '\\\\fileserver', '//fileserver/../x', '\\\\server\\"share"', '']) {
      expect(() => parseShare(bad), bad).toThrow();
    }
  });

  it('defaults to the developer build: dev server address, Office.js from the CDN', () => {
    expect(parseBuildOptions({ WEBPACK_BUNDLE: true })).toEqual({
      base: DEV_BASE,
      hostGiven: false,
      officeJs: 'cdn',
      share: null,
      outDir: null,
    });
    expect(parseBuildOptions({ host: 'https://h.example/x', officejs: 'local', share: '//fs/s', outDir: '/tmp/o' })).toEqual({
      base: 'https://h.example/x/',
      hostGiven: true,
      officeJs: 'local',
      share: '\\\\fs\\s',
      outDir: '/tmp/o',
    });
    expect(() => parseBuildOptions({ officejs: 'intranet' })).toThrow('只能是 cdn');
    expect(() => parseBuildOptions({ share: '//fs/s' })).toThrow('需要同时给出 --env host');
  });

  it('webpack.config.js refuses a bad host before building', async () => {
    const { default: makeConfig } = await import(pathToFileURL(path.join(repo, 'webpack.config.js')).href);
    expect(() => makeConfig({ host: 'http://sti.example.gov.cn/' }, { mode: 'production' })).toThrow('必须以 https:// 开头');
    expect(makeConfig({}, { mode: 'development' }).output.filename).toBe('[name].js'); // npm start's manifest names functions.js
    expect(makeConfig({}, { mode: 'production' }).output.filename).toBe('[name].[contenthash:8].js');
  });

  it('manifest Version: package.json a.b.c → a.b.c.0', () => {
    expect(manifestVersion('0.1.0')).toBe('0.1.0.0');
    expect(manifestVersion('2.10.3-beta.1')).toBe('2.10.3.0');
    expect(() => manifestVersion('1.2')).toThrow();
    expect(() => manifestVersion('1.70000.0')).toThrow();
  });
});

describe('renderManifest', () => {
  const template = `<?xml version="1.0" encoding="UTF-8"?>
<!-- developer note: points at https://localhost:3000 -->
<OfficeApp>
  <Version>9.9.9.9</Version>
  <IconUrl DefaultValue="https://localhost:3000/assets/icon-32.png"/>
  <AppDomains><AppDomain>https://localhost:3000</AppDomain></AppDomains>
  <bt:Url id="Functions.Metadata.Url" DefaultValue="https://localhost:3000/functions.json">
    <bt:Override Locale="zh-cn" Value="https://localhost:3000/functions-zh-cn.json"/>
  </bt:Url>
</OfficeApp>
`;

  it('moves every URL to the host (AppDomain to its origin), maps file names, sets Version, drops the dev comment', () => {
    const out = renderManifest(template, {
      base: 'https://sti.example.gov.cn/addin/',
      version: '1.2.3.0',
      fileUrl: (f: string) => `${f}#mapped`,
    });
    expect(manifestUrls(out)).toEqual([
      'https://sti.example.gov.cn/addin/assets/icon-32.png#mapped',
      'https://sti.example.gov.cn/addin/functions.json#mapped',
      'https://sti.example.gov.cn/addin/functions-zh-cn.json#mapped',
      'https://sti.example.gov.cn',
    ]);
    expect(out).toContain('<Version>1.2.3.0</Version>');
    expect(out).not.toMatch(/localhost/);
    expect(out).toMatch(/^<\?xml [^>]*\?>\n<!-- Built from manifest\.xml by `npm run build` \(version 1\.2\.3\.0\)\. /);
  });

  it('stays well-formed XML for a punycode host (no "--" inside a comment)', () => {
    const base = parseHost('https://政务.example.cn/addin/');
    expect(base).toMatch(/^https:\/\/xn--/);
    const out = renderManifest(template, { base, version: '1.0.0.0', fileUrl: (f: string) => f });
    for (const comment of out.match(/<!--([\s\S]*?)-->/g) ?? []) expect(comment.slice(4, -3)).not.toContain('--');
    expect(manifestUrls(out)[0]).toBe(`${base}assets/icon-32.png`);
  });

  it('refuses a template without exactly one <Version>', () => {
    expect(() => renderManifest('<OfficeApp/>', { base: DEV_BASE, version: '1.0.0.0', fileUrl: (f: string) => f })).toThrow(
      'one <Version>',
    );
  });
});

describe('findLocalhost', () => {
  it('finds "localhost" in our files, and allows only Microsoft\'s internal document.localhost in the Office.js copy', () => {
    expect(
      findLocalhost([
        { name: 'manifest.xml', text: '<SupportUrl DefaultValue="http://LOCALHOST:8080/help"/>' },
        { name: 'taskpane.js', text: 'const u="https://document.localhost/"' },
        { name: 'office-js/1.1.110/excel-win32-16.01.js', text: 'e.localDocument="http://document.localhost/"' },
        { name: 'office-js/1.1.110/office.js', text: 'x="https://localhost:3000/"' },
        { name: 'functions.0123abcd.json', text: '{"functions":[]}' },
      ]).map((f: string) => f.split(':')[0]),
    ).toEqual(['manifest.xml', 'taskpane.js', 'office-js/1.1.110/office.js']);
  });
});

describe('the Office.js files copied for officejs=local', () => {
  const files: string[] = officeJsFiles(path.join(officeJsPackage, 'dist'));

  it('are the loader, every Excel host script, their helpers and every locale’s strings, no debug builds or other hosts', () => {
    for (const f of [
      'office.js',
      'o15apptofilemappingtable.js',
      'excel-win32-16.01.js',
      'excel-web-16.00.js',
      'excel-mac-16.00.js',
      'zh-cn/office_strings.js',
      'en-us/office_strings.js',
      'telemetry/oteljs_agave.js',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /\.debug\.js$|vsdoc|^(word|outlook|powerpoint|onenote|project|access)|outlook_strings/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('/office_strings.js')).length).toBeGreaterThan(100);
  });

  it('include every script file that the copied files name literally', () => {
    // office.js and the Excel scripts load helpers by file name relative to office.js: each name they mention must be copied.
    const copied = new Set(files);
    const dist = path.join(officeJsPackage, 'dist');
    const referenced = new Set<string>();
    for (const f of files.filter((x) => !x.includes('/'))) {
      for (const m of readFileSync(path.join(dist, f), 'latin1').matchAll(
        /["']((?:telemetry|ariatelemetry|webauth)\/[\w.-]+\.js|[\w-]+\.js)["']/g,
      )) {
        if (!m[1].endsWith('.debug.js') && existsSync(path.join(dist, m[1]))) referenced.add(m[1]);
      }
    }
    expect(referenced.size).toBeGreaterThan(3);
    expect([...referenced].filter((r) => !copied.has(r) && !/^(word|outlook|powerpoint|onenote|project|access|visio)/.test(r))).toEqual([]);
  });
});

describe('the trusted-catalog .reg files', () => {
  const share = '\\\\fileserver\\科技局\\加载项';

  it('write only HKCU\\…\\WEF\\TrustedCatalogs\\{GUID} with Id, Url (the UNC path) and Flags=1', () => {
    const text: string = addCatalogReg(share, 'https://sti.example.gov.cn/addin/');
    const lines = text.split('\r\n').filter((l) => l !== '' && !l.startsWith(';'));
    const guid = catalogGuid(share);
    expect(guid).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\}$/);
    expect(lines).toEqual([
      'Windows Registry Editor Version 5.00',
      `[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\WEF\\TrustedCatalogs\\${guid}]`,
      `"Id"="${guid}"`,
      '"Url"="\\\\\\\\fileserver\\\\科技局\\\\加载项"',
      '"Flags"=dword:00000001',
    ]);
    expect(text.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
  });

  it('the same share always gets the same GUID (a newer .reg rewrites its key), another share another', () => {
    expect(catalogGuid(share)).toBe(catalogGuid(share.toUpperCase()));
    expect(catalogGuid(share)).not.toBe(catalogGuid('\\\\fileserver\\other'));
  });

  it('the removal file deletes that one key and nothing else', () => {
    const lines = removeCatalogReg(share)
      .split('\r\n')
      .filter((l: string) => l !== '' && !l.startsWith(';'));
    expect(lines).toEqual([
      'Windows Registry Editor Version 5.00',
      `[-HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\WEF\\TrustedCatalogs\\${catalogGuid(share)}]`,
    ]);
  });

  it('are UTF-16LE with a BOM, as regedit writes them, so a Chinese share name survives', () => {
    const bytes: Buffer = encodeRegFile('Windows Registry Editor Version 5.00\r\n"Url"="科技局"\r\n');
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toContain('"Url"="科技局"');
  });
});

describe('AddinDeploymentPlugin in a webpack build', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'sti-plugin-'));
    writeFileSync(path.join(work, 'pane.js'), 'document.title = "pane";');
    writeFileSync(path.join(work, 'functions.js'), 'globalThis.fn = (x) => x + 1;');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const MANIFEST = (extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp><Version>0.0.0.0</Version>
  <DefaultSettings><SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/></DefaultSettings>
  <bt:Url id="Functions.Script.Url" DefaultValue="https://localhost:3000/functions.js"/>${extra}
</OfficeApp>
`;

  async function build(name: string, manifest: string, options: Record<string, unknown>): Promise<{ stats: Stats; out: string }> {
    const { default: webpack } = await import('webpack');
    const { default: HtmlWebpackPlugin } = await import('html-webpack-plugin');
    const template = path.join(work, `${name}.xml`);
    writeFileSync(template, manifest);
    const out = path.join(work, name);
    const config: Configuration = {
      mode: 'production',
      context: work,
      entry: { taskpane: './pane.js', functions: './functions.js' },
      output: { path: out, filename: '[name].[contenthash:8].js', clean: true },
      plugins: [
        new HtmlWebpackPlugin({
          filename: 'taskpane.html',
          templateContent: `<!doctype html><html><head><script src="${OFFICE_JS_CDN}"></script></head><body></body></html>`,
        }),
        new AddinDeploymentPlugin({
          base: DEV_BASE,
          hostGiven: false,
          officeJs: 'cdn',
          share: null,
          version: '3.2.1.0',
          hashNames: true,
          template,
          officeJsPackage,
          ...options,
        }),
      ],
    };
    const stats = await new Promise<Stats>((resolve, reject) => webpack(config, (err, s) => (err ? reject(err) : resolve(s!))));
    return { stats, out };
  }
  const errors = (stats: Stats) =>
    stats
      .toJson({ all: false, errors: true })
      .errors!.map((e) => e.message)
      .join('\n');

  it('a host build with Office.js local: manifest, catalog copy, .reg files, the page pointing at the copy', async () => {
    const { stats, out } = await build('ok', MANIFEST(), {
      base: 'https://sti.example.gov.cn/addin/',
      hostGiven: true,
      officeJs: 'local',
      share: '\\\\fileserver\\sti-addin',
    });
    expect(errors(stats)).toBe('');
    const manifest = readFileSync(path.join(out, 'manifest.xml'), 'utf8');
    expect(readFileSync(path.join(out, 'catalog', 'sti-rollup.xml'), 'utf8')).toBe(manifest);
    const [page, script] = manifestUrls(manifest);
    expect(page).toMatch(/^https:\/\/sti\.example\.gov\.cn\/addin\/taskpane\.html\?v=[0-9a-f]{8}$/);
    expect(script).toMatch(/^https:\/\/sti\.example\.gov\.cn\/addin\/functions\.[0-9a-f]{8}\.js$/);
    expect(existsSync(path.join(out, script.slice('https://sti.example.gov.cn/addin/'.length)))).toBe(true);
    const html = readFileSync(path.join(out, 'taskpane.html'), 'utf8');
    expect(html).toMatch(/src="?office-js\/\d+\.\d+\.\d+\/office\.js/);
    expect(html).not.toContain('appsforoffice');
    const reg = readFileSync(path.join(out, 'registry', 'add-trusted-catalog.reg'));
    expect(reg.subarray(2).toString('utf16le')).toContain('"Url"="\\\\\\\\fileserver\\\\sti-addin"');
    expect(readdirSync(path.join(out, 'registry')).sort()).toEqual(['add-trusted-catalog.reg', 'remove-trusted-catalog.reg']);
  });

  it('fails a host build that leaves "localhost" anywhere', async () => {
    const { stats } = await build('left', MANIFEST('\n  <SupportUrl DefaultValue="http://localhost:8080/help"/>'), {
      base: 'https://sti.example.gov.cn/addin/',
      hostGiven: true,
    });
    expect(stats.hasErrors()).toBe(true);
    expect(errors(stats)).toContain('"localhost" is left in a build for https://sti.example.gov.cn/addin/: manifest.xml');
  });

  it('the developer build may keep localhost, but not a file the manifest names and the build lacks', async () => {
    const dev = await build('dev', MANIFEST(), {});
    expect(errors(dev.stats)).toBe('');
    expect(existsSync(path.join(dev.out, 'catalog'))).toBe(false); // catalog and .reg only for a host
    const missing = await build('missing', MANIFEST('\n  <IconUrl DefaultValue="https://localhost:3000/assets/none.png"/>'), {});
    expect(errors(missing.stats)).toContain('manifest.xml names assets/none.png, but the build did not produce it');
  });

  it('fails when the page does not load Office.js from the CDN exactly once (so officejs=local cannot silently miss it)', async () => {
    const { default: webpack } = await import('webpack');
    const { default: HtmlWebpackPlugin } = await import('html-webpack-plugin');
    const template = path.join(work, 'ok.xml');
    const stats = await new Promise<Stats>((resolve, reject) =>
      webpack(
        {
          mode: 'production',
          context: work,
          entry: { taskpane: './pane.js', functions: './functions.js' },
          output: { path: path.join(work, 'no-cdn'), filename: '[name].[contenthash:8].js', clean: true },
          plugins: [
            new HtmlWebpackPlugin({ filename: 'taskpane.html', templateContent: '<!doctype html><html><head></head><body></body></html>' }),
            new AddinDeploymentPlugin({
              base: DEV_BASE,
              hostGiven: false,
              officeJs: 'local',
              share: null,
              version: '1.0.0.0',
              hashNames: true,
              template,
              officeJsPackage,
            }),
          ],
        },
        (err, s) => (err ? reject(err) : resolve(s!)),
      ),
    );
    expect(errors(stats)).toContain(
      'should load Office.js from https://appsforoffice.microsoft.com/lib/1/hosted/office.js exactly once, found 0',
    );
  });
});
