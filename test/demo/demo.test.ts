/**
 * `sti demo` end to end (files written, validated, rolled up, ranked), then `sti rollup` and
 * `sti rank` on the demo's own files, through the CLI entry point with captured streams.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoJson, RankJson, RollupJson } from '../../src/cli/json-shape.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { buildDemoData } from '../../src/core/demo.js';
import { readRankingWorkbook } from '../../src/io/ranking-xlsx.js';
import { readFileSync } from 'node:fs';

async function sti(args: string[], cwd: string, isTTY = false) {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), isTTY, cwd };
  const code = await main(args, io);
  return { code, out, err };
}

describe('demo data', () => {
  it('is deterministic and has the promised shape', () => {
    const a = buildDemoData();
    expect(JSON.stringify(buildDemoData())).toBe(JSON.stringify(a));
    const units = a.register.units;
    const districts = units.filter((u) => u.kind === 'district');
    expect(districts).toHaveLength(6);
    for (const d of districts) {
      const towns = units.filter((u) => u.parentCode === d.code && u.kind === 'township').length;
      const parks = units.filter((u) => u.parentCode === d.code && u.kind === 'park').length;
      expect(towns).toBeGreaterThanOrEqual(4);
      expect(towns).toBeLessThanOrEqual(8);
      expect(parks).toBeGreaterThanOrEqual(1);
      expect(parks).toBeLessThanOrEqual(2);
    }
    // Some park enterprises are also listed by their township.
    const townCodes = new Set(a.submissions.filter((s) => s.unit.kind === 'township').flatMap((s) => s.enterprises.map((e) => e.uscc)));
    const parkFirms = a.submissions.filter((s) => s.unit.kind === 'park').flatMap((s) => s.enterprises.map((e) => e.uscc));
    expect(parkFirms.filter((c) => townCodes.has(c)).length).toBeGreaterThan(5);
    expect(parkFirms.filter((c) => !townCodes.has(c)).length).toBeGreaterThan(0);
    expect(a.defects.length).toBeGreaterThanOrEqual(4);
    expect(buildDemoData({ seed: 7 }).submissions[0].fields.RD_EXP.current).not.toBe(a.submissions[0].fields.RD_EXP.current);
  });
});

describe('sti demo / rollup / rank', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sti-demo-'));
  let demo: DemoJson;

  beforeAll(async () => {
    const r = await sti(['demo', '--out', dir, '--json'], dir);
    expect(r.code, r.err).toBe(0);
    demo = JSON.parse(r.out) as DemoJson;
  }, 120_000);

  it('writes the register, 51 submissions, the rollup and both rankings', () => {
    expect(demo.schema).toBe('sti-demo/1');
    for (const f of [demo.files.register, demo.files.rollup, demo.files.previousRanking, demo.files.ranking])
      expect(existsSync(f), f).toBe(true);
    expect(readdirSync(join(dir, '报表')).filter((f) => f.endsWith('.xlsx'))).toHaveLength(demo.files.submissions.length);
    expect(demo.files.submissions.length).toBe(buildDemoData().submissions.length);
  });

  it('validation catches every planted defect at its unit', () => {
    for (const d of buildDemoData().defects) {
      expect(
        demo.validation.findings.some((f) => f.code === d.kind && f.unitCode === d.unitCode),
        `${d.kind} ${d.unitCode}`,
      ).toBe(true);
    }
    expect(demo.validation.errors).toBeGreaterThan(0);
  });

  it('rolls up with one admission: figures with errors left out (the rest of their files counts), every incomplete total says what it lacks', () => {
    const roll = demo.rollup;
    expect(roll.schema).toBe('sti-rollup/2');
    expect(roll.levels[0].level).toBe('city');
    expect(roll.levels).toHaveLength(7);
    expect(roll.files.used + roll.files.leftOut + roll.files.skipped).toBe(roll.files.verdicts.length);
    // The planted errors are figure-level: their files are used, the figures left out are named.
    const partial = roll.files.verdicts.filter(
      (v) => v.verdict === 'used' && (v.figuresLeftOut.length > 0 || v.listRowsLeftOut.length > 0),
    );
    expect(partial.map((v) => v.unitCode).sort()).toEqual(['990102', '990304']);
    expect(roll.incomplete).toBe(true);
    for (const level of roll.levels.slice(1)) {
      // Σ of the townships' admitted figures (independent of the engine's total).
      const sum = level.rows.filter((r) => r.role === 'partition').reduce((a, r) => a + (r.fields.RD_EXP.current ?? 0), 0);
      expect(level.total.fields.RD_EXP.current).toBeCloseTo(sum, 6);
      expect(level.total.indicators.RD_INTENSITY).toBeCloseTo(
        ((level.total.fields.RD_EXP.current ?? 0) / (level.total.fields.GDP.current ?? NaN)) * 100,
        10,
      );
      // A township whose figure was left out is named in every total that lacks it.
      for (const row of level.rows)
        for (const m of row.marks.filter((x) => x.kind === 'left-out' && row.role === 'partition'))
          expect(
            level.total.missing[m.field]?.map((x) => x.unitCode),
            `${level.unitName} ${m.field}`,
          ).toContain(row.unitCode);
    }
    const nangang = roll.levels.find((l) => l.rows.some((r) => r.unitCode === '990304'))!;
    expect(nangang.total.missing.RD_ACTIVE_FIRM_SHARE[0]).toMatchObject({ unitCode: '990304', roles: ['current'] });
    expect(roll.units.every((u) => u.status === 'included')).toBe(true);
  });

  it('ranks the six districts with rank change against the synthetic previous year', () => {
    const rank = demo.rank;
    expect(rank.rows).toHaveLength(6);
    expect(rank.findings).toEqual([]);
    expect(rank.rows.map((r) => r.indexRank).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of rank.rows) {
      expect(r.rankChange).toBe((r.previousRank ?? NaN) - (r.indexRank ?? NaN));
      expect(r.rankChangeText).toMatch(/^(上升\d+位|下降\d+位|持平)$/);
    }
    expect(readRankingWorkbook(new Uint8Array(readFileSync(demo.files.ranking)), 'r.xlsx').previous.units).toHaveLength(6);
  });

  it('last year’s synthetic ranking has this year’s caliber: same indicators and index settings, no caliber note', () => {
    const previous = readRankingWorkbook(new Uint8Array(readFileSync(demo.files.previousRanking)), 'p').settings;
    const index = demo.rank.settings.index!;
    expect(previous.indicators).toEqual(demo.rank.settings.indicators);
    expect(previous.indexMethod).toBe(index.method);
    expect(previous.aggregation).toBe(index.aggregation);
    expect(previous.index?.map((x) => x.code).sort()).toEqual([...index.indicators].sort());
    for (const x of previous.index ?? []) {
      const k = index.indicators.indexOf(x.code);
      expect(x.weight, x.code).toBeCloseTo(index.weights[k], 12);
      expect(x.direction, x.code).toBe(index.directions[k]);
    }
    expect(demo.rank.notes.filter((n) => /沿用上年|口径|无法核对|上年科创指数|上年排名方法/.test(n))).toEqual([]);
  });

  it('prints the ranking table and output paths in Chinese', async () => {
    const r = await sti(['demo', '--out', dir], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('示例数据');
    expect(r.out).toMatch(/位次\s+区（县）\s+科创指数/);
    expect(r.out).toContain('排名工作簿：');
    expect(r.err).toBe(''); // no progress bar when stderr is not a terminal
  }, 120_000);

  it('sti rollup on the demo files: exit 1 (errors), the same totals as the demo', async () => {
    const r = await sti(['rollup', '报表', '--register', '单位名录.xlsx', '--out', 'out/汇总.xlsx', '--json'], dir);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as RollupJson;
    expect(json.register).toBe('file');
    expect(json.levels.map((l) => l.total.fields.RD_EXP.current)).toEqual(demo.rollup.levels.map((l) => l.total.fields.RD_EXP.current));
    // Parks ranked among parks, city-wide (several districts): additive key, same as the demo's.
    expect(json.parkRankings.map((p) => [p.scope, p.unitCode])).toEqual([['city', json.levels[0].unitCode]]);
    expect(json.parkRankings[0].rows.length).toBeGreaterThanOrEqual(2);
    expect(json.parkRankings).toEqual(demo.rollup.parkRankings);
    expect(existsSync(join(dir, 'out', '汇总.xlsx'))).toBe(true);
    const all = await sti(['rollup', '报表', '--out', 'out/全部.xlsx', '--json', '--allow-errors'], dir);
    const j2 = JSON.parse(all.out) as RollupJson;
    expect(j2.register).toBe('inferred-from-submissions');
    expect(j2.files.used).toBe(j2.files.read);
  }, 120_000);

  it('sti rank reads the rollup workbook and last year’s ranking (its settings unless overridden)', async () => {
    const r = await sti(
      ['rank', demo.files.rollup, '--previous', demo.files.previousRanking, '--method', 'dense', '--out', 'out/排名.xlsx', '--json'],
      dir,
    );
    // Two districts' values rest on totals that lack a left-out figure: marked, and exit 1.
    expect(r.code, r.err).toBe(1);
    const json = JSON.parse(r.out) as RankJson;
    expect(
      json.findings
        .filter((f) => f.code === 'RANKED_VALUE_INCOMPLETE')
        .map((f) => f.unitCode)
        .sort(),
    ).toEqual(['990100', '990300']);
    expect(json.rows.find((x) => x.unitCode === '990300')!.incomplete.RD_ACTIVE_FIRM_SHARE).toContain('双溪街道');
    expect(json.notes.some((n) => n.startsWith('※'))).toBe(true);
    expect(json.settings.method).toBe('dense');
    // Last year's indicator set is reused when none is given.
    expect(json.settings.indicators).toEqual(
      readRankingWorkbook(new Uint8Array(readFileSync(demo.files.previousRanking)), 'p').settings.indicators,
    );
    expect(json.rows.every((x) => x.previousRank !== null)).toBe(true);
    const text = await sti(
      [
        'rank',
        demo.files.rollup,
        '--weights',
        '1,2',
        '--indicators',
        'RD_INTENSITY,HT_OUTPUT_SHARE',
        '--decimals',
        '--out',
        'out/排名2.xlsx',
      ],
      dir,
    );
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('研发经费投入强度');
  }, 120_000);

  it('bad usage gets one Chinese line and exit 2', async () => {
    const noOut = await sti(['rank', demo.files.rollup], dir);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toMatch(/^错误：请用 --out/);
    const missing = await sti(['rollup', 'no-such-dir', '--out', 'x.xlsx'], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('找不到文件或目录');
    const badMethod = await sti(['rank', demo.files.rollup, '--method', 'olympic', '--out', 'x.xlsx'], dir);
    expect(badMethod.err).toContain('未知的排名方法');
    const weights = await sti(['rank', demo.files.rollup, '--weights', '1,2', '--out', 'x.xlsx'], dir);
    expect(weights.code).toBe(2);
    expect(weights.err).toContain('权重应为');
    const notRanking = await sti(['rank', demo.files.rollup, '--previous', demo.files.register, '--out', 'x.xlsx'], dir);
    expect(notRanking.code).toBe(2);
    expect(notRanking.err).toContain('不是 sti rank 生成的排名工作簿');
  }, 120_000);
});
