import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libreofficeRequired, sofficePath } from '../helpers/env.js';
import { writeTemplate, writeSubmission } from '../../src/io/template.js';
import { baseSubmission } from '../fixtures/submissions.js';

const soffice = sofficePath();
const run = soffice || libreofficeRequired ? describe : describe.skip;

run('templates open in LibreOffice', () => {
  it('a district template and a filled township submission convert sheet by sheet without error', async () => {
    if (!soffice) throw new Error('LibreOffice (soffice) is required here but not installed');
    const dir = mkdtempSync(join(tmpdir(), 'sti-lo-'));
    try {
      writeFileSync(
        join(dir, 'district.xlsx'),
        await writeTemplate('district', { unit: { code: '110101', name: '东城区', parentCode: '1101' }, year: 2024 }),
      );
      writeFileSync(join(dir, 'town.xlsx'), await writeSubmission(baseSubmission()));
      execFileSync(
        soffice,
        [
          '--headless',
          `-env:UserInstallation=file://${join(dir, 'profile')}`,
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
          '--outdir',
          join(dir, 'out'),
          join(dir, 'district.xlsx'),
          join(dir, 'town.xlsx'),
        ],
        { timeout: 120_000, stdio: 'pipe' },
      );
      const out = readdirSync(join(dir, 'out')).sort();
      expect(out).toEqual(expect.arrayContaining(['district-指标表.csv', 'district-企业名录.csv', 'town-指标表.csv', 'town-企业名录.csv']));
      const district = readFileSync(join(dir, 'out', 'district-指标表.csv'), 'utf8');
      expect(district).toContain('指标代码,指标名称,计量单位,本期数,上年同期数,全年目标,备注/说明');
      expect(district).toContain('GDP,地区生产总值,万元');
      const town = readFileSync(join(dir, 'out', 'town-指标表.csv'), 'utf8');
      expect(town).toMatch(/RD_EXP,R&D经费内部支出,万元,"?1,?200(\.00)?"?,"?1,?000(\.00)?"?/);
      const ents = readFileSync(join(dir, 'out', 'town-企业名录.csv'), 'utf8');
      expect(ents).toContain(baseSubmission().enterprises[0].uscc);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
