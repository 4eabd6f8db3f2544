/**
 * One page (taskpane.html) is the shared runtime: it loads the task pane and the STI custom
 * functions. functions.json comes from the JSDoc of src/functions/functions.ts,
 * functions-zh-cn.json from it plus src/functions/i18n-zh-cn.json (a missing text fails the
 * build). Type checking is `npm run typecheck` (ts-loader only transpiles, for speed).
 *
 * Deployment options (docs/部署指南.md), all optional; without them the build is the
 * developer's, on the dev server's address:
 *   --env host=<https URL>        every manifest URL on that host (the build fails if "localhost" is left)
 *   --env officejs=cdn|local      Office.js from Microsoft's CDN (default) or a copy in dist/office-js/
 *   --env share=<\\server\share> with host: .reg files that register that share as a trusted catalog
 *   --env outDir=<dir>            write somewhere other than dist/
 * dist/manifest.xml is written from manifest.xml by scripts/addin-build.mjs: Version from
 * package.json, and in production content hashes on every file it names.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import { LocalizedFunctionsMetadataPlugin } from './scripts/functions-zh.mjs';
import { AddinDeploymentPlugin, BuildOptionError, DEV_BASE, manifestVersion, parseBuildOptions } from './scripts/addin-build.mjs';

const require = createRequire(import.meta.url);
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');

const root = path.dirname(fileURLToPath(import.meta.url));
const DEV_PORT = Number(new URL(DEV_BASE).port);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** How every host's bundle finds the sources (webpack.wps.config.js and webpack.web.config.js use it too). */
export const SOURCE_RESOLVE = {
  extensions: ['.ts', '.tsx', '.js', '.mjs'],
  // Sources import './x.js' (NodeNext style); resolve those to the .ts/.tsx files.
  extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
  // Only tests write through ExcelJS (write.ts engine: 'exceljs'); no host ships it.
  alias: { exceljs: false },
};

/** From webpack-cli (which sets WEBPACK_BUILD/WEBPACK_SERVE), a bad --env is one Chinese line, not a stack trace. */
function buildOptionsOrExit(env) {
  try {
    return parseBuildOptions(env);
  } catch (e) {
    if (!(e instanceof BuildOptionError) || !(env.WEBPACK_BUILD || env.WEBPACK_SERVE)) throw e;
    console.error(`错误：${e.message}`);
    process.exit(2);
  }
}

export default (env = {}, argv = {}) => {
  const production = argv.mode !== 'development';
  const deploy = buildOptionsOrExit(env);
  return {
    context: root,
    devtool: production ? false : 'eval-source-map',
    entry: {
      taskpane: './src/taskpane/index.tsx',
      functions: './src/functions/functions.ts',
    },
    output: {
      path: deploy.outDir ? path.resolve(deploy.outDir) : path.resolve(root, 'dist'),
      // WebView2 caches add-in files: in production every bundle carries its content hash, so an
      // upgrade loads new code. Development keeps fixed names, as manifest.xml (npm start) names them.
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      // Lazy chunks (dynamic import() in the pane) get content hashes.
      chunkFilename: 'chunks/[name].[contenthash:8].js',
      clean: true,
    },
    resolve: SOURCE_RESOLVE,
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: 'ts-loader', options: { transpileOnly: true } },
        },
      ],
    },
    optimization: {
      // Only async chunks are split: each entry stays self-contained (functions.js works on
      // its own), while libraries the pane loads with import() go to separate lazy chunks.
      splitChunks: { chunks: 'async' },
    },
    performance: {
      // The pane's UI library is large by nature; lazy chunks keep the first load small.
      maxEntrypointSize: 2_000_000,
      maxAssetSize: 2_000_000,
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({ input: './src/functions/functions.ts', output: 'functions.json' }),
      new LocalizedFunctionsMetadataPlugin({
        input: 'functions.json',
        output: 'functions-zh-cn.json',
        table: path.resolve(root, 'src/functions/i18n-zh-cn.json'),
      }),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        // Shared runtime: the same page hosts the pane and the custom functions.
        chunks: ['taskpane', 'functions'],
        // The pane's 设置 shows it; IT staff can read it from the page too.
        meta: { 'sti-version': pkg.version },
      }),
      new CopyWebpackPlugin({ patterns: [{ from: 'assets', to: 'assets' }] }),
      new AddinDeploymentPlugin({
        ...deploy,
        version: manifestVersion(pkg.version),
        hashNames: production,
        template: path.resolve(root, 'manifest.xml'),
        officeJsPackage: path.dirname(require.resolve('@microsoft/office-js/package.json')),
      }),
    ],
    devServer: {
      port: DEV_PORT,
      // webpack-dev-server generates its own self-signed certificate; trust it once in the
      // browser/Office, or use `--server-type http` for a plain local check.
      server: 'https',
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: { directory: path.resolve(root, 'dist') },
      hot: false,
      client: { overlay: false },
    },
  };
};
