/**
 * Deployable builds of the add-in (issue 12): the host every manifest URL points at, Office.js
 * from Microsoft's CDN or from a local copy of the @microsoft/office-js package, content hashes
 * on every file the manifest names, and, for a given host, the manifest for a network-share
 * Trusted Add-in Catalog plus .reg files that register that share for one Windows user.
 *
 * manifest.xml in the repository stays the developer's manifest (https://localhost:3000, used by
 * `npm start`); the build writes dist/manifest.xml from it. Pure helpers are exported for the
 * tests in test/build/.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import HtmlWebpackPlugin from 'html-webpack-plugin';

/** The developer's host: the webpack dev server, and every URL of the repository's manifest.xml. */
export const DEV_BASE = 'https://localhost:3000/';
/** Microsoft's supported source of Office.js: the script tag of src/taskpane/taskpane.html. */
export const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
/** Where a local Office.js copy goes in dist/: a folder per package version, so an upgrade is a new URL. */
export const OFFICE_JS_DIR = 'office-js';
/** The catalog copy of the manifest (a share may hold other add-ins' manifests too). */
export const CATALOG_MANIFEST = 'catalog/sti-rollup.xml';
export const REG_ADD = 'registry/add-trusted-catalog.reg';
export const REG_REMOVE = 'registry/remove-trusted-catalog.reg';
/** The one registry key the .reg files touch (Microsoft's documented network-share catalog key). */
export const TRUSTED_CATALOGS_KEY = 'HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\WEF\\TrustedCatalogs';

/** A build-option mistake: webpack-cli prints the message and exits non-zero. */
export class BuildOptionError extends Error {}

/**
 * `--env host=…` → the base URL every manifest URL starts with (always ending in "/").
 * Office loads add-ins only over HTTPS, so anything else is refused here, not in Excel.
 */
