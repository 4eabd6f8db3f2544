/**
 * The pane's 通报 step in Debian's Chromium over the preview: import the 示例市 submissions,
 * write the bulletin, get a real .docx download and its text to copy. Nothing is written into
 * the workbook, no request leaves the local server. Required in CI (CI=true).
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoData } from '../../src/core/demo.js';
import { writeRegister } from '../../src/io/register.js';
import { writeSubmission } from '../../src/io/template.js';
import { buildPreview, serveDirectory } from '../e2e/preview-server.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, browserRequired, chromiumAvailable } from '../helpers/env.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const haveBrowser = chromiumAvailable();
if (!haveBrowser && browserRequired) throw new Error(`Chromium not found at ${CHROMIUM_PATH}; the browser suite is required here`);

describe.skipIf(!haveBrowser)('通报 step in Chromium (preview)', () => {
  let work: string;
  let server: Awaited<ReturnType<typeof serveDirectory>>;
  let browser: Browser;
  let page: Page;
  const foreign: string[] = [];
  const pageErrors: string[] = [];
  const files: string[] = [];
  let registerFile = '';

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'sti-e2e-report-'));
    const dist = path.join(work, 'dist');
    await buildPreview(dist);
    server = await serveDirectory(dist);
    const demo = buildDemoData();
    await mkdir(path.join(work, 'in'));
    for (const sub of demo.submissions) {
      const file = path.join(work, 'in', sub.file);
      await writeFile(file, await writeSubmission(sub));
      files.push(file);
    }
    registerFile = path.join(work, '单位名录.xlsx');
    await writeFile(registerFile, await writeRegister(demo.register));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 1000 }, locale: 'zh-CN' })).newPage();
    page.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(server.origin + '/') && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${server.origin}/index.html`);
    await page.getByTestId('tab-template').waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('downloads the .docx and shows its text, writing nothing into the workbook', async () => {
    await page.getByTestId('tab-import').click();
    await page.getByTestId('import-register-input').setInputFiles(registerFile);
    await page.getByTestId('import-files-input').setInputFiles(files);
    await page.getByTestId('import-success').waitFor({ timeout: 60_000 });
    const sheetsBefore = await page.evaluate(() => (window as any).__sti.workbook.sheets.length);

    await page.getByTestId('tab-report').click();
    expect(await page.getByTestId('tab-report').innerText()).toContain('5. 通报');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('report-run').click()]);
    await page.getByTestId('report-success').waitFor({ timeout: 60_000 });
    expect(download.suggestedFilename()).toBe('通报_示例市_2024.docx');
    const saved = path.join(work, 'downloaded.docx');
    await download.saveAs(saved);
    const doc = strFromU8(unzipSync(new Uint8Array(await readFile(saved)))['word/document.xml']);
    expect(doc).toContain('示例市2024年科技创新主要指标');
    // The planted errors leave totals incomplete: a warning, and the text says so.
    expect(await page.getByTestId('report-success').getAttribute('data-intent')).toBe('warning');
    const text = await page.getByTestId('report-text').inputValue();
    expect(text.startsWith('示例市2024年科技创新主要指标完成情况通报\n')).toBe(true);
    for (const name of ['东湖区', '西岭区', '南港区', '北塘区', '中山区', '青溪县']) expect(text).toContain(`${name}：科创指数`);
    expect(text).toContain('不含新民镇（企业名录!A4 有错误，该行企业未计入）');
    expect(await page.evaluate(() => (window as any).__sti.workbook.sheets.length)).toBe(sheetsBefore);
    await page.screenshot({ path: path.join(repo, 'test-artifacts', 'e2e-report.png') }).catch(() => undefined);
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
