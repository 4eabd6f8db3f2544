/**
 * 网页版: the pane as ONE offline file, dist/web/sti.html. Every script is inlined (the page's
 * and its reading worker's), every dynamic import is bundled in (no chunk to fetch), and the
 * page's Content-Security-Policy forbids any request, so it works from file://, a USB stick or
 * any static server. It reuses the add-in build's resolve and loader rules.
 *
 *   npm run build:web                 → dist/web/sti.html
 *   --env outDir=<dir>                write somewhere else
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';
import addinConfig from './webpack.config.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
export const WEB_PAGE = 'sti.html';

/** No request to any origin: scripts only inline (and the worker from a blob: URL), no fetch, no images from elsewhere. */
const CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' blob:",
  'worker-src blob:',
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

/** Script text made safe inside <script>: nothing in it may close the element or open an HTML comment. */
function inlineSafe(js) {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function page(mainJs, workerJs, version) {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="sti-version" content="${version}">
<title>科技指标汇总助手（网页版）</title>
<style>body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Segoe UI",sans-serif}#root{max-width:1100px;margin:0 auto}</style>
</head>
<body>
<div id="root"><p style="padding:16px">正在加载科技指标汇总助手…（如长时间停在这里，请用 Chrome、Edge 或其他 Chromium 内核浏览器打开本文件）</p></div>
<script type="text/plain" id="sti-read-worker">${inlineSafe(workerJs)}</script>
<script>${inlineSafe(mainJs)}</script>
</body>
</html>
`;
}

/** After minification: sti.html from the two bundles, which are then dropped (only the page is shipped). */
class SingleFilePlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('SingleFilePlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'SingleFilePlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT },
        (assets) => {
          const names = Object.keys(assets);
          const extra = names.filter((n) => n !== 'web.js' && n !== 'read-worker.js' && !n.endsWith('.LICENSE.txt'));
          if (extra.length) {
            compilation.errors.push(new webpack.WebpackError(`网页版必须是单个文件，却生成了：${extra.join('、')}`));
            return;
          }
          const html = page(assets['web.js'].source().toString(), assets['read-worker.js'].source().toString(), pkg.version);
          for (const n of names) compilation.deleteAsset(n);
          compilation.emitAsset(WEB_PAGE, new webpack.sources.RawSource(html));
        },
      );
    });
  }
}

export default (env = {}, argv = {}) => {
  const mode = argv.mode ?? 'production';
  const base = addinConfig({}, { ...argv, mode });
  return {
    mode,
    context: root,
    devtool: false,
    // Chromium-based browsers of the last few years (the 信创 desktops' too).
    target: ['web', 'es2019'],
    entry: {
      web: './src/web/index.tsx',
      'read-worker': './src/web/read-worker.ts',
    },
    output: {
      path: env.outDir ? path.resolve(env.outDir) : path.resolve(root, 'dist/web'),
      filename: '[name].js',
      clean: true,
    },
    resolve: base.resolve,
    module: {
      ...base.module,
      // Every import() is bundled into its entry: there is no second file to load.
      parser: { javascript: { dynamicImportMode: 'eager' } },
    },
    optimization: { splitChunks: false, runtimeChunk: false },
    performance: { hints: false },
    plugins: [new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }), new SingleFilePlugin()],
  };
};