export function parseHost(value) {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BuildOptionError('--env host 需要一个地址，例如 --env host=https://<服务器>/<目录>/');
  }
  let url;
  try {
    url = new URL(value.trim());
  } catch {
    throw new BuildOptionError(`--env host 不是完整的网址：${value}（应形如 https://<服务器>/<目录>/）`);
  }
  if (url.protocol !== 'https:') {
    throw new BuildOptionError(`--env host 必须以 https:// 开头（Office 只加载 HTTPS 上的加载项），收到：${value}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new BuildOptionError(`--env host 不能带用户名、密码、“?”查询或“#”片段：${value}`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** Whether a base URL is this machine (then the "no localhost left" check has nothing to catch). */
export function isLocalBase(base) {
  const host = new URL(base).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/**
 * `--env share=…` → the UNC path of the catalog share (\\server\share[\folder]). Forward slashes
 * are accepted because backslashes are awkward to type in a Unix shell.
 */
export function parseShare(value) {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BuildOptionError('--env share 需要共享文件夹的网络路径，例如 --env share=\\\\<服务器>\\<共享名>');
  }
  const unc = value.trim().replace(/\//g, '\\').replace(/\\+$/, '');
  const parts = unc.startsWith('\\\\') ? unc.slice(2).split('\\') : [];
  // eslint-disable-next-line no-control-regex
  if (parts.length < 2 || parts.some((p) => p === '' || p === '.' || p === '..' || /["\u0000-\u001f]/.test(p))) {
    throw new BuildOptionError(`--env share 应是共享文件夹的网络路径（\\\\服务器\\共享名），收到：${value}`);
  }
  return unc;
}

/**
 * All --env options of the add-in build, checked. `outDir` lets tests build host variants
 * beside dist/ without touching it.
 */
export function parseBuildOptions(env = {}) {
  const hostGiven = env.host !== undefined;
  const base = hostGiven ? parseHost(env.host) : DEV_BASE;
  const officeJs = env.officejs === undefined ? 'cdn' : env.officejs;
  if (officeJs !== 'cdn' && officeJs !== 'local') {
    throw new BuildOptionError(`--env officejs 只能是 cdn（默认，微软 CDN）或 local（本地副本），收到：${officeJs}`);
  }
  const share = env.share === undefined ? null : parseShare(env.share);
  if (share && !hostGiven) throw new BuildOptionError('--env share 需要同时给出 --env host（清单中的地址）');
  const outDir = typeof env.outDir === 'string' && env.outDir !== '' ? env.outDir : null;
  return { base, hostGiven, officeJs, share, outDir };
}

/** package.json "1.4.2" (or "1.4.2-beta.1") → the manifest's four-part Version "1.4.2.0". */
export function manifestVersion(packageVersion) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(String(packageVersion));
  if (!m || m.slice(1).some((n) => Number(n) > 65535)) {
    throw new BuildOptionError(`package.json 的 version 无法写成清单版本号（a.b.c，每段 0–65535）：${packageVersion}`);
  }
  return `${Number(m[1])}.${Number(m[2])}.${Number(m[3])}.0`;
}

/** First 8 hex digits of SHA-256: the content hash in file names and the page's ?v=. */
export function contentHash(content) {
  return createHash('sha256').update(content).digest('hex').slice(0, 8);
}

/** "assets/icon-32.png" + hash → "assets/icon-32.1a2b3c4d.png". */
export function hashedName(file, hash) {
  const ext = path.posix.extname(file);
  return `${file.slice(0, file.length - ext.length)}.${hash}${ext}`;
}

const LOCALE_DIR = /^[a-z]{2,3}(-[a-z0-9]+)+$/;

/**
 * The files of the @microsoft/office-js package's dist/ that Excel needs (relative paths,
 * sorted): the loader office.js, its helpers, every Excel host script, the telemetry and auth
 * helpers the Excel scripts load, and the Office strings of every locale (office.js picks the
 * file by Office's display language). Debug builds, type files and other hosts' scripts
 * (Word, Outlook, PowerPoint, …) are left out.
 */
export function officeJsFiles(packageDist) {
  const files = [];
  const released = (name) => name.endsWith('.js') && !name.endsWith('.debug.js') && !name.includes('vsdoc');
  for (const name of readdirSync(packageDist)) {
    const full = path.join(packageDist, name);
    if (statSync(full).isDirectory()) {
      if (['telemetry', 'ariatelemetry', 'webauth'].includes(name)) {
        for (const f of readdirSync(full)) if (released(f)) files.push(`${name}/${f}`);
      } else if (LOCALE_DIR.test(name) && statSync(path.join(full, 'office_strings.js'), { throwIfNoEntry: false })?.isFile()) {
        files.push(`${name}/office_strings.js`);
      }
    } else if (
      released(name) &&
      (/^excel/.test(name) || ['office.js', 'o15apptofilemappingtable.js', 'es6-promise.js', 'custom-functions-runtime.js'].includes(name))
    ) {
      files.push(name);
    }
  }
  return files.sort();
}

/**
 * Where "localhost" is left in the built files. Microsoft's own Office.js files name the
 * pseudo-host "document.localhost" (an internal address of the Office runtime, never our
 * server), so in the verbatim copy under office-js/ that one name is allowed.
 * @param {{ name: string, text: string }[]} files
 */
export function findLocalhost(files) {
  const found = [];
  for (const { name, text } of files) {
    const scanned = name.startsWith(`${OFFICE_JS_DIR}/`) ? text.replace(/document\.localhost/gi, '') : text;
    const m = /localhost/i.exec(scanned);
    if (m) found.push(`${name}: …${scanned.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ')}…`);
  }
  return found;
}

const DEV_ORIGIN = new URL(DEV_BASE).origin;
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * dist/manifest.xml from the repository's manifest.xml: every dev-server URL moved to `base`
 * (a bare origin, as in <AppDomain>, becomes the base's origin), each file mapped through
 * `fileUrl` (content-hashed names), Version from package.json, and the developer's comment
 * replaced by one saying where the file came from.
 */
export function renderManifest(template, { base, version, fileUrl }) {
  let out = template.replace(/<!--[\s\S]*?-->\s*/g, '');
  const versions = out.match(/<Version>[^<]*<\/Version>/g) ?? [];
  if (versions.length !== 1) throw new Error(`manifest.xml: expected one <Version>, found ${versions.length}`);
  out = out.replace(/<Version>[^<]*<\/Version>/, `<Version>${version}</Version>`);
  const origin = new URL(base).origin;
  out = out.replace(new RegExp(`${escapeRe(DEV_ORIGIN)}(/[^"<\\s]*)?`, 'g'), (_m, rest) => (rest ? base + fileUrl(rest.slice(1)) : origin));
  // No host in the comment: a punycode host (xn--…) would put "--" inside it, which XML forbids.
  const note = `<!-- Built from manifest.xml by \`npm run build\` (version ${version}). Edit manifest.xml and rebuild; do not edit this file. -->\n`;
  return out.replace(/^(<\?xml[^>]*\?>\s*)/, `$1${note}`);
}

/** Every URL a manifest names: URL attributes of the URL elements, the zh-CN metadata override, AppDomains. */
export function manifestUrls(manifest) {
  const urls = [];
  const attr = /<(IconUrl|HighResolutionIconUrl|SupportUrl|SourceLocation|bt:Image|bt:Url)\b[^>]*?\sDefaultValue="([^"]*)"/g;
  for (const m of manifest.matchAll(attr)) urls.push(m[2]);
  for (const m of manifest.matchAll(/<bt:Override\b[^>]*?\sValue="(https?:[^"]*)"/g)) urls.push(m[1]);
  for (const m of manifest.matchAll(/<AppDomain>([^<]*)<\/AppDomain>/g)) urls.push(m[1].trim());
  return urls;
}

/**
 * The catalog's GUID, derived from the share path so that running a newer .reg for the same
 * share rewrites the same key instead of adding a second catalog entry. Shaped as a UUID v5.
 */
export function catalogGuid(share) {
  const h = createHash('sha1').update(`sti-rollup trusted catalog ${share.toLowerCase()}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}}`;
}

const regString = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The .reg that makes `share` a trusted add-in catalog shown in 插入 → 我的加载项 → 共享文件夹
 * for the user who runs it. It writes only the TrustedCatalogs\{GUID} key with Id, Url and
 * Flags=1, as Microsoft documents for network-share catalogs.
 */
export function addCatalogReg(share, base) {
  const guid = catalogGuid(share);
  return [
    'Windows Registry Editor Version 5.00',
    '',
    '; 科技指标汇总助手（STI Rollup）：把下面的共享文件夹登记为当前用户的“受信任的加载项目录”。',
    `; 共享文件夹：${share}    加载项地址：${base}`,
    '; 只写入这一个键（Id、Url、Flags=1 表示“显示在菜单中”）。运行前请关闭 Excel；撤销请运行 remove-trusted-catalog.reg。',
    `[${TRUSTED_CATALOGS_KEY}\\${guid}]`,
    `"Id"=${regString(guid)}`,
    `"Url"=${regString(share)}`,
    '"Flags"=dword:00000001',
    '',
  ].join('\r\n');
}

/** The .reg that undoes addCatalogReg: deletes that one key and nothing else. */
export function removeCatalogReg(share) {
  return [
    'Windows Registry Editor Version 5.00',
    '',
    `; 科技指标汇总助手（STI Rollup）：取消共享文件夹 ${share} 的“受信任的加载项目录”登记（只删除这一个键）。`,
    `[-${TRUSTED_CATALOGS_KEY}\\${catalogGuid(share)}]`,
    '',
  ].join('\r\n');
}

/** regedit's own format for "Version 5.00" files: UTF-16LE with a BOM (a Chinese share name survives). */
export function encodeRegFile(text) {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/**
 * Webpack plugin: Office.js local copy, the page's script tag, dist/manifest.xml with hashed
 * file names, the catalog manifest and .reg files, and the checks that make a host build fail
 * rather than deploy something broken (a file the manifest names but the build lacks, or
 * "localhost" left anywhere).
 */
export class AddinDeploymentPlugin {
  /**
   * @param {{ base: string, hostGiven: boolean, officeJs: 'cdn' | 'local', share: string | null,
   *   version: string, hashNames: boolean, template: string, officeJsPackage: string }} options
   *   template: path of the repository's manifest.xml; officeJsPackage: the @microsoft/office-js
   *   package directory; hashNames: content hashes in file names (production builds).
   */
  constructor(options) {
    this.options = options;
    const pkg = JSON.parse(readFileSync(path.join(options.officeJsPackage, 'package.json'), 'utf8'));
    this.officeJsScript = `${OFFICE_JS_DIR}/${pkg.version}/office.js`;
  }

  apply(compiler) {
    const { Compilation, WebpackError, sources } = compiler.webpack;
    const name = 'AddinDeploymentPlugin';
    const o = this.options;
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      const fail = (message) => compilation.errors.push(new WebpackError(`${name}: ${message}`));
      compilation.fileDependencies.add(o.template);

      if (o.officeJs === 'local') {
        compilation.hooks.processAssets.tap({ name, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
          const dist = path.join(o.officeJsPackage, 'dist');
          const dir = path.posix.dirname(this.officeJsScript);
          for (const rel of officeJsFiles(dist)) {
            // minimized: Microsoft's files go out byte for byte (Terser would rewrite 13 MB for nothing).
            compilation.emitAsset(`${dir}/${rel}`, new sources.RawSource(readFileSync(path.join(dist, rel))), { minimized: true });
          }
        });
      }

      // The page template names the CDN (what Microsoft supports); a local build swaps that one tag.
      HtmlWebpackPlugin.getHooks(compilation).beforeEmit.tap(name, (data) => {
        const tag = `src="${OFFICE_JS_CDN}"`;
        const count = data.html.split(tag).length - 1;
        if (count !== 1) fail(`${data.outputName} should load Office.js from ${OFFICE_JS_CDN} exactly once, found ${count}`);
        else if (o.officeJs === 'local') data.html = data.html.replace(tag, `src="${this.officeJsScript}"`);
        return data;
      });

      // After the real content hashes are final: name files, write the manifests, check.
      compilation.hooks.processAssets.tap({ name, stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const content = (file) => compilation.getAsset(file)?.source.buffer();
        const renamed = new Map();
        const fileUrl = (file) => {
          if (renamed.has(file)) return renamed.get(file);
          let url = file;
          const entry = /^([\w-]+)\.js$/.exec(file) && compilation.entrypoints.get(file.slice(0, -3));
          if (entry) {
            // An entry bundle (functions.js): webpack named it, with its content hash in production.
            url = [...entry.getFiles()].find((f) => f.endsWith('.js')) ?? file;
          } else if (!content(file)) {
            fail(`manifest.xml names ${file}, but the build did not produce it`);
          } else if (o.hashNames && file.endsWith('.html')) {
            // The page keeps its name (the pane's address); ?v= makes each version a new URL to caches.
            url = `${file}?v=${contentHash(content(file))}`;
          } else if (o.hashNames) {
            url = hashedName(file, contentHash(content(file)));
            compilation.renameAsset(file, url);
          }
          renamed.set(file, url);
          return url;
        };

        let manifest;
        try {
          const template = readFileSync(o.template, 'utf8');
          manifest = renderManifest(template, { base: o.base, version: o.version, fileUrl });
        } catch (e) {
          fail(e instanceof Error ? e.message : String(e));
          return;
        }
        compilation.emitAsset('manifest.xml', new sources.RawSource(manifest));
        if (o.hostGiven) {
          compilation.emitAsset(CATALOG_MANIFEST, new sources.RawSource(manifest));
          if (o.share) {
            compilation.emitAsset(REG_ADD, new sources.RawSource(encodeRegFile(addCatalogReg(o.share, o.base))));
            compilation.emitAsset(REG_REMOVE, new sources.RawSource(encodeRegFile(removeCatalogReg(o.share))));
          } else {
            compilation.warnings.push(
              new WebpackError(`${name}: 未给出 --env share=\\\\<服务器>\\<共享名>，没有生成登记共享文件夹目录的 .reg 文件`),
            );
          }
        }

        if (o.hostGiven && !isLocalBase(o.base)) {
          const files = compilation.getAssets().map((a) => ({ name: a.name, text: a.source.buffer().toString('latin1') }));
          for (const where of findLocalhost(files)) fail(`"localhost" is left in a build for ${o.base}: ${where}`);
        }
      });
    });
  }
}
