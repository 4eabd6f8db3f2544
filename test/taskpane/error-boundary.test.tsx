import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { ErrorBoundary } from '../../src/taskpane/components/ErrorBoundary.js';
import { translator } from '../../src/taskpane/i18n/index.js';

describe('error boundary', () => {
  it('turns a render error into a readable Chinese message with a way back, never an empty pane', () => {
    const t = translator('zh-CN');
    const boundary = new ErrorBoundary({ t, children: null });
    boundary.state = ErrorBoundary.getDerivedStateFromError(new Error('Cannot read properties of undefined'));
    const html = renderToString(<>{boundary.render()}</>);
    expect(html).toContain('出错了');
    expect(html).toContain('界面出现问题，已停止当前操作。你的工作簿没有被修改。');
    expect(html).toContain('Cannot read properties of undefined');
    expect(html).toContain('重新加载界面');
  });

  it('renders its children while nothing is wrong', () => {
    const boundary = new ErrorBoundary({ t: translator('zh-CN'), children: <p>正常</p> });
    expect(renderToString(<>{boundary.render()}</>)).toBe('<p>正常</p>');
  });
});
