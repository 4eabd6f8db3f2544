/** The whole pane renders (server-side, no DOM) in both languages with fake services: nothing calls the workbook on first paint. */
import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { App } from '../../src/taskpane/components/App.js';
import type { PaneServices } from '../../src/taskpane/services.js';

function fakeServices(calls: string[]): PaneServices {
  const fail = (what: string) => () => {
    calls.push(what);
    return Promise.reject(new Error(what));
  };
  return {
    port: {
      listSheets: fail('listSheets'),
      writeSheets: fail('writeSheets'),
      readSheet: fail('readSheet'),
      readSheets: fail('readSheets'),
    },
    engine: fail('engine'),
    saveFile: () => calls.push('saveFile'),
  };
}

describe('pane first paint', () => {
  it('shows the five steps in Chinese by default and touches nothing', () => {
    const calls: string[] = [];
    const html = renderToString(<App services={fakeServices(calls)} initialLanguage="zh-CN" />).replace(/<!-- -->/g, '');
    for (const text of ['科技指标汇总助手', '1. 模板', '2. 导入', '3. 汇总', '4. 排名', '设置', '插入到当前工作簿', '下载 .xlsx'])
      expect(html).toContain(text);
    expect(calls).toEqual([]);
  });

  it('shows English when Office’s display language is English', () => {
    const html = renderToString(<App services={fakeServices([])} initialLanguage="en-US" />).replace(/<!-- -->/g, '');
    for (const text of ['STI Rollup', '1. Template', '2. Import', '3. Roll up', '4. Rank', 'Insert into this workbook'])
      expect(html).toContain(text);
    expect(html).not.toContain('插入到当前工作簿');
  });
});
