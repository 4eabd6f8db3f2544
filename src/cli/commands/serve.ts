/**
 * `sti serve`: a small static HTTPS server for the built add-in (dist/), for a bureau's intranet
 * server or a trial on one machine. It only answers GET/HEAD for files under the manifest's
 * path, lists no directories and logs no requests. This is the one place the CLI opens a port:
 * it receives requests for the add-in's own files and sends nothing anywhere.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseCommandArgs } from '../args.js';
import { CliError, type CliIO, type Command } from '../io.js';

const usage = `用法 Usage: sti serve [--dir DIR] [--port N] [--bind ADDRESS] [--cert FILE --key FILE]

在本机以 HTTPS 提供构建好的 Excel 加载项文件（npm run build 生成的 dist/ 目录），供局域网（政务网）内的
Excel 加载。只响应清单（manifest.xml）地址路径下的文件，不列目录，不记录请求。按 Ctrl+C 停止。
部署步骤见 docs/部署指南.md。

选项 Options:
  --dir DIR        加载项构建目录（默认 ./dist），其中须有 manifest.xml 和 taskpane.html
  --port N         监听端口（默认取清单地址中的端口，https 地址未写端口时为 443；0 表示任一空闲端口）
  --bind ADDRESS   只在这个本机地址上监听（默认所有网卡）
  --cert FILE      HTTPS 证书（PEM 格式，可含中间证书），须与 --key 一起给出；证书须包含清单地址中的主机名
  --key FILE       证书的私钥（PEM 格式，不加密）
                   两者都不给时，使用 office-addin-dev-certs 生成的开发证书（~/.office-addin-dev-certs/），
                   只适合在一台电脑上试用（npx office-addin-dev-certs install 生成并信任它）

缓存：带内容哈希的文件（如 functions.1a2b3c4d.js）和 office-js/<版本>/ 下的文件可长期缓存；taskpane.html、
manifest.xml 等每次向服务器确认，升级后 Excel 取到的是新版本。

退出码 Exit codes: 0 正常停止；2 用法错误、目录或证书有误、端口被占用。
`;

/** The built add-in as the server needs it: its directory, the manifest's base URL and what the page loads. */
export interface AddinDir {
  dir: string;
  /** The URL every manifest URL starts with, e.g. https://<host>/addin/ (always ends in "/"). */
  base: URL;
  version: string | null;
  officeJs: 'cdn' | 'local' | 'unknown';
  /** Files named by the manifest but missing from the directory (relative paths). */
  missing: string[];
}

