/**
 * `sti template` makes templates units can submit: one unit needs --unit and --name (its code
 * goes into the very hidden _meta, which the unit cannot edit), or --register writes one
 * template per unit of the register, each read back as that unit's submission.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoData } from '../../src/core/demo.js';
import { fileNamePart, templateFileName } from '../../src/core/template-batch.js';
import type { Register } from '../../src/core/types.js';
import { registerCsv, writeRegister } from '../../src/io/register.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { sti } from '../robustness/cli-run.js';

let dir: string;
const demoRegister = buildDemoData().register;
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sti-template-'));
  writeFileSync(join(dir, '单位名录.xlsx'), await writeRegister(demoRegister));
});

describe('sti template for one unit', () => {
  it.each([
    [['--name', '城关镇'], '--unit'],
    [['--unit', '990101'], '--name'],
    [['--unit', '  ', '--name', '城关镇'], '--unit'],
  ])('without a unit code and name (%j): exit 2, a Chinese message naming the option, no file', async (unit, option) => {
    const r = await sti(['template', 'township', ...unit, '--out', 'no-unit.xlsx'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^错误：请指定/);
    expect(r.err).toContain(option);
    expect(r.err).toContain('_meta');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'no-unit.xlsx'))).toBe(false);
  });

  it('with --unit/--name/--parent: the template reads back as that unit’s submission', async () => {
    const r = await sti(
      ['template', 'park', '--unit', '990181', '--name', '高新园', '--parent', '990100', '--period', '2024-01..09', '--out', 'park.xlsx'],
      dir,
    );
    expect([r.code, r.err]).toEqual([0, '']);
    const { submission } = readSubmissionFile(new Uint8Array(readFileSync(join(dir, 'park.xlsx'))), 'park.xlsx');
    expect(submission?.unit).toEqual({ code: '990181', name: '高新园', kind: 'park', parentCode: '990100' });
    expect([submission?.year, submission?.period]).toEqual([2024, '2024-01..09']);
  });

  it('--register cannot be mixed with --unit, and needs --out-dir', async () => {
    const mixed = await sti(['template', '--register', '单位名录.xlsx', '--unit', '1', '--out-dir', 'x'], dir);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('--unit');
    const noDir = await sti(['template', '--register', '单位名录.xlsx'], dir);
    expect(noDir.code).toBe(2);
    expect(noDir.err).toContain('--out-dir');
  });
});

describe('sti template --register --out-dir', () => {
  it('writes one template per unit; each reads back with the unit’s kind, code, name and parent', async () => {
    const r = await sti(['template', '--register', '单位名录.xlsx', '--out-dir', '模板', '--year', '2024'], dir);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toContain(`已生成 ${demoRegister.units.length} 个填报模板`);
    expect(r.out).toContain('模板');
    const files = readdirSync(join(dir, '模板')).sort();
    expect(files).toHaveLength(demoRegister.units.length);
    for (const u of demoRegister.units) {
      const name = `${u.code}_${u.name}_2024_填报模板.xlsx`;
      expect(files, name).toContain(name);
      const { submission } = readSubmissionFile(new Uint8Array(readFileSync(join(dir, '模板', name))), name);
      expect(submission?.unit, name).toEqual({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parentCode });
      expect(submission?.period).toBe('2024');
    }
    expect(new Set(demoRegister.units.map((u) => u.kind))).toEqual(new Set(['city', 'district', 'township', 'park']));
  });

  it('never overwrites: existing files refuse the run (they may be returned reports) unless --force', async () => {
    const first = join(dir, '模板', readdirSync(join(dir, '模板'))[0]);
    writeFileSync(first, 'a returned report');
    const before = sha(first);
    const again = await sti(['template', '--register', '单位名录.xlsx', '--out-dir', '模板', '--year', '2024'], dir);
    expect(again.code).toBe(2);
    expect(again.err).toContain('不会覆盖');
    expect(sha(first)).toBe(before);
    const forced = await sti(['template', '--register', '单位名录.xlsx', '--out-dir', '模板', '--year', '2024', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(sha(first)).not.toBe(before);
  });

  it('a template kind keeps only that kind of unit', async () => {
    const r = await sti(['template', 'township', '--register', '单位名录.xlsx', '--out-dir', '乡镇模板', '--period', '2024-01..06'], dir);
    expect(r.code, r.err).toBe(0);
    const towns = demoRegister.units.filter((u) => u.kind === 'township');
    expect(readdirSync(join(dir, '乡镇模板')).sort()).toEqual(towns.map((u) => `${u.code}_${u.name}_2024-01..06_填报模板.xlsx`).sort());
  });

  it('names unsafe for the file system are cleaned; the register itself is never overwritten, even with --force', async () => {
    const register: Register = {
      units: [
        { code: '990100', name: '东湖区', kind: 'district', parentCode: null },
        { code: '990101', name: '城关/新城:一街道*', kind: 'township', parentCode: '990100' },
      ],
    };
    const sub = join(dir, 'same');
    mkdirSync(sub);
    // A register saved under the name its district's template gets.
    const registerName = templateFileName('990100', '东湖区', '2024');
    writeFileSync(join(sub, registerName), registerCsv(register));
    const before = sha(join(sub, registerName));
    const r = await sti(['template', '--register', join('same', registerName), '--out-dir', 'same', '--year', '2024', '--force'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('覆盖名录');
    expect(sha(join(sub, registerName))).toBe(before);
    expect(readdirSync(sub)).toEqual([registerName]);

    writeFileSync(join(dir, 'unsafe.csv'), registerCsv(register));
    const ok = await sti(['template', '--register', 'unsafe.csv', '--out-dir', 'unsafe', '--year', '2024'], dir);
    expect(ok.code, ok.err).toBe(0);
    expect(readdirSync(join(dir, 'unsafe')).sort()).toEqual([
      '990100_东湖区_2024_填报模板.xlsx',
      '990101_城关_新城_一街道__2024_填报模板.xlsx',
    ]);
  });

  it('a register with errors writes nothing (exit 2, its problem named)', async () => {
    writeFileSync(
      join(dir, 'bad.csv'),
      registerCsv({
        units: [
          { code: '990100', name: '东湖区', kind: 'district', parentCode: null },
          { code: '990100', name: '西湖区', kind: 'district', parentCode: null },
        ],
      }),
    );
    const r = await sti(['template', '--register', 'bad.csv', '--out-dir', 'bad'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('名录有错误');
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});

describe('template file names', () => {
  it('keep Chinese, replace what file systems refuse, trim dots and spaces', () => {
    expect(fileNamePart('城关镇')).toBe('城关镇');
    expect(fileNamePart(' a/b\\c:d*e?f"g<h>i|j\u0001 ')).toBe('a_b_c_d_e_f_g_h_i_j_');
    expect(fileNamePart('...隐藏. ')).toBe('隐藏');
    expect(templateFileName('990101', '城关镇', '2024-01..09')).toBe('990101_城关镇_2024-01..09_填报模板.xlsx');
  });
});
