/**
 * `sti report` as a command: help, usage errors (exit 2, one Chinese line), Markdown on stdout,
 * the .docx written, sources never overwritten.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

async function sti(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, cwd };
  const code = await main(args, io);
  return { code, out, err };
}

describe('sti report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sti-report-cli-'));
  const rollup = '汇总_示例市_2024.xlsx';
  const previous = '排名_示例市_2023_上年示例.xlsx';

  beforeAll(async () => {
    expect((await sti(['demo', '--out', dir], dir)).code).toBe(0);
  }, 120_000);

  it('is listed in sti --help and has its own help in Chinese and English', async () => {
    expect((await sti(['--help'], dir)).out).toMatch(/report\s+按科技局通报的行文生成 Word 通报/);
    const help = await sti(['report', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.out).toContain('用法 Usage: sti report');
    expect(help.out).toContain('Writes the bulletin');
    expect(help.out).toContain('--previous FILE');
    expect(help.out).toContain('--markdown');
  });

  it('refuses bad usage with one Chinese line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [[], /请给出汇总工作簿、排名工作簿或报表目录/],
      [[rollup], /请用 --out 指定输出的通报/],
      [[rollup, '--out', '通报.txt'], /--out 应为 \.docx 文件/],
      [[rollup, '--out', 'a.docx', '--date', '2025-02-30'], /日期“2025-02-30”格式不对/],
      [[rollup, '--out', 'a.docx', '--period', '24年'], /报告期“24年”格式不对/],
      [[rollup, '报表', '--out', 'a.docx'], /请只给出汇总工作簿或报表（目录）之一/],
      [['没有这个文件.xlsx', '--out', 'a.docx'], /找不到文件或目录/],
      [[rollup, '--previous', rollup, '--out', 'a.docx'], /不是 sti rank 生成的排名工作簿/],
      [[rollup, '--out', 'a.docx', '--bogus'], /未知选项 --bogus/],
    ];
    for (const [args, message] of cases) {
      const r = await sti(['report', ...args], dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n').length, r.err).toBeLessThanOrEqual(40);
      expect(r.err).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(existsSync(join(dir, 'a.docx'))).toBe(false);
  });

  it('never writes over a source', async () => {
    expect((await sti(['report', rollup, '--out', '旧通报.docx'], dir)).code).toBe(1);
    const before = readFileSync(join(dir, '旧通报.docx'));
    const r = await sti(['report', '旧通报.docx', '--out', '旧通报.docx'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/写入会覆盖源文件/);
    expect(readFileSync(join(dir, '旧通报.docx')).equals(before)).toBe(true);
  });

  it('prints Markdown on stdout and writes the .docx, saying where, and exits 1 when figures rest on incomplete totals', async () => {
    const r = await sti(['report', rollup, '--previous', previous, '--date', '2025-03-01', '--markdown', '--out', 'out/通报.docx'], dir);
    expect(r.code).toBe(1);
    expect(r.out.startsWith('# 示例市2024年科技创新主要指标完成情况通报\n')).toBe(true);
    expect(r.out).toContain('示例市科学技术局　2025年3月1日');
    expect(r.out).toContain('| 位次 | 区（县） | 科创指数（分） | 上年位次 | 位次变化 |');
    expect(r.err).toContain(`通报：${join(dir, 'out', '通报.docx')}`);
    const files = unzipSync(new Uint8Array(readFileSync(join(dir, 'out', '通报.docx'))));
    expect(Object.keys(files)).toContain('word/document.xml');

    const plain = await sti(['report', rollup, '--out', 'plain.docx', '--title', '甲市', '--issuer', '甲市科技局'], dir);
    expect(plain.out.split('\n')[0]).toBe('甲市2024年科技创新主要指标完成情况通报');
    expect(plain.out).toContain('注意：通报中有依据不完整合计的数据');
  });
});
