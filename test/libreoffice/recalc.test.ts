/**
 * The generated rollup and ranking workbooks recalculate in a real LibreOffice to the engine's
 * numbers: every formula cell, recalculated by soffice, equals the value in the engine's JSON
 * (the --json shape) at display precision. Copies whose cached values are replaced by a
 * sentinel prove the numbers are LibreOffice's, not the cache. Required in CI (CI=true).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { levelJson, parkRankingJson, rankJson, type LevelJson, type ParkRankingJson, type RankJson } from '../../src/cli/json-shape.js';
import { catalogue } from '../../src/core/catalogue.js';
import { buildDemoData } from '../../src/core/demo.js';
import {
  buildRankingWorkbook,
  EXTRA_CODES,
  INDEX_CODE,
  POSITION_CODE,
  RANKING_LAYOUT,
  RANK_SUFFIX,
} from '../../src/core/outputs-ranking.js';
import { buildRollupWorkbook, PARK_RANKING_SHEET, ROLLUP_LAYOUT, ROW_TYPE_ZH } from '../../src/core/outputs-rollup.js';
import { DEFAULT_RANKING_INDICATORS, rankChildren, rankingRowsFromRollup, rankParks, type RankingOptions } from '../../src/core/ranking.js';
import { rollupAll } from '../../src/core/rollup.js';
import { excelRound } from '../../src/core/round.js';
import type { WorkbookModel } from '../../src/core/sheet-model.js';
import { writeRollupModel } from '../../src/io/rollup-xlsx.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { libreofficeRequired, sofficePath } from '../helpers/env.js';
import { recalcToCsv } from './soffice.js';

const soffice = sofficePath();
const suite = soffice || libreofficeRequired ? describe : describe.skip;

const SENTINEL = '未重算';

/** A copy of the model whose formula cells cache a sentinel text instead of the engine value. */
function stale(model: WorkbookModel): WorkbookModel {
  const copy = structuredClone(model);
  for (const s of copy.sheets) for (const row of s.rows) for (const c of row ?? []) if (c && c.formula) c.value = SENTINEL;
  return copy;
}

type Expected = number | string | null;
interface Check {
  sheet: string;
  row: number;
  col: number;
  formula: string;
  expected: Expected;
  decimals: number;
}

/** Formula cells of the rollup sheets, each with its value from the rollup JSON. */
function rollupChecks(model: WorkbookModel, levels: LevelJson[]): Check[] {
  const L = ROLLUP_LAYOUT;
  const checks: Check[] = [];
  for (const s of model.sheets) {
    if (!/^汇总/.test(s.name)) continue;
    const codes = s.rows[L.codeRow]!;
    const totalRow = s.rows.find(
      (r, i) =>
        i >= L.firstDataRow && (r?.[L.typeCol]?.value === ROW_TYPE_ZH.districtTotal || r?.[L.typeCol]?.value === ROW_TYPE_ZH.cityTotal),
    )!;
    const level = levels.find((l) => l.unitCode === totalRow[L.codeCol]!.value)!;
    expect(level, s.name).toBeDefined();
    s.rows.forEach((r, ri) => {
      if (ri < L.firstDataRow || !r) return;
      const isTotal = r[L.typeCol]?.value === ROW_TYPE_ZH.districtTotal || r[L.typeCol]?.value === ROW_TYPE_ZH.cityTotal;
      const unit = isTotal ? level.total : level.rows.find((u) => u.unitCode === r[L.codeCol]?.value)!;
      r.forEach((c, ci) => {
        if (!c?.formula) return;
        const code = String(codes[ci]?.value);
        const [base, part] = code.split(':');
        const entry = catalogue.get(base)!;
        const expected =
          part === '上年'
            ? unit.fields[base].previous
            : part === '目标'
              ? unit.fields[base].target
              : base in unit.fields
                ? unit.fields[base].current
                : unit.indicators[base];
        checks.push({ sheet: s.name, row: ri, col: ci, formula: c.formula, expected, decimals: entry.decimals });
      });
    });
  }
  return checks;
}

/** Formula cells of 城市排名, each with its value from the rank JSON. */
function rankingChecks(model: WorkbookModel, json: RankJson): Check[] {
  const s = model.sheets.find((x) => x.name === '城市排名')!;
  const codes = s.rows[RANKING_LAYOUT.codeRow]!;
  const checks: Check[] = [];
  s.rows.forEach((r, ri) => {
    if (ri < RANKING_LAYOUT.firstDataRow || !r) return;
    const unit = json.rows.find((u) => u.unitCode === r[RANKING_LAYOUT.codeCol]?.value);
    if (!unit) return;
    r.forEach((c, ci) => {
      if (!c?.formula) return;
      const code = String(codes[ci]?.value);
      let expected: Expected;
      let decimals = 9;
      if (code === EXTRA_CODES.change) expected = unit.rankChange;
      else if (code === EXTRA_CODES.improvement) {
        expected = unit.improvement;
        decimals = catalogue.get(INDEX_CODE)!.decimals;
      } else if (code === EXTRA_CODES.progressRank) expected = unit.progressRank;
      else if (code === INDEX_CODE + RANK_SUFFIX) expected = unit.indexRank;
      else if (code.endsWith(RANK_SUFFIX)) expected = unit.ranks[code.slice(0, -RANK_SUFFIX.length)];
      else throw new Error(`unexpected formula column ${code}`);
      checks.push({ sheet: s.name, row: ri, col: ci, formula: c.formula, expected, decimals });
    });
  });
  return checks;
}

