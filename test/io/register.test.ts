import { describe, expect, it } from 'vitest';
import { buildRegisterTree, indexRegister, memoParks, partitionMembers, validateRegister, children } from '../../src/core/register.js';
import type { Register } from '../../src/core/types.js';
import { parseCsv } from '../../src/core/csv.js';
import { readRegisterFile, registerCsv, writeRegister } from '../../src/io/register.js';

const REG: Register = {
  units: [
    { code: '1101', name: '示例市', kind: 'city', parentCode: null },
    { code: '110101', name: '东城区', kind: 'district', parentCode: '1101' },
    { code: '110101001', name: '东华门街道', kind: 'township', parentCode: '110101' },
    { code: '110101002', name: '景山街道', kind: 'township', parentCode: '110101' },
    { code: '110101900', name: '中关村东城园', kind: 'park', parentCode: '110101' },
    { code: '110101901', name: '东城经济开发区', kind: 'park', parentCode: '110101', partitionMember: true },
    { code: '110102', name: '西城区', kind: 'district', parentCode: '1101' },
  ],
};

describe('unit register', () => {
  it('round-trips through .xlsx and .csv', async () => {
    const x = readRegisterFile(await writeRegister(REG), '名录.xlsx');
    expect(x.findings).toEqual([]);
    expect(x.register).toEqual(REG);
    const c = readRegisterFile(new TextEncoder().encode(registerCsv(REG)), '名录.csv');
    expect(c.findings).toEqual([]);
    expect(c.register).toEqual(REG);
  });

  it('reads GB18030 CSV as Chinese Excel saves it, with quoted fields and 街道/县 kinds', () => {
    // "单位代码,单位名称,单位类型,上级单位代码,计入合计" etc. encoded in GB18030
    const text =
      '单位代码,单位名称,单位类型,上级单位代码,计入合计\r\n1101,示例市,市,,\r\n110111,"某县, 新区",县,1101,\r\n110111001,城关镇,镇,110111,\r\n';
    const gb = gb18030(text);
    const r = readRegisterFile(gb, 'gb.csv');
    expect(r.findings).toEqual([]);
    expect(r.register!.units.map((u) => [u.code, u.name, u.kind])).toEqual([
      ['1101', '示例市', 'city'],
      ['110111', '某县, 新区', 'district'],
      ['110111001', '城关镇', 'township'],
    ]);
    expect(parseCsv('a,"b ""c""",d\n')).toEqual([['a', 'b "c"', 'd']]);
  });

  it('finds partition members, memo parks and children', () => {
    expect(partitionMembers(REG, '110101').map((u) => u.code)).toEqual(['110101001', '110101002', '110101901']);
    expect(memoParks(REG, '110101').map((u) => u.code)).toEqual(['110101900']);
    expect(children(REG, '1101').map((u) => u.code)).toEqual(['110101', '110102']);
    expect(
      indexRegister(REG)
        .ancestors('110101001')
        .map((u) => u.code),
    ).toEqual(['110101', '1101']);
  });

  it('the rollup tree is the same model: townships then 计入合计 parks, memo parks apart; repeats and orphans reported', () => {
    const reg: Register = {
      units: [
        ...REG.units.slice(0, 4),
        { code: '110101901', name: '东城经济开发区', kind: 'park', parentCode: '110101', partitionMember: true },
        { code: '110101003', name: '交道口街道', kind: 'township', parentCode: '110101' },
        { code: '110101900', name: '中关村东城园', kind: 'park', parentCode: '110101' },
        { code: '110101003', name: '交道口街道（重复）', kind: 'township', parentCode: '110102' },
        { code: '110109001', name: '无主镇', kind: 'township', parentCode: '1101' },
        REG.units[6],
      ],
    };
    const tree = buildRegisterTree(reg, '名录.csv');
    expect(tree.city?.code).toBe('1101');
    expect(tree.districts.map((d) => d.unit.code)).toEqual(['110101', '110102']);
    const [d1, d2] = tree.districts;
    expect(d1.partition.map((u) => u.code)).toEqual(['110101001', '110101002', '110101003', '110101901']);
    expect(d1.memo.map((u) => u.code)).toEqual(memoParks(reg, '110101').map((u) => u.code));
    expect(d2.partition).toEqual([]);
    expect(tree.findings.map((f) => [f.code, f.unitCode, f.file])).toEqual([
      ['REGISTER_DUPLICATE_UNIT', '110101003', '名录.csv'],
      ['REGISTER_ORPHAN_UNIT', '110109001', '名录.csv'],
    ]);
    expect(tree.byCode.get('110101003')!.name).toBe('交道口街道');
  });

  it('reports duplicate codes, unknown parents, cycles and impossible nesting', () => {
    const bad: Register = {
      units: [
        { code: 'A', name: '甲区', kind: 'district', parentCode: 'B' },
        { code: 'B', name: '乙区', kind: 'district', parentCode: 'A' },
        { code: 'T1', name: '镇1', kind: 'township', parentCode: 'NOPE' },
        { code: 'T1', name: '镇1重复', kind: 'township', parentCode: 'A' },
        { code: 'T2', name: '镇2', kind: 'township', parentCode: 'T1' },
      ],
    };
    const msgs = validateRegister(bad).map((f) => f.message);
    expect(msgs.some((m) => m.includes('T1') && m.includes('重复'))).toBe(true);
    expect(msgs.some((m) => m.includes('NOPE') && m.includes('不在名录中'))).toBe(true);
    expect(msgs.some((m) => m.includes('成环'))).toBe(true);
    expect(msgs.some((m) => m.includes('T2') && m.includes('不能隶属于'))).toBe(true);
    expect(msgs.filter((m) => m.includes('成环'))).toHaveLength(1);
  });

  it('reports rows it cannot use, by cell', () => {
    const r = readRegisterFile(
      new TextEncoder().encode(
        '单位代码,单位名称,单位类型,上级单位代码,计入合计\n1101,示例市,市,,\nX1,某处,村,1101,\n,无代码,乡镇,1101,\nP1,某园,园区,1101,也许\n',
      ),
      'bad.csv',
    );
    expect(r.findings.map((f) => [f.code, f.cell])).toEqual([
      ['REGISTER_INVALID', 'C3'],
      ['REGISTER_INVALID', 'A4'],
      ['REGISTER_INVALID', 'E5'],
    ]);
    expect(readRegisterFile(new TextEncoder().encode('a,b\n1,2\n'), 'x.csv').findings[0].code).toBe('REGISTER_INVALID');
    expect(readRegisterFile(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'x.xlsx').findings[0].code).toBe('FILE_UNREADABLE');
  });
});

/** Minimal GB18030 encoder for the characters used above (via a reverse table from TextDecoder). */
function gb18030(text: string): Uint8Array {
  const dec = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...table.get(ch)!);
  }
  return new Uint8Array(out);
}
