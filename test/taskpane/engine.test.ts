import { describe, expect, it } from 'vitest';
import { buildDemoData } from '../../src/core/demo.js';
import { sheetGridFromValues } from '../../src/core/grid.js';
import { writeSubmission } from '../../src/io/template.js';
import { CITY_ROLLUP } from '../../src/taskpane/engine-types.js';
import { createEngine } from '../../src/taskpane/engine-impl.js';
import { previousRankingFromGrid } from '../../src/taskpane/previous-ranking.js';
import { defaultSettings } from '../../src/taskpane/settings.js';
import { describeError } from '../../src/taskpane/errors.js';
import { translator } from '../../src/taskpane/i18n/index.js';

describe('pane engine over the demo submissions', async () => {
  const demo = buildDemoData();
  const files = await Promise.all(demo.submissions.map(async (s) => ({ name: s.file, bytes: await writeSubmission(s) })));
  const engine = createEngine();
  const progress: number[] = [];
  const imported = await engine.importFiles(files, null, (done) => void progress.push(done));
  const settings = defaultSettings(
    engine.indexIndicators().map((i) => i.code),
    'zh-CN',
  );

  it('reads every file, reports progress per file, and flags the planted defects', () => {
    expect(imported.submissions).toHaveLength(demo.submissions.length);
    expect(progress).toEqual([...files.keys(), files.length]);
    expect(imported.findings.some((f) => f.code === 'USCC_INVALID' && f.cell && f.sheet === '企业名录')).toBe(true);
    // The demo's errors are figure-level: every unit is 已纳入, the figures with errors are left out (the pane uses the core admission).
    expect(imported.completeness.every((c) => c.status === 'included')).toBe(true);
    expect(imported.files.every((f) => f.usable)).toBe(true);
    const partial = imported.admission.files.filter((f) => f.marks.some((m) => m.kind === 'left-out') || f.listRowsLeftOut.length > 0);
    const errorUnits = new Set(imported.findings.filter((f) => f.severity === 'error' && f.unitCode).map((f) => f.unitCode));
    expect(new Set(partial.map((f) => f.unitCode))).toEqual(errorUnits);
  });

  it('rolls up one district into sheets named after it, naming the figures left out and flagging the result incomplete', () => {
    const district = engine.districts(imported).find((d) => d.code === '990100')!;
    const out = engine.rollup(imported, district.code);
    expect(out.mainSheet).toBe(`汇总-${district.name}`);
    expect(out.findings.filter((f) => f.code === 'FIGURES_LEFT_OUT').map((f) => f.unitCode)).toEqual(['990102']);
    expect(out.incomplete).toBe(true);
    expect(out.sheets.some((s) => s.name.startsWith('报送情况'))).toBe(true);
    const clean = engine.districts(imported).find((d) => d.code === '990200')!;
    expect(engine.rollup(imported, clean.code).incomplete).toBe(false);
  });

  it('offers the whole city, as sti rollup writes it', () => {
    const out = engine.rollup(imported, CITY_ROLLUP);
    expect(out.sheets[0].name).toBe('汇总-示例市');
    expect(out.sheets.filter((s) => s.name.startsWith('汇总-')).length).toBe(7);
  });

  it('adds a park ranking sheet (RANK.EQ over its parks) for a district with two or more parks', () => {
    const withParks = engine
      .districts(imported)
      .find((d) => imported.submissions.filter((s) => s.unit.kind === 'park' && s.unit.parentCode === d.code).length >= 2);
    expect(withParks).toBeDefined();
    const out = engine.rollup(imported, withParks!.code);
    const parkSheet = out.sheets.find((s) => s.name === `园区排名-${withParks!.name}`);
    expect(parkSheet).toBeDefined();
    const parkNames = imported.submissions
      .filter((s) => s.unit.kind === 'park' && s.unit.parentCode === withParks!.code)
      .map((s) => s.unit.name);
    const text = JSON.stringify(parkSheet!.rows);
    for (const name of parkNames) expect(text).toContain(name);
    expect(text).toContain('_xlfn.RANK.EQ');
  });

  it('ranks the districts with the settings given and records them in 排名设置', async () => {
    const out = await engine.rank(imported, { ...settings, rankMethod: 'dense' }, null);
    expect(out.sheets.map((s) => s.name)).toEqual(['城市排名', '通报表', '排名设置']);
    expect(out.rows).toHaveLength(demo.register.units.filter((u) => u.kind === 'district').length);
    expect(JSON.stringify(out.sheets[2].rows)).toContain('"dense"');
  });

  it('通报表 shows the headline indicators chosen in 设置', async () => {
    const out = await engine.rank(
      imported,
      { ...settings, headline: ['RD_GROWTH', 'FISCAL_ST_SHARE', 'RD_INTENSITY', 'HT_OUTPUT_SHARE'] },
      null,
    );
    const table = out.sheets.find((s) => s.name === '通报表')!;
    const headers = table.rows[2]!.map((c) => c?.value);
    expect(headers.filter((h) => h !== '位次')).toEqual([
      '区（县）',
      '科创指数',
      '研发经费增长率（%）',
      '财政科技支出占比（%）',
      '研发经费投入强度（%）',
      '高新技术产业产值占规上工业总产值比重（%）',
    ]);
  });

  it('leaves an indicator with weight 0 out of the index', async () => {
    const weights = { ...settings.weights, RD_INTENSITY: 0 };
    const out = await engine.rank(imported, { ...settings, weights }, null);
    const settingsText = JSON.stringify(out.sheets[2].rows);
    const row = out.sheets[2].rows.find((r) => r?.[0]?.value === 'RD_INTENSITY')!;
    expect(row[6]?.value).toBe('否');
    expect(settingsText).toContain('"minmax"');
  });

  it('refuses the standard-value index without standards, in Chinese naming what is missing', async () => {
    await expect(engine.rank(imported, { ...settings, indexMethod: 'standard' }, null)).rejects.toThrow(/标准值.*研发经费投入强度/);
  });

  it('takes last year’s caliber back from the 城市排名 and 排名设置 sheets it wrote into a workbook', async () => {
    const [{ MemWorkbook }, { installMockOffice }] = await Promise.all([
      import('../support/mem-workbook.js'),
      import('../support/mock-office.js'),
    ]);
    const { createExcelPort } = await import('../../src/excel/excel-port.js');
    installMockOffice(new MemWorkbook(['Sheet1']));
    const port = createExcelPort();
    const weights = { ...settings.weights, RD_GROWTH: 3, RD_INTENSITY: 0 };
    const lastYear = await engine.rank(
      imported,
      { ...settings, rankMethod: 'dense', indexMethod: 'zscore', rankOnDisplay: true, weights },
      null,
    );
    await port.writeSheets(lastYear.sheets);
    const applied = await engine.previousSettings(await port.readSheet('城市排名'), await port.readSheet('排名设置'), settings);
    expect(applied.settings).toMatchObject({ rankMethod: 'dense', indexMethod: 'zscore', rankOnDisplay: true, language: 'zh-CN' });
    const n = Object.values(weights).filter((w) => w > 0).length;
    const total = Object.values(weights).reduce((a, b) => a + b, 0);
    // Weights come back normalised (as 排名设置 stores them); zero stays out.
    expect(applied.settings.weights.RD_INTENSITY).toBe(0);
    expect(applied.settings.weights.RD_GROWTH).toBeCloseTo(3 / total, 4);
    expect(Object.values(applied.settings.weights).filter((w) => w > 0)).toHaveLength(n);
    expect(applied.summary).toContain('中国式排名');
  });

  it('marks ranked values resting on incomplete totals (※, a note) and names a caliber that differs from last year’s 排名设置', async () => {
    const [{ MemWorkbook }, { installMockOffice }] = await Promise.all([
      import('../support/mem-workbook.js'),
      import('../support/mock-office.js'),
    ]);
    const { createExcelPort } = await import('../../src/excel/excel-port.js');
    installMockOffice(new MemWorkbook(['Sheet1']));
    const port = createExcelPort();
    const lastYear = await engine.rank(imported, { ...settings, indexMethod: 'zscore' }, null);
    await port.writeSheets(lastYear.sheets);
    const out = await engine.rank(imported, settings, await port.readSheet('城市排名'), await port.readSheet('排名设置'));
    // 东湖区 (新民镇's bad 企业名录 row) and 南港区 (双溪街道's part above its whole) rest on incomplete totals.
    expect(out.incomplete).toBe(true);
    const comments = out.sheets[0].rows.flatMap((r) => (r ?? []).map((c) => c?.comment ?? '')).filter((c) => c.startsWith('※'));
    expect(comments.some((c) => c.includes('新民镇'))).toBe(true);
    expect(comments.some((c) => c.includes('双溪街道'))).toBe(true);
    expect(out.notes.some((n) => n.startsWith('※') && n.includes('东湖区') && n.includes('南港区'))).toBe(true);
    // Last year used the z-score index, this year min–max: said, so 进步位次 is read with care.
    expect(out.notes.some((n) => /指数方法|标准化/.test(n) && n.includes('不同口径'))).toBe(true);
  });

  it('reads a hand-made last-year table by its 单位 and 科创指数 columns', () => {
    const grid = sheetGridFromValues('上年', [
      ['2023年各区科创指数'],
      ['区代码', '区名称', '科创指数', '排名'],
      ['990100', '东湖区', 61.5, 2],
      ['990200', '西岭区', 70, 1],
      ['', '合计', '', ''],
    ]);
    expect(previousRankingFromGrid(grid)).toEqual({
      units: [
        { unitCode: '990100', unitName: '东湖区', index: 61.5, rank: 2 },
        { unitCode: '990200', unitName: '西岭区', index: 70, rank: 1 },
      ],
    });
    expect(() => previousRankingFromGrid(sheetGridFromValues('x', [['a', 'b']]))).toThrow('找不到');
  });
});

describe('error messages', () => {
  const t = translator('zh-CN');
  it('turns Office error codes into sentences a statistician can act on', () => {
    const e = Object.assign(new Error('The sheet is protected'), { code: 'AccessDenied' });
    expect(describeError(e, t)).toBe('操作未完成：工作簿或工作表受保护，无法写入（The sheet is protected）');
  });
  it('never shows an empty or [object Object] message', () => {
    expect(describeError({ a: 1 }, t)).toBe('操作未完成：{"a":1}');
    expect(describeError('坏了', t)).toBe('操作未完成：坏了');
    expect(describeError(new Error(''), t)).not.toBe('操作未完成：');
  });
});
