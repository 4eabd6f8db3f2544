#!/usr/bin/env node
// The `sti` command: the TypeScript CLI, bundled once and cached (cli-bundle.mjs); through tsx
// (a runtime dependency) when the bundle cannot be built.
import { cliBundleUrl } from './cli-bundle.mjs';

const bundled = await cliBundleUrl();
let main;
if (bundled) ({ main } = await import(bundled));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
