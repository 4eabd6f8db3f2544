/**
 * Writing the 示例市 demo files: the register, one filled submission per unit (labelled
 * 示例数据 in 填报说明), ready for validation, rollup and ranking like real files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_LABEL, type DemoData } from '../core/demo.js';
import { buildSubmissionModel } from '../core/template-schema.js';
import { writeRegister } from './register.js';
import { writeXlsx } from './xlsx/write.js';

export interface DemoFiles {
  register: string;
  submissions: string[];
}

/** Write the register and every submission under dir (submissions in dir/报表). */
export async function writeDemoFiles(data: DemoData, dir: string, onProgress?: (done: number, total: number) => void): Promise<DemoFiles> {
  const subDir = join(dir, '报表');
  mkdirSync(subDir, { recursive: true });
  const register = join(dir, '单位名录.xlsx');
  writeFileSync(register, await writeRegister(data.register));
  const submissions: string[] = [];
  let done = 0;
  for (const sub of data.submissions) {
    const model = buildSubmissionModel(sub);
    const guide = model.sheets[0];
    guide.rows.push(
      [],
      [
        {
          value: `【${DEMO_LABEL}】本文件中的数字为程序生成的合成示例数据，不代表任何真实地区或企业。`,
          style: { bold: true, color: 'C00000' },
        },
      ],
    );
    const path = join(subDir, sub.file);
    writeFileSync(path, await writeXlsx(model));
    submissions.push(path);
    onProgress?.(++done, data.submissions.length);
  }
  return { register, submissions };
}