/** Read dist/: the manifest's base (from <DefaultSettings><SourceLocation>) and the files it names. */
export function readAddinDir(dir: string): AddinDir {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CliError(`找不到加载项目录 ${dir}：请先构建（npm run build -- --env host=<地址>），或用 --dir 指定构建目录。`);
  }
  const manifestPath = path.join(dir, 'manifest.xml');
  if (!existsSync(manifestPath)) {
    throw new CliError(`${dir} 中没有 manifest.xml，不是加载项的构建目录：请先运行 npm run build，或用 --dir 指定 dist 目录。`);
  }
  const manifest = readFileSync(manifestPath, 'utf8');
  const source = /<DefaultSettings>\s*<SourceLocation\s+DefaultValue="([^"]+)"/.exec(manifest)?.[1];
  let base: URL;
  try {
    base = new URL('.', source);
  } catch {
    throw new CliError(`${manifestPath} 中没有可用的 <SourceLocation> 地址，无法确定加载项的网址。`);
  }
  const version = /<Version>([^<]*)<\/Version>/.exec(manifest)?.[1] ?? null;
  const named = [...manifest.matchAll(/\s(?:DefaultValue|Value)="(https:[^"]+)"/g)].map((m) => new URL(m[1]));
  const missing = [
    ...new Set(
      named
        .filter((u) => u.origin === base.origin && u.pathname.startsWith(base.pathname))
        .map((u) => u.pathname.slice(base.pathname.length)),
    ),
  ].filter((rel) => rel === '' || !existsSync(path.join(dir, decodeURIComponent(rel))));
  const page = path.join(dir, 'taskpane.html');
  const html = existsSync(page) ? readFileSync(page, 'utf8') : '';
  const officeJs = /appsforoffice\.microsoft\.com/.test(html) ? 'cdn' : /office-js\/[^"'\s>]*office\.js/.test(html) ? 'local' : 'unknown';
  return { dir, base, version, officeJs, missing };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Files whose URL changes whenever their content does (a content hash in the name, or the
 * versioned office-js/<version>/ folder) may be cached for a year; anything else (the page, the
 * manifest) is revalidated on each load, so an upgrade is seen at once.
 */
export function cacheControl(relPath: string): string {
  return /\.[0-9a-f]{8}\.[a-z]+$/.test(relPath) || /^office-js\/[^/]+\//.test(relPath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * The add-in-relative path a request names ("office-js/1.1.110/office.js"), or null: only below
 * the manifest's path, no "." or ".." segments, no hidden files, no backslashes or NULs.
 */
export function requestedPath(prefix: string, rawUrl: string): string | null {
  let pathname: string;
  try {
    // No URL normalisation: a "." or ".." segment is refused below rather than resolved.
    pathname = decodeURIComponent(rawUrl.replace(/[?#][\s\S]*$/, ''));
  } catch {
    return null;
  }
  if (!pathname.startsWith(prefix)) return null;
  const rel = pathname.slice(prefix.length);
  if (rel === '' || /[\\\0]/.test(rel)) return null;
  return rel.split('/').some((s) => s === '' || s.startsWith('.')) ? null : rel;
}

/** The file a request names, or null: see requestedPath; and never outside the directory, also not through a symbolic link. */
export function resolveRequestPath(root: string, prefix: string, rawUrl: string): string | null {
  const rel = requestedPath(prefix, rawUrl);
  if (rel === null) return null;
  try {
    const real = realpathSync(path.join(root, ...rel.split('/')));
    if (!real.startsWith(realpathSync(root) + path.sep)) return null;
    return statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

function respond(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra });
  res.end(text);
}

function handler(root: string, prefix: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    res.setHeader('x-content-type-options', 'nosniff');
    // Office on the web fetches the custom-functions metadata from its own origin; these files are public code.
    res.setHeader('access-control-allow-origin', '*');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      respond(res, 405, '405 只提供文件下载（GET）', { allow: 'GET, HEAD' });
      return;
    }
    const file = resolveRequestPath(root, prefix, req.url ?? '/');
    let stat: Stats | undefined;
    try {
      if (file) stat = statSync(file);
    } catch {
      // Gone since it was resolved (files being replaced during an upgrade): a 404, not a crash.
    }
    if (!file || !stat) {
      respond(res, 404, '404 没有这个文件');
      return;
    }
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const headers = {
      'content-type': contentType(file),
      'cache-control': cacheControl(requestedPath(prefix, req.url ?? '/') ?? ''),
      etag,
      'last-modified': stat.mtime.toUTCString(),
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(stat.size) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}

export interface ServeOptions {
  dir: string;
  /** null: the manifest's port (443 when its https URL names none). */
  port: number | null;
  bind: string | null;
  cert: string | null;
  key: string | null;
}

export interface RunningServer {
  server: Server;
  port: number;
  addin: AddinDir;
  certFile: string;
  /** Lines for the operator: where it listens, the certificate, warnings. */
  report: string[];
  close: () => Promise<void>;
}

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT' ? `找不到${what}文件 ${file}` : `无法读取${what}文件 ${file}：${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** The certificate to serve with: the one given, else office-addin-dev-certs' for a trial on one machine. */
function certificateFiles(cert: string | null, key: string | null): { cert: string; key: string; dev: boolean } {
  if ((cert === null) !== (key === null))
    throw new CliError('--cert 和 --key 须一起给出（证书和它的私钥）。运行 sti serve --help 查看用法。');
  if (cert !== null && key !== null) return { cert, key, dev: false };
  const devDir = path.join(homedir(), '.office-addin-dev-certs');
  const dev = { cert: path.join(devDir, 'localhost.crt'), key: path.join(devDir, 'localhost.key'), dev: true };
  if (existsSync(dev.cert) && existsSync(dev.key)) return dev;
  throw new CliError(
    '没有 HTTPS 证书：Excel 只加载 HTTPS 上的加载项。请用 --cert 和 --key 指定本单位服务器的证书和私钥（PEM 格式）；' +
      `只在本机试用时，可先运行 npx office-addin-dev-certs install 生成开发证书（${devDir}）。`,
  );
}

function listenError(e: NodeJS.ErrnoException, port: number, bind: string | null): CliError {
  if (e.code === 'EADDRINUSE')
    return new CliError(`端口 ${port} 已被占用：请先停止占用它的程序（如 IIS 或另一个 sti serve），或用 --port 换一个端口。`);
  if (e.code === 'EACCES')
    return new CliError(`没有权限监听端口 ${port}：1024 以下的端口需要管理员权限，请以管理员身份运行，或用 --port 换一个端口。`);
  if (e.code === 'EADDRNOTAVAIL') return new CliError(`本机没有地址 ${bind}：请检查 --bind。`);
  return new CliError(`无法监听端口 ${port}：${e.message}`);
}

/** Start the server (resolves once it listens); the caller stops it with close(). */
export async function startAddinServer(options: ServeOptions): Promise<RunningServer> {
  const addin = readAddinDir(options.dir);
  if (addin.missing.length > 0) {
    throw new CliError(`清单引用的文件在 ${options.dir} 中不存在：${addin.missing.join('、')}。请重新构建，或把整个构建目录完整复制过来。`);
  }
  const files = certificateFiles(options.cert, options.key);
  const certPem = readPem(files.cert, '证书');
  const keyPem = readPem(files.key, '私钥');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(certPem);
  } catch {
    throw new CliError(`${files.cert} 不是 PEM 格式的证书（应以 -----BEGIN CERTIFICATE----- 开头；.pfx 请先转换为 PEM）。`);
  }
  try {
    if (!x509.checkPrivateKey(createPrivateKey(keyPem))) throw new Error('mismatch');
  } catch (e) {
    throw new CliError(
      e instanceof Error && e.message === 'mismatch'
        ? `私钥 ${files.key} 与证书 ${files.cert} 不匹配。`
        : `${files.key} 不是可用的私钥（须为不加密的 PEM 格式）。`,
    );
  }
  if (Date.parse(x509.validTo) < Date.now()) throw new CliError(`证书 ${files.cert} 已于 ${x509.validTo} 过期，Excel 不会加载。`);

  const report: string[] = [];
  const host = addin.base.hostname.replace(/^\[|\]$/g, '');
  const covered = /^[\d.]+$|:/.test(host) ? x509.checkIP(host) : x509.checkHost(host);
  if (!covered) {
    report.push(`注意：证书不包含清单中的主机名 ${host}（证书主题：${x509.subject.replace(/\n/g, ', ')}），Excel 会拒绝连接。`);
  }
  if (files.dev) report.push(`使用 office-addin-dev-certs 的开发证书 ${files.cert}：只适合在本机试用。`);

  const port = options.port ?? (addin.base.port ? Number(addin.base.port) : 443);
  const server = createServer({ cert: certPem, key: keyPem }, handler(options.dir, addin.base.pathname));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, port, options.bind)));
    if (options.bind) server.listen(port, options.bind, resolve);
    else server.listen(port, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const manifestPort = addin.base.port ? Number(addin.base.port) : 443;
  if (actualPort !== manifestPort) {
    report.push(
      `注意：清单中的地址用端口 ${manifestPort}，本服务监听 ${actualPort}；不经反向代理时 Excel 连不上，请用 --port ${manifestPort}。`,
    );
  }
  return {
    server,
    port: actualPort,
    addin,
    certFile: files.cert,
    report,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parsePort(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new CliError(`--port 应是 0–65535 的整数，收到：${value}`);
  return n;
}

const OFFICE_JS_ZH = { cdn: '微软 CDN', local: '本地副本（office-js/）', unknown: '未识别' } as const;

/** Resolves on Ctrl+C or a stop signal from a service manager. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const command: Command = {
  summary: '以 HTTPS 提供构建好的 Excel 加载项（dist/），供局域网内的 Excel 加载',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values } = parseCommandArgs('serve', {
      args,
      options: {
        dir: { type: 'string' },
        port: { type: 'string' },
        bind: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
      },
    });
    const running = await startAddinServer({
      dir: path.resolve(io.cwd, values.dir ?? 'dist'),
      port: parsePort(values.port),
      bind: values.bind ?? null,
      cert: values.cert ? path.resolve(io.cwd, values.cert) : null,
      key: values.key ? path.resolve(io.cwd, values.key) : null,
    });
    const { addin } = running;
    const shownHost = values.bind ? (values.bind.includes(':') ? `[${values.bind}]` : values.bind) : '<本机任一地址>';
    io.out(
      [
        `科技指标汇总助手加载项服务已启动（HTTPS，版本 ${addin.version ?? '未知'}，Office.js：${OFFICE_JS_ZH[addin.officeJs]}）`,
        `  目录：${addin.dir}`,
        `  清单中的地址：${addin.base.href}`,
        `  本机监听：${addin.base.protocol}//${shownHost}:${running.port}${addin.base.pathname}`,
        `  证书：${running.certFile}`,
        ...running.report.map((line) => `  ${line}`),
        '按 Ctrl+C 停止。',
        '',
      ].join('\n'),
    );
    await stopSignal();
    await running.close();
    io.out('已停止。\n');
    return 0;
  },
};
