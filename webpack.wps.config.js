/**
 * The WPS 加载项 build (dist/wps/, `npm run build` runs it after the Excel build): the entry
 * page index.html (ribbon callbacks, STI custom functions), the pane taskpane.html (the same
 * React pane over src/wps's adapter), functions.json, manifest.xml, ribbon.xml, publish.xml
 * and the offline .zip. Everything is local: no CDN, no Office.js. Modules are lowered for the
 * older Chromium of WPS by esbuild (scripts/wps-esbuild-loader.cjs); `npm run typecheck`
 * checks types. Function metadata comes from the same JSDoc and zh-CN table as Excel's
 * (scripts/wps-addin.mjs). `--env outDir=<dir>` writes elsewhere.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import webpack from 'webpack';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import { WpsAddinPlugin, wpsFunctionsMetadata } from './scripts/wps-addin.mjs';
import { SOURCE_RESOLVE } from './webpack.config.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The oldest Chromium the bundle is lowered to (WPS 2019 builds embed older Chromium than current browsers). */
export const WPS_TARGET = 'chrome63';

export default async (env = {}, argv = {}) => {
  const production = argv.mode !== 'development';
  const metadata = await wpsFunctionsMetadata(root);
  return {
    context: root,
    target: ['web', 'es2017'],
    devtool: production ? false : 'source-map',
    entry: {
      main: './src/wps/main.ts',
      taskpane: './src/wps/index.tsx',
    },
    output: {
      path: env.outDir ? path.resolve(env.outDir) : path.resolve(root, 'dist/wps'),
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      chunkFilename: 'chunks/[name].[contenthash:8].js',
      // Pages load from the jsaddons folder: every URL relative to the page.
      publicPath: 'auto',
      clean: true,
    },
    resolve: SOURCE_RESOLVE,
    module: {
      rules: [
        {
          test: /\.(tsx?|m?jsx?)$/,
          use: { loader: path.resolve(root, 'scripts/wps-esbuild-loader.cjs'), options: { target: WPS_TARGET } },
        },
        // Some packages ship .mjs without extensions in their imports.
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
      ],
    },
    optimization: { splitChunks: { chunks: 'async' } },
    performance: { maxEntrypointSize: 2_500_000, maxAssetSize: 2_500_000 },
    plugins: [
      new webpack.DefinePlugin({ __STI_WPS_FUNCTIONS__: JSON.stringify(metadata) }),
      new HtmlWebpackPlugin({
        filename: 'index.html',
        template: './src/wps/index.html',
        chunks: ['main'],
        meta: { 'sti-version': pkg.version },
      }),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/wps/taskpane.html',
        chunks: ['taskpane'],
        meta: { 'sti-version': pkg.version },
      }),
      new CopyWebpackPlugin({ patterns: [{ from: 'assets', to: 'assets' }] }),
      new WpsAddinPlugin({ metadata, version: pkg.version, description: pkg.description }),
    ],
  };
};
