/**
 * The 网页版 (dist/web/sti.html) on a generated set in Debian's Chromium: import N submissions
 * (with the register), then download the city rollup workbook. Measured: wall time of each step,
 * the page's peak JS heap (main thread, from the DevTools protocol) and the peak resident memory
 * of the whole browser (every Chromium process, workers included). Files are read in Web Workers
 * (`worker`) or on the page (`page`, `?workers=0`).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SetInfo } from './generate.js';

export interface WebPageResult {
  n: number;
  mode: 'worker' | 'page';
  importSeconds: number;
  rollupSeconds: number;
  peakJsHeapMB: number;
  peakBrowserRssMB: number;
  rollupBytes: number;
}

const CHROMIUM = process.env.STI_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Resident memory (MB) of every process whose command line names this profile directory. */
function browserRssMB(profile: string): number {
  let kb = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profile)) continue;
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return kb / 1024;
}

export async function benchWebPage(set: SetInfo, pagePath: string, mode: 'worker' | 'page'): Promise<WebPageResult> {
  if (!existsSync(pagePath)) throw new Error(`${pagePath} is missing: run npm run build:web first`);
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'sti-bench-web-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
  });
  let peakHeap = 0;
  let peakRss = 0;
  let sampling = true;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const sample = async () => {
      while (sampling) {
        try {
          const { metrics } = await cdp.send('Performance.getMetrics');
          const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
          peakHeap = Math.max(peakHeap, heap / 1024 / 1024);
        } catch {
          // The page is navigating.
        }
        peakRss = Math.max(peakRss, browserRssMB(profile));
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    const sampler = sample();
    await page.goto(pathToFileURL(pagePath).href + (mode === 'page' ? '?workers=0' : ''));
    await page.getByTestId('tab-import').click();
    const actual = await page.evaluate(() => (window as unknown as { __stiWeb?: { readMode: string } }).__stiWeb?.readMode);
    if (actual !== mode) throw new Error(`the page reads in ${actual}, not ${mode}`);
    const files = readdirSync(set.submissionsDir)
      .filter((f) => f.endsWith('.xlsx'))
      .map((f) => join(set.submissionsDir, f));
    await page.getByTestId('import-register-input').setInputFiles(set.registerPath);
    const t0 = performance.now();
    await page.getByTestId('import-files-input').setInputFiles(files);
    await page.getByTestId('import-success').waitFor({ timeout: 30 * 60_000 });
    const importSeconds = (performance.now() - t0) / 1000;
    await page.getByTestId('tab-rollup').click();
    await page.getByTestId('rollup-district').selectOption('*city*');
    const t1 = performance.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30 * 60_000 }),
      page.getByTestId('rollup-download').click(),
    ]);
    const rollupBytes = readFileSync(await download.path()).length;
    const rollupSeconds = (performance.now() - t1) / 1000;
    sampling = false;
    await sampler;
    return { n: set.n, mode, importSeconds, rollupSeconds, peakJsHeapMB: peakHeap, peakBrowserRssMB: peakRss, rollupBytes };
  } finally {
    sampling = false;
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Where the last measurement of the page is kept (npm run bench -- --web writes it; --report reads it). */
export function webPageResultsPath(resultsDir: string): string {
  return join(resultsDir, 'web-page.json');
}

export interface WebPageRecord {
  measuredAt: string;
  load: number[];
  results: WebPageResult[];
}

/** Measure both reading modes on the set of N and store them. */
export async function measureWebPage(set: SetInfo, pagePath: string, resultsDir: string): Promise<WebPageRecord> {
  const record: WebPageRecord = {
    measuredAt: new Date().toISOString(),
    load: loadavg().map((x) => Math.round(x * 100) / 100),
    results: [],
  };
  for (const mode of ['worker', 'page'] as const) record.results.push(await benchWebPage(set, pagePath, mode));
  writeFileSync(webPageResultsPath(resultsDir), JSON.stringify(record, null, 2));
  return record;
}

const fmt = (x: number, d: number) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/** The BENCHMARKS.md section of the stored measurement (none when the page was never measured). */
export function webPageSection(resultsDir: string): string[] {
  const path = webPageResultsPath(resultsDir);
  if (!existsSync(path)) return [];
  const r = JSON.parse(readFileSync(path, 'utf8')) as WebPageRecord;
  const L = [
    '## The 网页版 in a browser (task pane engine)',
    '',
    `\`dist/web/sti.html\` in Debian's Chromium (headless), from \`file://\`: the register and N submissions picked at once, then the`,
    "city rollup workbook downloaded. Peak JS heap is the page's main thread (DevTools protocol); peak RSS adds up every Chromium",
    `process (workers included). Measured ${r.measuredAt.slice(0, 16).replace('T', ' ')} UTC, load average before ${r.load.join(' / ')}.`,
    '',
    '| N | files read in | import | city rollup workbook | workbook size | peak JS heap | peak RSS (browser) |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const x of r.results)
    L.push(
      `| ${x.n.toLocaleString('en-US')} | ${x.mode === 'worker' ? 'Web Workers' : 'the page (`?workers=0`)'} | ${fmt(x.importSeconds, 1)} s | ${fmt(x.rollupSeconds, 1)} s | ${fmt(x.rollupBytes / 1e6, 1)} MB | ${fmt(x.peakJsHeapMB, 0)} MB | ${fmt(x.peakBrowserRssMB, 0)} MB |`,
    );
  L.push('');
  return L;
}

/** `tsx bench/web-page.ts [N]`: the measurement on its own, stored for BENCHMARKS.md (npm run bench -- --report). */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 1000);
  const { generateSet, OUT_DIR } = await import('./generate.js');
  const set = await generateSet(n, { log: (s) => console.error(s) });
  const record = await measureWebPage(set, join(process.cwd(), 'dist', 'web', 'sti.html'), join(OUT_DIR, 'results'));
  console.log(JSON.stringify(record, null, 2));
}
