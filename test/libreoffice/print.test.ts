/**
 * The published workbooks as a person sees them printed (issue 11): the demo's ranking and rollup
 * workbooks converted to PDF by a real LibreOffice, their text extracted with pdftotext — no `###`,
 * every district's name and index in rank order, the headers whole, page numbers in the footer, and a
 * page count that fits on a desk, not 156 pages.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoData, DEMO_LABEL } from '../../src/core/demo.js';
import { rankChildren, rankingRowsFromRollup, DEFAULT_RANKING_INDICATORS } from '../../src/core/ranking.js';
import { rollupAll } from '../../src/core/rollup.js';
import { writeRankingWorkbook } from '../../src/io/ranking-xlsx.js';
import { writeRollupWorkbook } from '../../src/io/rollup-xlsx.js';
import { formatNumberText } from '../../src/core/layout.js';
import { libreofficeRequired, sofficePath } from '../helpers/env.js';
import { sofficeConvert } from './soffice.js';

const soffice = sofficePath();
const pdftotext = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
})();
const run = Boolean(soffice && pdftotext) || libreofficeRequired;

describe.runIf(run)('printed workbooks (LibreOffice → PDF → text)', () => {
  const demo = buildDemoData();
  const { city, districts, admission } = rollupAll(demo.register, demo.submissions);
  const table = rankChildren(rankingRowsFromRollup(city), { indicators: [...DEFAULT_RANKING_INDICATORS] });
  const pages: Record<string, string[]> = {};

  beforeAll(async () => {
    if (!soffice || !pdftotext)
      throw new Error('需要 LibreOffice (soffice) 和 poppler-utils (pdftotext)（CI=true 或 STI_REQUIRE_LIBREOFFICE=1）');
    const outDir = sofficeConvert(
      soffice,
      [
        {
          file: 'ranking.xlsx',
          bytes: await writeRankingWorkbook(table, {
            parentName: city.unit.name,
            year: 2024,
            period: '2024',
            periodZh: '2024年',
            label: DEMO_LABEL,
          }),
        },
        { file: 'rollup.xlsx', bytes: await writeRollupWorkbook([city, ...districts], { label: DEMO_LABEL, admission }) },
      ],
      'pdf',
      undefined,
      170_000,
    );
    for (const f of readdirSync(outDir)) {
      const text = execFileSync(pdftotext!, ['-layout', join(outDir, f), '-'], { encoding: 'utf8' });
      pages[f.replace(/\.pdf$/, '')] = text.split('\f').filter((p) => p.trim());
    }
  }, 180_000);

  it('no ### anywhere; every page numbered; the 示例数据 mark on every page', () => {
    for (const [name, list] of Object.entries(pages)) {
      expect(list.length, name).toBeGreaterThan(0);
      list.forEach((p, i) => {
        expect(p, `${name} page ${i + 1}`).not.toContain('###');
        // Pages are numbered per sheet (LibreOffice and Excel both count &P of &N within the sheet printed).
        expect(p, `${name} page ${i + 1}`).toMatch(/第\s*\d+\s*页\s*共\s*\d+\s*页/);
        expect(p, `${name} page ${i + 1}`).toContain(DEMO_LABEL);
      });
    }
  });

  it('the ranking prints its districts in rank order with the index as shown, headers whole', () => {
    const first = pages.ranking[0];
    const ordered = [...table.rows].sort((a, b) => (a.indexRank ?? 99) - (b.indexRank ?? 99));
    const at = ordered.map((r) => first.indexOf(r.unitName));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    for (const r of ordered) expect(first).toContain(formatNumberText(r.index!, '0.0'));
    for (const header of ['位次', '区（县）', '科创指数（分）', '数值']) expect(first).toContain(header);
    // 城市排名 fits one page wide; 通报表 one page.
    const bulletinPages = pages.ranking.filter((p) => p.includes('科技创新主要指标'));
    expect(bulletinPages).toHaveLength(1);
  });

  it('the rollup prints on a few pages per sheet, not 156', () => {
    expect(pages.rollup.length).toBeLessThan(100);
    // A district sheet of 8 townships and 2 parks: one page tall, a few pages wide.
    const district = pages.rollup.filter((p) => p.includes(`${districts[0].unit.name}2024年科技指标汇总表`));
    expect(district.length).toBeGreaterThan(0);
    expect(district.length).toBeLessThanOrEqual(6);
  });
});
