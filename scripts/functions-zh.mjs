/**
 * functions-zh-cn.json = functions.json (generated from the JSDoc of src/functions/functions.ts)
 * with the Chinese texts of src/functions/i18n-zh-cn.json. Function ids and names stay English
 * (Excel's own function names stay English in zh-CN Excel); descriptions and parameter names
 * and descriptions are Chinese. A missing or stale text fails the build.
 */
import { readFileSync } from 'node:fs';

const CJK = /[\u3400-\u9fff]/;

/**
 * @param {{ functions: Array<{ id: string, name: string, description?: string, parameters?: Array<{ name: string, description?: string }> }> }} metadata
 * @param {Record<string, { description?: string, parameters?: Record<string, { name?: string, description?: string }> }>} table
 * @returns the localized metadata; throws an Error listing every problem
 */
export function localizeMetadata(metadata, table) {
  const problems = [];
  const hasZh = (s) => typeof s === 'string' && s.trim() !== '' && CJK.test(s);
  const functions = metadata.functions.map((fn) => {
    const zh = table[fn.id];
    if (!zh) {
      problems.push(`${fn.id}: no Chinese entry`);
      return fn;
    }
    if (!hasZh(zh.description)) problems.push(`${fn.id}: Chinese description missing`);
    const zhParams = zh.parameters ?? {};
    const known = new Set((fn.parameters ?? []).map((p) => p.name));
    for (const name of Object.keys(zhParams)) {
      if (!known.has(name)) problems.push(`${fn.id}: Chinese text for unknown parameter "${name}"`);
    }
    const parameters = (fn.parameters ?? []).map((p) => {
      const zp = zhParams[p.name];
      if (!zp || !hasZh(zp.name)) problems.push(`${fn.id}.${p.name}: Chinese parameter name missing`);
      if (!zp || !hasZh(zp.description)) problems.push(`${fn.id}.${p.name}: Chinese parameter description missing`);
      return { ...p, name: zp?.name ?? p.name, description: zp?.description ?? p.description };
    });
    return { ...fn, description: zh.description, ...(fn.parameters ? { parameters } : {}) };
  });
  const ids = new Set(metadata.functions.map((f) => f.id));
  for (const id of Object.keys(table)) if (!ids.has(id)) problems.push(`${id}: Chinese entry for a function that does not exist`);
  if (problems.length > 0) {
    throw new Error(`functions-zh-cn.json: ${problems.length} Chinese text problem(s):\n  ${problems.join('\n  ')}`);
  }
  return { ...metadata, functions };
}

/** Webpack plugin: emits `output` from the `input` metadata asset and the zh-CN table file. */
export class LocalizedFunctionsMetadataPlugin {
  /** @param {{ input: string, output: string, table: string }} options */
  constructor(options) {
    this.options = options;
  }

  apply(compiler) {
    const { Compilation, WebpackError, sources } = compiler.webpack;
    const name = 'LocalizedFunctionsMetadataPlugin';
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      compilation.fileDependencies.add(this.options.table);
      compilation.hooks.processAssets.tap({ name, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONS }, (assets) => {
        const source = assets[this.options.input];
        if (!source) {
          compilation.errors.push(
            new WebpackError(`${name}: ${this.options.input} was not generated, so ${this.options.output} cannot be`),
          );
          return;
        }
        try {
          const metadata = JSON.parse(source.source().toString());
          const table = JSON.parse(readFileSync(this.options.table, 'utf8'));
          const localized = localizeMetadata(metadata, table);
          compilation.emitAsset(this.options.output, new sources.RawSource(JSON.stringify(localized, null, 2)));
        } catch (e) {
          compilation.errors.push(new WebpackError(`${name}: ${e instanceof Error ? e.message : String(e)}`));
        }
      });
    });
  }
}
