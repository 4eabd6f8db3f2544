/**
 * Templates in the task pane: one unit needs its code and name (the buttons wait for them,
 * with a Chinese hint), and a register gives one .zip holding one readable template per unit.
 */
import { unzipSync } from 'fflate';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { buildDemoData } from '../../src/core/demo.js';
import type { Register } from '../../src/core/types.js';
import { registerCsv, writeRegister } from '../../src/io/register.js';
import { readSubmissionFile } from '../../src/io/submission.js';
import { App } from '../../src/taskpane/components/App.js';
import { createEngine } from '../../src/taskpane/engine-impl.js';
import type { PaneServices } from '../../src/taskpane/services.js';

const demoRegister = buildDemoData().register;

describe('engine.registerTemplatesZip', () => {
  it('zips one template per unit of an .xlsx register; each reads back as that unit (kind, code, name, parent)', async () => {
    const engine = createEngine();
    const zip = await engine.registerTemplatesZip(
      { name: '单位名录.xlsx', bytes: await writeRegister(demoRegister) },
      { year: 2024, period: '2024-01..09' },
    );
    expect(zip.count).toBe(demoRegister.units.length);
    expect(zip.fileName).toMatch(/\.zip$/);
    const entries = unzipSync(zip.bytes);
    expect(Object.keys(entries).sort()).toEqual(demoRegister.units.map((u) => `${u.code}_${u.name}_2024-01..09_填报模板.xlsx`).sort());
    for (const u of demoRegister.units) {
      const name = `${u.code}_${u.name}_2024-01..09_填报模板.xlsx`;
      const { submission } = readSubmissionFile(entries[name], name);
      expect(submission?.unit, name).toEqual({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parentCode });
      expect(submission?.period).toBe('2024-01..09');
    }
  });

  it('reads a .csv register too, and refuses a register with errors in Chinese', async () => {
    const engine = createEngine();
    const small: Register = {
      units: [
        { code: '990100', name: '东湖区', kind: 'district', parentCode: null },
        { code: '990101', name: '城关街道', kind: 'township', parentCode: '990100' },
      ],
    };
    const csv = new TextEncoder().encode(registerCsv(small));
    const zip = await engine.registerTemplatesZip({ name: '名录.csv', bytes: csv }, { year: 2024, period: '2024' });
    expect(Object.keys(unzipSync(zip.bytes)).sort()).toEqual(['990100_东湖区_2024_填报模板.xlsx', '990101_城关街道_2024_填报模板.xlsx']);
    const duplicate = new TextEncoder().encode(registerCsv({ units: [small.units[0], { ...small.units[0], name: '西湖区' }] }));
    await expect(engine.registerTemplatesZip({ name: '坏名录.csv', bytes: duplicate }, { year: 2024, period: '2024' })).rejects.toThrow(
      /名录“坏名录.csv”有错误/,
    );
  });

  it('a single template is named after its unit code and name', async () => {
    const file = await createEngine().templateFile({
      kind: 'township',
      unitCode: '990101',
      unitName: '城关街道',
      year: 2024,
      period: '2024',
    });
    expect(file.fileName).toBe('990101_城关街道_2024_填报模板.xlsx');
  });
});

describe('the template step before a unit is given', () => {
  const services: PaneServices = {
    port: {
      listSheets: () => Promise.reject(new Error('listSheets')),
      writeSheets: () => Promise.reject(new Error('writeSheets')),
      readSheet: () => Promise.reject(new Error('readSheet')),
      readSheets: () => Promise.reject(new Error('readSheets')),
    },
    engine: () => Promise.reject(new Error('engine')),
    saveFile: () => undefined,
  };
  const html = renderToString(<App services={services} initialLanguage="zh-CN" />).replace(/<!-- -->/g, '');
  const button = (testId: string) => new RegExp(`<button[^>]*data-testid="${testId}"[^>]*>`).exec(html)?.[0] ?? '';

  it('insert and download are disabled, with a Chinese hint saying why', () => {
    expect(button('template-insert')).toMatch(/\sdisabled=""/);
    expect(button('template-download')).toMatch(/\sdisabled=""/);
    expect(html).toContain('请填写单位代码和单位名称');
  });

  it('offers all templates from the unit register (enabled: it needs no unit)', () => {
    expect(button('template-register')).not.toBe('');
    expect(button('template-register')).not.toMatch(/\sdisabled=""/);
    expect(html).toContain('从单位名录生成全部模板');
  });
});
