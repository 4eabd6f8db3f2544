/**
 * 网页版 (dist/web/sti.html, built by `npm run build`, which npm test runs first) in Debian's
 * Chromium, opened straight from disk (file://): import the demo city's files, download the
 * rollup and ranking workbooks, last year's ranking from a file, the 通报 — and compare the
 * downloads with what `sti rollup` / `sti rank` write for the same files. No request may leave
 * the page; the same page served over http reads in Web Workers and gives the same result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Download, Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, browserRequired, chromiumAvailable } from '../helpers/env.js';
import { serveDirectory } from './preview-server.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import type { RankJson, RollupJson } from '../../src/cli/json-shape.js';
import { buildDemoData } from '../../src/core/demo.js';
import { writeDemoFiles, type DemoFiles } from '../../src/io/demo.js';
import { readRankingWorkbook } from '../../src/io/ranking-xlsx.js';
import { readXlsx } from '../../src/io/xlsx/read.js';
import { cellText, type WorkbookGrid } from '../../src/core/grid.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const pagePath = path.join(repo, 'dist', 'web', 'sti.html');
const artifacts = path.join(repo, 'test-artifacts');
const haveBrowser = chromiumAvailable();
if (!haveBrowser && browserRequired) throw new Error(`Chromium not found at ${CHROMIUM_PATH}; the browser suite is required here`);

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false, cwd };
  const code = await main(argv, io);
  return { code, out, err };
}

/** Every sheet's cell texts (values as the file stores them), for comparing two workbooks cell by cell. */
function texts(grid: WorkbookGrid): Record<string, string[][]> {
  const out: Record<string, string[][]> = {};
  for (const s of grid.sheets) {
    const rows: string[][] = [];
    for (let r = 0; r <= s.maxRow; r++) {
      const row: string[] = [];
      for (let c = 0; c <= s.maxCol; c++) row.push(cellText(s.cell(r, c)));
      rows.push(row);
    }
    out[s.name] = rows;
  }
  return out;
}

async function bytesOf(download: Download): Promise<Uint8Array> {
  const p = await download.path();
  return new Uint8Array(readFileSync(p));
}

