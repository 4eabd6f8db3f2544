/**
 * The TypeScript CLI as one ES module, built by esbuild (tsx's own compiler, installed with it)
 * and kept in node_modules/.cache/sti-cli/ until a source file it was built from changes.
 * Starting from it takes a fraction of the time tsx takes to compile every module at each run
 * (`sti rollup` and `sti rank` are run once per batch, often from scripts).
 *
 * Each module keeps its own `import.meta.url` (the URL of its .ts file, as under tsx), so code
 * that finds files beside itself (the reading worker) behaves the same bundled or not.
 * Returns null when the bundle cannot be built or kept; the caller then runs the sources through tsx.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src', 'cli', 'main.ts');
const cacheDir = join(root, 'node_modules', '.cache', 'sti-cli');
const bundlePath = join(cacheDir, 'main.mjs');
const stampsPath = join(cacheDir, 'inputs.json');

const stamp = (path) => {
  try {
    const st = statSync(path);
    return [st.mtimeMs, st.size];
  } catch {
    return null;
  }
};

function fresh() {
  try {
    const inputs = JSON.parse(readFileSync(stampsPath, 'utf8'));
    if (!inputs[entry] || !stamp(bundlePath)) return false;
    return Object.entries(inputs).every(([path, [mtime, size]]) => {
      const now = stamp(path);
      return now !== null && now[0] === mtime && now[1] === size;
    });
  } catch {
    return false;
  }
}

/** Each source module's `import.meta.url` stays its own file's URL inside the bundle. */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

async function build() {
  const esbuild = createRequire(import.meta.url)('esbuild');
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: root,
    // Only tests use ExcelJS (a devDependency): loaded from node_modules when asked for.
    external: ['exceljs', 'esbuild', 'tsx', 'tsx/*'],
    // Bundled CommonJS packages call require().
    banner: { js: "import { createRequire as __stiRequire } from 'node:module'; const require = __stiRequire(import.meta.url);" },
    plugins: [ownImportMetaUrl],
  });
  const inputs = {};
  for (const rel of Object.keys(out.metafile.inputs)) {
    const path = resolve(root, rel);
    const st = stamp(path);
    if (st) inputs[path] = st;
  }
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${bundlePath}.${process.pid}.tmp`;
  writeFileSync(tmp, out.outputFiles[0].text);
  renameSync(tmp, bundlePath);
  const tmpStamps = `${stampsPath}.${process.pid}.tmp`;
  writeFileSync(tmpStamps, JSON.stringify(inputs));
  renameSync(tmpStamps, stampsPath);
}

/** The file URL of the bundled CLI (built first when missing or stale), or null. */
export async function cliBundleUrl() {
  if (process.env.STI_NO_BUNDLE === '1') return null;
  try {
    if (!fresh()) await build();
    return pathToFileURL(bundlePath).href;
  } catch {
    return null;
  }
}
