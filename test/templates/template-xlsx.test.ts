import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { BASE_FIELDS, ENTERPRISE_FLAGS } from '../../src/core/catalogue.js';
import { TEMPLATE_KINDS } from '../../src/core/template-schema.js';
import { writeTemplate } from '../../src/io/template.js';
import { readXlsx } from '../../src/io/xlsx/read.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { cellText } from '../../src/core/grid.js';
import { parseA1 } from '../../src/core/sheet-model.js';

const dec = new TextDecoder();
const opts = { unit: { code: '110101001', name: '东华门街道', parentCode: '110101' }, year: 2024, period: '2024', deadline: '2025-01-15' };

function parts(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, dec.decode(v)]));
}

describe('templates are real .xlsx workbooks', () => {
  it('has the OOXML parts, four sheets and a very hidden _meta', async () => {
    const p = parts(await writeTemplate('township', opts));
    for (const name of [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/sharedStrings.xml',
      'docProps/core.xml',
    ]) {
      expect(Object.keys(p)).toContain(name);
    }
    const sheets = [...p['xl/workbook.xml'].matchAll(/<sheet [^>]*?name="([^"]+)"[^>]*?\/>/g)].map((m) => [
      m[1],
      /state="([^"]+)"/.exec(m[0])?.[1] ?? 'visible',
    ]);
    expect(sheets).toEqual([
      ['填报说明', 'visible'],
      ['指标表', 'visible'],
      ['企业名录', 'visible'],
      ['_meta', 'veryHidden'],
    ]);
  });

  it('protects 指标表 without a password, unlocks input cells, validates them, freezes the header, prints on A4', async () => {
    const p = parts(await writeTemplate('township', opts));
    const ind = p['xl/worksheets/sheet2.xml'];
    const prot = /<sheetProtection [^>]*>/.exec(ind)![0];
    expect(prot).toContain('sheet="1"');
    expect(prot).not.toMatch(/hashValue|password/);
    expect(ind).toMatch(/<pane [^>]*ySplit="3"[^>]*state="frozen"/);
    expect(ind).toMatch(/<pageSetup [^>]*paperSize="9"/);
    expect(ind).toMatch(/<pageSetup [^>]*fitToWidth="1"/);
    expect(ind).toMatch(/<pageSetUpPr [^>]*fitToPage="1"/);
    // decimal ≥ 0 for amounts, whole ≥ 0 for counts, on D:F of the field rows
    expect(ind).toMatch(/<dataValidation type="decimal" operator="greaterThanOrEqual"[^>]*sqref="D4:F4"/);
    expect(ind).toMatch(/<dataValidation type="whole" operator="greaterThanOrEqual"[^>]*sqref="D5:F5"/);
    // The input cell D4 uses a style whose protection is unlocked; A4 (the code) a locked one.
    const styleOf = (ref: string) => Number(new RegExp(`<c r="${ref}" s="(\\d+)"`).exec(ind)![1]);
    const xfs = [.../<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(p['xl/styles.xml'])![1].matchAll(/<xf [^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map(
      (m) => m[0],
    );
    expect(xfs[styleOf('D4')]).toMatch(/<protection locked="0"\/>/);
    expect(xfs[styleOf('A4')]).not.toMatch(/locked="0"/);
    const ent = p['xl/worksheets/sheet3.xml'];
    expect(ent).toContain('<sheetProtection');
    expect(ent).toMatch(/<dataValidation type="list"[^>]*sqref="E4:J303">\s*<formula1>(&quot;|")是,否(&quot;|")<\/formula1>/);
    // no two validations overlap (each input cell has exactly one rule)
    const ranges = [...ent.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1]);
    expect(ranges).toEqual(expect.arrayContaining(['A4:A303', 'E4:J303', 'K4:K303', 'N4:N303']));
    const rect = (r: string) => {
      const [a, b = a] = r.split(':').map((x) => parseA1(x)!);
      return { r0: a.row, c0: a.col, r1: b.row, c1: b.col };
    };
    const rs = ranges.map(rect);
    for (let i = 0; i < rs.length; i++)
      for (let j = i + 1; j < rs.length; j++) {
        const [x, y] = [rs[i], rs[j]];
        expect(x.r1 < y.r0 || y.r1 < x.r0 || x.c1 < y.c0 || y.c1 < x.c0, `${ranges[i]} overlaps ${ranges[j]}`).toBe(true);
      }
    expect(ent).toMatch(/<dataValidation type="textLength"[^>]*sqref="A4:A303">\s*<formula1>18<\/formula1>\s*<formula2>18<\/formula2>/);
  });

  it('lists every township field from the catalogue with its label and unit; the district template adds the district-only inputs', async () => {
    const read = async (kind: (typeof TEMPLATE_KINDS)[number]) => {
      const g = readXlsx(await writeTemplate(kind, opts), `${kind}.xlsx`);
      const s = g.sheets.find((x) => x.name === '指标表')!;
      const rows: string[][] = [];
      for (let r = 3; r <= s.maxRow; r++) rows.push([0, 1, 2].map((c) => cellText(s.cell(r, c))));
      return rows;
    };
    const township = await read('township');
    expect(township).toEqual(BASE_FIELDS.filter((f) => f.scope === 'all').map((f) => [f.code, f.nameZh, f.unit]));
    const district = await read('district');
    expect(district).toEqual(BASE_FIELDS.map((f) => [f.code, f.nameZh, f.unit]));
    expect(district.map((r) => r[0])).toEqual(expect.arrayContaining(['GDP', 'EMPLOYED', 'FISCAL_EXP', 'FISCAL_ST_EXP', 'FAI', 'HT_INV']));
    expect(await read('park')).toEqual(township);
    expect(await read('city')).toEqual(district);
  });

  it('企业名录 has the columns of the spec and a few hundred input rows', async () => {
    const g = readXlsx(await writeTemplate('park', opts), 'p.xlsx');
    const s = g.sheets.find((x) => x.name === '企业名录')!;
    const head = Array.from({ length: 14 }, (_, c) => cellText(s.cell(2, c)));
    expect(head).toEqual([
      '统一社会信用代码',
      '企业名称',
      '所属乡镇(街道)',
      '所属园区',
      ...ENTERPRISE_FLAGS.map((f) => f.nameZh),
      '营业收入(万元)',
      '研发费用(万元)',
      'R&D经费(万元)',
      '研发人员全时当量(人年)',
    ]);
    const p = parts(await writeTemplate('park', opts));
    expect(p['xl/worksheets/sheet3.xml']).toMatch(/sqref="A4:A303"/);
  });

  it('_meta carries template id, version, unit, kind, parent, year and period; 填报说明 shows them', async () => {
    const bytes = await writeTemplate('park', {
      ...opts,
      unit: { code: '110101900', name: '中关村东城园', parentCode: '110101' },
      period: '2024-01..09',
    });
    const g = readXlsx(bytes, 'p.xlsx');
    const meta = g.sheets.find((x) => x.name === '_meta')!;
    const kv = Object.fromEntries(
      Array.from({ length: meta.maxRow }, (_, i) => [cellText(meta.cell(i + 1, 0)), cellText(meta.cell(i + 1, 1))]),
    );
    expect(kv).toEqual({
      template_id: 'STI-SUBMISSION',
      template_version: '1.0',
      unit_code: '110101900',
      unit_name: '中关村东城园',
      unit_kind: 'park',
      parent_code: '110101',
      year: '2024',
      period: '2024-01..09',
    });
    const guide = g.sheets.find((x) => x.name === '填报说明')!;
    const all = Array.from({ length: guide.maxRow + 1 }, (_, r) => cellText(guide.cell(r, 1)) + cellText(guide.cell(r, 0))).join('\n');
    for (const t of ['中关村东城园', '110101900', '2024年1-9月', 'STI-SUBMISSION 版本 1.0', '2025-01-15']) expect(all).toContain(t);
  });

  it('a blank template reads as a submission whose only findings are the blanks to fill', async () => {
    const { submission, findings } = readSubmissionFile(await writeTemplate('township', opts), 't.xlsx');
    expect(submission?.unit).toEqual({ code: '110101001', name: '东华门街道', kind: 'township', parentCode: '110101' });
    expect(findings).toEqual([]);
  });

  it('writes identical bytes for the same input (fixed dates, stable zip)', async () => {
    const a = await writeTemplate('district', opts);
    const b = await writeTemplate('district', opts);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(parts(a)['docProps/core.xml']).toContain('2024-01-01T00:00:00Z');
  });
});
