/**
 * The WPS 加载项 package (dist/wps/, webpack.wps.config.js): function metadata generated from
 * the same JSDoc (custom-functions-metadata, as Excel's functions.json) and the same zh-CN
 * table (src/functions/i18n-zh-cn.json, checked by localizeMetadata) as the Excel add-in;
 * the JsPlugin manifest.xml, ribbon.xml (no XML declaration: WPS rejects it), publish.xml and
 * jsplugins.xml for installation, and the offline .zip.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { localizeMetadata } from './functions-zh.mjs';

const require = createRequire(import.meta.url);

export const WPS_ADDIN_NAME = 'STIRollup';
export const WPS_NAMESPACE = 'STI';

const xml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** WPS parameter type: Excel's matrix parameters are 2-D arrays, the rest any; optional ones end in "?". */
function wpsType(p) {
  const base = p.dimensionality === 'matrix' ? 'any[][]' : 'any';
  return p.optional ? `${base}?` : base;
}

/**
 * [{ name, jsName, description, parameters: [{ name, description, type }], result: { type } }],
 * zh-CN, one per @customfunction of src/functions/functions.ts. Throws on any generator error or
 * missing Chinese text (the build fails).
 */
export async function wpsFunctionsMetadata(root) {
  const { generateCustomFunctionsMetadata } = require('custom-functions-metadata');
  const input = path.join(root, 'src/functions/functions.ts');
  const generated = await generateCustomFunctionsMetadata(input, false);
  if (generated.errors.length) throw new Error(`functions metadata: ${generated.errors.join('; ')}`);
  const metadata = JSON.parse(generated.metadataJson);
  const table = JSON.parse(readFileSync(path.join(root, 'src/functions/i18n-zh-cn.json'), 'utf8'));
  const zh = localizeMetadata(metadata, table);
  const jsNames = new Map(generated.associate.map((a) => [a.id, a.functionName]));
  return zh.functions.map((fn, i) => {
    const jsName = jsNames.get(fn.id);
    if (!jsName) throw new Error(`functions metadata: no JS function for ${fn.id}`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(fn.id)) throw new Error(`WPS custom function names must be ASCII: ${fn.id}`);
    return {
      name: fn.id,
      jsName,
      description: fn.description,
      parameters: (fn.parameters ?? []).map((p, k) => ({
        name: p.name,
        description: p.description ?? '',
        type: wpsType(metadata.functions[i].parameters[k]),
      })),
      result: { type: fn.result?.dimensionality === 'matrix' ? 'any[][]' : 'any' },
    };
  });
}

/** functions.json as WPS reads it (the manifest's <Functions><Uri>). */
export function wpsFunctionsJson(metadata) {
  return JSON.stringify(
    { functions: metadata.map(({ name, description, parameters, result }) => ({ name, description, parameters, result })) },
    null,
    2,
  );
}

export function wpsManifestXml({ version, description }) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<JsPlugin>
  <ApiVersion>1.0.0</ApiVersion>
  <Name>${xml(WPS_ADDIN_NAME)}</Name>
  <Description>${xml(description)}</Description>
  <Version>${xml(version)}</Version>
  <Functions>
    <Uri>functions.json</Uri>
    <Namespace>${xml(WPS_NAMESPACE)}</Namespace>
  </Functions>
</JsPlugin>
`;
}

/** ribbon.xml: starts with <customUI (WPS refuses an XML declaration); callbacks are globals of index.html (src/wps/main.ts). */
export function wpsRibbonXml() {
  return `<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui" onLoad="OnAddinLoad">
  <ribbon startFromScratch="false">
    <tabs>
      <tab id="stiTab" label="科技指标">
        <group id="stiGroup" label="科技指标汇总助手">
          <button id="stiShowPane" label="打开助手" screentip="科技指标汇总助手" supertip="打开或关闭科技指标汇总助手任务窗格：模板、导入、汇总、排名、通报。" onAction="OnAction" getImage="GetImage" size="large"/>
        </group>
      </tab>
    </tabs>
  </ribbon>
</customUI>
`;
}

/** publish.xml for one user's jsaddons folder: the offline add-in in the folder <name>_<version>. */
export function wpsPublishXml(version) {
  return `<jsplugins>
  <jsplugin name="${xml(WPS_ADDIN_NAME)}" type="et" url="${xml(`${WPS_ADDIN_NAME}_${version}`)}" version="${xml(version)}" enable="enable_dev" install="null" customDomain=""/>
</jsplugins>
`;
}

/** jsplugins.xml for an intranet server (enterprise route: oem.ini JSPluginsServer points at it). */
export function wpsJspluginsXml(baseUrl) {
  const url = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return `<jsplugins>
  <jspluginonline name="${xml(WPS_ADDIN_NAME)}" type="et" url="${xml(url)}"/>
</jsplugins>
`;
}

/** The offline package: <name>_<version>/… plus publish.xml, as jsaddons holds them. */
export function wpsOfflineZip(files, version) {
  const folder = `${WPS_ADDIN_NAME}_${version}`;
  const entries = { 'publish.xml': new TextEncoder().encode(wpsPublishXml(version)) };
  for (const [name, bytes] of Object.entries(files)) entries[`${folder}/${name}`] = bytes;
  return zipSync(entries, { level: 9, mtime: new Date('2024-01-01T00:00:00Z') });
}

/**
 * Webpack plugin: emits functions.json, manifest.xml, ribbon.xml, publish.xml, jsplugins.example.xml
 * and, after everything else, the offline zip of the whole package.
 */
export class WpsAddinPlugin {
  constructor({ metadata, version, description }) {
    this.options = { metadata, version, description };
  }

  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    const name = 'WpsAddinPlugin';
    const { metadata, version, description } = this.options;
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      compilation.hooks.processAssets.tap({ name, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        compilation.emitAsset('functions.json', new sources.RawSource(wpsFunctionsJson(metadata)));
        compilation.emitAsset('manifest.xml', new sources.RawSource(wpsManifestXml({ version, description })));
        compilation.emitAsset('ribbon.xml', new sources.RawSource(wpsRibbonXml()));
        compilation.emitAsset('publish.xml', new sources.RawSource(wpsPublishXml(version)));
        compilation.emitAsset('jsplugins.example.xml', new sources.RawSource(wpsJspluginsXml('请改为内网服务器地址/sti-wps/')));
      });
      compilation.hooks.processAssets.tap({ name, stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, (assets) => {
        const files = {};
        for (const [file, source] of Object.entries(assets)) {
          if (file.endsWith('.zip') || file === 'publish.xml' || file === 'jsplugins.example.xml') continue;
          const s = source.source();
          files[file] = typeof s === 'string' ? new TextEncoder().encode(s) : new Uint8Array(s);
        }
        compilation.emitAsset(`${WPS_ADDIN_NAME}_${version}_离线包.zip`, new sources.RawSource(Buffer.from(wpsOfflineZip(files, version))));
      });
    });
  }
}
