/**
 * A built add-in directory (dist/ or a host build) as the tests read it: the manifest parsed,
 * every URL it names, and the file in the directory each URL stands for. Production builds put
 * content hashes in file names, so tests find functions.js & co. through the manifest.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { child, descendants, findAll, parseXml, type XmlElement } from './xml.js';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const dist = path.join(repo, 'dist');

/** Elements whose DefaultValue is a URL. */
const URL_ELEMENTS = ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation', 'bt:Image', 'bt:Url'];

export interface BuiltAddin {
  dir: string;
  manifestText: string;
  app: XmlElement;
  /** Resource id → its <bt:Image|bt:Url|bt:String> element. */
  resources: Map<string, XmlElement>;
  /** Every URL the manifest names (URL elements, the zh-CN metadata override, AppDomains). */
  urls: string[];
  /** The DefaultValue of a URL resource. */
  resourceUrl: (id: string) => string;
  /** The file a manifest URL names, relative to dir (query dropped), or null when not under `base`. */
  fileOf: (url: string, base: string) => string | null;
  read: (rel: string) => string;
}

export function readBuiltAddin(dir: string): BuiltAddin {
  const manifestPath = path.join(dir, 'manifest.xml');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run \`npm run build\` first (npm test does it as pretest)`);
  const manifestText = readFileSync(manifestPath, 'utf8');
  const app = child(parseXml(manifestText), 'OfficeApp')!;
  const resources = new Map<string, XmlElement>();
  for (const r of findAll(app, 'Resources')) {
    for (const el of descendants(r)) if (['bt:Image', 'bt:Url', 'bt:String'].includes(el.name)) resources.set(el.attrs.id, el);
  }
  const urls: string[] = [];
  for (const el of descendants(app)) {
    if (URL_ELEMENTS.includes(el.name) && el.attrs.DefaultValue) urls.push(el.attrs.DefaultValue);
    if (el.name === 'bt:Override' && el.parent?.name === 'bt:Url') urls.push(el.attrs.Value);
    if (el.name === 'AppDomain') urls.push(el.text);
  }
  return {
    dir,
    manifestText,
    app,
    resources,
    urls,
    resourceUrl: (id) => {
      const el = resources.get(id);
      if (!el) throw new Error(`no resource ${id}`);
      return el.attrs.DefaultValue;
    },
    fileOf: (url, base) => {
      if (!url.startsWith(base) || url.length === base.length) return null;
      return decodeURIComponent(new URL(url).pathname.slice(new URL(base).pathname.length));
    },
    read: (rel) => {
      const p = path.join(dir, rel);
      if (!existsSync(p)) throw new Error(`${p} is missing`);
      return readFileSync(p, 'utf8');
    },
  };
}

/** The built files the manifest's custom functions resources name (content-hashed in production). */
export function functionsFiles(addin: BuiltAddin, base: string): { script: string; metadata: string; metadataZh: string } {
  const metadata = addin.resources.get('Functions.Metadata.Url')!;
  const zh = metadata.children.find((c) => c.name === 'bt:Override' && c.attrs.Locale.toLowerCase() === 'zh-cn')!;
  return {
    script: addin.fileOf(addin.resourceUrl('Functions.Script.Url'), base)!,
    metadata: addin.fileOf(metadata.attrs.DefaultValue, base)!,
    metadataZh: addin.fileOf(zh.attrs.Value, base)!,
  };
}