/** Formula cells of 园区排名 (the rollup workbook's parks ranked among parks), each with its rank from the rollup JSON. */
function parkRankingChecks(model: WorkbookModel, json: ParkRankingJson): Check[] {
  const s = model.sheets.find((x) => x.name === PARK_RANKING_SHEET)!;
  const codes = s.rows[RANKING_LAYOUT.codeRow]!;
  const checks: Check[] = [];
  s.rows.forEach((r, ri) => {
    if (ri < RANKING_LAYOUT.firstDataRow || !r) return;
    const park = json.rows.find((u) => u.unitCode === r[RANKING_LAYOUT.codeCol]?.value);
    if (!park) return;
    r.forEach((c, ci) => {
      if (!c?.formula) return;
      const code = String(codes[ci]?.value);
      // 位次 without an index: the first ranked indicator's rank (its rows follow it).
      const rankOf = code === POSITION_CODE ? json.columns[0].code : code.endsWith(RANK_SUFFIX) ? code.slice(0, -RANK_SUFFIX.length) : null;
      if (!rankOf) throw new Error(`unexpected formula column ${code}`);
      checks.push({
        sheet: s.name,
        row: ri,
        col: ci,
        formula: c.formula,
        expected: park.ranks[rankOf],
        decimals: 9,
      });
    });
  });
  return checks;
}

function compare(csv: Record<string, string[][]>, checks: Check[]): string[] {
  const bad: string[] = [];
  for (const ch of checks) {
    const got = csv[ch.sheet]?.[ch.row]?.[ch.col] ?? '';
    const where = `${ch.sheet}!R${ch.row + 1}C${ch.col + 1} =${ch.formula}`;
    if (ch.expected === null) {
      if (got !== '') bad.push(`${where}: LibreOffice ${got}, engine blank`);
    } else if (typeof ch.expected === 'string') {
      if (got !== ch.expected) bad.push(`${where}: LibreOffice “${got}”, engine “${ch.expected}”`);
    } else {
      const n = Number(got);
      if (got === '' || !Number.isFinite(n) || excelRound(n, ch.decimals) !== excelRound(ch.expected, ch.decimals))
        bad.push(`${where}: LibreOffice ${got}, engine ${ch.expected}`);
    }
  }
  return bad;
}

