/**
 * The browser preview (`npm run preview`): the task pane over an in-memory workbook
 * (test/support/mem-workbook.ts and mock-office.ts), served on http://localhost:3001. It reuses the add-in build's
 * resolve and loader rules from webpack.config.js; no office.js, no custom functions.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import addinConfig from './webpack.config.js';

const root = path.dirname(fileURLToPath(import.meta.url));
export const PREVIEW_PORT = 3001;

export default (env = {}, argv = {}) => {
  const mode = argv.mode ?? 'development';
  const base = addinConfig(env, { ...argv, mode });
  return {
    mode,
    context: root,
    devtool: mode === 'production' ? false : 'eval-cheap-module-source-map',
    entry: { preview: './preview/index.tsx' },
    output: {
      path: env.outDir ? path.resolve(env.outDir) : path.resolve(root, 'build/preview'),
      filename: '[name].js',
      chunkFilename: 'chunks/[name].[contenthash:8].js',
      clean: true,
    },
    resolve: base.resolve,
    module: base.module,
    optimization: { splitChunks: { chunks: 'async' } },
    performance: { hints: false },
    plugins: [new HtmlWebpackPlugin({ filename: 'index.html', template: './preview/index.html' })],
    devServer: {
      port: PREVIEW_PORT,
      host: 'localhost',
      server: 'http',
      hot: false,
      liveReload: true,
      client: { overlay: false },
      open: false,
    },
  };
};
