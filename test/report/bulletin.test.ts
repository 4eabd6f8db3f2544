/**
 * The 通报 model (core/bulletin.ts): numbers rounded the Excel way at the catalogue's decimals
 * (万元 from 1亿 on as 亿元), 时序进度 for periods within the year, incomplete totals said where
 * the figure is, districts in rank order with their strongest and weakest indicators, sentences
 * only from the templates; and the .docx: A4, repeated table headers, a landscape 附表, page numbers.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildBulletin, bulletinNumber, fixedDecimals, type BulletinFigures, type BulletinInput } from '../../src/core/bulletin.js';
import { BULLETIN_ZH, fillTemplate } from '../../src/core/bulletin-templates.js';
import { bulletinMarkdown, bulletinText } from '../../src/core/bulletin-text.js';
import { rankChildren } from '../../src/core/ranking.js';
import { writeBulletinDocx } from '../../src/io/bulletin-docx.js';

const INDICATORS = ['RD_INTENSITY', 'TECH_CONTRACT_COMPLETION', 'HT_OUTPUT_SHARE', 'DZ_NO_RD_GE_1E8'];
const units = [
  {
    unitCode: '01',
    unitName: '东湖区',
    values: { RD_INTENSITY: 1.955, TECH_CONTRACT_COMPLETION: 112.4749, HT_OUTPUT_SHARE: 30, DZ_NO_RD_GE_1E8: 9 },
  },
  {
    unitCode: '02',
    unitName: '西岭区',
    values: { RD_INTENSITY: 2.5, TECH_CONTRACT_COMPLETION: 70, HT_OUTPUT_SHARE: 41.2, DZ_NO_RD_GE_1E8: 3 },
  },
  {
    unitCode: '03',
    unitName: '南港区',
    values: { RD_INTENSITY: 1.2, TECH_CONTRACT_COMPLETION: 90, HT_OUTPUT_SHARE: 35, DZ_NO_RD_GE_1E8: 12 },
  },
  {
    unitCode: '04',
    unitName: '北塘区',
    values: { RD_INTENSITY: 1.5, TECH_CONTRACT_COMPLETION: 80, HT_OUTPUT_SHARE: 20, DZ_NO_RD_GE_1E8: 6 },
  },
];
const previousRows = units.map((u, i) => ({
  unitCode: u.unitCode,
  values: { RD_INTENSITY: [2.6, 2.0, 1.0, 1.5][i], HT_OUTPUT_SHARE: [30, 40, 35, 20][i], DZ_NO_RD_GE_1E8: [9, 3, 12, 6][i] },
}));

function input(overrides: Partial<BulletinInput> = {}): BulletinInput {
  const ranking = rankChildren(
    units.map((u) => ({
      ...u,
      incomplete: (u.unitCode === '03' ? { RD_INTENSITY: '双溪街道：R&D经费本期数有错误未纳入（指标表!D5）' } : {}) as Record<
        string,
        string
      >,
    })),
    {
      indicators: INDICATORS,
      index: { method: 'minmax' },
      previous: { units: units.map((u, i) => ({ unitCode: u.unitCode, index: [40, 80, 20, 60][i], rank: null })) },
    },
  );
  const districts: BulletinFigures[] = units.map((u, i) => ({
    unitCode: u.unitCode,
    unitName: u.unitName,
    values: {
      RD_EXP: [52272.9, 9000, 30000, 18000][i],
      RD_GROWTH: [11.3, -2.04, 5, 0.04][i],
      RD_COMPLETION: [99.85, 70, 80, 90][i],
      TECH_CONTRACT_AMT: [98100, 5000, 20000, 12000][i],
      TECH_CONTRACT_GROWTH: 4.9,
      TECH_CONTRACT_COMPLETION: u.values.TECH_CONTRACT_COMPLETION,
    },
    incomplete:
      i === 0
        ? { TECH_CONTRACT_AMT: '金桥镇：未报送', TECH_CONTRACT_GROWTH: '金桥镇：未报送', TECH_CONTRACT_COMPLETION: '金桥镇：未报送' }
        : ({} as Record<string, string>),
  }));
  const city: BulletinFigures = {
    unitCode: '00',
    unitName: '示例市',
    values: {
      RD_EXP: 109272.9,
      RD_GROWTH: 7.25,
      RD_INTENSITY: 2.2549,
      RD_INTENSITY_PP: -0.004,
      HNTE_COUNT: 120,
      TECH_CONTRACT_AMT: 135100,
    },
    incomplete: { HNTE_COUNT: '金桥镇：未报送' },
  };
  return { parentName: '示例市', period: '2024', date: '2025年3月1日', ranking, previousRows, city, districts, ...overrides };
}

const paragraphs = (b: ReturnType<typeof buildBulletin>) =>
  b.blocks.filter((x) => x.kind === 'paragraph').map((x) => (x.kind === 'paragraph' ? x.runs.map((r) => r.text).join('') : ''));

describe('numbers as a bulletin prints them', () => {
  it('rounds the Excel way with exactly the decimals asked, never a negative zero', () => {
    expect(fixedDecimals(2.675, 2)).toBe('2.68');
    expect(fixedDecimals(1.005, 2)).toBe('1.01');
    expect(fixedDecimals(3.1, 2)).toBe('3.10');
    expect(fixedDecimals(-2.675, 2)).toBe('-2.68');
    expect(fixedDecimals(-0.004, 2)).toBe('0.00');
    expect(fixedDecimals(119.5, 0)).toBe('120');
    expect(fixedDecimals(5e-7, 8)).toBe('0.00000050');
    expect(fixedDecimals(1.5e21, 1)).toBe('1500000000000000000000.0');
  });

  it('says 万元 from 1亿 on in 亿元 with 2 decimals, other units at the catalogue decimals', () => {
    expect(bulletinNumber('TECH_CONTRACT_AMT', 98100)).toEqual({ value: '9.81', unit: '亿元' });
    expect(bulletinNumber('RD_EXP', 9999.99)).toEqual({ value: '9999.99', unit: '万元' });
    expect(bulletinNumber('RD_EXP', 9999.996)).toEqual({ value: '1.00', unit: '亿元' });
    expect(bulletinNumber('RD_EXP', 215302.4)).toEqual({ value: '21.53', unit: '亿元' });
    expect(bulletinNumber('HNTE_COUNT', 120)).toEqual({ value: '120', unit: '家' });
    expect(bulletinNumber('RD_INTENSITY', 2.675)).toEqual({ value: '2.68', unit: '%' });
    expect(bulletinNumber('RD_PER_10K_EMP', 56.05)).toEqual({ value: '56.1', unit: '人年/万人' });
  });
});

describe('the bulletin', () => {
  const b = buildBulletin(input());
  const text = bulletinText(b);

  it('has the title, the date, the sections, the ranking table, the notes and the 附表', () => {
    expect(b.title).toBe('示例市2024年科技创新主要指标完成情况通报');
    expect(b.fileName).toBe('通报_示例市_2024.docx');
    expect(b.blocks.map((x) => x.kind)).toContain('table');
    const headings = b.blocks.filter((x) => x.kind === 'heading').map((x) => (x.kind === 'heading' ? x.text : ''));
    expect(headings).toEqual(['一、全市总体情况', '二、各区（县）科创指数排名', '三、各区（县）情况', '四、说明']);
    expect(text).toContain('示例市科学技术局　2025年3月1日');
    expect(text).toMatch(/表1\u3000示例市2024年各区（县）科创指数排名\n位次\t区（县）\t科创指数（分）\t上年位次\t位次变化\n1\t/);
    expect(text).toContain('附表　示例市2024年各区（县）主要指标数值及位次');
    expect(text).not.toMatch(/undefined|NaN|\{|\}/);
  });

  it('summarises the city: totals in 亿元, growth, pp change (a change that rounds to 0 is 持平), incomplete totals said', () => {
    const city = paragraphs(b)[0];
    expect(city).toBe(
      '2024年，全市R&D经费内部支出10.93亿元，同比增长7.3%；研发经费投入强度2.25%，与上年持平；有效高新技术企业数120家（该数据不完整，不含金桥镇（未报送））；技术合同成交额13.51亿元。',
    );
    const rows = [...input().ranking.rows].sort((x, y) => x.indexRank! - y.indexRank!);
    const moved = (up: boolean) =>
      rows
        .filter((r) => (up ? r.rankChange! > 0 : r.rankChange! < 0))
        .sort((x, y) => (up ? y.rankChange! - x.rankChange! : x.rankChange! - y.rankChange!))
        .map((r) => `${r.unitName}（${r.rankChangeText}）`)
        .join('、');
    expect(moved(true)).not.toBe('');
    expect(moved(false)).not.toBe('');
    expect(paragraphs(b)[1]).toBe(
      `从科创指数看，${rows
        .slice(0, 3)
        .map((r) => r.unitName)
        .join('、')}居全市前三位；与上年相比，位次上升的有${moved(true)}，位次下降的有${moved(false)}。`,
    );
  });

  it('writes one paragraph per district in rank order: index, rank change, strongest and weakest by rank, totals', () => {
    const table = input().ranking;
    const order = [...table.rows].sort((a, b) => a.indexRank! - b.indexRank!).map((r) => r.unitName);
    const districts = b.blocks.filter((x) => x.kind === 'paragraph' && x.runs[0].bold).map((x) => (x.kind === 'paragraph' ? x.runs : []));
    expect(districts.map((runs) => runs[0].text)).toEqual(order.map((n) => `${n}：`));
    const east = districts
      .find((runs) => runs[0].text === '东湖区：')!
      .map((r) => r.text)
      .join('');
    const row = table.rows.find((r) => r.unitName === '东湖区')!;
    expect(east).toContain(`科创指数${fixedDecimals(row.index!, 1)}分，居全市第${row.indexRank}位，较上年上升1位。`);
    // Top half (1st, 2nd of 4) and bottom half (3rd of 4; 营业收入1亿元以上无研发活动规上工业企业数 is lower-is-better:
    // 9 firms is 3rd); the ranked completion rate rests on the district's incomplete total and says so; 较上年 on
    // last year's values (研发经费投入强度 2.6 was 1st last year, 1.955 is 2nd now).
    expect(east).toContain(
      '优势指标：技术合同成交额完成率112.47%（该数据不完整，不含金桥镇（未报送）），居全市第1位；研发经费投入强度1.96%，居全市第2位，较上年下降1位。',
    );
    expect(east).toContain(
      '短板指标：高新技术产业产值占规上工业总产值比重30.00%，居全市第3位，与上年持平；营业收入1亿元以上无研发活动规上工业企业数9家，居全市第3位，与上年持平。',
    );
    // Its own totals, 亿元 where large; growth and completion lacking the same as the figure: said once, after the group.
    expect(east).toContain(
      '主要指标：R&D经费内部支出5.23亿元，同比增长11.3%，完成全年目标的99.85%；技术合同成交额9.81亿元，同比增长4.9%，完成全年目标的112.47%（以上数据同样不完整）。',
    );
    const west = districts
      .find((runs) => runs[0].text === '西岭区：')!
      .map((r) => r.text)
      .join('');
    expect(west).toContain('R&D经费内部支出9000.00万元，同比下降2.0%');
  });

  it('says a ranked value resting on an incomplete total where it is, and lists every incomplete total in the notes', () => {
    const south = paragraphs(b).find((p) => p.startsWith('南港区'))!;
    expect(south).toContain('研发经费投入强度1.20%（该数据不完整，不含双溪街道（R&D经费本期数有错误未纳入（指标表!D5）））');
    expect(south).toContain('科创指数');
    const notes = b.blocks.filter((x) => x.kind === 'note').map((x) => (x.kind === 'note' ? x.text : ''));
    expect(notes.find((n) => n.includes('合计不完整的数据'))).toContain(
      '南港区的研发经费投入强度不含双溪街道（R&D经费本期数有错误未纳入（指标表!D5））',
    );
    expect(notes.map((n) => n.slice(0, 2))).toEqual(notes.map((_, i) => `${i + 1}．`));
    expect(b.incomplete).toBe(true);
    expect(text).toContain('1.20※（');
  });

  it('says completion against 时序进度 for a period within the year', () => {
    const q = buildBulletin(input({ period: '2024-01..09' }));
    const east = paragraphs(q).find((p) => p.startsWith('东湖区'))!;
    expect(east).toContain('技术合同成交额9.81亿元，同比增长4.9%，完成全年目标的112.47%，超时序进度37.47个百分点');
    const west = paragraphs(q).find((p) => p.startsWith('西岭区'))!;
    expect(west).toContain('完成全年目标的70.00%，落后时序进度5.00个百分点');
    expect(bulletinText(q)).toContain('时序进度：2024年1-9月为全年的9/12，即75%');
    expect(text).not.toContain('时序进度');
  });

  it('without the rollup says ranks only, and says so', () => {
    const r = buildBulletin(input({ city: null, districts: null, parentName: null, date: null }));
    const t = bulletinText(r);
    expect(r.title).toBe('2024年全市科技创新主要指标完成情况通报');
    expect(t).toContain('2024年，全市4个区（县）参与排名。');
    expect(t).toContain(BULLETIN_ZH.noteNoRollup);
    expect(t).not.toContain('完成全年目标');
    expect(t).not.toContain('科学技术局');
  });

  it('without an index: no index table, districts in table order, still every indicator; without a period: no stray comma', () => {
    const ranking = rankChildren(units, { indicators: INDICATORS, index: false });
    const r = buildBulletin(input({ ranking, period: null, previousRows: null }));
    const t = bulletinText(r);
    expect(t).toContain('二、各区（县）主要指标排名');
    expect(t).not.toContain('表1');
    expect(t).not.toContain('科创指数');
    const leads = r.blocks
      .filter((x) => x.kind === 'paragraph' && x.runs[0].bold)
      .map((x) => (x.kind === 'paragraph' ? x.runs[0].text : ''));
    expect(leads).toEqual(units.map((u) => `${u.unitName}：`));
    expect(paragraphs(r)[0].startsWith('全市R&D经费内部支出')).toBe(true);
    expect(t).toContain('附表　示例市各区（县）主要指标数值及位次');
    expect(t).not.toMatch(/undefined|NaN|\{|\}/);
  });

  it('renders Markdown with the title, headings, bold leads and pipe tables', () => {
    const md = bulletinMarkdown(b);
    expect(md.startsWith('# 示例市2024年科技创新主要指标完成情况通报\n')).toBe(true);
    expect(md).toContain('## 三、各区（县）情况');
    expect(md).toContain('**西岭区：**');
    expect(md).toContain('| 位次 | 区（县） | 科创指数（分） | 上年位次 | 位次变化 |');
    expect(md).toContain('R&D经费内部支出');
  });
});

describe('sentences come from the templates', () => {
  it('bulletin.ts has no Chinese text outside comments, and uses every template', () => {
    const source = readFileSync(new URL('../../src/core/bulletin.ts', import.meta.url), 'utf8');
    const code = source
      .split('\n')
      .filter((l) => !/^\s*(\/\/|\*|\/\*\*)/.test(l))
      .map((l) => l.replace(/\/\/.*$/, ''))
      .join('\n');
    expect(code.match(/[\u4e00-\u9fff]+/g)).toBeNull();
    const unused = Object.keys(BULLETIN_ZH).filter((k) => !source.includes(`T.${k}`));
    expect(unused).toEqual([]);
  });

  it('a template used without a parameter is an error, not a blank', () => {
    expect(() => fillTemplate(BULLETIN_ZH.completion, {})).toThrow(/value/);
    expect(fillTemplate(BULLETIN_ZH.completion, { value: '112.47' })).toBe('完成全年目标的112.47%');
  });
});

describe('the .docx', () => {
  it('is A4 with the text portrait and the 附表 landscape, header rows repeated, rows unsplit, page numbers', async () => {
    const bytes = await writeBulletinDocx(buildBulletin(input()));
    const files = unzipSync(bytes);
    const doc = strFromU8(files['word/document.xml']);
    expect(doc).toContain('示例市2024年科技创新主要指标');
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/);
    expect(doc.match(/<w:tblHeader\/>/g)?.length).toBe(2);
    expect(doc).toContain('<w:cantSplit/>');
    const footers = Object.keys(files).filter((f) => /^word\/footer\d*\.xml$/.test(f));
    expect(footers.length).toBeGreaterThan(0);
    expect(footers.some((f) => strFromU8(files[f]).includes('PAGE'))).toBe(true);
    expect(strFromU8(files['word/styles.xml'])).toContain('w:eastAsia="zh-CN"');
  });
});
