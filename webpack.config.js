/**
 * One page (taskpane.html) is the shared runtime: it loads the task pane and the STI custom
 * functions. functions.json comes from the JSDoc of src/functions/functions.ts,
 * functions-zh-cn.json from it plus src/functions/i18n-zh-cn.json (a missing text fails the
 * build). Type checking is `npm run typecheck` (ts-loader only transpiles, for speed).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import { LocalizedFunctionsMetadataPlugin } from './scripts/functions-zh.mjs';

const require = createRequire(import.meta.url);
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');

const root = path.dirname(fileURLToPath(import.meta.url));
const DEV_PORT = 3000;

export default (_env, argv) => {
  const production = argv.mode !== 'development';
  return {
    context: root,
    devtool: production ? false : 'eval-source-map',
    entry: {
      taskpane: './src/taskpane/index.tsx',
      functions: './src/functions/functions.ts',
    },
    output: {
      path: path.resolve(root, 'dist'),
      // Entry bundles keep fixed names: the manifest names functions.js.
      filename: '[name].js',
      // Lazy chunks (dynamic import() in the pane) get content hashes.
      chunkFilename: 'chunks/[name].[contenthash:8].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
      // Sources import './x.js' (NodeNext style); resolve those to the .ts/.tsx files.
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    },
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
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'manifest.xml', to: 'manifest.xml' },
          { from: 'assets', to: 'assets' },
        ],
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
