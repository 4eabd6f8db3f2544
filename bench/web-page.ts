/**
 * The 网页版 (dist/web/sti.html) on a generated set in Debian's Chromium: import N submissions
 * (with the register), then download the city rollup workbook. Measured: wall time of each step,
 * the page's peak JS heap (main thread, from the DevTools protocol) and the peak resident memory
 * of the whole browser (every Chromium process, workers included). Files are read in Web Workers
 * (`worker`) or on the page (`page`, `?workers=0`).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** `tsx bench/web-page.ts [N]`: the measurement on its own (npm run bench records it in BENCHMARKS.md). */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 1000);
  const { generateSet } = await import('./generate.js');
  const set = await generateSet(n, { log: (s) => console.error(s) });
  const page = join(process.cwd(), 'dist', 'web', 'sti.html');
  for (const mode of ['worker', 'page'] as const) console.log(JSON.stringify(await benchWebPage(set, page, mode)));
}
