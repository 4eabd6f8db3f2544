/**
 * The deployable build (issue 12): `webpack --env host=https://sti.example.gov.cn/addin/
 * --env officejs=local --env share=\\fileserver\sti-addin`, built into a temporary directory
 * (dist/ stays the default build the other suites read). Checks the manifest with
 * office-addin-manifest and offline, that nothing names localhost or another origin, that
 * every named file is there, the catalog and .reg files; then runs the real `sti serve` on a
 * free port, fetches every URL the manifest names over TLS, opens the page in Chromium (the
 * local Office.js copy loads, no request leaves the server) and stops it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Configuration, Stats } from 'webpack';
import { OfficeAddinManifest } from 'office-addin-manifest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, browserRequired, chromiumAvailable } from '../helpers/env.js';
import { zhCN } from '../../src/taskpane/i18n/zh-CN.js';
import { readBuiltAddin, repo, type BuiltAddin } from './built-addin.js';
import { child, findAll } from './xml.js';
import { makeCertificate, opensslAvailable, opensslRequired, type TestCertificate } from './certs.js';

const HOST = 'sti.example.gov.cn';
const BASE = `https://${HOST}/addin/`;
const SHARE = '\\\\fileserver\\sti-addin';
const packageVersion = (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const officeJsVersion = (
  JSON.parse(readFileSync(path.join(repo, 'node_modules', '@microsoft', 'office-js', 'package.json'), 'utf8')) as { version: string }
).version;

const haveOpenssl = opensslAvailable();
if (!haveOpenssl && opensslRequired) throw new Error('openssl is required here (CI installs it) for the sti serve tests');
const haveBrowser = chromiumAvailable();
if (!haveBrowser && browserRequired) throw new Error(`Chromium not found at ${CHROMIUM_PATH}; the browser suite is required here`);

let work: string;
let out: string;
let addin: BuiltAddin;

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) =>
      statSync(path.join(dir, name)).isDirectory() ? filesUnder(path.join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`],
    );
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'sti-host-build-'));
  out = path.join(work, 'dist');
  const { default: webpack } = await import('webpack');
  const { default: makeConfig } = await import(pathToFileURL(path.join(repo, 'webpack.config.js')).href);
  const config: Configuration = makeConfig({ host: BASE, officejs: 'local', share: SHARE, outDir: out }, { mode: 'production' });
  const stats = await new Promise<Stats>((resolve, reject) => webpack(config, (err, s) => (err ? reject(err) : resolve(s!))));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  addin = readBuiltAddin(out);
}, 300_000); // a production build with the Office.js copy; slower when other suites build beside it
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the host build’s manifest', () => {
  it('office-addin-manifest reads it: the add-in’s Id, Version from package.json, page, icons, support and AppDomain on the host', async () => {
    const info = await OfficeAddinManifest.readManifestFile(path.join(out, 'manifest.xml'));
    const source = await OfficeAddinManifest.readManifestFile(path.join(repo, 'manifest.xml'));
    expect(info.id).toBe(source.id); // one Id for every host
    expect(info.version).toBe(`${packageVersion}.0`);
    expect(info.officeAppType).toBe('TaskPaneApp');
    expect(info.hosts).toEqual(['Workbook']);
    expect(info.appDomains).toEqual([`https://${HOST}`]);
    expect(info.defaultSettings?.sourceLocation).toMatch(new RegExp(`^${BASE.replace(/\./g, '\\.')}taskpane\\.html\\?v=[0-9a-f]{8}$`));
    for (const url of [info.iconUrl, info.highResolutionIconUrl, info.supportUrl]) expect(url?.startsWith(BASE), url).toBe(true);
  });

  it('every URL is on the host (AppDomain its origin), and every file named is in the build', () => {
    expect(addin.urls.length).toBeGreaterThan(8);
    for (const url of addin.urls) {
      if (url === `https://${HOST}`) continue; // <AppDomain>
      expect(url.startsWith(BASE), url).toBe(true);
      const file = addin.fileOf(url, BASE)!;
      expect(existsSync(path.join(out, file)), file).toBe(true);
    }
    expect(findAll(addin.app, 'AppDomain').map((d) => d.text)).toEqual([`https://${HOST}`]);
    const named = addin.urls.filter((u) => u.startsWith(BASE)).map((u) => addin.fileOf(u, BASE)!.replace(/\.[0-9a-f]{8}(\.\w+)$/, '$1'));
    for (const f of [
      'taskpane.html',
      'functions.js',
      'functions.json',
      'functions-zh-cn.json',
      'assets/icon-16.png',
      'assets/icon-80.png',
    ]) {
      expect(named).toContain(f);
    }
  });

  it('keeps SharedRuntime 1.1 (and custom functions) in the base <Requirements>, so hosts without them never show a broken add-in', () => {
    const requirements = child(addin.app, 'Requirements')!;
    const sets = findAll(requirements, 'Set').map((s) => `${s.attrs.Name} ${s.attrs.MinVersion}`);
    expect(sets).toEqual(expect.arrayContaining(['SharedRuntime 1.1', 'CustomFunctionsRuntime 1.1', 'ExcelApi 1.8']));
  });

  it('the catalog copy is the same manifest', () => {
    expect(readFileSync(path.join(out, 'catalog', 'sti-rollup.xml'), 'utf8')).toBe(addin.manifestText);
    expect(readdirSync(path.join(out, 'catalog'))).toEqual(['sti-rollup.xml']); // only manifests belong on the share
  });
});

describe('the host build’s files', () => {
  it('contain "localhost" nowhere, except Microsoft’s internal document.localhost inside the Office.js copy', () => {
    const offenders: string[] = [];
    for (const f of filesUnder(out)) {
      let text = readFileSync(path.join(out, f), f.endsWith('.reg') ? 'utf16le' : 'latin1');
      if (f.startsWith('office-js/')) text = text.replace(/document\.localhost/gi, '');
      if (/localhost/i.test(text)) offenders.push(f);
    }
    expect(offenders).toEqual([]);
  });

  it('the page references no other origin: scripts are relative, Office.js is the local copy', () => {
    const html = addin.read('taskpane.html');
    expect(html).not.toMatch(/https?:|\/\/[a-z]/i); // no absolute or protocol-relative address at all
    const srcs = [...html.matchAll(/<(?:script|link|img|iframe)[^>]*?\s(?:src|href)=["']?([^"'\s>]+)/g)].map((m) => m[1]);
    expect(srcs).toContain(`office-js/${officeJsVersion}/office.js`);
    expect(srcs.length).toBe(3); // office.js, the pane bundle, the functions bundle
    for (const s of srcs) expect(existsSync(path.join(out, s)), s).toBe(true);
    expect(html).toMatch(new RegExp(`<meta name="?sti-version"? content="?${packageVersion.replace(/\./g, '\\.')}`));
  });

  it('the Office.js copy is Microsoft’s files byte for byte, only released (not debug) builds', () => {
    const copy = path.join(out, 'office-js', officeJsVersion);
    const pkg = path.join(repo, 'node_modules', '@microsoft', 'office-js', 'dist');
    const files = filesUnder(copy);
    expect(files).toEqual(expect.arrayContaining(['office.js', 'excel-win32-16.01.js', 'excel-web-16.00.js', 'zh-cn/office_strings.js']));
    expect(files.filter((f) => f.endsWith('.debug.js'))).toEqual([]);
    for (const f of files) expect(readFileSync(path.join(copy, f)).equals(readFileSync(path.join(pkg, f))), f).toBe(true);
  });

  it('bundles and named files carry content hashes; the functions bundle is the one the page loads', () => {
    const js = filesUnder(out).filter((f) => f.endsWith('.js') && !f.startsWith('office-js/'));
    for (const f of js) expect(f, f).toMatch(/\.[0-9a-f]{8}\.js$/);
    const script = addin.fileOf(addin.resourceUrl('Functions.Script.Url'), BASE)!;
    expect(addin.read('taskpane.html')).toMatch(new RegExp(`src="?${script.replace(/\./g, '\\.')}"?[\\s>]`));
  });

  it('writes the .reg files for the share: only the TrustedCatalogs key, and its removal', () => {
    const add = readFileSync(path.join(out, 'registry', 'add-trusted-catalog.reg'));
    expect([...add.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const text = add.subarray(2).toString('utf16le');
    const keys = [...text.matchAll(/^\[([^\]]+)\]/gm)].map((m) => m[1]);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16\.0\\WEF\\TrustedCatalogs\\\{[0-9a-f-]{36}\}$/);
    const values = text.split('\r\n').filter((l) => l.startsWith('"'));
    expect(values).toEqual([`"Id"="${keys[0].split('\\').pop()}"`, '"Url"="\\\\\\\\fileserver\\\\sti-addin"', '"Flags"=dword:00000001']);
    const remove = readFileSync(path.join(out, 'registry', 'remove-trusted-catalog.reg'))
      .subarray(2)
      .toString('utf16le');
    expect([...remove.matchAll(/^\[([^\]]+)\]/gm)].map((m) => m[1])).toEqual([`-${keys[0]}`]);
  });
});

describe.skipIf(!haveOpenssl)('sti serve on the host build', () => {
  let cert: TestCertificate;
  let server: ChildProcess;
  let port = 0;
  let stdout = '';
  let exitCode: Promise<number | null>;

  /** GET over TLS, checking the certificate against the manifest's host name, as Excel would. */
  function get(rawPath: string): Promise<{ status: number; type: string; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', servername: HOST, port, path: rawPath, ca: cert.certPem, headers: { host: HOST } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  beforeAll(async () => {
    cert = makeCertificate(work, 'server', [HOST]);
    const args = [path.join(repo, 'bin', 'sti.js'), 'serve', '--dir', out, '--port', '0', '--bind', '127.0.0.1'];
    server = spawn(process.execPath, [...args, '--cert', cert.cert, '--key', cert.key], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    exitCode = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
    let stderr = '';
    server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sti serve did not start: ${stdout}${stderr}`)), 60_000);
      server.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /本机监听：https:\/\/127\.0\.0\.1:(\d+)\/addin\//.exec(stdout);
        if (m && stdout.includes('按 Ctrl+C 停止。')) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      server.on('exit', () => reject(new Error(`sti serve exited: ${stdout}${stderr}`)));
    });
  });
  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  it('says what it serves: version, local Office.js, the manifest’s address', () => {
    expect(stdout).toContain(`版本 ${packageVersion}.0，Office.js：本地副本`);
    expect(stdout).toContain(`清单中的地址：${BASE}`);
  });

  it('answers every URL the manifest names with the built file and its content type', async () => {
    const types: Record<string, string> = { html: 'text/html', js: 'text/javascript', json: 'application/json', png: 'image/png' };
    const fetched = new Set<string>();
    for (const url of addin.urls.filter((u) => u.startsWith(BASE))) {
      const u = new URL(url);
      const res = await get(u.pathname + u.search);
      expect(res.status, url).toBe(200);
      const file = addin.fileOf(url, BASE)!;
      expect(res.type.startsWith(types[path.extname(file).slice(1)]), `${url}: ${res.type}`).toBe(true);
      expect(res.body.equals(readFileSync(path.join(out, file))), url).toBe(true);
      fetched.add(file);
    }
    expect(fetched.size).toBeGreaterThanOrEqual(8);
  });

  it('answers what the page loads: Office.js and its Chinese strings from the copy', async () => {
    for (const p of [`office-js/${officeJsVersion}/office.js`, `office-js/${officeJsVersion}/zh-cn/office_strings.js`, 'manifest.xml']) {
      const res = await get(`/addin/${p}`);
      expect(res.status, p).toBe(200);
      expect(res.body.equals(readFileSync(path.join(out, p))), p).toBe(true);
    }
    expect((await get('/addin/')).status).toBe(404);
  });

  it.skipIf(!haveBrowser)(
    'in Chromium the page loads the local Office.js, asks nothing of any other origin, and 设置 would say so',
    async () => {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
      });
      try {
        // The throwaway certificate is not in Chromium's store; the TLS check itself is done by get() above.
        const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        const origin = `https://${HOST}:${port}`;
        const pageUrl = `${origin}${new URL(addin.resourceUrl('Taskpane.Url')).pathname}${new URL(addin.resourceUrl('Taskpane.Url')).search}`;
        await page.goto(pageUrl);
        // Outside Excel, Office.onReady reports no host and the pane says so: office.js ran.
        await page.waitForFunction((text) => document.getElementById('root')?.textContent === text, zhCN['app.noExcel'], {
          timeout: 30_000,
        });
        expect(await page.evaluate(() => typeof (window as unknown as { Office?: unknown }).Office)).toBe('object');
        expect(requests.some((r) => r.endsWith(`/office-js/${officeJsVersion}/office.js`))).toBe(true);
        expect(requests.filter((r) => !r.startsWith(`${origin}/`))).toEqual([]);

        // What 设置 shows IT staff, computed by the pane's own function on this real page…
        const { buildInfo } = await import('../../src/taskpane/components/SettingsStep.js');
        const inPage = async (source: string) => {
          await page.addScriptTag({ content: `window.__stiBuildInfo = ${source};` });
          return page.evaluate(() => (window as unknown as { __stiBuildInfo: (d: Document) => unknown }).__stiBuildInfo(document));
        };
        expect(await inPage(buildInfo.toString())).toEqual({
          version: packageVersion,
          officeJs: 'local',
          officeJsSrc: `/addin/office-js/${officeJsVersion}/office.js`,
        });
        // …and on a page that names the CDN (a script type the browser does not fetch: nothing leaves).
        await page.setContent(
          '<meta name="sti-version" content="9.8.7"><script type="text/x-not-run" src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>',
        );
        expect(await inPage(buildInfo.toString())).toEqual({
          version: '9.8.7',
          officeJs: 'cdn',
          officeJsSrc: 'appsforoffice.microsoft.com',
        });
      } finally {
        await browser.close();
      }
    },
  );

  it('stops on SIGTERM with exit code 0, having logged no request', async () => {
    server.kill('SIGTERM');
    expect(await exitCode).toBe(0);
    expect(stdout.trimEnd().endsWith('已停止。')).toBe(true);
    expect(stdout).not.toMatch(/functions\.|taskpane\.html|GET|office_strings/);
  });
});
