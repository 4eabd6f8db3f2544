import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSubmission, writeTemplate } from '../../src/io/template.js';
import { baseSubmission } from '../fixtures/submissions.js';

/** Debian's python3-openpyxl (DEVELOPERS.md: it installs for /usr/bin/python3): a second, strict reader. */
function openpyxlAvailable(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import openpyxl'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const SCRIPT = `
import json, sys, warnings
warnings.simplefilter('error')
import openpyxl
out = []
for f in sys.argv[1:]:
    wb = openpyxl.load_workbook(f)
    for ws in wb.worksheets:
        out.append({'file': f.split('/')[-1], 'sheet': ws.title, 'state': ws.sheet_state, 'protected': bool(ws.protection.sheet),
                    'freeze': ws.freeze_panes, 'validations': len(ws.data_validations.dataValidation), 'paper': str(ws.page_setup.paperSize),
                    'D4': ws['D4'].value, 'D4_locked': ws['D4'].protection.locked, 'A4_locked': ws['A4'].protection.locked})
print(json.dumps(out, ensure_ascii=False))
`;

describe.runIf(openpyxlAvailable())('openpyxl reads the generated workbooks without a warning', () => {
  it('template and filled submission: sheets, states, protection, validations, freeze panes, values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sti-pyxl-'));
    try {
      writeFileSync(join(dir, 'tpl.xlsx'), await writeTemplate('district', { unit: { code: '110101', name: '东城区' }, year: 2024 }));
      writeFileSync(join(dir, 'sub.xlsx'), await writeSubmission(baseSubmission()));
      const out = JSON.parse(
        execFileSync('/usr/bin/python3', ['-c', SCRIPT, join(dir, 'tpl.xlsx'), join(dir, 'sub.xlsx')], { encoding: 'utf8' }),
      );
      const ind = out.find((x: { file: string; sheet: string }) => x.file === 'sub.xlsx' && x.sheet === '指标表');
      expect(ind).toMatchObject({
        state: 'visible',
        protected: true,
        freeze: 'A4',
        paper: '9',
        D4: 1200,
        D4_locked: false,
        A4_locked: true,
      });
      expect(ind.validations).toBeGreaterThan(10);
      expect(out.filter((x: { sheet: string }) => x.sheet === '_meta').map((x: { state: string }) => x.state)).toEqual([
        'veryHidden',
        'veryHidden',
      ]);
      expect(out.find((x: { file: string; sheet: string }) => x.file === 'tpl.xlsx' && x.sheet === '企业名录')).toMatchObject({
        freeze: 'C4',
        protected: true,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
