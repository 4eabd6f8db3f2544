/**
 * `sti serve` without a webpack build: a small add-in directory made here, a throwaway
 * certificate, the server started in-process and spoken to over real TLS. Covers what a file
 * server must refuse (other methods, paths outside the add-in, directories, hidden files,
 * symbolic links out of the directory) and the Chinese errors an operator sees. The full
 * host build served and fetched URL by URL is in host-build.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer as createPlainServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { cacheControl, contentType, resolveRequestPath, startAddinServer, type RunningServer } from '../../src/cli/commands/serve.js';
import { makeCertificate, opensslAvailable, opensslRequired, type TestCertificate } from './certs.js';

const haveOpenssl = opensslAvailable();
if (!haveOpenssl && opensslRequired) throw new Error('openssl is required here (CI installs it) for the sti serve tests');

const HOST = 'sti.example.gov.cn';
const BASE = `https://${HOST}/addin/`;
const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp><Version>2.3.4.0</Version>
  <IconUrl DefaultValue="${BASE}assets/icon-32.0123abcd.png"/>
  <DefaultSettings>
    <SourceLocation DefaultValue="${BASE}taskpane.html?v=89abcdef"/>
  </DefaultSettings>
  <bt:Url id="Functions.Script.Url" DefaultValue="${BASE}functions.0123abcd.js"/>
</OfficeApp>
`;

let work: string;
let dir: string;
let cert: TestCertificate;

function makeAddinDir(into: string, manifest = MANIFEST): string {
  mkdirSync(path.join(into, 'assets'), { recursive: true });
  mkdirSync(path.join(into, 'office-js', '1.1.110'), { recursive: true });
  writeFileSync(path.join(into, 'manifest.xml'), manifest);
  writeFileSync(path.join(into, 'taskpane.html'), '<!doctype html><script src="office-js/1.1.110/office.js"></script>');
  writeFileSync(path.join(into, 'functions.0123abcd.js'), 'CustomFunctions.associate("X", () => 1);');
  writeFileSync(path.join(into, 'assets', 'icon-32.0123abcd.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(path.join(into, 'office-js', '1.1.110', 'office.js'), 'var Office = {};');
  writeFileSync(path.join(into, '.secret'), 'hidden');
  return into;
}

function captureIO(cwd: string): CliIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, cwd, stdout: () => out, stderr: () => err };
}

/** One request over TLS that checks the certificate against HOST, as Excel would. */
function get(
  port: number,
  rawPath: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', servername: HOST, port, path: rawPath, method, ca: cert.certPem, headers: { host: HOST, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'sti-serve-'));
  dir = makeAddinDir(path.join(work, 'dist'));
  if (haveOpenssl) cert = makeCertificate(work, 'server', [HOST]);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('request paths, content types and caching', () => {
  it('serves only files below the manifest path, never outside, hidden, a directory or through a link out', () => {
    const outside = path.join(work, 'outside.txt');
    writeFileSync(outside, 'not the add-in');
    symlinkSync(outside, path.join(dir, 'link.txt'));
    const r = (u: string) => resolveRequestPath(dir, '/addin/', u);
    expect(r('/addin/taskpane.html')).toBe(path.join(dir, 'taskpane.html'));
    expect(r('/addin/taskpane.html?v=89abcdef&_host_Info=Excel$Win32$16.01$zh-CN')).toBe(path.join(dir, 'taskpane.html'));
    expect(r('/addin/office-js/1.1.110/office.js')).toBe(path.join(dir, 'office-js', '1.1.110', 'office.js'));
    for (const bad of [
      '/taskpane.html', // not under the manifest's path
      '/addin/', // no listing
      '/addin/office-js/', // no listing
      '/addin/office-js',
      '/addin/../manifest.xml',
      '/addin/assets/../../outside.txt',
      '/addin/%2e%2e/outside.txt',
      '/addin/..%2foutside.txt',
      '/addin/assets%2f..%2f..%2foutside.txt',
      '/addin/.secret',
      '/addin/link.txt', // a symbolic link leading out of the directory
      '/addin/assets\\..\\..\\outside.txt',
      '/addin/taskpane.html%00.png',
      '/addin/%E0%A4%A', // malformed escape
      '/addin//taskpane.html',
      '/addin/nope.js',
    ]) {
      expect(r(bad), bad).toBeNull();
    }
  });

  it('names the content types Office and browsers need', () => {
    expect(contentType('taskpane.html')).toBe('text/html; charset=utf-8');
    expect(contentType('functions.0123abcd.js')).toBe('text/javascript; charset=utf-8');
    expect(contentType('functions.0123abcd.json')).toBe('application/json; charset=utf-8');
    expect(contentType('manifest.xml')).toBe('application/xml; charset=utf-8');
    expect(contentType('icon-32.0123abcd.png')).toBe('image/png');
    expect(contentType('add-trusted-catalog.reg')).toBe('application/octet-stream');
  });

  it('lets caches keep content-hashed and versioned files, and revalidate the page and the manifest', () => {
    expect(cacheControl('functions.0123abcd.js')).toContain('immutable');
    expect(cacheControl('chunks/861.82bd3de6.js')).toContain('immutable');
    expect(cacheControl('office-js/1.1.110/zh-cn/office_strings.js')).toContain('immutable');
    expect(cacheControl('taskpane.html')).toBe('no-cache');
    expect(cacheControl('manifest.xml')).toBe('no-cache');
  });
});

describe.skipIf(!haveOpenssl)('the server over TLS', () => {
  let running: RunningServer;
  beforeAll(async () => {
    running = await startAddinServer({ dir, port: 0, bind: '127.0.0.1', cert: cert.cert, key: cert.key });
  });
  afterAll(() => running?.close());

  it('answers with the file, its type, caching and an ETag; 304 when unchanged; HEAD without a body', async () => {
    const page = await get(running.port, '/addin/taskpane.html?v=89abcdef');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body.toString()).toContain('office-js/1.1.110/office.js');
    const again = await get(running.port, '/addin/taskpane.html', 'GET', { 'if-none-match': String(page.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const js = await get(running.port, '/addin/functions.0123abcd.js', 'HEAD');
    expect(js.status).toBe(200);
    expect(js.headers['content-length']).toBe(String(Buffer.byteLength('CustomFunctions.associate("X", () => 1);')));
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.body.length).toBe(0);
  });

  it('refuses other methods, paths outside the add-in and directory listings', async () => {
    expect((await get(running.port, '/addin/taskpane.html', 'POST')).status).toBe(405);
    expect((await get(running.port, '/addin/taskpane.html', 'PUT')).status).toBe(405);
    for (const p of ['/', '/addin/', '/addin/office-js/', '/addin/../manifest.xml', '/addin/.secret', '/manifest.xml']) {
      expect((await get(running.port, p)).status, p).toBe(404);
    }
  });

  it('reports the port mismatch and the certificate host check in its report', () => {
    expect(running.addin.base.href).toBe(BASE);
    expect(running.addin.version).toBe('2.3.4.0');
    expect(running.addin.officeJs).toBe('local');
    expect(running.report.join('\n')).toContain(`用端口 443，本服务监听 ${running.port}`);
    expect(running.report.join('\n')).not.toContain('证书不包含');
  });
});

describe.skipIf(!haveOpenssl)('sti serve: clear Chinese errors, exit 2', () => {
  async function serve(args: string[]): Promise<{ code: number; err: string }> {
    const io = captureIO(work);
    const code = await main(['serve', ...args], io);
    return { code, err: io.stderr() };
  }

  it('a directory that is not a build', async () => {
    const r = await serve(['--dir', path.join(work, 'nothing-here'), '--cert', cert.cert, '--key', cert.key]);
    expect(r).toMatchObject({ code: 2 });
    expect(r.err).toMatch(/^错误：找不到加载项目录 .*nothing-here：请先构建/);
    const empty = path.join(work, 'empty');
    mkdirSync(empty, { recursive: true });
    expect((await serve(['--dir', empty])).err).toContain('中没有 manifest.xml，不是加载项的构建目录');
  });

  it('a file the manifest names is missing', async () => {
    const partial = makeAddinDir(path.join(work, 'partial'));
    rmSync(path.join(partial, 'functions.0123abcd.js'));
    const r = await serve(['--dir', partial, '--cert', cert.cert, '--key', cert.key, '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('清单引用的文件在');
    expect(r.err).toContain('functions.0123abcd.js');
  });

  it('certificate problems: only one of --cert/--key, a missing file, not a certificate, a key of another certificate', async () => {
    expect(await serve(['--dir', dir, '--cert', cert.cert])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--cert 和 --key 须一起给出'),
    });
    const missing = await serve(['--dir', dir, '--cert', path.join(work, 'none.crt'), '--key', cert.key]);
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining(`找不到证书文件 ${path.join(work, 'none.crt')}`) });
    const garbage = path.join(work, 'garbage.crt');
    writeFileSync(garbage, 'not a certificate');
    expect((await serve(['--dir', dir, '--cert', garbage, '--key', cert.key])).err).toContain('不是 PEM 格式的证书');
    const other = makeCertificate(work, 'other', ['other.example.gov.cn']);
    expect((await serve(['--dir', dir, '--cert', cert.cert, '--key', other.key])).err).toContain('不匹配');
  });

  it('an expired certificate (Excel would refuse it)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2100-01-01T00:00:00Z'));
    try {
      const r = await serve(['--dir', dir, '--cert', cert.cert, '--key', cert.key, '--port', '0']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/证书 .* 已于 .* 过期，Excel 不会加载。/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('no certificate given and no development certificate: says what to do', async () => {
    const home = process.env.HOME;
    process.env.HOME = path.join(work, 'empty-home'); // os.homedir() follows HOME on Linux
    try {
      const r = await serve(['--dir', dir, '--port', '0']);
      expect(r.code).toBe(2);
      expect(r.err).toContain('没有 HTTPS 证书：Excel 只加载 HTTPS 上的加载项。请用 --cert 和 --key 指定');
      expect(r.err).toContain('npx office-addin-dev-certs install');
    } finally {
      process.env.HOME = home;
    }
  });

  it('the port is taken', async () => {
    const blocker: Server = createPlainServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await serve(['--dir', dir, '--cert', cert.cert, '--key', cert.key, '--bind', '127.0.0.1', '--port', String(port)]);
      expect(r).toMatchObject({ code: 2 });
      expect(r.err).toContain(`端口 ${port} 已被占用`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('a bad --port or an unknown option is a usage error', async () => {
    expect((await serve(['--port', '70000'])).err).toContain('--port 应是 0–65535 的整数');
    expect((await serve(['--port', 'abc'])).err).toContain('--port 应是 0–65535 的整数');
    expect(await serve(['--listen', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('未知选项 --listen') });
  });

  it('warns when the certificate does not name the manifest host', async () => {
    const other = makeCertificate(work, 'wrong-host', ['other.example.gov.cn']);
    const running = await startAddinServer({ dir, port: 0, bind: '127.0.0.1', cert: other.cert, key: other.key });
    try {
      expect(running.report.join('\n')).toContain(`证书不包含清单中的主机名 ${HOST}`);
    } finally {
      await running.close();
    }
  });

  it('--help prints the usage', async () => {
    const io = captureIO(work);
    expect(await main(['serve', '--help'], io)).toBe(0);
    expect(io.stdout()).toContain('用法 Usage: sti serve [--dir DIR] [--port N]');
    const all = captureIO(work);
    await main(['--help'], all);
    expect(all.stdout()).toMatch(/serve\s+以 HTTPS 提供构建好的 Excel 加载项/);
  });
});
