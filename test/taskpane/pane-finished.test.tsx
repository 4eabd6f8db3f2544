/**
 * The pane's steps in both hosts: with a workbook (Excel, WPS) they write sheets and also offer
 * downloads; without one (the web page) every output is a download. And the engine behind them:
 * one count of findings per scope, a district's own findings only, rankings told from other sheets.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { renderToString } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDemoData } from '../../src/core/demo.js';
import { writeDemoFiles } from '../../src/io/demo.js';
import { readRankingWorkbook } from '../../src/io/ranking-xlsx.js';
import { readRollupWorkbook } from '../../src/io/rollup-xlsx.js';
import { readXlsx } from '../../src/io/xlsx/read.js';
import { App } from '../../src/taskpane/components/App.js';
import { CompletenessBoard } from '../../src/taskpane/components/CompletenessBoard.js';
import { CITY_ROLLUP } from '../../src/taskpane/engine-types.js';
import { createEngine } from '../../src/taskpane/engine-impl.js';
import { countFindings } from '../../src/taskpane/findings-view.js';
import { I18nProvider } from '../../src/taskpane/i18n/index.js';
import type { PaneServices } from '../../src/taskpane/services.js';
import type { WorkbookPort } from '../../src/excel/workbook-port.js';
import { defaultSettings } from '../../src/taskpane/settings.js';

const noop = () => undefined;
const fakePort: WorkbookPort = {
  listSheets: async () => [],
  writeSheets: async () => ({ written: [], syncs: 0 }),
  readSheet: async () => {
    throw new Error('none');
  },
  readSheets: async () => [],
};

function render(services: PaneServices): string {
  return renderToString(<App services={services} initialLanguage="zh-CN" />);
}

describe('the steps in a host with a workbook and in the web page', () => {
  const engine = () => Promise.resolve(createEngine());

  it('without a workbook offers downloads only (no insert, no write, no reading this workbook)', () => {
    const html = render({ engine, saveFile: noop });
    for (const id of ['template-download', 'import-pick', 'import-folder', 'rollup-download', 'rank-download', 'rank-previous-file'])
      expect(html, id).toContain(`data-testid="${id}"`);
    for (const id of ['template-insert', 'import-workbook', 'rollup-run', 'rank-run'])
      expect(html, id).not.toContain(`data-testid="${id}"`);
  });

  it('with a workbook writes sheets and still offers the downloads', () => {
    const html = render({ engine, saveFile: noop, port: fakePort });
    for (const id of ['template-insert', 'import-workbook', 'rollup-run', 'rank-run', 'rollup-download', 'rank-download'])
      expect(html, id).toContain(`data-testid="${id}"`);
  });

  it('报送情况 names the district of each unit (township names repeat across districts)', () => {
    const html = renderToString(
      <I18nProvider lang="zh-CN">
        <CompletenessBoard
          rows={[
            {
              unitCode: '1',
              unitName: '新民镇',
              kind: 'township',
              parentName: '东湖区',
              status: 'included',
              reason: null,
              files: ['a.xlsx'],
            },
            { unitCode: '2', unitName: '新民镇', kind: 'township', parentName: '青溪县', status: 'missing', reason: null, files: [] },
          ]}
        />
      </I18nProvider>,
    );
    expect(html).toContain('乡镇（街道） · 东湖区');
    expect(html).toContain('乡镇（街道） · 青溪县');
  });
});

describe('the engine behind the steps, on the demo city', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sti-pane-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = await writeDemoFiles(buildDemoData(), dir);
  const engine = createEngine();
  const imported = await engine.importFiles(
    files.submissions.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) })),
    { name: basename(files.register), bytes: new Uint8Array(readFileSync(files.register)) },
    noop,
  );
  const settings = defaultSettings(
    engine.indexIndicators().map((i) => i.code),
    'zh-CN',
  );

  it('gives the city rollup and the ranking the same findings, so their messages count the same', async () => {
    const city = engine.rollup(imported, CITY_ROLLUP);
    const rank = await engine.rank(imported, settings, null);
    expect(rank.findings).toEqual(city.findings);
    // Every finding of the import is among them (the rollup adds its own, it drops none).
    const keys = new Set(city.findings.map((f) => `${f.code}|${f.file}|${f.cell}|${f.message}`));
    for (const f of imported.findings) expect(keys.has(`${f.code}|${f.file}|${f.cell}|${f.message}`)).toBe(true);
    expect(countFindings(city.findings).errors).toBeGreaterThanOrEqual(countFindings(imported.findings).errors);
  });

  it('lists only a district’s own findings in its rollup', () => {
    const districts = engine.districts(imported);
    expect(districts.length).toBeGreaterThan(1);
    for (const d of districts) {
      const own = new Set(imported.admission.units.filter((u) => u.code === d.code || u.parentCode === d.code).flatMap((u) => u.files));
      const out = engine.rollup(imported, d.code);
      for (const f of out.findings) {
        const mine =
          own.has(f.file) || f.unitCode === d.code || imported.register.units.find((u) => u.code === f.unitCode)?.parentCode === d.code;
        expect(mine, `${d.name}: ${f.file} ${f.message}`).toBe(true);
      }
    }
  });

  it('downloads the rollup and ranking workbooks sti rollup and sti rank would write', async () => {
    const rollup = await engine.rollupFile(imported, CITY_ROLLUP);
    expect(rollup.fileName).toMatch(/^科技指标汇总_示例市_.+\.xlsx$/);
    const rows = readRollupWorkbook(rollup.bytes, rollup.fileName);
    expect(rows.city).not.toBeNull();
    const rank = await engine.rankFile(imported, settings, null);
    const read = readRankingWorkbook(rank.bytes, rank.fileName);
    const paneRank = await engine.rank(imported, settings, null);
    // The rollup workbook holds every district the ranking ranks.
    expect(paneRank.rows.map((r) => r.unitName).sort()).toEqual(rows.districts.map((d) => d.unitName).sort());
    for (const r of paneRank.rows) {
      const w = read.previous.units.find((u) => u.unitName === r.unitName)!;
      expect(w.index!).toBeCloseTo(r.index!, 9);
      expect(w.rank).toBe(r.indexRank);
    }
  });

  it('tells a ranking from the other sheets of a ranking workbook', async () => {
    const rank = await engine.rankFile(imported, settings, null);
    const grid = readXlsx(rank.bytes, rank.fileName);
    const offered: string[] = [];
    for (const s of grid.sheets) if (engine.mayBeRanking(s.name) && !(await engine.rankingProblem(s))) offered.push(s.name);
    expect(offered).toEqual(['城市排名']);
    expect(engine.mayBeRanking('2023年排名')).toBe(true);
    expect(engine.mayBeRanking('排名设置 (2)')).toBe(false);
    expect(engine.mayBeRanking('汇总-东湖区')).toBe(false);
    const register = readXlsx(new Uint8Array(readFileSync(files.register)), '单位名录.xlsx').sheets[0];
    expect(await engine.rankingProblem(register)).toMatch(/找不到“单位”和“科创指数”列/);
  });
});