suite('LibreOffice recalculates the generated workbooks to the engine’s values', () => {
  const data = buildDemoData();
  const { districts, city } = rollupAll(data.register, data.submissions);
  const results = [city, ...districts];
  const levels = results.map((r) => levelJson(r));
  const rollupModel = buildRollupWorkbook(results, { label: '示例数据', enterpriseRowsInModel: false });
  // 企业名录 over several sheets (as past Excel's last row), here every 37 firms.
  const split = { enterpriseRowsPerSheet: 37 };
  const rollupSplitModel = buildRollupWorkbook(results, { label: '示例数据', enterpriseRowsInModel: false, ...split });
  const rows = rankingRowsFromRollup(city);
  const variants: Record<string, Omit<RankingOptions, 'indicators'>> = {
    rankCompetition: { method: 'competition', previous: data.previousRanking },
    rankDense: { method: 'dense', previous: data.previousRanking },
    rankAverage: { method: 'average' },
    rankAverageDisplay: { method: 'average', decimals: 'display', previous: data.previousRanking },
    rankCompetitionDisplay: { method: 'competition', decimals: 'display' },
  };
  const rankings = Object.fromEntries(
    Object.entries(variants).map(([name, o]) => {
      const table = rankChildren(rows, { ...o, indicators: [...DEFAULT_RANKING_INDICATORS] });
      const json = rankJson(table, {
        parent: { unitCode: city.unit.code, unitName: city.unit.name },
        year: 2024,
        period: '2024',
        findings: [],
        output: null,
      });
      return [name, { model: buildRankingWorkbook(table, { parentName: city.unit.name, year: 2024, period: '2024' }), json }];
    }),
  );
  let csv: Record<string, Record<string, string[][]>>;
  let rankingBytes: Uint8Array;

  beforeAll(async () => {
    if (!soffice)
      throw new Error('LibreOffice (soffice) 未安装，但本环境要求运行 LibreOffice 测试（CI=true 或 STI_REQUIRE_LIBREOFFICE=1）');
    const files: Record<string, Uint8Array> = {
      rollup: await writeRollupModel(rollupModel, results),
      rollupStale: await writeRollupModel(stale(rollupModel), results),
      rollupSplitStale: await writeRollupModel(stale(rollupSplitModel), results, split),
    };
    for (const [name, { model }] of Object.entries(rankings)) {
      const bytes = await writeXlsx(model);
      if (name === 'rankCompetition') {
        files[name] = bytes;
        rankingBytes = bytes;
      }
      const st = stale(model);
      files[`${name}Stale`] = await writeXlsx(st);
    }
    csv = recalcToCsv(soffice, files);
  }, 180_000);

  it('rollup: every SUM, COUNTIFS and ratio formula equals the engine (cached and recalculated)', () => {
    const checks = rollupChecks(rollupModel, levels);
    expect(checks.length).toBeGreaterThan(500);
    expect(checks.some((c) => c.formula.startsWith('COUNTIFS('))).toBe(true);
    expect(checks.some((c) => c.formula.startsWith('SUM('))).toBe(true);
    expect(compare(csv.rollup, checks)).toEqual([]);
    expect(compare(csv.rollupStale, checks)).toEqual([]);
    // The sentinel is gone everywhere: LibreOffice recalculated every formula.
    expect(JSON.stringify(csv.rollupStale)).not.toContain(SENTINEL);
  });

  it('rollup with 企业名录 continued over several sheets: every COUNTIFS, recalculated, still equals the engine', () => {
    const checks = rollupChecks(rollupSplitModel, levels);
    const countifs = checks.filter((c) => c.formula.startsWith('COUNTIFS('));
    expect(countifs.length).toBeGreaterThan(3);
    // Districts count over their own rows (on one part or two); the city over every part.
    expect(countifs.some((c) => c.formula.includes('企业名录(2)'))).toBe(true);
    expect(countifs.some((c) => c.formula.includes('+COUNTIFS('))).toBe(true);
    expect(compare(csv.rollupSplitStale, checks)).toEqual([]);
    expect(JSON.stringify(csv.rollupSplitStale)).not.toContain(SENTINEL);
  });

  it('园区排名: every park RANK.EQ rank equals the engine (rollup --json parkRankings), recalculated', () => {
    const parks = rankParks(results).map(parkRankingJson);
    expect(parks).toHaveLength(1);
    const checks = parkRankingChecks(rollupModel, parks[0]);
    // Every park's rank per indicator, and its 位次 (a reference to the first indicator's rank: the rows follow it).
    expect(checks.length).toBe(parks[0].rows.length * (parks[0].columns.length + 1));
    expect(checks.length).toBeGreaterThan(40);
    expect(checks.every((c) => c.formula.includes('_xlfn.RANK.EQ(') || /^[A-Z]+\d+$/.test(c.formula))).toBe(true);
    expect(checks.filter((c) => c.expected !== null).length).toBeGreaterThan(40);
    expect(compare(csv.rollup, checks)).toEqual([]);
    expect(compare(csv.rollupStale, checks)).toEqual([]);
  });

  it('ranking: RANK.EQ / RANK.AVG / SUMPRODUCT ranks, rank change and progress rank equal the engine, for each method', () => {
    for (const [name, { model, json }] of Object.entries(rankings)) {
      const checks = rankingChecks(model, json);
      expect(checks.length, name).toBeGreaterThan(40);
      expect(compare(csv[`${name}Stale`], checks), name).toEqual([]);
      expect(JSON.stringify(csv[`${name}Stale`]), name).not.toContain(SENTINEL);
    }
    expect(compare(csv.rankCompetition, rankingChecks(rankings.rankCompetition.model, rankings.rankCompetition.json))).toEqual([]);
    const formulas = Object.values(rankings).flatMap(({ model }) =>
      model.sheets[0].rows.flatMap((r) => (r ?? []).map((c) => c?.formula ?? '')),
    );
    for (const f of ['_xlfn.RANK.EQ(', '_xlfn.RANK.AVG(', 'SUMPRODUCT(--(ROUND(', '/COUNTIF('])
      expect(
        formulas.some((x) => x.includes(f)),
        f,
      ).toBe(true);
  });

  it('the native chart survives a round trip through LibreOffice', () => {
    const files = unzipSync(rankingBytes);
    expect(Object.keys(files)).toContain('xl/charts/chart1.xml');
    const dir = mkdtempSync(join(tmpdir(), 'sti-lo-chart-'));
    mkdirSync(join(dir, 'profile', 'user'), { recursive: true });
    writeFileSync(join(dir, 'ranking.xlsx'), rankingBytes);
    execFileSync(
      soffice!,
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
        '--convert-to',
        'xlsx:Calc MS Excel 2007 XML',
        '--outdir',
        join(dir, 'out'),
        join(dir, 'ranking.xlsx'),
      ],
      {
        timeout: 120_000,
        stdio: 'pipe',
      },
    );
    const back = unzipSync(new Uint8Array(readFileSync(join(dir, 'out', readdirSync(join(dir, 'out'))[0]))));
    const chart = Object.keys(back).find((n) => /^xl\/charts\/chart\d+\.xml$/.test(n));
    expect(chart, 'LibreOffice kept the chart').toBeDefined();
    const xml = strFromU8(back[chart!]);
    // Categories: the district names (column C: 位次 and the hidden code come first), in rank order.
    expect(xml).toMatch(/城市排名.*\$C\$6:\$C\$11/);
  });
});
