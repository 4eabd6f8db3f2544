/**
 * `sti report` on the demo, read back by a real LibreOffice Writer (`soffice --convert-to txt`):
 * every figure, rank, rank change, growth, completion and table cell of the text matches
 * `sti rank --json` and `sti rollup --json` (check-bulletin.ts), from each kind of input —
 * the submissions, the rollup workbook, the ranking workbook with or without the rollup — and
 * the demo's own 通报. Required in CI (CI=true or STI_REQUIRE_LIBREOFFICE=1); skipped locally
 * without soffice.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RankJson, RollupJson } from '../../src/cli/json-shape.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { readRankingWorkbook } from '../../src/io/ranking-xlsx.js';
import { libreofficeRequired, sofficePath } from '../helpers/env.js';
import { checkBulletinText, type BulletinExpectations } from './check-bulletin.js';
import { docxToText, writerAvailable } from './docx-text.js';

const soffice = sofficePath();
const suite = writerAvailable(soffice) || libreofficeRequired ? describe : describe.skip;

async function sti(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, cwd };
  const code = await main(args, io);
  return { code, out, err };
}

suite('sti report → .docx → LibreOffice text = sti rank --json and sti rollup --json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sti-report-'));
  const rollupWb = join(dir, '汇总_示例市_2024.xlsx');
  const rankingWb = join(dir, '排名_示例市_2024.xlsx');
  const previousWb = join(dir, '排名_示例市_2023_上年示例.xlsx');
  let rank: RankJson;
  let rollup: RollupJson;
  let previous: BulletinExpectations['previous'];
  const codes: Record<string, number> = {};
  let texts: Record<string, string>;

  beforeAll(async () => {
    if (!writerAvailable(soffice))
      throw new Error(
        'LibreOffice Writer (soffice, Debian package libreoffice-writer) is required here (CI / STI_REQUIRE_LIBREOFFICE=1) but was not found',
      );
    expect((await sti(['demo', '--out', dir], dir)).code).toBe(0);
    const r = await sti(['rank', rollupWb, '--previous', previousWb, '--json', '--out', join(dir, 'rank-check.xlsx')], dir);
    rank = JSON.parse(r.out) as RankJson;
    const u = await sti(
      ['rollup', join(dir, '报表'), '--register', join(dir, '单位名录.xlsx'), '--json', '--out', join(dir, 'rollup-check.xlsx')],
      dir,
    );
    rollup = JSON.parse(u.out) as RollupJson;
    previous = readRankingWorkbook(new Uint8Array(readFileSync(previousWb)), previousWb).rows;
    const runs: Record<string, string[]> = {
      submissions: ['报表', '--register', '单位名录.xlsx'],
      rollup: [rollupWb],
      both: [rankingWb, rollupWb],
      ranking: [rankingWb],
    };
    const files: Record<string, Uint8Array> = { demo: new Uint8Array(readFileSync(join(dir, '通报_示例市_2024.docx'))) };
    for (const [name, inputs] of Object.entries(runs)) {
      const out = join(dir, `${name}.docx`);
      const res = await sti(['report', ...inputs, '--previous', previousWb, '--date', '2025-03-01', '--out', out], dir);
      codes[name] = res.code;
      expect(res.err).toBe('');
      files[name] = new Uint8Array(readFileSync(out));
    }
    texts = docxToText(soffice!, files);
  }, 240_000);

  const expectClean = (name: string, exp: Omit<BulletinExpectations, 'rank' | 'previous'>, need: string[]) => {
    const result = checkBulletinText(texts[name], { rank, previous, ...exp });
    expect(result.problems).toEqual([]);
    for (const kind of need) expect(result.seen, kind).toContain(kind);
    return result;
  };

  const EVERYTHING = [
    'city',
    'figure',
    'rank',
    'growth',
    'pp',
    'completion',
    'index-change',
    'indicator-change',
    'incomplete-mark',
    'table1',
    'appendix',
    'park',
    'park-rank',
  ];

  it('from the submissions: city totals, every district, the parks — every number as in the JSON', () => {
    const r = expectClean('submissions', { rollup, cityTotals: true }, EVERYTHING);
    expect(r.checked).toBeGreaterThan(250);
    // The demo's planted errors leave totals incomplete: said in the text, and the exit code is 1 as for sti rank.
    expect(codes.submissions).toBe(1);
    expect(texts.submissions).toContain('不含新民镇（企业名录!A4 有错误，该行企业未计入）');
    expect(texts.submissions).toContain('双溪街道（有研发活动的规上工业企业数本期数有错误未纳入（指标表!D6））');
  });

  it('the demo writes the same 通报', () => {
    expectClean('demo', { rollup, cityTotals: true }, EVERYTHING);
    expect(texts.demo).toContain('（示例数据）');
  });

  it('from the rollup workbook: the city total (its 市合计 row), districts with their totals and the same ranking', () => {
    expectClean('rollup', { rollup, cityTotals: true }, [
      'city',
      'figure',
      'rank',
      'growth',
      'pp',
      'completion',
      'index-change',
      'incomplete-mark',
      'table1',
      'appendix',
    ]);
    expect(texts.rollup).not.toContain('汇总数据中没有全市合计');
  });

  it('from the ranking workbook and the rollup workbook: the same text as from the rollup workbook', () => {
    expect(codes.both).toBe(codes.rollup);
    expect(texts.both).toBe(texts.rollup);
  });

  it('from the ranking workbook alone: ranks and values only, said in the notes; its city and its ※ marks come from 排名设置', () => {
    expectClean('ranking', { rollup: null, cityTotals: false }, [
      'figure',
      'rank',
      'index-change',
      'incomplete-mark',
      'table1',
      'appendix',
    ]);
    expect(texts.ranking).toContain('未给出汇总数据');
    expect(texts.ranking).not.toContain('完成全年目标');
    expect(texts.ranking.split('\n')[0]).toContain('示例市');
    expect(texts.ranking).toContain('※');
  });

  it('the check itself catches a changed figure, rank, change, growth, table cell or stray number', () => {
    const base = texts.submissions;
    const problemsAfter = (from: RegExp, to: string) => {
      const changed = base.replace(from, to);
      expect(changed).not.toBe(base);
      return checkBulletinText(changed, { rank, previous, rollup, cityTotals: true }).problems;
    };
    expect(problemsAfter(/内部支出(\d+)\.(\d)(\d)亿元/, (() => '内部支出$1.$2' + '9亿元')())).not.toEqual([]);
    expect(problemsAfter(/居全市第1位/, '居全市第2位')).not.toEqual([]);
    expect(problemsAfter(/较上年上升(\d)位/, '较上年下降$1位')).not.toEqual([]);
    expect(problemsAfter(/同比增长(\d+)\.(\d)%/, '同比增长$1.$2' + '1%')).not.toEqual([]);
    expect(problemsAfter(/完成全年目标的(\d+)\.(\d\d)%/, '完成全年目标的$1.$21%')).not.toEqual([]);
    expect(problemsAfter(/\n(\d+\.\d\d)（(\d)）\n/, '\n$1（9）\n')).not.toEqual([]);
    expect(problemsAfter(/。\n/, '，另有7处。\n')).not.toEqual([]);
    expect(problemsAfter(/（该数据不完整，不含新民镇/, '（该数据不完整，不含金桥镇')).not.toEqual([]);
  });

  it('refuses a ranking workbook that is not the ranking of the rollup given', async () => {
    const r = await sti(['report', previousWb, rollupWb, '--out', join(dir, 'x.docx')], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/不一致/);
  });
});