describe.skipIf(!haveBrowser)('网页版 from file:// in Chromium', () => {
  let work: string;
  let files: DemoFiles;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  let cliRollup: RollupJson;
  let cliRank: RankJson;
  let cliRollupBytes: Uint8Array;
  let cliRankPath: string;

  beforeAll(async () => {
    if (!existsSync(pagePath)) throw new Error(`${pagePath} is missing: run \`npm run build\` first (npm test does it as pretest)`);
    work = await mkdtemp(path.join(tmpdir(), 'sti-web-'));
    await mkdir(artifacts, { recursive: true });
    files = await writeDemoFiles(buildDemoData(), work);
    // The CLI on the same files, named as the browser names them (bare file names: cwd is the folder).
    const reports = path.dirname(files.submissions[0]);
    const names = files.submissions.map((p) => path.basename(p));
    const rolled = await cli(
      ['rollup', ...names, '--register', files.register, '--out', path.join(work, 'cli-rollup.xlsx'), '--json'],
      reports,
    );
    expect(rolled.code, rolled.err).toBe(1); // the demo's planted errors leave figures out, and say so
    cliRollup = JSON.parse(rolled.out) as RollupJson;
    cliRollupBytes = new Uint8Array(readFileSync(path.join(work, 'cli-rollup.xlsx')));
    cliRankPath = path.join(work, 'cli-rank.xlsx');
    const ranked = await cli(['rank', path.join(work, 'cli-rollup.xlsx'), '--out', cliRankPath, '--json'], work);
    expect(ranked.code, ranked.err).toBe(1);
    cliRank = JSON.parse(ranked.out) as RankJson;

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN', acceptDownloads: true });
    page = await context.newPage();
    page.on('request', (req) => requests.push(req.url()));
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(pathToFileURL(pagePath).href);
    await page.getByTestId('tab-template').waitFor({ timeout: 60_000 });
    // From file:// Chromium may or may not start blob: workers; either way the results below must hold.
    await writeFile(path.join(artifacts, 'web-file-read-mode.txt'), String(await page.evaluate(() => window.__stiWeb?.readMode)));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('is one file and asks nothing of any origin', () => {
    const html = readFileSync(pagePath, 'utf8');
    // One page: no script or stylesheet by URL, no chunk names, no http(s) origin to load from.
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).toContain("connect-src 'none'");
    expect(requests.every((u) => u.startsWith('file://') || u.startsWith('data:') || u.startsWith('blob:'))).toBe(true);
  });

  it('downloads a template', async () => {
    await page.getByTestId('template-unit-code').fill('330101001');
    await page.getByTestId('template-unit-name').fill('城关街道');
    // No workbook here: the template is a download, not sheets inserted.
    expect(await page.getByTestId('template-insert').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^330101001_城关街道_\d{4}_填报模板\.xlsx$/);
    const grid = readXlsx(await bytesOf(download), download.suggestedFilename());
    expect(grid.sheets.map((s) => s.name)).toContain('指标表');
  });

  it('imports the demo files with the register; the board names each unit’s district', async () => {
    await page.getByTestId('tab-import').click();
    await page.getByTestId('import-register-input').setInputFiles(files.register);
    await page.getByTestId('import-files-input').setInputFiles(files.submissions);
    await page.getByTestId('import-success').waitFor({ timeout: 120_000 });
    const statuses = await page.getByTestId('board-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    const cliStatus = cliRollup.units.map((u) => u.status);
    expect(statuses.length).toBe(cliRollup.units.length);
    for (const s of ['included', 'left-out', 'missing'] as const)
      expect(statuses.filter((x) => x === s).length, s).toBe(cliStatus.filter((x) => x === s).length);
    const parents = await page.getByTestId('board-parent').allTextContents();
    expect(parents.some((p) => /区/.test(p))).toBe(true);
    // The validation report lists what the CLI's admission found (before the rollup's own findings).
    const errors = cliRollup.findings.filter((f) => f.severity === 'error').length;
    expect(errors).toBeGreaterThan(0);
  });

  it('downloads the city rollup workbook, the same workbook sti rollup writes', async () => {
    await page.getByTestId('tab-rollup').click();
    await page.getByTestId('rollup-district').selectOption('*city*');
    expect(await page.getByTestId('rollup-run').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rollup-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^科技指标汇总_.+\.xlsx$/);
    const bytes = await bytesOf(download);
    await writeFile(path.join(artifacts, 'web-rollup.xlsx'), bytes);
    const ours = texts(readXlsx(bytes, 'web.xlsx'));
    const theirs = texts(readXlsx(cliRollupBytes, 'cli.xlsx'));
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    for (const name of Object.keys(theirs)) expect(ours[name], name).toEqual(theirs[name]);
    // And the numbers are the CLI's --json totals (the city level's R&D spending, for one).
    const city = cliRollup.levels[0];
    const sheet = readXlsx(bytes, 'web.xlsx').sheets[0];
    const rdExp = city.total.fields.RD_EXP.current;
    let found = false;
    for (let r = 0; r <= sheet.maxRow && !found; r++)
      for (let c = 0; c <= sheet.maxCol; c++) if (sheet.cell(r, c)?.value === rdExp) found = true;
    expect(found).toBe(true);
    await page.getByTestId('rollup-success').waitFor();
  });

  it('downloads the ranking workbook with the CLI’s index and ranks', async () => {
    await page.getByTestId('tab-rank').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rank-download').click()]);
    const read = readRankingWorkbook(await bytesOf(download), download.suggestedFilename());
    expect(read.rows.length).toBe(cliRank.rows.length);
    for (const row of cliRank.rows) {
      const ours = read.previous.units.find((u) => u.unitName === row.unitName)!;
      expect(ours.index!).toBeCloseTo(row.index!, 9);
      expect(ours.rank).toBe(row.indexRank);
    }
    // The rank step's counts are the city rollup's: the same findings, the same numbers.
    const rankText = await page.getByTestId('rank-success').textContent();
    const rollupText = await page.getByTestId('rollup-success').textContent();
    const counts = (s: string | null) => /(\d+) 个错误、(\d+) 个警告/.exec(s ?? '')?.slice(1);
    expect(counts(rankText)).toEqual(counts(rollupText));
  });

  it('takes last year’s ranking from a file, offering only its ranking sheets', async () => {
    await page.getByTestId('rank-previous-file').setInputFiles(cliRankPath);
    const fromFile = async () =>
      (await page.getByTestId('rank-previous').locator('option').allTextContents()).filter((o) => o.includes('›'));
    // 城市排名 only: 排名设置 and 通报表 are not rankings.
    await expect.poll(fromFile).toEqual(['cli-rank.xlsx › 城市排名']);
    expect(await page.getByTestId('rank-previous').inputValue()).toBe('file:城市排名');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rank-download').click()]);
    const grid = readXlsx(await bytesOf(download), 'rank.xlsx');
    const ranking = grid.sheets.find((s) => s.name === '城市排名')!;
    let changeColumn = false;
    for (let c = 0; c <= ranking.maxCol; c++)
      for (let r = 0; r < 6; r++) if (/位次变化|较上年/.test(cellText(ranking.cell(r, c)))) changeColumn = true;
    expect(changeColumn).toBe(true);
    // A file without a ranking is refused with its name.
    await page.getByTestId('rank-previous-file').setInputFiles(files.register);
    await expect.poll(() => page.getByTestId('rank-previous-problem').textContent()).toContain('单位名录.xlsx');
    expect(await page.getByTestId('rank-previous').inputValue()).toBe('');
  });

  it('writes the 通报 as a .docx', async () => {
    await page.getByTestId('tab-report').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-run').click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    expect((await bytesOf(download)).length).toBeGreaterThan(5000);
    expect(await page.getByTestId('report-text').inputValue()).toContain('科创指数');
  });

  it('fits a 350 px window and sent no request anywhere', async () => {
    await page.getByTestId('tab-import').click();
    await page.setViewportSize({ width: 350, height: 900 });
    await page.screenshot({ path: path.join(artifacts, 'web-350.png'), fullPage: false });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.getByTestId('tab-rank').click();
    await page.screenshot({ path: path.join(artifacts, 'web-1400.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(requests.filter((u) => u.startsWith('file://'))).toEqual([pathToFileURL(pagePath).href]);
  });
});

describe.skipIf(!haveBrowser)('网页版 over http: Web Workers, or the page itself when asked', () => {
  it.each([
    ['', 'worker'],
    ['?workers=0', 'page'],
  ])(
    'imports the demo files (sti.html%s: %s) with the same outcome as the CLI',
    async (query, mode) => {
      const work = await mkdtemp(path.join(tmpdir(), 'sti-web-http-'));
      const server = await serveDirectory(path.dirname(pagePath));
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      try {
        const files = await writeDemoFiles(buildDemoData(), work);
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        const foreign: string[] = [];
        page.on('request', (r) => {
          if (!r.url().startsWith(server.origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
        });
        await page.goto(`${server.origin}/sti.html${query}`);
        await page.getByTestId('tab-import').click();
        expect(await page.evaluate(() => window.__stiWeb?.readMode)).toBe(mode);
        await page.getByTestId('import-register-input').setInputFiles(files.register);
        await page.getByTestId('import-files-input').setInputFiles(files.submissions);
        await page.getByTestId('import-success').waitFor({ timeout: 120_000 });
        const reports = path.dirname(files.submissions[0]);
        const names = files.submissions.map((p) => path.basename(p));
        const rolled = await cli(['rollup', ...names, '--register', files.register, '--out', path.join(work, 'r.xlsx'), '--json'], reports);
        const json = JSON.parse(rolled.out) as RollupJson;
        const statuses = await page.getByTestId('board-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
        expect(statuses.filter((s) => s === 'included').length).toBe(json.units.filter((u) => u.status === 'included').length);
        expect(statuses.filter((s) => s === 'left-out').length).toBe(json.units.filter((u) => u.status === 'left-out').length);
        expect(foreign).toEqual([]);
      } finally {
        await browser.close();
        await server.close();
        await rm(work, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
