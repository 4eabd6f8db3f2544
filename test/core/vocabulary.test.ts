/**
 * One vocabulary for the words read from files (src/core/vocabulary.ts): the register reader and
 * the template reader accept the same yes/no words and flag marks, and the same unit-kind words.
 * Through the real readers: a register table, and a submission written to .xlsx and read back.
 */
import { describe, expect, it } from 'vitest';
import { parseRegisterTable } from '../../src/core/register.js';
import { buildSubmissionModel, SHEET_META } from '../../src/core/template-schema.js';
import { unitKindFromText, yesNoFromText, YES_WORD, NO_WORD } from '../../src/core/vocabulary.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { writeXlsx } from '../../src/io/xlsx/write.js';
import { baseSubmission, setEnterprise, sheet } from '../fixtures/submissions.js';

const YES = ['是', '✓', '√', '✔', 'Y', 'y', 'yes', '1', 'TRUE', '有', '是的', '计入', 'Ｙ'];
const NO = ['否', '×', '✗', 'N', 'no', '0', 'FALSE', '无', '不是', '不计入', '-', '—', '/'];

/** 计入合计 of a park in a register table. */
function registerMember(word: string): { member: boolean | undefined; invalid: boolean } {
  const rows = [
    ['单位代码', '单位名称', '单位类型', '上级单位代码', '计入合计'],
    ['110000', '示例市', '市', '', ''],
    ['110101', '东城区', '区', '110000', ''],
    ['110101001', '东华门街道', '街道', '110101', ''],
    ['110101900', '科技园', '园区', '110101', word],
  ];
  const { register, findings } = parseRegisterTable(rows, '单位名录.xlsx', '单位名录');
  return {
    member: register.units.find((u) => u.code === '110101900')?.partitionMember,
    invalid: findings.some((f) => f.code === 'REGISTER_INVALID' && f.cell === 'E5'),
  };
}

/** A flag mark in the first 企业名录 row of a real template file, read back by the template reader. */
async function templateFlag(word: string): Promise<{ flag: boolean; invalid: boolean }> {
  const model = buildSubmissionModel(baseSubmission());
  setEnterprise(model, 0, 'flag:HNTE_NEW', word);
  const r = readSubmissionFile(await writeXlsx(model), 'flag.xlsx');
  return {
    flag: r.submission!.enterprises[0].flags.HNTE_NEW,
    invalid: r.findings.some((f) => f.code === 'FLAG_INVALID'),
  };
}

describe('yes/no words and flag marks', () => {
  it('mean the same in the register’s 计入合计 and in a template’s 企业名录 flags', async () => {
    for (const [words, answer] of [
      [YES, true],
      [NO, false],
    ] as const) {
      for (const w of words) {
        expect([w, yesNoFromText(w)]).toEqual([w, answer]);
        const reg = registerMember(w);
        expect([w, reg.invalid, reg.member === true]).toEqual([w, false, answer]);
        const tpl = await templateFlag(w);
        expect([w, tpl.invalid, tpl.flag]).toEqual([w, false, answer]);
      }
    }
  });

  it('a word that is neither is refused by both readers, never read as yes', async () => {
    for (const w of ['待定', '也许', '2']) {
      expect(yesNoFromText(w)).toBeNull();
      expect(registerMember(w)).toEqual({ member: undefined, invalid: true });
      expect(await templateFlag(w)).toEqual({ flag: false, invalid: true });
    }
  });

  it('the words written are the words read', () => {
    expect(yesNoFromText(YES_WORD)).toBe(true);
    expect(yesNoFromText(NO_WORD)).toBe(false);
  });
});

describe('unit-kind words', () => {
  const KINDS: [string, string][] = [
    ['市', 'city'],
    ['地级市', 'city'],
    ['区', 'district'],
    ['县', 'district'],
    ['县级市', 'district'],
    ['区(县)', 'district'],
    ['区（县）', 'district'],
    ['乡镇', 'township'],
    ['街道', 'township'],
    ['镇', 'township'],
    ['乡镇(街道)', 'township'],
    ['园区', 'park'],
    ['开发区', 'park'],
    ['高新区', 'park'],
    [' Township ', 'township'],
  ];

  it('read the same by the register and by a template’s _meta', async () => {
    for (const [word, kind] of KINDS) {
      expect([word, unitKindFromText(word)]).toEqual([word, kind]);
      const { register } = parseRegisterTable(
        [
          ['单位代码', '单位名称', '单位类型', '上级单位代码'],
          ['990001', '某单位', word, ''],
        ],
        'r.csv',
      );
      expect([word, register.units[0]?.kind]).toEqual([word, kind]);
    }
    // The template reader: unit_kind in the very hidden _meta sheet, as a unit's own copy may hold it.
    for (const [word, kind] of KINDS.filter(([, k]) => k === 'township' || k === 'park')) {
      const model = buildSubmissionModel(baseSubmission());
      const meta = sheet(model, SHEET_META);
      const row = meta.rows.find((r) => r?.[0]?.value === 'unit_kind')!;
      row[1] = { ...(row[1] ?? {}), value: word };
      const r = readSubmissionFile(await writeXlsx(model), 'kind.xlsx');
      expect([word, r.submission?.unit.kind]).toEqual([word, kind]);
    }
  });

  it('an unknown kind word is refused with the words expected', () => {
    expect(unitKindFromText('社区')).toBeNull();
    const { register, findings } = parseRegisterTable(
      [
        ['单位代码', '单位名称', '单位类型', '上级单位代码'],
        ['990001', '某单位', '社区', ''],
      ],
      'r.csv',
    );
    expect(register.units).toEqual([]);
    expect(findings.find((f) => f.code === 'REGISTER_INVALID')?.expected).toBe('市/区/县/乡镇/街道/园区');
  });
});
