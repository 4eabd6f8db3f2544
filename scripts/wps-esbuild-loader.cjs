/**
 * Webpack loader for the WPS bundle: esbuild lowers every module (ours and node_modules) to the
 * older Chromium that WPS 加载项 run in (optional chaining, class fields, ?? …). Type checking
 * stays with `npm run typecheck`.
 */
const esbuild = require('esbuild');

module.exports = function wpsEsbuildLoader(source) {
  const { target } = this.getOptions();
  const file = this.resourcePath;
  const loader = file.endsWith('.tsx') ? 'tsx' : file.endsWith('.ts') ? 'ts' : file.endsWith('.jsx') ? 'jsx' : 'js';
  const result = esbuild.transformSync(source, {
    loader,
    target,
    jsx: 'automatic',
    sourcefile: file,
    tsconfigRaw: { compilerOptions: { jsx: 'react-jsx', useDefineForClassFields: true } },
  });
  return result.code;
};
